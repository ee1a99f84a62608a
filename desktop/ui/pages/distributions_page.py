"""Penyaluran: aid proposals and decisions, the tanda terima, and what each fund still holds.

A clerk proposes (Ajukan penyaluran); the kepala kantor approves or rejects, seeing duplicate-aid
warnings first; an approved aid gets its tanda terima printed (or saved as a PDF when there is no
printer), to be signed or thumb-printed by the recipient. The fund balances below the list follow
every change through the app-wide change bus.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.aid import DistributionKind, DistributionStatus
from desktop.core.money import format_rupiah
from desktop.core.roles import Role
from desktop.ui import ops
from desktop.ui.aid_labels import BENEFICIARIES, DISTRIBUTIONS, aid_kind_label, distribution_status_label
from desktop.ui.aid_widgets import ColumnFitter
from desktop.ui.approval_dialog import APPROVE, REJECT, ApprovalDialog
from desktop.ui.balances_widget import BalancesWidget
from desktop.ui.distribution_dialog import DistributionDialog
from desktop.ui.handover_output import HandoverOutput, deliver_handover, handover_message
from desktop.ui.ops import Op
from desktop.ui.table_model import RowsTableModel
from desktop.ui.widgets import Notice, record_table, save_file_dialog

if TYPE_CHECKING:
    from desktop.services.distributions import Distribution, Proposal
    from desktop.ui.session import UiSession

LIST_LIMIT = 500
# = desktop.services.distributions.APPROVER_ROLES; not imported from there because that module (and
# ReportLab behind it) would load on the GUI thread while the main window is built, delaying its paint.
APPROVER_ROLES = (Role.KEPALA,)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class DistributionRow:
    """One distribution as the list shows it (names resolved, time in the office's zone)."""

    item: Distribution
    proposed_on: str  # DD-MM-YYYY
    fund_name: str
    program_name: str

    @property
    def what(self) -> str:
        d = self.item
        if d.kind == DistributionKind.IN_KIND:
            return f"{d.quantity or ''} {d.unit or ''} {d.item or ''}".strip()
        return aid_kind_label(d.kind)


class DistributionTableModel(RowsTableModel["DistributionRow"]):
    NUMBER, DATE, RECIPIENT, FUND, PROGRAM, WHAT, VALUE, STATUS = range(8)

    def __init__(self) -> None:
        super().__init__([self.tr("Nomor"), self.tr("Tanggal"), self.tr("Penerima"), self.tr("Dana"),
                         self.tr("Program"), self.tr("Bentuk"), self.tr("Nilai"), self.tr("Status")])

    def row(self, index: int) -> DistributionRow:
        return self._rows[index]

    def row_of(self, distribution_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.item.id == distribution_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            colour = {DistributionStatus.PROPOSED: "#8a4b00", DistributionStatus.REJECTED: "#b00020"}.get(
                DistributionStatus(row.item.status))
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole:  # narrow columns are elided: the tip has it all
            d = row.item
            tip = [self._text(row, column), *(t for t in (d.note, d.decision_reason) if t)]
            return "\n".join(tip)
        return None

    def _text(self, row: DistributionRow, column: int) -> str:
        d = row.item
        values = {
            self.NUMBER: d.number, self.DATE: row.proposed_on, self.RECIPIENT: d.recipient_name,
            self.FUND: row.fund_name, self.PROGRAM: row.program_name, self.WHAT: row.what,
            self.VALUE: format_rupiah(d.amount), self.STATUS: distribution_status_label(d.status),
        }
        return values[column]


class DistributionsPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._serial = 0
        self._stale = True
        self._keep_id: str | None = None
        self.dialog: DistributionDialog | ApprovalDialog | None = None
        self.file_dialog: QFileDialog | None = None
        # The service enforces who decides; this only disables what would be refused.
        self.may_decide = session.role in APPROVER_ROLES

        self.notice = Notice()
        self.notice.setObjectName("distributionsNotice")
        self.filter = QComboBox()
        self.filter.addItem(self.tr("Semua"), None)
        for status in DistributionStatus:
            self.filter.addItem(distribution_status_label(status.value), status.value)
        filter_label = QLabel(self.tr("&Tampilkan:"))
        filter_label.setBuddy(self.filter)
        self.count_label = QLabel()
        self.count_label.setObjectName("distributionCount")
        self.propose_button = QPushButton(self.tr("&Ajukan penyaluran (Ctrl+N)"))
        self.model = DistributionTableModel()
        self.table = record_table(self.model, name="distributionTable")
        m = DistributionTableModel
        self._fitter = ColumnFitter(self.table, {m.RECIPIENT: (35, 100), m.WHAT: (25, 70), m.FUND: (22, 70),
                                                 m.PROGRAM: (18, 60)})
        self.approve_button = QPushButton(self.tr("&Setujui…"))
        self.reject_button = QPushButton(self.tr("T&olak…"))
        self.print_button = QPushButton(self.tr("&Cetak tanda terima (Ctrl+P)"))
        self.pdf_button = QPushButton(self.tr("Simpan P&DF…"))
        if not self.may_decide:
            tip = self.tr("Hanya Kepala Kantor yang dapat menyetujui atau menolak.")
            self.approve_button.setToolTip(tip)
            self.reject_button.setToolTip(tip)
        self.balances = BalancesWidget(session)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.propose_button)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.approve_button, self.reject_button, self.print_button, self.pdf_button):
            actions.addWidget(button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(upper)
        splitter.addWidget(self.balances)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)

        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.propose_button.clicked.connect(self.open_propose_dialog)
        self.approve_button.clicked.connect(lambda: self.open_decision(APPROVE))
        self.reject_button.clicked.connect(lambda: self.open_decision(REJECT))
        self.print_button.clicked.connect(lambda: self.print_handover())
        self.pdf_button.clicked.connect(self.ask_pdf_path)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        for keys, slot in (("Ctrl+N", self.open_propose_dialog), ("Ctrl+P", lambda: self.print_handover())):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        ops.change_bus().changed.connect(self._on_changed)
        self._update_buttons()

    # --- list -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # arrows and Alt+S work at once

    def _on_changed(self, kinds: set[str]) -> None:
        if kinds & {DISTRIBUTIONS, BENEFICIARIES, ops.SYNC}:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        self._stale = False
        ctx, status = self._session.ctx, self.filter.currentData()
        self._serial += 1
        serial = self._serial
        current = self.selected()
        if current is not None and self._keep_id is None:
            self._keep_id = current.item.id

        def work() -> tuple[list[DistributionRow], int]:
            from desktop.services.catalogue import list_funds, list_programs
            from desktop.services.context import parse_iso_utc
            from desktop.services.distributions import list_distributions

            funds = {f.code: f.name for f in list_funds(ctx)}
            programs = {p.code: p.name for p in list_programs(ctx)}
            rows = [
                DistributionRow(d, ctx.local(parse_iso_utc(d.proposed_at)).strftime("%d-%m-%Y"),
                                funds.get(d.fund_code, d.fund_code), programs.get(d.program_code, d.program_code))
                for d in list_distributions(ctx, status=status, limit=LIST_LIMIT)
            ]
            waiting = len(list_distributions(ctx, status=DistributionStatus.PROPOSED.value, limit=LIST_LIMIT))
            return rows, waiting

        Op(self, work).success(lambda result: self._show(serial, *result)).run()

    def _show(self, serial: int, rows: list[DistributionRow], waiting: int) -> None:
        if serial != self._serial:
            return
        self.model.set_rows(rows)
        text = self.tr("{count} penyaluran").format(count=len(rows))
        if waiting:
            text += " · " + (self.tr("{count} menunggu persetujuan Anda").format(count=waiting) if self.may_decide
                             else self.tr("{count} menunggu persetujuan Kepala Kantor").format(count=waiting))
        self.count_label.setText(text)
        keep, self._keep_id = self._keep_id, None
        row = self.model.row_of(keep) if keep else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> DistributionRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_number(self, number: str) -> bool:
        row = next((i for i in range(self.model.rowCount()) if self.model.row(i).item.number == number), None)
        if row is not None:
            self.table.selectRow(row)
        return row is not None

    def _update_buttons(self) -> None:
        current = self.selected()
        status = current.item.status if current else None
        pending = status == DistributionStatus.PROPOSED
        self.approve_button.setEnabled(pending and self.may_decide)
        self.reject_button.setEnabled(pending and self.may_decide)
        self.print_button.setEnabled(status == DistributionStatus.APPROVED)
        self.pdf_button.setEnabled(status == DistributionStatus.APPROVED)

    # --- propose and decide -----------------------------------------------------------------
    def open_propose_dialog(self) -> None:
        self.dialog = DistributionDialog(self._session, self)
        self.dialog.proposed.connect(self._on_proposed)
        self.dialog.open()

    def _on_proposed(self, proposal: Proposal) -> None:
        d = proposal.distribution
        self._keep_id = d.id
        text = self.tr("Pengajuan {number} untuk {name} tersimpan; menunggu persetujuan Kepala Kantor.").format(
            number=d.number, name=d.recipient_name)
        if proposal.warnings:
            text += " " + self.tr("Ada {count} peringatan bantuan ganda yang akan dilihat Kepala Kantor.").format(
                count=len(proposal.warnings))
        self.notice.show_message(text, "warn" if proposal.warnings else "ok")

    def decision_summary(self, row: DistributionRow) -> list[tuple[str, str]]:
        d = row.item
        facts = [(self.tr("Nomor:"), d.number), (self.tr("Diajukan:"), row.proposed_on),
                 (self.tr("Penerima:"), d.recipient_name),
                 (self.tr("Dana / program:"), f"{row.fund_name} / {row.program_name}"),
                 (self.tr("Bentuk:"), row.what), (self.tr("Nilai:"), format_rupiah(d.amount))]
        if d.note:
            facts.append((self.tr("Keterangan:"), d.note))
        return facts

    def open_decision(self, mode: str) -> None:
        current = self.selected()
        if current is None or current.item.status != DistributionStatus.PROPOSED:
            return
        self.dialog = ApprovalDialog(self._session, current.item, self.decision_summary(current), mode, self)
        self.dialog.decided.connect(self._on_decided)
        self.dialog.open()

    def _on_decided(self, d: Distribution) -> None:
        self._keep_id = d.id
        if d.status == DistributionStatus.APPROVED:
            self.notice.show_message(self.tr(
                "{number} disetujui. Cetak tanda terima (Ctrl+P) untuk ditandatangani penerima.").format(
                number=d.number), "ok")
        else:
            self.notice.show_message(self.tr("{number} ditolak.").format(number=d.number), "warn")

    # --- tanda terima -----------------------------------------------------------------------
    def print_handover(self, out: Path | None = None) -> None:
        current = self.selected()
        if current is None or current.item.status != DistributionStatus.APPROVED:
            return
        session, d = self._session, current.item
        self.notice.show_message(self.tr("Menyiapkan tanda terima {number}…").format(number=d.number), "ok")

        def work() -> HandoverOutput:
            return deliver_handover(session.ctx, session.settings, d.id, d.number, folder=session.receipts_dir,
                                    out=out)

        Op(self, work).success(lambda result: self.notice.show_message(*handover_message(result))).run()

    def ask_pdf_path(self) -> None:
        current = self.selected()
        if current is None:
            return
        from desktop.ui.delivery import pdf_filename

        suggested = self._session.receipts_dir / pdf_filename(current.item.number, copy=False)
        self.file_dialog = save_file_dialog(self, self.tr("Simpan tanda terima sebagai PDF"), suggested,
                                            self.tr("Berkas PDF (*.pdf)"), "pdf", self.print_handover)
