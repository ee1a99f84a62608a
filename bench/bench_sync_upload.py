"""Upload of 100,000 donations from one device over loopback, to SQLite and to PostgreSQL.

Targets (issue 4): <= 5 s each (>= 20,000 events/s) and <= 120 wire bytes per donation (compressed,
both directions); a sync with nothing to send <= 50 ms round trip. Printed beside baselines measured
in the same run: a raw bulk write of the same rows straight into the database (psycopg COPY on
PostgreSQL, executemany on SQLite: the floor any protocol pays), and a one-POST-per-record client
timed on a sample and extrapolated.

Client and server share this machine (the client reads the journal, encodes and gzips on one core,
the server validates, hashes and writes on the other; PostgreSQL needs CPU too), so figures move with
the load other programs put on it: the load average is printed before and after, and each upload is
run ``--runs`` times on a fresh server and database (the verdict uses the median).

    .venv/bin/python -m bench.bench_sync_upload [--events 100000] [--sample 1000] [--runs 3]
PostgreSQL runs when AMILDESK_TEST_PG_URL is set (a scratch schema, dropped afterwards).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, text

from sync.client.client import SyncClient, enroll
from sync.protocol.fasthash import payload_canonical
from sync.protocol.wire import build_batch
from sync.server import admin, db
from sync.server import tables as t
from sync.server.ingest import EVENT_COLUMNS
from tests.sync.journal import TestJournal
from tests.sync.serverproc import ServerProcess

TARGET_EPS = 20_000
TARGET_BYTES = 120
TARGET_IDLE_MS = 50.0


def load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


@contextmanager
def scratch_database(backend: str, tmp: Path) -> Iterator[str]:
    """A fresh, empty database URL: a new SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / f'server-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    pg = os.environ["AMILDESK_TEST_PG_URL"]
    schema = f"amildesk_bench_{uuid.uuid4().hex[:8]}"
    root = create_engine(pg)
    with root.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in pg else "?"
        yield f"{pg}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with root.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        root.dispose()


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get("AMILDESK_TEST_PG_URL") else ["sqlite"]


def build_journal(path: Path, count: int, office_code: str = "KLL-BEN") -> TestJournal:
    journal = TestJournal(path, office_code=office_code)
    started = time.perf_counter()
    journal.many_donations(count, donors=2_000)
    print(f"  journal of {count:,} donations built in {time.perf_counter() - started:.1f} s")
    return journal


def enrolled_copy(journal: TestJournal, tmp: Path, server: ServerProcess, name: str) -> tuple[TestJournal, str]:
    """A copy of the journal enrolled on this server as the device of a new office with the journal's ids
    (so each journal can be enrolled once per server database)."""
    path = tmp / f"{name}-{uuid.uuid4().hex[:6]}.sqlite3"
    journal.backup_to(path)
    copy = TestJournal(path)
    engine = db.make_engine(server.database_url)
    code = f"B{uuid.uuid4().hex[:6].upper()}"
    admin.create_office(engine, code, code, office_id=copy.office_id)
    enroll_code = admin.issue_enroll_code(engine, code)
    engine.dispose()
    answer = enroll(server.base_url, enroll_code, device_id=copy.device_id(), office_id=copy.office_id)
    return copy, str(answer["token"])


def _raw_bulk_baseline(database_url: str, events: list[dict[str, Any]]) -> float:
    """Seconds to write the same event rows with the driver's fastest bulk path, nothing else."""
    engine = db.make_engine(database_url)
    device = f"raw-{uuid.uuid4().hex[:8]}"
    rows = [(device, e["seq"], e["event_id"], e["office_id"], e["type"], e["entity_id"], e["occurred_at"],
             e["user_id"], payload_canonical(e["payload"], checked=False), e["prev_hash"], e["hash"], "now", "ok")
            for e in events]
    started = time.perf_counter()
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        if engine.dialect.name == "postgresql":
            with raw.cursor() as cur, cur.copy(f"COPY events ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(EVENT_COLUMNS))
            raw.executemany(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})", rows)
    elapsed = time.perf_counter() - started
    with engine.begin() as conn:
        conn.execute(t.events.delete().where(t.events.c.device_id == device))
    engine.dispose()
    return elapsed


def _per_record_baseline(server: ServerProcess, tmp: Path, sample: int) -> float:
    """Seconds per event for a client that POSTs every record on its own (plain JSON, keep-alive)."""
    fresh = TestJournal(tmp / f"per-record-{uuid.uuid4().hex[:6]}.sqlite3", office_code="KLL-PRC")
    fresh.many_donations(sample, donors=2_000)
    copy, token = enrolled_copy(fresh, tmp, server, f"per-record-copy-{uuid.uuid4().hex[:6]}")
    events = copy.events_after(0, sample)
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as http:
        started = time.perf_counter()
        for event in events:
            body = build_batch([event], device_id=copy.device_id(), app_version="bench", chained=False)
            http.post("/api/v1/batches", json=body).raise_for_status()
        return (time.perf_counter() - started) / len(events)


def _one_upload(backend: str, journal: TestJournal, tmp: Path, sample: int, with_baselines: bool) -> dict[str, Any]:
    """Push the whole journal as a fresh device to a fresh server and database; optionally the baselines."""
    out: dict[str, Any] = {}
    with scratch_database(backend, tmp) as url:
        server = ServerProcess(url, tmp / f"{backend}.log")
        server.start()
        try:
            copy, token = enrolled_copy(journal, tmp, server, backend)
            count = copy.high_seq()
            with SyncClient(server.base_url, token) as client:
                started = time.perf_counter()
                result = client.push(copy)
                out["elapsed"] = time.perf_counter() - started
                assert result.acked_seq == count and result.complete, result
                idle = []
                for _ in range(20):
                    started_idle = time.perf_counter()
                    client.sync(copy)
                    idle.append(time.perf_counter() - started_idle)
            out.update(count=count, result=result, idle=sorted(idle))
            if with_baselines:
                out["raw"] = _raw_bulk_baseline(url, journal.events_after(0, count))
                out["per_record"] = _per_record_baseline(server, tmp, sample)
        finally:
            server.stop()
    return out


def run_backend(backend: str, journal: TestJournal, tmp: Path, sample: int, runs: int) -> bool:
    print(f"\n== {backend}  ({load_average()})")
    results = [_one_upload(backend, journal, tmp, sample, with_baselines=(i == 0)) for i in range(runs)]
    first = results[0]
    count, result = first["count"], first["result"]
    times = [r["elapsed"] for r in results]
    elapsed = statistics.median(times)
    eps = count / elapsed
    raw, per_record = first["raw"], first["per_record"]
    up, down = result.bytes_up / count, result.bytes_down / count
    idle = first["idle"]
    idle_median = idle[len(idle) // 2] * 1000
    ok_eps, ok_bytes, ok_idle = eps >= TARGET_EPS, up + down <= TARGET_BYTES, idle_median <= TARGET_IDLE_MS
    print(f"  sync upload     {count:>9,} events in {elapsed:6.2f} s = {eps:>8,.0f} events/s (median of {runs}: "
          f"{', '.join(f'{x:.2f}' for x in times)} s) target >= {TARGET_EPS:,}: {verdict(ok_eps)}")
    print(f"  raw bulk write  {count:>9,} rows   in {raw:6.2f} s = {count / raw:>8,.0f} rows/s "
          f"(events table only; sync takes {elapsed / raw:.1f}x the bare database write)")
    print(f"  1 POST/record   ~{per_record * count:6.1f} s for {count:,} (sample {sample}): sync is "
          f"{per_record * count / elapsed:.0f}x faster")
    print(f"  wire bytes per donation: {up:.1f} up + {down:.2f} down = {up + down:.1f} "
          f"(target <= {TARGET_BYTES}): {verdict(ok_bytes)}; {result.requests} requests")
    print(f"  sync with nothing to send: median {idle_median:.1f} ms, max {idle[-1] * 1000:.1f} ms "
          f"(target <= {TARGET_IDLE_MS:.0f} ms): {verdict(ok_idle)}")
    print(f"  ({load_average()})")
    return ok_eps and ok_bytes and ok_idle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3, help="uploads per backend (fresh server each)")
    args = parser.parse_args()
    print(load_average())
    with tempfile.TemporaryDirectory(prefix="amildesk-bench-") as name:
        tmp = Path(name)
        journal = build_journal(tmp / "device.sqlite3", args.events)
        ok = [run_backend(backend, journal, tmp, args.sample, args.runs) for backend in backends()]
    if "postgresql" not in backends():
        print("\n== postgresql: skipped (AMILDESK_TEST_PG_URL not set)")
    print(f"\nupload benchmark: {verdict(all(ok))}")


if __name__ == "__main__":
    main()
