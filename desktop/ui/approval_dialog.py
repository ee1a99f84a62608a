"""The kepala kantor decides a proposal: approve it (money leaves the fund) or reject it.

Before deciding, the head sees every earlier aid to the same NIK or KK within the configured
period, here or (through the district index) at another office: where, when and what. Approving
despite such warnings needs a written reason, which is stored with the warnings seen; rejecting
always needs one. The service enforces both, so its refusal is shown here in its own words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
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
from desktop.ui.aid_labels import DISTRIBUTIONS, distribution_status_label
from desktop.ui.aid_widgets import fit_height
from desktop.ui.errors import error_text
from desktop.ui.ops import Op
from desktop.ui.widgets import error_label, ok_cancel_row

if TYPE_CHECKING:
    from desktop.services.distributions import Distribution
    from desktop.services.duplicate_aid import AidWarning
    from desktop.ui.session import UiSession

APPROVE = "approve"
REJECT = "reject"


def warning_where(w: AidWarning) -> str:
    if w.source == "kantor_ini":
        return QCoreApplication.translate("aid_warnings", "Kantor ini")
    return QCoreApplication.translate("aid_warnings", "Kantor {office} (data kabupaten)").format(
        office=w.office_code)


def warning_what(w: AidWarning) -> str:
    what = " / ".join(x for x in (w.fund, w.program) if x) or QCoreApplication.translate("aid_warnings", "bantuan")
    if w.value:
        what += " · " + format_rupiah(w.value)
    if w.number:
        what += f" · {w.number} ({distribution_status_label(w.status or '')})"
    return what


def warning_who(w: AidWarning) -> str:
    if w.identity:
        return f"{w.matched_on} {w.identity}"
    return w.recipient or QCoreApplication.translate("aid_warnings", "penerima ini")


def warning_line(w: AidWarning) -> str:
    """One sentence: who, when, where, what (for the proposal form's banner)."""
    text = QCoreApplication.translate("aid_warnings", "{who} sudah menerima bantuan pada {date} ({where}): {what}")
    return text.format(who=warning_who(w), date=dmy(w.aid_date), where=warning_where(w), what=warning_what(w))


def dmy(iso_day: str) -> str:
    """2026-11-26 -> 26-11-2026, the way dates are written everywhere else on screen."""
    parts = iso_day[:10].split("-")
    return "-".join(reversed(parts)) if len(parts) == 3 else iso_day


def warnings_table(warnings: list[AidWarning]) -> QTableWidget:
    """Where, when, who matched and what: one row per earlier aid."""
    table = QTableWidget(len(warnings), 4)
    table.setObjectName("aidWarnings")
    table.setHorizontalHeaderLabels([
        QCoreApplication.translate("aid_warnings", "Tanggal"), QCoreApplication.translate("aid_warnings", "Di mana"),
        QCoreApplication.translate("aid_warnings", "Cocok pada"), QCoreApplication.translate("aid_warnings", "Bantuan"),
    ])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    fill_warnings(table, warnings)
    return table


def fill_warnings(table: QTableWidget, warnings: list[AidWarning]) -> None:
    table.setRowCount(len(warnings))
    for row, w in enumerate(warnings):
        for column, text in enumerate((dmy(w.aid_date), warning_where(w), warning_who(w), warning_what(w))):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(row, column, item)
    table.resizeRowsToContents()


class ApprovalDialog(QDialog):
    """Approve or reject one proposal; emits ``decided(distribution)`` after the service saved it."""

    decided = Signal(object)  # Distribution

    def __init__(self, session: UiSession, distribution: Distribution, summary: list[tuple[str, str]],
                 mode: str = APPROVE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._distribution = distribution
        self._mode = mode
        self.warnings: list[AidWarning] = []
        approving = mode == APPROVE
        self.setWindowTitle(self.tr("Setujui Penyaluran") if approving else self.tr("Tolak Penyaluran"))
        self.setMinimumWidth(640)
        facts = QFormLayout()
        for label, value in summary:
            value_label = QLabel(value)
            value_label.setWordWrap(True)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(label, value_label)
        self.warning_title = QLabel(self.tr("Memeriksa bantuan ganda…"))
        self.warning_title.setObjectName("warningTitle")
        self.warning_title.setWordWrap(True)
        self.table = warnings_table([])
        self.table.setVisible(False)
        self.table.setMinimumHeight(110)
        self.reason_label = QLabel()
        self.reason = QLineEdit()
        self.reason.setObjectName("decisionReason")
        self.reason.setMaxLength(300)
        self.reason_label.setBuddy(self.reason)
        self.message = error_label("approvalMessage")
        ok_text = self.tr("&Setujui") if approving else self.tr("&Tolak pengajuan")
        buttons, self.ok_button, cancel = ok_cancel_row(ok_text, self.tr("&Batal"))
        self.ok_button.setObjectName("decideButton")
        self.ok_button.setEnabled(False)  # until the warnings are known: the head must see them first
        layout = QVBoxLayout(self)
        layout.addLayout(facts)
        layout.addWidget(self.warning_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.submit)
        self._show_reason_label()
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        self._load_warnings()

    def _load_warnings(self) -> None:
        ctx, distribution_id = self._session.ctx, self._distribution.id

        def work() -> list[AidWarning]:
            from desktop.services.duplicate_aid import duplicate_aid_warnings

            return duplicate_aid_warnings(ctx, distribution_id)

        Op(self, work).success(self._show_warnings).failure(
            lambda exc: self.warning_title.setText(error_text(exc))).run()

    def _show_warnings(self, warnings: list[AidWarning]) -> None:
        self.warnings = list(warnings)
        if warnings:
            self.warning_title.setText(self.tr(
                "Peringatan bantuan ganda: NIK/KK penerima ini sudah menerima bantuan {count} kali dalam "
                "periode pemeriksaan.").format(count=len(warnings)))
            self.warning_title.setStyleSheet("color:#8a4b00;font-weight:bold;")
            fill_warnings(self.table, warnings)
            self.table.setVisible(True)
            fit_height(self)
        else:
            self.warning_title.setText(self.tr("Tidak ada bantuan lain untuk NIK/KK penerima ini dalam periode "
                                               "pemeriksaan."))
            self.warning_title.setStyleSheet("color:#1e4620;")
        self._show_reason_label()
        self.ok_button.setEnabled(True)

    def _show_reason_label(self) -> None:
        if self._mode == REJECT:
            text = self.tr("&Alasan penolakan (wajib):")
        elif self.warnings:
            text = self.tr("&Alasan tetap menyetujui (wajib karena ada peringatan):")
        else:
            text = self.tr("&Catatan (boleh kosong):")
        self.reason_label.setText(text)

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        ctx, distribution_id, reason = self._session.ctx, self._distribution.id, self.reason.text()
        approving = self._mode == APPROVE
        self.message.clear()
        self.ok_button.setEnabled(False)

        def work() -> Distribution:
            from desktop.services.distributions import approve_distribution, reject_distribution

            if approving:
                return approve_distribution(ctx, distribution_id, reason or None)
            return reject_distribution(ctx, distribution_id, reason)

        (Op(self, work)
         .success(self._on_decided)
         .failure(self._on_refused)
         .finally_(lambda: self.ok_button.setEnabled(True))
         .run(changes={DISTRIBUTIONS}))

    def _on_refused(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))
        fit_height(self)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_decided(self, distribution: Distribution) -> None:
        self.decided.emit(distribution)
        self.accept()
