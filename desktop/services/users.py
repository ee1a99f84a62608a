"""Local users: first admin, login, adding users. Passwords are argon2 hashes, never stored plain.

argon2 is imported lazily: hashing is only needed at login and when a user is created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select, update

from desktop.core.errors import AuthError, ValidationError
from desktop.core.ids import new_uuid7
from desktop.core.roles import Role
from desktop.core.text import clean_text
from desktop.services.context import AppContext, UserInfo
from desktop.store.journal import DeviceIdentity, append_event
from desktop.store.tables import users
from sync.protocol.events import USER_SAVED

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from desktop.store.database import Store

MIN_PASSWORD_LENGTH = 6


# argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane): ~30 ms on an old office PC instead of the
# library default's 64 MiB x 3 x 4 lanes (~0.3-0.4 s), which sat in front of every login. A local
# login on a device whose disk is already readable gains little from more; hashes made with other
# parameters still verify and are upgraded at the next login.
ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES = 2, 19_456, 1


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_LANES)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _password_matches(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _validate_new_user(username: str, full_name: str, role: str, password: str) -> tuple[str, str, Role]:
    clean_username = (username or "").strip().lower()
    if not clean_username or not clean_username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise ValidationError("username_invalid", text=username)
    if len(clean_username) > 64:
        raise ValidationError("text_too_long", field="Nama pengguna", max_len=64, length=len(clean_username))
    name = clean_text(full_name, max_len=120, field="Nama lengkap") or clean_username
    try:
        clean_role = Role(role)
    except ValueError as exc:
        raise ValidationError("role_unknown", role=role) from exc
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError("password_too_short", min_len=MIN_PASSWORD_LENGTH)
    return clean_username, name, clean_role


def insert_user(
    conn: Connection, identity: DeviceIdentity, *, username: str, full_name: str, role: str,
    password: str, now: str, created_by: str | None,
) -> UserInfo:
    """Insert a user and its journal event inside the caller's transaction."""
    clean_username, name, clean_role = _validate_new_user(username, full_name, role, password)
    if conn.execute(select(users.c.id).where(users.c.username == clean_username)).first():
        raise ValidationError("username_taken", username=clean_username)
    user_id = new_uuid7()
    conn.execute(
        insert(users).values(
            id=user_id, username=clean_username, full_name=name, role=clean_role.value,
            password_hash=hash_password(password), active=True, created_at=now, updated_at=now,
        )
    )
    append_event(
        conn, identity, type=USER_SAVED, entity_id=user_id,
        payload={"id": user_id, "username": clean_username, "full_name": name,
                 "role": clean_role.value, "active": True},
        user_id=created_by or user_id, occurred_at=now,
    )
    return UserInfo(id=user_id, username=clean_username, full_name=name, role=clean_role)


def create_user(ctx: AppContext, *, username: str, full_name: str, role: str, password: str) -> UserInfo:
    admin = ctx.require_role("tambah pengguna", (Role.ADMIN,))
    with ctx.store.write() as conn:
        return insert_user(
            conn, ctx.office.identity, username=username, full_name=full_name, role=role,
            password=password, now=ctx.now_iso(), created_by=admin.id,
        )


def authenticate(store: Store, username: str, password: str) -> UserInfo:
    """Check credentials; the same message for unknown user and wrong password (no user probing)."""
    with store.read() as conn:
        row = conn.execute(select(users).where(users.c.username == (username or "").strip().lower())).first()
    if row is None or not _password_matches(row.password_hash, password or ""):
        raise AuthError("login_failed")
    if not row.active:
        raise AuthError("user_inactive", username=row.username)
    if _hasher().check_needs_rehash(row.password_hash):
        with store.write() as conn:
            conn.execute(update(users).where(users.c.id == row.id).values(password_hash=hash_password(password)))
    return UserInfo(id=row.id, username=row.username, full_name=row.full_name, role=Role(row.role))


def login(ctx: AppContext, username: str, password: str) -> UserInfo:
    ctx.user = authenticate(ctx.store, username, password)
    return ctx.user


def list_users(ctx: AppContext) -> list[UserInfo]:
    with ctx.store.read() as conn:
        rows = conn.execute(select(users).order_by(users.c.username)).all()
    return [UserInfo(id=r.id, username=r.username, full_name=r.full_name, role=Role(r.role)) for r in rows]
