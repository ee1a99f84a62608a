"""The login dialog: shown at once, before the store is open, so the app feels instant.

The store opens on a worker meanwhile (``set_context``); a clerk who presses Enter before that
simply waits for it. After the settings are known the dialog switches to the office language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.errors import error_text
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.context import AppContext, UserInfo

from desktop.ui.widgets import error_label


class LoginDialog(QDialog):
    """Username + password; emits ``logged_in`` with the user once the services accept them."""

    logged_in = Signal(object)  # UserInfo
    first_painted = Signal()
    checking = Signal()  # the password check starts (background warm-up gives way to it)
    refused = Signal()  # the check failed: the clerk types again

    def __init__(self, *, demo_hint: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx: AppContext | None = None
        self._pending = False
        self._demo_hint = demo_hint
        self._locked_user: str | None = None
        self.setMinimumWidth(420)

        self.office_label = QLabel()
        self.office_label.setWordWrap(True)
        self.office_label.setStyleSheet("font-weight:bold;")
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color:#555;")
        self.message = error_label("loginMessage")
        self.login_button = QPushButton()
        self.login_button.setDefault(True)
        self.quit_button = QPushButton()
        self.quit_button.setAutoDefault(False)

        self._form = QFormLayout()
        self._user_label = QLabel()
        self._password_label = QLabel()
        self._user_label.setBuddy(self.username)
        self._password_label.setBuddy(self.password)
        self._form.addRow(self._user_label, self.username)
        self._form.addRow(self._password_label, self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.login_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.office_label)
        layout.addLayout(self._form)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.login_button.clicked.connect(self._submit)
        self.quit_button.clicked.connect(self.reject)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        self.retranslate()
        self.username.setFocus()
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def retranslate(self) -> None:
        """Re-read every label (called again when the office language turns out to be English)."""
        self.setWindowTitle(self.tr("Terkunci — AmilDesk") if self._locked_user else self.tr("Masuk — AmilDesk"))
        self._user_label.setText(self.tr("&Nama pengguna:"))
        self._password_label.setText(self.tr("&Kata sandi:"))
        self.login_button.setText(self.tr("&Masuk"))
        self.quit_button.setText(self.tr("&Keluar"))
        self.hint_label.setText(
            self.tr("Kantor contoh: masuk sebagai admin / demo12345 (atau petugas kasir / demo12345).")
            if self._demo_hint else ""
        )
        self.hint_label.setVisible(self._demo_hint)
        if self._locked_user:
            self.office_label.setText(self.tr(
                "Layar dikunci karena tidak dipakai. Ketik kata sandi {user} untuk melanjutkan; "
                "isian yang belum disimpan tetap ada.").format(user=self._locked_user))
        elif self._ctx is None:
            self.office_label.setText(self.tr("Membuka data kantor…"))
        else:
            office = self._ctx.office
            self.office_label.setText(
                self.tr("{institution} — {office} ({code})").format(
                    institution=office.institution_name, office=office.name, code=office.code)
            )

    def set_locked_user(self, username: str) -> None:
        """Idle lock: only ``username`` may unlock; the name is shown, not editable."""
        self._locked_user = username
        self.username.setText(username)
        self.username.setReadOnly(True)
        self.retranslate()
        self.password.setFocus()

    def set_context(self, ctx: AppContext) -> None:
        """The store is open: show the office, and log in if the clerk already pressed Enter."""
        self._ctx = ctx
        self.retranslate()
        if self._pending:
            self._submit()

    def _submit(self) -> None:
        self.message.clear()
        if self._locked_user is not None and self.username.text().strip().lower() != self._locked_user:
            self.username.setText(self._locked_user)
        if not self.username.text().strip():
            self.message.setText(self.tr("Isi nama pengguna."))
            self.username.setFocus()
            return
        if self._ctx is None:
            self._pending = True
            self.message.setText(self.tr("Menunggu data kantor terbuka…"))
            return
        self._pending = False
        ctx = self._ctx
        username, password = self.username.text(), self.password.text()
        self.login_button.setEnabled(False)
        self.checking.emit()

        def work() -> UserInfo:
            from desktop.services.auth import login

            return login(ctx, username, password)

        (Op(self, work)
         .success(self._on_success)
         .failure(self._on_failure)
         .finally_(lambda: self.login_button.setEnabled(True))
         .run())

    def _on_success(self, user: UserInfo) -> None:
        self.password.clear()
        self.logged_in.emit(user)
        self.accept()

    def _on_failure(self, exc: Exception) -> None:
        self.refused.emit()
        self.message.setText(error_text(exc))
        self.password.selectAll()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
