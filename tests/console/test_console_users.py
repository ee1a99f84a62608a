"""District users: CLI, argon2, cookie flags, lockout per user and per address, idle expiry, journal."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text

from sync.server import tables as t
from tests.console.conftest import PASSWORD, Console, clear_lockouts
from tests.sync.conftest import ROOT, Env
from tests.sync.serverproc import ServerProcess

MakeConsole = Callable[..., Console]


def server_cli(env: Env, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sync.server.cli", *args, "--database-url", env.server.database_url],
                          input=stdin, capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_cli_creates_users_sets_passwords_and_disables_them(env: Env, console: MakeConsole) -> None:
    done = server_cli(env, "create-user", "bendahara", "--role", "pimpinan", stdin="kata-sandi-awal\n")
    assert done.returncode == 0 and "created bendahara (pimpinan)" in done.stdout, done.stderr
    with env.engine.connect() as conn:
        stored = conn.execute(select(t.console_users.c.password_hash, t.console_users.c.role)
                              .where(t.console_users.c.username == "bendahara")).one()
    assert stored.password_hash.startswith("$argon2id$") and "kata-sandi-awal" not in stored.password_hash
    assert stored.role == "pimpinan"
    assert server_cli(env, "create-user", "bendahara", "--role", "admin", stdin="kata-sandi-lain\n").returncode == 1
    short = server_cli(env, "create-user", "pendek", "--role", "admin", stdin="123\n")
    assert short.returncode == 1 and "password must be" in short.stderr
    assert server_cli(env, "create-user", "x", "--role", "raja", stdin="kata-sandi-awal\n").returncode == 2

    browser = console()
    assert browser.login("bendahara", "kata-sandi-awal").status_code == 303
    assert browser.get("/").status_code == 200
    assert server_cli(env, "set-password", "bendahara", stdin="kata-sandi-baru\n").returncode == 0
    assert browser.get("/").status_code == 303  # a new password ends the open sessions
    assert console().login("bendahara", "kata-sandi-awal").status_code == 401
    again = console()
    assert again.login("bendahara", "kata-sandi-baru").status_code == 303
    assert server_cli(env, "disable-user", "bendahara").returncode == 0
    assert again.get("/").status_code == 303
    assert console().login("bendahara", "kata-sandi-baru").status_code == 401
    assert server_cli(env, "disable-user", "tidak-ada").returncode == 1
    with env.engine.connect() as conn:
        actions = conn.execute(select(t.console_journal.c.action).where(t.console_journal.c.target == "bendahara")
                               ).scalars().all()
    assert actions == ["user.created", "user.password_set", "user.disabled"]


def test_session_cookie_is_httponly_and_samesite_strict(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    response = console().login(users["auditor"])
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("amildesk_console="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie  # plain http here
    assert response.headers["location"] == "/"


def test_five_failures_lock_the_user_for_everyone(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    name = users["pimpinan"]
    try:
        for i in range(5):
            wrong = console(local_address=f"127.0.0.{40 + i}").login(name, "salah-sekali-ya")
            assert wrong.status_code == 401 and "kata sandi salah" in wrong.text
        locked = console(local_address="127.0.0.50").login(name)  # right password, another address
        assert locked.status_code == 429 and "Terlalu banyak percobaan" in locked.text
        assert "amildesk_console" not in locked.headers.get("set-cookie", "")
        with env.engine.connect() as conn:
            until = conn.execute(select(t.login_failures.c.locked_until)
                                 .where(t.login_failures.c.key == f"u:{name}")).scalar_one()
        minutes = (datetime.fromisoformat(until) - datetime.now(UTC)).total_seconds() / 60
        assert 14 < minutes <= 15
        assert console(local_address="127.0.0.51").login(users["auditor"]).status_code == 303  # others unaffected
    finally:
        clear_lockouts(env.engine)


def test_five_failures_lock_the_address_for_every_user(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    try:
        for i in range(5):
            assert console(local_address="127.0.0.60").login(f"tebakan-{i}", "apa-saja-salah").status_code == 401
        assert console(local_address="127.0.0.60").login(users["admin"]).status_code == 429
        assert console(local_address="127.0.0.61").login(users["admin"]).status_code == 303
    finally:
        clear_lockouts(env.engine)


def test_idle_sessions_expire(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    browser = console(users["admin"])
    assert browser.get("/perangkat").status_code == 200
    stale = (datetime.now(UTC) - timedelta(minutes=31)).isoformat()
    count = text("SELECT count(*) FROM console_sessions WHERE last_seen_at = :s")
    with env.engine.begin() as conn:
        conn.execute(text("UPDATE console_sessions SET last_seen_at = :s"), {"s": stale})
        before = conn.execute(count, {"s": stale}).scalar_one()
    expired = browser.get("/perangkat")
    assert expired.status_code == 303 and expired.headers["location"] == "/login?next=/perangkat"
    with env.engine.connect() as conn:  # the expired session is gone, not only refused
        assert conn.execute(count, {"s": stale}).scalar_one() == before - 1


def test_logout_ends_the_session(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    browser = console(users["auditor"])
    browser.get("/")
    token = browser.http.cookies.get("amildesk_console")
    assert browser.post("/logout", {}).status_code == 303
    replay = httpx.get(f"{env.server.base_url}/", cookies={"amildesk_console": token or ""})
    assert replay.status_code == 303


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_cookie_is_secure_under_tls(env: Env, tmp_path: Path, users: dict[str, str]) -> None:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert_file, key_file, ca_file = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    ca.cert_pem.write_to_path(str(ca_file))
    proc = ServerProcess(env.server.database_url, tmp_path / "tls.log",
                         ("--ssl-certfile", str(cert_file), "--ssl-keyfile", str(key_file)))
    with _tls_server(proc, str(ca_file)) as base:
        client = httpx.Client(base_url=base, verify=str(ca_file), timeout=30)
        page = client.get("/login")
        csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
        response = client.post("/login", data={"csrf": csrf, "username": users["admin"], "password": PASSWORD})
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("amildesk_console="))
        assert response.status_code == 303 and "Secure" in cookie and "HttpOnly" in cookie
        client.close()


class _tls_server:  # a context manager used like a function
    def __init__(self, proc: ServerProcess, ca_file: str) -> None:
        self.proc, self.ca_file = proc, ca_file

    def __enter__(self) -> str:
        import time

        with self.proc.log_path.open("ab") as log:
            self.proc.proc = subprocess.Popen(
                [sys.executable, "-m", "sync.server.cli", "serve", "--host", "127.0.0.1", "--port",
                 str(self.proc.port), "--database-url", self.proc.database_url, *self.proc.extra_args],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        base = f"https://127.0.0.1:{self.proc.port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/v1/health", verify=self.ca_file, timeout=1).status_code == 200:
                    return base
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("TLS server did not start")

    def __exit__(self, *exc: object) -> None:
        self.proc.stop()
