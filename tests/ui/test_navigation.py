"""Pages are built when first shown (cold start), yet each one opens with its data.

Only Donasi exists at the first paint; every other page is made by its Alt+N shortcut or its
navigation entry, and must then show what is in the store, including what changed after login.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.context import open_context
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.donors import DonorInput
from desktop.services.users import login
from desktop.ui import ops
from desktop.ui.main_window import (
    BENEFICIARIES,
    DISTRIBUTIONS,
    DONATION,
    DONORS,
    HOME,
    RECEIPTS,
    REPORTS,
    SETTINGS,
    MainWindow,
)
from desktop.ui.startup import AppController
from tests.ui.conftest import PASSWORD, focused, press, wait_ops

ALT = Qt.KeyboardModifier.AltModifier
Opener = Callable[[str], AppController]


class _StrayWindows(QObject):
    """Records every window shown other than ``main`` (a page's widget shown before it had a parent)."""

    def __init__(self, main: QWidget) -> None:
        super().__init__()
        self.main = main
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow()
                and watched is not self.main):
            self.shown.append(type(watched).__name__)
        return False


def _open(open_app: Opener, username: str) -> MainWindow:
    window = open_app(username).window
    assert window is not None
    return window


@pytest.fixture
def seeded(office_dir: Path) -> Path:
    """One 50.000 donation from a named donor, recorded before the app opens."""
    ctx = open_context(office_dir)
    try:
        login(ctx, "admin", PASSWORD)
        record_donation(ctx, DonationInput(lines=(LineInput("sedekah", 50_000),),
                                           new_donor=DonorInput(name="Budi Santoso")))
    finally:
        ctx.close()
    return office_dir


def test_only_donasi_is_built_for_the_first_paint(qtbot: QtBot, open_app: Opener, seeded: Path) -> None:
    window = _open(open_app, "admin")
    assert window.pages.currentIndex() == DONATION
    assert [window.pages.built_page(i) is not None for i in range(window.nav.count())] == [
        index == DONATION for index in range(window.nav.count())]
    assert window.donation.editor is not None  # its catalogue was filled after the paint
    qtbot.waitUntil(lambda: window.unsent_label.text().startswith("Belum terkirim: ")
                    and "…" not in window.unsent_label.text(), timeout=10000)


def test_every_page_opens_by_shortcut_with_its_data(qtbot: QtBot, open_app: Opener, seeded: Path) -> None:
    window = _open(open_app, "admin")
    qtbot.waitUntil(lambda: window.sync.overview is not None, timeout=10000)
    overview = window.sync.overview
    assert overview is not None

    press(qtbot, Qt.Key.Key_1, ALT)
    home = window.home
    assert window.pages.currentWidget() is home and window.nav.currentRow() == HOME
    qtbot.waitUntil(lambda: home.total.value.text() == "Rp50.000", timeout=10000)
    assert home.receipts.value.text() == "1"
    assert home.sync_label.text().endswith(f"Belum terkirim: {overview.unsent}")

    press(qtbot, Qt.Key.Key_3, ALT)
    donors = window.donors
    assert window.pages.currentWidget() is donors and focused() is donors.search
    qtbot.waitUntil(lambda: donors.count_label.text().startswith("1 donatur terdaftar"), timeout=10000)

    press(qtbot, Qt.Key.Key_4, ALT)
    receipts = window.receipts
    assert window.pages.currentWidget() is receipts and focused() is receipts.search
    qtbot.waitUntil(lambda: receipts.model.rowCount() == 1, timeout=10000)

    press(qtbot, Qt.Key.Key_5, ALT)
    assert window.pages.currentWidget() is window.beneficiaries and focused() is window.beneficiaries.search

    press(qtbot, Qt.Key.Key_6, ALT)
    assert window.pages.currentWidget() is window.distributions

    press(qtbot, Qt.Key.Key_7, ALT)
    assert window.pages.currentWidget() is window.reports and window.nav.currentRow() == REPORTS

    press(qtbot, Qt.Key.Key_8, ALT)
    settings = window.settings
    assert window.pages.currentWidget() is settings
    qtbot.waitUntil(lambda: settings.users_table.rowCount() == 3, timeout=10000)  # admin, kasir, kepala
    assert settings.sync_section.state_label.text().startswith("Belum terkirim: ")  # the overview, passed on

    press(qtbot, Qt.Key.Key_2, ALT)
    assert window.pages.currentWidget() is window.donation and focused() is window.donation.picker.search
    wait_ops(qtbot)


@pytest.mark.parametrize("username", ["admin", "kasir"])  # kasir: role-hidden buttons stay hidden
def test_every_page_opens_from_the_navigation_list(qtbot: QtBot, open_app: Opener, seeded: Path, username: str,
                                                   app: QApplication) -> None:
    window = _open(open_app, username)
    stray = _StrayWindows(window)
    app.installEventFilter(stray)
    try:
        for index in (SETTINGS, REPORTS, DISTRIBUTIONS, BENEFICIARIES, RECEIPTS, DONORS, HOME, DONATION):
            rect = window.nav.visualItemRect(window.nav.item(index))
            qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert window.pages.currentIndex() == index
            assert window.pages.currentWidget() is window.pages.built_page(index)
            wait_ops(qtbot)
            # A page built while the window is on screen must not pop up a stray window for a
            # moment: that takes the keyboard focus away from the clerk.
            assert stray.shown == [] and QApplication.activeWindow() is window
    finally:
        app.removeEventFilter(stray)


def test_a_page_built_later_shows_what_changed_after_login(qtbot: QtBot, open_app: Opener, seeded: Path) -> None:
    window = _open(open_app, "admin")
    record_donation(window.session.ctx, DonationInput(lines=(LineInput("sedekah", 25_000),), anonymous=True))
    ops.change_bus().notify({ops.DONATIONS, ops.RECEIPTS})  # no page but Donasi is listening yet
    assert window.pages.built_page(RECEIPTS) is None

    press(qtbot, Qt.Key.Key_4, ALT)
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() == 2, timeout=10000)
    press(qtbot, Qt.Key.Key_1, ALT)
    qtbot.waitUntil(lambda: window.home.total.value.text() == "Rp75.000", timeout=10000)
    wait_ops(qtbot)
