"""Saldo dana: per fund, what came in, the amil's share, what went out and what is left.

Balance = collected − amil share − distributed − deposited (funds never mix). "Diajukan" is what
open proposals would still take; a new proposal can use the balance less that. The panel reloads
itself whenever something that moves money is saved anywhere in the app (donation, void, aid
decision, settings, a sync), through the one change bus, and only while it is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_rupiah
from desktop.ui import ops
from desktop.ui.aid_labels import BALANCE_CHANGES
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.core.aid import FundBalance
    from desktop.ui.session import UiSession


def _has_money(balance: FundBalance) -> bool:
    return any((balance.collected, balance.distributed, balance.deposited, balance.pending))


class BalancesWidget(QWidget):
    FUND, COLLECTED, AMIL, DISTRIBUTED, DEPOSITED, BALANCE, PENDING = range(7)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._serial = 0
        self._stale = True
        self.balances: list[FundBalance] = []
        title = QLabel(self.tr("Saldo dana"))
        title.setStyleSheet("font-size:12pt;font-weight:bold;")
        self.show_empty = QCheckBox(self.tr("Tampilkan dana &kosong"))
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("balancesTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Dana"), self.tr("Terkumpul"), self.tr("Hak amil"), self.tr("Disalurkan"), self.tr("Disetor"),
            self.tr("Saldo"), self.tr("Diajukan"),
        ])
        tips = {
            self.PENDING: self.tr("Pengajuan yang belum diputuskan; pengajuan baru hanya dapat memakai saldo "
                                  "dikurangi ini."),
            self.AMIL: self.tr("Bagian amil dari dana terkumpul, menurut tarif kantor (SK)."),
        }
        for column, tip in tips.items():
            header_item = self.table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.FUND, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr("Belum ada dana terkumpul."))
        self.empty_label.setStyleSheet("color:#555;")
        self.empty_label.hide()
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.show_empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        self.show_empty.toggled.connect(lambda _c: self._fill())
        ops.change_bus().changed.connect(self._on_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_changed(self, kinds: set[str]) -> None:
        if kinds & BALANCE_CHANGES:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        self._stale = False
        ctx = self._session.ctx
        self._serial += 1
        serial = self._serial

        def work() -> list[FundBalance]:
            from desktop.services.balances import fund_balances

            return fund_balances(ctx)

        Op(self, work).success(lambda rows: self._show(serial, rows)).run()

    def _show(self, serial: int, balances: list[FundBalance]) -> None:
        if serial != self._serial:
            return
        self.balances = list(balances)
        self._fill()

    def balance_of(self, fund_code: str) -> FundBalance | None:
        return next((b for b in self.balances if b.fund_code == fund_code), None)

    def shown_rows(self) -> dict[str, list[str]]:
        """Fund name -> the texts of its row, as the clerk reads them (tests and screen readers)."""
        found = {}
        for row in range(self.table.rowCount()):
            cells = [cell.text() if (cell := self.table.item(row, c)) else "" for c in range(self.table.columnCount())]
            found[cells[0]] = cells[1:]
        return found

    def _fill(self) -> None:
        rows = [b for b in self.balances if self.show_empty.isChecked() or _has_money(b)]
        self.empty_label.setVisible(not rows)
        self.table.setRowCount(len(rows))
        for row, b in enumerate(rows):
            values = (b.collected, b.amil_share, b.distributed, b.deposited, b.balance, b.pending)
            name = QTableWidgetItem(b.fund_name)
            self.table.setItem(row, self.FUND, name)
            for column, amount in enumerate(values, start=self.COLLECTED):
                item = QTableWidgetItem(format_rupiah(amount))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == self.BALANCE:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    if b.available <= 0:
                        item.setForeground(QBrush(QColor("#b00020")))
                        item.setToolTip(self.tr("Tidak ada lagi yang dapat diajukan dari dana ini."))
                self.table.setItem(row, column, item)
