"""Lock-out, idle lock, Pengaturan's backup button, the restore dialog and Beranda's backup warning,
driven with qtbot on the real window and a real store."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.services.context import utc_now
from desktop.store import dbapi
from desktop.ui.main_window import HOME, SETTINGS
from desktop.ui.startup import AppController
from tests.ui.conftest import PASSWORD, take_message, wait_ops

PASSPHRASE = "frasa-pemulihan-uji"


def _journal_types(office_dir: Path) -> list[str]:
    conn = dbapi.connect(f"file:{office_dir / 'amildesk.sqlite3'}?mode=ro", uri=True)
    try:
        return [str(r[0]) for r in conn.execute("SELECT type FROM journal ORDER BY seq")]
    finally:
        conn.close()


def test_five_wrong_passwords_lock_the_user_for_five_minutes(qtbot, office_dir: Path) -> None:
    controller = AppController(office_dir)
    controller.start()
    dialog = controller.login_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: controller.ctx is not None, timeout=15000)
    qtbot.keyClicks(dialog.username, "kasir")
    for attempt in range(5):
        dialog.password.setText(f"salah-{attempt}")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.login_button.isEnabled() and bool(dialog.message.text()), timeout=15000)
        expected = "dikunci 5 menit" if attempt == 4 else "salah"
        assert expected in dialog.message.text(), (attempt, dialog.message.text())
        dialog.message.clear()
    dialog.password.setText(PASSWORD)  # even the right password waits for the lock to pass
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "dikunci" in dialog.message.text(), timeout=15000)
    assert controller.window is None
    assert _journal_types(office_dir).count("user.locked") == 1
    ctx = controller.ctx
    assert ctx is not None
    ctx.clock = lambda: utc_now() + timedelta(minutes=6)  # five minutes later
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=15000)
    wait_ops(qtbot)
    controller.window.close()
    controller.shutdown()


def test_idle_lock_hides_the_window_and_keeps_the_unsaved_form(qtbot, open_app) -> None:
    controller = open_app("kasir")
    window = controller.window
    lock = controller.idle_lock
    assert lock is not None and lock.timer.interval() == 10 * 60_000  # the default setting
    page = window.donation
    page.reference.setText("TRF-12345 belum disimpan")
    lock.set_interval_ms(300)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    assert not window.isVisible()
    dialog = lock.dialog
    assert dialog is not None and dialog.isVisible() and dialog.username.text() == "kasir"
    assert dialog.username.isReadOnly()
    dialog.password.setText("salah-sandi")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=15000)
    assert not window.isVisible()  # a wrong password unlocks nothing
    dialog.password.setText(PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.isVisible() and not lock.is_locked, timeout=15000)
    assert window is controller.window and page.reference.text() == "TRF-12345 belum disimpan"
    lock.set_minutes(10)


def test_backup_button_restore_dialog_and_beranda_warning(qtbot, open_app, office_dir: Path, tmp_path: Path) -> None:
    controller = open_app("admin")
    window = controller.window
    window.nav.setCurrentRow(SETTINGS)
    section = window.settings.backup_section
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.notice.property("kind") == "error", timeout=15000)
    assert "frasa pemulihan" in section.notice.text().lower()

    section.set_passphrase(PASSPHRASE)  # what "Frasa pemulihan…" does after its two prompts
    qtbot.waitUntil(lambda: "lembar-pemulihan.pdf" in section.notice.text(), timeout=15000)
    section.folder.setText(str(tmp_path / "usb-tidak-ada"))
    section.idle_minutes.setValue(3)
    qtbot.mouseClick(window.settings.save_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: controller.idle_lock.timer.interval() == 3 * 60_000, timeout=5000)  # applies at once
    window.nav.setCurrentRow(HOME)
    home = window.home
    home.refresh_backup()
    qtbot.waitUntil(lambda: home.backup_warning.isVisible(), timeout=15000)
    assert "tidak terpasang" in home.backup_warning.text()

    (tmp_path / "usb-tidak-ada").mkdir()
    window.nav.setCurrentRow(SETTINGS)
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cadangan dibuat" in section.notice.text(), timeout=30000)
    backups = sorted((office_dir / "backups").glob("*.amilbak"))
    assert len(backups) == 1 and (tmp_path / "usb-tidak-ada" / backups[0].name).exists()
    home.refresh_backup()
    qtbot.waitUntil(lambda: not home.backup_warning.isVisible(), timeout=15000)

    from desktop.services.donations import DonationInput, LineInput, record_donation

    recorded = record_donation(controller.ctx, DonationInput(lines=(LineInput("sedekah", amount=75_000),),
                                                             anonymous=True))
    section.open_restore_dialog()
    dialog = section.dialog
    assert dialog is not None and dialog.load(backups[0])
    assert "KLL-PKS" in dialog.manifest.text()
    dialog.passphrase.setText("frasa-yang-salah")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "salah" in dialog.message.text() and dialog.isVisible()  # refused at once, nothing closed
    dialog.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    text = take_message(qtbot)
    assert "dipulihkan" in text and recorded.receipt_number in text and "belum terkirim" in text
    qtbot.waitUntil(lambda: controller.login_dialog is not None and controller.login_dialog.isVisible(),
                    timeout=15000)
    assert list(office_dir.glob("before-restore-*/amildesk.sqlite3"))
    login = controller.login_dialog
    qtbot.waitUntil(lambda: controller.ctx is not None, timeout=15000)
    login.username.setText("admin")
    login.password.setText(PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=15000)
    wait_ops(qtbot)
    conn = dbapi.connect(f"file:{office_dir / 'amildesk.sqlite3'}?mode=ro", uri=True)
    try:
        restored = conn.execute("SELECT count(*) FROM donations WHERE receipt_number = ?",
                                (recorded.receipt_number,)).fetchone()[0]
        kept = conn.execute("SELECT entity_id FROM restore_kept_events").fetchall()
    finally:
        conn.close()
    assert restored == 0 and kept == [(recorded.id,)]  # the store is the backup's; the newer event is kept


def test_first_run_setup_asks_for_the_recovery_passphrase_and_writes_the_sheet(qtbot, app, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from desktop.services.backups import create_backup

    data_dir = tmp_path / "baru"
    controller = AppController(data_dir)
    controller.start()
    dialog = controller.setup_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    for widget, text in ((dialog.institution, "BAZNAS Kabupaten Uji"), (dialog.office_code, "UPZ-01"),
                         (dialog.office_name, "UPZ Desa Kuaro"), (dialog.password, PASSWORD),
                         (dialog.password_again, PASSWORD), (dialog.passphrase, PASSPHRASE),
                         (dialog.passphrase_again, "frasa-lain-sekali")):
        widget.setText(text)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "frasa pemulihan tidak sama" in dialog.message.text()
    assert not (data_dir / "amildesk.sqlite3").exists()
    dialog.passphrase_again.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.sheet_box is not None and dialog.sheet_box.isVisible(), timeout=15000)
    text = dialog.sheet_box.text()
    dialog.sheet_box.done(0)  # the clerk reads it and presses OK
    sheet = data_dir / "lembar-pemulihan.pdf"
    assert str(sheet) in text
    assert PASSPHRASE in "".join(page.extract_text() for page in PdfReader(sheet).pages)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=15000)
    wait_ops(qtbot)
    assert create_backup(data_dir).manifest["office_code"] == "UPZ-01"  # the key is there: backups work
    controller.window.close()
    controller.shutdown()


def test_every_daily_closing_makes_a_backup(qtbot, open_app, office_dir: Path) -> None:
    from desktop.services.context import open_context
    from desktop.services.recovery import change_recovery_passphrase
    from desktop.services.users import login as service_login
    from desktop.ui.closing_dialog import ClosingDialog

    ctx = open_context(office_dir)
    service_login(ctx, "admin", PASSWORD)
    change_recovery_passphrase(ctx, PASSPHRASE)
    ctx.close()
    window = open_app("kepala").window
    home = window.home
    window.nav.setCurrentRow(HOME)
    wait_ops(qtbot)
    qtbot.mouseClick(home.cash.close_button, Qt.MouseButton.LeftButton)
    dialog = home.cash.dialog
    assert isinstance(dialog, ClosingDialog)
    qtbot.addWidget(dialog)
    wait_ops(qtbot)
    dialog.head_user.setText("kepala")
    dialog.head_password.setText(PASSWORD)
    dialog.ok_button.click()
    wait_ops(qtbot)
    assert dialog.result() == ClosingDialog.DialogCode.Accepted, dialog.message.text()
    qtbot.waitUntil(lambda: bool(list((office_dir / "backups").glob("*-closing.amilbak"))), timeout=30000)
