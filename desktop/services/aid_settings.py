"""Office settings of aid distribution, kept under their own key ("aid") in the settings table.

Separate from ``OfficeSettings`` so the receipt settings stay untouched; changed through the journal
like every other setting (``settings.changed`` with key "aid"). Defaults:

- ``duplicate_aid_days`` 90: a NIK/KK that got aid within this many days triggers a warning.
- ``amil_share_dskl_permille`` None: DSKL (fidyah, kurban, kafarat, ...) takes the infak/sedekah
  rate (default 20 %). DSKL are voluntary social funds like infak (PSAK 109 treats them alike), and
  the domain gives no separate ceiling; an office with its own SK sets a number here (0 allowed).
- ``amil_share_retained`` True: the office keeps its amil share (hak amil) in cash for its own
  operations, so cash on hand for a deposit is cash collected − cash aid − deposited − amil share of
  the cash. False: the office deposits the amil share too (the district pays the amil), and it is
  not subtracted. See ``desktop.services.deposits``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.core.aid import AmilShareRates
from desktop.core.errors import ValidationError
from desktop.core.funds import DEFAULT_RATES, Rates
from desktop.core.roles import Role
from desktop.store.journal import append_event
from desktop.store.tables import settings
from sync.protocol.canonical import canonical_json
from sync.protocol.events import SETTINGS_CHANGED

if TYPE_CHECKING:
    from desktop.services.context import AppContext

AID_SETTINGS_KEY = "aid"
MAX_DUPLICATE_AID_DAYS = 3660


@dataclass(frozen=True)
class AidSettings:
    duplicate_aid_days: int = 90
    amil_share_dskl_permille: int | None = None
    amil_share_retained: bool = True


def read_aid_settings(conn: Connection) -> AidSettings:
    raw = conn.execute(select(settings.c.value).where(settings.c.key == AID_SETTINGS_KEY)).scalar()
    if raw is None:
        return AidSettings()
    known = {f.name for f in fields(AidSettings)}
    return replace(AidSettings(), **{k: v for k, v in json.loads(raw).items() if k in known})


def load_aid_settings(ctx: AppContext) -> AidSettings:
    with ctx.store.read() as conn:
        return read_aid_settings(conn)


def read_amil_share_rates(conn: Connection) -> AmilShareRates:
    """Per-kind amil share from the office's rates (SK) plus the DSKL choice above."""
    raw = conn.execute(select(settings.c.value).where(settings.c.key == "rates")).scalar()
    stored = json.loads(raw) if raw is not None else {}
    known = {f.name for f in fields(Rates)}
    rates = replace(DEFAULT_RATES, **{k: v for k, v in stored.items() if k in known})
    aid = read_aid_settings(conn)
    dskl = aid.amil_share_dskl_permille
    return AmilShareRates(
        zakat=rates.amil_share_zakat_permille, infak=rates.amil_share_infak_permille,
        dskl=rates.amil_share_infak_permille if dskl is None else dskl,
    )


def _validate(changes: dict[str, Any]) -> dict[str, Any]:
    known = {f.name for f in fields(AidSettings)}
    for key, value in changes.items():
        if key not in known:
            raise ValidationError("setting_invalid", key=key, value=value)
        if key == "duplicate_aid_days" and (
            isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DUPLICATE_AID_DAYS
        ):
            raise ValidationError("setting_invalid", key=key, value=value)
        if key == "amil_share_dskl_permille" and value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000
        ):
            raise ValidationError("setting_invalid", key=key, value=value)
        if key == "amil_share_retained" and not isinstance(value, bool):
            raise ValidationError("setting_invalid", key=key, value=value)
    return changes


def update_aid_settings(ctx: AppContext, **changes: Any) -> AidSettings:
    """Change aid settings (admin or kepala kantor): one journal event, one transaction."""
    user = ctx.require_role("ubah pengaturan", (Role.ADMIN, Role.KEPALA))
    _validate(changes)
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        new = replace(read_aid_settings(conn), **changes)
        plain = asdict(new)
        raw = canonical_json(plain).decode("utf-8")
        statement = sqlite_insert(settings).values(key=AID_SETTINGS_KEY, value=raw, updated_at=now)
        conn.execute(statement.on_conflict_do_update(
            index_elements=["key"], set_={"value": raw, "updated_at": now}))
        append_event(
            conn, ctx.office.identity, type=SETTINGS_CHANGED, entity_id=AID_SETTINGS_KEY,
            payload={"key": AID_SETTINGS_KEY, "value": plain}, user_id=user.id, occurred_at=now,
        )
    return new
