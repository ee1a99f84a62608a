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

from sqlalchemy import Connection, exists, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.core.errors import ValidationError
from desktop.core.funds import DEFAULT_RATES, FundKind, FundUnit, Rates
from desktop.services.duplicate_aid import apply_index_item
from desktop.services.settings import validate_setting
from desktop.store.tables import funds, journal, programs, reference_items, settings
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


def _apply_fund(conn: Connection, item: dict[str, Any], ctx: ApplyContext) -> bool:
    data = item["data"]
    code = _text(data, "code", 40) if not item.get("deleted") else str(item["id"])
    if item.get("deleted"):
        done = conn.execute(update(funds).where(funds.c.code == code).values(active=False)).rowcount
        ctx.changed.add("catalogue")
        return bool(done)
    kind, unit = FundKind(data.get("kind")), FundUnit(data.get("unit"))
    values = {"name": _text(data, "name", 120), "kind": kind.value, "unit": unit.value,
              "active": bool(data.get("active", True)), "sort_order": int(data.get("sort_order", 0))}
    statement = sqlite_insert(funds).values(code=code, **values)
    conn.execute(statement.on_conflict_do_update(index_elements=["code"], set_=values))
    ctx.changed.add("catalogue")
    return True


def _apply_program(conn: Connection, item: dict[str, Any], ctx: ApplyContext) -> bool:
    data = item["data"]
    if item.get("deleted"):
        done = conn.execute(update(programs).where(programs.c.code == str(item["id"])).values(active=False)).rowcount
        ctx.changed.add("catalogue")
        return bool(done)
    code = _text(data, "code", 40)
    values = {"name": _text(data, "name", 120), "pillar": str(data.get("pillar") or "umum")[:60],
              "active": bool(data.get("active", True))}
    statement = sqlite_insert(programs).values(code=code, **values)
    conn.execute(statement.on_conflict_do_update(index_elements=["code"], set_=values))
    ctx.changed.add("catalogue")
    return True


def _current_rates(conn: Connection) -> Rates:
    raw = conn.execute(select(settings.c.value).where(settings.c.key == "rates")).scalar()
    if raw is None:
        return DEFAULT_RATES
    known = {f.name for f in fields(Rates)}
    return replace(DEFAULT_RATES, **{k: v for k, v in json.loads(raw).items() if k in known})


def _put_setting(conn: Connection, key: str, value: Any, ctx: ApplyContext) -> bool:
    raw = canonical_json(value).decode("utf-8")
    current = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
    if current == raw:
        return True
    statement = sqlite_insert(settings).values(key=key, value=raw, updated_at=ctx.now)
    conn.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": raw, "updated_at": ctx.now}))
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
    return bool(conn.execute(select(exists().where(
        journal.c.type == SETTINGS_CHANGED, journal.c.entity_id == key, journal.c.seq > acked_seq))).scalar())


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


def apply_items(conn: Connection, items: list[dict[str, Any]], ctx: ApplyContext) -> PageResult:
    """Apply one page's items in the caller's transaction (the caller stores the cursor with it)."""
    applied = 0
    for item in items:
        kind, item_id = str(item["kind"]), str(item["id"])
        applier = APPLIERS.get(kind)
        ok = False
        if applier is not None:
            try:
                ok = applier(conn, item, ctx)
            except (ValidationError, ValueError, TypeError, KeyError):
                ok = False  # malformed for this version: kept below, never dropped
        applied += ok
        values = {"data": canonical_json(item.get("data") or {}).decode("utf-8"),
                  "version": int(item.get("version") or 0), "deleted": bool(item.get("deleted")),
                  "applied": ok, "received_at": ctx.now}
        statement = sqlite_insert(reference_items).values(kind=kind, item_id=item_id, **values)
        conn.execute(statement.on_conflict_do_update(index_elements=["kind", "item_id"], set_=values))
    return PageResult(items=len(items), applied=applied, changed=frozenset(ctx.changed))


def reference_items_of(conn: Connection, kind: str) -> dict[str, dict[str, Any]]:
    """The district's newest items of one kind (e.g. ``user`` for the district user list)."""
    rows = conn.execute(select(reference_items.c.item_id, reference_items.c.data)
                        .where(reference_items.c.kind == kind, reference_items.c.deleted.is_(False))).all()
    return {str(r.item_id): json.loads(r.data) for r in rows}
