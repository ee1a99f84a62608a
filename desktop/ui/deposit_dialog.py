"""Setoran: cash taken to the district account, fund by fund, never more than the office holds.

The table shows each fund's cash on hand (cash collected − cash aid − deposited − the amil share
the office keeps); the clerk types what goes to the bank, with the bank's reference. The service
checks every amount again inside its transaction, so a refused deposit stores nothing. Below, the
recent deposits with the district's answer: "menunggu konfirmasi" or "dikonfirmasi".
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_rupiah
from desktop.ui import ops
from desktop.ui.errors import error_text
from desktop.ui.ops import Op
from desktop.ui.widgets import AmountEdit, EnterMovesOn, enter_moves_on, error_label, ok_cancel_row

if TYPE_CHECKING:
    from desktop.services.deposits import CashOnHand, Deposit
    from desktop.ui.session import UiSession


def _right(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class DepositDialog(QDialog):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.services.closing import today

        self._session = session
        self._funds: list[CashOnHand] = []
        self.amounts: dict[str, AmountEdit] = {}
        self.deposit: Deposit | None = None  # what was stored
        self.setWindowTitle(self.tr("Setoran ke Rekening Kabupaten"))
        self.setMinimumSize(680, 560)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("depositFunds")
        self.table.setHorizontalHeaderLabels([self.tr("Dana"), self.tr("Tunai di tangan"), self.tr("Disetor")])
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(170)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 150)
        self.total = QLabel()
        self.total.setObjectName("depositTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)

        now_day = today(session.ctx)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.date.setMaximumDate(QDate(now_day.year, now_day.month, now_day.day))
        self.date.setDate(QDate(now_day.year, now_day.month, now_day.day))
        self.bank = QLineEdit()
        self.bank.setMaxLength(80)
        self.bank.setPlaceholderText(self.tr("contoh: BSI KCP Tanah Grogot"))
        self.account = QLineEdit()
        self.account.setMaxLength(40)
        self.reference = QLineEdit()
        self.reference.setObjectName("depositReference")
        self.reference.setMaxLength(60)
        self.reference.setPlaceholderText(self.tr("nomor pada slip/bukti setoran bank"))
        self.note = QLineEdit()
        self.note.setMaxLength(300)
        form = QFormLayout()
        form.addRow(self.tr("&Tanggal setor:"), self.date)
        form.addRow(self.tr("&Bank:"), self.bank)
        form.addRow(self.tr("No. re&kening:"), self.account)
        form.addRow(self.tr("No. &referensi (wajib):"), self.reference)
        form.addRow(self.tr("Ca&tatan:"), self.note)

        self.history = QTableWidget(0, 4)
        self.history.setObjectName("depositHistory")
        self.history.setHorizontalHeaderLabels([self.tr("Tanggal"), self.tr("Referensi"), self.tr("Jumlah"),
                                                self.tr("Status")])
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.history.setMaximumHeight(160)

        self.message = error_label("depositMessage")
        buttons, self.ok_button, self.cancel_button = ok_cancel_row(self.tr("&Simpan setoran"), self.tr("T&utup"))
        self.ok_button.setObjectName("saveDepositButton")
        layout = QVBoxLayout(self)
        explain = QLabel(self.tr(
            "Tunai di tangan = tunai terkumpul − bantuan tunai − sudah disetor − hak amil yang dipegang kantor."))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Setoran terakhir")))
        layout.addWidget(self.history)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._save)
        self._enter = EnterMovesOn(self)
        self.load()

    def load(self) -> None:
        ctx = self._session.ctx

        def work() -> tuple[list[CashOnHand], list[Deposit]]:
            from desktop.services.deposits import cash_on_hand, list_deposits

            return cash_on_hand(ctx), list_deposits(ctx, limit=20)

        Op(self, work).success(self._show).run()

    def _show(self, loaded: tuple[list[CashOnHand], list[Deposit]]) -> None:
        funds, deposits = loaded
        self._funds = [f for f in funds if f.on_hand > 0 or f.collected]
        self.table.setRowCount(len(self._funds))
        self.amounts = {}
        for index, fund in enumerate(self._funds):
            self.table.setItem(index, 0, QTableWidgetItem(fund.fund_name))
            self.table.setItem(index, 1, _right(format_rupiah(fund.on_hand)))
            edit = AmountEdit()
            edit.setObjectName(f"deposit_{fund.fund_code}")
            edit.setEnabled(fund.on_hand > 0)
            edit.textChanged.connect(self._update_total)
            self.amounts[fund.fund_code] = edit
            self.table.setCellWidget(index, 2, edit)
        self.history.setRowCount(len(deposits))
        for index, d in enumerate(deposits):
            status = self.tr("dikonfirmasi") if d.confirmed_at else self.tr("menunggu konfirmasi")
            self.history.setItem(index, 0, QTableWidgetItem(d.deposited_on.strftime("%d-%m-%Y")))
            self.history.setItem(index, 1, QTableWidgetItem(d.reference))
            self.history.setItem(index, 2, _right(format_rupiah(d.total)))
            item = QTableWidgetItem(status)
            item.setForeground(Qt.GlobalColor.darkGreen if d.confirmed_at else Qt.GlobalColor.darkYellow)
            self.history.setItem(index, 3, item)
        enter_moves_on(self, self._enter)
        self._update_total()

    def _update_total(self) -> None:
        total = sum(edit.amount_or_none() or 0 for edit in self.amounts.values())
        self.total.setText(self.tr("Jumlah setoran: {total}").format(total=format_rupiah(total)))

    def _save(self) -> None:
        from desktop.services.deposits import DepositInput, record_deposit

        try:
            lines = [(code, amount) for code, edit in self.amounts.items()
                     if (amount := edit.amount()) is not None]
        except ValueError as exc:
            self.message.setText(error_text(exc))
            return
        qdate = self.date.date()
        data = DepositInput(lines=lines, reference=self.reference.text(), bank=self.bank.text(),
                            account=self.account.text(), note=self.note.text(),
                            deposited_on=date(qdate.year(), qdate.month(), qdate.day()))
        ctx = self._session.ctx
        self.ok_button.setEnabled(False)
        self.message.setText("")
        Op(self, lambda: record_deposit(ctx, data)).success(self._saved).failure(self._refused) \
            .run(changes={ops.CASH})

    def _saved(self, deposit: Deposit) -> None:
        self.deposit = deposit
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.ok_button.setEnabled(True)
        self.message.setText(error_text(exc))
