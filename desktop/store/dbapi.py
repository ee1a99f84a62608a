"""The one place that opens DB-API connections to a store file: SQLCipher for an encrypted store,
plain sqlite3 for a plain one (a store made before encryption was adopted, until it is encrypted).

Which one is decided per file by ``desktop.store.store_key``: a store whose folder holds
``store-key.json`` is opened with ``sqlcipher3`` and keyed with ``PRAGMA key`` as the connection's
first statement. Callers name a path (or a ``file:…?mode=ro`` URI) and get a connection; a caller
that knows better (a restore's candidate, keyed with the backup's key) passes ``key=``.

The two drivers have their own error classes: catch ``OPERATIONAL_ERRORS``, ``DATABASE_ERRORS`` or
``INTEGRITY_ERRORS`` (both drivers' classes), never ``sqlite3.X`` alone.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, cast
from urllib.parse import unquote, urlsplit

import sqlcipher3

from desktop.store.store_key import key_for_database

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine


class _Auto:
    """The default of ``key=``: look the key up from the file's folder."""


AUTO: Final = _Auto()
KeyArg = str | None | _Auto

OPERATIONAL_ERRORS: Final = (sqlite3.OperationalError, sqlcipher3.OperationalError)
DATABASE_ERRORS: Final = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
INTEGRITY_ERRORS: Final = (sqlite3.IntegrityError, sqlcipher3.IntegrityError)
ERRORS: Final = (sqlite3.Error, sqlcipher3.Error)
ROW_TYPES: Final = (sqlite3.Row, sqlcipher3.Row)


def file_of(database: str | Path) -> Path | None:
    """The file a ``connect`` argument names (a path or a ``file:`` URI); None for ``:memory:``."""
    text = str(database)
    if text == ":memory:" or text == "":
        return None
    if text.startswith("file:"):
        path = unquote(urlsplit(text).path)
        return None if path in ("", ":memory:") else Path(path)
    return Path(text)


def key_of(database: str | Path, key: KeyArg = AUTO) -> str | None:
    """``key``, or the key of the store file ``database`` names; StoreError when it cannot be had."""
    if not isinstance(key, _Auto):
        return key
    path = file_of(database)
    return None if path is None else key_for_database(path)


def driver_for(key: str | None) -> ModuleType:
    """The DB-API module for a store with ``key`` (None: plain)."""
    return sqlite3 if key is None else sqlcipher3


def connect(database: str | Path, *, key: KeyArg = AUTO, **kwargs: Any) -> sqlite3.Connection:
    """``sqlite3.connect(database, **kwargs)``, or a keyed SQLCipher connection for an encrypted store."""
    resolved = key_of(database, key)
    if resolved is None:
        return sqlite3.connect(database, **kwargs)
    conn = sqlcipher3.connect(str(database), **kwargs)
    try:
        conn.execute(f"PRAGMA key = \"x'{resolved}'\"")  # must be the first statement on the connection
    except BaseException:
        conn.close()
        raise
    return cast(sqlite3.Connection, conn)


def read_only(db_path: Path, *, key: KeyArg = AUTO, **kwargs: Any) -> sqlite3.Connection:
    """A read-only connection to ``db_path`` (``mode=ro`` URI), as the cheap readers open it."""
    return connect(f"file:{db_path}?mode=ro", key=key_of(db_path, key), uri=True, **kwargs)


def create_engine(db_path: Path, *, key: KeyArg = AUTO, **kwargs: Any) -> Engine:
    """A SQLAlchemy engine on ``db_path`` whose connections come from ``connect`` (so they are keyed).

    ``module`` makes SQLAlchemy wrap the driver's own error classes (sqlcipher3's are not sqlite3's).
    """
    from sqlalchemy import create_engine as sa_create_engine

    resolved = key_of(db_path, key)
    return sa_create_engine(f"sqlite:///{db_path}", module=driver_for(resolved),
                            creator=lambda: connect(db_path, key=resolved, check_same_thread=False, timeout=10),
                            **kwargs)


def is_encrypted_file(db_path: Path) -> bool:
    """True when ``db_path`` exists and does not start with SQLite's plain header."""
    try:
        with open(db_path, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return False
    return len(head) == 16 and head != b"SQLite format 3\x00"


def driver_connection(conn: Connection) -> sqlite3.Connection:
    """The DB-API connection under a SQLAlchemy one, for the few statements run so often (the chain's
    position, the sync state, the catalogue writes of a pull) that building a SQLAlchemy statement
    would cost ~10x the query; they run inside the same transaction."""
    raw = conn.connection.driver_connection
    assert raw is not None
    return cast(sqlite3.Connection, raw)
