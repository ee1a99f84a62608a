"""First pull of a 200,000-entry district beneficiary index, to SQLite and to PostgreSQL servers.

Target (issue 4): <= 10 s. The index entries are loaded straight into the server's ``ref_items``
(kind ``beneficiary``, the shape and the ``put_items`` call of ``sync.server.projection_aid``); a freshly
enrolled device then pulls everything with the real ``sync.client`` (``SyncClient.pull``: pages of
``GET /api/v1/changes``, gzip, JSON parse) into a minimal JournalSource-like sink that only counts
items and keeps the cursor. So the figure is transfer + parse; the desktop's own apply (upserting the
rows into its store) is not included and is measured on the desktop side.

Printed beside a baseline measured in the same run: reading the same rows straight from the
server database with its driver (the floor of any pull: no HTTP, no JSON).

    .venv/bin/python -m bench.bench_sync_index [--entries 200000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench.bench_sync_upload import backends, load_average, scratch_database, verdict
from sync.client.client import SyncClient, enroll
from sync.protocol.aid import INDEX_KIND, identity_hash
from sync.server import admin, db
from sync.server.reference import put_items
from tests.sync.serverproc import ServerProcess

TARGET_S = 10.0
KIND = INDEX_KIND


class CountingSink:
    """The two JournalSource methods a pull uses; applying is the desktop's business, not measured."""

    def __init__(self) -> None:
        self.items = 0
        self.index_items = 0
        self._cursor = 0

    def cursor(self) -> int:
        return self._cursor

    def apply_changes_page(self, items: list[dict[str, Any]], next_cursor: int) -> None:
        self.items += len(items)
        self.index_items += sum(1 for item in items if item["kind"] == KIND)
        self._cursor = next_cursor


class _CountedStream(httpx.SyncByteStream):
    def __init__(self, inner: Any, owner: CountingTransport) -> None:
        self.inner, self.owner = inner, owner

    def __iter__(self) -> Any:
        for chunk in self.inner:
            self.owner.bytes_down += len(chunk)
            yield chunk

    def close(self) -> None:
        self.inner.close()


class CountingTransport(httpx.HTTPTransport):
    """Counts response bytes as received (gzip-compressed when the server compressed them)."""

    def __init__(self) -> None:
        super().__init__()
        self.bytes_down = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.stream = _CountedStream(response.stream, self)
        return response


def index_entries(count: int, offices: int = 40, seed: int = 11) -> list[tuple[str, dict[str, Any] | None]]:
    """Synthetic entries as the aid projection writes them: salted-hash NIK (and KK for 4 in 5, a family
    of ~3 per KK), 40 offices, a year of aid dates, ``<distribution id>.<n>`` ids."""
    rng = random.Random(seed)
    salt = "bench-salt"
    funds = ["zakat_maal", "zakat_fitrah", "infak_terikat", "fidyah", "sedekah"]
    programs = ["indonesia_peduli", "indonesia_sehat", "indonesia_cerdas", "indonesia_sejahtera", "umum"]
    out: list[tuple[str, dict[str, Any] | None]] = []
    for i in range(count):
        nik = f"3201{rng.randint(10**11, 10**12 - 1)}"
        kk = f"3201{i // 3:012d}" if i % 5 else None
        data = {
            "nik_hash": identity_hash(salt, nik), "kk_hash": identity_hash(salt, kk) if kk else None,
            "office_code": f"KLL-{i % offices:03d}", "aid_date": f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            "fund_code": rng.choice(funds), "program_code": rng.choice(programs),
            "value": rng.randint(1, 100) * 50_000,
        }
        out.append((f"{uuid.UUID(int=rng.getrandbits(128), version=4)}.0", data))
    return out


def _raw_read_baseline(database_url: str) -> tuple[float, int]:
    """Seconds to read the same rows with the bare driver, and how many."""
    engine = db.make_engine(database_url)
    sql = ("SELECT kind, item_id, version, deleted, data FROM ref_items WHERE kind = "
           + ("%s" if engine.dialect.name == "postgresql" else "?") + " ORDER BY change_id")
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        started = time.perf_counter()
        cur = raw.cursor()
        cur.execute(sql, (KIND,))
        rows = cur.fetchall()
        elapsed = time.perf_counter() - started
        cur.close()
    engine.dispose()
    return elapsed, len(rows)


def run_backend(backend: str, entries: list[tuple[str, dict[str, Any] | None]], tmp: Path) -> bool:
    print(f"\n== {backend}  ({load_average()})")
    with scratch_database(backend, tmp) as url:
        server = ServerProcess(url, tmp / f"index-{backend}.log")
        server.start()
        try:
            engine = db.make_engine(url)
            started = time.perf_counter()
            with db.write_tx(engine) as conn:
                put_items(conn, KIND, entries)
            print(f"  loaded {len(entries):,} index entries into the server in {time.perf_counter() - started:.1f} s")
            code = f"I{uuid.uuid4().hex[:6].upper()}"
            admin.create_office(engine, code, code)
            enroll_code = admin.issue_enroll_code(engine, code)
            engine.dispose()
            token = str(enroll(server.base_url, enroll_code, device_id=uuid.uuid4().hex)["token"])
            sink, counter = CountingSink(), CountingTransport()
            with SyncClient(server.base_url, token, transport=counter) as client:
                started = time.perf_counter()
                result = client.pull(sink)  # type: ignore[arg-type]
                elapsed = time.perf_counter() - started
            raw, raw_rows = _raw_read_baseline(url)
        finally:
            server.stop()
    assert sink.index_items == len(entries) == raw_rows, (sink.index_items, raw_rows)
    ok = elapsed <= TARGET_S
    print(f"  first pull      {sink.items:>9,} items in {elapsed:6.2f} s = {sink.items / elapsed:>9,.0f} items/s; "
          f"{counter.bytes_down / 2**20:.1f} MiB received ({counter.bytes_down / sink.items:.0f} B/item, gzip); "
          f"cursor {result.cursor}; target <= {TARGET_S:.0f} s: {verdict(ok)}")
    print(f"  raw DB read     {raw_rows:>9,} rows  in {raw:6.2f} s (pull takes {elapsed / raw:.1f}x the bare read)")
    print("  (transfer + parse into a counting sink; the desktop's apply of the items is not included)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    args = parser.parse_args()
    print(load_average())
    entries = index_entries(args.entries)
    with tempfile.TemporaryDirectory(prefix="amildesk-bench-") as name:
        ok = [run_backend(backend, entries, Path(name)) for backend in backends()]
    print(f"\nindex pull benchmark: {verdict(all(ok))}")


if __name__ == "__main__":
    main()
