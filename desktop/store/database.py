"""Opening the office store: file layout, SQLite pragmas, transactions, error translation.

Writes run in ``BEGIN IMMEDIATE`` transactions so two writers never deadlock half-way, with
``synchronous=FULL`` so a committed donation survives a power cut. SQLite's low-level errors
(read-only file, full disk) become typed StoreErrors with a message a clerk can act on; the
transaction is rolled back, so nothing is ever half-saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import StoreError
from desktop.store.lock import InstanceLock
from desktop.store.migrate import ensure_schema

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

DB_FILENAME = "amildesk.sqlite3"
LOCK_FILENAME = "amildesk.lock"


@dataclass(frozen=True)
class StorePaths:
    """Where one office's files live inside its data directory."""

    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def lock(self) -> Path:
        return self.data_dir / LOCK_FILENAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def receipts(self) -> Path:
        return self.data_dir / "receipts"


def translate_sqlite_error(exc: BaseException) -> StoreError | None:
    """Map SQLite's operational failures to the StoreError a clerk should see."""
    message = str(exc).lower()
    if "readonly" in message or "read-only" in message:
        return StoreError("store_read_only")
    if "disk is full" in message or "database or disk is full" in message:
        return StoreError("store_disk_full")
    if "database is locked" in message or "busy" in message:
        return StoreError("store_busy")
    if "unable to open" in message or "disk i/o error" in message:
        return StoreError("store_io_error", detail=str(exc))
    return None


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
    def write(self) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE): commits on success, rolls back on any error."""
        with self._translated(), self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    @contextmanager
    def _translated(self) -> Iterator[None]:
        from sqlalchemy.exc import OperationalError

        try:
            yield
        except OperationalError as exc:
            store_error = translate_sqlite_error(exc.orig if exc.orig is not None else exc)
            if store_error is None:
                raise
            raise store_error from exc
        except sqlite3.OperationalError as exc:
            store_error = translate_sqlite_error(exc)
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


def _make_engine(db_path: Path) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False, "timeout": 10},
        pool_size=3,
        max_overflow=2,
    )

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
        if migrate:
            try:
                ensure_schema(paths.database, paths.backups)
            except sqlite3.OperationalError as exc:
                store_error = translate_sqlite_error(exc)
                if store_error is None:
                    raise
                raise store_error from exc
        return Store(paths, lock=lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
