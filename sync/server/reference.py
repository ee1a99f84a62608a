"""Reference data the district pushes down: funds, programs, rates, users, office settings.

Each record is one ``ref_items`` row holding its newest state. Every change takes a fresh
``change_id`` from a counter, so a device's cursor is simply the highest ``change_id`` it applied and
a page is ``change_id > cursor`` in order: compaction is free (an item changed ten times is sent
once) and new kinds (the beneficiary index) need no new endpoint, only a new ``kind``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring as _quote
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, or_, select

from sync.protocol.canonical import canonical_json
from sync.server import tables as t
from sync.server.bulk import insert_rows
from sync.server.db import next_counter

CHANGE_COUNTER = "ref_change"
ANALYZE_AFTER = 5_000  # bulk changes at least this large refresh PostgreSQL's statistics
GLOBAL = ""  # office_id of items every office receives

# Default catalogue (domain.md). Districts override with their own decree; codes are stable ids.
DEFAULT_FUNDS: list[tuple[str, str, str, str]] = [  # same codes as desktop.core.funds.DEFAULT_FUNDS
    ("zakat_maal", "Zakat Maal", "zakat", "money"),
    ("zakat_penghasilan", "Zakat Penghasilan/Profesi", "zakat", "money"),
    ("zakat_perdagangan", "Zakat Perdagangan", "zakat", "money"),
    ("zakat_pertanian", "Zakat Pertanian", "zakat", "money"),
    ("zakat_emas_perak", "Zakat Emas/Perak", "zakat", "money"),
    ("zakat_fitrah", "Zakat Fitrah", "zakat", "fitrah"),
    ("infak_tidak_terikat", "Infak/Sedekah Tidak Terikat", "infak", "money"),
    ("infak_terikat", "Infak/Sedekah Terikat", "infak", "money"),
    ("sedekah", "Sedekah", "infak", "money"),
    ("fidyah", "Fidyah", "dskl", "fidyah"),
    ("kurban", "Kurban", "dskl", "money"),
    ("kafarat", "Kafarat", "dskl", "money"),
    ("dskl_lainnya", "DSKL Lainnya", "dskl", "money"),
]
DEFAULT_PROGRAMS: list[tuple[str, str, str]] = [  # same codes as desktop.core.funds.DEFAULT_PROGRAMS
    ("umum", "Umum", "umum"),
    ("indonesia_sejahtera", "Indonesia Sejahtera", "ekonomi"),
    ("indonesia_cerdas", "Indonesia Cerdas", "pendidikan"),
    ("indonesia_sehat", "Indonesia Sehat", "kesehatan"),
    ("indonesia_peduli", "Indonesia Peduli", "kemanusiaan"),
    ("indonesia_taqwa", "Indonesia Taqwa", "dakwah"),
]
# Integers only: rupiah, grams, or per-mille for percentages (2.5 % = 25).
DEFAULT_RATES: list[tuple[str, int, str]] = [
    ("zakat_fitrah_uang", 50_000, "rupiah/jiwa"),
    ("zakat_fitrah_beras", 2_500, "gram/jiwa"),
    ("fidyah_uang", 65_000, "rupiah/hari"),
    ("nisab_penghasilan_tahun", 91_681_728, "rupiah"),
    ("nisab_penghasilan_bulan", 7_640_144, "rupiah"),
    ("zakat_permil", 25, "permil"),
]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def put_item(
    conn: Connection, kind: str, item_id: str, data: dict[str, Any], *, office_id: str = GLOBAL,
    deleted: bool = False,
) -> int:
    """Insert or replace one reference record; returns its new change_id."""
    change_id = next_counter(conn, CHANGE_COUNTER)
    key = and_(t.ref_items.c.kind == kind, t.ref_items.c.item_id == item_id, t.ref_items.c.office_id == office_id)
    version = conn.execute(select(t.ref_items.c.version).where(key)).scalar()
    values = {
        "data": canonical_json(data).decode("utf-8"),
        "deleted": deleted,
        "change_id": change_id,
        "changed_at": now_iso(),
    }
    if version is None:
        conn.execute(t.ref_items.insert().values(kind=kind, item_id=item_id, office_id=office_id, version=1, **values))
    else:
        conn.execute(t.ref_items.update().where(key).values(version=version + 1, **values))
    return change_id


def put_items(
    conn: Connection, kind: str, entries: Sequence[tuple[str, dict[str, Any] | None]], *, office_id: str = GLOBAL,
) -> int:
    """Insert or replace many records of one kind (``data`` None deletes); returns the last change_id.

    The bulk form of ``put_item`` for large kinds (the beneficiary index): one counter reservation,
    one look-up per 500 ids, and new rows through COPY/executemany instead of a statement each.
    """
    if not entries:
        return head(conn)
    c = t.ref_items.c
    known: dict[str, int] = {}
    ids = [item_id for item_id, _data in entries]
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        known.update((row[0], int(row[1])) for row in conn.execute(
            select(c.item_id, c.version).where(c.kind == kind, c.office_id == office_id, c.item_id.in_(part))
        ))
    first = next_counter(conn, CHANGE_COUNTER, len(entries))
    changed_at = now_iso()
    fresh: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    for offset, (item_id, data) in enumerate(entries):
        text_ = canonical_json(data if data is not None else {}).decode("utf-8")
        change_id, deleted = first + offset, data is None
        if item_id in known:
            known[item_id] += 1
            updates.append({"k": kind, "i": item_id, "o": office_id, "version": known[item_id], "data": text_,
                            "deleted": deleted, "change_id": change_id, "changed_at": changed_at})
        else:
            known[item_id] = 1
            fresh.append((kind, item_id, office_id, 1, text_, deleted, change_id, changed_at))
    insert_rows(conn, t.ref_items, ("kind", "item_id", "office_id", "version", "data", "deleted", "change_id",
                                    "changed_at"), fresh)
    if updates:
        conn.execute(
            t.ref_items.update()
            .where(c.kind == bindparam("k"), c.item_id == bindparam("i"), c.office_id == bindparam("o")),
            updates,
        )
    if len(entries) >= ANALYZE_AFTER and conn.dialect.name == "postgresql":
        # Until autovacuum catches up, the planner believes the table is still small and serves each
        # page with a scan and sort of everything after the cursor (a first pull of 200,000 items
        # took 20 s instead of 2 s). ANALYZE samples the table in ~0.1 s and works in a transaction.
        conn.exec_driver_sql("ANALYZE ref_items")
    return first + len(entries) - 1


def seed_defaults(conn: Connection) -> None:
    """Load the default catalogue once, on the first migration of a new database."""
    if conn.execute(select(t.counters.c.value).where(t.counters.c.name == "seeded")).first():
        return
    conn.execute(t.counters.insert().values(name="seeded", value=1))
    for order, (code, name, kind, unit) in enumerate(DEFAULT_FUNDS, start=1):
        put_item(conn, "fund", code, {"code": code, "name": name, "kind": kind, "unit": unit,
                                      "active": True, "sort_order": order})
    for code, name, pillar in DEFAULT_PROGRAMS:
        put_item(conn, "program", code, {"code": code, "name": name, "pillar": pillar, "active": True})
    for key, value, unit in DEFAULT_RATES:
        put_item(conn, "rate", key, {"key": key, "value": value, "unit": unit, "effective_from": "2026-01-01"})


def known_fund_codes(conn: Connection) -> set[str]:
    rows = conn.execute(
        select(t.ref_items.c.item_id).where(t.ref_items.c.kind == "fund", t.ref_items.c.deleted.is_(False))
    )
    return {row[0] for row in rows}


def fund_kinds(conn: Connection) -> dict[str, str]:
    """Fund code -> kind (zakat / infak / dskl) of the district catalogue."""
    rows = conn.execute(select(t.ref_items.c.item_id, t.ref_items.c.data)
                        .where(t.ref_items.c.kind == "fund", t.ref_items.c.deleted.is_(False)))
    return {str(code): str(json.loads(data).get("kind", "")) for code, data in rows}


def head(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(t.ref_items.c.change_id), 0))).scalar_one())


class UnknownCursor(ValueError):
    """The device's cursor is ahead of this server (e.g. the server was restored from a backup)."""


def _page_rows(conn: Connection, office_id: str, cursor: int, limit: int) -> tuple[list[Any], int, bool]:
    """Rows after ``cursor`` for an office (at most ``limit``), the next cursor, and whether more follow."""
    top = head(conn)
    if cursor > top:
        raise UnknownCursor(f"cursor {cursor} is beyond the server head {top}")
    c = t.ref_items.c
    rows: list[Any] = list(conn.execute(
        select(c.kind, c.item_id, c.version, c.deleted, c.data, c.change_id)
        .where(c.change_id > cursor)
        .where(or_(c.office_id == GLOBAL, c.office_id == office_id))
        .order_by(c.change_id)
        .limit(limit + 1)
    ))
    has_more = len(rows) > limit
    rows = rows[:limit]
    # With nothing more for this office, jump to the head so the next pull starts there.
    # Change ids commit in order (next_counter holds the counter row lock until commit), so every
    # change up to ``top`` is visible now and none can appear below it later.
    last = int(rows[-1][5]) if rows else cursor
    return rows, (last if has_more else max(top, last)), has_more


def changes_page(conn: Connection, office_id: str, cursor: int, limit: int) -> dict[str, Any]:
    """One page of ``{items, next_cursor, has_more}`` for an office, after ``cursor``."""
    rows, next_cursor, has_more = _page_rows(conn, office_id, cursor, limit)
    items = [{"kind": kind, "id": item_id, "data": json.loads(data), "version": int(version),
              "deleted": bool(deleted)} for kind, item_id, version, deleted, data, _change in rows]
    return {"items": items, "next_cursor": int(next_cursor), "has_more": has_more}


def changes_page_json(conn: Connection, office_id: str, cursor: int, limit: int) -> bytes:
    """``changes_page`` already encoded as JSON, splicing each item's stored canonical ``data`` text.

    A first pull of the district's beneficiary index is 200,000 items: parsing every ``data`` only
    to encode it again (and validating it against the response model on the way) cost more than
    the query and the transfer together.
    """
    rows, next_cursor, has_more = _page_rows(conn, office_id, cursor, limit)
    items = ",".join([
        f'{{"kind":{_quote(kind)},"id":{_quote(item_id)},"data":{data},"version":{int(version)},'
        f'"deleted":{"true" if deleted else "false"}}}'
        for kind, item_id, version, deleted, data, _change in rows
    ])
    more = "true" if has_more else "false"
    return f'{{"items":[{items}],"next_cursor":{int(next_cursor)},"has_more":{more}}}'.encode()
