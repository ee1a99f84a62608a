"""Kwitansi: find a receipt by number or donor and date; reprint (SALINAN), save as PDF, void.

A print that failed after saving shows "Gagal cetak" here; Cetak Ulang retries it (as the
original when no output ever succeeded, as a SALINAN otherwise). The second tab, Setoran lembaga,
lists the collective hand-overs (``collectives_section``): reprint, PDF, void a whole hand-over.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.roles import can_void
from desktop.ui import ops
from desktop.ui.delivery import Delivery, deliver_receipt, delivery_message, pdf_filename
from desktop.ui.ops import Op
from desktop.ui.pages.collectives_section import CollectivesSection
from desktop.ui.receipt_model import ReceiptTableModel
from desktop.ui.void_dialog import VoidDialog
from desktop.ui.widgets import Notice, record_table, save_file_dialog

if TYPE_CHECKING:
    from desktop.services.receipts import ReceiptRow
    from desktop.ui.session import UiSession

DEFAULT_DAYS_BACK = 30


class ReceiptsPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._serial = 0
        self._keep_number: str | None = None
        self.void_dialog: VoidDialog | None = None
        self.file_dialog: QFileDialog | None = None

        self.notice = Notice()
        self.notice.setObjectName("receiptsNotice")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari nomor kuitansi atau nama donatur…"))
        ctx = session.ctx
        today = ctx.local(ctx.now()).date()  # the office's day, not this PC's time zone
        self.day_from = self._date_edit(today - timedelta(days=DEFAULT_DAYS_BACK))
        self.day_to = self._date_edit(today)
        from_label = QLabel(self.tr("&Dari:"))
        from_label.setBuddy(self.day_from)
        to_label = QLabel(self.tr("&Sampai:"))
        to_label.setBuddy(self.day_to)

        self.model = ReceiptTableModel()
        self.table = record_table(self.model, stretch=ReceiptTableModel.DONOR)
        self.count_label = QLabel()

        self.print_button = QPushButton(self.tr("&Cetak Ulang (Ctrl+P)"))
        self.pdf_button = QPushButton(self.tr("Simpan P&DF…"))
        self.void_button = QPushButton(self.tr("Batal&kan…"))
        if not can_void(session.role):
            self.void_button.setToolTip(self.tr("Hanya Kepala Kantor atau Admin yang dapat membatalkan."))

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(from_label)
        filters.addWidget(self.day_from)
        filters.addWidget(to_label)
        filters.addWidget(self.day_to)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.void_button)
        self.receipts_tab = QWidget()
        receipts_layout = QVBoxLayout(self.receipts_tab)
        receipts_layout.setContentsMargins(0, 0, 0, 0)
        receipts_layout.addWidget(self.notice)
        receipts_layout.addLayout(filters)
        receipts_layout.addWidget(self.table, 1)
        receipts_layout.addLayout(actions)
        self.collectives = CollectivesSection(session)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.receipts_tab, self.tr("Kuitansi per&orangan"))
        self.tabs.addTab(self.collectives, self.tr("Setoran &lembaga"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.day_from.dateChanged.connect(lambda _d: self._timer.start())
        self.day_to.dateChanged.connect(lambda _d: self._timer.start())
        self.print_button.clicked.connect(self.reprint)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.void_button.clicked.connect(self.void)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        shortcut = QShortcut(QKeySequence("Ctrl+P"), self.receipts_tab)  # the other tab has its own Ctrl+P
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.reprint)
        ops.change_bus().changed.connect(self._on_changed)
        self._update_buttons()

    def show_collectives(self) -> None:
        """Open the Setoran lembaga tab (loads its list the first time)."""
        self.tabs.setCurrentWidget(self.collectives)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.collectives:
            self.collectives.ensure_loaded()
            self.collectives.table.setFocus()

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd-MM-yyyy")
        return edit

    def _on_changed(self, kinds: set[str]) -> None:
        if kinds & {ops.DONATIONS, ops.RECEIPTS, ops.PRINTS, ops.SETTINGS}:
            self.refresh()

    # --- list -------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx = self._session.ctx
        text = self.search.text()
        day_from = self.day_from.date().toPython()
        day_to = self.day_to.date().toPython()
        self._serial += 1
        serial = self._serial
        current = self.selected()
        if current is not None and self._keep_number is None:
            self._keep_number = current.number

        def work() -> list[ReceiptRow]:
            from desktop.services.receipts import list_receipts

            return list_receipts(ctx, text, day_from, day_to, limit=500)  # type: ignore[arg-type]

        Op(self, work).success(lambda rows: self._show(serial, rows)).run()

    def _show(self, serial: int, rows: list[ReceiptRow]) -> None:
        if serial != self._serial:
            return
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{count} kuitansi").format(count=len(rows)))
        keep = self._keep_number
        self._keep_number = None
        row = self.model.row_of(keep) if keep else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> ReceiptRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.receipt(indexes[0].row()) if indexes else None

    def select_number(self, number: str) -> bool:
        row = self.model.row_of(number)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def _update_buttons(self) -> None:
        current = self.selected()
        self.print_button.setEnabled(current is not None)
        self.pdf_button.setEnabled(current is not None)
        self.void_button.setEnabled(current is not None and current.status == "aktif")

    # --- actions ----------------------------------------------------------------------------
    def reprint(self) -> None:
        current = self.selected()
        if current is not None:
            self._deliver(current.number, None)

    def save_pdf(self) -> None:
        current = self.selected()
        if current is None:
            return
        number = current.number
        suggested = self._session.receipts_dir / pdf_filename(number, copy=True)
        self.file_dialog = save_file_dialog(self, self.tr("Simpan kuitansi sebagai PDF"), suggested,
                                            self.tr("Berkas PDF (*.pdf)"), "pdf",
                                            lambda path: self._deliver(number, path))

    def _deliver(self, number: str, out: Path | None) -> None:
        ctx, settings, folder = self._session.ctx, self._session.settings, self._session.receipts_dir
        self._keep_number = number
        self.notice.show_message(self.tr("Memproses kuitansi {number}…").format(number=number), "ok")

        def work() -> Delivery:
            return deliver_receipt(ctx, settings, number, folder=folder, out=out)

        (Op(self, work)
         .success(self._delivered)
         .failure(self._failed)
         .run(changes={ops.PRINTS}))

    def _delivered(self, delivery: Delivery) -> None:
        text, kind = delivery_message(delivery)
        self.notice.show_message(text, kind)

    def _failed(self, exc: Exception) -> None:
        from desktop.ui.errors import show_error

        self.notice.hide()
        show_error(self, exc)

    def void(self) -> None:
        current = self.selected()
        if current is None:
            return
        number = current.number
        if not can_void(self._session.role):
            # The service decides and words the refusal; no reason is asked for in vain.
            self._run_void(number, "")
            return
        self.void_dialog = VoidDialog(number, self)
        self.void_dialog.accepted.connect(lambda: self._run_void(number, self._void_reason()))
        self.void_dialog.open()

    def _void_reason(self) -> str:
        return self.void_dialog.reason.text() if self.void_dialog is not None else ""

    def _run_void(self, number: str, reason: str) -> None:
        ctx = self._session.ctx
        self._keep_number = number

        def work() -> str | None:
            from desktop.services.donations import void_donation

            return void_donation(ctx, number, reason)

        def done(closed_day: str | None) -> None:
            text = self.tr("Kuitansi {number} dibatalkan.").format(number=number)
            if closed_day is not None:  # a late void: the closing of that day keeps its figures
                text += " " + self.tr(
                    "Kas tanggal {day} sudah ditutup: pembatalan ini dicatat sebagai penyesuaian pada tutup kas "
                    "berikutnya, angka tutup kas {day} tidak berubah.").format(day=closed_day)
            self.notice.show_message(text, "warn")

        (Op(self, work)
         .success(done)
         .failure(self._failed)
         .run(changes={ops.RECEIPTS, ops.DONATIONS}))
