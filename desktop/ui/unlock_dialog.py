"""Opening an encrypted store whose key this computer account no longer has (a new Windows account,
a reinstalled PC): the recovery passphrase opens the key's sealed copy and keeps it again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.ui.widgets import error_label, ok_cancel_row


class UnlockDialog(QDialog):
    """Asks for the recovery passphrase until it opens the key (or the user closes the app)."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setWindowTitle(self.tr("Buka Data Kantor"))
        self.setMinimumWidth(480)
        explain = QLabel(self.tr(
            "Data kantor di komputer ini terenkripsi, tetapi kuncinya tidak ada di akun komputer ini "
            "(akun Windows baru atau komputer dipasang ulang). Data tetap aman. Ketik frasa pemulihan "
            "kantor (lihat lembar pemulihan) untuk membukanya:"))
        explain.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("frasa pemulihan"))
        self.message = error_label()
        buttons, self.ok_button, cancel = ok_cancel_row(self.tr("&Buka"), self.tr("&Tutup"))
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._unlock)
        self.passphrase.returnPressed.connect(self._unlock)

    def _unlock(self) -> None:
        from desktop.core.errors import AmilError
        from desktop.store.store_key import recover_store_key

        try:
            recover_store_key(self.data_dir, self.passphrase.text())
        except AmilError as exc:
            from desktop.ui.errors import error_text

            self.message.setText(error_text(exc))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        except OSError as exc:
            self.message.setText(self.tr("Kunci tidak dapat disimpan: {detail}").format(detail=exc.strerror or exc))
            return
        self.accept()
