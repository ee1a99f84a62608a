"""Store benchmarks: saving a donation, donor type-ahead at 1,000,000 donors, resident memory.

Run: .venv/bin/python bench/bench_store.py [--donors 1000000]
Targets (issue 3): save median <= 10 ms; type-ahead median <= 10 ms and p95 <= 50 ms; RSS with the
1M-donor store open <= 200 MB. Each figure is printed beside a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import report, timed
from desktop.services.demo import FIRST_NAMES, LAST_NAMES, VILLAGES, ensure_demo_office
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.donors import search_donors
from desktop.store import dbapi

PREFIXES = ["nur", "ahm", "sit rah", "muh", "sri", "budi s", "ah", "fat", "put", "rizki pra", "hasan",
            "dew", "wah", "eko n", "zain", "kartini l", "sl", "abdul h", "yus", "rahmat"]


def bench_save(tmp: Path) -> bool:
    ctx = ensure_demo_office(tmp / "save")
    data = DonationInput(lines=(LineInput("zakat_maal", amount=1_250_000), LineInput("sedekah", amount=50_000)),
                         anonymous=True)
    ours = timed(lambda: record_donation(ctx, data), runs=300, warmup=10)
    ctx.close()
    # Baseline: the same rows written by hand with sqlite3 (WAL, synchronous=FULL), one commit each.
    conn = dbapi.connect(tmp / "baseline.sqlite3", isolation_level=None)
    conn.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                       "CREATE TABLE d(id TEXT PRIMARY KEY, n TEXT, total INT, at TEXT);"
                       "CREATE TABLE l(d TEXT, no INT, fund TEXT, amount INT);"
                       "CREATE TABLE j(seq INTEGER PRIMARY KEY, payload TEXT, h TEXT);")
    counter = iter(range(10**9))

    def baseline_save() -> None:
        i = next(counter)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO d VALUES (?,?,?,?)", (f"id{i}", f"N{i}", 1_300_000, "now"))
        conn.executemany("INSERT INTO l VALUES (?,?,?,?)", [(f"id{i}", 1, "zm", 1_250_000), (f"id{i}", 2, "s", 50_000)])
        conn.execute("INSERT INTO j(payload, h) VALUES (?, ?)", ("{}" * 100, "0" * 64))
        conn.execute("COMMIT")

    baseline = timed(baseline_save, runs=300, warmup=10)
    return report("save donation (journal + commit)", ours, baseline, 10.0, "raw sqlite3 insert+commit")


def build_donors(data_dir: Path, count: int) -> None:
    ctx = ensure_demo_office(data_dir)
    ctx.close()
    rng = random.Random(42)
    conn = dbapi.connect(data_dir / "amildesk.sqlite3", isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN")
    batch = []
    for i in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if rng.random() < 0.4:
            name += f" {rng.choice(LAST_NAMES)}"
        batch.append((f"bench-{i:07d}", name, f"08{rng.randrange(10**9, 10**10)}", rng.choice(VILLAGES)))
        if len(batch) == 50_000:
            conn.executemany("INSERT INTO donors(id, name, phone, village, anonymous, version, created_at, "
                             "updated_at) VALUES (?,?,?,?,0,1,'2026-01-01','2026-01-01')", batch)
            batch.clear()
    if batch:
        conn.executemany("INSERT INTO donors(id, name, phone, village, anonymous, version, created_at, "
                         "updated_at) VALUES (?,?,?,?,0,1,'2026-01-01','2026-01-01')", batch)
    conn.execute("COMMIT")
    conn.execute("INSERT INTO donors_fts(donors_fts) VALUES ('optimize')")
    conn.close()


def bench_search(data_dir: Path) -> bool:
    from desktop.services.context import open_context

    ctx = open_context(data_dir)
    queries = PREFIXES * 10
    position = iter(range(10**9))
    results: list[int] = []

    def ours_once() -> None:
        results.append(len(search_donors(ctx, queries[next(position) % len(queries)])))

    ours = timed(ours_once, runs=len(queries), warmup=5)
    assert min(results) > 0, "every benchmark prefix must find donors"
    from desktop.services.donors import fts_prefix_query

    conn = dbapi.connect(data_dir / "amildesk.sqlite3")
    ranked_sql = ("SELECT d.id, d.name FROM donors_fts JOIN donors d ON d.rowid = donors_fts.rowid "
                  "WHERE donors_fts MATCH ? ORDER BY bm25(donors_fts) LIMIT 20")
    base_pos = iter(range(10**9))

    def naive_ranked() -> None:
        conn.execute(ranked_sql, (fts_prefix_query(PREFIXES[next(base_pos) % len(PREFIXES)], anchored=False),)
                     ).fetchall()

    baseline = timed(naive_ranked, runs=len(PREFIXES) * 2, warmup=2)
    ok = report("donor type-ahead at scale", ours, baseline, 10.0, "naive bm25-ranked FTS5", p95_target_ms=50.0)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory with the store open and searched: {rss_mb:.0f} MB | target <= 200 MB "
          f"{'PASS' if rss_mb <= 200 else 'FAIL'}")
    ctx.close()
    conn.close()
    return ok and rss_mb <= 200


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--donors", type=int, default=1_000_000)
    parser.add_argument("--cache", type=Path, default=Path(__file__).parent / "out" / "donors-store")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="amildesk-bench-"))
    try:
        ok = bench_save(tmp)
        marker = args.cache / f"built-{args.donors}"
        if not marker.exists():
            shutil.rmtree(args.cache, ignore_errors=True)
            started = time.perf_counter()
            build_donors(args.cache, args.donors)
            marker.touch()
            print(f"built {args.donors:,} donors in {time.perf_counter() - started:.1f} s")
        ok = bench_search(args.cache) and ok
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
