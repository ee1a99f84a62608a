"""SQLCipher (issue 13, adopted): the store's hot paths on a plain and on an encrypted store, one run.

Every path runs the store's real code in fresh processes. Stores are encrypted (``store-key.json``
beside them, the key in the OS credential store or ``store.key``; ``desktop/store/store_key.py``);
the plain kind, the baseline, runs with ``AMILDESK_PLAIN_STORE=1``, which keeps plain stores plain.
The encrypted big store is a copy of the plain one encrypted by the app's own one-off path
(``store_encryption.encrypt_in_place``, what an existing office goes through). The kinds take turns
(plain, encrypted, then encrypted, plain, ...) so a change of the machine's load hits both alike.

    flock /tmp/bench.lock .venv/bin/python bench/bench_sqlcipher.py [--donors 1000000] [--rounds 3]

Paths and targets (the issue's own, applied to the encrypted store):
  save a donation (``record_donation``)                  median <= 10 ms
  donor type-ahead (``search_donors``) on a big store    median <= 10 ms, p95 <= 50 ms, RSS <= 200 MB
  app cold start to the main window (auto-login)         <= bare QMainWindow + 400 ms
  tests/unit/store on the encrypted store                all pass
and, for information (no target): opening the store as the cold start does (probe, version check,
office and settings through the raw reader), one connection's connect + key + first query, the import
of the driver, and the one-off encryption of an existing plain store (``encrypt_in_place``).
The big store has 1,000,000 donors, as in bench_store (built once into bench/out, ~35 s, then copied
encrypted: ~450 MB of disk for the two); ``--donors 200000`` is enough for a quick look.
Prints PASS or FAIL per target and exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: bench._common

from bench._common import p95  # noqa: E402
from bench._verdict import status, verdict  # noqa: E402

PLAIN_ENV = "AMILDESK_PLAIN_STORE"
KINDS = ("plain", "encrypted")
START_TARGET_OVER_BARE_S = 0.40


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def kind_env(kind: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != PLAIN_ENV}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if kind == "plain":
        env[PLAIN_ENV] = "1"
    return env


# --- the worker: one fresh process of one kind measures the in-process paths ----------------------

def worker(save_dir: Path, big_dir: Path, runs: int) -> dict[str, Any]:
    """Milliseconds per call of save, type-ahead and open, in this process's kind (set by env)."""
    from bench._common import timed
    from bench.bench_store import PREFIXES
    from desktop.services.context import open_context
    from desktop.services.demo import ensure_demo_office
    from desktop.services.donations import DonationInput, LineInput, record_donation
    from desktop.services.donors import search_donors
    from desktop.store import dbapi
    from desktop.store.probe import is_initialized

    ctx = ensure_demo_office(save_dir)
    data = DonationInput(lines=(LineInput("zakat_maal", amount=1_250_000), LineInput("sedekah", amount=50_000)),
                         anonymous=True)
    save = timed(lambda: record_donation(ctx, data), runs=runs, warmup=5)
    ctx.close()

    big = open_context(big_dir)
    queries = PREFIXES * max(1, runs // len(PREFIXES))
    position = iter(range(10**9))
    found: list[int] = []

    def type_ahead() -> None:
        found.append(len(search_donors(big, queries[next(position) % len(queries)])))

    search = timed(type_ahead, runs=len(queries), warmup=5)
    assert min(found) > 0, "every benchmark prefix must find donors"
    big.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def open_as_cold_start() -> None:  # what runs before the first window paints, minus imports
        assert is_initialized(big_dir)
        opened = open_context(big_dir, exclusive=False)
        opened.close()

    def connect_key_query() -> None:
        conn = dbapi.read_only(big_dir / "amildesk.sqlite3")
        conn.execute("SELECT code FROM office").fetchone()
        conn.close()

    opening = timed(open_as_cold_start, runs=max(10, runs // 4), warmup=2)
    connection = timed(connect_key_query, runs=runs, warmup=5)
    driver = dbapi.driver_for(dbapi.key_of(big_dir / "amildesk.sqlite3"))
    return {"save": save, "search": search, "open": opening, "connect": connection, "rss_mb": rss_mb,
            "driver": driver.__name__, "sqlite": driver.sqlite_version}


def run_worker(kind: str, save_dir: Path, big_dir: Path, runs: int) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--worker", str(save_dir), str(big_dir), str(runs)],
                          cwd=ROOT, env=kind_env(kind), capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} worker failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --- the stores ---------------------------------------------------------------------------------------

def encrypt_copy(plain_dir: Path, encrypted_dir: Path) -> float:
    """Copy a plain office folder and encrypt it as an existing office is (``prepare_store_key``); seconds."""
    from desktop.store.paths import StorePaths
    from desktop.store.store_encryption import prepare_store_key

    shutil.rmtree(encrypted_dir, ignore_errors=True)
    shutil.copytree(plain_dir, encrypted_dir, ignore=shutil.ignore_patterns("*.lock", "lock"))
    os.environ.pop(PLAIN_ENV, None)
    started = time.perf_counter()
    prepare_store_key(StorePaths(encrypted_dir))
    seconds = time.perf_counter() - started
    os.environ[PLAIN_ENV] = "1"
    return seconds


def big_stores(cache: Path, donors: int) -> dict[str, Path]:
    """The plain donor store (bench_store's builder) and its encrypted copy, built once and cached."""
    from bench.bench_store import build_donors

    plain, encrypted = cache / "plain", cache / "encrypted"
    marker = cache / f"built-{donors}"
    if not marker.exists():
        shutil.rmtree(cache, ignore_errors=True)
        started = time.perf_counter()
        build_donors(plain, donors)
        print(f"built {donors:,} donors (plain) in {time.perf_counter() - started:.1f} s", flush=True)
        seconds = encrypt_copy(plain, encrypted)
        size = (plain / "amildesk.sqlite3").stat().st_size / 2**20
        print(f"encrypted a copy of that store ({size:.0f} MB) with encrypt_in_place in {seconds:.1f} s "
              f"(the one-off cost of adopting on an existing office)", flush=True)
        marker.touch()
    return {"plain": plain, "encrypted": encrypted}


# --- cold start and the store tests, as fresh processes ------------------------------------------------

IMPORTS = {
    "sqlite3": "import sqlite3",
    "sqlcipher3": "import sqlcipher3",
    # What the cold start would add to fetch the key: keyring picks its backend on first use. Here
    # (headless Linux, no Secret Service) that is keyring's "fail" backend; Windows' is WinVault.
    "keyring + backend": "import keyring; keyring.get_keyring()",
}


def driver_import(runs: int) -> dict[str, float]:
    """Median ms of each IMPORTS line in a fresh interpreter (the cold start pays it once)."""
    code = "import time; t = time.perf_counter(); {stmt}; print((time.perf_counter() - t) * 1000)"
    samples: dict[str, list[float]] = {name: [] for name in IMPORTS}
    for _ in range(runs):
        for name, stmt in IMPORTS.items():
            out = subprocess.run([sys.executable, "-c", code.format(stmt=stmt)], capture_output=True, text=True,
                                 check=True).stdout
            samples[name].append(float(out.strip().splitlines()[-1]))
    return {name: statistics.median(values) for name, values in samples.items()}


def lz4_ratio(db_path: Path, chunks: int = 32) -> float:
    """How much lz4 (as the backup format uses it, 1 MiB blocks) shrinks the store file's first chunks."""
    import lz4.block

    raw = packed = 0
    with open(db_path, "rb") as handle:
        for _ in range(chunks):
            chunk = handle.read(1 << 20)
            if not chunk:
                break
            raw += len(chunk)
            packed += len(lz4.block.compress(chunk))
    return raw / packed


def app_start(runs: int, tmp: Path) -> tuple[dict[str, float], bool]:
    """Seconds to the main window's first paint: bare QMainWindow, plain store, encrypted store."""
    from bench.bench_startup import BARE, OURS, measure

    kinds: dict[str, tuple[str, list[str], dict[str, str]]] = {
        "bare QMainWindow (baseline)": (BARE, [], kind_env("plain"))}
    for kind in KINDS:
        office = tmp / f"start-{kind}"
        subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(office), "demo", "--donations", "50"],
                       check=True, cwd=ROOT, capture_output=True, env=kind_env(kind))
        kinds[f"main window, {kind} store"] = (OURS, [str(office)], {
            **kind_env(kind), "AMILDESK_BENCH_EXIT_ON_SHOW": "main", "AMILDESK_BENCH_AUTOLOGIN": "admin:demo12345"})
    medians = {name: statistics.median(samples) for name, samples in measure(kinds, runs).items()}
    bare, plain, encrypted = medians.values()
    ok = encrypted <= bare + START_TARGET_OVER_BARE_S
    print(f"app start: plain bare + {(plain - bare) * 1000:.0f} ms, "
          f"encrypted bare + {(encrypted - bare) * 1000:.0f} ms "
          f"(encrypted - plain {(encrypted - plain) * 1000:+.0f} ms, {encrypted / plain:.2f}x) | "
          f"target encrypted <= bare + {START_TARGET_OVER_BARE_S * 1000:.0f} ms {verdict(ok)}", flush=True)
    return medians, ok


def store_tests() -> bool:
    """tests/unit/store on each kind; the encrypted run must pass every test the plain run passes."""
    ok = True
    for kind in KINDS:
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", "tests/unit/store", "-p", "no:randomly", "-q"],
                              cwd=ROOT, env=kind_env(kind), capture_output=True, text=True, timeout=900)
        summary = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
        passed = proc.returncode == 0
        ok = ok and passed
        print(f"tests/unit/store on the {kind} store: {summary} ({time.perf_counter() - started:.1f} s wall) "
              f"{verdict(passed)}", flush=True)
    return ok


# --- report ------------------------------------------------------------------------------------------

def compare(name: str, samples: dict[str, list[float]], target_ms: float | None = None,
            p95_target_ms: float | None = None) -> bool:
    """One line: plain and encrypted median/p95, their ratio, and the target applied to the encrypted."""
    plain, encrypted = samples["plain"], samples["encrypted"]
    med_plain, med_enc = statistics.median(plain), statistics.median(encrypted)
    line = (f"{name}: plain median {med_plain:.2f} ms p95 {p95(plain):.2f} | encrypted median {med_enc:.2f} ms "
            f"p95 {p95(encrypted):.2f} | ratio {med_enc / med_plain:.2f}x (n={len(encrypted)} each)")
    ok = True
    if target_ms is not None:
        ok = med_enc <= target_ms
        line += f" | target encrypted median <= {target_ms:g} ms"
        if p95_target_ms is not None:
            ok = ok and p95(encrypted) <= p95_target_ms
            line += f", p95 <= {p95_target_ms:g} ms"
        line += f" {verdict(ok)}"
    print(line, flush=True)
    return ok


def report_paths(samples: dict[str, dict[str, list[float]]], rss: dict[str, float], what: str) -> bool:
    """The in-process paths' lines; True when the encrypted store meets every target."""
    print(f"\nsave, type-ahead and open: {what}; load average {load_average()}")
    ok = compare("save donation (record_donation)", samples["save"], 10.0)
    ok = compare(f"donor type-ahead at {what.split(', ')[-1]}", samples["search"], 10.0, 50.0) and ok
    rss_ok = rss["encrypted"] <= 200
    print(f"peak resident memory, store open and searched: plain {rss['plain']:.0f} MB, encrypted "
          f"{rss['encrypted']:.0f} MB | target encrypted <= 200 MB {verdict(rss_ok)}")
    compare("open as the cold start does (probe, version, office, settings)", samples["open"])
    compare("one connection: connect + key + first query", samples["connect"])
    return ok and rss_ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--donors", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="turns of each kind for the in-process paths")
    parser.add_argument("--runs", type=int, default=100, help="saves (and type-ahead queries) per turn")
    parser.add_argument("--start-runs", type=int, default=9, help="cold starts of each kind")
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "out" / "sqlcipher-store")
    parser.add_argument("--skip-paths", action="store_true", help="only the cold start and the tests")
    parser.add_argument("--skip-start", action="store_true")
    parser.add_argument("--skip-tests", action="store_true")
    parser.add_argument("--worker", nargs=3, metavar=("SAVE_DIR", "BIG_DIR", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker[0]), Path(args.worker[1]), int(args.worker[2]))))
        return 0

    os.environ[PLAIN_ENV] = "1"  # this process builds the plain store; each kind sets its own
    print(f"SQLCipher, plain against encrypted; load average {load_average()}", flush=True)
    stores = big_stores(args.cache / str(args.donors), args.donors)
    for package in ("desktop", "sync"):  # an installed app is byte-compiled; both kinds alike
        compileall.compile_dir(ROOT / package, quiet=1)
    ok = True
    with tempfile.TemporaryDirectory(prefix="amildesk-bench-") as tmp_name:
        tmp = Path(tmp_name)
        samples: dict[str, dict[str, list[float]]] = {path: {kind: [] for kind in KINDS}
                                                      for path in ("save", "search", "open", "connect")}
        rss: dict[str, float] = {}
        for turn in range(0 if args.skip_paths else args.rounds):
            for kind in KINDS if turn % 2 == 0 else reversed(KINDS):
                result = run_worker(kind, tmp / f"save-{kind}", stores[kind], args.runs)
                for path in samples:
                    samples[path][kind].extend(result[path])
                rss[kind] = max(rss.get(kind, 0.0), result["rss_mb"])
                print(f"  turn {turn + 1} {kind}: {result['driver']} (SQLite {result['sqlite']}), "
                      f"save median {statistics.median(result['save']):.2f} ms, type-ahead median "
                      f"{statistics.median(result['search']):.2f} ms; load {load_average()}", flush=True)
        if not args.skip_paths:
            ok = report_paths(samples, rss, f"{args.rounds} turns of each kind, {args.donors:,} donors")
        imports = driver_import(9)
        print("import in a fresh interpreter (median of 9): "
              + ", ".join(f"{name} {ms:.1f} ms" for name, ms in imports.items()))
        ratios = {kind: lz4_ratio(stores[kind] / "amildesk.sqlite3") for kind in KINDS}
        print(f"lz4 on the store file (what a backup compresses): plain {ratios['plain']:.2f}x, encrypted "
              f"{ratios['encrypted']:.2f}x smaller (an encrypted page does not compress)")
        if not args.skip_start:
            print(f"\ncold start, {args.start_runs} fresh processes of each kind taking turns; "
                  f"load average {load_average()}", flush=True)
            ok = app_start(args.start_runs, tmp)[1] and ok
        if not args.skip_tests:
            print(f"\nstore tests; load average {load_average()}", flush=True)
            ok = store_tests() and ok
    print(f"\nload average after: {load_average()}")
    print(f"SQLCipher, encrypted store against its targets: {verdict(ok)}")
    return status(ok)


if __name__ == "__main__":
    sys.exit(main())
