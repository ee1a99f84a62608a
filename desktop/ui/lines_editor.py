"""The donation's fund lines: fund, program, persons/days, money or rice, amount; live total.

Zakat fitrah is counted in persons (paid in money or rice) and fidyah in days; their amounts are
computed from the office rates and shown, and the service computes them again when saving, so the
screen and the receipt cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.core.funds import FundUnit
from desktop.core.money import format_grams_as_kg, format_number
from desktop.ui.widgets import AmountEdit

if TYPE_CHECKING:
    from desktop.core.funds import Rates
    from desktop.services.catalogue import FundChoice, ProgramChoice
    from desktop.services.donations import LineInput

MAX_COUNT = 10_000
MONEY, RICE = "uang", "beras"


class FundLine:
    """The widgets of one line (owned by the editor's grid) and how to read them."""

    def __init__(self, editor: LinesEditor) -> None:
        self.editor = editor
        self.fund = QComboBox()
        self.fund.addItem(QCoreApplication.translate("LinesEditor", "— pilih dana —"), "")
        for fund in editor.funds:
            self.fund.addItem(fund.name, fund.code)
        self.fund.setMinimumContentsLength(18)
        self.program = QComboBox()
        self.program.addItem(QCoreApplication.translate("LinesEditor", "(tanpa program)"), "")
        for program in editor.programs:
            self.program.addItem(program.name, program.code)
        self.count = QSpinBox()
        self.count.setRange(0, MAX_COUNT)
        self.count.setSpecialValueText("—")
        self.count.setMinimumWidth(90)
        self.medium = QComboBox()
        self.medium.addItem(QCoreApplication.translate("LinesEditor", "Uang"), MONEY)
        self.medium.addItem(QCoreApplication.translate("LinesEditor", "Beras"), RICE)
        self.amount = AmountEdit()
        self.amount.setMinimumWidth(130)
        self.amount.setPlaceholderText("0")
        self.remove = QPushButton("✕")
        self.remove.setToolTip(QCoreApplication.translate("LinesEditor", "Hapus baris (Ctrl+Del)"))
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove.setMaximumWidth(36)

        self.fund.currentIndexChanged.connect(self._on_fund)
        self.count.valueChanged.connect(lambda _v: self._recompute())
        self.medium.currentIndexChanged.connect(lambda _i: self._recompute())
        self.amount.textChanged.connect(lambda _t: editor.totals_changed.emit())
        self.remove.clicked.connect(lambda: editor.remove_line(self))
        self._on_fund()

    def widgets(self) -> list[QWidget]:
        return [self.fund, self.program, self.count, self.medium, self.amount, self.remove]

    def focus_widgets(self) -> list[QWidget]:
        """Tab stops of this line, in order."""
        return [w for w in (self.fund, self.program, self.count, self.medium, self.amount)
                if w.focusPolicy() != Qt.FocusPolicy.NoFocus]

    def contains_focus(self) -> bool:
        return any(w.hasFocus() for w in self.widgets())

    def unit(self) -> FundUnit | None:
        code = self.fund.currentData()
        for fund in self.editor.funds:
            if fund.code == code:
                return fund.unit
        return None

    def _set_editable(self, widget: QWidget, editable: bool) -> None:
        widget.setEnabled(editable)
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editable else Qt.FocusPolicy.NoFocus)

    def _on_fund(self) -> None:
        unit = self.unit()
        counted = unit in (FundUnit.FITRAH, FundUnit.FIDYAH)
        self._set_editable(self.count, counted)
        self._set_editable(self.medium, unit == FundUnit.FITRAH)
        if counted and self.count.value() == 0:
            self.count.setValue(1)
        if not counted:
            self.count.setValue(0)
            self.medium.setCurrentIndex(0)
        if not counted:
            self.count.setSuffix("")
        elif unit == FundUnit.FITRAH:
            self.count.setSuffix(QCoreApplication.translate("LinesEditor", " jiwa"))
        else:
            self.count.setSuffix(QCoreApplication.translate("LinesEditor", " hari"))
        if self.amount.isReadOnly() and not counted:
            self.amount.clear()  # the computed figure of a fitrah/fidyah line is not the clerk's
        self.amount.setReadOnly(counted)
        self.amount.setFocusPolicy(Qt.FocusPolicy.NoFocus if counted else Qt.FocusPolicy.StrongFocus)
        self._recompute()
        self.editor.rows_changed.emit()

    def _recompute(self) -> None:
        unit = self.unit()
        rates = self.editor.rates
        if unit == FundUnit.FITRAH:
            if self.medium.currentData() == RICE:
                self.amount.setText(format_grams_as_kg(self.count.value() * rates.fitrah_rice_grams_per_person))
            else:
                self.amount.setText(format_number(self.count.value() * rates.fitrah_money_per_person))
        elif unit == FundUnit.FIDYAH:
            self.amount.setText(format_number(self.count.value() * rates.fidyah_per_day))
        self.editor.totals_changed.emit()

    def money(self) -> int:
        """Rupiah this line adds to the running total (0 while unreadable, rice or empty)."""
        unit = self.unit()
        rates = self.editor.rates
        if unit == FundUnit.FITRAH:
            return 0 if self.medium.currentData() == RICE else self.count.value() * rates.fitrah_money_per_person
        if unit == FundUnit.FIDYAH:
            return self.count.value() * rates.fidyah_per_day
        value = self.amount.amount_or_none()
        return value if value is not None and value > 0 else 0

    def is_blank(self) -> bool:
        return not self.fund.currentData() and not self.amount.text().strip()

    def to_input(self) -> LineInput:
        """The service's LineInput; raises ValidationError for an amount that is not rupiah."""
        from desktop.services.donations import LineInput

        unit = self.unit()
        program = self.program.currentData() or None
        code = self.fund.currentData() or ""
        if unit == FundUnit.FITRAH:
            return LineInput(fund_code=code, program_code=program, persons=self.count.value(),
                             rice=self.medium.currentData() == RICE)
        if unit == FundUnit.FIDYAH:
            return LineInput(fund_code=code, program_code=program, days=self.count.value())
        return LineInput(fund_code=code, program_code=program, amount=self.amount.amount())


class LinesEditor(QWidget):
    """A grid of FundLines with a header; emits when lines or totals change."""

    rows_changed = Signal()
    totals_changed = Signal()

    def __init__(self, funds: list[FundChoice], programs: list[ProgramChoice], rates: Rates,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.funds = funds
        self.programs = programs
        self.rates = rates
        self.lines: list[FundLine] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._headers = [QLabel(text) for text in (
            self.tr("Jenis dana"), self.tr("Program"), self.tr("Jiwa/hari"), self.tr("Bentuk"),
            self.tr("Jumlah (Rp)"), "")]
        for column, header in enumerate(self._headers):
            header.setStyleSheet("font-weight:bold;")
            header.setWordWrap(True)  # "Persons / days" takes two lines rather than widening the form
            self._grid.addWidget(header, 0, column)
        self._grid.setColumnStretch(0, 4)
        self._grid.setColumnStretch(1, 3)
        self._grid.setColumnStretch(4, 2)
        self.add_line()

    def add_line(self) -> FundLine:
        line = FundLine(self)
        self.lines.append(line)
        self._layout_rows()
        for widget in line.widgets():
            widget.show()  # the layout would show them later; the caller focuses one now
        return line

    def remove_line(self, line: FundLine) -> None:
        """Remove a line; the last one left is cleared instead (a donation has at least one)."""
        if len(self.lines) == 1:
            self.reset()
            return
        index = self.lines.index(line)
        self.lines.remove(line)
        for widget in line.widgets():
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self._layout_rows()
        self.lines[min(index, len(self.lines) - 1)].fund.setFocus()

    def remove_focused_line(self) -> None:
        for line in self.lines:
            if line.contains_focus():
                self.remove_line(line)
                return

    def reset(self) -> None:
        for line in self.lines:
            for widget in line.widgets():
                self._grid.removeWidget(widget)
                widget.deleteLater()
        self.lines = []
        self.add_line()

    def _layout_rows(self) -> None:
        for row, line in enumerate(self.lines, start=1):
            for column, widget in enumerate(line.widgets()):
                self._grid.addWidget(widget, row, column)
        self._grid.setRowStretch(len(self.lines) + 1, 1)
        self.rows_changed.emit()
        self.totals_changed.emit()

    def total(self) -> int:
        return sum(line.money() for line in self.lines)

    def rice_grams(self) -> int:
        return sum(line.count.value() * self.rates.fitrah_rice_grams_per_person for line in self.lines
                   if line.unit() == FundUnit.FITRAH and line.medium.currentData() == RICE)

    def to_inputs(self) -> tuple[LineInput, ...]:
        return tuple(line.to_input() for line in self.lines)

    def focus_chain(self) -> list[QWidget]:
        return [w for line in self.lines for w in line.focus_widgets()]
