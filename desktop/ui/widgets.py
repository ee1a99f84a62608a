"""Small reusable widgets: the rupiah field, Enter-moves-on behaviour, a notice banner, dialog footers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QWidget,
)

from desktop.core.money import format_number, parse_rupiah


class AmountEdit(QLineEdit):
    """Rupiah as clerks type it ("1.250.000", "Rp 50.000"); regrouped with dots when left.

    Parsing errors are raised (not swallowed) when the form is saved, so the message names what
    was typed; leaving the field only tidies a value that is already valid.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(40)
        self.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        text = self.text().strip()
        if not text:
            return
        try:
            value = parse_rupiah(text)
        except ValueError:
            return
        self.setText(format_number(value))

    def amount(self) -> int | None:
        """The typed amount, None when blank; raises ValidationError for text that is not rupiah."""
        text = self.text().strip()
        return None if not text else parse_rupiah(text)

    def amount_or_none(self) -> int | None:
        """Like :meth:`amount` but None for unreadable text (for live totals, never for saving)."""
        try:
            return self.amount()
        except ValueError:
            return None


class EnterMovesOn(QObject):
    """Event filter: Enter in a field behaves like Tab, so a clerk can fill a form with one hand.

    Buttons keep Enter for themselves (it presses them), and multi-line widgets are not affected.
    """

    _FIELDS = (QLineEdit, QComboBox, QSpinBox, QDateEdit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if isinstance(watched, QAbstractButton) or not isinstance(watched, self._FIELDS):
            return False
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False
        tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(watched, tab)
        return True


def enter_moves_on(root: QWidget, filter_obj: EnterMovesOn) -> None:
    """Install ``filter_obj`` on every field under ``root`` (call again after adding fields)."""
    for child in root.findChildren(QWidget):
        if isinstance(child, EnterMovesOn._FIELDS):
            child.removeEventFilter(filter_obj)
            child.installEventFilter(filter_obj)


class Notice(QLabel):
    """A one-line result banner ("Kuitansi ... tersimpan; PDF di ..."), colour by outcome."""

    _STYLES = {
        "ok": "background:#e6f4ea;color:#1e4620;border:1px solid #a8d5b5;",
        "warn": "background:#fff4e5;color:#663c00;border:1px solid #ffcc80;",
        "error": "background:#fdecea;color:#611a15;border:1px solid #f5b7b1;",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str, kind: str = "ok") -> None:
        self.setStyleSheet(f"QLabel{{{self._STYLES[kind]}padding:6px;border-radius:3px;}}")
        self.setText(text)
        self.setProperty("kind", kind)
        self.show()


class ElidedLabel(QLabel):
    """A label that shortens its text with "…" instead of clipping it (status bar on 1024 px)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setMinimumWidth(40)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), int(self.alignment()), shown)


ERROR_STYLE = "color:#b00020;"


def error_label(object_name: str = "") -> QLabel:
    """The red line under a form where a refusal is shown in words (the form keeps its contents)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    if object_name:
        label.setObjectName(object_name)
    return label


def ok_cancel_row(ok_text: str, cancel_text: str) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """A right-aligned Cancel / OK row; OK is the default button, so Enter confirms."""
    ok = QPushButton(ok_text)
    ok.setDefault(True)
    cancel = QPushButton(cancel_text)
    cancel.setAutoDefault(False)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row, ok, cancel


def record_table(model: QAbstractItemModel, *, name: str = "", stretch: int | None = None) -> QTableView:
    """The read-only list every page shows: whole rows, one at a time, no row numbers, banded.

    ``stretch`` is the column that takes the spare width (the others fit their contents); without it
    the caller sizes the columns (e.g. a ``ColumnFitter``).
    """
    table = QTableView()
    if name:
        table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    if stretch is not None:
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def save_file_dialog(parent: QWidget, title: str, suggested: Path, name_filter: str, suffix: str,
                     chosen: Callable[[Path], None]) -> QFileDialog:
    """A non-blocking "save as" dialog with ``suggested`` filled in; ``chosen`` gets the path.

    The caller keeps the returned dialog (tests drive it) and passes its own translated texts.
    """
    dialog = QFileDialog(parent, title, str(suggested))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(name_filter)
    dialog.setDefaultSuffix(suffix)
    dialog.selectFile(str(suggested))
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog
