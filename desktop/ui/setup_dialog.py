"""First-run setup: institution, office, this device's letter and the first admin account.

``initialize_office`` writes all of it in one transaction, so a clerk who gives up half-way leaves
nothing behind; the dialog keeps what was typed when the service refuses a field.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.errors import error_text
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.context import AppContext

from desktop.ui.widgets import error_label, ok_cancel_row


class SetupDialog(QDialog):
    """Emits ``initialized(ctx)``: the store exists and the admin is logged in."""

    initialized = Signal(object)  # AppContext

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self.setWindowTitle(self.tr("Penyiapan Awal — AmilDesk"))
        self.setMinimumWidth(520)

        intro = QLabel(self.tr(
            "Selamat datang. Isi data lembaga dan kantor ini sekali saja. Kode kantor dan huruf "
            "perangkat menjadi bagian nomor kuitansi (contoh: KLL-PKS/2026/A/000123) dan tidak "
            "dapat diubah kemudian."))
        intro.setWordWrap(True)
        self.institution = QLineEdit()
        self.institution.setPlaceholderText(self.tr("contoh: Lazismu Kabupaten Paser"))
        self.address = QLineEdit()
        self.office_code = QLineEdit()
        self.office_code.setPlaceholderText(self.tr("contoh: KLL-PKS"))
        self.office_code.setMaxLength(16)
        self.office_name = QLineEdit()
        self.device_letter = QLineEdit("A")
        self.device_letter.setMaxLength(1)
        self.device_letter.setMaximumWidth(60)
        self.logo = QLineEdit()
        self.logo.setPlaceholderText(self.tr("opsional: berkas PNG/JPG"))
        logo_button = QPushButton(self.tr("&Pilih…"))
        logo_button.setAutoDefault(False)
        logo_button.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(logo_button)
        self.admin_username = QLineEdit("admin")
        self.admin_full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        # The recovery passphrase encrypts every backup; it is printed once on the recovery sheet.
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.sheet_box: QMessageBox | None = None

        form = QFormLayout()
        form.addRow(self.tr("Nama &lembaga:"), self.institution)
        form.addRow(self.tr("&Alamat lembaga:"), self.address)
        form.addRow(self.tr("Logo:"), logo_row)
        form.addRow(self.tr("&Kode kantor:"), self.office_code)
        form.addRow(self.tr("Nama kan&tor:"), self.office_name)
        form.addRow(self.tr("&Huruf perangkat:"), self.device_letter)
        form.addRow(self.tr("Nama pengguna a&dmin:"), self.admin_username)
        form.addRow(self.tr("Nama lengkap admin:"), self.admin_full_name)
        form.addRow(self.tr("Kata &sandi admin:"), self.password)
        form.addRow(self.tr("&Ulangi kata sandi:"), self.password_again)
        form.addRow(self.tr("&Frasa pemulihan cadangan:"), self.passphrase)
        form.addRow(self.tr("Ulangi &frasa pemulihan:"), self.passphrase_again)

        self.message = error_label()
        buttons, self.save_button, cancel = ok_cancel_row(self.tr("Simpan && &Mulai"), self.tr("&Keluar"))
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._submit)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.institution.setFocus()

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pilih logo"), str(Path.home()), self.tr("Gambar (*.png *.jpg *.jpeg)"))
        if path:
            self.logo.setText(path)

    def _submit(self) -> None:
        self.message.clear()
        if self.password.text() != self.password_again.text():
            self.message.setText(self.tr("Kedua kata sandi tidak sama."))
            self.password_again.setFocus()
            return
        if self.passphrase.text() != self.passphrase_again.text():
            self.message.setText(self.tr("Kedua frasa pemulihan tidak sama."))
            self.passphrase_again.setFocus()
            return
        from desktop.services.setup import SetupInput

        data = SetupInput(
            institution_name=self.institution.text(),
            institution_address=self.address.text(),
            office_code=self.office_code.text().strip().upper(),
            office_name=self.office_name.text(),
            device_letter=self.device_letter.text().strip().upper(),
            admin_username=self.admin_username.text(),
            admin_password=self.password.text(),
            admin_full_name=self.admin_full_name.text(),
            logo_path=self.logo.text().strip() or None,
            recovery_passphrase=self.passphrase.text(),
        )
        data_dir = self._data_dir

        def work() -> tuple[AppContext, Path]:
            from desktop.services.recovery import write_sheet
            from desktop.services.setup import initialize_office

            ctx = initialize_office(data_dir, data)
            return ctx, write_sheet(data_dir, data.recovery_passphrase or "")

        self.save_button.setEnabled(False)
        (Op(self, work)
         .success(self._on_success)
         .failure(lambda exc: self.message.setText(error_text(exc)))
         .finally_(lambda: self.save_button.setEnabled(True))
         .run())

    def _on_success(self, result: tuple[AppContext, Path]) -> None:
        ctx, sheet = result
        self.passphrase.clear()
        self.passphrase_again.clear()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Lembar pemulihan"), self.tr(
            "Lembar pemulihan berisi frasa pemulihan disimpan di:\n{path}\n\nCetak sekarang, simpan di tempat "
            "terkunci, lalu hapus berkasnya. Tanpa frasa ini cadangan tidak dapat dipulihkan.").format(path=str(sheet)),
            parent=self)

        def done(_result: int) -> None:
            self.initialized.emit(ctx)
            self.accept()

        box.finished.connect(done)
        self.sheet_box = box
        box.open()
