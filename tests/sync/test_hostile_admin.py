"""Issue 9, the admin side: enrollment guessing (6), hostile batch files (11), forged files (12).

The throttle test runs its own server process: its counters are per process, and other modules'
refused enrollments must not count against it.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import text

from sync.client.export import export_unsent
from sync.protocol import batchfile
from sync.protocol.canonical import canonical_json
from sync.server import admin
from tests.sync.conftest import ROOT, Env
from tests.sync.serverproc import ServerProcess


def test_guessing_enrollment_codes_is_throttled_and_reported(env: Env, lone_server: ServerProcess) -> None:
    office = env.office()
    good = admin.issue_enroll_code(env.engine, office)
    url = lone_server.base_url + "/api/v1/devices/enroll"
    answers = [httpx.post(url, json={"code": f"AAAA-BBBB-{i:04d}"}, timeout=10) for i in range(12)]
    assert [a.status_code for a in answers[:10]] == [400] * 10
    assert {a.status_code for a in answers[10:]} == {429}
    assert answers[-1].json()["code"] == "rate_limited" and int(answers[-1].headers["Retry-After"]) >= 1
    locked = httpx.post(url, json={"code": good}, timeout=10)  # even a good code waits out the lock-out
    assert locked.status_code == 429
    with env.engine.connect() as conn:
        kinds = conn.execute(text("SELECT kind, message FROM alerts WHERE kind = 'enroll_guessing'")).all()
    assert kinds and "127.0.0.1" in kinds[0][1]
    assert "enrollment code refused for client 127.0.0.1" in (lone_server.log_path.read_text())
    # The lock-out is per server process and client address; the code itself was never spent.
    assert httpx.post(env.server.base_url + "/api/v1/devices/enroll", json={"code": good},
                      timeout=10).status_code == 200


def _import(env: Env, path: Path | str) -> subprocess.CompletedProcess[str]:
    """``amildesk-server import`` in a child process that also reports its own peak memory."""
    script = (  # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (pytest)
        "import re, sys; from pathlib import Path; from sync.server.cli import main\n"
        "code = main(['import', sys.argv[1], '--database-url', sys.argv[2]])\n"
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1)\n"
        "print('maxrss_kib', hwm, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run([sys.executable, "-c", script, str(path), env.server.database_url], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _peak_mib(result: subprocess.CompletedProcess[str]) -> float:
    line = next(x for x in result.stderr.splitlines() if x.startswith("maxrss_kib"))
    return int(line.split()[1]) / 1024


def _signed(path: Path, token: str, device_id: str, office_id: str, lines: list[bytes]) -> None:
    batchfile.write_file(path, token=token, device_id=device_id, office_id=office_id,
                         created_at="2026-03-01T00:00:00Z", batches=lines)


def test_hostile_batch_files_are_refused_cheaply(env: Env, tmp_path: Path) -> None:
    journal, token = env.device(env.office())
    journal.donation()
    bomb = tmp_path / "bomb.gz"  # version-1 style: gzip straight away, 1 GiB inflated
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        chunk = b" " * (1 << 20)
        for _ in range(1024):
            out.write(chunk)
    started = time.monotonic()
    result = _import(env, bomb)
    assert result.returncode == 1 and "version 1 is no longer accepted" in result.stderr
    assert time.monotonic() - started < 20 and _peak_mib(result) < 200
    brackets = tmp_path / "brackets.json"
    brackets.write_bytes(b"[" * 100_000)
    result = _import(env, brackets)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    result = _import(env, "/dev/zero")
    assert result.returncode == 1 and "not a regular file" in result.stderr
    # Signed by the device itself (it holds the key), but one "batch" inflates to 256 MiB: streamed
    # line by line and refused at the per-batch cap, never held whole.
    huge = tmp_path / "huge.amildesk"
    _signed(huge, token, journal.device_id(), journal.office_id, [b"[" + b"0," * (128 << 20) + b"0]"])
    result = _import(env, huge)
    assert result.returncode == 1 and "larger than the server accepts" in result.stderr, result.stderr
    assert _peak_mib(result) < 200
    assert env.server_events(journal.device_id()) == []


def test_a_leaked_server_database_cannot_forge_a_batch_file(env: Env, tmp_path: Path) -> None:
    journal, token = env.device(env.office())
    journal.donation(10_000)
    real = tmp_path / "real.amildesk"
    assert export_unsent(journal, token=token, office_id=journal.office_id, path=real) == 1
    with env.engine.connect() as conn:
        token_hash, file_key = conn.execute(text("SELECT token_hash, file_key FROM devices WHERE id = :d"),
                                            {"d": journal.device_id()}).one()
    assert file_key == batchfile.public_key_hex(token) and token not in (token_hash, file_key)
    # Version 1 signed with what the database holds (the old scheme): refused outright.
    batches = [json.loads(line) for line in gzip.decompress(real.read_bytes().split(b"\n", 2)[2]).splitlines()]
    batches[0]["events"][0]["payload"]["total"] = 10_000_000
    document = {"format": "amildesk-batch-file", "version": 1, "device_id": journal.device_id(),
                "office_id": journal.office_id, "created_at": "2026-03-01T00:00:00Z", "batches": batches}
    document["signature"] = hmac.new(bytes.fromhex(token_hash), canonical_json(document), hashlib.sha256).hexdigest()
    v1 = tmp_path / "v1.gz"
    v1.write_bytes(gzip.compress(json.dumps(document).encode()))
    assert _import(env, v1).returncode == 1
    # Version 2 signed with any key an attacker can derive from the database: signature refused.
    for guess in (token_hash, file_key):
        forged = tmp_path / "forged.amildesk"
        _signed(forged, guess, journal.device_id(), journal.office_id, [json.dumps(batches[0]).encode()])
        result = _import(env, forged)
        assert result.returncode == 1 and "signature does not match" in result.stderr
    assert env.server_events(journal.device_id()) == []
    assert _import(env, real).returncode == 0
    assert [s for s, _ in env.server_events(journal.device_id())] == [1]
