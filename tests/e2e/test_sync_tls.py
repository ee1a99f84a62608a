"""TLS to the district server: verification is on by default, and a district CA bundle is honoured.

A real ``amildesk-server serve`` with a certificate from a throw-away CA (trustme), on 127.0.0.1.
"""

from __future__ import annotations

import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.offices import amildesk, clerk, donate, new_office, office_code, status
from tests.sync.conftest import ROOT
from tests.sync.serverproc import free_port

trustme = pytest.importorskip("trustme")


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """(https base URL, CA bundle path, database URL) of a TLS server started for this test."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert_file, key_file, ca_file = tmp_path / "server.pem", tmp_path / "server.key", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    ca.cert_pem.write_to_path(str(ca_file))
    database_url = f"sqlite:///{tmp_path / 'district.sqlite3'}"
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sync.server.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--database-url", database_url, "--ssl-certfile", str(cert_file), "--ssl-keyfile", str(key_file)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base_url = f"https://127.0.0.1:{port}"
    trusted = ssl.create_default_context(cafile=str(ca_file))
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if httpx.get(f"{base_url}/api/v1/health", verify=trusted, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "TLS server did not start"
                time.sleep(0.1)
        yield base_url, ca_file, database_url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def _server(database_url: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "sync.server.cli", *args, "--database-url", database_url],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def test_untrusted_certificate_is_refused_then_district_ca_works(
    tls_server: tuple[str, Path, str], tmp_path: Path
) -> None:
    base_url, ca_file, database_url = tls_server
    code = office_code()
    _server(database_url, "create-office", code, "--name", f"Kantor {code}")
    data = new_office(tmp_path / "office", code)
    with clerk(data) as ctx:
        donate(ctx, 3)

    one_time = _server(database_url, "enroll-code", code).split()[-1]
    started = time.monotonic()
    refused = amildesk(data, "enroll", "--server", base_url, "--code", one_time, check=False)
    assert refused.returncode != 0
    assert "tidak dipercaya" in refused.stderr + refused.stdout  # a clear message, not a retry loop
    assert time.monotonic() - started < 60
    assert status(data)["server_url"] is None  # nothing kept from the refused attempt

    amildesk(data, "enroll", "--server", base_url, "--code", one_time, "--ca-bundle", str(ca_file))
    synced = amildesk(data, "sync")
    assert "Sinkron selesai" in synced.stdout
    after = status(data)
    assert after["unsent"] == 0 and after["acked_seq"] == after["journal_high_seq"]
