"""Choosing who pays: type-ahead over the donor registry, "Hamba Allah", or a quick-add form.

Search runs on a worker 150 ms after the last keystroke and only the newest answer is shown, so
typing stays smooth at a million donors. A quick-added donor is saved by ``record_donation`` in
the same transaction as the donation: a refused donation never leaves a stray donor behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.errors import UiMessage
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.donors import Donor, DonorInput
    from desktop.ui.session import UiSession

SEARCH_DELAY_MS = 150
DONOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def donor_summary(donor: Donor) -> str:
    """Name · NIK or NPWP · phone · address; the numbers come masked from the donor services' lists."""
    parts = [donor.name]
    ident = donor.nik or donor.npwp
    parts += [p for p in (ident, donor.phone, donor.address or donor.village) if p]
    return " · ".join(parts)


class DonorListModel(QAbstractListModel):
    """Search results for the completer: shows a summary, inserts the name, carries the id."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Donor] = []

    def set_rows(self, rows: list[Donor]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def donor(self, row: int) -> Donor:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        donor = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return donor_summary(donor)
        if role == Qt.ItemDataRole.EditRole:
            return donor.name
        if role == DONOR_ID_ROLE:
            return donor.id
        return None


class DonorPicker(QWidget):
    """The donor part of the donation form."""

    donor_changed = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._selected: Donor | None = None
        self._search_serial = 0

        self.search = QLineEdit()
        self.search.setObjectName("donorSearch")
        self.search.setPlaceholderText(self.tr("Ketik nama, NIK, atau nomor HP donatur (F2)"))
        self.search.setMaxLength(120)
        self.model = DonorListModel()
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        self.search.setCompleter(self.completer)
        self.anonymous = QCheckBox(self.tr("&Hamba Allah"))
        self.anonymous.setToolTip(self.tr("Donatur tidak ingin disebut namanya"))
        self.new_button = QPushButton(self.tr("Donatur &baru"))
        self.new_button.setCheckable(True)
        self.new_button.setAutoDefault(False)
        self.chosen = QLabel()
        self.chosen.setObjectName("chosenDonor")
        self.chosen.setWordWrap(True)

        self.quick = QFrame()
        self.quick.setFrameShape(QFrame.Shape.StyledPanel)
        self.new_name = QLineEdit()
        self.new_name.setMaxLength(120)
        self.new_identity = QLineEdit()
        self.new_identity.setPlaceholderText(self.tr("opsional, 16 digit NIK atau 15 digit NPWP"))
        self.new_identity.setMaxLength(30)
        self.new_phone = QLineEdit()
        self.new_phone.setMaxLength(30)
        self.new_address = QLineEdit()
        self.new_address.setMaxLength(300)
        quick_form = QFormLayout(self.quick)
        quick_form.addRow(self.tr("&Nama donatur:"), self.new_name)
        quick_form.addRow(self.tr("NIK/NP&WP:"), self.new_identity)
        quick_form.addRow(self.tr("Tele&pon:"), self.new_phone)
        quick_form.addRow(self.tr("Alam&at:"), self.new_address)
        self.quick.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.anonymous)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.chosen)
        layout.addWidget(self.quick)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)
        self.search.textEdited.connect(self._on_edited)
        self.completer.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]
        self.anonymous.toggled.connect(self._on_anonymous)
        self.new_button.toggled.connect(self._on_quick_add)
        self._show_chosen()

    # --- what the form asks ---------------------------------------------------------------
    def choice(self) -> tuple[str | None, DonorInput | None, bool]:
        """(donor_id, new_donor, anonymous) for ``DonationInput``; UiMessage when nothing fits."""
        if self.anonymous.isChecked():
            return None, None, True
        if self.new_button.isChecked():
            from desktop.services.donors import DonorInput

            ident = "".join(ch for ch in self.new_identity.text() if ch.isdigit())
            raw = self.new_identity.text().strip() or None
            is_npwp = len(ident) == 15
            return None, DonorInput(
                name=self.new_name.text(), nik=None if is_npwp else raw, npwp=raw if is_npwp else None,
                phone=self.new_phone.text() or None, address=self.new_address.text() or None,
            ), False
        if self._selected is not None:
            return self._selected.id, None, False
        if self.search.text().strip():
            raise UiMessage(self.tr(
                "Donatur \u201c{text}\u201d belum dipilih dari daftar. Pilih dari daftar, tekan "
                "\u201cDonatur baru\u201d, atau centang Hamba Allah.").format(text=self.search.text().strip()))
        raise UiMessage(self.tr("Pilih donatur, tambah donatur baru, atau centang Hamba Allah."))

    def reset(self) -> None:
        self._timer.stop()
        self._search_serial += 1
        self._selected = None
        self.search.clear()
        self.model.set_rows([])
        self.anonymous.setChecked(False)
        self.new_button.setChecked(False)
        for field in (self.new_name, self.new_identity, self.new_phone, self.new_address):
            field.clear()
        self._show_chosen()

    def focus_search(self) -> None:
        target = self.new_name if self.new_button.isChecked() else self.search
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        target.selectAll()

    def select_donor(self, donor: Donor) -> None:
        self._selected = donor
        self.search.setText(donor.name)
        self._show_chosen()
        self.donor_changed.emit()

    # --- behaviour ------------------------------------------------------------------------
    def _on_edited(self, _text: str) -> None:
        if self._selected is not None:
            self._selected = None
            self._show_chosen()
        self._timer.start()

    def _run_search(self) -> None:
        typed = self.search.text()
        self._search_serial += 1
        serial = self._search_serial
        if not typed.strip():
            self.model.set_rows([])
            return
        ctx = self._session.ctx

        def work() -> list[Donor]:
            from desktop.services.donors import search_donors

            return search_donors(ctx, typed, limit=20)

        Op(self, work).success(lambda rows: self._show_results(serial, rows)).run()

    def _show_results(self, serial: int, rows: list[Donor]) -> None:
        if serial != self._search_serial or self._selected is not None:
            return  # a newer search is on its way, or the clerk already chose
        self.model.set_rows(rows)
        if rows and self.search.hasFocus():
            self.completer.complete()
        self._show_chosen(no_match=not rows)

    def _on_activated(self, index: QModelIndex) -> None:
        """``index`` belongs to the completer's proxy model: find the donor by id, not by row."""
        donor_id = index.data(DONOR_ID_ROLE) if index.isValid() else None
        for row in range(self.model.rowCount()):
            donor = self.model.donor(row)
            if donor.id == donor_id:
                self.select_donor(donor)
                return

    def _on_anonymous(self, checked: bool) -> None:
        self.search.setEnabled(not checked)
        self.new_button.setEnabled(not checked)
        if checked:
            self.new_button.setChecked(False)
        self._show_chosen()
        self.donor_changed.emit()

    def _on_quick_add(self, checked: bool) -> None:
        self.quick.setVisible(checked)
        self.search.setEnabled(not checked)
        if checked:
            if not self.new_name.text():
                self.new_name.setText(self.search.text().strip())
            self.new_name.setFocus()
        self._show_chosen()
        self.donor_changed.emit()

    def _show_chosen(self, *, no_match: bool = False) -> None:
        if self.anonymous.isChecked():
            text = self.tr("Donatur: Hamba Allah (tanpa nama)")
        elif self.new_button.isChecked():
            text = self.tr("Donatur baru akan disimpan bersama donasi ini.")
        elif self._selected is not None:
            text = self.tr("Donatur: {summary}").format(summary=donor_summary(self._selected))
        elif no_match and self.search.text().strip():
            text = self.tr("Tidak ditemukan. Tekan Alt+B untuk menambah donatur baru.")
        else:
            text = self.tr("Belum ada donatur dipilih.")
        self.chosen.setText(text)
