"""Setoran lembaga: the collective hand-overs already recorded, on the Kwitansi page's second tab.

Why here: once the hand-over dialog is closed, a clerk who needs the collective receipt again (the
treasurer lost it) or the kepala who must undo a hand-over entered wrongly goes where receipts are
reprinted and voided. Cetak ulang gives the collective receipt (and, when ticked, every payer's
receipt) as a SALINAN once any output succeeded; Batalkan setoran voids every still-active payer
receipt in one transaction (``void_collective``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_rupiah
from desktop.core.roles import can_void
from desktop.ui import ops
from desktop.ui.ops import Op
from desktop.ui.table_model import RowsTableModel
from desktop.ui.void_dialog import VoidDialog
from desktop.ui.widgets import Notice, record_table, save_file_dialog

if TYPE_CHECKING:
    from desktop.services.collective import CollectiveSummary, VoidedCollective
    from desktop.ui.collective_delivery import BatchDelivery
    from desktop.ui.session import UiSession

_Index = QModelIndex | QPersistentModelIndex
LIMIT = 500


class CollectiveTableModel(RowsTableModel["CollectiveSummary"]):
    NUMBER, DATE, INSTITUTION, PERIOD, PAYERS, TOTAL, STATUS = range(7)

    def __init__(self, session: UiSession) -> None:
        super().__init__([
            self.tr("Nomor"), self.tr("Tanggal"), self.tr("Lembaga"), self.tr("Periode"), self.tr("Pembayar"),
            self.tr("Total"), self.tr("Status"),
        ])
        self._session = session

    def collective(self, row: int) -> CollectiveSummary:
        return self._rows[row]

    def row_of(self, collective_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == collective_id), None)

    def status_text(self, row: CollectiveSummary) -> str:
        from desktop.services.collective import STATUS_ACTIVE, STATUS_VOID

        if row.status == STATUS_ACTIVE:
            return self.tr("Aktif")
        if row.status == STATUS_VOID:
            return self.tr("Batal")
        return self.tr("Sebagian batal ({voided} dari {count})").format(
            voided=row.payer_count - row.active_count, count=row.payer_count)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.PAYERS, self.TOTAL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS and row.status != "aktif":
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.INSTITUTION:
            return row.institution_name  # elided in a narrow window
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TOTAL and row.active_total != row.total:
            return self.tr("Diserahkan {total}; kuitansi yang masih aktif {active}.").format(
                total=format_rupiah(row.total), active=format_rupiah(row.active_total))
        return None

    def _text(self, row: CollectiveSummary, column: int) -> str:
        from desktop.services.collective_receipts import period_text
        from desktop.services.context import parse_iso_utc

        if column == self.NUMBER:
            return row.number
        if column == self.DATE:
            # the day is enough to find a monthly hand-over; the room goes to the institution's name
            return self._session.ctx.local(parse_iso_utc(row.recorded_at)).strftime("%d-%m-%Y")
        if column == self.INSTITUTION:
            return row.institution_name
        if column == self.PERIOD:
            return period_text(row.period)
        if column == self.PAYERS:
            return str(row.payer_count)
        if column == self.TOTAL:
            return format_rupiah(row.total)
        return self.status_text(row)


class CollectivesSection(QWidget):
    """The list of hand-overs with Cetak ulang, Simpan PDF and Batalkan setoran."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._serial = 0
        self._keep_id: str | None = None
        self._loaded = False
        self.void_dialog: VoidDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.last_delivery: BatchDelivery | None = None

        self.notice = Notice()
        self.notice.setObjectName("collectivesNotice")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari nomor setoran atau nama lembaga…"))
        self.model = CollectiveTableModel(session)
        self.table = record_table(self.model, stretch=CollectiveTableModel.INSTITUTION)
        self.count_label = QLabel()
        self.with_payers = QCheckBox(self.tr("Sertakan kuitansi &pembayar"))
        self.with_payers.setToolTip(self.tr("Selain kwitansi kolektif, cetak/simpan juga kuitansi setiap pembayar "
                                            "(satu berkas)."))
        self.print_button = QPushButton(self.tr("&Cetak ulang (Ctrl+P)"))
        self.pdf_button = QPushButton(self.tr("Simpan P&DF…"))
        self.void_button = QPushButton(self.tr("Batal&kan setoran…"))
        if not can_void(session.role):
            self.void_button.setToolTip(self.tr("Hanya Kepala Kantor atau Admin yang dapat membatalkan."))

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        actions = QHBoxLayout()
        actions.addWidget(self.with_payers)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.void_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.print_button.clicked.connect(self.reprint)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.void_button.clicked.connect(self.void)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.reprint)
        ops.change_bus().changed.connect(self._on_changed)
        self._update_buttons()

    def _on_changed(self, kinds: set[str]) -> None:
        if self._loaded and kinds & {ops.DONATIONS, ops.RECEIPTS, ops.SETTINGS}:
            self.refresh()

    def ensure_loaded(self) -> None:
        """First look at the tab: load the list (not before, to keep the Kwitansi page quick to open)."""
        if not self._loaded:
            self.refresh()

    # --- list -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._loaded = True
        ctx = self._session.ctx
        text = self.search.text().strip().casefold()
        self._serial += 1
        serial = self._serial
        current = self.selected()
        if current is not None and self._keep_id is None:
            self._keep_id = current.id

        def work() -> list[CollectiveSummary]:
            from desktop.services.collective import list_collectives

            rows = list_collectives(ctx, limit=LIMIT)
            return [r for r in rows if text in r.number.casefold() or text in r.institution_name.casefold()]

        Op(self, work).success(lambda rows: self._show(serial, rows)).run()

    def _show(self, serial: int, rows: list[CollectiveSummary]) -> None:
        if serial != self._serial:
            return
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{count} setoran lembaga").format(count=len(rows)))
        keep, self._keep_id = self._keep_id, None
        row = self.model.row_of(keep) if keep else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> CollectiveSummary | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.collective(indexes[0].row()) if indexes else None

    def _update_buttons(self) -> None:
        current = self.selected()
        self.print_button.setEnabled(current is not None)
        self.pdf_button.setEnabled(current is not None)
        self.void_button.setEnabled(current is not None and current.active_count > 0)

    # --- output -----------------------------------------------------------------------------
    def reprint(self) -> None:
        current = self.selected()
        if current is not None:
            self._deliver(current, None)

    def save_pdf(self) -> None:
        current = self.selected()
        if current is None:
            return
        from desktop.ui.collective_delivery import collective_pdf_names

        suggested = self._session.receipts_dir / collective_pdf_names(current.number, copy=True)[0]
        self.file_dialog = save_file_dialog(self, self.tr("Simpan kwitansi kolektif sebagai PDF"), suggested,
                                            self.tr("Berkas PDF (*.pdf)"), "pdf",
                                            lambda path: self._deliver(current, path))

    def _deliver(self, current: CollectiveSummary, out: Path | None) -> None:
        ctx, settings, folder = self._session.ctx, self._session.settings, self._session.receipts_dir
        collective_id, payers = current.id, self.with_payers.isChecked()
        self._keep_id = collective_id
        self.notice.show_message(self.tr("Memproses setoran {number}…").format(number=current.number), "ok")

        def work() -> BatchDelivery:
            from desktop.ui.collective_delivery import deliver_collective

            return deliver_collective(ctx, settings, collective_id, folder=folder, payers=payers, out=out)

        (Op(self, work)
         .success(lambda delivery: self._delivered(current.number, delivery))
         .failure(self._failed)
         .run(changes={ops.PRINTS}))

    def _delivered(self, number: str, delivery: BatchDelivery) -> None:
        from desktop.ui.collective_delivery import batch_delivery_message

        self.last_delivery = delivery
        self.notice.show_message(*batch_delivery_message(number, delivery))

    def _failed(self, exc: Exception) -> None:
        from desktop.ui.errors import show_error

        self.notice.hide()
        show_error(self, exc)

    # --- void -------------------------------------------------------------------------------
    def void(self) -> None:
        current = self.selected()
        if current is None:
            return
        if not can_void(self._session.role):
            self._run_void(current, "")  # the service decides and words the refusal
            return
        explanation = self.tr(
            "Setoran {number} dari {institution} akan dibatalkan: {count} kuitansi pembayar yang masih aktif "
            "({amount}) dibatalkan sekaligus. Nomornya tetap tercatat dan tidak dipakai ulang. "
            "Tulis alasan pembatalan:").format(
            number=current.number, institution=current.institution_name, count=current.active_count,
            amount=format_rupiah(current.active_total))
        self.void_dialog = VoidDialog(current.number, self, title=self.tr("Batalkan Setoran Lembaga"),
                                      explanation=explanation, button=self.tr("&Batalkan setoran"))
        self.void_dialog.accepted.connect(lambda: self._run_void(current, self._void_reason()))
        self.void_dialog.open()

    def _void_reason(self) -> str:
        return self.void_dialog.reason.text() if self.void_dialog is not None else ""

    def _run_void(self, current: CollectiveSummary, reason: str) -> None:
        ctx = self._session.ctx
        self._keep_id = current.id

        def work() -> VoidedCollective:
            from desktop.services.collective import void_collective

            return void_collective(ctx, current.id, reason)

        (Op(self, work)
         .success(self._voided)
         .failure(self._failed)
         .run(changes={ops.RECEIPTS, ops.DONATIONS}))

    def _voided(self, done: VoidedCollective) -> None:
        text = self.tr("Setoran {number} dibatalkan: {count} kuitansi pembayar ({amount}).").format(
            number=done.number, count=len(done.receipts), amount=format_rupiah(done.amount))
        if done.late:
            text += " " + self.tr(
                "{count} di antaranya dari hari yang kasnya sudah ditutup ({days}): dicatat sebagai penyesuaian "
                "pada tutup kas berikutnya, angka tutup kas itu tidak berubah.").format(
                count=len(done.late), days=", ".join(done.late_days))
        self.notice.show_message(text, "warn")
