"""Pengaturan: paper and printer, print-after-save, language, time zone, rates, users.

Settings are office data changed through ``update_settings`` (journalled, kepala kantor or admin);
the page only sends the keys that changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_grams_as_kg, format_rupiah
from desktop.core.roles import Role, can_manage_users
from desktop.receipts.model import PaperFormat
from desktop.ui import ops
from desktop.ui.delivery import SAVE_AS_PDF
from desktop.ui.labels import paper_label, role_label
from desktop.ui.ops import Op
from desktop.ui.pages.backup_section import BackupSection
from desktop.ui.pages.sync_section import SyncSection
from desktop.ui.user_dialog import UserDialog
from desktop.ui.widgets import Notice

if TYPE_CHECKING:
    from desktop.services.context import UserInfo
    from desktop.services.settings import OfficeSettings
    from desktop.ui.session import UiSession

TIMEZONES = ("WIB", "WITA", "WIT")


def _available_printers() -> list[str]:
    try:
        from desktop.receipts.printing import list_printers
    except ImportError:
        return []
    return list(list_printers())


class SettingsPage(QWidget):
    language_changed = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.user_dialog: UserDialog | None = None
        may_edit = session.role in (Role.ADMIN, Role.KEPALA)

        self.notice = Notice()
        self.notice.setObjectName("settingsNotice")
        self.paper = QComboBox()
        for paper in PaperFormat:
            self.paper.addItem(paper_label(paper.value), paper.value)
        self.printer = QComboBox()
        self.printer.setMinimumContentsLength(24)
        self.print_after_save = QCheckBox(self.tr("Cetak kuitansi otomatis setelah disimpan"))
        self.language = QComboBox()
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.timezone = QComboBox()
        for zone in TIMEZONES:
            self.timezone.addItem(zone, zone)
        self.save_button = QPushButton(self.tr("&Simpan pengaturan"))

        printing = QGroupBox(self.tr("Kuitansi dan printer"))
        form = QFormLayout(printing)
        form.addRow(self.tr("&Ukuran kertas:"), self.paper)
        form.addRow(self.tr("&Printer:"), self.printer)
        form.addRow("", self.print_after_save)
        general = QGroupBox(self.tr("Umum"))
        general_form = QFormLayout(general)
        general_form.addRow(self.tr("&Bahasa:"), self.language)
        general_form.addRow(self.tr("&Zona waktu:"), self.timezone)
        self.rates_label = QLabel()
        self.rates_label.setWordWrap(True)
        rates = QGroupBox(self.tr("Tarif (dari SK lembaga)"))
        QVBoxLayout(rates).addWidget(self.rates_label)

        save_row = QHBoxLayout()
        if not may_edit:
            save_row.addWidget(QLabel(self.tr("Hanya Kepala Kantor atau Admin yang dapat mengubah pengaturan.")))
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        for widget in (self.paper, self.printer, self.print_after_save, self.language, self.timezone,
                       self.save_button):
            widget.setEnabled(may_edit)

        users = QGroupBox(self.tr("Pengguna"))
        users_layout = QVBoxLayout(users)
        self.users_table = QTableWidget(0, 3)
        self.users_table.setHorizontalHeaderLabels([self.tr("Nama pengguna"), self.tr("Nama lengkap"),
                                                    self.tr("Peran")])
        self.users_table.verticalHeader().setVisible(False)
        self.users_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        users_header = self.users_table.horizontalHeader()
        users_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        users_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.users_table.setMinimumHeight(140)
        self.add_user_button = QPushButton(self.tr("Tambah &pengguna…"))
        if not can_manage_users(session.role):
            self.add_user_button.hide()  # never setVisible(True) before it has a parent (see SyncSection)
        users_layout.addWidget(self.users_table)
        users_layout.addWidget(self.add_user_button)

        body = QWidget()
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, body)
        left = QVBoxLayout()
        left.addWidget(printing)
        left.addWidget(general)
        left.addWidget(rates)
        left.addStretch(1)
        right = QVBoxLayout()
        self.sync_section = SyncSection(session)
        right.addWidget(self.sync_section)
        self.backup_section = BackupSection(session)
        right.addWidget(self.backup_section)
        right.addWidget(users)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self._columns, self._left, self._right = columns, left, right
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, 1)
        layout.addLayout(save_row)
        self._scroll = scroll

        self.save_button.clicked.connect(self.save)
        self.add_user_button.clicked.connect(self.open_user_dialog)
        ops.change_bus().changed.connect(self._on_changed)
        self.show_settings(session.settings, [])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Two columns when both fit side by side at their natural width, else one below the other:
        at the smallest window (960 px) two columns cut the backup and sync buttons off."""
        margins = self._columns.contentsMargins()
        wanted = (self._left.sizeHint().width() + self._right.sizeHint().width() + self._columns.spacing()
                  + margins.left() + margins.right())
        fits = self._scroll.viewport().width() >= wanted
        direction = QBoxLayout.Direction.LeftToRight if fits else QBoxLayout.Direction.TopToBottom
        if self._columns.direction() != direction:
            self._columns.setDirection(direction)

    def _on_changed(self, kinds: set[str]) -> None:
        if ops.USERS in kinds:
            self.refresh()

    def refresh(self) -> None:
        ctx = self._session.ctx

        def work() -> tuple[OfficeSettings, list[str], list[UserInfo]]:
            from desktop.services.settings import load_settings
            from desktop.services.users import list_users

            return load_settings(ctx.store), _available_printers(), list_users(ctx)

        Op(self, work).success(lambda result: self._loaded(*result)).run()

    def _loaded(self, settings: OfficeSettings, printers: list[str], users: list[UserInfo]) -> None:
        self.show_settings(settings, printers)
        self.users_table.setRowCount(len(users))
        for row, user in enumerate(users):
            for column, value in enumerate((user.username, user.full_name, role_label(user.role.value))):
                self.users_table.setItem(row, column, QTableWidgetItem(value))

    def show_settings(self, settings: OfficeSettings, printers: list[str]) -> None:
        self.printer.clear()
        self.printer.addItem(self.tr("Printer bawaan sistem"), None)
        self.printer.addItem(self.tr("Simpan sebagai PDF (tanpa printer)"), SAVE_AS_PDF)
        for name in printers:
            self.printer.addItem(name, name)
        if settings.printer_name and self.printer.findData(settings.printer_name) < 0:
            self.printer.addItem(self.tr("{name} (tidak ditemukan)").format(name=settings.printer_name),
                                 settings.printer_name)
        self.printer.setCurrentIndex(max(0, self.printer.findData(settings.printer_name)))
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.paper_format)))
        self.print_after_save.setChecked(settings.print_after_save)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.timezone.setCurrentIndex(max(0, self.timezone.findData(settings.timezone)))
        if hasattr(self, "backup_section"):
            self.backup_section.show_settings(settings)
        r = settings.rates
        self.rates_label.setText(self.tr(
            "Zakat fitrah: {fitrah} atau {rice} beras per jiwa\nFidyah: {fidyah} per hari").format(
            fitrah=format_rupiah(r.fitrah_money_per_person),
            rice=format_grams_as_kg(r.fitrah_rice_grams_per_person),
            fidyah=format_rupiah(r.fidyah_per_day)))

    def changes(self) -> dict[str, Any]:
        current = self._session.settings
        wanted = {
            "paper_format": self.paper.currentData(),
            "printer_name": self.printer.currentData(),
            "print_after_save": self.print_after_save.isChecked(),
            "language": self.language.currentData(),
            "timezone": self.timezone.currentData(),
            **self.backup_section.wanted(),
        }
        return {key: value for key, value in wanted.items() if getattr(current, key) != value}

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.notice.show_message(self.tr("Tidak ada perubahan."), "ok")
            return
        ctx = self._session.ctx
        old_language = self._session.settings.language

        def work() -> OfficeSettings:
            from desktop.services.settings import update_settings

            return update_settings(ctx, **changes)

        def saved(settings: OfficeSettings) -> None:
            self._session.settings = settings
            self.notice.show_message(self.tr("Pengaturan tersimpan."), "ok")
            if settings.language != old_language:
                self.language_changed.emit(settings.language)

        Op(self, work).success(saved).run(changes={ops.SETTINGS})

    def open_user_dialog(self) -> None:
        self.user_dialog = UserDialog(self._session, self)
        self.user_dialog.open()
