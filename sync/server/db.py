"""Engine set-up and migrations for SQLite (default) and PostgreSQL.

SQLite gets WAL (readers never block the writer) with ``synchronous=NORMAL``: every commit is atomic
and survives a crash of the process; a power cut may lose the last few commits, which the protocol
repairs (the device keeps its journal, the server then answers ``409 seq_gap`` with a lower
``expected_seq`` and the client re-sends from there), so a per-commit fsync (~4 ms, 15 % of upload
time) buys nothing. ``BEGIN IMMEDIATE`` makes two writers queue on the lock instead of failing halfway
with "database is locked". A process-wide lock
serialises SQLite writers in this process, which is cheaper than letting them spin on busy_timeout.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from sync.server import tables as t

log = logging.getLogger("amildesk.server")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_sqlite_write_lock = threading.RLock()
_checkpointers: weakref.WeakKeyDictionary[Engine, _Checkpointer] = weakref.WeakKeyDictionary()


class DatabaseTooNew(RuntimeError):
    """The database was migrated by a newer server; refusing beats corrupting it."""


def make_engine(database_url: str, *, background_checkpoints: bool = False) -> Engine:
    """An engine with the pragmas and pool settings this server relies on.

    ``background_checkpoints`` (the HTTP server): SQLite's WAL is copied back into the database by a
    thread of its own after each write transaction instead of inside the commit that crosses the
    1,000-page mark. That copy and its two fsyncs were a fifth of an upload's commit time, and the
    request waiting for its ack paid for them.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = url.database if url.database and url.database != ":memory:" else None
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        checkpointer = _Checkpointer(path) if background_checkpoints and path else None
        _install_sqlite_hooks(engine, checkpointer)
        return engine
    # No pre-ping: it costs a round trip per checkout (two per batch). A connection that died with a
    # database restart fails its request with OperationalError -> 503 busy, SQLAlchemy drops the
    # pool, and the client's retry gets a fresh connection.
    return create_engine(url, pool_size=10, max_overflow=20, pool_recycle=1800)


class _Checkpointer:
    """A daemon thread that runs ``PRAGMA wal_checkpoint(PASSIVE)`` after write transactions.

    PASSIVE never blocks a writer or a reader (it copies what it can), so it runs beside the next
    batch's validation. Pokes while it runs coalesce into one more pass. If the thread is ever
    stuck, the connections' ``wal_autocheckpoint`` (raised, not disabled) still bounds the WAL.
    """

    SAFETY_PAGES = 20_000  # ~80 MB of WAL before a commit checkpoints by itself

    def __init__(self, path: str) -> None:
        self.path = path
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def poke(self) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
                    self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        while True:
            self._wake.wait()
            self._wake.clear()
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error as exc:  # e.g. disk full: the commits' own safety net takes over
                log.warning("background checkpoint failed: %s", exc)


def _install_sqlite_hooks(engine: Engine, checkpointer: _Checkpointer | None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: index pages of a big ingest stay in memory
        if checkpointer is not None:
            cur.execute(f"PRAGMA wal_autocheckpoint={checkpointer.SAFETY_PAGES}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    if checkpointer is not None:
        _checkpointers[engine] = checkpointer


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """One write transaction; on SQLite also takes the in-process writer lock."""
    if is_sqlite(engine):
        with _sqlite_write_lock, engine.begin() as conn:
            yield conn
        checkpointer = _checkpointers.get(engine)
        if checkpointer is not None:
            checkpointer.poke()
    else:
        with engine.begin() as conn:
            yield conn


def _alembic_config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; refuse a database newer than this code."""
    with write_tx(engine) as conn:
        cfg = _alembic_config(conn)
        heads = set(ScriptDirectory.from_config(cfg).get_heads())
        known = {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}
        current = set(MigrationContext.configure(conn).get_current_heads())
        if current - known:
            raise DatabaseTooNew(f"database revision {sorted(current)} is newer than this server")
        if current != heads:
            command.upgrade(cfg, "head")
        from sync.server.reference import seed_defaults  # late: reference imports db helpers

        seed_defaults(conn)


def database_label(engine: Engine) -> str:
    """Dialect and database name for /health and status, without credentials."""
    url = engine.url
    return f"{url.get_backend_name()}:{Path(url.database).name if url.database else ''}"


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def next_counter(conn: Connection, name: str, count: int = 1) -> int:
    """Reserve ``count`` values of a named counter inside the caller's transaction; returns the first.

    A single UPDATE ... RETURNING takes the row lock, so concurrent PostgreSQL writers never get the
    same value (a read-then-write would).
    """
    row = conn.execute(
        t.counters.update()
        .where(t.counters.c.name == name)
        .values(value=t.counters.c.value + count)
        .returning(t.counters.c.value)
    ).first()
    if row is None:
        conn.execute(t.counters.insert().values(name=name, value=count))
        return 1
    return int(row[0]) - count + 1
