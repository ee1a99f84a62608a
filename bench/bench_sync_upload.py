"""Upload of 100,000 donations from one device over loopback, to SQLite and to PostgreSQL.

Target (issue 4): <= 5 s each (>= 20,000 events/s) and <= 120 wire bytes per donation (compressed,
both directions). Printed beside baselines measured in the same run: a raw bulk write of the same
rows straight into the database (psycopg COPY on PostgreSQL, executemany on SQLite: the floor any
protocol pays), and a one-POST-per-record client timed on a sample and extrapolated.
Also: a sync with nothing to send (target <= 50 ms round trip).

    .venv/bin/python -m bench.bench_sync_upload [--events 100000] [--sample 1000]
PostgreSQL runs when AMILDESK_TEST_PG_URL is set (a scratch schema, dropped afterwards).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
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


def _journal(tmp: Path, count: int) -> TestJournal:
    journal = TestJournal(tmp / "device.sqlite3", office_code="KLL-BEN")
    started = time.perf_counter()
    journal.many_donations(count, donors=2_000)
    print(f"  journal of {count:,} donations built in {time.perf_counter() - started:.1f} s")
    return journal


def _enrolled_copy(journal: TestJournal, tmp: Path, server: ServerProcess, name: str) -> tuple[TestJournal, str]:
    """A copy of the journal re-labelled for a fresh device of a fresh office on this server."""
    engine = db.make_engine(server.database_url)
    code = f"B{uuid.uuid4().hex[:6].upper()}"
    admin.create_office(engine, code, code)
    enroll_code = admin.issue_enroll_code(engine, code)
    engine.dispose()
    path = tmp / f"{name}-{uuid.uuid4().hex[:6]}.sqlite3"
    journal.backup_to(path)
    copy = TestJournal(path)
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


def _per_record_baseline(server: ServerProcess, journal: TestJournal, tmp: Path, sample: int) -> float:
    """Seconds per event for a client that POSTs every record on its own (plain JSON, keep-alive)."""
    fresh = TestJournal(tmp / f"per-record-{uuid.uuid4().hex[:6]}.sqlite3", office_code="KLL-PRC")
    fresh.many_donations(sample, donors=2_000)
    copy, token = _enrolled_copy(fresh, tmp, server, f"per-record-copy-{uuid.uuid4().hex[:6]}")
    events = copy.events_after(0, sample)
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as http:
        started = time.perf_counter()
        for event in events:
            body = build_batch([event], device_id=copy.device_id(), app_version="bench", chained=False)
            http.post("/api/v1/batches", json=body).raise_for_status()
        return (time.perf_counter() - started) / len(events)


def run_backend(label: str, database_url: str, journal: TestJournal, tmp: Path, sample: int) -> None:
    print(f"\n== {label}")
    server = ServerProcess(database_url, tmp / f"{label}.log")
    server.start()
    try:
        copy, token = _enrolled_copy(journal, tmp, server, label)
        count = copy.high_seq()
        with SyncClient(server.base_url, token) as client:
            started = time.perf_counter()
            result = client.push(copy)
            elapsed = time.perf_counter() - started
            assert result.acked_seq == count, result
            idle = []
            for _ in range(20):
                started_idle = time.perf_counter()
                client.sync(copy)
                idle.append(time.perf_counter() - started_idle)
        eps = count / elapsed
        raw = _raw_bulk_baseline(database_url, journal.events_after(0, count))
        per_record = _per_record_baseline(server, journal, tmp, sample)
        up, down = result.bytes_up / count, result.bytes_down / count
        print(f"  sync upload     {count:>9,} events in {elapsed:6.2f} s = {eps:>8,.0f} events/s "
              f"(target >= {TARGET_EPS:,}: {'OK' if eps >= TARGET_EPS else 'MISSED'})")
        print(f"  raw bulk write  {count:>9,} rows   in {raw:6.2f} s = {count / raw:>8,.0f} rows/s "
              f"(sync takes {elapsed / raw:.1f}x the bare database write)")
        print(f"  1 POST/record   ~{per_record * count:6.1f} s for {count:,} (sample {sample}): sync is "
              f"{per_record * count / elapsed:.0f}x faster")
        print(f"  wire bytes per donation: {up:.1f} up + {down:.2f} down = {up + down:.1f} "
              f"(target <= {TARGET_BYTES}: {'OK' if up + down <= TARGET_BYTES else 'MISSED'}); "
              f"{result.requests} requests")
        idle.sort()
        print(f"  sync with nothing to send: median {idle[len(idle) // 2] * 1000:.1f} ms, "
              f"max {idle[-1] * 1000:.1f} ms (target <= 50 ms)")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="amildesk-bench-") as name:
        tmp = Path(name)
        journal = _journal(tmp, args.events)
        run_backend("sqlite", f"sqlite:///{tmp / 'server.sqlite3'}", journal, tmp, args.sample)
        pg = os.environ.get("AMILDESK_TEST_PG_URL")
        if not pg:
            print("\n== postgresql: skipped (AMILDESK_TEST_PG_URL not set)")
            return
        schema = f"amildesk_bench_{uuid.uuid4().hex[:8]}"
        root = create_engine(pg)
        with root.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            sep = "&" if "?" in pg else "?"
            run_backend("postgresql", f"{pg}{sep}options={quote(f'-csearch_path={schema}')}", journal, tmp,
                        args.sample)
        finally:
            with root.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            root.dispose()


if __name__ == "__main__":
    main()
