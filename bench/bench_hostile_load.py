"""Worst-case request load on one district server process (issue 9): memory and liveness.

Eight requests at once, twice: the largest batch bodies the server admits (shaped to cost the most
to parse), gzip bombs to /batches and to the unauthenticated /devices/enroll. Baseline measured in
the same run: the idle server's resident memory and /health latency.
Targets: peak resident memory < 512 MB; /health always answers, within 1 s.

    .venv/bin/python -m bench.bench_hostile_load [--parallel 8] [--rounds 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from sync.client.client import enroll
from sync.server import admin, db
from tests.sync.hostile_load import rss_kib, run_load
from tests.sync.serverproc import ServerProcess

RSS_LIMIT_MIB = 512
HEALTH_LIMIT_S = 1.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'server.sqlite3'}"
        engine = db.make_engine(url)
        db.migrate(engine)
        admin.create_office(engine, "KLL-LOAD", "Kantor beban")
        server = ServerProcess(url, Path(tmp) / "server.log")
        server.start()
        try:
            assert server.proc is not None
            token = enroll(server.base_url, admin.issue_enroll_code(engine, "KLL-LOAD"))["token"]
            idle_rss = rss_kib(server.proc.pid) / 1024
            idle = []
            with httpx.Client(base_url=server.base_url) as http:
                for _ in range(20):
                    started = time.monotonic()
                    http.get("/api/v1/health")
                    idle.append(time.monotonic() - started)
            result = run_load(server.base_url, server.proc.pid, token, parallel=args.parallel, rounds=args.rounds)
            alive = server.proc.poll() is None
        finally:
            server.stop()
            engine.dispose()
    idle_health = statistics.median(idle)
    rss_ok = result.peak_rss_mib < RSS_LIMIT_MIB
    health_ok = result.health_failures == 0 and result.worst_health_s < HEALTH_LIMIT_S and alive
    codes = sorted(set(result.statuses))
    print(f"{args.parallel} parallel worst-case requests x {args.rounds}: answers {codes} in {result.seconds:.1f} s")
    print(f"server peak resident memory: {result.peak_rss_mib:.0f} MiB (idle {idle_rss:.0f} MiB, "
          f"ratio {result.peak_rss_mib / idle_rss:.1f}x) | target < {RSS_LIMIT_MIB} MiB {'PASS' if rss_ok else 'FAIL'}")
    print(f"/health under load: worst {result.worst_health_s * 1000:.0f} ms over {result.health_checks} checks, "
          f"{result.health_failures} failed (idle median {idle_health * 1000:.1f} ms, ratio "
          f"{result.worst_health_s / idle_health:.0f}x) | target < {HEALTH_LIMIT_S * 1000:.0f} ms "
          f"{'PASS' if health_ok else 'FAIL'}")
    crashed = any(code >= 500 and code != 503 for code in result.statuses)
    if crashed:
        print("a worst-case request got a 5xx other than 503: FAIL")
    return 0 if rss_ok and health_ok and not crashed else 1


if __name__ == "__main__":
    sys.exit(main())
