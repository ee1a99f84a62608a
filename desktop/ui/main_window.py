"""The main window: left navigation (Beranda, Donasi, Donatur, Kwitansi, Mustahik, Penyaluran, Laporan,
Pengaturan), the pages, and a status bar saying who is working, at which office, and how much is not yet synced.

Cold start: only the page on screen is built before the first paint (``LazyPages``; the others,
and their modules, when first shown), and pages load their data after that paint, so it never
waits for the database or for screens nobody has opened yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

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
    QWidget,
)

from desktop.ui import ops
from desktop.ui.labels import role_label
from desktop.ui.lazy_pages import LazyPages, PageFactory
from desktop.ui.sync_controller import SyncController
from desktop.ui.sync_text import error_line, insecure_text, last_sync_text, unsent_text
from desktop.ui.widgets import ElidedLabel

if TYPE_CHECKING:
    from desktop.services.sync_service import SyncOverview
    from desktop.ui.pages.beneficiaries_page import BeneficiariesPage
    from desktop.ui.pages.distributions_page import DistributionsPage
    from desktop.ui.pages.donation_page import DonationPage
    from desktop.ui.pages.donors_page import DonorsPage
    from desktop.ui.pages.home_page import HomePage
    from desktop.ui.pages.receipts_page import ReceiptsPage
    from desktop.ui.pages.reports_page import ReportsPage
    from desktop.ui.pages.settings_page import SettingsPage
    from desktop.ui.session import UiSession

HOME, DONATION, DONORS, RECEIPTS, BENEFICIARIES, DISTRIBUTIONS, REPORTS, SETTINGS = range(8)


def _page_factories(session: UiSession) -> list[PageFactory]:
    """One factory per page, in navigation order; each imports its page's module when first called.

    The imports are written out (not ``import_module``) so PyInstaller still finds the modules.
    """

    def home() -> QWidget:
        from desktop.ui.pages.home_page import HomePage

        return HomePage(session)

    def donation() -> QWidget:
        from desktop.ui.pages.donation_page import DonationPage

        return DonationPage(session)

    def donors() -> QWidget:
        from desktop.ui.pages.donors_page import DonorsPage

        return DonorsPage(session)

    def receipts() -> QWidget:
        from desktop.ui.pages.receipts_page import ReceiptsPage

        return ReceiptsPage(session)

    def beneficiaries() -> QWidget:
        from desktop.ui.pages.beneficiaries_page import BeneficiariesPage

        return BeneficiariesPage(session)

    def distributions() -> QWidget:
        from desktop.ui.pages.distributions_page import DistributionsPage

        return DistributionsPage(session)

    def reports() -> QWidget:
        from desktop.ui.pages.reports_page import ReportsPage

        return ReportsPage(session)

    def settings() -> QWidget:
        from desktop.ui.pages.settings_page import SettingsPage

        return SettingsPage(session)

    return [home, donation, donors, receipts, beneficiaries, distributions, reports, settings]


class MainWindow(QMainWindow):
    language_changed = Signal(str)
    restore_requested = Signal(str, str)  # backup file, passphrase: the controller closes the store first

    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self._painted = False  # the first paint happened (the first load is scheduled)
        self._loaded = False  # the first load ran: pages built from now on load at once
        office = session.ctx.office
        self.setWindowTitle(self.tr("AmilDesk — {office}").format(office=office.name))
        self.setMinimumSize(960, 640)

        self.pages = LazyPages(_page_factories(session))
        self.pages.built.connect(self._on_page_built)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(
            "QListWidget{font-size:12pt;border:none;background:#f3f5f7;}"
            "QListWidget::item{padding:10px 12px;}"
            "QListWidget::item:selected{background:#1f6f50;color:white;}")
        for index, text in enumerate((self.tr("Beranda"), self.tr("Donasi"), self.tr("Donatur"),
                                      self.tr("Kwitansi"), self.tr("Mustahik"), self.tr("Penyaluran"),
                                      self.tr("Laporan"), self.tr("Pengaturan"))):
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
        # Shown while the link uses plain http to a public host (allowed explicitly at enrollment).
        self.insecure_label = QLabel(self.tr("⚠ http tanpa enkripsi"))
        self.insecure_label.setObjectName("insecureHttp")
        self.insecure_label.setStyleSheet("color:#b00020; font-weight:bold;")
        self.insecure_label.setVisible(False)
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
        bar.addPermanentWidget(self.insecure_label)
        bar.addPermanentWidget(self.unsent_label)
        bar.addPermanentWidget(self.last_sync_label)
        bar.addPermanentWidget(self.sync_progress)
        bar.addPermanentWidget(self.sync_button)
        self.sync = SyncController(session, self)
        self.sync.overview_changed.connect(self._show_sync)
        self.sync.started.connect(self._sync_started)
        self.sync.progress.connect(self._sync_progress)
        self.sync.finished.connect(self._sync_finished)
        self.sync.waiting.connect(self._sync_waiting)
        self.sync_button.clicked.connect(lambda: self.sync.sync(manual=True))
        QShortcut(QKeySequence("F9"), self).activated.connect(lambda: self.sync.sync(manual=True))

        QShortcut(QKeySequence("Ctrl+K"), self).activated.connect(self.open_collective)
        for index in range(self.nav.count()):
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.nav.setCurrentRow(i))
        ops.change_bus().changed.connect(self._on_changed)
        self.nav.setCurrentRow(DONATION)  # builds the Donasi page, the only one before the first paint

    # --- pages, made on first use (attribute access builds one too) --------------------------
    @property
    def home(self) -> HomePage:
        return cast("HomePage", self.pages.page(HOME))

    @property
    def donation(self) -> DonationPage:
        return cast("DonationPage", self.pages.page(DONATION))

    @property
    def donors(self) -> DonorsPage:
        return cast("DonorsPage", self.pages.page(DONORS))

    @property
    def receipts(self) -> ReceiptsPage:
        return cast("ReceiptsPage", self.pages.page(RECEIPTS))

    @property
    def beneficiaries(self) -> BeneficiariesPage:
        return cast("BeneficiariesPage", self.pages.page(BENEFICIARIES))

    @property
    def distributions(self) -> DistributionsPage:
        return cast("DistributionsPage", self.pages.page(DISTRIBUTIONS))

    @property
    def reports(self) -> ReportsPage:
        return cast("ReportsPage", self.pages.page(REPORTS))

    @property
    def settings(self) -> SettingsPage:
        return cast("SettingsPage", self.pages.page(SETTINGS))

    def open_collective(self) -> None:
        """Setoran kolektif (issue 14): from anywhere, over the Donasi page."""
        self.show_page(DONATION)
        self.donation.open_collective()

    def _on_page_built(self, index: int, page: QWidget) -> None:
        """Wire a page made just now; it loads its data at once unless the first load is still to come."""
        if index == SETTINGS:
            settings = cast("SettingsPage", page)
            settings.language_changed.connect(self.language_changed)
            settings.backup_section.restore_requested.connect(self.restore_requested)
            settings.sync_section.enrolled.connect(lambda: self.sync.sync(manual=True))
        if self.sync.overview is not None:
            self._pass_sync(index, page, self.sync.overview)
        if self._loaded:
            self._first_load(index, page)

    @staticmethod
    def _first_load(index: int, page: QWidget) -> None:
        # Mustahik and Penyaluran load themselves when shown (their showEvent).
        if index == DONATION:
            cast("DonationPage", page).load()
        elif index in (HOME, DONORS, RECEIPTS, SETTINGS):
            cast("HomePage | DonorsPage | ReceiptsPage | SettingsPage", page).refresh()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.load)  # data after the first paint, never before it

    def load(self) -> None:
        """First data load, after the window is painted: the pages made so far, the sync state."""
        self._loaded = True
        for index in range(self.pages.count()):
            page = self.pages.built_page(index)
            if page is not None:
                self._first_load(index, page)
        self.sync.start()

    def show_page(self, index: int) -> None:
        self.pages.show_page(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        if index == DONATION:
            self.donation.picker.focus_search()
        elif index == RECEIPTS:
            self.receipts.search.setFocus(Qt.FocusReason.OtherFocusReason)
        elif index == DONORS:
            self.donors.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_changed(self, kinds: set[str]) -> None:
        donation = self.pages.built_page(DONATION)
        if ops.SETTINGS in kinds and donation is not None:
            cast("DonationPage", donation).update_rates()
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
        warning = insecure_text(overview)
        self.insecure_label.setToolTip(warning)
        self.insecure_label.setVisible(bool(warning))
        for index in (HOME, SETTINGS):
            page = self.pages.built_page(index)
            if page is not None:
                self._pass_sync(index, page, overview)

    def _pass_sync(self, index: int, page: QWidget, overview: SyncOverview) -> None:
        """Beranda and Pengaturan show the link's state too (pages not made yet get it when made)."""
        if index == HOME:
            cast("HomePage", page).show_sync(self.session.ctx, overview)
        elif index == SETTINGS:
            cast("SettingsPage", page).sync_section.show_overview(overview)

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

    def _sync_waiting(self, text: str) -> None:
        """The district has not answered yet: say the data is safe while the busy bar keeps going."""
        self.statusBar().showMessage(text)

    def _sync_finished(self, outcome: object) -> None:
        self.sync_button.setEnabled(True)
        self.sync_progress.setVisible(False)
        self.statusBar().showMessage(self.sync.message_for(outcome), 8000)
