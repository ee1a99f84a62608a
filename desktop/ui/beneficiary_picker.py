"""Choosing a mustahik by typing: type-ahead over the registry, for group members and aid recipients.

Same design as the donor picker: the search runs on a worker 150 ms after the last keystroke and
only the newest answer is shown, so typing stays smooth with hundreds of thousands of persons.
NIK/KK arrive from the service already masked for roles that may not see them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.core.aid import BeneficiaryKind
from desktop.ui.aid_labels import asnaf_text, kind_of_label, status_label
from desktop.ui.errors import UiMessage
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.beneficiaries import Beneficiary
    from desktop.ui.session import UiSession

SEARCH_DELAY_MS = 150
RESULT_LIMIT = 20
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def beneficiary_summary(item: Beneficiary) -> str:
    """One line a clerk can tell people apart by: name · NIK · kind · asnaf · status."""
    parts = [item.name]
    if item.kind == BeneficiaryKind.GROUP:
        parts.append(kind_of_label(item.kind, item.group_type))
    elif item.nik:
        parts.append(item.nik)
    if item.asnaf:
        parts.append(asnaf_text(item.asnaf))
    parts.append(status_label(item.status))
    return " · ".join(parts)


class BeneficiaryListModel(QAbstractListModel):
    """Search results for the completer: shows a summary, inserts the name, carries the id."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Beneficiary] = []

    def set_rows(self, rows: list[Beneficiary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def by_id(self, beneficiary_id: str) -> Beneficiary | None:
        return next((r for r in self._rows if r.id == beneficiary_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return beneficiary_summary(item)
        if role == Qt.ItemDataRole.EditRole:
            return item.name
        if role == ID_ROLE:
            return item.id
        return None


class BeneficiaryPicker(QWidget):
    """A search field with a drop-down of matches and a line saying who is chosen.

    ``persons_only`` hides groups (a group's members are persons). ``chosen`` is emitted with the
    picked ``Beneficiary`` (or None when the clerk types again and the choice is dropped).
    """

    chosen = Signal(object)

    def __init__(self, session: UiSession, parent: QWidget | None = None, *, persons_only: bool = False,
                 placeholder: str = "") -> None:
        super().__init__(parent)
        self._session = session
        self._persons_only = persons_only
        self._serial = 0
        self.selected: Beneficiary | None = None
        self.search = QLineEdit()
        self.search.setObjectName("beneficiarySearch")
        self.search.setMaxLength(120)
        self.search.setPlaceholderText(placeholder or self.tr("Ketik nama atau NIK, lalu pilih dari daftar"))
        self.model = BeneficiaryListModel()
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        self.search.setCompleter(self.completer)
        self.status = QLabel()
        self.status.setObjectName("pickerStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color:#555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)
        self.search.textEdited.connect(self._on_edited)
        self.completer.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]
        self._show_status()
        self.setFocusProxy(self.search)

    def require(self) -> Beneficiary:
        """The chosen beneficiary, or a UiMessage telling the clerk to pick one."""
        if self.selected is not None:
            return self.selected
        typed = self.search.text().strip()
        if typed:
            raise UiMessage(self.tr("\u201c{text}\u201d belum dipilih dari daftar. Ketik lalu pilih "
                                    "dengan panah bawah dan Enter.").format(text=typed))
        raise UiMessage(self.tr("Pilih penerima: ketik nama atau NIK, lalu pilih dari daftar."))

    def clear(self) -> None:
        self._timer.stop()
        self._serial += 1
        self.selected = None
        self.search.clear()
        self.model.set_rows([])
        self._show_status()

    def select(self, item: Beneficiary) -> None:
        self.selected = item
        self.search.setText(item.name)
        self._show_status()
        self.chosen.emit(item)

    def _on_edited(self, _text: str) -> None:
        if self.selected is not None:
            self.selected = None
            self.chosen.emit(None)
        self._show_status()
        self._timer.start()

    def _run_search(self) -> None:
        typed = self.search.text()
        self._serial += 1
        serial = self._serial
        if not typed.strip():
            self.model.set_rows([])
            return
        ctx = self._session.ctx
        persons_only = self._persons_only

        def work() -> list[Beneficiary]:
            from desktop.services.beneficiaries import search_beneficiaries

            found = search_beneficiaries(ctx, typed, limit=RESULT_LIMIT)
            return [b for b in found if b.kind == BeneficiaryKind.PERSON] if persons_only else found

        Op(self, work).success(lambda rows: self._show_results(serial, rows)).run()

    def _show_results(self, serial: int, rows: list[Beneficiary]) -> None:
        if serial != self._serial or self.selected is not None:
            return  # a newer search is on its way, or the clerk already chose
        self.model.set_rows(rows)
        if rows and self.search.hasFocus():
            self.completer.complete()
        self._show_status(no_match=not rows)

    def _on_activated(self, index: QModelIndex) -> None:
        """``index`` belongs to the completer's proxy model: find the row by id, not by position."""
        found = self.model.by_id(index.data(ID_ROLE)) if index.isValid() else None
        if found is not None:
            self.select(found)

    def _show_status(self, *, no_match: bool = False) -> None:
        if self.selected is not None:
            text = self.tr("Dipilih: {summary}").format(summary=beneficiary_summary(self.selected))
        elif no_match and self.search.text().strip():
            text = self.tr("Tidak ditemukan. Daftarkan dulu di halaman Mustahik.")
        else:
            text = self.tr("Belum ada yang dipilih.")
        self.status.setText(text)
