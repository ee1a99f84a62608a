"""The device's side of the district link, kept in the store's ``sync_state`` key/value table.

Keys: ``server_url``, ``token`` (the device's bearer token: it lives in the local store, which is
as protected as the donations it guards; it is never logged or printed), ``ca_bundle``,
``allow_insecure_http`` ("1": plain http to a non-local host was explicitly allowed for this link),
``device_id``/``office_id``/``office_name`` as the server knows them, ``enrolled_at``;
``acked_seq``/``acked_hash`` (the district holds everything up to there), ``cursor`` (reference
data applied up to there); ``last_attempt_at``, ``last_sync_at`` (last attempt without error),
``last_error`` (JSON ``{"code", "params"}``) and ``last_error_at``; ``exported_through_seq``,
``exported_at`` and ``export_path`` for batch files carried by hand.

Everything is small text; reading all of it is one query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from desktop.core.errors import AmilError
from desktop.store.dbapi import driver_connection
from desktop.store.tables import sync_state
from sync.client.transport import needs_insecure_flag

SECRET_KEYS = frozenset({"token"})


class SyncProblem(AmilError):
    """A sync or enrollment attempt that did not succeed; ``code`` picks the clerk's message."""


# Plain SQL on the transaction's own sqlite3 connection: a sync reads and writes this table a few
# times around every upload, and building, caching and running a SQLAlchemy statement cost ~10x the
# query itself (with 50 devices syncing at once, their CPU is the server's too on one machine).
_READ_SQL = f"SELECT key, value FROM {sync_state.name}"
_UPSERT_SQL = (f"INSERT INTO {sync_state.name} (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
_DELETE_SQL = f"DELETE FROM {sync_state.name} WHERE key = ?"




def read_state(conn: Connection) -> dict[str, str]:
    return {str(key): str(value) for key, value in driver_connection(conn).execute(_READ_SQL)}


def write_state(conn: Connection, **values: str | int | None) -> None:
    """Upsert the given keys inside the caller's transaction; ``None`` removes a key."""
    raw = driver_connection(conn)
    gone = [(key,) for key, value in values.items() if value is None]
    kept = [(key, str(value)) for key, value in values.items() if value is not None]
    if gone:
        raw.executemany(_DELETE_SQL, gone)
    if kept:
        raw.executemany(_UPSERT_SQL, kept)


@dataclass(frozen=True)
class SyncLink:
    """Where and as whom this device syncs (``repr`` leaves the token out)."""

    server_url: str
    token: str
    ca_bundle: str | None
    office_id: str
    device_id: str
    allow_insecure_http: bool = False

    @property
    def insecure(self) -> bool:
        """Plain http to a non-local host: usable only because it was explicitly allowed (warn)."""
        return needs_insecure_flag(self.server_url)

    def __repr__(self) -> str:
        return f"SyncLink(server_url={self.server_url!r}, office_id={self.office_id!r}, device_id={self.device_id!r})"


def link_from_state(state: dict[str, str]) -> SyncLink | None:
    if not state.get("server_url") or not state.get("token"):
        return None
    return SyncLink(server_url=state["server_url"], token=state["token"], ca_bundle=state.get("ca_bundle") or None,
                    office_id=state.get("office_id", ""), device_id=state.get("device_id", ""),
                    allow_insecure_http=state.get("allow_insecure_http") == "1")


def encode_error(problem: AmilError) -> str:
    return json.dumps({"code": problem.code, "params": {k: str(v) for k, v in problem.params.items()}},
                      ensure_ascii=False, sort_keys=True)


def decode_error(raw: str | None) -> SyncProblem | None:
    """The last recorded problem as an error object (the UI translates its template)."""
    if not raw:
        return None
    try:
        value: Any = json.loads(raw)
        code, params = str(value["code"]), {str(k): str(v) for k, v in dict(value.get("params") or {}).items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return SyncProblem("sync_failed", detail=raw[:200])
    problem = SyncProblem(code, **params)
    try:
        problem.template.format(**params)
    except (KeyError, IndexError, ValueError):  # recorded by an older version with other parameters
        return SyncProblem("sync_failed", detail="; ".join(params.values()) or code)
    return problem


def public_state(state: dict[str, str]) -> dict[str, object]:
    """The sync facts ``amildesk status --json`` and the window show (never the token)."""
    problem = decode_error(state.get("last_error"))
    exported = int(state.get("exported_through_seq", "0") or 0)
    acked = int(state.get("acked_seq", "0") or 0)
    link = link_from_state(state)
    return {
        "server_url": state.get("server_url"),
        "enrolled": link is not None,
        "allow_insecure_http": state.get("allow_insecure_http") == "1",
        "insecure_http": link is not None and link.insecure,
        "last_attempt_at": state.get("last_attempt_at"),
        "last_sync_at": state.get("last_sync_at"),
        "last_error": None if problem is None else problem.code,
        "last_error_message": None if problem is None else str(problem),
        "last_error_at": state.get("last_error_at") if problem is not None else None,
        "exported_through_seq": exported,
        "exported_at": state.get("exported_at"),
        "export_unconfirmed": exported > acked,
        "reference_cursor": int(state.get("cursor", "0") or 0),
    }
