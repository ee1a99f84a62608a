"""Login: password hashing and checking, kept free of SQLAlchemy so the login needs no heavy import.

Passwords are argon2id hashes, never stored plain; argon2 itself is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.errors import AuthError
from desktop.core.roles import Role
from desktop.services.context import AppContext, UserInfo

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from desktop.store.database import Store

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


def authenticate(store: Store, username: str, password: str) -> UserInfo:
    """Check credentials; the same message for unknown user and wrong password (no user probing)."""
    with store.raw_read() as conn:  # plain sqlite3: login comes before the first window paints
        row = conn.execute(
            "SELECT id, username, full_name, role, password_hash, active FROM users WHERE username = ?",
            ((username or "").strip().lower(),),
        ).fetchone()
    if row is None or not _password_matches(row["password_hash"], password or ""):
        raise AuthError("login_failed")
    if not row["active"]:
        raise AuthError("user_inactive", username=row["username"])
    if _hasher().check_needs_rehash(row["password_hash"]):
        from sqlalchemy import update

        from desktop.store.tables import users

        with store.write() as write_conn:
            write_conn.execute(
                update(users).where(users.c.id == row["id"]).values(password_hash=hash_password(password))
            )
    return UserInfo(id=row["id"], username=row["username"], full_name=row["full_name"], role=Role(row["role"]))


def verify_credentials(ctx: AppContext, username: str, password: str) -> UserInfo:
    """Check credentials under the lock-out rule: 5 wrong passwords lock that user for 5 minutes.

    The lock is checked before the password (a locked account refuses even the right one) and the
    lock itself is journalled (``user.locked``), so the district sees password guessing. Every
    password prompt goes through here (the login, the kepala's confirmation of a closing), so no
    prompt can be used to guess without the limit.
    """
    from desktop.services.login_guard import check_unlocked, clear_failures, record_failure

    now = ctx.now()
    guard = check_unlocked(ctx, username, now)
    try:
        user = authenticate(ctx.store, username, password)
    except AuthError as exc:
        if exc.code == "login_failed" and guard is not None:
            record_failure(ctx, guard, now)  # raises user_locked at the fifth failure
        raise
    if guard is not None and guard.failures:
        clear_failures(ctx, guard.user_id)
    return user


def login(ctx: AppContext, username: str, password: str) -> UserInfo:
    ctx.user = verify_credentials(ctx, username, password)
    return ctx.user
