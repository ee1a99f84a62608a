"""Sampling profiles of a benchmark's processes with py-spy (``.venv/bin/pip install py-spy``).

``Sampler(pid, out)`` attaches py-spy to a running process (the benchmark itself or the server it
started) and records collapsed stacks until ``stop()``; ``top(path)`` prints the functions with the
most samples, by self time (the leaf frame) and by total time (anywhere on the stack). Idle threads
are not sampled, so the figures are CPU-ish time of the Python threads, GIL waits included.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path


def py_spy() -> str | None:
    here = Path(sys.executable).with_name("py-spy")
    return str(here) if here.exists() else shutil.which("py-spy")


class Sampler:
    def __init__(self, pid: int, out: Path, rate: int = 250) -> None:
        exe = py_spy()
        if exe is None:
            raise RuntimeError("py-spy is not installed (.venv/bin/pip install py-spy)")
        self.out = out
        self.proc = subprocess.Popen(
            [exe, "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw", "--output", str(out),
             "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(0.5)  # attached before the measured work starts

    def stop(self) -> Path:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.out


def _frame_name(frame: str) -> str:
    # py-spy raw frames look like "function (path/to/file.py:123)"; keep function + file, not the line
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{name} ({path})" if path else name


def top(path: Path, lines: int = 15, title: str = "") -> str:
    """The top functions of a collapsed-stack file by self and by total samples, as text."""
    self_counts: Counter[str] = Counter()
    total_counts: Counter[str] = Counter()
    samples = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [_frame_name(f) for f in stack.split(";") if f and not f.startswith("process ")
                  and not f.startswith("thread ")]
        if not frames:
            continue
        samples += n
        self_counts[frames[-1]] += n
        for name in set(frames):
            total_counts[name] += n
    out = [f"-- {title or path.name}: {samples:,} samples"]
    out.append("   self%  function")
    for name, n in self_counts.most_common(lines):
        out.append(f"   {100 * n / max(1, samples):5.1f}  {name}")
    out.append("  total%  function")
    for name, n in total_counts.most_common(lines + 10):
        out.append(f"   {100 * n / max(1, samples):5.1f}  {name}")
    return "\n".join(out)
