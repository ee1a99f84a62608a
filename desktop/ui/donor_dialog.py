"""Adding a donor to the registry (Donatur page). The dialog stays open when a field is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import ops
from desktop.ui.errors import error_text
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.donors import Donor
    from desktop.ui.session import UiSession

from desktop.ui.widgets import error_label, ok_cancel_row


class DonorDialog(QDialog):
    """Emits ``saved(donor)`` after ``register_donor`` accepted the data."""

    saved = Signal(object)  # Donor

    def __init__(self, session: UiSession, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(self.tr("Tambah Donatur"))
        self.setMinimumWidth(460)
        self.name = QLineEdit(name)
        self.name.setMaxLength(120)
        self.nik = QLineEdit()
        self.nik.setPlaceholderText(self.tr("opsional, 16 digit"))
        self.nik.setMaxLength(30)
        self.npwp = QLineEdit()
        self.npwp.setPlaceholderText(self.tr("opsional, 15 atau 16 digit"))
        self.npwp.setMaxLength(30)
        self.phone = QLineEdit()
        self.phone.setMaxLength(30)
        self.address = QLineEdit()
        self.address.setMaxLength(300)
        self.village = QLineEdit()
        self.village.setMaxLength(120)
        form = QFormLayout()
        form.addRow(self.tr("&Nama:"), self.name)
        form.addRow(self.tr("NI&K:"), self.nik)
        form.addRow(self.tr("NP&WP:"), self.npwp)
        form.addRow(self.tr("&Telepon:"), self.phone)
        form.addRow(self.tr("&Alamat:"), self.address)
        form.addRow(self.tr("&Desa/kelurahan:"), self.village)
        self.message = error_label("donorDialogMessage")
        buttons, self.save_button, cancel = ok_cancel_row(self.tr("&Simpan"), self.tr("&Batal"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._submit)
        self.name.setFocus()

    def _submit(self) -> None:
        from desktop.services.donors import DonorInput

        data = DonorInput(
            name=self.name.text(), nik=self.nik.text() or None, npwp=self.npwp.text() or None,
            phone=self.phone.text() or None, address=self.address.text() or None,
            village=self.village.text() or None,
        )
        ctx = self._session.ctx
        self.message.clear()
        self.save_button.setEnabled(False)

        def work() -> Donor:
            from desktop.services.donors import register_donor

            return register_donor(ctx, data)

        (Op(self, work)
         .success(self._on_saved)
         .failure(lambda exc: self.message.setText(error_text(exc)))
         .finally_(lambda: self.save_button.setEnabled(True))
         .run(changes={ops.DONORS}))

    def _on_saved(self, donor: Donor) -> None:
        self.saved.emit(donor)
        self.accept()
