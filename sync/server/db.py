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

import threading
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

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_sqlite_write_lock = threading.RLock()


class DatabaseTooNew(RuntimeError):
    """The database was migrated by a newer server; refusing beats corrupting it."""


def make_engine(database_url: str) -> Engine:
    """An engine with the pragmas and pool settings this server relies on."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _install_sqlite_hooks(engine)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: index pages of a big ingest stay in memory
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """One write transaction; on SQLite also takes the in-process writer lock."""
    if is_sqlite(engine):
        with _sqlite_write_lock, engine.begin() as conn:
            yield conn
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
