"""Linking this device to the district server: its address and the one-time code from the district.

The code is spent on the server (``desktop.services.sync_service.enroll``), which checks that it
belongs to this office; re-linking (after a revocation) uses the same dialog and never touches the
records waiting to be sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import ops
from desktop.ui.errors import error_text
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.sync_service import EnrollResult
    from desktop.ui.session import UiSession


class EnrollDialog(QDialog):
    enrolled = Signal(object)  # EnrollResult

    def __init__(self, session: UiSession, parent: QWidget | None = None, *, server_url: str = "") -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(self.tr("Hubungkan ke Server Kabupaten"))
        self.setMinimumWidth(480)
        intro = QLabel(self.tr("Minta kode pendaftaran sekali pakai kepada admin kabupaten. Data yang belum "
                               "terkirim tetap aman selama dan sesudah pendaftaran."))
        intro.setWordWrap(True)
        self.server_url = QLineEdit(server_url)
        self.server_url.setPlaceholderText("https://zis.kabupaten.go.id")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKMN")
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("kosongkan bila server memakai sertifikat umum"))
        browse = QPushButton(self.tr("P&ilih…"))
        browse.setAutoDefault(False)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("&Alamat server:"), self.server_url)
        form.addRow(self.tr("&Kode pendaftaran:"), self.code)
        form.addRow(self.tr("Sertifikat &CA (opsional):"), ca_row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b00020;")
        self.connect_button = QPushButton(self.tr("&Hubungkan"))
        self.connect_button.setDefault(True)
        cancel = QPushButton(self.tr("&Batal"))
        cancel.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.connect_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        browse.clicked.connect(self._browse)
        self.connect_button.clicked.connect(self.submit)

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Pilih sertifikat CA"))
        dialog.setNameFilter(self.tr("Sertifikat (*.pem *.crt);;Semua berkas (*)"))
        dialog.fileSelected.connect(self.ca_bundle.setText)
        dialog.open()

    def submit(self) -> None:
        self.message.clear()
        ctx = self._session.ctx
        url, code, ca_bundle = self.server_url.text(), self.code.text(), self.ca_bundle.text().strip() or None

        def work() -> EnrollResult:
            from desktop.services.sync_service import enroll

            return enroll(ctx, url, code, ca_bundle)

        self.connect_button.setEnabled(False)
        self.message.setStyleSheet("color:#555;")
        self.message.setText(self.tr("Menghubungi server…"))
        (Op(self, work)
         .success(self._on_enrolled)
         .failure(self._on_failed)
         .finally_(lambda: self.connect_button.setEnabled(True))
         .run(changes={ops.SYNC}))

    def _on_failed(self, exc: Exception) -> None:
        self.message.setStyleSheet("color:#b00020;")
        self.message.setText(error_text(exc))

    def _on_enrolled(self, result: EnrollResult) -> None:
        self.enrolled.emit(result)
        self.accept()
