"""Small helpers shared by the benchmarks: timing statistics and a uniform report line."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    """Milliseconds of each of ``runs`` calls, after ``warmup`` unmeasured calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, ours: list[float], baseline: list[float] | None, target_ms: float | None,
           baseline_name: str = "baseline", p95_target_ms: float | None = None) -> bool:
    """Print median/p95 beside the same-run baseline; return True when the target holds."""
    median = statistics.median(ours)
    line = f"{name}: median {median:.2f} ms, p95 {p95(ours):.2f} ms"
    if baseline:
        base = statistics.median(baseline)
        line += f" | {baseline_name} median {base:.2f} ms, ratio {median / base:.2f}x"
    ok = True
    if target_ms is not None:
        ok = median <= target_ms
        line += f" | target median <= {target_ms} ms"
    if p95_target_ms is not None:
        ok = ok and p95(ours) <= p95_target_ms
        line += f", p95 <= {p95_target_ms} ms"
    if target_ms is not None or p95_target_ms is not None:
        line += " PASS" if ok else " FAIL"
    print(line, flush=True)
    return ok
