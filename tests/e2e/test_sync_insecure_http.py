"""Plain http to the district (issue 9 item 13): refused except to local addresses or when allowed.

``amildesk`` runs in an empty network namespace (tests/sync/netns.py) wherever a public address is
involved: a connection attempt there fails with a network error, so getting the refusal proves that
nothing was sent, and nothing could leave the machine even if the code were wrong.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store import dbapi
from sync.server import admin
from tests.e2e.offices import amildesk, new_office, office_code, status
from tests.sync import netns
from tests.sync.conftest import Env

PUBLIC = "http://203.0.113.5:8080"

# Network faults do not depend on the server's database: these run on SQLite only (not again on PostgreSQL).
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def isolated(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``amildesk`` in an empty network namespace."""
    return netns.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args], timeout=120)


def _link(data_dir: Path) -> dict[str, str]:
    conn = dbapi.connect(data_dir / "amildesk.sqlite3")
    try:
        return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM sync_state")}
    finally:
        conn.close()


@netns.needs_netns
def test_enroll_refuses_public_http_before_connecting(tmp_path: Path) -> None:
    data = new_office(tmp_path / "office", office_code())
    for url in (PUBLIC, "http://district.example", "http://zis.kabupaten.go.id"):
        result = isolated(data, "enroll", "--server", url, "--code", "ABCD-EFGH-JKMN")
        assert result.returncode == 2, result.stdout + result.stderr
        assert "memakai http:// tanpa enkripsi" in result.stderr and "Gunakan alamat https://" in result.stderr
        assert "tidak dapat dihubungi" not in result.stderr  # refused, not tried
    assert status(data)["enrolled"] is False and "server_url" not in _link(data)


@netns.needs_netns
def test_enroll_with_the_flag_goes_on_to_the_connection(tmp_path: Path) -> None:
    data = new_office(tmp_path / "office", office_code())
    result = isolated(data, "enroll", "--server", PUBLIC, "--code", "ABCD-EFGH-JKMN", "--allow-insecure-http",
                      "--stall-timeout", "1")
    assert result.returncode == 2
    assert "tidak dapat dihubungi (jaringan tidak terjangkau" in result.stderr  # it tried: no network here
    assert "tanpa enkripsi" not in result.stderr


@SQLITE_ONLY
@netns.needs_netns
def test_a_public_http_link_is_refused_at_sync_until_allowed_and_then_warned(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    amildesk(data, "enroll", "--server", env.server.base_url, "--code", admin.issue_enroll_code(env.engine, code))
    # A link to a public http address, as one made before this rule would be stored.
    conn = dbapi.connect(data / "amildesk.sqlite3")
    with conn:
        conn.execute("UPDATE sync_state SET value = ? WHERE key = 'server_url'", (PUBLIC,))
    conn.close()

    refused = isolated(data, "sync", "--stall-timeout", "1")
    assert refused.returncode == 1
    assert "memakai http:// tanpa enkripsi" in refused.stderr and "tidak dapat dihubungi" not in refused.stderr
    assert status(data)["last_error"] == "server_url_insecure"

    allowed = isolated(data, "sync", "--allow-insecure-http", "--stall-timeout", "1")
    assert allowed.returncode == 1
    assert f"Peringatan: koneksi ke {PUBLIC} memakai http tanpa enkripsi" in allowed.stderr
    assert "tidak dapat dihubungi (jaringan tidak terjangkau" in allowed.stderr  # through to the connection
    shown = status(data)
    assert shown["allow_insecure_http"] is True and shown["insecure_http"] is True
    assert shown["last_error"] == "sync_unreachable"

    again = isolated(data, "sync", "--no-allow-insecure-http", "--stall-timeout", "1")
    assert again.returncode == 1 and "memakai http:// tanpa enkripsi" in again.stderr
    assert status(data)["allow_insecure_http"] is False and status(data)["last_error"] == "server_url_insecure"


@SQLITE_ONLY
def test_http_to_loopback_needs_no_flag_and_is_not_warned(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    url = f"http://localhost:{env.server.port}"
    amildesk(data, "enroll", "--server", url, "--code", admin.issue_enroll_code(env.engine, code))
    result = amildesk(data, "sync")
    assert "Sinkron selesai" in result.stdout and "Peringatan" not in result.stderr
    shown = status(data)
    assert shown["server_url"] == url and shown["insecure_http"] is False and shown["allow_insecure_http"] is False
