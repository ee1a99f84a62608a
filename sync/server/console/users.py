"""District console users: create, change password, disable, and check a login with lockout.

These are the district's own staff, separate from office users (who never log in here). Passwords
are argon2 hashes; a wrong password for an unknown user costs the same argon2 check as for a known
one, so the answer's timing does not tell which names exist. Five failed logins lock the user name
and, separately, the client address for fifteen minutes (both kept in the database, so every
worker process sees them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, select

from sync.protocol.ids import uuid7
from sync.server import tables as t
from sync.server.db import write_tx
from sync.server.reference import now_iso

ROLES: Final = ("admin", "pimpinan", "auditor")
# What each role may do: every role reads; pimpinan also sets targets; admin does everything.
PERMISSIONS: Final[dict[str, frozenset[str]]] = {
    "admin": frozenset({"read", "target", "admin"}),
    "pimpinan": frozenset({"read", "target"}),
    "auditor": frozenset({"read"}),
}
USERNAME = re.compile(r"[a-z0-9._-]{2,40}")
MIN_PASSWORD = 10
MAX_PASSWORD = 200
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("amildesk-console-dummy-password")


class LoginRefused(Exception):
    """A login that did not succeed; ``reason`` is ``invalid`` or ``locked`` (shown translated)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ConsoleUser:
    id: str
    username: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())


def _check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise ValueError(f"password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters")


def journal(conn: Connection, username: str, action: str, target: str, **details: object) -> None:
    """Record a console change (who, when, what) in the same transaction as the change."""
    conn.execute(t.console_journal.insert().values(
        at=now_iso(), username=username[:40], action=action[:40], target=target[:200],
        details=json.dumps(details, ensure_ascii=False, default=str)))


def create_user(engine: Engine, username: str, role: str, password: str, *, by: str = "cli") -> str:
    """A new district user; returns its id. Names are lower-case ``a-z 0-9 . _ -``."""
    if not USERNAME.fullmatch(username):
        raise ValueError(f"user name must be 2-40 of a-z, 0-9, '.', '_', '-': {username!r}")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    _check_password(password)
    hashed = _hasher.hash(password)
    with write_tx(engine) as conn:
        if conn.execute(select(t.console_users.c.id).where(t.console_users.c.username == username)).first():
            raise ValueError(f"user {username} already exists")
        user_id = uuid7()
        conn.execute(t.console_users.insert().values(id=user_id, username=username, role=role,
                                                     password_hash=hashed, created_at=now_iso()))
        journal(conn, by, "user.created", username, role=role)
    return user_id


def set_password(engine: Engine, username: str, password: str, *, by: str = "cli") -> None:
    """New password; every open session of the user ends and a lockout on the name is lifted."""
    _check_password(password)
    hashed = _hasher.hash(password)
    with write_tx(engine) as conn:
        user_id = conn.execute(select(t.console_users.c.id).where(t.console_users.c.username == username)).scalar()
        if user_id is None:
            raise LookupError(f"no user {username}")
        conn.execute(t.console_users.update().where(t.console_users.c.id == user_id).values(password_hash=hashed))
        conn.execute(t.console_sessions.delete().where(t.console_sessions.c.user_id == user_id))
        conn.execute(t.login_failures.delete().where(t.login_failures.c.key == f"u:{username}"))
        journal(conn, by, "user.password_set", username)


def disable_user(engine: Engine, username: str, *, by: str = "cli") -> None:
    """The user can no longer log in; their open sessions end at once."""
    with write_tx(engine) as conn:
        user_id = conn.execute(select(t.console_users.c.id).where(t.console_users.c.username == username)).scalar()
        if user_id is None:
            raise LookupError(f"no user {username}")
        conn.execute(t.console_users.update().where(t.console_users.c.id == user_id).values(disabled_at=now_iso()))
        conn.execute(t.console_sessions.delete().where(t.console_sessions.c.user_id == user_id))
        journal(conn, by, "user.disabled", username)


def _locked(conn: Connection, keys: list[str], now: str) -> bool:
    rows = conn.execute(select(t.login_failures.c.locked_until).where(t.login_failures.c.key.in_(keys))).scalars()
    return any(until is not None and until > now for until in rows)


def _fail(conn: Connection, key: str, now: datetime) -> None:
    """Count a failure for ``key``; the fifth within the lockout window locks it."""
    row = conn.execute(select(t.login_failures).where(t.login_failures.c.key == key).with_for_update()).first()
    window_start = (now - LOCKOUT).isoformat()
    if row is None or row.first_at < window_start:
        conn.execute(t.login_failures.delete().where(t.login_failures.c.key == key))
        conn.execute(t.login_failures.insert().values(key=key, failures=1, first_at=now.isoformat()))
        return
    failures = int(row.failures) + 1
    locked = (now + LOCKOUT).isoformat() if failures >= MAX_FAILURES else row.locked_until
    conn.execute(t.login_failures.update().where(t.login_failures.c.key == key)
                 .values(failures=failures, locked_until=locked))


def authenticate(engine: Engine, username: str, password: str, address: str) -> ConsoleUser:
    """The user if the password is right and neither the name nor the address is locked."""
    name = username.strip().lower()[:40]
    keys = [f"u:{name}", f"a:{address[:100]}"]
    now = datetime.now(UTC)
    with engine.connect() as conn:
        if _locked(conn, keys, now.isoformat()):
            raise LoginRefused("locked")
        row = conn.execute(select(t.console_users).where(t.console_users.c.username == name)).first()
    stored = row.password_hash if row is not None and row.disabled_at is None else _DUMMY_HASH
    try:
        ok = _hasher.verify(stored, password[:MAX_PASSWORD]) and stored is not _DUMMY_HASH
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        with write_tx(engine) as conn:  # committed before refusing: the failure must count
            for key in keys:
                _fail(conn, key, now)
        raise LoginRefused("invalid")
    with write_tx(engine) as conn:
        locked = _locked(conn, keys, now.isoformat())  # locked by a parallel attempt meanwhile
        if not locked:
            conn.execute(t.login_failures.delete().where(t.login_failures.c.key == keys[0]))
    if locked:
        raise LoginRefused("locked")
    assert row is not None
    return ConsoleUser(id=str(row.id), username=str(row.username), role=str(row.role))
