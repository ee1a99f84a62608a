"""Console sessions: a random cookie (stored only as its sha256), a CSRF token, idle expiry.

The cookie is HttpOnly and SameSite=Strict (Secure when the server runs under TLS), so scripts on a
page cannot read it and other sites cannot send it. Every form carries the session's CSRF token as
well; the login form, which has no session yet, uses a double-submit token (a SameSite cookie equal
to the hidden field). A session ends after ``IDLE`` without requests or ``MAX_AGE`` in all.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from sync.server import tables as t
from sync.server.console.users import ConsoleUser
from sync.server.db import write_tx

COOKIE = "amildesk_console"
LOGIN_CSRF_COOKIE = "amildesk_login_csrf"
IDLE = timedelta(minutes=int(os.environ.get("AMILDESK_CONSOLE_IDLE_MINUTES", "30")))
MAX_AGE = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=60)  # last_seen is written at most once a minute per session


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


class Session:
    """A live session: who, and the CSRF token its forms must carry."""

    def __init__(self, user: ConsoleUser, csrf: str) -> None:
        self.user = user
        self.csrf = csrf


def start(engine: Engine, user: ConsoleUser) -> str:
    """A new session for ``user``; returns the cookie value (shown to the browser only)."""
    token = new_token()
    now = datetime.now(UTC).isoformat()
    with write_tx(engine) as conn:
        conn.execute(t.console_sessions.insert().values(
            token_hash=_digest(token), user_id=user.id, csrf=new_token(), created_at=now, last_seen_at=now))
        # Old sessions of everyone are cleared on the way: the table stays small without a timer.
        conn.execute(t.console_sessions.delete().where(
            t.console_sessions.c.last_seen_at < (datetime.now(UTC) - IDLE).isoformat()))
    return token


def lookup(engine: Engine, token: str | None) -> Session | None:
    """The live session behind a cookie value, or None (unknown, idle too long, too old, user disabled)."""
    if not token or len(token) > 100:
        return None
    key = _digest(token)
    s, u = t.console_sessions.c, t.console_users.c
    with engine.connect() as conn:
        row = conn.execute(select(s.csrf, s.created_at, s.last_seen_at, u.id, u.username, u.role, u.disabled_at)
                           .join(t.console_users, u.id == s.user_id).where(s.token_hash == key)).first()
    if row is None:
        return None
    now = datetime.now(UTC)
    if (row.disabled_at is not None or row.last_seen_at < (now - IDLE).isoformat()
            or row.created_at < (now - MAX_AGE).isoformat()):
        end(engine, token)
        return None
    if row.last_seen_at < (now - TOUCH_EVERY).isoformat():
        with write_tx(engine) as conn:
            conn.execute(t.console_sessions.update().where(s.token_hash == key).values(last_seen_at=now.isoformat()))
    return Session(ConsoleUser(str(row.id), str(row.username), str(row.role)), str(row.csrf))


def end(engine: Engine, token: str | None) -> None:
    if token:
        with write_tx(engine) as conn:
            conn.execute(t.console_sessions.delete().where(t.console_sessions.c.token_hash == _digest(token)))
