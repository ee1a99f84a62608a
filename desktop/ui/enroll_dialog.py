"""Linking this device to the district server: its address and the one-time code from the district.

The code is spent on the server (``desktop.services.sync_service.enroll``), which checks that it
belongs to this office; re-linking (after a revocation) uses the same dialog and never touches the
records waiting to be sent. Plain http to a public host is refused unless "izinkan http tanpa
enkripsi" is ticked; the choice is kept with the link and the window then shows a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
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
    from sync.client.transport import RetryPolicy


class EnrollDialog(QDialog):
    enrolled = Signal(object)  # EnrollResult
    _waiting = Signal(object)  # SyncProblem from a helper thread: the server has not answered yet

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
        # A layout as the field gets no buddy from addRow, so its "&" would show: label it ourselves.
        ca_label = QLabel(self.tr("Sertifikat &CA (opsional):"))
        ca_label.setBuddy(self.ca_bundle)
        form.addRow(ca_label, ca_row)
        self.allow_http = QCheckBox(self.tr("Izinkan http tanpa enkripsi (tidak disarankan)"))
        self.allow_http.setToolTip(self.tr(
            "Hanya bila admin kabupaten memang memberi alamat http:// di luar jaringan kantor: token "
            "perangkat dan data donatur akan terkirim tanpa enkripsi."))
        form.addRow("", self.allow_http)
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
        self._waiting.connect(self._show_waiting)
        self._busy = False
        self.policy: RetryPolicy | None = None  # None: the app's ENROLL_POLICY (tests shorten it)

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Pilih sertifikat CA"))
        dialog.setNameFilter(self.tr("Sertifikat (*.pem *.crt);;Semua berkas (*)"))
        dialog.fileSelected.connect(self.ca_bundle.setText)
        dialog.open()

    def submit(self) -> None:
        self.message.clear()
        ctx = self._session.ctx
        url, code, ca_bundle = self.server_url.text(), self.code.text(), self.ca_bundle.text().strip() or None
        allow_http = self.allow_http.isChecked()
        tell = self._waiting.emit
        policy = self.policy

        def work() -> EnrollResult:
            from desktop.services.sync_service import enroll

            return enroll(ctx, url, code, ca_bundle, allow_insecure_http=allow_http, on_waiting=tell, policy=policy)

        self._busy = True
        self.connect_button.setEnabled(False)
        self.message.setStyleSheet("color:#555;")
        self.message.setText(self.tr("Menghubungi server…"))
        (Op(self, work)
         .success(self._on_enrolled)
         .failure(self._on_failed)
         .finally_(self._done)
         .run(changes={ops.SYNC}))

    def _done(self) -> None:
        self._busy = False
        self.connect_button.setEnabled(True)

    def _show_waiting(self, problem: Exception) -> None:
        if self._busy:
            self.message.setText(error_text(problem))

    def _on_failed(self, exc: Exception) -> None:
        self.message.setStyleSheet("color:#b00020;")
        self.message.setText(error_text(exc))

    def _on_enrolled(self, result: EnrollResult) -> None:
        self.enrolled.emit(result)
        self.accept()
