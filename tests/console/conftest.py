"""The district console against the real server process (tests/sync fixtures: SQLite and PostgreSQL).

``Console`` logs a district user in over HTTP (httpx, cookies kept) and knows the page's CSRF token;
``users`` creates one user per role in the module's database.
"""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from sqlalchemy import Engine, text

from sync.server.console.users import create_user
from tests.sync.conftest import Env, database_url, engine, env, server  # noqa: F401  (fixtures)

PASSWORD = "sandi-kabupaten-1"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Console:
    """One browser-like client: cookies, CSRF token from the last page, the server's address."""

    def __init__(self, base_url: str, local_address: str | None = None) -> None:
        transport = httpx.HTTPTransport(local_address=local_address) if local_address else None
        self.http = httpx.Client(base_url=base_url, timeout=30, follow_redirects=False, transport=transport)
        self.csrf = ""

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        response = self.http.get(path, **kwargs)  # type: ignore[arg-type]
        found = CSRF.search(response.text) if response.headers.get("content-type", "").startswith("text/html") else None
        if found:
            self.csrf = found.group(1)
        return response

    def post(self, path: str, data: dict[str, str], *, csrf: bool = True) -> httpx.Response:
        body = {**data, "csrf": self.csrf} if csrf else dict(data)
        return self.http.post(path, data=body)

    def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/login")
        return self.post("/login", {"username": username, "password": password, "next": "/"})

    def close(self) -> None:
        self.http.close()


@pytest.fixture(scope="module")
def users(engine: Engine) -> dict[str, str]:  # noqa: F811
    """role -> user name, one user per role (names unique per module)."""
    suffix = uuid.uuid4().hex[:6]
    names = {role: f"{role}-{suffix}" for role in ("admin", "pimpinan", "auditor")}
    for role, name in names.items():
        create_user(engine, name, role, PASSWORD)
    return names


@pytest.fixture
def console(env: Env) -> object:  # noqa: F811
    clients: list[Console] = []

    def make(role_user: str | None = None, local_address: str | None = None) -> Console:
        client = Console(env.server.base_url, local_address)
        clients.append(client)
        if role_user:
            assert client.login(role_user).status_code == 303
        return client

    yield make
    for client in clients:
        client.close()


def clear_lockouts(engine: Engine) -> None:  # noqa: F811
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM login_failures"))
