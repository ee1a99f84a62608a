"""Tutup Kas Harian: the clerk counts, the head confirms with their own password, in one dialog.

Per payment method the dialog shows what the day's receipts recorded, the late voids this closing
carries, what is expected, and takes what was counted (cash optionally by denomination); the
difference is shown as it is typed and a note is asked for when there is one. The figures the clerk
saw are sent with the closing (``seen_expected``), so a donation recorded while the drawer was counted
makes the closing refuse instead of storing figures nobody saw. A closed day is shown as it was
closed; a kepala kantor (or admin) may reopen it with a reason.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_rupiah
from desktop.core.roles import Role
from desktop.ui import ops
from desktop.ui.errors import error_text
from desktop.ui.labels import method_label
from desktop.ui.ops import Op
from desktop.ui.widgets import AmountEdit, EnterMovesOn, enter_moves_on, error_label, ok_cancel_row

if TYPE_CHECKING:
    from desktop.services.closing import DayClosing, DayExpectation
    from desktop.ui.session import UiSession

HEAD_ROLES = (Role.KEPALA, Role.ADMIN)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _MethodRow:
    """One payment method's labels and its counted field."""

    def __init__(self, method: str) -> None:
        self.method = method
        self.name = QLabel(method_label(method))
        self.recorded = QLabel("—")
        self.late = QLabel("—")
        self.expected = QLabel("—")
        self.counted = AmountEdit()
        self.counted.setObjectName(f"counted_{method}")
        self.counted.setMaximumWidth(170)
        self.difference = QLabel("—")
        for label in (self.recorded, self.late, self.expected, self.difference):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ClosingDialog(QDialog):
    def __init__(self, session: UiSession, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.services.closing import DENOMINATIONS, METHODS, today

        self._session = session
        self._expectation: DayExpectation | None = None
        self._showed_closing = False
        self.closing: DayClosing | None = None  # what was stored (after Tutup Kas)
        self.setWindowTitle(self.tr("Tutup Kas Harian"))
        self.setMinimumWidth(640)
        ctx = session.ctx
        now_day = today(ctx)

        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.date.setMaximumDate(_qdate(now_day))
        self.date.setDate(_qdate(day or now_day))
        date_label = QLabel(self.tr("&Tanggal:"))
        date_label.setBuddy(self.date)
        self.state = QLabel()
        self.state.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(date_label)
        top.addWidget(self.date)
        top.addStretch(1)

        grid = QGridLayout()
        for column, title in enumerate((self.tr("Metode"), self.tr("Tercatat"), self.tr("Batal susulan"),
                                        self.tr("Diharapkan"), self.tr("Terhitung"), self.tr("Selisih"))):
            header = QLabel(f"<b>{title}</b>")
            header.setAlignment(Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(header, 0, column)
        self.rows: dict[str, _MethodRow] = {}
        for index, method in enumerate(METHODS, start=1):
            row = _MethodRow(method)
            self.rows[method] = row
            for column, widget in enumerate((row.name, row.recorded, row.late, row.expected, row.counted,
                                             row.difference)):
                grid.addWidget(widget, index, column)
            row.counted.textChanged.connect(self._update_differences)
        self.total = QLabel()
        self.total.setObjectName("closingTotal")
        grid.addWidget(self.total, len(METHODS) + 1, 0, 1, 6)
        self.late_note = QLabel()
        self.late_note.setWordWrap(True)
        self.late_note.setStyleSheet("color:#663c00;")
        self.late_note.setVisible(False)

        self.by_pieces = QCheckBox(self.tr("Hitung uang tunai per &pecahan"))
        self.pieces_box = QGroupBox(self.tr("Uang tunai per pecahan (lembar/keping)"))
        pieces_grid = QGridLayout(self.pieces_box)
        self.pieces: dict[int, QSpinBox] = {}
        for index, value in enumerate(DENOMINATIONS):
            spin = QSpinBox()
            spin.setRange(0, 1_000_000)
            spin.setMaximumWidth(90)
            spin.setObjectName(f"pieces_{value}")
            spin.valueChanged.connect(self._pieces_changed)
            self.pieces[value] = spin
            pieces_grid.addWidget(QLabel(format_rupiah(value)), index // 4, (index % 4) * 2)
            pieces_grid.addWidget(spin, index // 4, (index % 4) * 2 + 1)
        self.pieces_box.setVisible(False)
        self.by_pieces.toggled.connect(self._toggle_pieces)

        self.note = QLineEdit()
        self.note.setMaxLength(300)
        self.note.setPlaceholderText(self.tr("wajib bila ada selisih, contoh: uang kembalian kurang"))
        self.head_user = QLineEdit()
        self.head_user.setObjectName("headUser")
        if session.user.role in HEAD_ROLES:
            self.head_user.setText(session.user.username)
        self.head_password = QLineEdit()
        self.head_password.setObjectName("headPassword")
        self.head_password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Ca&tatan selisih:"), self.note)
        confirm = QGroupBox(self.tr("Konfirmasi kepala kantor"))
        confirm_form = QFormLayout(confirm)
        confirm_form.addRow(self.tr("&Nama pengguna kepala:"), self.head_user)
        confirm_form.addRow(self.tr("&Kata sandi kepala:"), self.head_password)
        self.confirm_box = confirm

        self.reopen_box = QGroupBox(self.tr("Buka kembali tutup kas (kepala kantor)"))
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setMaxLength(300)
        self.reopen_button = QPushButton(self.tr("B&uka kembali"))
        self.reopen_button.setAutoDefault(False)
        reopen_row = QHBoxLayout(self.reopen_box)
        reopen_row.addWidget(QLabel(self.tr("Alasan:")))
        reopen_row.addWidget(self.reopen_reason, 1)
        reopen_row.addWidget(self.reopen_button)
        self.reopen_box.setVisible(False)
        self.reopen_button.clicked.connect(self._reopen)

        self.message = error_label("closingMessage")
        buttons, self.ok_button, self.cancel_button = ok_cancel_row(self.tr("&Tutup Kas"), self.tr("&Batal"))
        self.ok_button.setObjectName("closeDayButton")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addLayout(grid)
        layout.addWidget(self.late_note)
        layout.addWidget(self.by_pieces)
        layout.addWidget(self.pieces_box)
        layout.addLayout(form)
        layout.addWidget(confirm)
        layout.addWidget(self.reopen_box)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._close_day)
        self.date.dateChanged.connect(lambda _d: self.load())
        self._enter = EnterMovesOn(self)
        enter_moves_on(self, self._enter)
        self.load()

    # --- loading --------------------------------------------------------------------------
    def day(self) -> date:
        return _pydate(self.date.date())

    def load(self) -> None:
        """The figures of the chosen day (and its closing, if closed), read off the GUI thread."""
        ctx, day = self._session.ctx, self.day()
        self.ok_button.setEnabled(False)

        def work() -> DayExpectation:
            from desktop.services.closing import day_expectation

            return day_expectation(ctx, day)

        Op(self, work).success(self._show).run()

    def _show(self, expectation: DayExpectation) -> None:
        if expectation.day != self.day():
            return  # the date moved on meanwhile; its own load follows
        self._expectation = expectation
        closing = expectation.closing
        if closing is None and self._showed_closing:
            for row in self.rows.values():
                row.counted.clear()
            self.note.clear()
        self._showed_closing = closing is not None
        methods = {m.method: m for m in (closing.methods if closing is not None else expectation.methods)}
        for method, row in self.rows.items():
            figures = methods.get(method)
            recorded, late = (figures.recorded, figures.late_void) if figures is not None else (0, 0)
            row.recorded.setText(format_rupiah(recorded))
            row.late.setText(format_rupiah(-late) if late else "—")
            row.expected.setText(format_rupiah(recorded - late))
            row.counted.setReadOnly(closing is not None)
            if closing is not None:
                row.counted.setText(format_rupiah(figures.counted or 0) if figures is not None else "")
        closed = closing is not None
        for widget in (self.note, self.head_user, self.head_password, self.by_pieces):
            widget.setEnabled(not closed)
        self.confirm_box.setVisible(not closed)
        self.ok_button.setEnabled(not closed)
        self.reopen_box.setVisible(closed and self._session.user.role in HEAD_ROLES)
        if closed:
            assert closing is not None
            self.note.setText(closing.note or "")
            self.state.setText(self.tr("Sudah ditutup oleh {clerk}, dikonfirmasi {head}.").format(
                clerk=closing.closed_by, head=closing.confirmed_by))
            self.state.setStyleSheet("color:#1e4620;font-weight:bold;")
        else:
            self.state.setText(self.tr("{count} kuitansi tercatat; belum ditutup.").format(
                count=expectation.receipts))
            self.state.setStyleSheet("")
        late_voids = expectation.late_voids if not closed else ()
        self.late_note.setVisible(bool(late_voids))
        if late_voids:
            self.late_note.setText(self.tr(
                "Pembatalan susulan dibawa ke penutupan ini (kuitansi hari yang sudah ditutup): {numbers}; "
                "jumlah {amount}.").format(numbers=", ".join(v.receipt_number for v in late_voids),
                                           amount=format_rupiah(sum(v.amount for v in late_voids))))
        self._update_differences()

    # --- counting -------------------------------------------------------------------------
    def _toggle_pieces(self, on: bool) -> None:
        self.pieces_box.setVisible(on)
        self.rows["tunai"].counted.setReadOnly(on)
        if on:
            self._pieces_changed()

    def _pieces_changed(self) -> None:
        if self.by_pieces.isChecked():
            cash = sum(value * spin.value() for value, spin in self.pieces.items())
            self.rows["tunai"].counted.setText(format_rupiah(cash).removeprefix("Rp"))

    def _update_differences(self) -> None:
        if self._expectation is None:
            return
        expected = self._expectation.expected_by_method()
        if self._expectation.closing is not None:
            expected = {m.method: m.expected for m in self._expectation.closing.methods}
        total_expected = total_counted = 0
        for method, row in self.rows.items():
            counted = row.counted.amount_or_none()
            total_expected += expected.get(method, 0)
            if counted is None:
                row.difference.setText("—")
                row.difference.setStyleSheet("")
                continue
            total_counted += counted
            difference = counted - expected.get(method, 0)
            row.difference.setText(format_rupiah(difference))
            row.difference.setStyleSheet("" if difference == 0 else "color:#b00020;font-weight:bold;")
        self.total.setText(self.tr("Diharapkan {expected} · terhitung {counted} · selisih {difference}").format(
            expected=format_rupiah(total_expected), counted=format_rupiah(total_counted),
            difference=format_rupiah(total_counted - total_expected)))

    # --- closing and reopening ------------------------------------------------------------
    def _close_day(self) -> None:
        from desktop.services.closing import CloseDayInput, close_day

        if self._expectation is None:
            return
        try:
            counted = {}
            for method, row in self.rows.items():
                value = row.counted.amount()
                if value is not None:
                    counted[method] = value
            pieces = ({value: spin.value() for value, spin in self.pieces.items()}
                      if self.by_pieces.isChecked() else None)
        except ValueError as exc:  # text that is not rupiah: the clerk's own words come back
            self._refused(exc)
            return
        if not self.head_user.text().strip() or not self.head_password.text():
            self.message.setText(self.tr("Kepala kantor harus mengonfirmasi dengan nama pengguna dan kata sandinya."))
            (self.head_user if not self.head_user.text().strip() else self.head_password).setFocus()
            return
        data = CloseDayInput(day=self.day(), counted=counted, denominations=pieces, note=self.note.text(),
                             seen_expected=self._expectation.expected_by_method())
        ctx, user, password = self._session.ctx, self.head_user.text().strip(), self.head_password.text()
        self.ok_button.setEnabled(False)
        self.message.setText("")
        Op(self, lambda: close_day(ctx, data, head_username=user, head_password=password)) \
            .success(self._closed).failure(self._refused) \
            .run(changes={ops.CASH, ops.DONATIONS})

    def _closed(self, closing: DayClosing) -> None:
        from desktop.ui.auto_backup import backup_after_closing_in_background

        self.closing = closing
        backup_after_closing_in_background(self._session.data_dir)  # every closing also makes a backup
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))
        self.head_password.clear()
        self.ok_button.setEnabled(self._expectation is not None and self._expectation.closing is None)
        if getattr(exc, "code", "") in ("day_already_closed", "closing_figures_changed"):
            self.load()  # show what is stored now

    def _reopen(self) -> None:
        from desktop.services.closing import reopen_day

        ctx, day, reason = self._session.ctx, self.day(), self.reopen_reason.text()
        self.reopen_button.setEnabled(False)

        def done(_closing: object) -> None:
            self.reopen_button.setEnabled(True)
            self.reopen_reason.clear()
            self.message.setText("")
            self.load()

        def failed(exc: Exception) -> None:
            self.reopen_button.setEnabled(True)
            self.message.setText(error_text(exc))

        Op(self, lambda: reopen_day(ctx, day, reason)).success(done).failure(failed) \
            .run(changes={ops.CASH, ops.DONATIONS})
