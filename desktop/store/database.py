"""Opening the office store: file layout, SQLite pragmas, transactions, error translation.

Writes run in ``BEGIN IMMEDIATE`` transactions so two writers never deadlock half-way, with
``synchronous=FULL`` so a committed donation survives a power cut. SQLite's low-level errors
(read-only file, full disk) become typed StoreErrors with a message a clerk can act on; the
transaction is rolled back, so nothing is ever half-saved.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import StoreError
from desktop.store import dbapi
from desktop.store.lock import InstanceLock
from desktop.store.migrate import ensure_schema
from desktop.store.paths import StorePaths

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

def translate_sqlite_error(exc: BaseException, db_path: Path | None = None) -> StoreError | None:
    """Map SQLite's operational failures to the StoreError a clerk should see."""
    message = str(exc).lower()
    if "readonly" in message or "read-only" in message:
        return StoreError("store_read_only")
    if "disk is full" in message or "database or disk is full" in message:
        return StoreError("store_disk_full")
    if "database is locked" in message or "busy" in message:
        return StoreError("store_busy")
    if "unable to open" in message or "disk i/o error" in message:
        # An open connection to a file that became unwritable (immutable flag, remounted read-only,
        # permissions) reports a generic I/O error; name the cause the clerk can act on.
        if db_path is not None and not _writable(db_path):
            return StoreError("store_read_only")
        return StoreError("store_io_error", detail=str(exc))
    return None


def _writable(db_path: Path) -> bool:
    """Whether the store file and its WAL can be opened for writing right now."""
    for candidate in (db_path, db_path.with_name(db_path.name + "-wal")):
        if not candidate.exists():
            continue
        try:
            with open(candidate, "r+b"):
                pass
        except OSError:
            return False
    return os.access(db_path.parent, os.W_OK)


class Store:
    """An open office store. Services get connections from ``read()`` and ``write()``."""

    def __init__(self, paths: StorePaths, *, lock: InstanceLock | None) -> None:
        self.paths = paths
        self._lock = lock
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """Created on first use: SQLAlchemy is imported only when data is first needed."""
        if self._engine is None:
            self._engine = _make_engine(self.paths.database)
        return self._engine

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot of the store."""
        with self._translated(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def raw_read(self) -> Iterator[sqlite3.Connection]:
        """A DB-API read-only connection (keyed when encrypted), for the few queries before the first window paints.

        Opening the office, loading settings and checking a password happen before the main window
        shows; doing them without SQLAlchemy keeps its ~0.25 s import out of the cold start.
        """
        with self._translated():
            key = dbapi.key_of(self.paths.database)  # looked up once: it names the driver too
            conn = dbapi.read_only(self.paths.database, key=key, timeout=10)
            try:
                conn.row_factory = dbapi.driver_for(key).Row
                yield conn
            finally:
                conn.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE): commits on success, rolls back on any error."""
        with self._translated(), self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except Exception as exc:
            cause = _operational_cause(exc)
            store_error = None if cause is None else translate_sqlite_error(cause, self.paths.database)
            if store_error is None:
                raise
            raise store_error from exc

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _operational_cause(exc: BaseException) -> BaseException | None:
    """The driver's OperationalError behind ``exc`` (raised bare, or wrapped by SQLAlchemy), if any."""
    if isinstance(exc, dbapi.OPERATIONAL_ERRORS):
        return exc
    # SQLAlchemy wraps the driver's error; only look when SQLAlchemy is loaded at all.
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(exc, sa_exc.OperationalError) and exc.orig is not None:
        return exc.orig
    return None


def _make_engine(db_path: Path) -> Engine:
    from sqlalchemy import event

    engine = dbapi.create_engine(db_path, pool_size=3, max_overflow=2)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event, not the driver, decide when transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _prepare_key(paths: StorePaths) -> None:
    """A new store is made encrypted and a plain one encrypted once (``store_encryption``)."""
    from desktop.store.store_encryption import prepare_store_key

    try:
        prepare_store_key(paths)
    except OSError as exc:
        raise StoreError("store_io_error", detail=str(exc)) from exc


def open_store(data_dir: Path, *, exclusive: bool = True, migrate: bool = True) -> Store:
    """Open (creating if needed) the store in ``data_dir``.

    ``exclusive`` takes the one-instance lock (the app and every writing command do; read-only
    support commands such as ``status`` do not, so they work beside a running app).
    """
    paths = StorePaths(Path(data_dir))
    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError("store_io_error", detail=str(exc)) from exc
    lock = InstanceLock(paths.lock) if exclusive else None
    if lock is not None:
        lock.acquire()
    try:
        if exclusive:
            _prepare_key(paths)
        if migrate:
            try:
                ensure_schema(paths.database, paths.backups)
            except Exception as exc:
                cause = _operational_cause(exc)
                store_error = None if cause is None else translate_sqlite_error(cause)
                if store_error is None:
                    raise
                raise store_error from exc
        return Store(paths, lock=lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
