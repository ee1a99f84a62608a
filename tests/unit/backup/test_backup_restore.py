"""Encrypted backups on real stores: taken while a thread records donations, refused when wrong,
rotated over a simulated year. Nothing mocked: real SQLite files, real AES-GCM, the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from desktop.core.errors import StoreError, ValidationError
from desktop.services.backups import create_backup, list_backups, rotate
from desktop.services.context import AppContext, open_context
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.restore import read_backup_manifest, restore_backup
from desktop.services.setup import SetupInput, initialize_office
from desktop.services.users import login
from desktop.store import dbapi, store_key
from desktop.store.journal import verify_journal

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "rahasia123"
PASSPHRASE = "frasa-pemulihan-uji"


def new_office(data_dir: Path, passphrase: str | None = PASSPHRASE) -> AppContext:
    return initialize_office(data_dir, SetupInput(
        institution_name="BAZNAS Kabupaten Uji", institution_address="Jl. Merdeka 1", office_code="UPZ-UJI",
        office_name="UPZ Masjid Al-Ikhlas", device_letter="B", admin_username="admin", admin_password=PASSWORD,
        recovery_passphrase=passphrase))


def donate(ctx: AppContext, count: int) -> None:
    for i in range(count):
        record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount=10_000 + i),), anonymous=True))


def amildesk(data_dir: Path, *args: str, stdin: str = "", check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args], input=stdin,
                            capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_backup_while_a_thread_records_donations_restores_a_consistent_store(tmp_path: Path) -> None:
    ctx = new_office(tmp_path / "office")
    donate(ctx, 20)
    stop = threading.Event()
    recorded: list[int] = []
    failures: list[BaseException] = []

    def clerk() -> None:
        try:
            while not stop.is_set():
                donate(ctx, 1)
                recorded.append(1)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    worker = threading.Thread(target=clerk)
    worker.start()
    backups = []
    try:
        for _ in range(4):
            seen = len(recorded)
            deadline = time.monotonic() + 30
            while len(recorded) == seen and time.monotonic() < deadline and not failures:
                time.sleep(0.01)  # the clerk has saved again since the last backup
            backups.append(create_backup(tmp_path / "office", reason="manual", policy=None))
    finally:
        stop.set()
        worker.join()
    assert not failures and len(recorded) >= 4  # the clerk kept saving while the backups ran
    seqs = [b.manifest["journal_high_seq"] for b in backups]
    assert seqs == sorted(seqs) and seqs[-1] > seqs[0]  # each backup is a later snapshot
    for index, backup in enumerate(backups):
        target = tmp_path / f"restored-{index}"
        result = restore_backup(backup.path, PASSPHRASE, target)
        assert result.events == backup.manifest["journal_high_seq"]
        restored = open_context(target)
        try:
            with restored.store.read() as conn:
                report = verify_journal(conn, restored.office.identity)  # every donation row has its event
                donations = conn.exec_driver_sql("SELECT count(*) FROM donations").scalar_one()
        finally:
            restored.close()
        assert report.ok and report.events == backup.manifest["journal_high_seq"]
        assert donations == backup.manifest["donations"]
    ctx.close()


def _store_bytes(data_dir: Path) -> bytes:
    return (data_dir / "amildesk.sqlite3").read_bytes()


@pytest.mark.parametrize("damage", ["wrong_passphrase", "corrupted", "truncated", "cut_at_frame", "not_backup"])
def test_bad_backups_are_refused_clearly_and_nothing_is_replaced(tmp_path: Path, damage: str) -> None:
    ctx = new_office(tmp_path / "office")
    donate(ctx, 30)
    ctx.close()
    good = create_backup(tmp_path / "office").path
    other = new_office(tmp_path / "current", passphrase=None)  # the store a restore would replace
    donate(other, 3)
    other.close()
    before = _store_bytes(tmp_path / "current")
    data = good.read_bytes()
    bad = tmp_path / "bad.amilbak"
    passphrase = PASSPHRASE
    if damage == "wrong_passphrase":
        passphrase = "frasa-yang-salah"
    elif damage == "corrupted":
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0x40
        data = bytes(flipped)
    elif damage == "truncated":
        data = data[: len(data) - 37]
    elif damage == "cut_at_frame":  # cut exactly after a complete frame: still detected
        data = data[: _last_frame_start(good)]
    elif damage == "not_backup":
        data = _store_bytes(tmp_path / "office")
    bad.write_bytes(data)
    result = amildesk(tmp_path / "current", "restore", str(bad), "--replace", stdin=passphrase + "\n", check=False)
    expected = {"wrong_passphrase": "Frasa pemulihan salah", "corrupted": "rusak atau telah diubah",
                "truncated": "terpotong", "cut_at_frame": "terpotong", "not_backup": "bukan berkas cadangan"}[damage]
    assert result.returncode == 2 and expected in result.stderr, result.stderr
    assert "Tidak ada yang diganti" in result.stderr and "Traceback" not in result.stderr
    assert _store_bytes(tmp_path / "current") == before
    leftovers = sorted(p.name for p in (tmp_path / "current").iterdir())
    assert not [name for name in leftovers if name.startswith((".restore-", "before-restore-"))], leftovers


def _last_frame_start(path: Path) -> int:
    import struct

    from desktop.store.backup_format import read_header

    with open(path, "rb") as handle:
        read_header(handle)
        starts = []
        while True:
            position = handle.tell()
            size = handle.read(4)
            if not size:
                break
            starts.append(position)
            handle.seek(struct.unpack(">I", size)[0], 1)
    assert len(starts) >= 1
    return starts[-1]


def test_restore_into_a_folder_with_a_store_needs_replace_and_keeps_the_old_store(tmp_path: Path) -> None:
    ctx = new_office(tmp_path / "office")
    donate(ctx, 5)
    ctx.close()
    backup = create_backup(tmp_path / "office").path
    ctx = open_context(tmp_path / "office")
    login(ctx, "admin", PASSWORD)
    donate(ctx, 2)
    ctx.close()
    with pytest.raises(ValidationError) as refused:
        restore_backup(backup, PASSPHRASE, tmp_path / "office")
    assert refused.value.code == "restore_target_not_empty"
    result = restore_backup(backup, PASSPHRASE, tmp_path / "office", replace=True)
    assert result.set_aside is not None and (result.set_aside / "amildesk.sqlite3").exists()
    assert [k.type for k in result.kept] == ["donation.recorded", "donation.recorded"]
    assert all(not k.at_district and k.summary.startswith("UPZ-UJI/") for k in result.kept)
    conn = dbapi.connect(tmp_path / "office" / "amildesk.sqlite3")
    try:
        kept = conn.execute("SELECT seq, type FROM restore_kept_events ORDER BY seq").fetchall()
    finally:
        conn.close()
    assert [seq for seq, _ in kept] == [k.seq for k in result.kept]
    doctor = amildesk(tmp_path / "office", "doctor", "--offline", check=False).stdout
    assert "WARN  catatan dari pemulihan: 2 catatan" in doctor and result.kept[0].summary in doctor


def test_restore_is_refused_while_the_app_holds_the_store(tmp_path: Path) -> None:
    ctx = new_office(tmp_path / "office")
    backup = create_backup(tmp_path / "office").path
    donate(ctx, 2)
    before = _journal(tmp_path / "office")
    try:
        result = amildesk(tmp_path / "office", "restore", str(backup), "--replace", stdin=PASSPHRASE + "\n",
                          check=False)
    finally:
        ctx.close()
    assert result.returncode == 2 and "sudah terbuka" in result.stderr
    assert _journal(tmp_path / "office") == before and len(before) > 2
    assert not list((tmp_path / "office").glob("before-restore-*"))


def _journal(data_dir: Path) -> list[tuple[int, str]]:
    conn = dbapi.connect(f"file:{data_dir / 'amildesk.sqlite3'}?mode=ro", uri=True)
    try:
        return [(int(seq), str(h)) for seq, h in conn.execute("SELECT seq, hash FROM journal ORDER BY seq")]
    finally:
        conn.close()


def test_manifest_is_shown_before_the_passphrase_and_is_authenticated(tmp_path: Path) -> None:
    ctx = new_office(tmp_path / "office")
    donate(ctx, 3)
    ctx.close()
    backup = create_backup(tmp_path / "office").path
    manifest = read_backup_manifest(backup)
    assert manifest["office_code"] == "UPZ-UJI" and manifest["donations"] == 3
    assert {"device_id", "journal_high_seq", "journal_hash", "app_version", "created_at"} <= set(manifest)
    # A manifest edited to claim another office no longer authenticates.
    data = backup.read_bytes().replace(b'"office_code":"UPZ-UJI"', b'"office_code":"UPZ-UJX"')
    forged = tmp_path / "forged.amilbak"
    forged.write_bytes(data)
    with pytest.raises(ValidationError) as refused:
        restore_backup(forged, PASSPHRASE, tmp_path / "new")
    assert refused.value.code == "backup_corrupted"
    assert not (tmp_path / "new" / "amildesk.sqlite3").exists()


def test_backup_without_a_recovery_passphrase_says_how_to_set_one(tmp_path: Path) -> None:
    new_office(tmp_path / "office", passphrase=None).close()
    refused = amildesk(tmp_path / "office", "backup", check=False)
    assert refused.returncode == 2 and "--new-passphrase" not in refused.stderr and "Pengaturan" in refused.stderr
    made = amildesk(tmp_path / "office", "backup", "--new-passphrase", "--sheet", str(tmp_path / "sheet.pdf"),
                    stdin="frasa-baru-kantor\n")
    assert "Cadangan dibuat" in made.stdout and (tmp_path / "sheet.pdf").exists()
    assert "frasa-baru-kantor" not in made.stdout  # the passphrase is on the sheet only
    backup = list_backups(tmp_path / "office" / "backups")[-1].path
    restore_backup(backup, "frasa-baru-kantor", tmp_path / "restored")


def test_second_folder_gets_a_copy(tmp_path: Path) -> None:
    ctx = new_office(tmp_path / "office")
    from desktop.services.settings import update_settings

    update_settings(ctx, backup_folder=str(tmp_path / "usb"))
    ctx.close()
    result = amildesk(tmp_path / "office", "backup")
    copies = list_backups(tmp_path / "usb")
    assert len(copies) == 1 and str(copies[0].path) in result.stdout
    assert copies[0].path.read_bytes() == list_backups(tmp_path / "office" / "backups")[-1].path.read_bytes()
    elsewhere = amildesk(tmp_path / "office", "backup", "--to", str(tmp_path / "kirim"))
    sent = list_backups(tmp_path / "kirim")
    assert len(sent) == 1 and str(sent[0].path) in elsewhere.stdout
    assert len(list_backups(tmp_path / "usb")) == 1  # --to writes there only


def test_rotation_over_a_simulated_year_keeps_7_daily_4_weekly_12_monthly(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    day = date(2026, 1, 1)
    while day <= date(2026, 12, 31):
        moment = datetime(day.year, day.month, day.day, 1, 30, tzinfo=UTC)
        (folder / f"amildesk-UPZ-UJI-B-{moment:%Y%m%dT%H%M%S}000Z-daily.amilbak").write_bytes(b"x")
        rotate(folder, "UPZ-UJI")
        kept = list_backups(folder, "UPZ-UJI")
        assert kept[-1].created_at == moment and len(kept) <= 7 + 4 + 12
        day += timedelta(days=1)
    kept_days = sorted(b.created_at.date() for b in list_backups(folder, "UPZ-UJI"))
    daily = [date(2026, 12, d) for d in range(25, 32)]
    weekly = [date(2026, 12, 13), date(2026, 12, 20), date(2026, 12, 27), date(2026, 12, 31)]  # ISO weeks 50-53
    monthly = [date(2026, m, 1) + timedelta(days=-1) for m in range(2, 13)] + [date(2026, 12, 31)]
    assert kept_days == sorted(set(daily + weekly + monthly))
    (folder / "notes.txt").write_text("not a backup")
    (folder / "amildesk-OTHER-A-20260101T000000000Z-daily.amilbak").write_bytes(b"x")
    rotate(folder, "UPZ-UJI")
    assert (folder / "notes.txt").exists() and (folder / "amildesk-OTHER-A-20260101T000000000Z-daily.amilbak").exists()


def test_real_backups_over_forty_days_rotate_in_both_folders(tmp_path: Path) -> None:
    ctx = new_office(tmp_path / "office")
    ctx.close()
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    for offset in range(40):
        create_backup(tmp_path / "office", reason="daily", second_folder=tmp_path / "usb",
                      now=start + timedelta(days=offset))
    for folder in (tmp_path / "office" / "backups", tmp_path / "usb"):
        kept = [b.created_at.date() for b in list_backups(folder)]
        assert kept[-7:] == [(start + timedelta(days=d)).date() for d in range(33, 40)]
        assert date(2026, 3, 31) in kept and len(kept) <= 23
    assert not list((tmp_path / "office" / "backups").glob(".snapshot-*"))  # the plain copy never stays


def test_an_encrypted_store_travels_encrypted_and_the_sheet_alone_opens_it_elsewhere(tmp_path: Path) -> None:
    ctx = new_office(tmp_path / "office")
    donate(ctx, 20)
    ctx.close()
    backup = create_backup(tmp_path / "office").path
    store_key.forget_cached(tmp_path / "office")
    original_key = store_key.key_for_folder(tmp_path / "office")
    assert original_key is not None and original_key.encode() not in backup.read_bytes()
    # Another PC: a new folder, no key anywhere but sealed in the backup.
    result = restore_backup(backup, PASSPHRASE, tmp_path / "elsewhere")
    restored = tmp_path / "elsewhere" / "amildesk.sqlite3"
    assert restored.read_bytes()[:16] != b"SQLite format 3\x00"
    assert store_key.key_for_folder(tmp_path / "elsewhere") == original_key
    record = store_key.read_record(tmp_path / "elsewhere")
    assert record is not None and record.recovery is not None  # the sheet opens it there too
    assert result.events > 0
    ctx2 = open_context(tmp_path / "elsewhere")
    try:
        with ctx2.store.read() as conn:
            assert verify_journal(conn, ctx2.office.identity).ok
    finally:
        ctx2.close()


def _damage_a_page(db: Path) -> None:
    conn = dbapi.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'donation_lines'").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * page
    data[start: start + 64] = bytes([0x07]) + bytes(range(63))  # the table's root page header scrambled on disk
    db.write_bytes(bytes(data))


def test_a_damaged_encrypted_store_is_not_backed_up(tmp_path: Path) -> None:
    ctx = new_office(tmp_path / "office")
    donate(ctx, 200)
    ctx.close()
    _damage_a_page(tmp_path / "office" / "amildesk.sqlite3")
    with pytest.raises(StoreError) as refused:  # the page fails SQLCipher's HMAC as it is copied
        create_backup(tmp_path / "office")
    assert refused.value.code in ("backup_source_damaged", "store_io_error")
    backups = tmp_path / "office" / "backups"
    assert not list(backups.glob("*.amilbak*")) and not list(backups.glob(".snapshot-*"))


def test_a_backup_of_a_damaged_plain_store_is_refused_by_the_integrity_check(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store_key.PLAIN_ENV, "1")  # a store from before encryption: damage is copied as it is
    ctx = new_office(tmp_path / "office")
    donate(ctx, 200)
    ctx.close()
    _damage_a_page(tmp_path / "office" / "amildesk.sqlite3")
    backup = create_backup(tmp_path / "office").path  # the backup copies the damage faithfully
    with pytest.raises(ValidationError) as refused:
        restore_backup(backup, PASSPHRASE, tmp_path / "restored")
    assert refused.value.code == "restore_integrity_failed"
    assert not (tmp_path / "restored" / "amildesk.sqlite3").exists()


def test_first_start_of_each_day_backs_up_once_and_copes_without_the_usb_disk(tmp_path: Path) -> None:
    from datetime import timezone

    from desktop.services.backups import auto_backup_if_due
    from desktop.services.settings import update_settings

    ctx = new_office(tmp_path / "office")
    update_settings(ctx, backup_folder=str(tmp_path / "usb-tidak-terpasang" / "sub"))
    ctx.close()
    (tmp_path / "usb-tidak-terpasang").write_text("a file where the folder should be: unwritable")
    wib = timezone(timedelta(hours=7))
    morning = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)  # 07:30 WIB
    first = auto_backup_if_due(tmp_path / "office", wib, now=morning)
    assert first is not None and first.manifest["reason"] == "daily" and first.copies == ()
    assert auto_backup_if_due(tmp_path / "office", wib, now=morning + timedelta(hours=9)) is None  # same day
    late = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)  # 00:30 WIB the next day: a new office day
    assert auto_backup_if_due(tmp_path / "office", wib, now=late) is not None
    assert len(list_backups(tmp_path / "office" / "backups")) == 2
