"""Proposing aid (penyaluran): who receives it, from which fund and program, cash or goods.

The fund list shows what each fund can still give (balance less open proposals), so an
overdraft is visible before it is refused. Earlier aid to the chosen recipient's NIK/KK is shown
as soon as the recipient is picked: the clerk can stop before proposing twice. The service has
the last word (zakat only to the 8 asnaf, no fund below zero); its refusal appears under the form,
nothing is saved and the form keeps what was typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.aid import DistributionKind, FundBalance
from desktop.core.money import format_rupiah
from desktop.ui.aid_labels import DISTRIBUTIONS
from desktop.ui.aid_widgets import fit_height, save_shortcuts
from desktop.ui.approval_dialog import warning_line
from desktop.ui.beneficiary_picker import BeneficiaryPicker
from desktop.ui.errors import UiMessage, error_text
from desktop.ui.ops import Op
from desktop.ui.widgets import AmountEdit, EnterMovesOn, Notice, enter_moves_on, error_label, ok_cancel_row

if TYPE_CHECKING:
    from desktop.services.beneficiaries import Beneficiary
    from desktop.services.catalogue import FundChoice, ProgramChoice
    from desktop.services.distributions import DistributionInput, Proposal
    from desktop.services.duplicate_aid import AidWarning
    from desktop.ui.session import UiSession

UNITS = ("kg", "paket", "unit", "buah", "karung", "liter", "set")
SHOWN_WARNINGS = 4


class DistributionDialog(QDialog):
    """Emits ``proposed(proposal)`` once the proposal is saved (status diajukan)."""

    proposed = Signal(object)  # Proposal

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._warn_serial = 0
        self.setWindowTitle(self.tr("Ajukan Penyaluran"))
        self.setMinimumWidth(600)
        self.picker = BeneficiaryPicker(session, placeholder=self.tr("Ketik nama, NIK, atau nama kelompok penerima"))
        self.warnings = Notice()
        self.warnings.setObjectName("proposalWarnings")
        self.fund = QComboBox()
        self.fund.setObjectName("fundCombo")
        self.program = QComboBox()
        self.program.setObjectName("programCombo")
        self.cash = QRadioButton(self.tr("Uang &tunai"))
        self.goods = QRadioButton(self.tr("Ba&rang"))
        self.cash.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.cash)
        kinds.addButton(self.goods)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.cash)
        kind_row.addWidget(self.goods)
        kind_row.addStretch(1)
        self.amount = AmountEdit()
        self.amount.setObjectName("cashAmount")
        self.item = QLineEdit()
        self.item.setMaxLength(120)
        self.item.setPlaceholderText(self.tr("mis. beras, mesin jahit, paket sekolah"))
        self.quantity = QLineEdit()
        self.quantity.setMaxLength(12)
        self.quantity.setPlaceholderText(self.tr("mis. 10 atau 2,5"))
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(UNITS)
        self.unit.setCurrentText("")
        self.value = AmountEdit()
        self.value.setObjectName("goodsValue")
        self.note = QLineEdit()
        self.note.setMaxLength(300)

        self.form = QFormLayout()
        self.form.addRow(self.tr("&Penerima:"), self.picker)
        self.form.addRow("", self.warnings)
        self.form.addRow(self.tr("&Dana:"), self.fund)
        self.form.addRow(self.tr("Pro&gram:"), self.program)
        self.form.addRow(self.tr("Bentuk:"), kind_row)
        self.form.addRow(self.tr("&Jumlah uang (Rp):"), self.amount)
        self.form.addRow(self.tr("Nama &barang:"), self.item)
        self.form.addRow(self.tr("Ban&yaknya:"), self.quantity)
        self.form.addRow(self.tr("Sat&uan:"), self.unit)
        self.form.addRow(self.tr("Taksiran &nilai (Rp):"), self.value)
        self.form.addRow(self.tr("&Keterangan:"), self.note)
        self.message = error_label("distributionMessage")
        buttons, self.save_button, cancel = ok_cancel_row(self.tr("&Ajukan (Ctrl+S)"), self.tr("Bata&l"))
        self.save_button.setObjectName("proposeButton")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._enter = EnterMovesOn(self)
        enter_moves_on(self, self._enter)
        self.picker.search.removeEventFilter(self._enter)  # Enter there picks from the list
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.submit)
        save_shortcuts(self, self.submit)
        self.cash.toggled.connect(lambda _c: self._show_kind())
        self.picker.chosen.connect(self._on_recipient)
        self._show_kind()
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)
        self._load_choices()

    # --- choices ----------------------------------------------------------------------------
    def _load_choices(self) -> None:
        ctx = self._session.ctx

        def work() -> tuple[list[FundChoice], list[ProgramChoice], list[FundBalance]]:
            from desktop.services.balances import fund_balances
            from desktop.services.catalogue import list_funds, list_programs

            return list_funds(ctx), list_programs(ctx), fund_balances(ctx)

        Op(self, work).success(lambda result: self._fill_choices(*result)).run()

    def _fill_choices(self, funds: list[FundChoice], programs: list[ProgramChoice],
                      balances: list[FundBalance]) -> None:
        available = {b.fund_code: b.available for b in balances}
        self.fund.clear()
        self.fund.addItem(self.tr("— pilih dana —"), None)
        for fund in funds:
            self.fund.addItem(self.tr("{fund} — tersedia {amount}").format(
                fund=fund.name, amount=format_rupiah(max(available.get(fund.code, 0), 0))), fund.code)
        self.program.clear()
        self.program.addItem(self.tr("— pilih program —"), None)
        for program in programs:
            self.program.addItem(program.name, program.code)

    def _show_kind(self) -> None:
        goods = self.goods.isChecked()
        self.form.setRowVisible(self.amount, not goods)
        for field in (self.item, self.quantity, self.unit, self.value):
            self.form.setRowVisible(field, goods)
        if self.isVisible():
            self.adjustSize()  # no empty gap where the hidden rows were

    def _on_recipient(self, recipient: Beneficiary | None) -> None:
        self._warn_serial += 1
        self.warnings.hide()
        if recipient is None:
            return
        serial, ctx = self._warn_serial, self._session.ctx

        def work() -> list[AidWarning]:
            from desktop.services.duplicate_aid import beneficiary_aid_warnings

            return beneficiary_aid_warnings(ctx, recipient.id)

        Op(self, work).success(lambda found: self._show_warnings(serial, found)).run()
        self.fund.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_warnings(self, serial: int, found: list[AidWarning]) -> None:
        if serial != self._warn_serial or not found:
            return
        lines = [warning_line(w) for w in found[:SHOWN_WARNINGS]]
        if len(found) > SHOWN_WARNINGS:
            lines.append(self.tr("… dan {count} lainnya.").format(count=len(found) - SHOWN_WARNINGS))
        self.warnings.show_message(self.tr("Peringatan bantuan ganda:") + "\n" + "\n".join(lines), "warn")
        fit_height(self)

    # --- saving -----------------------------------------------------------------------------
    def distribution_input(self) -> DistributionInput:
        """What the clerk entered; UiMessage for what the form itself can tell is missing."""
        from desktop.services.distributions import DistributionInput

        recipient = self.picker.require()
        if self.fund.currentData() is None:
            raise UiMessage(self.tr("Pilih dana sumber bantuan."))
        if self.program.currentData() is None:
            raise UiMessage(self.tr("Pilih program penyaluran."))
        goods = self.goods.isChecked()
        amount = (self.value if goods else self.amount).amount()
        if amount is None:
            raise UiMessage(self.tr("Isi taksiran nilai barang dalam rupiah.") if goods
                            else self.tr("Isi jumlah uang yang disalurkan."))
        return DistributionInput(
            beneficiary_id=recipient.id, fund_code=self.fund.currentData(), program_code=self.program.currentData(),
            kind=(DistributionKind.IN_KIND if goods else DistributionKind.CASH).value, amount=amount,
            item=self.item.text() if goods else None, quantity=self.quantity.text() if goods else None,
            unit=self.unit.currentText() if goods else None, note=self.note.text() or None,
        )

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.message.clear()
        try:
            data = self.distribution_input()
        except (UiMessage, ValueError) as exc:  # ValueError: an amount that is not rupiah
            self._refused(exc)
            return
        ctx = self._session.ctx
        self.save_button.setEnabled(False)

        def work() -> Proposal:
            from desktop.services.distributions import propose_distribution

            return propose_distribution(ctx, data)

        (Op(self, work)
         .success(self._on_proposed)
         .failure(self._refused)
         .finally_(lambda: self.save_button.setEnabled(True))
         .run(changes={DISTRIBUTIONS}))

    def _refused(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))
        fit_height(self)

    def _on_proposed(self, proposal: Proposal) -> None:
        self.proposed.emit(proposal)
        self.accept()
