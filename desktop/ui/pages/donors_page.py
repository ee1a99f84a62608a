"""Donatur: find a donor by name, NIK or phone, and add new ones.

NIK/NPWP are masked in the list for every role; kepala kantor and admin show one donor's whole
numbers with "Tampilkan NIK/NPWP lengkap" (button or context menu), which the service logs. The
whole number stays in that row until the list is loaded again.
"""

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

from desktop.ui import ops
from desktop.ui.donor_dialog import DonorDialog
from desktop.ui.ops import Op
from desktop.ui.personal_data import PersonalDataActions
from desktop.ui.widgets import Notice

if TYPE_CHECKING:
    from desktop.services.donors import Donor
    from desktop.services.privacy import Revealed
    from desktop.ui.session import UiSession

RESULT_LIMIT = 200
IDENTITY_COLUMN = 1


class DonorsPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._serial = 0
        self.dialog: DonorDialog | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari nama, NIK, atau nomor HP…"))
        self.add_button = QPushButton(self.tr("&Tambah donatur (Ctrl+N)"))
        self._donors: list[Donor] = []
        self.notice = Notice()
        self.personal = PersonalDataActions(session, self._selected_subject,
                                            reveal_label=self.tr("Tampilkan NIK/NPWP &lengkap"))
        self.personal.done.connect(self.notice.show_message)
        self.personal.erased.connect(self.refresh)
        self.personal.revealed.connect(self._show_revealed)
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
        self.personal.offer_in(self.table)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.personal)
        layout.addLayout(actions)

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

    def _selected_subject(self) -> tuple[str, str, str] | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._donors):
            return None
        donor = self._donors[row]
        return "donor", donor.id, donor.name

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
            from desktop.services.donors import count_donors, recent_donors, search_donors

            found = search_donors(ctx, typed, limit=RESULT_LIMIT) if typed.strip() else recent_donors(ctx)
            return count_donors(ctx), found

        Op(self, work).success(lambda result: self._show(serial, *result)).run()

    def _show(self, serial: int, count: int, donors: list[Donor]) -> None:
        if serial != self._serial:
            return
        typed = self.search.text().strip()
        if not typed:
            self.count_label.setText(self.tr("{count} donatur terdaftar; yang terbaru di bawah. Ketik untuk mencari.")
                                     .format(count=count))
        elif len(donors) >= RESULT_LIMIT:
            self.count_label.setText(self.tr("Lebih dari {limit} hasil; ketik lebih lengkap.").format(
                limit=RESULT_LIMIT))
        else:
            self.count_label.setText(self.tr("{found} hasil dari {count} donatur.").format(
                found=len(donors), count=count))
        self._donors = list(donors)
        self.table.setRowCount(len(donors))
        for row, donor in enumerate(donors):
            values = (donor.name, donor.nik or donor.npwp or "", donor.phone or "",  # masked by the service
                      donor.address or "", donor.village or "")
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _show_revealed(self, shown: Revealed) -> None:
        """The whole number in the donor's row (the service has logged it), until the list reloads."""
        row = next((i for i, d in enumerate(self._donors) if d.id == shown.subject_id), None)
        number = shown.numbers.get("nik") or shown.numbers.get("npwp")
        if row is None or not number:
            return
        item = QTableWidgetItem(number)
        item.setToolTip(self.tr("Nomor lengkap; tercatat di log akses data pribadi"))
        self.table.setItem(row, IDENTITY_COLUMN, item)
