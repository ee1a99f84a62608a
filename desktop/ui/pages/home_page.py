"""Beranda: what the office collected today, this month against the district's targets, the last 30 days as a
small bar chart, and whether data has reached the district."""

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
from desktop.ui.bar_chart import BarChart
from desktop.ui.labels import method_label
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from datetime import date

    from desktop.services.context import AppContext
    from desktop.services.home_figures import TargetProgress
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
        self.targets = QTableWidget(0, 4)
        self.targets.setObjectName("monthTargets")
        self.targets.setHorizontalHeaderLabels([self.tr("Target"), self.tr("Terkumpul"), self.tr("Target (Rp)"),
                                                self.tr("Capaian")])
        self.targets.verticalHeader().setVisible(False)
        self.targets.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.targets.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.no_targets = QLabel(self.tr("Belum ada target bulan ini dari kabupaten."))
        self.no_targets.setStyleSheet("color:#555;")
        self.chart = BarChart()
        self.chart.setObjectName("last30Days")
        self.month_label = QLabel(self.tr("Bulan ini terhadap target"))
        tables.addWidget(self.month_label, 2, 0)
        tables.addWidget(QLabel(self.tr("30 hari terakhir")), 2, 1)
        month_box = QVBoxLayout()
        month_box.addWidget(self.no_targets)
        month_box.addWidget(self.targets, 1)
        tables.addLayout(month_box, 3, 0)
        tables.addWidget(self.chart, 3, 1)
        tables.setColumnStretch(0, 3)
        tables.setColumnStretch(1, 2)

        self.sync_label = QLabel(self.tr("Belum terkirim: {count}").format(count="…"))
        self.sync_label.setWordWrap(True)
        self.sync_error = QLabel()
        self.sync_error.setWordWrap(True)
        self.sync_error.setStyleSheet("color:#b00020;")
        self.sync_error.setVisible(False)
        self.backup_warning = QLabel()
        self.backup_warning.setObjectName("backupWarning")
        self.backup_warning.setWordWrap(True)
        self.backup_warning.setStyleSheet("color:#8a4b00;font-weight:bold;")
        self.backup_warning.setVisible(False)
        from desktop.ui.cash_bar import CashBar

        self.cash = CashBar(session)  # days not closed yet, Tutup Kas, Setoran
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.cash)
        layout.addLayout(figures)
        layout.addLayout(tables, 1)
        layout.addWidget(self.sync_label)
        layout.addWidget(self.sync_error)
        layout.addWidget(self.backup_warning)
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
        if kinds & {ops.DONATIONS, ops.RECEIPTS, ops.SETTINGS, ops.SYNC}:  # targets come with a sync
            self.refresh()
        if kinds & {ops.SETTINGS, "backup"}:
            self.refresh_backup()

    def refresh(self) -> None:
        ctx = self._session.ctx

        def work() -> tuple[DayTotals, list[TargetProgress], list[tuple[date, int]]]:
            from desktop.services.home_figures import daily_series, month_targets
            from desktop.services.status import day_totals

            return day_totals(ctx), month_targets(ctx), daily_series(ctx)

        Op(self, work).success(self._show_all).run()
        self.cash.refresh()
        self.refresh_backup()

    def refresh_backup(self) -> None:
        """Warn when the copy that leaves the office (second folder) is missing or older than 7 days."""
        ctx, data_dir = self._session.ctx, self._session.data_dir

        def work() -> tuple[str | None, str]:
            from desktop.services.backups import load_backup_key, second_folder_state

            if load_backup_key(ctx.store.paths.database) is None:
                return "backup_no_key", ""
            state = second_folder_state(data_dir, ctx.office.code)
            return state.code, str(state.folder or "")

        Op(self, work).success(self._show_backup).run()

    def _show_backup(self, found: tuple[str | None, str]) -> None:
        code, folder = found
        texts = {
            "backup_no_key": self.tr("Cadangan belum terenkripsi: admin perlu membuat frasa pemulihan di Pengaturan."),
            "backup_second_missing": self.tr(
                "Disk cadangan kedua ({folder}) tidak terpasang. Pasang disk USB cadangan agar salinan data "
                "tersimpan di luar komputer ini.").format(folder=folder),
            "backup_second_stale": self.tr(
                "Cadangan di disk kedua ({folder}) sudah lebih dari 7 hari. Pasang disk USB cadangan lalu tekan "
                "Cadangkan sekarang di Pengaturan.").format(folder=folder),
        }
        text = texts.get(code or "", "")
        self.backup_warning.setText(text)
        self.backup_warning.setVisible(bool(text))

    def _show_all(self, figures: tuple[DayTotals, list[TargetProgress], list[tuple[date, int]]]) -> None:
        totals, targets, series = figures
        self._show(totals)
        self.show_targets(targets)
        self.chart.set_series(series)

    def show_targets(self, targets: list[TargetProgress]) -> None:
        self.no_targets.setVisible(not targets)
        self.targets.setVisible(bool(targets))
        self.targets.setRowCount(len(targets))
        for row, target in enumerate(targets):
            scope = self.tr("Dana") if target.scope == "fund" else self.tr("Program")
            self.targets.setItem(row, 0, QTableWidgetItem(f"{scope}: {target.name}"))
            for column, text in ((1, format_rupiah(target.collected)), (2, format_rupiah(target.target)),
                                 (3, f"{target.percent} %")):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.targets.setItem(row, column, item)

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
