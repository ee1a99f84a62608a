"""Reference data the district pushes down: funds, programs, rates, users, office settings.

Each record is one ``ref_items`` row holding its newest state. Every change takes a fresh
``change_id`` from a counter, so a device's cursor is simply the highest ``change_id`` it applied and
a page is ``change_id > cursor`` in order: compaction is free (an item changed ten times is sent
once) and new kinds (the beneficiary index) need no new endpoint, only a new ``kind``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from sync.protocol.canonical import canonical_json
from sync.server import tables as t
from sync.server.db import next_counter

CHANGE_COUNTER = "ref_change"
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


def head(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(t.ref_items.c.change_id), 0))).scalar_one())


class UnknownCursor(ValueError):
    """The device's cursor is ahead of this server (e.g. the server was restored from a backup)."""


def changes_page(conn: Connection, office_id: str, cursor: int, limit: int) -> dict[str, Any]:
    """One page of ``{items, next_cursor, has_more}`` for an office, after ``cursor``."""
    top = head(conn)
    if cursor > top:
        raise UnknownCursor(f"cursor {cursor} is beyond the server head {top}")
    rows = conn.execute(
        select(t.ref_items)
        .where(t.ref_items.c.change_id > cursor)
        .where(or_(t.ref_items.c.office_id == GLOBAL, t.ref_items.c.office_id == office_id))
        .order_by(t.ref_items.c.change_id)
        .limit(limit + 1)
    ).mappings().all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    items = [
        {"kind": r["kind"], "id": r["item_id"], "data": json.loads(r["data"]), "version": r["version"],
         "deleted": bool(r["deleted"])}
        for r in rows
    ]
    # With nothing more for this office, jump to the head so the next pull starts there.
    # Change ids commit in order (next_counter holds the counter row lock until commit), so every
    # change up to ``top`` is visible now and none can appear below it later.
    last = int(rows[-1]["change_id"]) if rows else cursor
    next_cursor = last if has_more else max(top, last)
    return {"items": items, "next_cursor": int(next_cursor), "has_more": has_more}
