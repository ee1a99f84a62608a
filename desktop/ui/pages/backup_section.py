"""Pengaturan › Cadangan dan keamanan: back up now, the second folder, the idle lock, restore.

The second folder and the idle minutes are office settings saved with the page's "Simpan" button;
"Cadangkan sekarang" and "Pulihkan cadangan…" act at once (a restore hands over to the app
controller, which must close the store first: see ``AppController.restore_from``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.roles import Role
from desktop.ui import ops
from desktop.ui.auto_backup import BACKUP
from desktop.ui.errors import error_text
from desktop.ui.ops import Op
from desktop.ui.widgets import Notice

if TYPE_CHECKING:
    from desktop.services.backups import BackupResult
    from desktop.services.settings import OfficeSettings
    from desktop.ui.personal_data import AccessLogDialog
    from desktop.ui.restore_dialog import RestoreDialog
    from desktop.ui.session import UiSession


class BackupSection(QGroupBox):
    restore_requested = Signal(str, str)  # backup file, passphrase (checked against the file's key)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Cadangan dan keamanan"))
        self._session = session
        self.dialog: RestoreDialog | None = None
        may_edit = session.role in (Role.ADMIN, Role.KEPALA)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.notice = Notice()
        self.notice.setObjectName("backupNotice")
        self.backup_button = QPushButton(self.tr("&Cadangkan sekarang"))
        self.restore_button = QPushButton(self.tr("Pulihkan ca&dangan…"))
        self.access_log_button = QPushButton(self.tr("Log akses data pribadi…"))
        self.passphrase_button = QPushButton(self.tr("Frasa pemulihan…"))
        self.access_dialog: AccessLogDialog | None = None
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("mis. E:\\CadanganAmilDesk (disk USB)"))
        self.choose_button = QPushButton(self.tr("Pilih…"))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(self.tr(" menit"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        form = QFormLayout()
        folder_label = QLabel(self.tr("Folder cadangan &kedua:"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        form.addRow(self.tr("Kunci &layar setelah tidak dipakai:"), self.idle_minutes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.access_log_button)
        buttons.addWidget(self.passphrase_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        for widget in (self.folder, self.choose_button, self.idle_minutes):
            widget.setEnabled(may_edit)
        if session.role is not Role.ADMIN:
            self.restore_button.hide()  # replacing the office's data is the admin's call
            self.passphrase_button.hide()
        if not may_edit:
            self.access_log_button.hide()
        self.backup_button.clicked.connect(self.backup_now)
        self.choose_button.clicked.connect(self._choose_folder)
        self.restore_button.clicked.connect(self.open_restore_dialog)
        self.access_log_button.clicked.connect(self.open_access_log)
        self.passphrase_button.clicked.connect(self._ask_passphrase)
        ops.change_bus().changed.connect(self._on_changed)
        self.show_settings(session.settings)

    def show_settings(self, settings: OfficeSettings) -> None:
        self.folder.setText(settings.backup_folder)
        self.idle_minutes.setValue(settings.idle_lock_minutes)
        self.refresh()

    def wanted(self) -> dict[str, object]:
        return {"backup_folder": self.folder.text().strip(), "idle_lock_minutes": self.idle_minutes.value()}

    def _on_changed(self, kinds: set[str]) -> None:
        if kinds & {BACKUP, ops.SETTINGS}:
            self.refresh()

    def refresh(self) -> None:
        ctx, data_dir = self._session.ctx, self._session.data_dir

        def work() -> tuple[str | None, bool]:
            from desktop.services.backups import backups_folder, load_backup_key, newest_backup

            newest = newest_backup(backups_folder(data_dir), ctx.office.code)
            when = None if newest is None else ctx.local(newest.created_at).strftime("%d-%m-%Y %H:%M")
            return when, load_backup_key(ctx.store.paths.database) is not None

        Op(self, work).success(lambda found: self._show_state(*found)).run()

    def _show_state(self, newest: str | None, has_key: bool) -> None:
        if not has_key:
            self.state_label.setText(self.tr("Frasa pemulihan belum dibuat: cadangan belum dapat dienkripsi. "
                                             "Jalankan `amildesk backup --new-passphrase` atau hubungi admin."))
        elif newest is None:
            self.state_label.setText(self.tr("Belum ada cadangan."))
        else:
            self.state_label.setText(self.tr("Cadangan terbaru: {when}").format(when=newest))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder cadangan kedua"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def backup_now(self) -> None:
        data_dir = self._session.data_dir
        self.backup_button.setEnabled(False)
        self.notice.show_message(self.tr("Membuat cadangan…"), "ok")

        def work() -> BackupResult:
            from desktop.services.backups import backup_now

            return backup_now(data_dir)

        def done(result: BackupResult) -> None:
            text = self.tr("Cadangan dibuat: {path}").format(path=str(result.path))
            if result.copies:
                text += "\n" + self.tr("Salinan: {path}").format(path=", ".join(str(c) for c in result.copies))
            self.notice.show_message(text, "ok")

        def failed(exc: Exception) -> None:
            self.notice.show_message(error_text(exc), "error")

        (Op(self, work).success(done).failure(failed).finally_(lambda: self.backup_button.setEnabled(True))
         .run(changes={BACKUP}))

    def _ask_passphrase(self) -> None:
        first, ok = QInputDialog.getText(self, self.tr("Frasa pemulihan"), self.tr(
            "Frasa pemulihan baru (min. 10 karakter). Cadangan lama tetap memakai frasa lama:"),
            QLineEdit.EchoMode.Password)
        if not ok:
            return
        again, ok = QInputDialog.getText(self, self.tr("Frasa pemulihan"), self.tr("Ulangi frasa pemulihan:"),
                                         QLineEdit.EchoMode.Password)
        if ok and again != first:
            self.notice.show_message(self.tr("Kedua frasa pemulihan tidak sama."), "error")
        elif ok:
            self.set_passphrase(first)

    def set_passphrase(self, passphrase: str) -> None:
        """Store the new backup key and write a new recovery sheet (shown where it went)."""
        ctx, data_dir = self._session.ctx, self._session.data_dir

        def work() -> Path:
            from desktop.services.recovery import change_recovery_passphrase, write_sheet

            change_recovery_passphrase(ctx, passphrase)
            return write_sheet(data_dir, passphrase)

        (Op(self, work)
         .success(lambda sheet: self.notice.show_message(self.tr(
             "Frasa pemulihan disimpan. Cetak lembar pemulihan {path}, simpan di tempat aman, lalu hapus "
             "berkasnya.").format(path=str(sheet)), "ok"))
         .failure(lambda exc: self.notice.show_message(error_text(exc), "error"))
         .run(changes={BACKUP}))

    def open_access_log(self) -> None:
        from desktop.ui.personal_data import AccessLogDialog

        self.access_dialog = AccessLogDialog(self._session, self)
        self.access_dialog.load()
        self.access_dialog.open()

    def open_restore_dialog(self) -> None:
        from desktop.ui.restore_dialog import RestoreDialog

        start = Path(self.folder.text().strip() or self._session.data_dir / "backups")
        self.dialog = RestoreDialog(start, self)
        self.dialog.chosen.connect(self.restore_requested)
        self.dialog.open()
