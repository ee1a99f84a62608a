"""A Qt table model over ``list_receipts`` results (one row per receipt, newest first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core.money import format_grams_as_kg, format_rupiah
from desktop.ui.labels import method_label, receipt_status_label
from desktop.ui.table_model import RowsTableModel

if TYPE_CHECKING:
    from desktop.services.receipts import ReceiptRow

_Index = QModelIndex | QPersistentModelIndex


class ReceiptTableModel(RowsTableModel["ReceiptRow"]):
    NUMBER, TIME, DONOR, TOTAL, METHOD, STATUS = range(6)

    def __init__(self) -> None:
        super().__init__([
            self.tr("Nomor"), self.tr("Tanggal"), self.tr("Donatur"), self.tr("Total"),
            self.tr("Metode"), self.tr("Status"),
        ])

    def receipt(self, row: int) -> ReceiptRow:
        return self._rows[row]

    def row_of(self, number: str) -> int | None:
        for index, row in enumerate(self._rows):
            if row.number == number:
                return index
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.TOTAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        problem = row.status == "batal" or row.last_print_status == "failed"
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS and problem:
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.ToolTipRole and row.status == "batal":
            return self.tr("Kuitansi ini dibatalkan; nomornya tetap tercatat.")
        return None

    def amount_text(self, row: ReceiptRow) -> str:
        """What was given: rupiah, rice ("7,5 kg beras"), or both; never a bare Rp0 for a rice receipt."""
        if not row.rice_grams:
            return format_rupiah(row.total)
        rice = self.tr("{kg} beras").format(kg=format_grams_as_kg(row.rice_grams))
        return rice if row.total == 0 else f"{format_rupiah(row.total)} + {rice}"

    def _text(self, row: ReceiptRow, column: int) -> str:
        if column == self.NUMBER:
            return row.number
        if column == self.TIME:
            return row.local_time.strftime("%d-%m-%Y %H:%M")
        if column == self.DONOR:
            return row.donor_name
        if column == self.TOTAL:
            return self.amount_text(row)
        if column == self.METHOD:
            return method_label(row.payment_method)
        return receipt_status_label(row.status, row.last_print_status)
