"""Every UI string and every error template has its English, and choosing English shows it."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt, QTranslator

from desktop.core.errors import MESSAGES, TERMS
from desktop.ui.paths import translations_dir
from tests.ui.conftest import PASSWORD, press, take_message, wait_active, wait_ops

ROOT = Path(__file__).resolve().parents[2]
TS = translations_dir() / "amildesk_en.ts"
QM = translations_dir() / "amildesk_en.qm"


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> English, None when unfinished; vanished/obsolete entries left out."""
    found: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().findall("context"):
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            text = translation.text if translation is not None and kind is None else None
            found[(name, message.findtext("source") or "")] = text or None
    return found


def test_every_source_string_and_error_template_has_english(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "resources" / "translations"))
    from update_translations import source_files

    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), "-locations", "none", *map(str, source_files()), "-ts", str(fresh)],
                   check=True, capture_output=True)
    committed = _messages(TS)
    in_code = set(_messages(fresh))
    assert len(in_code) > 150, "lupdate found too few strings: is the source list right?"
    expected = in_code | {("errors", t) for t in MESSAGES.values()} | {("terms", t) for t in TERMS}
    missing = sorted(key for key in expected
                     if not committed.get(key))
    assert not missing, (f"{len(missing)} strings lack English; run "
                         f"resources/translations/update_translations.py and translate: {missing[:5]}")

    translator = QTranslator()
    assert translator.load(str(QM))
    stale = [key for key, english in committed.items() if translator.translate(*key) != english]
    assert not stale, f"amildesk_en.qm is older than the .ts; rebuild it: {stale[:3]}"


def test_switching_to_english_shows_english(qtbot, open_app, office_dir: Path) -> None:
    controller = open_app("admin")
    window = controller.window
    press(qtbot, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)  # Pengaturan
    settings = window.settings
    settings.language.setCurrentIndex(settings.language.findData("en"))
    settings.save_button.click()
    qtbot.waitUntil(lambda: controller.window is not window, timeout=10000)
    english = controller.window
    wait_active(qtbot, english)
    wait_ops(qtbot)
    labels = [english.nav.item(i).text() for i in range(english.nav.count())]
    assert labels == ["Home", "Donations", "Donors", "Receipts", "Beneficiaries", "Distributions", "Reports",
                      "Settings"]
    assert english.donation.save_button.text() == "&Save && Print (Ctrl+S)"
    assert english.user_label.text() == "User: Admin Kantor (Admin)"
    assert english.pages.currentWidget() is english.settings

    # Service errors arrive in English too.
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    page = english.donation
    qtbot.waitUntil(lambda: page.editor is not None)
    page.picker.anonymous.setChecked(True)
    page.editor.lines[0].fund.setCurrentIndex(1)
    page.editor.lines[0].amount.setText("0")
    page.save()
    assert take_message(qtbot) == "The amount must be more than zero."

    # The next start (a new process in real life) opens in English from the login dialog on.
    english.close()
    controller.shutdown()
    from desktop.ui.startup import AppController

    again = AppController(office_dir)
    again.start()
    dialog = again.login_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: again.ctx is not None, timeout=15000)
    assert dialog.windowTitle() == "Log in — AmilDesk"
    assert dialog.login_button.text() == "&Log in"
    dialog.username.setText("admin")
    dialog.password.setText(PASSWORD)
    dialog.login_button.click()
    qtbot.waitUntil(lambda: again.window is not None, timeout=15000)
    wait_ops(qtbot)
    assert again.window.nav.item(0).text() == "Home"
    again.window.close()
    again.shutdown()
