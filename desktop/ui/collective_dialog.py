"""Setoran kolektif: one institution's hand-over, one line per payer, then every receipt in one go.

Keyboard first: Alt+letter reaches every field, the payer table is typed cell by cell (Tab/Enter
move on, Ctrl+N adds a row, Ctrl+Del removes one), Ctrl+S saves, Ctrl+P prints.
The difference between the amount handed over and the lines is shown live and Simpan stays
disabled until it is zero. A refused save keeps everything typed, lists every bad row (Enter on one
jumps to it) and marks the rows red; bad rows are only left out when "Lewati baris salah" is ticked.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_rupiah
from desktop.core.payment import PaymentMethod, requires_reference
from desktop.ui import ops
from desktop.ui.errors import error_text, show_error
from desktop.ui.labels import method_label
from desktop.ui.ops import Op
from desktop.ui.widgets import AmountEdit, Notice

if TYPE_CHECKING:
    from desktop.services.collective import CollectiveInput, CollectivePlan, PayerLine, RecordedCollective
    from desktop.services.institutions import Institution
    from desktop.ui.collective_delivery import BatchDelivery
    from desktop.ui.session import UiSession

NAME, IDENTITY, FUND, AMOUNT, PHONE = range(5)
COLUMNS = 5


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    return text


# The institution types as the service names them, marked for translation (context "collective").
TYPE_WORDS = (QT_TRANSLATE_NOOP("collective", "Sekolah"), QT_TRANSLATE_NOOP("collective", "Masjid"),
              QT_TRANSLATE_NOOP("collective", "OPD"), QT_TRANSLATE_NOOP("collective", "Perusahaan"),
              QT_TRANSLATE_NOOP("collective", "Lainnya"))


def type_word(text: str) -> str:
    return QCoreApplication.translate("collective", text)
BAD_ROW = QColor("#f8d7da")
_DONOR_ROLE = Qt.ItemDataRole.UserRole + 1


class PayerTable(QTableWidget):
    """The payer table; Alt+letter reaches the dialog's fields even while a cell has focus."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            event.ignore()  # a mnemonic, never the first letter of a cell's text
            return
        super().keyPressEvent(event)


class InstitutionDialog(QDialog):
    """A new institution: name, type, contact."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lembaga baru"))
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.kind = QComboBox()
        from desktop.services.institutions import INSTITUTION_TYPE_LABELS

        for kind, text in INSTITUTION_TYPE_LABELS.items():
            self.kind.addItem(type_word(text), kind.value)
        self.contact = QLineEdit()
        self.contact.setMaxLength(120)
        self.phone = QLineEdit()
        form = QFormLayout(self)
        form.addRow(self.tr("&Nama lembaga:"), self.name)
        form.addRow(self.tr("&Jenis:"), self.kind)
        form.addRow(self.tr("&Kontak (bendahara):"), self.contact)
        form.addRow(self.tr("&Telepon:"), self.phone)
        buttons = QHBoxLayout()
        self.ok_button = QPushButton(self.tr("&Simpan"))
        self.ok_button.setDefault(True)
        cancel = QPushButton(self.tr("&Batal"))
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        form.addRow(buttons)
        self.ok_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)


class CollectiveDialog(QDialog):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._funds: dict[str, str] = {}  # code -> name
        self._saving = False
        self._filling = False
        self.saved: RecordedCollective | None = None
        self.last_delivery: BatchDelivery | None = None
        self.file_dialog: QFileDialog | None = None
        self._imported_rows: dict[int, int] = {}  # file row -> table row, after an import
        self._bad_rows: set[int] = set()  # table rows (1-based) the last check refused
        self.difference = 0
        self.setWindowTitle(self.tr("Setoran kolektif lembaga (UPZ)"))
        self.resize(980, 680)

        self.notice = Notice()
        self.institution = QComboBox()
        self.institution.setMinimumWidth(320)
        self.new_institution_button = QPushButton(self.tr("Lembaga &baru…"))
        self.period = QLineEdit(datetime.now().strftime("%Y-%m"))
        self.period.setInputMask("9999-99")
        self.method = QComboBox()
        for method in PaymentMethod:
            self.method.addItem(method_label(method.value), method.value)
        self.reference = QLineEdit()
        self.reference.setMaxLength(60)
        self.reference.setPlaceholderText(self.tr("nomor referensi transfer/QRIS"))
        self.amount = AmountEdit()
        self.amount.setPlaceholderText(self.tr("uang yang diserahkan"))

        top = QGridLayout()
        for row, col, text, widget in (
            (0, 0, self.tr("&Lembaga:"), self.institution), (0, 2, self.tr("&Periode (TTTT-BB):"), self.period),
            (1, 0, self.tr("&Metode:"), self.method), (1, 2, self.tr("&Referensi:"), self.reference),
            (2, 0, self.tr("&Uang diserahkan:"), self.amount),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label, row, col)
            top.addWidget(widget, row, col + 1)
        top.addWidget(self.new_institution_button, 2, 3)

        self.table = PayerTable(0, COLUMNS)
        self.table.setObjectName("payerTable")
        self.table.setHorizontalHeaderLabels([self.tr("Nama"), self.tr("NIK/NIP"), self.tr("Dana"),
                                              self.tr("Jumlah"), self.tr("Telepon (boleh kosong)")])
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(IDENTITY, 165)
        self.table.setColumnWidth(FUND, 200)
        self.table.setColumnWidth(AMOUNT, 130)
        self.table.setColumnWidth(PHONE, 150)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setTabKeyNavigation(True)
        self.table_label = QLabel(
            self.tr("&Daftar pembayar (dana: kode atau nama, mis. \u201czakat penghasilan\u201d):"))
        self.table_label.setBuddy(self.table)

        self.add_row_button = QPushButton(self.tr("&Tambah baris (Ctrl+N)"))
        self.remove_row_button = QPushButton(self.tr("&Hapus baris (Ctrl+Del)"))
        self.import_button = QPushButton(self.tr("&Impor berkas…"))
        self.copy_button = QPushButton(self.tr("S&alin bulan lalu"))
        self.list_button = QPushButton(self.tr("Isi dari daftar l&embaga"))
        self.check_button = QPushButton(self.tr("Peri&ksa"))
        row_buttons = QHBoxLayout()
        for button in (self.add_row_button, self.remove_row_button, self.import_button, self.copy_button,
                       self.list_button, self.check_button):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)

        self.totals_label = QLabel()
        self.totals_label.setObjectName("collectiveTotals")
        self.totals_label.setStyleSheet("font-size:13pt;font-weight:bold;")
        self.errors = QListWidget()
        self.errors.setObjectName("rowErrors")
        self.errors.setMaximumHeight(110)
        self.errors.setVisible(False)
        self.skip_bad = QCheckBox(self.tr("Le&wati baris salah (hanya baris benar yang disimpan)"))
        self.skip_bad.setVisible(False)
        self.save_button = QPushButton(self.tr("&Simpan (Ctrl+S)"))
        self.save_button.setObjectName("saveCollective")
        self.save_button.setStyleSheet("font-weight:bold;padding:6px 16px;")
        self.print_button = QPushButton(self.tr("&Cetak semua kuitansi (Ctrl+P)"))
        self.folder_button = QPushButton(self.tr("PDF per pembayar ke &folder…"))
        self.close_button = QPushButton(self.tr("Tutup (Esc)"))
        for button in (self.print_button, self.folder_button):
            button.setEnabled(False)
        for button in (self.new_institution_button, self.add_row_button, self.remove_row_button, self.import_button,
                       self.copy_button, self.list_button, self.check_button, self.save_button, self.print_button,
                       self.folder_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the table or the error list must never press one
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for button in (self.save_button, self.print_button, self.folder_button, self.close_button):
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.errors)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.totals_label)
        layout.addLayout(bottom)

        self.new_institution_button.clicked.connect(self.new_institution)
        self.method.currentIndexChanged.connect(self._on_method)
        self.amount.textChanged.connect(self._update_totals)
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_row_button.clicked.connect(self.add_row)
        self.remove_row_button.clicked.connect(self.remove_row)
        self.import_button.clicked.connect(self.browse)
        self.copy_button.clicked.connect(self.copy_last_month)
        self.list_button.clicked.connect(self.fill_from_list)
        self.check_button.clicked.connect(lambda: self.check(self._file_order_lines()))
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_all)
        self.folder_button.clicked.connect(self.ask_folder)
        self.close_button.clicked.connect(self.accept)
        self.errors.itemActivated.connect(self._jump_to_error)
        self.skip_bad.toggled.connect(self._update_totals)
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+N", self.add_row), ("Ctrl+Del", self.remove_row),
                           ("Ctrl+P", self.print_all)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self.setTabOrder(self.institution, self.period)
        for first, second in ((self.period, self.method), (self.method, self.reference),
                              (self.reference, self.amount), (self.amount, self.table)):
            QWidget.setTabOrder(first, second)
        self._on_method()
        self.add_row()
        self._update_totals()
        self.load()

    # --- loading --------------------------------------------------------------------------
    def load(self) -> None:
        ctx = self._session.ctx

        def work() -> tuple[list[Institution], dict[str, str]]:
            from desktop.services.catalogue import list_funds
            from desktop.services.institutions import list_institutions

            return list_institutions(ctx), {f.code: f.name for f in list_funds(ctx)}

        Op(self, work).success(self._loaded).run()

    def _loaded(self, loaded: tuple[list[Institution], dict[str, str]]) -> None:
        institutions, funds = loaded
        self._funds = funds
        self._fill_institutions(institutions)
        self.institution.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_institutions(self, institutions: list[Institution], select: str | None = None) -> None:
        from desktop.services.institutions import institution_type_label

        self.institution.clear()
        for item in institutions:
            self.institution.addItem(f"{item.name} ({type_word(institution_type_label(item.institution_type.value))}, "
                                     + self.tr("{n} pembayar").format(n=item.payer_count) + ")", item.id)
        if select is not None:
            self.institution.setCurrentIndex(self.institution.findData(select))

    def new_institution(self) -> None:
        dialog = InstitutionDialog(self)
        dialog.accepted.connect(lambda: self._create_institution(dialog))
        dialog.open()
        dialog.name.setFocus()

    def _create_institution(self, dialog: InstitutionDialog) -> None:
        from desktop.services.institutions import InstitutionInput

        ctx = self._session.ctx
        data = InstitutionInput(dialog.name.text(), str(dialog.kind.currentData()), dialog.contact.text() or None,
                                dialog.phone.text() or None)

        def work() -> tuple[str, list[Institution]]:
            from desktop.services.institutions import create_institution, list_institutions

            made = create_institution(ctx, data)
            return made.id, list_institutions(ctx)

        def done(result: tuple[str, list[Institution]]) -> None:
            self._fill_institutions(result[1], result[0])
            self.period.setFocus()

        Op(self, work).success(done).run(changes={ops.DONORS})

    # --- the table ------------------------------------------------------------------------
    def add_row(self) -> None:
        row = self.table.rowCount()
        self._filling = True
        self.table.insertRow(row)
        for column in range(COLUMNS):
            self.table.setItem(row, column, QTableWidgetItem(""))
        self._filling = False
        self.table.setCurrentCell(row, NAME)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._update_totals()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if item.column() == AMOUNT:
            self._update_totals()

    def set_lines(self, lines: list[PayerLine]) -> None:
        """Fill the table (import, copy last month); the donor ids of known payers ride along."""
        self._filling = True
        self.table.setUpdatesEnabled(False)
        try:
            self.table.setRowCount(0)
            self.table.setRowCount(len(lines))
            for row, line in enumerate(lines):
                name = QTableWidgetItem("" if line.name is None else str(line.name))
                name.setData(_DONOR_ROLE, line.donor_id)
                identity = "" if line.identity is None else str(line.identity)
                if line.donor_id and identity:
                    from desktop.core.identity import mask_identity

                    identity = mask_identity(identity)  # a listed payer: no need to show the full number
                fund = "" if line.fund is None else str(line.fund)
                amount = "" if line.amount is None else str(line.amount)
                phone = "" if line.phone is None else str(line.phone)
                for column, item in ((NAME, name), (IDENTITY, QTableWidgetItem(identity)),
                                     (FUND, QTableWidgetItem(self._funds.get(fund, fund))),
                                     (AMOUNT, QTableWidgetItem(amount)), (PHONE, QTableWidgetItem(phone))):
                    self.table.setItem(row, column, item)
            # Imported rows keep the file's row numbers, the ones the error list names.
            self.table.setVerticalHeaderLabels([str(line.row if self._imported_rows else i + 1)
                                                for i, line in enumerate(lines)])
        finally:
            self.table.setUpdatesEnabled(True)
            self._filling = False
        self._show_errors([])
        self._update_totals()

    def lines(self) -> list[PayerLine]:
        from desktop.services.collective import PayerLine

        found: list[PayerLine] = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in range(COLUMNS)]
            texts = [c.text().strip() if c is not None else "" for c in cells]
            first = cells[NAME]
            donor_id = first.data(_DONOR_ROLE) if first is not None else None
            if not any(texts):
                continue
            identity = None if donor_id and "\u2022" in texts[IDENTITY] else (texts[IDENTITY] or None)
            found.append(PayerLine(name=texts[NAME] or None, identity=identity, fund=texts[FUND] or None,
                                   amount=texts[AMOUNT] or None, phone=texts[PHONE] or None, row=row + 1,
                                   donor_id=donor_id or None))
        return found

    # --- totals and errors ------------------------------------------------------------------
    def _update_totals(self) -> None:
        from desktop.services.collective import lines_total

        handed = self.amount.amount_or_none() or 0
        lines = self.lines()
        if self.skip_bad.isChecked():  # what would be saved: the rows not marked bad
            lines = [line for line in lines if line.row not in self._bad_rows]
        total = lines_total(lines)
        difference = handed - total
        text = self.tr("Jumlah baris: {lines} · Diserahkan: {handed} · Selisih: {difference}").format(
            lines=format_rupiah(total), handed=format_rupiah(handed), difference=format_rupiah(difference))
        self.totals_label.setText(text)
        self.totals_label.setStyleSheet("font-size:13pt;font-weight:bold;color:%s;"
                                        % ("#1f6f50" if difference == 0 and total else "#b00020"))
        self.difference = difference
        self.save_button.setEnabled(difference == 0 and total > 0 and not self._saving and self.saved is None)

    def _show_errors(self, errors: list[Any]) -> None:
        self.errors.clear()
        rows_with_errors = {self._imported_rows.get(e.row, e.row) for e in errors}  # as table rows
        self._bad_rows = rows_with_errors
        self._filling = True
        for row in range(self.table.rowCount()):
            for column in range(COLUMNS):
                cell = self.table.item(row, column)
                if cell is not None:
                    cell.setBackground(QBrush(BAD_ROW) if row + 1 in rows_with_errors else QBrush())
        self._filling = False
        for error in errors:
            text = "; ".join(error_text(p) for p in error.problems) if error.problems else error.message
            item = QListWidgetItem(self.tr("Baris {row}: {message}").format(row=error.row, message=text))
            item.setData(Qt.ItemDataRole.UserRole, error.row)
            self.errors.addItem(item)
        self.errors.setVisible(bool(errors))
        self.skip_bad.setVisible(bool(errors))
        if not errors:
            self.skip_bad.setChecked(False)

    def _jump_to_error(self, item: QListWidgetItem) -> None:
        row = int(item.data(Qt.ItemDataRole.UserRole))
        if self._imported_rows:
            row = self._imported_rows.get(row, row)
        self.table.setCurrentCell(row - 1, NAME)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_method(self) -> None:
        needs = requires_reference(PaymentMethod(self.method.currentData()))
        self.reference.setEnabled(needs)
        if not needs:
            self.reference.clear()

    # --- import, copy, check, save ----------------------------------------------------------
    def _input(self, lines: list[PayerLine] | None = None) -> CollectiveInput:
        from desktop.services.collective import CollectiveInput

        return CollectiveInput(
            institution_id=str(self.institution.currentData() or ""), period=self.period.text(),
            amount=self.amount.amount() or 0, payment_method=str(self.method.currentData()),
            payment_reference=self.reference.text() or None, lines=tuple(lines if lines is not None else self.lines()),
            skip_bad_rows=self.skip_bad.isChecked(),
        )

    def browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Pilih daftar pembayar"), str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Lembar kerja (*.xlsx *.csv)"), self.tr("Semua berkas (*)")])
        dialog.fileSelected.connect(lambda p: self.import_file(Path(p)))
        self.file_dialog = dialog
        dialog.open()

    def import_file(self, path: Path) -> None:
        """Read the list into the table, then check it (nothing is saved until Simpan)."""
        def work() -> list[PayerLine]:
            from desktop.services.collective_import import read_payer_lines

            return read_payer_lines(path)

        def done(lines: list[PayerLine]) -> None:
            # Rows keep the file's numbers in the error list; the table shows them in file order.
            self._imported_rows = {line.row: index + 1 for index, line in enumerate(lines)}
            self.set_lines(lines)
            self.notice.show_message(self.tr("{n} baris dibaca dari {name}. Periksa lalu simpan.").format(
                n=len(lines), name=path.name), "ok")
            self.check(file_rows=lines)

        Op(self, work).success(done).run()

    def copy_last_month(self) -> None:
        ctx = self._session.ctx
        institution, period = str(self.institution.currentData() or ""), self.period.text()

        def work() -> list[PayerLine]:
            from desktop.services.collective import copy_last_month

            return copy_last_month(ctx, institution, period)

        def done(lines: list[PayerLine]) -> None:
            self._imported_rows = {}
            self.set_lines(lines)
            self.notice.show_message(self.tr("{n} baris disalin dari bulan lalu; ubah bila perlu.").format(
                n=len(lines)), "ok")
            self.table.setCurrentCell(0, AMOUNT)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

        Op(self, work).success(done).run()

    def fill_from_list(self) -> None:
        """Every payer on the institution's list, fund and amount left to type (a month with no copy)."""
        ctx = self._session.ctx
        institution = str(self.institution.currentData() or "")

        def work() -> list[PayerLine]:
            from desktop.services.collective import PayerLine
            from desktop.services.institutions import list_payers

            return [PayerLine(name=p.name, identity=p.nik or p.nip, phone=p.phone, row=i, donor_id=p.id)
                    for i, p in enumerate(list_payers(ctx, institution), start=1)]

        def done(lines: list[PayerLine]) -> None:
            self._imported_rows = {}
            self.set_lines(lines)
            self.notice.show_message(self.tr("{n} pembayar dari daftar lembaga; isi dana dan jumlahnya.").format(
                n=len(lines)), "ok")
            self.table.setCurrentCell(0, FUND)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

        Op(self, work).success(done).run()

    def check(self, file_rows: list[PayerLine] | None = None) -> None:
        try:
            data = self._input(file_rows)
        except Exception as exc:
            show_error(self, exc)
            return
        ctx = self._session.ctx

        def work() -> CollectivePlan:
            from desktop.services.collective import preview_collective

            return preview_collective(ctx, data)

        Op(self, work).success(self._checked).run()

    def _checked(self, plan: CollectivePlan) -> None:
        self._show_errors(plan.errors)
        if plan.errors:
            self.notice.show_message(self.tr("{n} baris salah; perbaiki, atau centang \u201cLewati baris salah\u201d.")
                                     .format(n=len(plan.errors)), "error")
        else:
            self.notice.show_message(self.tr("Semua baris benar: {payers} pembayar ({new} baru), {total}.").format(
                payers=plan.payers, new=plan.new_payers, total=format_rupiah(plan.total)), "ok")

    def save(self) -> None:
        if self._saving or self.saved is not None or not self.save_button.isEnabled():
            return
        try:
            data = self._input(self._file_order_lines())
        except Exception as exc:
            show_error(self, exc)
            return
        ctx = self._session.ctx
        self._saving = True
        self.save_button.setEnabled(False)
        self.notice.show_message(self.tr("Menyimpan…"), "ok")

        def work() -> RecordedCollective:
            from desktop.services.collective import record_collective

            return record_collective(ctx, data)

        (Op(self, work).success(self._saved).failure(self._save_failed).finally_(self._save_finished)
         .run(changes={ops.DONATIONS, ops.RECEIPTS, ops.DONORS}))

    def _file_order_lines(self) -> list[PayerLine]:
        """The table's lines, numbered as in the imported file when there was one (errors name file rows)."""
        from dataclasses import replace

        lines = self.lines()
        if not self._imported_rows:
            return lines
        back = {table_row: file_row for file_row, table_row in self._imported_rows.items()}
        return [replace(line, row=back.get(line.row, line.row)) for line in lines]

    def _save_finished(self) -> None:
        self._saving = False
        self._update_totals()

    def _save_failed(self, exc: Exception) -> None:
        from desktop.services.collective import CollectiveRefused

        if isinstance(exc, CollectiveRefused):
            self._show_errors(exc.errors)
            self.notice.show_message(error_text(exc), "error")
            self.errors.setCurrentRow(0)
            self.errors.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.notice.hide()
        show_error(self, exc)

    def _saved(self, saved: RecordedCollective) -> None:
        self.saved = saved
        self._show_errors([])
        first, last = saved.receipts[0].number, saved.receipts[-1].number
        self.notice.show_message(self.tr(
            "Tersimpan: kwitansi kolektif {number}, {payers} pembayar ({new} baru), {total}; kuitansi {first} "
            "s.d. {last}. Tekan Ctrl+P untuk mencetak semua.").format(
            number=saved.number, payers=saved.payer_count, new=saved.new_payers, total=format_rupiah(saved.total),
            first=first, last=last), "ok")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for widget in (self.add_row_button, self.remove_row_button, self.import_button, self.copy_button,
                       self.list_button, self.check_button, self.institution, self.new_institution_button, self.period,
                       self.method, self.reference, self.amount, self.skip_bad):
            widget.setEnabled(False)
        self.print_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.print_button.setDefault(True)
        self.print_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_totals()

    # --- receipts ---------------------------------------------------------------------------
    def print_all(self) -> None:
        if self.saved is None or not self.print_button.isEnabled():
            return
        ctx, settings, folder = self._session.ctx, self._session.settings, self._session.receipts_dir
        collective_id = self.saved.id
        self.print_button.setEnabled(False)
        self.notice.show_message(self.tr("Mencetak {n} kuitansi…").format(n=self.saved.payer_count), "ok")

        def work() -> BatchDelivery:
            from desktop.ui.collective_delivery import deliver_collective

            return deliver_collective(ctx, settings, collective_id, folder=folder)

        (Op(self, work).success(self._delivered).finally_(lambda: self.print_button.setEnabled(True))
         .run(changes={ops.PRINTS}))

    def ask_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Folder untuk PDF per pembayar"), str(self._session.receipts_dir))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda p: self.save_folder(Path(p)))
        self.file_dialog = dialog
        dialog.open()

    def save_folder(self, folder: Path) -> None:
        if self.saved is None:
            return
        ctx, settings, collective_id = self._session.ctx, self._session.settings, self.saved.id
        self.notice.show_message(self.tr("Menyimpan {n} PDF…").format(n=self.saved.payer_count), "ok")

        def work() -> BatchDelivery:
            from desktop.ui.collective_delivery import save_payer_folder

            return save_payer_folder(ctx, settings, collective_id, folder)

        Op(self, work).success(self._delivered).run(changes={ops.PRINTS})

    def _delivered(self, delivery: BatchDelivery) -> None:
        from desktop.ui.collective_delivery import batch_delivery_message

        self.last_delivery = delivery
        number = self.saved.number if self.saved is not None else ""
        self.notice.show_message(*batch_delivery_message(number, delivery))
