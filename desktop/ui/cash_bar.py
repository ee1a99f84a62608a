"""Beranda's cash strip: past days not closed yet ("3 hari belum tutup kas"), Tutup Kas and Setoran.

A separate widget so Beranda stays about today's figures; it reads ``unclosed_days`` off the GUI
thread and opens the closing (at the oldest day still open) and deposit dialogs without blocking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.ui import ops
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from datetime import date

    from desktop.ui.session import UiSession

SHOWN_DAYS = 5


class CashBar(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.unclosed: list[date] = []
        self.dialog: QDialog | None = None  # the dialog open now (tests drive it)
        self.warning = QLabel()
        self.warning.setObjectName("unclosedWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#663c00;font-weight:bold;")
        self.warning.setVisible(False)
        self.close_button = QPushButton(self.tr("Tutup &Kas…"))
        self.close_button.setObjectName("openClosing")
        self.deposit_button = QPushButton(self.tr("Se&toran…"))
        self.deposit_button.setObjectName("openDeposit")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.warning, 1)
        row.addStretch(0)  # takes the room while the warning is hidden, so the buttons keep their size
        row.addWidget(self.close_button)
        row.addWidget(self.deposit_button)
        self.close_button.clicked.connect(self.open_closing)
        self.deposit_button.clicked.connect(self.open_deposit)
        ops.change_bus().changed.connect(self._on_changed)

    def _on_changed(self, kinds: set[str]) -> None:
        if kinds & {ops.CASH, ops.DONATIONS, ops.RECEIPTS, ops.SETTINGS}:
            self.refresh()

    def refresh(self) -> None:
        ctx = self._session.ctx

        def work() -> list[date]:
            from desktop.services.closing import unclosed_days

            return unclosed_days(ctx)

        Op(self, work).success(self._show).run()

    def _show(self, days: list[date]) -> None:
        self.unclosed = days
        self.warning.setVisible(bool(days))
        if days:
            shown = ", ".join(d.strftime("%d-%m") for d in days[:SHOWN_DAYS]) + ("…" if len(days) > SHOWN_DAYS else "")
            self.warning.setText(self.tr("⚠ {count} hari belum tutup kas ({days})").format(count=len(days), days=shown))

    def open_closing(self) -> None:
        from desktop.ui.closing_dialog import ClosingDialog

        self.dialog = ClosingDialog(self._session, self.unclosed[0] if self.unclosed else None, self.window())
        self.dialog.open()

    def open_deposit(self) -> None:
        from desktop.ui.deposit_dialog import DepositDialog

        self.dialog = DepositDialog(self._session, self.window())
        self.dialog.open()
