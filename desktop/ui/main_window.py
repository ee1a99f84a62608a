"""The main window: left navigation (Beranda, Donasi, Donatur, Kwitansi, Mustahik, Penyaluran, Pengaturan), the pages,
and a status bar saying who is working, at which office, and how much is not yet synced.

Pages load their data after the window's first paint, so that paint never waits for the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from desktop.ui import ops
from desktop.ui.labels import role_label
from desktop.ui.pages.beneficiaries_page import BeneficiariesPage
from desktop.ui.pages.distributions_page import DistributionsPage
from desktop.ui.pages.donation_page import DonationPage
from desktop.ui.pages.donors_page import DonorsPage
from desktop.ui.pages.home_page import HomePage
from desktop.ui.pages.receipts_page import ReceiptsPage
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.sync_controller import SyncController
from desktop.ui.sync_text import error_line, last_sync_text, unsent_text
from desktop.ui.widgets import ElidedLabel

if TYPE_CHECKING:
    from desktop.services.sync_service import SyncOverview
    from desktop.ui.session import UiSession

HOME, DONATION, DONORS, RECEIPTS, BENEFICIARIES, DISTRIBUTIONS, SETTINGS = range(7)


class MainWindow(QMainWindow):
    language_changed = Signal(str)

    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        office = session.ctx.office
        self.setWindowTitle(self.tr("AmilDesk — {office}").format(office=office.name))
        self.setMinimumSize(960, 640)

        self.home = HomePage(session)
        self.donation = DonationPage(session)
        self.donors = DonorsPage(session)
        self.receipts = ReceiptsPage(session)
        self.beneficiaries = BeneficiariesPage(session)
        self.distributions = DistributionsPage(session)
        self.settings = SettingsPage(session)
        self.pages = QStackedWidget()
        for page in (self.home, self.donation, self.donors, self.receipts, self.beneficiaries, self.distributions,
                     self.settings):
            self.pages.addWidget(page)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(
            "QListWidget{font-size:12pt;border:none;background:#f3f5f7;}"
            "QListWidget::item{padding:10px 12px;}"
            "QListWidget::item:selected{background:#1f6f50;color:white;}")
        for index, text in enumerate((self.tr("Beranda"), self.tr("Donasi"), self.tr("Donatur"),
                                      self.tr("Kwitansi"), self.tr("Mustahik"), self.tr("Penyaluran"),
                                      self.tr("Pengaturan"))):
            item = QListWidgetItem(text)
            item.setToolTip(self.tr("Alt+{n}").format(n=index + 1))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.show_page)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel(self.tr("Pengguna: {name} ({role})").format(
            name=session.user.full_name, role=role_label(session.user.role.value)))
        self.office_label = ElidedLabel(self.tr("Kantor: {code} — {name} · Perangkat {letter}").format(
            code=office.code, name=office.name, letter=office.device_letter))
        self.unsent_label = QLabel(self.tr("Belum terkirim: {count}").format(count="…"))
        self.last_sync_label = QLabel(self.tr("Sinkron terakhir: {when}").format(when="—"))
        self.sync_error_label = ElidedLabel("")
        self.sync_error_label.setStyleSheet("color:#b00020;")
        self.sync_error_label.setVisible(False)
        self.sync_progress = QProgressBar()
        self.sync_progress.setMaximumWidth(140)
        self.sync_progress.setVisible(False)
        self.sync_button = QPushButton(self.tr("Sinkronkan"))
        self.sync_button.setObjectName("syncButton")
        self.sync_button.setToolTip(self.tr("Kirim data ke server kabupaten dan ambil data terbaru (F9)"))
        bar = self.statusBar()
        bar.addWidget(self.user_label)
        bar.addWidget(self.office_label, 1)
        bar.addWidget(self.sync_error_label, 1)
        bar.addPermanentWidget(self.unsent_label)
        bar.addPermanentWidget(self.last_sync_label)
        bar.addPermanentWidget(self.sync_progress)
        bar.addPermanentWidget(self.sync_button)
        self.sync = SyncController(session, self)
        self.sync.overview_changed.connect(self._show_sync)
        self.sync.started.connect(self._sync_started)
        self.sync.progress.connect(self._sync_progress)
        self.sync.finished.connect(self._sync_finished)
        self.sync_button.clicked.connect(lambda: self.sync.sync(manual=True))
        QShortcut(QKeySequence("F9"), self).activated.connect(lambda: self.sync.sync(manual=True))
        self.settings.sync_section.enrolled.connect(lambda: self.sync.sync(manual=True))

        for index in range(self.nav.count()):
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.nav.setCurrentRow(i))
        self.settings.language_changed.connect(self.language_changed)
        ops.change_bus().changed.connect(self._on_changed)
        self.nav.setCurrentRow(DONATION)
        self._loaded = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._loaded:
            self._loaded = True
            QTimer.singleShot(0, self.load)  # data after the first paint, never before it

    def load(self) -> None:
        """First data load, after the window is painted."""
        self.donation.load()
        self.home.refresh()
        self.receipts.refresh()
        self.donors.refresh()
        self.settings.refresh()
        self.sync.start()

    def show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        if index == DONATION:
            self.donation.picker.focus_search()
        elif index == RECEIPTS:
            self.receipts.search.setFocus(Qt.FocusReason.OtherFocusReason)
        elif index == DONORS:
            self.donors.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_changed(self, kinds: set[str]) -> None:
        if ops.SETTINGS in kinds:
            self.donation.update_rates()
        if kinds - {ops.SETTINGS}:
            self.refresh_status()

    def refresh_status(self) -> None:
        self.sync.refresh()

    def _show_sync(self, overview: SyncOverview) -> None:
        ctx = self.session.ctx
        self.unsent_label.setText(unsent_text(overview))
        self.last_sync_label.setText(last_sync_text(ctx, overview))
        problem = error_line(overview)
        self.sync_error_label.setText(problem)
        self.sync_error_label.setToolTip(problem)
        self.sync_error_label.setVisible(bool(problem))
        self.home.show_sync(ctx, overview)
        self.settings.sync_section.show_overview(overview)

    def _sync_started(self) -> None:
        self.sync_button.setEnabled(False)
        self.sync_progress.setRange(0, 0)
        self.sync_progress.setVisible(True)
        self.statusBar().showMessage(self.tr("Sinkronisasi berjalan…"))

    def _sync_progress(self, phase: str, done: int, total: int) -> None:
        if phase == "upload" and total > 0:
            self.sync_progress.setRange(0, total)
            self.sync_progress.setValue(done)
            self.sync_progress.setFormat(self.tr("Kirim %v/%m"))
        else:
            self.sync_progress.setRange(0, 0)

    def _sync_finished(self, outcome: object) -> None:
        self.sync_button.setEnabled(True)
        self.sync_progress.setVisible(False)
        self.statusBar().showMessage(self.sync.message_for(outcome), 8000)
