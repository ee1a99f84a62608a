"""Asking why a receipt (or a whole collective hand-over) is voided: the reason is printed on the BATAL
receipt and journalled."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets import error_label, ok_cancel_row


class VoidDialog(QDialog):
    def __init__(self, number: str, parent: QWidget | None = None, *, title: str | None = None,
                 explanation: str | None = None, button: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Batalkan Kuitansi"))
        self.setMinimumWidth(460)
        explain = QLabel(explanation or self.tr(
            "Kuitansi {number} akan dibatalkan. Nomornya tetap tercatat dan tidak dipakai ulang. "
            "Tulis alasan pembatalan:").format(number=number))
        explain.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setMaxLength(300)
        self.reason.setPlaceholderText(self.tr("contoh: salah jumlah, diganti kuitansi baru"))
        self.message = error_label()
        buttons, self.ok_button, cancel = ok_cancel_row(button or self.tr("&Batalkan kuitansi"), self.tr("&Tutup"))
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._check)

    def _check(self) -> None:
        if len(self.reason.text().strip()) < 3:
            self.message.setText(self.tr("Alasan pembatalan wajib diisi."))
            self.reason.setFocus()
            return
        self.accept()
