"""The office app against the real district server: enroll, sync, restore, revoke, export, lock.

Real ``amildesk`` and ``amildesk-server`` processes, real stores made by ``initialize_office`` in
temp dirs, the server on 127.0.0.1 (SQLite, and PostgreSQL when AMILDESK_TEST_PG_URL is set).
"""

from __future__ import annotations

from pathlib import Path

from desktop.services.context import open_context
from desktop.services.settings import load_settings
from desktop.services.sync_apply import reference_items_of
from desktop.store import dbapi
from desktop.store.backup import backup_file, restore_file
from sync.server import admin
from sync.server.db import write_tx
from sync.server.reference import put_item
from tests.e2e.offices import (
    amildesk,
    assert_exactly_once,
    clerk,
    donate,
    donate_and_void,
    enroll,
    local_events,
    new_office,
    office_code,
    server_cli,
    server_device,
    server_donation_ids,
    status,
)
from tests.sync.conftest import Env


def _token(data_dir: Path) -> str:
    conn = dbapi.connect(data_dir / "amildesk.sqlite3")
    try:
        return str(conn.execute("SELECT value FROM sync_state WHERE key = 'token'").fetchone()[0])
    finally:
        conn.close()


def test_enroll_record_sync_then_status_agrees_with_server(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    before = status(data)
    assert before["server_url"] is None and before["unsent"] == before["journal_high_seq"] > 0
    with write_tx(env.engine) as conn:  # district data for this office: a rate and a kind from the future
        put_item(conn, "rate", "zakat_fitrah_uang", {"key": "zakat_fitrah_uang", "value": 47_500,
                                                     "unit": "rupiah/jiwa"}, office_id=code)
        put_item(conn, "beneficiary", "b-1", {"nik_hash": "ab" * 32}, office_id=code)
    enroll(env, data, code)
    with clerk(data) as ctx:
        donate(ctx, 5)
        donate_and_void(ctx)

    result = amildesk(data, "sync")
    assert "Sinkron selesai" in result.stdout
    local = assert_exactly_once(env, data)
    assert local["server_url"] == env.server.base_url and local["last_sync_at"] and local["last_error"] is None
    assert local["device_id"] and local["exported_through_seq"] == 0
    assert len(server_donation_ids(env, local["device_id"])) == 6
    from sqlalchemy import select

    from sync.server import tables as server_tables

    with env.engine.connect() as conn:  # a normal office's journal raises no review flag at all
        flags = conn.execute(select(server_tables.review_flags.c.code)
                             .where(server_tables.review_flags.c.device_id == local["device_id"])).scalars().all()
    assert flags == []

    token = _token(data)
    assert token.startswith("amd1_")
    assert token not in result.stdout + result.stderr + amildesk(data, "status", "--json").stdout
    for log in data.rglob("*.log"):
        assert token not in log.read_text(errors="replace")

    ctx = open_context(data, exclusive=False)
    try:
        assert load_settings(ctx.store).rates.fitrah_money_per_person == 47_500
        with ctx.store.read() as conn:
            assert "zakat_fitrah" in reference_items_of(conn, "fund")
            assert "b-1" in reference_items_of(conn, "beneficiary")  # kept for a later version
            assert any(u["username"] == "admin" for u in reference_items_of(conn, "user").values())
    finally:
        ctx.close()

    again = amildesk(data, "sync", "--json")  # nothing to send: still complete
    assert '"complete": true' in again.stdout and '"sent": 0' in again.stdout


def test_restored_backup_with_new_records_loses_nothing(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    enroll(env, data, code)
    with clerk(data) as ctx:
        first = donate(ctx, 3)
    amildesk(data, "sync")
    backup = backup_file(data / "amildesk.sqlite3", tmp_path / "usb", reason="daily")

    with clerk(data) as ctx:
        lost_locally = donate(ctx, 4)  # reach the district, then the disk dies
    amildesk(data, "sync")
    restore_file(backup, data / "amildesk.sqlite3")
    with clerk(data) as ctx:
        after_restore = donate(ctx, 2)  # recorded before the restored device ever talks to the server
    stale = status(data)
    assert stale["unsent"] == 2 + 0 and stale["journal_high_seq"] < server_device(env, stale["device_id"])[
        "acked_seq"] + 2

    result = amildesk(data, "sync")
    assert "dipulihkan dari cadangan" in result.stdout and "Sinkron selesai" in result.stdout
    local = assert_exactly_once(env, data)
    verify = amildesk(data, "verify").stdout
    assert "base" in verify and "2 event(s) moved" in verify
    ids = server_donation_ids(env, local["device_id"])
    assert sorted(ids) == sorted(first + lost_locally + after_restore)  # every donation, once
    replayed = [e for e in local_events(data) if e["entity_id"] in after_restore]
    assert [e["seq"] for e in replayed] == [local["journal_high_seq"] - 1, local["journal_high_seq"]]

    with clerk(data) as ctx:
        donate(ctx, 1)
    amildesk(data, "sync")
    assert_exactly_once(env, data)


def test_restored_backup_synced_before_new_records_continues_numbering(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    enroll(env, data, code)
    backup = backup_file(data / "amildesk.sqlite3", tmp_path / "usb")  # nothing synced yet
    with clerk(data) as ctx:
        donate(ctx, 3)
    amildesk(data, "sync")
    held = server_device(env, status(data)["device_id"])["acked_seq"]
    restore_file(backup, data / "amildesk.sqlite3")

    result = amildesk(data, "sync")  # nothing re-sent, nothing lost: the journal continues after `held`
    assert "Sinkron selesai" in result.stdout and "0 catatan dipindahkan" in result.stdout
    assert status(data)["journal_high_seq"] == held
    with clerk(data) as ctx:
        donate(ctx, 2)
    amildesk(data, "sync")
    local = assert_exactly_once(env, data)
    assert local["journal_high_seq"] == held + 2
    assert local_events(data)[-2]["seq"] == held + 1


def test_revocation_and_reenrollment_keep_unsent_records(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    enroll(env, data, code)
    amildesk(data, "sync")
    with clerk(data) as ctx:
        waiting = donate(ctx, 3)
    device_id = status(data)["device_id"]
    server_cli(env, "revoke", device_id)

    refused = amildesk(data, "sync", check=False)
    assert refused.returncode == 1 and "dicabut" in refused.stderr
    after = status(data)
    assert after["unsent"] == 3 and after["last_error"] == "sync_token_revoked"

    enroll(env, data, code, again=True)  # a re-enrollment code for this device: the server keeps acked_seq
    assert status(data)["unsent"] == 3
    amildesk(data, "sync")
    assert_exactly_once(env, data)
    assert set(waiting) <= set(server_donation_ids(env, device_id))
    assert status(data)["last_error"] is None


def test_export_batch_then_import_is_acknowledged_on_next_sync(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    enroll(env, data, code)  # the link worked once, at the district office
    with clerk(data) as ctx:
        donate(ctx, 4)
    out = tmp_path / "usb" / "kantor.amildesk.gz"
    out.parent.mkdir()
    assert "diekspor, belum dikonfirmasi" in amildesk(data, "export-batch", "--out", str(out)).stdout
    exported = status(data)
    assert exported["export_unconfirmed"] and exported["exported_through_seq"] == exported["journal_high_seq"]
    assert exported["acked_seq"] < exported["journal_high_seq"]

    server_cli(env, "import", str(out))
    server_cli(env, "import", str(out))  # twice: same idempotency as uploads
    result = amildesk(data, "sync", "--json")
    assert '"sent": 0' in result.stdout and '"complete": true' in result.stdout
    confirmed = assert_exactly_once(env, data)
    assert not confirmed["export_unconfirmed"]
    assert "Tidak ada catatan" in amildesk(data, "export-batch", "--out", str(out)).stdout


def test_sync_is_refused_while_another_instance_holds_the_store(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    enroll(env, data, code)
    holder = open_context(data)  # the window of another AmilDesk
    try:
        refused = amildesk(data, "sync", check=False)
        assert refused.returncode == 2 and "sudah terbuka" in refused.stderr
        assert "Traceback" not in refused.stderr
    finally:
        holder.close()
    amildesk(data, "sync")


def test_enroll_with_a_code_of_another_office_keeps_nothing(env: Env, tmp_path: Path) -> None:
    mine, theirs = env.office(office_code()), env.office(office_code())
    data = new_office(tmp_path / "office", mine)
    wrong = admin.issue_enroll_code(env.engine, theirs)
    result = amildesk(data, "enroll", "--server", env.server.base_url, "--code", wrong, check=False)
    assert result.returncode == 2 and theirs in result.stderr
    assert status(data)["server_url"] is None
    bad_url = amildesk(data, "enroll", "--server", "zis.kabupaten", "--code", "X", check=False)
    assert bad_url.returncode == 2 and "tidak sah" in bad_url.stderr
