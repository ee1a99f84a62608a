"""devices/me reconciliation, enrollment, reference-data pull, batch files and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from sync.client import errors
from sync.client.client import enroll
from sync.client.export import export_unsent
from sync.server import admin
from tests.sync.conftest import ROOT, Env
from tests.sync.journal import TestJournal


def test_enroll_code_is_one_time(env: Env) -> None:
    office = env.office()
    code = admin.issue_enroll_code(env.engine, office)
    first = enroll(env.server.base_url, code.lower().replace("-", " "))  # typed by a person
    assert first["office_code"] == office and first["acked_seq"] == 0
    with pytest.raises(errors.RefusedError) as caught:
        enroll(env.server.base_url, code)
    assert caught.value.code == "enroll_code_invalid"
    with env.http(first["token"]) as http:
        me = http.get("/api/v1/devices/me").json()
    assert me["device_id"] == first["device_id"] and me["acked_seq"] == 0


def test_enroll_keeps_the_ids_of_a_device_set_up_offline(env: Env) -> None:
    """The office app names its office by the district's code from the start: enrollment accepts it."""
    office = env.office()
    journal = TestJournal(env.tmp / "offline.sqlite3", office_code=office, office_id=office)
    journal.donation()
    answer = enroll(env.server.base_url, admin.issue_enroll_code(env.engine, office),
                    device_id=journal.device_id(), office_id=journal.office_id)
    assert answer["office_id"] == journal.office_id and answer["device_id"] == journal.device_id()
    with env.client(answer["token"]) as client:
        assert client.sync(journal).acked_seq == 1


def test_code_of_another_office_is_refused_and_does_not_lock_either_office(env: Env) -> None:
    """A clerk types office X's code on office Y's device: refused, and Y can still enroll later."""
    from sync.client.errors import SyncFailure

    office_x, office_y = env.office(), env.office()
    journal = TestJournal(env.tmp / "y.sqlite3", office_code=office_y, office_id=office_y)
    journal.donation()
    wrong = admin.issue_enroll_code(env.engine, office_x)
    try:
        enroll(env.server.base_url, wrong, device_id=journal.device_id(), office_id=office_y)
    except SyncFailure as exc:
        assert exc.code == "enroll_conflict" and office_x in exc.message
    else:
        raise AssertionError("a code for another office must be refused")
    answer = enroll(env.server.base_url, admin.issue_enroll_code(env.engine, office_y),
                    device_id=journal.device_id(), office_id=office_y)
    assert answer["office_code"] == office_y
    with env.client(answer["token"]) as client:
        assert client.sync(journal).acked_seq == 1
    other = TestJournal(env.tmp / "x.sqlite3", office_code=office_x, office_id=office_x)
    assert enroll(env.server.base_url, wrong, device_id=other.device_id(),
                  office_id=other.office_id)["office_code"] == office_x  # the refused code stayed unspent


def test_lost_ack_is_reconciled_without_resending(env: Env) -> None:
    journal, token = env.device(env.office())
    for _ in range(20):
        journal.donation()
    with env.client(token) as client:
        client.sync(journal)
    journal.mark_acked(0, journal.hash_at(0) or "")  # the device never recorded the ack
    with env.client(token) as client:
        result = client.push(journal)
    assert journal.acked_seq() == 20 and result.sent_events == 0 and result.requests == 0


def test_restored_backup_reconciles_instead_of_resending_or_losing(env: Env) -> None:
    journal, token = env.device(env.office())
    for _ in range(5):
        journal.donation()
    backup = env.tmp / "backup.sqlite3"
    journal.backup_to(backup)  # backup taken with 5 events, none acked
    for _ in range(5):
        journal.donation()
    with env.client(token) as client:
        client.sync(journal)
    journal.close()
    restored = TestJournal(backup)
    assert restored.high_seq() == 5 and restored.acked_seq() == 0
    with env.client(token) as client, pytest.raises(errors.ServerAheadError) as caught:
        client.push(restored)  # the server holds 10: nothing re-sent, the app must continue after 10
    assert caught.value.details["acked_seq"] == 10
    assert len(env.server_events(restored.device_id())) == 10


def test_diverged_history_is_refused_and_alerted(env: Env) -> None:
    journal, token = env.device(env.office())
    for _ in range(3):
        journal.donation()
    backup = env.tmp / "fork.sqlite3"
    journal.backup_to(backup)
    journal.donation(1_000)
    with env.client(token) as client:
        client.sync(journal)
    fork = TestJournal(backup)
    fork.donation(2_000)  # a different event 4
    fork.donation(3_000)
    with env.client(token) as client, pytest.raises(errors.DivergedError):
        client.push(fork)
    # The raw upload of the fork: 409 seq_hash_mismatch, kept as an alert, nothing overwritten.
    from sync.protocol.wire import build_batch

    with env.http(token) as http:
        answer = http.post("/api/v1/batches", json=build_batch(fork.events_after(3, 10), device_id=fork.device_id(),
                                                                 app_version="t"))
    assert (answer.status_code, answer.json()["code"]) == (409, "seq_hash_mismatch")
    assert env.server_events(journal.device_id())[3][1] == journal.hash_at(4)
    with env.engine.connect() as conn:
        alerts = conn.execute(text("SELECT kind FROM alerts WHERE device_id = :d"), {"d": journal.device_id()}).all()
    assert ("seq_hash_mismatch",) in alerts


def test_reference_data_pull_by_cursor(env: Env) -> None:
    office = env.office()
    a, token_a = env.device(office, "A")
    b, token_b = env.device(office, "B")
    c, token_c = env.device(env.office(), "A")
    a.append("user.saved", "u1", {"id": "u1", "username": "siti", "full_name": "Siti", "role": "petugas",
                                  "active": True})
    a.append("settings.changed", "s1", {"key": "receipt_footer", "value": "Jazakumullah"})
    with env.client(token_a) as client:
        client.sync(a)
    with env.client(token_b) as client:
        result = client.sync(b)
    assert "zakat_fitrah" in b.ref("fund") and "fidyah_uang" in b.ref("rate") and b.ref("program")
    assert b.ref("user")["u1"]["username"] == "siti"
    assert b.ref("setting")["receipt_footer"]["value"] == "Jazakumullah"
    with env.client(token_c) as client:
        client.sync(c)
    assert c.ref("user") == {} and "zakat_maal" in c.ref("fund")  # other office: no users of this one
    # Paging: small pages reach the same head; an unchanged head pulls nothing.
    with env.http(token_b) as http:
        cursor, seen = 0, 0
        while True:
            page = http.get("/api/v1/changes", params={"cursor": cursor, "limit": 5}).json()
            seen += len(page["items"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        assert cursor == b.cursor() == result.cursor and seen == result.pulled_items
        assert http.get("/api/v1/changes", params={"cursor": cursor}).json()["items"] == []
        beyond = http.get("/api/v1/changes", params={"cursor": cursor + 10_000})
        assert (beyond.status_code, beyond.json()["code"]) == (412, "reset_required")


def test_export_import_batch_file_is_idempotent(env: Env, tmp_path: Path) -> None:
    journal, token = env.device(env.office())
    for _ in range(12):
        journal.donation()
    path = tmp_path / "unsent.amildesk.gz"
    assert export_unsent(journal, token=token, office_id=journal.office_id, path=path, batch_events=5) == 12
    url = env.server.database_url
    for _ in range(2):
        out = _cli("import", str(path), "--database-url", url)
        assert json.loads(out.stdout)["acked_seq"] == 12
    assert [s for s, _ in env.server_events(journal.device_id())] == list(range(1, 13))
    with env.client(token) as client:
        assert client.sync(journal).sent_events == 0  # the ack arrives by the other path
    data = bytearray(path.read_bytes())
    data[-40] ^= 0x01  # one bit of the compressed body
    bad = tmp_path / "bad.amildesk.gz"
    bad.write_bytes(bytes(data))
    refused = _cli("import", str(bad), "--database-url", url, check=False)
    assert refused.returncode == 1 and "does not match its signed header" in refused.stderr


def _cli(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sync.server.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, check=check, timeout=60)


def test_cli_admin_commands(env: Env) -> None:
    url = env.server.database_url
    office_id = _cli("create-office", "KLL-CLI", "--name", "Kantor CLI", "--database-url", url).stdout.strip()
    assert office_id == "KLL-CLI"  # an office's id is its code: what its devices' events name
    assert _cli("create-office", "KLL-CLI", "--name", "again", "--database-url", url, check=False).returncode == 1
    code = _cli("enroll-code", "KLL-CLI", "--database-url", url).stdout.strip()
    answer = enroll(env.server.base_url, code)
    status = json.loads(_cli("status", "--json", "--database-url", url).stdout)
    office = next(o for o in status["offices"] if o["code"] == "KLL-CLI")
    assert office["devices"][0]["device_id"] == answer["device_id"] and office["devices"][0]["acked_seq"] == 0
    assert _cli("revoke", answer["device_id"], "--database-url", url).returncode == 0
    with env.http(answer["token"]) as http:
        assert http.get("/api/v1/devices/me").json()["code"] == "token_revoked"
    assert "KLL-CLI" in _cli("status", "--database-url", url).stdout
