"""Donatur: find a donor by name, NIK or phone, and add new ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.roles import can_see_full_identity
from desktop.ui import ops
from desktop.ui.donor_dialog import DonorDialog
from desktop.ui.donor_picker import mask_identity
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.donors import Donor
    from desktop.ui.session import UiSession

RESULT_LIMIT = 200


class DonorsPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._serial = 0
        self.dialog: DonorDialog | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari nama, NIK, atau nomor HP…"))
        self.add_button = QPushButton(self.tr("&Tambah donatur (Ctrl+N)"))
        self.count_label = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([
            self.tr("Nama"), self.tr("NIK/NPWP"), self.tr("Telepon"), self.tr("Alamat"), self.tr("Desa")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((220, 150, 130, 260)):
            self.table.setColumnWidth(column, width)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.add_button.clicked.connect(self.open_add_dialog)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.open_add_dialog)
        ops.change_bus().changed.connect(self._on_changed)

    def _on_changed(self, kinds: set[str]) -> None:
        if ops.DONORS in kinds:
            self.refresh()

    def open_add_dialog(self) -> None:
        self.dialog = DonorDialog(self._session, self, name=self.search.text().strip())
        self.dialog.saved.connect(self._on_added)
        self.dialog.open()

    def _on_added(self, donor: Donor) -> None:
        self.search.setText(donor.name)
        self.refresh()

    def refresh(self) -> None:
        typed = self.search.text()
        ctx = self._session.ctx
        self._serial += 1
        serial = self._serial

        def work() -> tuple[int, list[Donor]]:
            from desktop.services.donors import count_donors, search_donors

            found = search_donors(ctx, typed, limit=RESULT_LIMIT) if typed.strip() else []
            return count_donors(ctx), found

        Op(self, work).success(lambda result: self._show(serial, *result)).run()

    def _show(self, serial: int, count: int, donors: list[Donor]) -> None:
        if serial != self._serial:
            return
        typed = self.search.text().strip()
        if not typed:
            self.count_label.setText(self.tr("{count} donatur terdaftar. Ketik untuk mencari.").format(count=count))
        elif len(donors) >= RESULT_LIMIT:
            self.count_label.setText(self.tr("Lebih dari {limit} hasil; ketik lebih lengkap.").format(
                limit=RESULT_LIMIT))
        else:
            self.count_label.setText(self.tr("{found} hasil dari {count} donatur.").format(
                found=len(donors), count=count))
        full = can_see_full_identity(self._session.role)
        self.table.setRowCount(len(donors))
        for row, donor in enumerate(donors):
            values = (donor.name, mask_identity(donor.nik or donor.npwp, full=full), donor.phone or "",
                      donor.address or "", donor.village or "")
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
