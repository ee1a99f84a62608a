"""Local users: first admin, login, adding users. Passwords are argon2 hashes, never stored plain.

argon2 is imported lazily: hashing is only needed at login and when a user is created.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from desktop.core.errors import ValidationError
from desktop.core.ids import new_uuid7
from desktop.core.passwords import check_password
from desktop.core.roles import Role
from desktop.core.text import clean_text
from desktop.services.auth import authenticate, hash_password, login
from desktop.services.context import AppContext, UserInfo
from desktop.store.journal import DeviceIdentity, append_event
from desktop.store.tables import users
from sync.protocol.events import USER_SAVED

__all__ = ["authenticate", "create_user", "hash_password", "insert_user", "list_users", "login"]


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
    check_password(clean_username, password)
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


def list_users(ctx: AppContext) -> list[UserInfo]:
    with ctx.store.read() as conn:
        rows = conn.execute(select(users).order_by(users.c.username)).all()
    return [UserInfo(id=r.id, username=r.username, full_name=r.full_name, role=Role(r.role)) for r in rows]
