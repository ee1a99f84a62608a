"""Pengaturan › Hubungkan ke server kabupaten: the link's state, (re-)enrollment, export to a file.

Offices with no link at all export their unsent records to a signed file (USB stick) for
``amildesk-server import``; the page then says "diekspor, belum dikonfirmasi" until the district's
acknowledgement arrives by the next sync.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.roles import Role
from desktop.ui import ops
from desktop.ui.enroll_dialog import EnrollDialog
from desktop.ui.ops import Op
from desktop.ui.sync_text import error_line, insecure_text, last_sync_text, unsent_text
from desktop.ui.widgets import Notice

if TYPE_CHECKING:
    from desktop.services.sync_service import ExportResult, SyncOverview
    from desktop.ui.session import UiSession


class SyncSection(QGroupBox):
    enrolled = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Hubungkan ke server kabupaten"))
        self._session = session
        self.dialog: EnrollDialog | None = None
        self._overview: SyncOverview | None = None
        may_manage = session.role in (Role.ADMIN, Role.KEPALA)
        self.link_label = QLabel(self.tr("Belum terhubung ke server kabupaten"))
        self.link_label.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.insecure_label = QLabel()  # plain http to a public host, allowed explicitly: say what it means
        self.insecure_label.setObjectName("insecureHttp")
        self.insecure_label.setWordWrap(True)
        self.insecure_label.setStyleSheet("color:#b00020; font-weight:bold;")
        self.insecure_label.setVisible(False)
        self.notice = Notice()
        self.enroll_button = QPushButton(self.tr("&Hubungkan ke server kabupaten…"))
        self.export_button = QPushButton(self.tr("&Ekspor data belum terkirim…"))
        self.export_button.setToolTip(self.tr("Untuk kantor tanpa internet: bawa berkasnya ke kabupaten"))
        if not may_manage:
            # hide() only: setVisible(True) on a widget with no parent yet opens it as a window of
            # its own for a moment, which takes the focus from the main window (pages are built
            # while it is on screen).
            self.enroll_button.hide()
            self.export_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.enroll_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.link_label)
        layout.addWidget(self.state_label)
        layout.addWidget(self.insecure_label)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.enroll_button.clicked.connect(self.open_enroll_dialog)
        self.export_button.clicked.connect(self._choose_export_file)

    def show_overview(self, overview: SyncOverview) -> None:
        self._overview = overview
        ctx = self._session.ctx
        if overview.enrolled:
            self.link_label.setText(self.tr("Terhubung ke {url}").format(url=overview.server_url))
            self.enroll_button.setText(self.tr("&Hubungkan ulang…"))
        lines = [unsent_text(overview)]
        if overview.enrolled:  # not linked: the line above the state already says so, once
            lines.append(last_sync_text(ctx, overview))
        problem = error_line(overview)
        if problem:
            lines.append(problem)
        self.state_label.setText("\n".join(lines))
        warning = insecure_text(overview)
        self.insecure_label.setText(warning)
        self.insecure_label.setVisible(bool(warning))
        self.export_button.setEnabled(overview.enrolled and overview.unsent > 0)

    def open_enroll_dialog(self) -> None:
        url = self._overview.server_url if self._overview is not None else None
        self.dialog = EnrollDialog(self._session, self, server_url=url or "")
        self.dialog.enrolled.connect(lambda _result: self._on_enrolled())
        self.dialog.open()

    def _on_enrolled(self) -> None:
        self.notice.show_message(self.tr("Perangkat terhubung ke server kabupaten."), "ok")
        self.enrolled.emit()

    def _choose_export_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Simpan data belum terkirim"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Berkas kiriman AmilDesk (*.amildesk.gz)"))
        dialog.selectFile(f"{self._session.ctx.office.code}-{self._session.ctx.office.device_letter}.amildesk.gz")
        dialog.fileSelected.connect(lambda name: self.export_to(Path(name)))
        dialog.open()

    def export_to(self, path: Path) -> None:
        ctx = self._session.ctx

        def work() -> ExportResult:
            from desktop.services.sync_service import export_batch

            return export_batch(ctx, path)

        def done(result: ExportResult) -> None:
            if result.path is None:
                self.notice.show_message(self.tr("Tidak ada data yang belum terkirim."), "ok")
            else:
                self.notice.show_message(self.tr(
                    "{count} catatan diekspor ke {path}: diekspor, belum dikonfirmasi sampai kabupaten "
                    "mengimpornya.").format(count=result.events, path=result.path), "ok")

        Op(self, work).success(done).run(changes={ops.SYNC})
