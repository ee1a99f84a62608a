"""What every use case needs: the open store, who this device is, who is logged in, and the clock.

Services are plain functions taking an ``AppContext``; the UI and the CLI build one and call them.
The clock is injectable so tests can pin "today" without patching.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from desktop.core.errors import NotFound, PermissionDenied
from desktop.core.roles import ROLE_LABELS, Role
from desktop.store.database import Store, open_store
from desktop.store.identity import DeviceIdentity

# Indonesia's three zones, by the abbreviation clerks use; fixed offsets, no DST.
OFFICE_TIMEZONES = {"WIB": 7, "WITA": 8, "WIT": 9}


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """UTC timestamp text that sorts correctly as a string (microseconds, 'Z')."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class OfficeInfo:
    id: str
    code: str
    name: str
    institution_name: str
    institution_address: str
    logo_path: str | None
    device_id: str
    device_letter: str

    @property
    def identity(self) -> DeviceIdentity:
        return DeviceIdentity(device_id=self.device_id, office_code=self.code)


@dataclass(frozen=True)
class UserInfo:
    id: str
    username: str
    full_name: str
    role: Role

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass
class AppContext:
    store: Store
    office: OfficeInfo
    user: UserInfo | None = None
    clock: Callable[[], datetime] = field(default=utc_now)
    timezone_name: str = "WIB"

    def now(self) -> datetime:
        return self.clock()

    def now_iso(self) -> str:
        return iso_utc(self.clock())

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(hours=OFFICE_TIMEZONES.get(self.timezone_name, 7)), self.timezone_name)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def require_user(self) -> UserInfo:
        if self.user is None:
            raise PermissionDenied("login_required")
        return self.user

    def require_role(self, action: str, roles: Iterable[Role]) -> UserInfo:
        """Role checks live here, in the services, so no UI path can skip them."""
        user = self.require_user()
        allowed = tuple(roles)
        if user.role not in allowed:
            raise PermissionDenied(
                "permission_denied", action=action, roles=tuple(ROLE_LABELS[r] for r in allowed)
            )
        return user

    def close(self) -> None:
        self.store.close()


def load_office(store: Store) -> OfficeInfo:
    """Read with plain sqlite3: this runs before the first window paints (see Store.raw_read)."""
    with store.raw_read() as conn:
        row = conn.execute(
            "SELECT id, code, name, institution_name, institution_address, logo_path, device_id, "
            "device_letter FROM office LIMIT 1"
        ).fetchone()
    if row is None:
        raise NotFound("not_initialized")
    return OfficeInfo(**dict(row))


def open_context(data_dir: Path, *, exclusive: bool = True) -> AppContext:
    """Open the office store in ``data_dir`` for an initialised office (NotFound otherwise)."""
    store = open_store(data_dir, exclusive=exclusive)
    try:
        office_info = load_office(store)
        from desktop.services.settings import load_settings

        settings = load_settings(store)
        return AppContext(store=store, office=office_info, timezone_name=settings.timezone)
    except BaseException:
        store.close()
        raise
