"""Beranda: what the office collected today, at a glance, and whether data has reached the district."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
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
from desktop.ui.labels import method_label
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.context import AppContext
    from desktop.services.status import DayTotals
    from desktop.services.sync_service import SyncOverview
    from desktop.ui.session import UiSession


class _Figure(QFrame):
    """A big number with a caption."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size:20pt;font-weight:bold;")
        layout = QVBoxLayout(self)
        title = QLabel(caption)
        title.setStyleSheet("color:#555;")
        layout.addWidget(title)
        layout.addWidget(self.value)


class HomePage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.heading = QLabel(self.tr("Hari ini"))
        self.heading.setStyleSheet("font-size:14pt;font-weight:bold;")
        self.receipts = _Figure(self.tr("Kwitansi hari ini"))
        self.total = _Figure(self.tr("Total diterima"))
        self.voided = _Figure(self.tr("Dibatalkan"))
        figures = QHBoxLayout()
        for figure in (self.receipts, self.total, self.voided):
            figures.addWidget(figure)

        self.by_fund = self._table([self.tr("Dana"), self.tr("Jumlah")])
        self.by_method = self._table([self.tr("Metode"), self.tr("Jumlah")])
        tables = QGridLayout()
        tables.addWidget(QLabel(self.tr("Per jenis dana")), 0, 0)
        tables.addWidget(QLabel(self.tr("Per metode pembayaran")), 0, 1)
        tables.addWidget(self.by_fund, 1, 0)
        tables.addWidget(self.by_method, 1, 1)
        tables.setColumnStretch(0, 3)
        tables.setColumnStretch(1, 2)

        self.sync_label = QLabel(self.tr("Belum terkirim: {count}").format(count="…"))
        self.sync_label.setWordWrap(True)
        self.sync_error = QLabel()
        self.sync_error.setWordWrap(True)
        self.sync_error.setStyleSheet("color:#b00020;")
        self.sync_error.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(figures)
        layout.addLayout(tables, 1)
        layout.addWidget(self.sync_label)
        layout.addWidget(self.sync_error)
        ops.change_bus().changed.connect(self._on_changed)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, 2)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _on_changed(self, kinds: set[str]) -> None:
        if kinds & {ops.DONATIONS, ops.RECEIPTS, ops.SETTINGS}:
            self.refresh()

    def refresh(self) -> None:
        ctx = self._session.ctx

        def work() -> DayTotals:
            from desktop.services.status import day_totals

            return day_totals(ctx)

        Op(self, work).success(self._show).run()

    def show_sync(self, ctx: AppContext, overview: SyncOverview) -> None:
        """Unsent records and the last sync (or why it failed): the main window passes them on."""
        from desktop.ui.sync_text import error_line, last_sync_text, unsent_text

        self.sync_label.setText(f"{last_sync_text(ctx, overview)} · {unsent_text(overview)}")
        problem = error_line(overview)
        self.sync_error.setText(problem)
        self.sync_error.setVisible(bool(problem))

    def _show(self, totals: DayTotals) -> None:
        self.heading.setText(self.tr("Hari ini, {day}").format(
            day=self.locale().toString(QDate(totals.day.year, totals.day.month, totals.day.day),
                                       "dddd, d MMMM yyyy")))
        self.receipts.value.setText(str(totals.receipts))
        self.total.value.setText(format_rupiah(totals.total))
        self.voided.value.setText(str(totals.voided))
        self._fill(self.by_fund, [(name, amount) for name, amount in totals.by_fund])
        self._fill(self.by_method, [(method_label(m), amount) for m, amount in totals.by_method])

    def _fill(self, table: QTableWidget, rows: list[tuple[str, int]]) -> None:
        table.setRowCount(len(rows))
        for index, (name, amount) in enumerate(rows):
            table.setItem(index, 0, QTableWidgetItem(name))
            money = QTableWidgetItem(format_rupiah(amount))
            money.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(index, 1, money)
