"""Fixtures for sync tests: the real server process on 127.0.0.1, on SQLite and on PostgreSQL.

Every test module gets its own server process and database; PostgreSQL runs get a fresh schema
(dropped afterwards) when AMILDESK_TEST_PG_URL is set and reachable, and are skipped otherwise, with the
reason. CI sets AMILDESK_REQUIRE_PG=1 as well: then tests/conftest.py turns those skips into failures.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from sync.client.client import SyncClient, enroll
from sync.client.transport import RetryPolicy
from sync.server import admin, db
from tests.sync.journal import TestJournal
from tests.sync.serverproc import ServerProcess

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("AMILDESK_TEST_PG_URL")
PG_CONNECT_TIMEOUT = 5  # seconds


@functools.cache
def pg_unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run (checked once per session), or None when they can."""
    if not PG_URL:
        return "AMILDESK_TEST_PG_URL not set"
    shown = make_url(PG_URL).render_as_string(hide_password=True)
    probe = create_engine(PG_URL, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT})
    try:
        with probe.connect():
            return None
    except DBAPIError as exc:
        detail = str(exc.orig or exc).strip().splitlines()
        return f"PostgreSQL at {shown} is unreachable: {detail[0] if detail else type(exc).__name__}"
    finally:
        probe.dispose()


FAST_RETRY = RetryPolicy(base_delay=0.05, max_delay=0.5, stall_timeout=60, connect_timeout=2, read_timeout=10)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.sqlite3'}"
        return
    problem = pg_unavailable()
    if problem or not PG_URL:
        pytest.skip(problem or "AMILDESK_TEST_PG_URL not set")
    schema = f"amildesk_test_{uuid.uuid4().hex[:12]}"
    root = create_engine(PG_URL)
    with root.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    with root.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    root.dispose()


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    eng = db.make_engine(database_url)
    db.migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def server(database_url: str, engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(database_url, tmp_path_factory.mktemp("log") / "server.log", ("--api-docs",))
    proc.start()
    yield proc
    proc.stop()


class Env:
    """Helpers bound to one server: offices, enrolled devices with journals, clients."""

    def __init__(self, server: ServerProcess, engine: Engine, tmp: Path) -> None:
        self.server = server
        self.engine = engine
        self.tmp = tmp

    def office(self, code: str | None = None) -> str:
        code = code or f"K{uuid.uuid4().hex[:6].upper()}"
        admin.create_office(self.engine, code, f"Kantor {code}")
        return code

    def device(self, office_code: str, letter: str = "A", *, base_url: str | None = None) -> tuple[TestJournal, str]:
        journal = TestJournal(self.tmp / f"{uuid.uuid4().hex}.sqlite3", office_code=office_code, letter=letter)
        code = admin.issue_enroll_code(self.engine, office_code)
        answer = enroll(base_url or self.server.base_url, code, device_id=journal.device_id(),
                        office_id=None, policy=FAST_RETRY)
        journal.db.execute("UPDATE meta SET value = ? WHERE key = 'office_id'", (answer["office_id"],))
        return journal, str(answer["token"])

    def client(self, token: str, base_url: str | None = None, **kwargs: Any) -> SyncClient:
        kwargs.setdefault("policy", FAST_RETRY)
        return SyncClient(base_url or self.server.base_url, token, **kwargs)

    def http(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.server.base_url, headers=headers, timeout=30)

    def server_events(self, device_id: str) -> list[tuple[int, str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT seq, hash FROM events WHERE device_id = :d ORDER BY seq"),
                                {"d": device_id}).all()
        return [(int(r[0]), str(r[1])) for r in rows]


@pytest.fixture
def env(server: ServerProcess, engine: Engine, tmp_path: Path) -> Env:
    return Env(server, engine, tmp_path)


@pytest.fixture
def lone_server(server: ServerProcess, tmp_path: Path) -> Iterator[ServerProcess]:
    """A second server process on the module's database, without --api-docs: for tests of per-process
    state (throttles, memory) that other tests' requests must not disturb."""
    proc = ServerProcess(server.database_url, tmp_path / "lone.log")
    proc.start()
    yield proc
    proc.stop()
