"""Mustahik: find a beneficiary by name, NIK or KK; add persons and groups; import a spreadsheet.

The list's NIK/KK come from the service masked for every role (UU PDP), so this page cannot show
too much by mistake. Kepala kantor and admin see one person's whole numbers by opening the record
or with "Tampilkan NIK/KK lengkap" (button or context menu); the service logs both. Anybody may
edit (a petugas sees NIK/KK masked and the service keeps a masked value unchanged) or change a
status (aktif, tidak aktif, meninggal), which is what field work needs most.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.aid import BeneficiaryStatus
from desktop.core.money import format_number
from desktop.ui import ops
from desktop.ui.aid_labels import BENEFICIARIES, asnaf_text, kind_of_label, status_label, village_text
from desktop.ui.beneficiary_dialog import BeneficiaryDialog
from desktop.ui.group_dialog import GroupDialog
from desktop.ui.import_dialog import ImportDialog
from desktop.ui.ops import Op
from desktop.ui.personal_data import PersonalDataActions
from desktop.ui.table_model import RowsTableModel
from desktop.ui.widgets import Notice, record_table

if TYPE_CHECKING:
    from desktop.services.beneficiaries import Beneficiary
    from desktop.services.beneficiary_import import ImportResult
    from desktop.services.privacy import Revealed
    from desktop.ui.session import UiSession

RESULT_LIMIT = 200
_Index = QModelIndex | QPersistentModelIndex


class BeneficiaryTableModel(RowsTableModel["Beneficiary"]):
    NAME, KIND, NIK, VILLAGE, ASNAF, DECILE, STATUS = range(7)

    def __init__(self) -> None:
        super().__init__([self.tr("Nama"), self.tr("Jenis"), self.tr("NIK"), self.tr("Desa"), self.tr("Asnaf"),
                         self.tr("Desil"), self.tr("Status")])
        self._revealed: dict[str, str] = {}  # id -> whole NIK shown by a logged reveal

    def set_rows(self, rows: list[Beneficiary]) -> None:
        self._revealed = {}  # a reload masks again
        super().set_rows(rows)

    def reveal(self, beneficiary_id: str, nik: str) -> None:
        row = self.row_of(beneficiary_id)
        if row is not None:
            self._revealed[beneficiary_id] = nik
            index = self.index(row, self.NIK)
            self.dataChanged.emit(index, index)

    def item(self, row: int) -> Beneficiary:
        return self._rows[row]

    def row_of(self, beneficiary_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == beneficiary_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME and item.needs_note:
            return item.needs_note
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NIK and item.id in self._revealed:
            return self.tr("Nomor lengkap; tercatat di log akses data pribadi")
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS and item.status != "aktif":
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor("#8a4b00"))
        return None

    def _text(self, item: Beneficiary, column: int) -> str:
        if column == self.NAME:
            return item.name
        if column == self.KIND:
            return kind_of_label(item.kind, item.group_type)
        if column == self.NIK:
            return self._revealed.get(item.id) or item.nik or ""
        if column == self.VILLAGE:
            return village_text(item.village_code)
        if column == self.ASNAF:
            return asnaf_text(item.asnaf)
        if column == self.DECILE:
            return str(item.decile) if item.decile else ""
        return status_label(item.status)


class BeneficiariesPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._serial = 0
        self._stale = True
        self._keep_id: str | None = None
        self.dialog: BeneficiaryDialog | GroupDialog | ImportDialog | None = None

        self.notice = Notice()
        self.notice.setObjectName("beneficiariesNotice")
        self.search = QLineEdit()
        self.search.setObjectName("beneficiarySearch")
        self.search.setPlaceholderText(self.tr("Cari nama, NIK, atau nomor KK… (F2)"))
        self.search.setMaxLength(120)
        self.add_person_button = QPushButton(self.tr("&Tambah orang (Ctrl+N)"))
        self.add_group_button = QPushButton(self.tr("Tambah &kelompok"))
        self.import_button = QPushButton(self.tr("&Impor CSV/XLSX…"))
        self.count_label = QLabel()
        self.count_label.setObjectName("beneficiaryCount")
        self.model = BeneficiaryTableModel()
        self.table = record_table(self.model, name="beneficiaryTable", stretch=BeneficiaryTableModel.NAME)
        self.edit_button = QPushButton(self.tr("&Ubah data… (Enter)"))
        self.status_button = QPushButton(self.tr("Ubah &status"))
        self.status_menu = QMenu(self.status_button)
        self._status_actions = QActionGroup(self)
        for status in BeneficiaryStatus:
            action = QAction(status_label(status.value), self.status_menu)
            action.setCheckable(True)
            action.setData(status.value)
            self._status_actions.addAction(action)
            self.status_menu.addAction(action)
        self.status_button.setMenu(self.status_menu)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_person_button)
        top.addWidget(self.add_group_button)
        top.addWidget(self.import_button)
        self.personal = PersonalDataActions(session, self._selected_subject,
                                            reveal_label=self.tr("Tampilkan NIK/KK &lengkap"))
        self.personal.done.connect(self.notice.show_message)
        self.personal.erased.connect(self.refresh)
        self.personal.revealed.connect(self._show_revealed)
        self.personal.offer_in(self.table)
        actions = QHBoxLayout()
        actions.addWidget(self.personal)
        actions.addStretch(1)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.status_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.count_label)  # right under the search: it answers what was typed
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._to_table)
        self.add_person_button.clicked.connect(self.open_person_dialog)
        self.add_group_button.clicked.connect(self.open_group_dialog)
        self.import_button.clicked.connect(self.open_import_dialog)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.activated.connect(lambda _i: self.edit_selected())
        self._status_actions.triggered.connect(lambda a: self.change_status(str(a.data())))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        for keys, slot in (("Ctrl+N", self.open_person_dialog), ("F2", self.focus_search)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        ops.change_bus().changed.connect(self._on_changed)
        self._update_buttons()

    # --- loading ----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        self.focus_search()

    def _on_changed(self, kinds: set[str]) -> None:
        if BENEFICIARIES in kinds or ops.SYNC in kinds:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _to_table(self) -> None:
        if self.model.rowCount() > 0:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.selected() is None:
                self.table.selectRow(0)

    def refresh(self) -> None:
        self._stale = False
        typed = self.search.text()
        ctx = self._session.ctx
        self._serial += 1
        serial = self._serial
        current = self.selected()
        if current is not None and self._keep_id is None:
            self._keep_id = current.id

        def work() -> tuple[int, list[Beneficiary]]:
            from desktop.services.beneficiaries import count_beneficiaries, recent_beneficiaries, search_beneficiaries

            found = (search_beneficiaries(ctx, typed, limit=RESULT_LIMIT) if typed.strip()
                     else recent_beneficiaries(ctx))
            return count_beneficiaries(ctx), found

        Op(self, work).success(lambda result: self._show(serial, *result)).run()

    def _show(self, serial: int, count: int, found: list[Beneficiary]) -> None:
        if serial != self._serial:
            return  # a newer search is on its way
        typed = self.search.text().strip()
        if not typed:
            self.count_label.setText(self.tr(
                "{count} mustahik terdaftar; yang terbaru di bawah. Ketik nama atau NIK untuk mencari.").format(
                count=format_number(count)))
        elif len(found) >= RESULT_LIMIT:
            self.count_label.setText(self.tr("Lebih dari {limit} hasil; ketik lebih lengkap.").format(
                limit=RESULT_LIMIT))
        elif not found:
            self.count_label.setText(self.tr("Tidak ditemukan. Tekan Ctrl+N untuk menambah orang baru."))
        else:
            self.count_label.setText(self.tr("{found} hasil dari {count} mustahik.").format(
                found=len(found), count=format_number(count)))
        self.model.set_rows(found)
        keep, self._keep_id = self._keep_id, None
        row = self.model.row_of(keep) if keep else None
        if row is None and found:
            row = 0  # the best match, ready for Enter (edit) or Ubah status
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def _show_revealed(self, shown: Revealed) -> None:
        """The whole NIK in the person's row (the service has logged it), until the list reloads."""
        nik = shown.numbers.get("nik")
        if nik:
            self.model.reveal(shown.subject_id, nik)

    def _selected_subject(self) -> tuple[str, str, str] | None:
        current = self.selected()
        return None if current is None else ("beneficiary", current.id, current.name)

    def selected(self) -> Beneficiary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        current = self.selected()
        self.status_button.setEnabled(current is not None)
        # Everyone may edit; a petugas sees NIK/KK masked and the service keeps a masked value unchanged.
        self.edit_button.setEnabled(current is not None)
        for action in self._status_actions.actions():
            action.setChecked(current is not None and action.data() == current.status)

    # --- dialogs ----------------------------------------------------------------------------
    def open_person_dialog(self) -> None:
        typed = self.search.text().strip()
        name = "" if not typed or typed[0].isdigit() else typed
        self.dialog = BeneficiaryDialog(self._session, self, name=name)
        self.dialog.saved.connect(self._on_saved)
        self.dialog.open()

    def open_group_dialog(self) -> None:
        self.dialog = GroupDialog(self._session, self)
        self.dialog.saved.connect(self._on_saved)
        self.dialog.open()

    def open_import_dialog(self) -> None:
        self.dialog = ImportDialog(self._session, self)
        self.dialog.imported.connect(self._on_imported)
        self.dialog.open()

    def edit_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        ctx = self._session.ctx
        beneficiary_id = current.id

        def work() -> tuple[Beneficiary, list[Beneficiary]]:
            from desktop.services.beneficiaries import list_group_members, open_beneficiary

            item = open_beneficiary(ctx, beneficiary_id)
            return item, list_group_members(ctx, beneficiary_id) if item.is_group else []

        Op(self, work).success(lambda result: self._open_editor(*result)).run()

    def _open_editor(self, item: Beneficiary, members: list[Beneficiary]) -> None:
        if item.is_group:
            self.dialog = GroupDialog(self._session, self, existing=item, members=members)
        else:
            self.dialog = BeneficiaryDialog(self._session, self, existing=item)
        self.dialog.saved.connect(self._on_saved)
        self.dialog.open()

    def _on_saved(self, item: Beneficiary) -> None:
        self.notice.show_message(self.tr("{name} tersimpan.").format(name=item.name), "ok")
        self._keep_id = item.id
        self.search.setText(item.name)
        self.refresh()

    def _on_imported(self, result: ImportResult) -> None:
        self.notice.show_message(self.tr("Impor selesai: {count} mustahik baru.").format(
            count=format_number(result.imported)), "ok")

    def change_status(self, status: str) -> None:
        current = self.selected()
        if current is None or current.status == status:
            self._update_buttons()
            return
        ctx = self._session.ctx
        beneficiary_id = current.id
        self._keep_id = beneficiary_id

        def work() -> Beneficiary:
            from desktop.services.beneficiaries import set_beneficiary_status

            return set_beneficiary_status(ctx, beneficiary_id, status)

        Op(self, work).success(lambda item: self.notice.show_message(
            self.tr("Status {name} sekarang: {status}.").format(name=item.name, status=status_label(item.status)),
            "ok")).run(changes={BENEFICIARIES})
