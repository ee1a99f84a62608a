"""Office settings: one typed object, loaded once, changed through the journal.

Rates are institution decisions (SK), never constants in logic: they default from
``desktop.core.funds.DEFAULT_RATES`` and each office overrides them here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from desktop.core.errors import ValidationError
from desktop.core.funds import DEFAULT_RATES, Rates
from desktop.core.roles import Role
from desktop.receipts.model import PaperFormat
from sync.protocol.canonical import canonical_json
from sync.protocol.events import SETTINGS_CHANGED

if TYPE_CHECKING:
    from desktop.services.context import AppContext
    from desktop.store.database import Store

LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class OfficeSettings:
    paper_format: str = PaperFormat.THERMAL_80.value
    printer_name: str | None = None  # None: the system default printer
    print_after_save: bool = True
    language: str = "id"
    timezone: str = "WIB"
    verify_url: str = ""  # base URL the receipt QR points to; empty: number|code only
    backup_folder: str = ""  # second backup destination (a USB disk); empty: the data folder only
    idle_lock_minutes: int = 10  # back to the login dialog after this long without input
    rates: Rates = field(default_factory=lambda: DEFAULT_RATES)

    def to_values(self) -> dict[str, Any]:
        values = asdict(self)
        values["rates"] = asdict(self.rates)
        return values


def _decode(key: str, raw: str) -> Any:
    value = json.loads(raw)
    if key == "rates":
        known = {f.name for f in fields(Rates)}
        return replace(DEFAULT_RATES, **{k: v for k, v in value.items() if k in known})
    return value


def load_settings(store: Store) -> OfficeSettings:
    """Read with plain sqlite3: the window needs settings before its first paint."""
    with store.raw_read() as conn:
        rows = conn.execute("SELECT key, value FROM settings").fetchall()
    known = {f.name for f in fields(OfficeSettings)}
    values = {row["key"]: _decode(row["key"], row["value"]) for row in rows if row["key"] in known}
    return OfficeSettings(**values)


def validate_setting(key: str, value: Any) -> Any:
    """Check one setting's value; returns it normalised or raises ValidationError."""
    if key == "paper_format":
        if value not in {p.value for p in PaperFormat}:
            raise ValidationError("setting_invalid", key=key, value=value)
    elif key == "language":
        if value not in LANGUAGES:
            raise ValidationError("setting_invalid", key=key, value=value)
    elif key == "timezone":
        from desktop.services.context import OFFICE_TIMEZONES

        if value not in OFFICE_TIMEZONES:
            raise ValidationError("setting_invalid", key=key, value=value)
    elif key == "idle_lock_minutes":
        if type(value) is not int or not 1 <= value <= 240:
            raise ValidationError("setting_invalid", key=key, value=value)
    elif key == "backup_folder":
        if not isinstance(value, str) or len(value) > 500:
            raise ValidationError("setting_invalid", key=key, value=value)
        return value.strip()
    elif key == "rates":
        rates = value if isinstance(value, Rates) else replace(DEFAULT_RATES, **dict(value))
        for name, number in asdict(rates).items():
            if not isinstance(number, int) or number < 0:
                raise ValidationError("setting_invalid", key=f"rates.{name}", value=number)
        return rates
    elif key not in {f.name for f in fields(OfficeSettings)}:
        raise ValidationError("setting_invalid", key=key, value=value)
    return value


def update_settings(ctx: AppContext, **changes: Any) -> OfficeSettings:
    """Change settings (admin or kepala kantor), one journal event per key, in one transaction."""
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    from desktop.store.journal import append_event
    from desktop.store.tables import settings

    user = ctx.require_role("ubah pengaturan", (Role.ADMIN, Role.KEPALA))
    normalised = {key: validate_setting(key, value) for key, value in changes.items()}
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        for key, value in normalised.items():
            plain = asdict(value) if isinstance(value, Rates) else value
            raw = canonical_json(plain).decode("utf-8")
            statement = sqlite_insert(settings).values(key=key, value=raw, updated_at=now)
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=["key"], set_={"value": raw, "updated_at": now}
                )
            )
            append_event(
                conn, ctx.office.identity, type=SETTINGS_CHANGED, entity_id=key,
                payload={"key": key, "value": plain}, user_id=user.id, occurred_at=now,
            )
    new_settings = load_settings(ctx.store)
    ctx.timezone_name = new_settings.timezone
    return new_settings
