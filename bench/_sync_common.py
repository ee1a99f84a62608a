"""What the sync benchmarks share: scratch server databases, the bare-write floor, enrolling a real
office store on a benchmark server, load average and verdicts.

The floor every upload is compared with ("bare write") is the same rows the server stored for the
upload — its ``events``, ``donations`` and ``donation_lines`` rows, read back after the run —
written into a fresh, migrated database of the same kind in one transaction with the driver's
fastest bulk path (``COPY`` on PostgreSQL, ``executemany`` on SQLite) and nothing else: no HTTP, no
JSON, no hashing, no checks. Measured in the same run, so the load on this shared machine moves
both figures alike.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

from sqlalchemy import create_engine, select, text

from bench import _verdict
from bench._verdict import verdict as verdict  # re-exported for the sync benchmarks
from desktop.store import dbapi
from sync.server import admin, db
from sync.server import tables as t

BARE_TABLES = ("events", "donations", "donation_lines")


def load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def finish(name: str, ok: bool) -> NoReturn:
    """Print the overall verdict and exit 1 on FAIL (``bench._verdict``)."""
    _verdict.finish(name, ok)


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of a process so far (this one by default), from /proc; 0 elsewhere."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pg_url() -> str | None:
    return os.environ.get("AMILDESK_TEST_PG_URL")


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if pg_url() else ["sqlite"]


@contextmanager
def scratch_database(backend: str, tmp: Path) -> Iterator[str]:
    """A fresh, empty database URL: a new SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / f'server-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    pg = pg_url()
    assert pg is not None
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


def stored_rows(database_url: str, device_ids: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows the server stored for these devices, per bare-write table, in column order."""
    engine = db.make_engine(database_url)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        out["events"] = [tuple(r) for r in conn.execute(select(t.events).where(t.events.c.device_id.in_(device_ids)))]
        out["donations"] = [tuple(r) for r in conn.execute(
            select(t.donations).where(t.donations.c.device_id.in_(device_ids)))]
        ids = select(t.donations.c.id).where(t.donations.c.device_id.in_(device_ids))
        out["donation_lines"] = [tuple(r) for r in conn.execute(
            select(t.donation_lines).where(t.donation_lines.c.donation_id.in_(ids)))]
    engine.dispose()
    return out


def bare_write(backend: str, tmp: Path, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """Seconds to write ``rows`` into a fresh migrated server database: one transaction, bulk driver calls."""
    with scratch_database(backend, tmp) as url:
        engine = db.make_engine(url)
        db.migrate(engine)
        tables = {name: getattr(t, name) for name in BARE_TABLES}
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            conn.commit()
            started = time.perf_counter()
            if engine.dialect.name == "postgresql":
                with raw.transaction(), raw.cursor() as cur:
                    for name in BARE_TABLES:
                        columns = ", ".join(c.name for c in tables[name].columns)
                        with cur.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                            for row in rows[name]:
                                copy.write_row(row)
            else:
                raw.execute("BEGIN IMMEDIATE")
                for name in BARE_TABLES:
                    names = [c.name for c in tables[name].columns]
                    marks = ", ".join("?" * len(names))
                    raw.executemany(f"INSERT INTO {name} ({', '.join(names)}) VALUES ({marks})", rows[name])
                raw.execute("COMMIT")
            elapsed = time.perf_counter() - started
        engine.dispose()
    return elapsed


def enroll_store(server_url: str, database_url: str, data_dir: Path, *, office_name: str | None = None) -> None:
    """Create the store's office on the server and enroll the store as the app does (``amildesk enroll``)."""
    from desktop.services.context import open_context
    from desktop.services.sync_service import enroll

    ctx = open_context(data_dir)
    try:
        code = ctx.office.code
        engine = db.make_engine(database_url)
        try:
            with suppress(ValueError):  # another device of the same office enrolled first
                admin.create_office(engine, code, office_name or f"Kantor {code}")
            one_time = admin.issue_enroll_code(engine, code)
        finally:
            engine.dispose()
        enroll(ctx, server_url, one_time)
    finally:
        ctx.close()


def server_state(database_url: str, device_id: str) -> dict[str, Any]:
    """What the server holds for one device: its mark, event count and its office's projection."""
    engine = db.make_engine(database_url)
    with engine.connect() as conn:
        device = conn.execute(select(t.devices.c.acked_seq, t.devices.c.last_hash, t.devices.c.office_id)
                              .where(t.devices.c.id == device_id)).one()
        events = conn.execute(text("SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM events "
                                   "WHERE device_id = :d"), {"d": device_id}).one()
        donations = conn.execute(text("SELECT COUNT(*), COALESCE(SUM(total), 0) FROM donations WHERE device_id = :d"),
                                 {"d": device_id}).one()
        lines = conn.execute(text("SELECT COUNT(*) FROM donation_lines WHERE donation_id IN "
                                  "(SELECT id FROM donations WHERE device_id = :d)"), {"d": device_id}).scalar_one()
        review = conn.execute(text("SELECT COUNT(*) FROM events WHERE device_id = :d AND status <> 'ok'"),
                              {"d": device_id}).scalar_one()
    engine.dispose()
    return {"acked_seq": int(device.acked_seq), "last_hash": str(device.last_hash),
            "events": int(events[0]), "distinct_seqs": int(events[1]), "min_seq": events[2], "max_seq": events[3],
            "donations": int(donations[0]), "donation_total": int(donations[1]), "lines": int(lines),
            "needs_review": int(review)}


def local_state(data_dir: Path) -> dict[str, Any]:
    """The office store's own view: journal high seq and hash, donations and lines it holds."""

    conn = dbapi.connect(f"file:{data_dir / 'amildesk.sqlite3'}?mode=ro", uri=True)
    try:
        high, last_hash = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        donations, total = conn.execute("SELECT COUNT(*), COALESCE(SUM(total), 0) FROM donations").fetchone()
        lines = conn.execute("SELECT COUNT(*) FROM donation_lines").fetchone()[0]
        device_id = conn.execute("SELECT device_id FROM office").fetchone()[0]
    finally:
        conn.close()
    return {"high_seq": int(high), "last_hash": str(last_hash), "donations": int(donations),
            "donation_total": int(total), "lines": int(lines), "device_id": str(device_id)}


def check_upload(database_url: str, data_dir: Path) -> list[str]:
    """Everything of the journal on the server once, in order, ending with the journal's own hash (the
    server recomputed every hash of the chain to get there), and every donation projected."""
    local = local_state(data_dir)
    server = server_state(database_url, local["device_id"])
    problems = []
    high = local["high_seq"]
    if not (server["acked_seq"] == server["events"] == server["distinct_seqs"] == server["max_seq"] == high
            and server["min_seq"] == 1):
        problems.append(f"server holds {server['events']} events ({server['min_seq']}..{server['max_seq']}), "
                        f"acked {server['acked_seq']}, journal high {high}")
    if server["last_hash"] != local["last_hash"]:
        problems.append("the server's last hash differs from the journal's")
    if (server["donations"], server["donation_total"], server["lines"]) != \
            (local["donations"], local["donation_total"], local["lines"]):
        problems.append(f"projection: server {server['donations']} donations / {server['lines']} lines / "
                        f"Rp{server['donation_total']}, office {local['donations']} / {local['lines']} / "
                        f"Rp{local['donation_total']}")
    if server["needs_review"]:
        problems.append(f"{server['needs_review']} events flagged for review (clean donations expected)")
    return problems


def use_legacy_client() -> None:
    """Make this process's office-side sync behave as before issue 10, for before/after figures on the
    same server: events read as dicts (``iter_events`` + ``json.loads``) and encoded by ``build_batch``
    + orjson, batches capped at 2,000 events / 256 KiB, and reference pages applied item by item with
    one SQLAlchemy upsert each (the code of commit 18af088, kept here verbatim)."""
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    from desktop.core.errors import ValidationError
    from desktop.services import sync_apply, sync_source
    from desktop.store.tables import reference_items
    from sync.client import client
    from sync.protocol.canonical import canonical_json

    for method in ("wire_events_after", "rows_after"):
        if hasattr(sync_source.StoreJournalSource, method):
            delattr(sync_source.StoreJournalSource, method)
    client.DEFAULT_PROTOCOL = 1

    @dataclass
    class LegacySizer(client.BatchSizer):
        events: int = 100
        cap_events: int = 2000
        cap_bytes: int = 256 * 1024
        max_raw: int = 1 << 40

    client.BatchSizer = LegacySizer  # type: ignore[misc]
    sync_source.BULK_PAGE_ITEMS = 10**9

    def apply_items(conn: Any, items: list[dict[str, Any]], ctx: Any) -> Any:
        applied = 0
        for item in items:
            kind, item_id = str(item["kind"]), str(item["id"])
            applier = sync_apply.APPLIERS.get(kind)
            ok = False
            if applier is not None:
                try:
                    ok = applier(conn, item, ctx)
                except (ValidationError, ValueError, TypeError, KeyError):
                    ok = False
            applied += ok
            values = {"data": canonical_json(item.get("data") or {}).decode("utf-8"),
                      "version": int(item.get("version") or 0), "deleted": bool(item.get("deleted")),
                      "applied": ok, "received_at": ctx.now}
            statement = sqlite_insert(reference_items).values(kind=kind, item_id=item_id, **values)
            conn.execute(statement.on_conflict_do_update(index_elements=["kind", "item_id"], set_=values))
        return sync_apply.PageResult(items=len(items), applied=applied, changed=frozenset(ctx.changed))

    sync_source.apply_items = apply_items
