"""Restore of an older encrypted backup against the real district server: the newer events are shown,
kept, and the next sync's journal rebase continues after the district's copy of them. Also
``amildesk doctor`` against the real server (reachable, clock skew)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.store import dbapi
from tests.e2e.offices import (
    amildesk,
    assert_exactly_once,
    clerk,
    donate,
    enroll,
    new_office,
    office_code,
    server_device,
    server_donation_ids,
    status,
)
from tests.sync.conftest import Env

PASSPHRASE = "frasa-pemulihan-uji"


def _backup(data: Path) -> Path:
    made = json.loads(amildesk(data, "backup", "--json").stdout)
    return Path(made["path"])


def _restore(data: Path, backup: Path) -> dict:
    import subprocess
    import sys

    from tests.sync.conftest import ROOT

    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data), "restore", str(backup),
                             "--replace", "--json"], input=PASSPHRASE + "\n", capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_restore_of_an_older_backup_keeps_the_newer_events_then_rebases(env: Env, tmp_path: Path) -> None:
    from desktop.services.recovery import set_recovery_passphrase

    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    set_recovery_passphrase(data, PASSPHRASE, tmp_path / "sheet.pdf")
    enroll(env, data, code)
    with clerk(data) as ctx:
        first = donate(ctx, 3)
    amildesk(data, "sync")
    backup = _backup(data)

    with clerk(data) as ctx:
        synced_later = donate(ctx, 2)  # reach the district after the backup
    amildesk(data, "sync")
    with clerk(data) as ctx:
        unsent = donate(ctx, 1)  # never reaches the district before the disk is restored

    restored = _restore(data, backup)
    kept = restored["kept"]
    assert [k["entity_id"] for k in kept] == synced_later + unsent  # shown, in journal order
    assert [k["at_district"] for k in kept] == [True, True, False]
    assert all(k["type"] == "donation.recorded" and k["summary"].startswith(code) for k in kept)
    assert Path(restored["set_aside"], "amildesk.sqlite3").exists()  # the replaced store, whole
    human = amildesk(data, "verify").stdout
    assert "OK" in human

    with clerk(data) as ctx:
        after_restore = donate(ctx, 1)
    result = amildesk(data, "sync")
    assert "Sinkron selesai" in result.stdout
    local = assert_exactly_once(env, data)  # rebased: the journal continues after the district's events
    ids = server_donation_ids(env, local["device_id"])
    assert sorted(ids) == sorted(first + synced_later + after_restore)
    assert "base" in amildesk(data, "verify").stdout
    # The unsent one is not at the district, and not lost: it is listed in the restored store.

    conn = dbapi.connect(data / "amildesk.sqlite3")
    try:
        rows = conn.execute("SELECT entity_id, at_district FROM restore_kept_events ORDER BY seq").fetchall()
    finally:
        conn.close()
    assert rows == [(synced_later[0], 1), (synced_later[1], 1), (unsent[0], 0)]


def test_doctor_reports_each_check_against_the_real_server(env: Env, tmp_path: Path) -> None:
    from desktop.services.recovery import set_recovery_passphrase

    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    before = amildesk(data, "doctor", "--json", check=False)
    checks = {c["name"]: c for c in json.loads(before.stdout)}
    assert before.returncode == 1 and checks["cadangan"]["level"] == "FAIL" and checks["cadangan"]["action"]
    assert checks["server kabupaten"]["level"] == "WARN"  # not enrolled yet: says how
    set_recovery_passphrase(data, PASSPHRASE, tmp_path / "sheet.pdf")
    enroll(env, data, code)
    amildesk(data, "backup")
    after = amildesk(data, "doctor", check=False)
    lines = after.stdout.splitlines()
    assert any(line.startswith("OK") and "integritas" in line for line in lines)
    assert any(line.startswith("OK") and "rantai jurnal" in line for line in lines)
    assert any(line.startswith("OK") and "cadangan:" in line for line in lines)
    assert any(line.startswith("OK") and "server kabupaten" in line for line in lines)
    assert any(line.startswith("OK") and "selisih jam" in line for line in lines)
    assert all(line.startswith(("OK", "WARN", "FAIL", "      -> ")) for line in lines)
    device = server_device(env, status(data)["device_id"])
    assert device is not None
