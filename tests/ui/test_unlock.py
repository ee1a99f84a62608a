"""An encrypted store whose key this account lost opens again with the recovery passphrase, in the app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.services.recovery import set_recovery_passphrase
from desktop.store import store_key
from desktop.ui.startup import AppController
from desktop.ui.unlock_dialog import UnlockDialog

PASSPHRASE = "frasa-pemulihan-kantor"


def test_a_lost_key_asks_for_the_recovery_passphrase_then_opens(qtbot: object, office_dir: Path) -> None:
    set_recovery_passphrase(office_dir, PASSPHRASE, office_dir.parent / "sheet.pdf")
    (office_dir / store_key.KEY_FILE).unlink()  # a reinstalled PC: the record is there, the key is not
    store_key.forget_cached(office_dir)
    controller = AppController(office_dir)
    controller.start()
    assert controller.login_dialog is not None
    qtbot.addWidget(controller.login_dialog)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: isinstance(controller.unlock_dialog, UnlockDialog)  # type: ignore[attr-defined]
                    and controller.unlock_dialog.isVisible(), timeout=15000)
    dialog = controller.unlock_dialog
    assert isinstance(dialog, UnlockDialog)
    assert controller.ctx is None
    qtbot.keyClicks(dialog.passphrase, "frasa-yang-salah")  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert "salah" in dialog.message.text() and dialog.isVisible()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: controller.ctx is not None, timeout=15000)  # type: ignore[attr-defined]
    assert not dialog.isVisible()
    assert (office_dir / store_key.KEY_FILE).exists()  # kept again (no credential store on this machine)
    controller.shutdown()
