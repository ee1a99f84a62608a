"""Sinkronkan in the real main window against the real district server (a process on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import Engine

from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.ui import ops
from sync.server import admin, db
from tests.sync.serverproc import ServerProcess
from tests.ui.conftest import press, wait_ops

OFFICE = "KLL-PKS"  # the office of the UI template store


@pytest.fixture
def district(tmp_path: Path) -> Iterator[tuple[ServerProcess, Engine]]:
    """A fresh server per test: the template store's device id is the same in every copy."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = db.make_engine(url)
    db.migrate(engine)
    admin.create_office(engine, OFFICE, "Kantor Layanan Pasir Belengkong")
    server = ServerProcess(url, tmp_path / "server.log")
    server.start()
    yield server, engine
    server.stop()
    engine.dispose()


def test_enroll_in_settings_then_sinkronkan_sends_everything(qtbot, open_app, district) -> None:
    server, engine = district
    controller = open_app("admin")
    window = controller.window
    qtbot.waitUntil(lambda: window.sync.overview is not None, timeout=10000)
    assert window.unsent_label.text().startswith("Belum terkirim: ")
    assert window.unsent_label.text() != "Belum terkirim: 0"
    assert window.last_sync_label.text() == "Belum terhubung ke server kabupaten"

    press(qtbot, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)  # Pengaturan
    assert window.pages.currentWidget() is window.settings
    section = window.settings.sync_section
    section.enroll_button.click()
    dialog = section.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.server_url, server.base_url)
    qtbot.keyClicks(dialog.code, admin.issue_enroll_code(engine, OFFICE))
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15000)
    qtbot.waitUntil(lambda: "Terhubung ke" in section.link_label.text(), timeout=10000)

    # Linking starts an automatic sync; wait for it, then record one more donation.
    qtbot.waitUntil(lambda: window.unsent_label.text() == "Belum terkirim: 0", timeout=30000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    wait_ops(qtbot)
    record_donation(window.session.ctx, DonationInput(lines=(LineInput("zakat_maal", amount=75_000),),
                                                      anonymous=True))
    ops.change_bus().notify({ops.DONATIONS})
    qtbot.waitUntil(lambda: window.unsent_label.text() == "Belum terkirim: 1", timeout=10000)

    with qtbot.waitSignal(window.sync.finished, timeout=30000):
        qtbot.mouseClick(window.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.unsent_label.text() == "Belum terkirim: 0", timeout=10000)
    assert window.last_sync_label.text().startswith("Sinkron terakhir: ")
    assert "belum pernah" not in window.last_sync_label.text()
    assert not window.sync_error_label.isVisible()
    assert "Belum terkirim: 0" in window.home.sync_label.text()
    wait_ops(qtbot)

    device = next(d for o in admin.status(engine)["offices"] for d in o["devices"])
    overview = window.sync.overview
    assert overview is not None and device["acked_seq"] == overview.journal_high_seq == overview.acked_seq


def test_sinkronkan_failure_keeps_records_and_shows_why(qtbot, open_app, district) -> None:
    server, engine = district
    controller = open_app("admin")
    window = controller.window
    from desktop.services.sync_service import enroll

    enroll(window.session.ctx, server.base_url, admin.issue_enroll_code(engine, OFFICE))
    device_id = window.session.ctx.office.device_id
    admin.revoke(engine, device_id)
    window.sync.refresh()
    qtbot.waitUntil(lambda: window.sync.overview is not None and window.sync.overview.enrolled, timeout=10000)
    wait_ops(qtbot)
    before = window.unsent_label.text()

    with qtbot.waitSignal(window.sync.finished, timeout=30000):
        window.sync_button.click()
    qtbot.waitUntil(lambda: window.sync_error_label.isVisible(), timeout=10000)
    assert "dicabut" in window.sync_error_label.text()
    assert window.unsent_label.text() == before != "Belum terkirim: 0"
    from tests.ui.conftest import take_message

    assert "dicabut" in take_message(qtbot)
