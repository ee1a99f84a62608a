"""Adding a user account (admin only; the service enforces it too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.roles import Role
from desktop.ui import ops
from desktop.ui.errors import error_text
from desktop.ui.labels import role_label
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.context import UserInfo
    from desktop.ui.session import UiSession

from desktop.ui.widgets import error_label, ok_cancel_row


class UserDialog(QDialog):
    saved = Signal(object)  # UserInfo

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(self.tr("Tambah Pengguna"))
        self.setMinimumWidth(420)
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(120)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role_label(role.value), role.value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&Nama pengguna:"), self.username)
        form.addRow(self.tr("Nama &lengkap:"), self.full_name)
        form.addRow(self.tr("&Peran:"), self.role)
        form.addRow(self.tr("&Kata sandi:"), self.password)
        form.addRow(self.tr("&Ulangi kata sandi:"), self.password_again)
        self.message = error_label()
        buttons, self.save_button, cancel = ok_cancel_row(self.tr("&Simpan"), self.tr("&Batal"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._submit)

    def _submit(self) -> None:
        self.message.clear()
        if self.password.text() != self.password_again.text():
            self.message.setText(self.tr("Kedua kata sandi tidak sama."))
            return
        ctx = self._session.ctx
        username, full_name = self.username.text(), self.full_name.text()
        role, password = str(self.role.currentData()), self.password.text()

        def work() -> UserInfo:
            from desktop.services.users import create_user

            return create_user(ctx, username=username, full_name=full_name, role=role, password=password)

        self.save_button.setEnabled(False)
        (Op(self, work)
         .success(self._on_saved)
         .failure(lambda exc: self.message.setText(error_text(exc)))
         .finally_(lambda: self.save_button.setEnabled(True))
         .run(changes={ops.USERS}))

    def _on_saved(self, user: UserInfo) -> None:
        self.saved.emit(user)
        self.accept()
