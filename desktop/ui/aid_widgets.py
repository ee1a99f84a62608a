"""Small pieces shared by the mustahik and penyaluran screens: combos of stored codes, a note field,
the save shortcuts, growing a dialog when a message appears, and fitting table columns to 1024 px.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QHeaderView, QPlainTextEdit, QTableView

from desktop.core.aid import BeneficiaryStatus
from desktop.core.asnaf import Asnaf
from desktop.ui.aid_labels import asnaf_text, status_label


def asnaf_combo(none_text: str) -> QComboBox:
    """The 8 asnaf after a "none" entry (data None); data is the stored value."""
    combo = QComboBox()
    combo.addItem(none_text, None)
    for asnaf in Asnaf:
        combo.addItem(asnaf_text(asnaf.value), asnaf.value)
    return combo


def status_combo() -> QComboBox:
    combo = QComboBox()
    for status in BeneficiaryStatus:
        combo.addItem(status_label(status.value), status.value)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def note_edit(text: str | None) -> QPlainTextEdit:
    """A short multi-line note; Tab leaves it (clerks move through forms with Tab and Enter)."""
    edit = QPlainTextEdit(text or "")
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(64)
    return edit


def save_shortcuts(dialog: QDialog, slot: Callable[[], None]) -> None:
    """Ctrl+S and Ctrl+Enter save from any field, as on the donation form."""
    for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog).activated.connect(slot)


def fit_height(dialog: QDialog) -> None:
    """Grow ``dialog`` to show everything after a message or a section appeared.

    A dialog with its own minimum width does not follow its layout's minimum height by itself,
    and a wrapped three-line refusal would otherwise squeeze the form's rows together.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = layout.heightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
    if needed > dialog.height():
        dialog.resize(width, needed)


class ColumnFitter(QObject):
    """Shares a table's width among its text columns by weight; the other columns fit their contents.

    A plain Stretch column gets squeezed to nothing at 1024 px while short columns keep their
    full text; here every text column keeps a readable minimum and elides the rest ("…").
    """

    def __init__(self, table: QTableView, weights: dict[int, tuple[int, int]]) -> None:
        super().__init__(table)
        self._table = table
        self._weights = weights  # column -> (weight, minimum width in px)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in weights:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.viewport().installEventFilter(self)
        model = table.model()
        model.modelReset.connect(lambda: QTimer.singleShot(0, self.fit))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self._table.horizontalHeader()
        fixed = sum(header.sectionSize(c) for c in range(header.count()) if c not in self._weights)
        free = self._table.viewport().width() - fixed
        total = sum(weight for weight, _ in self._weights.values())
        for column, (weight, minimum) in self._weights.items():
            header.resizeSection(column, max(minimum, free * weight // total))
