"""The one place that opens DB-API connections to a store file: plain sqlite3, or SQLCipher on request.

The live store is plain SQLite (docs/privacy.md). ``AMILDESK_SQLCIPHER_KEY`` (64 hex digits, a raw
256-bit key as the OS keyring would hold it) switches every connection made here to ``sqlcipher3``
keyed with ``PRAGMA key``. It exists so the SQLCipher evaluation (bench/bench_sqlcipher.py, the
store tests) runs the store's real code; it is not a feature: the key handling, backups and the
restore of an encrypted store are not built (see docs/privacy.md for what adoption would take).
"""

from __future__ import annotations

import importlib
import os
import re
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

KEY_ENV = "AMILDESK_SQLCIPHER_KEY"
_HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")


def cipher_key() -> str | None:
    """The raw SQLCipher key from the environment, or None for a plain store."""
    key = os.environ.get(KEY_ENV, "").strip()
    if not key:
        return None
    if not _HEX_KEY.fullmatch(key):
        raise ValueError(f"{KEY_ENV} must be 64 hex digits (a raw 256-bit key)")
    return key


def driver() -> ModuleType:
    """The DB-API module in use: its error classes and Row are the ones callers must catch and use."""
    if cipher_key() is None:
        return sqlite3
    return importlib.import_module("sqlcipher3")  # imported by name: not a declared dependency


def connect(database: str | Path, **kwargs: Any) -> sqlite3.Connection:
    """``sqlite3.connect(database, **kwargs)``, keyed first when the store is encrypted."""
    key = cipher_key()
    if key is None:
        return sqlite3.connect(database, **kwargs)
    conn = driver().connect(str(database), **kwargs)
    try:
        conn.execute(f"PRAGMA key = \"x'{key}'\"")  # must be the first statement on the connection
    except BaseException:
        conn.close()
        raise
    return cast(sqlite3.Connection, conn)


def read_only(db_path: Path, **kwargs: Any) -> sqlite3.Connection:
    """A read-only connection to ``db_path`` (``mode=ro`` URI), as the cheap readers open it."""
    return connect(f"file:{db_path}?mode=ro", uri=True, **kwargs)


def create_engine(db_path: Path, **kwargs: Any) -> Engine:
    """A SQLAlchemy engine on ``db_path`` whose connections come from ``connect`` (so they are keyed).

    ``module`` makes SQLAlchemy wrap the driver's own error classes (sqlcipher3's are not sqlite3's).
    """
    from sqlalchemy import create_engine as sa_create_engine

    return sa_create_engine(f"sqlite:///{db_path}", module=driver(),
                            creator=lambda: connect(db_path, check_same_thread=False, timeout=10), **kwargs)


def driver_connection(conn: Connection) -> sqlite3.Connection:
    """The DB-API connection under a SQLAlchemy one, for the few statements run so often (the chain's
    position, the sync state, the catalogue writes of a pull) that building a SQLAlchemy statement
    would cost ~10x the query; they run inside the same transaction."""
    raw = conn.connection.driver_connection
    assert raw is not None
    return cast(sqlite3.Connection, raw)
