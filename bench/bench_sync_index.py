"""First pull of a 200,000-entry district aid index into a real office store, SQLite and PostgreSQL servers.

What an office waits for the first time it syncs with a district that already has an aid index: the
entries are loaded into the server's ``ref_items`` (kind ``beneficiary``, hashed with the server's
own district salt, through ``put_items`` as ``sync.server.projection_aid`` writes them); a real
office store (``initialize_office``, cached) is enrolled and synced with the desktop's own
``StoreJournalSource`` and the real ``SyncClient``: pages of ``GET /api/v1/changes``, gzip, parse,
and the office app's apply (``desktop.services.sync_apply``: ``reference_items`` and the
``district_aid_index`` table), each page with its cursor in one local transaction.

Afterwards the index must be usable: a beneficiary registered here with a NIK the district aided
(another office, today) gets the duplicate-aid warning from ``find_duplicate_aid``.

Target (issue 10): the pull, applied, <= 3x the **bare write** of the same rows into the office
store (the ``reference_items`` and ``district_aid_index`` rows the apply wrote, read back and
inserted into a fresh copy of the store with plain sqlite3 ``executemany``, one transaction),
measured in the same run. Printed beside it, not part of the verdict: the pull into a counting sink
(transfer + parse only, the earlier figure) and a bare read of the rows from the server database.

    .venv/bin/python -m bench.bench_sync_index [--entries 200000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from bench._office import cached_store, copy_store
from bench._sync_common import (
    backends,
    enroll_store,
    finish,
    load_average,
    scratch_database,
    use_legacy_client,
    verdict,
)
from desktop.store import dbapi
from sync.client.client import SyncClient, enroll
from sync.protocol.aid import INDEX_KIND, identity_hash
from sync.protocol.ids import uuid7
from sync.server import admin, db
from sync.server import tables as t
from sync.server.db import write_tx
from sync.server.projection_aid import district_salt
from sync.server.reference import put_items
from tests.sync.serverproc import ServerProcess

TARGET_RATIO = 3.0
KIND = INDEX_KIND
OFFICE = "KLL-IDX"
PLANTED = 5  # entries aided today by another office, for NIKs registered here afterwards


class CountingSink:
    """The two JournalSource methods a pull uses; counts items and keeps the cursor (no apply)."""

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


def make_nik(i: int) -> str:
    """A valid NIK, unique per i (as tests/unit/beneficiaries/conftest.make_nik)."""
    rest = i // 9000
    return f"320101{1 + rest % 28:02d}{1 + (rest // 28) % 12:02d}{(rest // 336) % 100:02d}{1 + i % 9000:04d}"


def index_entries(count: int, salt: str, offices: int = 40, seed: int = 11) -> list[tuple[str, dict[str, Any] | None]]:
    """Entries as the aid projection writes them: salted-hash NIK (and KK for 4 in 5, a family of ~3 per
    KK), 40 offices, a year of aid dates, ``<distribution id>.<n>`` ids; the first ``PLANTED`` were
    aided today by office KLL-000 to NIKs ``make_nik(1..)``."""
    rng = random.Random(seed)
    funds = ["zakat_maal", "zakat_fitrah", "infak_terikat", "fidyah", "sedekah"]
    programs = ["indonesia_peduli", "indonesia_sehat", "indonesia_cerdas", "indonesia_sejahtera", "umum"]
    today = (datetime.now(UTC) + timedelta(hours=7)).date().isoformat()
    out: list[tuple[str, dict[str, Any] | None]] = []
    for i in range(count):
        planted = i < PLANTED
        nik = make_nik(i + 1) if planted else f"3201{rng.randint(10**11, 10**12 - 1)}"
        kk = f"3201{i // 3:012d}" if i % 5 else None
        data = {
            "nik_hash": identity_hash(salt, nik), "kk_hash": identity_hash(salt, kk) if kk else None,
            "office_code": f"KLL-{i % offices:03d}",
            "aid_date": today if planted else f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            "fund_code": rng.choice(funds), "program_code": rng.choice(programs),
            "value": rng.randint(1, 100) * 50_000,
        }
        out.append((f"{uuid.UUID(int=rng.getrandbits(128), version=4)}.0", data))
    return out


def load_server(url: str, count: int) -> int:
    engine = db.make_engine(url)
    started = time.perf_counter()
    with write_tx(engine) as conn:
        salt = district_salt(conn)
        put_items(conn, KIND, index_entries(count, salt))
    print(f"  loaded {count:,} index entries into the server in {time.perf_counter() - started:.1f} s", flush=True)
    engine.dispose()
    return count


def pull_applied(server: ServerProcess, url: str, data_dir: Path) -> tuple[float, Any]:
    """Enroll the office store and sync it (its first pull): the time the user waits."""
    from desktop.services.context import open_context
    from desktop.services.sync_service import DEFAULT_POLICY
    from desktop.services.sync_source import StoreJournalSource
    from desktop.services.sync_state import link_from_state, read_state

    enroll_store(server.base_url, url, data_dir)
    ctx = open_context(data_dir)
    try:
        with ctx.store.read() as conn:
            link = link_from_state(read_state(conn))
        assert link is not None
        source = StoreJournalSource(ctx)
        with SyncClient(link.server_url, link.token, policy=DEFAULT_POLICY) as client:
            started = time.perf_counter()
            result = client.sync(source)
            elapsed = time.perf_counter() - started
        assert result.complete
    finally:
        ctx.close()
    return elapsed, result


def duplicate_check(data_dir: Path) -> tuple[bool, float]:
    """A NIK the district aided today (another office) is registered here: the warning must name it."""
    from desktop.services.beneficiaries import PersonInput, register_person
    from desktop.services.context import open_context
    from desktop.services.demo import DEMO_PASSWORD
    from desktop.services.duplicate_aid import SOURCE_DISTRICT, beneficiary_aid_warnings
    from desktop.services.users import login

    ctx = open_context(data_dir)
    try:
        login(ctx, "admin", DEMO_PASSWORD)
        person = register_person(ctx, PersonInput(name="Slamet Riyadi", nik=make_nik(1), asnaf="miskin"))
        stranger = register_person(ctx, PersonInput(name="Budi", nik=make_nik(PLANTED + 50), asnaf="miskin"))
        started = time.perf_counter()
        warnings = beneficiary_aid_warnings(ctx, person.id)
        lookup = time.perf_counter() - started
        none = beneficiary_aid_warnings(ctx, stranger.id)
    finally:
        ctx.close()
    found = [(w.source, w.matched_on, w.office_code) for w in warnings]
    return found == [(SOURCE_DISTRICT, "NIK", "KLL-000")] and none == [], lookup


def applied_rows(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = dbapi.connect(f"file:{data_dir / 'amildesk.sqlite3'}?mode=ro", uri=True)
    try:
        return {
            "reference_items": conn.execute("SELECT * FROM reference_items WHERE kind = ?", (KIND,)).fetchall(),
            "district_aid_index": conn.execute("SELECT * FROM district_aid_index").fetchall(),
        }
    finally:
        conn.close()


def bare_write(store: Path, tmp: Path, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """Seconds to insert the same rows into a fresh copy of the office store: plain sqlite3, one
    transaction, the store's own pragmas (WAL, synchronous=FULL), its indexes and triggers in place."""
    data_dir = copy_store(store, tmp / f"bare-{uuid.uuid4().hex[:6]}")
    conn = dbapi.connect(data_dir / "amildesk.sqlite3", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for table, table_rows in rows.items():
            marks = ", ".join("?" * len(table_rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def counting_pull(server: ServerProcess, url: str) -> tuple[float, CountingSink, CountingTransport]:
    """The earlier figure: a fresh device pulls everything into a counting sink (no apply)."""
    engine = db.make_engine(url)
    code = f"I{uuid.uuid4().hex[:6].upper()}"
    admin.create_office(engine, code, code)
    enroll_code = admin.issue_enroll_code(engine, code)
    engine.dispose()
    token = str(enroll(server.base_url, enroll_code, device_id=uuid7())["token"])
    sink, counter = CountingSink(), CountingTransport()
    with SyncClient(server.base_url, token, transport=counter) as client:
        started = time.perf_counter()
        client.pull(sink)  # type: ignore[arg-type]
        return time.perf_counter() - started, sink, counter


def raw_read(url: str) -> float:
    engine = db.make_engine(url)
    with engine.connect() as conn:
        started = time.perf_counter()
        rows = conn.execute(select(t.ref_items.c.kind, t.ref_items.c.item_id, t.ref_items.c.version,
                                   t.ref_items.c.deleted, t.ref_items.c.data)
                            .where(t.ref_items.c.kind == KIND).order_by(t.ref_items.c.change_id)).all()
        elapsed = time.perf_counter() - started
    engine.dispose()
    assert rows
    return elapsed


def run_backend(backend: str, store: Path, tmp: Path, count: int) -> bool:
    print(f"\n== {backend}  ({load_average()})", flush=True)
    data_dir = copy_store(store, tmp / f"office-{backend}")
    with scratch_database(backend, tmp) as url:
        server = ServerProcess(url, tmp / f"index-{backend}.log")
        engine = db.make_engine(url)
        db.migrate(engine)
        engine.dispose()
        server.start()
        try:
            load_server(url, count)
            elapsed, result = pull_applied(server, url, data_dir)
            sink_elapsed, sink, counter = counting_pull(server, url)
            read = raw_read(url)
        finally:
            server.stop()
    rows = applied_rows(data_dir)
    applied = len(rows["district_aid_index"])
    bare = bare_write(store, tmp, rows)
    found, lookup = duplicate_check(data_dir)
    ratio = elapsed / bare
    complete = applied == count == len(rows["reference_items"]) == sink.index_items
    ok = ratio <= TARGET_RATIO and complete and found
    print(f"  first sync      {result.pulled_items:>9,} items pulled and applied in {elapsed:6.2f} s = "
          f"{result.pulled_items / elapsed:>9,.0f} items/s ({applied:,} in district_aid_index; cursor {result.cursor})")
    print(f"  bare write      {sum(len(r) for r in rows.values()):>9,} rows  in {bare:6.2f} s "
          f"({', '.join(f'{len(r):,} {name}' for name, r in rows.items())}; plain sqlite3 executemany, "
          "one transaction)")
    print(f"  ratio           applied pull / bare write = {ratio:.2f}x (target <= {TARGET_RATIO:.0f}x); every entry "
          f"applied: {'yes' if complete else 'NO'}; duplicate-aid lookup finds the district entry: "
          f"{'yes' if found else 'NO'} ({lookup * 1000:.1f} ms): {verdict(ok)}")
    print(f"  [transfer + parse only, counting sink] {sink.items:,} items in {sink_elapsed:.2f} s; "
          f"{counter.bytes_down / 2**20:.1f} MiB received ({counter.bytes_down / sink.items:.0f} B/item, gzip); "
          f"bare read of the rows on the server {read:.2f} s (not the verdict)")
    print(f"  ({load_average()})", flush=True)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--legacy", action="store_true", help="the office side as before issue 10 (item by item)")
    args = parser.parse_args()
    if args.legacy:
        use_legacy_client()
        print("LEGACY office side (before issue 10): pages applied item by item (one SQLAlchemy upsert each)")
    print(load_average())
    store = cached_store(donations=0, donors=0, code=OFFICE)
    with tempfile.TemporaryDirectory(prefix="amildesk-bench-") as name:
        ok = [run_backend(backend, store, Path(name), args.entries) for backend in backends()]
    finish("index pull benchmark", all(ok))


if __name__ == "__main__":
    main()
