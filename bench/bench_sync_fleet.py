"""50 devices syncing 2,000 donations each at once against PostgreSQL (issue 4: >= 5,000 events/s
aggregate, no errors).

The server runs the way a district would run it on its machine, several uvicorn workers in front
of PostgreSQL:

    amildesk-server serve --database-url postgresql+psycopg://USER@HOST/DB --host 0.0.0.0 --workers 2

(``--workers`` = the number of CPU cores; this machine has 2, shared with the 50 clients and with
PostgreSQL). The devices belong to 10 offices, 5 each; each is a real ``SyncClient`` with its own
journal, run as threads spread over a few client processes (the devices are separate machines in
the field, and one Python process would serialise their CPU work on its GIL). All start at the same
instant; the figure is every event acknowledged / time from start until the last device finished.

After the run the server must hold exactly every event of every device, once, in order, with the
device's last hash: any difference, refusal or client error is a FAIL.

Baseline in the same run, against the same server: the same 100,000 events from one device.

    .venv/bin/python -m bench.bench_sync_fleet [--devices 50] [--events 2000] [--workers 2] [--procs 5]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.bench_sync_upload import build_journal, enrolled_copy, load_average, scratch_database, verdict
from sync.client.client import SyncClient, enroll
from sync.server import admin, db
from tests.sync.journal import TestJournal
from tests.sync.serverproc import ROOT, ServerProcess

TARGET_EPS = 5_000
OFFICES = 10


class WorkersServer(ServerProcess):
    """``amildesk-server serve --workers N`` as a child process."""

    def __init__(self, database_url: str, log_path: Path, workers: int) -> None:
        super().__init__(database_url, log_path)
        self.workers = workers

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sync.server.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                 "--database-url", self.database_url, "--workers", str(self.workers)],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base_url}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start")


def make_devices(server: ServerProcess, tmp: Path, devices: int, events: int) -> list[tuple[str, str]]:
    """Enroll ``devices`` fresh journals (10 offices) and fill each with ``events`` donations."""
    engine = db.make_engine(server.database_url)
    codes = [f"F{i:02d}{uuid.uuid4().hex[:4].upper()}" for i in range(OFFICES)]
    for code in codes:
        admin.create_office(engine, code, f"Kantor {code}")
    out = []
    started = time.perf_counter()
    for i in range(devices):
        code = codes[i % OFFICES]
        path = tmp / f"fleet-{i:02d}.sqlite3"
        journal = TestJournal(path, office_code=code, letter="ABCDEFGHJK"[i // OFFICES % 10])
        answer = enroll(server.base_url, admin.issue_enroll_code(engine, code), device_id=journal.device_id())
        journal.db.execute("UPDATE meta SET value = ? WHERE key = 'office_id'", (answer["office_id"],))
        journal.many_donations(events, donors=200, seed=i)
        journal.close()
        out.append((str(path), str(answer["token"])))
    engine.dispose()
    print(f"  {devices} journals of {events:,} donations built and enrolled in {time.perf_counter() - started:.1f} s")
    return out


def _client_process(base_url: str, devices: list[tuple[str, str]], start_at: float, queue: Any) -> None:
    """Sync each device on a thread of its own, all starting at ``start_at`` (a time.time() instant)."""
    results: list[dict[str, Any]] = []

    def one(path: str, token: str) -> None:
        journal = TestJournal(Path(path))
        try:
            with SyncClient(base_url, token) as client:
                time.sleep(max(0.0, start_at - time.time()))
                result = client.sync(journal)
            results.append({"device_id": journal.device_id(), "acked": result.acked_seq, "high": result.high_seq,
                            "complete": result.complete, "flagged": len(result.flagged), "end": time.time(),
                            "last_hash": journal.hash_at(result.acked_seq), "error": None})
        except Exception as exc:  # every failure is reported, none may pass silently
            results.append({"device_id": journal.device_id(), "error": f"{type(exc).__name__}: {exc}",
                            "end": time.time()})
        finally:
            journal.close()

    threads = [threading.Thread(target=one, args=device) for device in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


def run_fleet(server: ServerProcess, devices: list[tuple[str, str]], procs: int) -> tuple[float, list[dict[str, Any]]]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    start_at = time.time() + 3.0  # every process is up and every client connected by then
    groups = [devices[i::procs] for i in range(procs)]
    workers = [ctx.Process(target=_client_process, args=(server.base_url, group, start_at, queue)) for group in groups]
    for worker in workers:
        worker.start()
    results: list[dict[str, Any]] = []
    for _ in workers:
        results.extend(queue.get(timeout=600))
    for worker in workers:
        worker.join(timeout=60)
    return max(r["end"] for r in results) - start_at, results


def check_server(database_url: str, results: list[dict[str, Any]], events: int) -> list[str]:
    """Exactly every event of every device, once, in order, ending with the device's hash."""
    problems = [f"{r['device_id']}: {r['error']}" for r in results if r.get("error")]
    engine = db.make_engine(database_url)
    with engine.connect() as conn:
        stored = {row[0]: row[1:] for row in conn.execute(text(
            "SELECT device_id, COUNT(*), MIN(seq), MAX(seq), COUNT(DISTINCT seq) FROM events GROUP BY device_id"))}
        marks = {row[0]: row[1] for row in conn.execute(text("SELECT id, last_hash FROM devices"))}
    engine.dispose()
    for r in results:
        if r.get("error"):
            continue
        count, low, high, distinct = stored.get(r["device_id"], (0, None, None, 0))
        if not (r["complete"] and r["acked"] == r["high"] == events == count == distinct == high and low == 1):
            problems.append(f"{r['device_id']}: acked {r['acked']}/{r['high']}, server holds {count} ({low}..{high})")
        elif marks.get(r["device_id"]) != r["last_hash"]:
            problems.append(f"{r['device_id']}: server's last hash differs from the journal's")
        if r["flagged"]:
            problems.append(f"{r['device_id']}: {r['flagged']} flagged events (clean donations expected)")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--procs", type=int, default=5, help="client processes the devices are spread over")
    args = parser.parse_args()
    if not os.environ.get("AMILDESK_TEST_PG_URL"):
        print("fleet benchmark: skipped (AMILDESK_TEST_PG_URL not set; it runs against PostgreSQL)")
        return
    print(load_average())
    total = args.devices * args.events
    with tempfile.TemporaryDirectory(prefix="amildesk-bench-") as name, \
            scratch_database("postgresql", Path(name)) as url:
        tmp = Path(name)
        engine = db.make_engine(url)
        db.migrate(engine)
        engine.dispose()
        server = WorkersServer(url, tmp / "fleet.log", args.workers)
        server.start()
        try:
            devices = make_devices(server, tmp, args.devices, args.events)
            single = build_journal(tmp / "single.sqlite3", total, office_code="KLL-ONE")
            print(f"\n== {args.devices} devices x {args.events:,} donations, {args.workers} server workers, "
                  f"PostgreSQL ({load_average()})")
            elapsed, results = run_fleet(server, devices, args.procs)
            problems = check_server(url, results, args.events)
            copy, token = enrolled_copy(single, tmp, server, "single")
            with SyncClient(server.base_url, token) as client:
                started = time.perf_counter()
                one = client.push(copy)
                single_elapsed = time.perf_counter() - started
            assert one.complete and one.acked_seq == total, one
        finally:
            server.stop()
    eps = total / elapsed
    ok = eps >= TARGET_EPS and not problems
    print(f"  fleet           {total:>9,} events in {elapsed:6.2f} s = {eps:>8,.0f} events/s aggregate, "
          f"{len(problems)} errors (target >= {TARGET_EPS:,} events/s, 0 errors): {verdict(ok)}")
    for problem in problems[:10]:
        print(f"    {problem}")
    print(f"  one device      {total:>9,} events in {single_elapsed:6.2f} s = {total / single_elapsed:>8,.0f} events/s "
          f"(same server; the fleet moves {eps / (total / single_elapsed):.2f}x as fast)")
    print(f"  ({load_average()})")
    print(f"\nfleet benchmark: {verdict(ok)}")


if __name__ == "__main__":
    main()
