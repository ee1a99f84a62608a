"""Failed logins: five wrong passwords in a row lock that user for five minutes (journalled).

Counting is per user, not per device or per name typed: an unknown user name has nothing to lock
(and the login says the same "wrong user or password" for both, so names cannot be probed). The
count and the deadline live in ``login_guard``; a successful login clears them; a lock resets the
count, so after it expires the user has five tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.core.errors import AuthError
from desktop.services.context import AppContext, iso_utc, parse_iso_utc
from sync.protocol.events import USER_LOCKED

MAX_FAILURES = 5
LOCK_MINUTES = 5


@dataclass(frozen=True)
class Guard:
    user_id: str
    username: str
    failures: int
    locked_until: str | None


def _read(ctx: AppContext, username: str) -> Guard | None:
    with ctx.store.raw_read() as conn:
        row = conn.execute(
            "SELECT u.id, u.username, coalesce(g.failures, 0), g.locked_until FROM users u "
            "LEFT JOIN login_guard g ON g.user_id = u.id WHERE u.username = ?",
            ((username or "").strip().lower(),)).fetchone()
    return None if row is None else Guard(str(row[0]), str(row[1]), int(row[2]), row[3])


def _locked(ctx: AppContext, guard: Guard, until: datetime) -> AuthError:
    return AuthError("user_locked", username=guard.username, minutes=LOCK_MINUTES,
                     until=ctx.local(until).strftime("%H:%M"))


def check_unlocked(ctx: AppContext, username: str, now: datetime) -> Guard | None:
    """The user's guard (None for an unknown name); raises AuthError("user_locked") while locked."""
    guard = _read(ctx, username)
    if guard is not None and guard.locked_until and parse_iso_utc(guard.locked_until) > now:
        raise _locked(ctx, guard, parse_iso_utc(guard.locked_until))
    return guard


def record_failure(ctx: AppContext, guard: Guard, now: datetime) -> None:
    """Count one wrong password; at the fifth, lock the user (journalled) and raise user_locked."""
    from sqlalchemy import select
    from sqlalchemy.dialects.sqlite import insert

    from desktop.store.journal import append_event
    from desktop.store.tables import login_guard

    stamp = iso_utc(now)
    with ctx.store.write() as conn:
        current = conn.execute(select(login_guard.c.failures).where(login_guard.c.user_id == guard.user_id)).scalar()
        failures = int(current or 0) + 1
        until = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
        values = {"failures": 0 if until else failures, "locked_until": iso_utc(until) if until else None,
                  "last_failure_at": stamp}
        conn.execute(insert(login_guard).values(user_id=guard.user_id, **values)
                     .on_conflict_do_update(index_elements=["user_id"], set_=values))
        if until is not None:
            append_event(conn, ctx.office.identity, type=USER_LOCKED, entity_id=guard.user_id,
                         payload={"user_id": guard.user_id, "username": guard.username, "failures": failures,
                                  "locked_until": iso_utc(until)},
                         user_id=None, occurred_at=stamp)
    if until is not None:
        raise _locked(ctx, guard, until)


def clear_failures(ctx: AppContext, user_id: str) -> None:
    from sqlalchemy import delete

    from desktop.store.tables import login_guard

    with ctx.store.write() as conn:
        conn.execute(delete(login_guard).where(login_guard.c.user_id == user_id))
