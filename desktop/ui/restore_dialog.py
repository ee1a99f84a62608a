"""Pulihkan cadangan: pick a backup file, read its manifest, type the recovery passphrase.

The passphrase is checked against the file's key check at once (no waiting for a wrong one); the
restore itself runs after the app has closed the store (``AppController.restore_from``), which
checks the whole file before replacing anything and keeps the current data aside.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.errors import error_text
from desktop.ui.widgets import error_label


class RestoreDialog(QDialog):
    chosen = Signal(str, str)  # file, passphrase

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pulihkan cadangan"))
        self.setMinimumWidth(560)
        self._folder = folder
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.browse = QPushButton(self.tr("Pilih berkas…"))
        self.manifest = QLabel(self.tr("Pilih berkas cadangan (.amilbak)."))
        self.manifest.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.warning = QLabel(self.tr(
            "Data kantor saat ini akan disimpan terpisah (tidak dihapus) lalu diganti dengan isi cadangan. "
            "Catatan baru yang tidak ada di cadangan akan ditampilkan dan disimpan. Aplikasi akan dibuka ulang."))
        self.warning.setWordWrap(True)
        self.message = error_label("restoreMessage")
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(self.tr("&Pulihkan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.tr("Berkas:"), row)
        form.addRow(self.tr("Frasa &pemulihan:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.manifest)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.browse.clicked.connect(self._browse)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Berkas cadangan"), str(self._folder),
                                              self.tr("Cadangan AmilDesk (*.amilbak)"))
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> bool:
        """Show the manifest of ``path``; False (and the reason) when it is no readable backup."""
        from desktop.services.restore import read_backup_manifest

        self.path.setText(str(path))
        self.message.clear()
        try:
            m = read_backup_manifest(path)
        except Exception as exc:
            self.manifest.setText("")
            self.message.setText(error_text(exc))
            self.restore_button.setEnabled(False)
            return False
        self.manifest.setText(self.tr(
            "Kantor {code} — {name}, perangkat {letter}\nDibuat {created} (AmilDesk {version})\n"
            "Jurnal sampai urutan {seq}; {donations} donasi").format(
            code=m.get("office_code"), name=m.get("office_name"), letter=m.get("device_letter"),
            created=_local(str(m.get("created_at"))), version=m.get("app_version"), seq=m.get("journal_high_seq"),
            donations=m.get("donations")))
        self.restore_button.setEnabled(True)
        self.passphrase.setFocus()
        return True

    def _submit(self) -> None:
        from desktop.services.restore import check_passphrase

        try:
            check_passphrase(Path(self.path.text()), self.passphrase.text())
        except Exception as exc:
            self.message.setText(error_text(exc))
            self.passphrase.selectAll()
            return
        self.chosen.emit(self.path.text(), self.passphrase.text())
        self.accept()


def _local(stamp: str) -> str:
    """The manifest's UTC time as this computer's local date and time."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return stamp
