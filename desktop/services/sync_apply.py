"""Apply a page of district reference data to the office store.

Every item, whatever its kind, is upserted into ``reference_items`` (the district's newest state),
so no page is ever dropped: kinds this version does not know yet (the district beneficiary index)
wait there for the code that will use them. Known kinds are also written into the app's own
tables, in the same transaction as the page's cursor:

* ``fund`` / ``program`` -> ``funds`` / ``programs`` (upsert; a deleted item is deactivated, never
  removed: donation lines refer to it);
* ``rate`` -> the office's ``rates`` setting, mapping the server's names (``zakat_fitrah_uang``...)
  to ``desktop.core.funds.Rates`` fields; rates the desktop has no field for stay reference items;
* ``setting`` -> office-wide settings only (rates, time zone, verify URL). Paper, printer and
  language are per-device preferences and are not copied between devices. A key this device
  changed and has not sent yet keeps the local value (it reaches the district with the next push);
* ``user`` -> reference items only: no password hashes travel, so the district user list is
  informational and never creates a login on this device.

These writes are not journalled: they are the district's facts coming down, not the office's own
changes, and the ``reference_items`` row plus the cursor record them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from sqlalchemy import Connection, select

from desktop.core.errors import ValidationError
from desktop.core.funds import DEFAULT_RATES, FundKind, FundUnit, Rates
from desktop.services.duplicate_aid import apply_index_item
from desktop.services.settings import validate_setting
from desktop.store.dbapi import driver_connection
from desktop.store.tables import reference_items
from sync.protocol.aid import INDEX_KIND
from sync.protocol.canonical import canonical_json
from sync.protocol.events import SETTINGS_CHANGED

# Server rate key -> Rates field. Names that already are Rates fields map to themselves.
RATE_FIELDS: dict[str, str] = {
    "zakat_fitrah_uang": "fitrah_money_per_person",
    "zakat_fitrah_beras": "fitrah_rice_grams_per_person",
    "fidyah_uang": "fidyah_per_day",
    **{f.name: f.name for f in fields(Rates)},
}
OFFICE_WIDE_SETTINGS = frozenset({"rates", "timezone", "verify_url"})

Applier = Callable[[Connection, dict[str, Any], "ApplyContext"], bool]


@dataclass
class ApplyContext:
    """What appliers need besides the item: the time, the ack mark, what changed so far."""

    now: str
    acked_seq: int
    changed: set[str] = field(default_factory=set)  # "catalogue", "settings"


@dataclass(frozen=True)
class PageResult:
    items: int
    applied: int
    changed: frozenset[str]


def _text(data: dict[str, Any], key: str, max_len: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > max_len:
        raise ValidationError("setting_invalid", key=key, value=value)
    return value.strip()


# The catalogue and setting writes of a page as plain SQL on the transaction's own sqlite3 connection:
# every device pulls these few dozen items on its first sync, and one SQLAlchemy upsert statement
# cost ~0.5 ms of CPU to build, where the write itself takes a few µs.
_FUND_UPSERT = ("INSERT INTO funds (code, name, kind, unit, active, sort_order) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, unit = excluded.unit, "
                "active = excluded.active, sort_order = excluded.sort_order")
_FUND_DEACTIVATE = "UPDATE funds SET active = 0 WHERE code = ?"
_PROGRAM_UPSERT = ("INSERT INTO programs (code, name, pillar, active) VALUES (?, ?, ?, ?) ON CONFLICT (code) "
                   "DO UPDATE SET name = excluded.name, pillar = excluded.pillar, active = excluded.active")
_PROGRAM_DEACTIVATE = "UPDATE programs SET active = 0 WHERE code = ?"
_SETTING_READ = "SELECT value FROM settings WHERE key = ?"
_SETTING_UPSERT = ("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) "
                   "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
_UNSENT_CHANGE = "SELECT EXISTS (SELECT 1 FROM journal WHERE type = ? AND entity_id = ? AND seq > ?)"


def _apply_fund(conn: Connection, item: dict[str, Any], ctx: ApplyContext) -> bool:
    data = item["data"]
    code = _text(data, "code", 40) if not item.get("deleted") else str(item["id"])
    if item.get("deleted"):
        done = driver_connection(conn).execute(_FUND_DEACTIVATE, (code,)).rowcount
        ctx.changed.add("catalogue")
        return bool(done)
    kind, unit = FundKind(data.get("kind")), FundUnit(data.get("unit"))
    driver_connection(conn).execute(_FUND_UPSERT, (code, _text(data, "name", 120), kind.value, unit.value,
                                                   int(bool(data.get("active", True))), int(data.get("sort_order", 0))))
    ctx.changed.add("catalogue")
    return True


def _apply_program(conn: Connection, item: dict[str, Any], ctx: ApplyContext) -> bool:
    data = item["data"]
    if item.get("deleted"):
        done = driver_connection(conn).execute(_PROGRAM_DEACTIVATE, (str(item["id"]),)).rowcount
        ctx.changed.add("catalogue")
        return bool(done)
    code = _text(data, "code", 40)
    pillar = str(data.get("pillar") or "umum")[:60]
    driver_connection(conn).execute(_PROGRAM_UPSERT, (code, _text(data, "name", 120), pillar,
                                                      int(bool(data.get("active", True)))))
    ctx.changed.add("catalogue")
    return True


def _setting_text(conn: Connection, key: str) -> str | None:
    row = driver_connection(conn).execute(_SETTING_READ, (key,)).fetchone()
    return None if row is None else str(row[0])


def _current_rates(conn: Connection) -> Rates:
    raw = _setting_text(conn, "rates")
    if raw is None:
        return DEFAULT_RATES
    known = {f.name for f in fields(Rates)}
    return replace(DEFAULT_RATES, **{k: v for k, v in json.loads(raw).items() if k in known})


def _put_setting(conn: Connection, key: str, value: Any, ctx: ApplyContext) -> bool:
    raw = canonical_json(value).decode("utf-8")
    if _setting_text(conn, key) == raw:
        return True
    driver_connection(conn).execute(_SETTING_UPSERT, (key, raw, ctx.now))
    ctx.changed.add("settings")
    return True


def _apply_rate(conn: Connection, item: dict[str, Any], ctx: ApplyContext) -> bool:
    name = RATE_FIELDS.get(str(item["id"]))
    value = item["data"].get("value")
    if name is None or item.get("deleted") or isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return False  # kept as a reference item (e.g. nisab): the desktop has no field for it
    rates = replace(_current_rates(conn), **{name: value})
    return _put_setting(conn, "rates", asdict(rates), ctx)


def _unsent_local_change(conn: Connection, key: str, acked_seq: int) -> bool:
    return bool(driver_connection(conn).execute(_UNSENT_CHANGE, (SETTINGS_CHANGED, key, acked_seq)).fetchone()[0])


def _apply_setting(conn: Connection, item: dict[str, Any], ctx: ApplyContext) -> bool:
    key = str(item["data"].get("key", item["id"]))
    if item.get("deleted") or key not in OFFICE_WIDE_SETTINGS or _unsent_local_change(conn, key, ctx.acked_seq):
        return False
    value = validate_setting(key, item["data"].get("value"))
    return _put_setting(conn, key, asdict(value) if isinstance(value, Rates) else value, ctx)


APPLIERS: dict[str, Applier] = {
    "fund": _apply_fund,
    "program": _apply_program,
    "rate": _apply_rate,
    "setting": _apply_setting,
    "beneficiary": apply_index_item,  # the district's aid index (NIK/KK hashed with the district salt)
}
"""Kinds written into the app's tables. Other modules may register more (e.g. the beneficiary index)."""


_orjson: Any
try:  # the same bytes as canonical_json for the flat, float-free data of index items, ~10x faster
    import orjson as _orjson
except ImportError:  # pragma: no cover - the desktop build may leave it out
    _orjson = None

_SCALARS = (str, int, bool, type(None))
_REFERENCE_UPSERT = (
    "INSERT INTO reference_items (kind, item_id, data, version, deleted, applied, received_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, item_id) DO UPDATE SET data = excluded.data, "
    "version = excluded.version, deleted = excluded.deleted, applied = excluded.applied, "
    "received_at = excluded.received_at"
)
_INDEX_UPSERT = (
    "INSERT INTO district_aid_index (id, nik_hash, kk_hash, office_code, aid_date, fund_code, program_code, value, "
    "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET nik_hash = excluded.nik_hash, "
    "kk_hash = excluded.kk_hash, office_code = excluded.office_code, aid_date = excluded.aid_date, "
    "fund_code = excluded.fund_code, program_code = excluded.program_code, value = excluded.value, "
    "version = excluded.version WHERE excluded.version >= district_aid_index.version"
)
_INDEX_DELETE = "DELETE FROM district_aid_index WHERE id = ?"


def _data_text(data: Any) -> str:
    """``canonical_json(data)`` as text; flat dicts of strings/integers go through orjson (same bytes)."""
    if _orjson is not None and type(data) is dict and all(type(v) in _SCALARS for v in data.values()):
        try:
            return str(_orjson.dumps(data, option=_orjson.OPT_SORT_KEYS).decode("utf-8"))
        except TypeError:  # e.g. an integer beyond 64 bits: the exact encoder decides
            pass
    return canonical_json(data).decode("utf-8")


def _index_op(item: dict[str, Any], item_id: str) -> tuple[str, tuple[Any, ...]] | None:
    """The district_aid_index write of one ``beneficiary`` item, exactly as
    ``duplicate_aid.apply_district_index`` does it; None when the item is malformed (kept, not applied)."""
    if item.get("deleted"):
        return _INDEX_DELETE, (item_id,)
    data = item["data"]
    try:
        return _INDEX_UPSERT, (
            item_id, data.get("nik_hash"), data.get("kk_hash"), str(data["office_code"]), str(data["aid_date"])[:10],
            data.get("fund_code"), data.get("program_code"), data.get("value"), int(item.get("version", 1)),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _bulk(raw: Any, ops: list[tuple[str, tuple[Any, ...]]]) -> None:
    """Run ``ops`` in order, consecutive runs of one statement as one executemany."""
    start = 0
    while start < len(ops):
        sql = ops[start][0]
        end = start
        while end < len(ops) and ops[end][0] == sql:
            end += 1
        raw.executemany(sql, [params for _sql, params in ops[start:end]])
        start = end


def apply_items(conn: Connection, items: list[dict[str, Any]], ctx: ApplyContext) -> PageResult:
    """Apply one page's items in the caller's transaction (the caller stores the cursor with it).

    The district aid index is the one large kind (a first pull is 200,000 items): its rows, and every
    item's ``reference_items`` row, go to SQLite as plain ``executemany`` on the transaction's own
    connection instead of one SQLAlchemy upsert each (which cost ~0.5 ms an item, 20x the write).
    """
    applied = 0
    reference_rows: list[tuple[Any, ...]] = []
    index_ops: list[tuple[str, tuple[Any, ...]]] = []
    bulk_index = APPLIERS.get(INDEX_KIND) is apply_index_item
    for item in items:
        kind, item_id = str(item["kind"]), str(item["id"])
        ok = False
        if kind == INDEX_KIND and bulk_index:
            op = _index_op(item, item_id)
            if op is not None:
                index_ops.append(op)
                ok = True
        else:
            applier = APPLIERS.get(kind)
            if applier is not None:
                try:
                    ok = applier(conn, item, ctx)
                except (ValidationError, ValueError, TypeError, KeyError):
                    ok = False  # malformed for this version: kept below, never dropped
        applied += ok
        reference_rows.append((kind, item_id, _data_text(item.get("data") or {}), int(item.get("version") or 0),
                                int(bool(item.get("deleted"))), int(bool(ok)), ctx.now))
    raw = driver_connection(conn)
    _bulk(raw, index_ops)
    raw.executemany(_REFERENCE_UPSERT, reference_rows)
    return PageResult(items=len(items), applied=applied, changed=frozenset(ctx.changed))


def reference_items_of(conn: Connection, kind: str) -> dict[str, dict[str, Any]]:
    """The district's newest items of one kind (e.g. ``user`` for the district user list)."""
    rows = conn.execute(select(reference_items.c.item_id, reference_items.c.data)
                        .where(reference_items.c.kind == kind, reference_items.c.deleted.is_(False))).all()
    return {str(r.item_id): json.loads(r.data) for r in rows}
