"""From launch to the main window: first-run setup or login, then the main window.

The login dialog appears before the store is opened (the store, SQLAlchemy and the settings load
on a worker meanwhile), which is what makes the cold start feel instant. A store that cannot be
opened (locked by another AmilDesk, newer than this app, unreadable disk) gets a clear message.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.ui.errors import error_text
from desktop.ui.i18n import current_language, install_language
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.ops import Op
from desktop.ui.session import UiSession
from desktop.ui.warm_up import WarmUp

if TYPE_CHECKING:
    from desktop.services.context import AppContext, UserInfo
    from desktop.services.restore import RestoreResult
    from desktop.services.settings import OfficeSettings
    from desktop.ui.idle_lock import IdleLock
    from desktop.ui.main_window import MainWindow
    from desktop.ui.setup_dialog import SetupDialog


def restore_text(result: RestoreResult) -> str:
    """What a finished restore tells the admin: where the old data is, and every event it kept."""
    translate = QCoreApplication.translate
    lines = [translate("startup", "Cadangan dipulihkan ({events} kejadian jurnal, rantai utuh).").format(
        events=result.events)]
    if result.set_aside is not None:
        lines.append(translate("startup", "Data sebelumnya disimpan utuh di {path}.").format(
            path=str(result.set_aside)))
    if result.kept:
        lines.append(translate("startup", "{count} catatan baru di data sebelumnya tidak ada di cadangan; "
                                          "semuanya disimpan:").format(count=len(result.kept)))
        for kept in result.kept[:30]:
            where = (translate("startup", "sudah di server kabupaten") if kept.at_district
                     else translate("startup", "belum terkirim"))
            lines.append(f"  #{kept.seq} {kept.type} {kept.summary} ({where})")
        if len(result.kept) > 30:
            lines.append(translate("startup", "… dan {count} lainnya (amildesk doctor).").format(
                count=len(result.kept) - 30))
        lines.append(translate("startup", "Yang sudah di server kabupaten tersambung lagi pada sinkron berikutnya."))
    return "\n".join(lines)


def _open_store(data_dir: Path) -> tuple[AppContext, OfficeSettings]:
    from desktop.services.context import open_context
    from desktop.services.settings import load_settings

    ctx = open_context(data_dir)
    return ctx, load_settings(ctx.store)


class AppController(QObject):
    """Owns the app's windows and the open store for one data folder."""

    window_created = Signal(str, QWidget)  # "setup" / "login" / "main"; the bench hooks here
    failed = Signal(str)  # the message shown when the store could not be opened

    def __init__(self, data_dir: Path, *, demo_hint: bool = False,
                 autologin: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.demo_hint = demo_hint
        self.autologin = autologin
        self.ctx: AppContext | None = None
        self.settings: OfficeSettings | None = None
        self.session: UiSession | None = None
        self.setup_dialog: SetupDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self.window: MainWindow | None = None
        self.idle_lock: IdleLock | None = None
        self.error_box: QMessageBox | None = None
        self.unlock_dialog: QDialog | None = None
        self.warm_up = WarmUp()

    def start(self) -> None:
        # Only a file check here: importing the services would pull in SQLAlchemy before the
        # first paint. A file without an office is found by the worker (NotFound) below.
        from desktop.store.paths import DB_FILENAME

        if not (self.data_dir / DB_FILENAME).exists():
            self._show_setup()
            return
        self.login_dialog = LoginDialog(demo_hint=self.demo_hint)
        self.login_dialog.logged_in.connect(self._on_logged_in)
        self.login_dialog.rejected.connect(QCoreApplication.quit)
        self.login_dialog.first_painted.connect(self._begin_open)
        self.login_dialog.checking.connect(self.warm_up.give_way)
        self.login_dialog.refused.connect(self.warm_up.start)
        self.window_created.emit("login", self.login_dialog)
        self.login_dialog.show()

    def _show_setup(self) -> None:
        from desktop.ui.setup_dialog import SetupDialog  # first run only: not on the login's path

        self.setup_dialog = SetupDialog(self.data_dir)
        self.setup_dialog.initialized.connect(self._on_initialized)
        self.setup_dialog.rejected.connect(QCoreApplication.quit)
        self.window_created.emit("setup", self.setup_dialog)
        self.setup_dialog.show()

    def _begin_open(self) -> None:
        """Open the store once the login dialog is on screen (its imports would delay the paint)."""
        data_dir = self.data_dir
        Op(None, lambda: _open_store(data_dir)).success(self._on_store_open).failure(self._open_failed).run()

    def _open_failed(self, exc: Exception) -> None:
        from desktop.core.errors import NotFound, StoreError

        if isinstance(exc, NotFound) and exc.code == "not_initialized" and self.login_dialog is not None:
            # A store file without an office (setup interrupted before its commit): set up now.
            dialog, self.login_dialog = self.login_dialog, None
            self._show_setup()
            dialog.rejected.disconnect()
            dialog.close()
            return
        if isinstance(exc, StoreError) and exc.code == "store_key_missing":
            self._ask_for_recovery_passphrase()
            return
        self._fatal(exc)

    def _ask_for_recovery_passphrase(self) -> None:
        """The store's key is not in this account: the recovery sheet opens it, then the store opens."""
        from desktop.ui.unlock_dialog import UnlockDialog

        dialog = UnlockDialog(self.data_dir, self.login_dialog)
        self.unlock_dialog = dialog
        self.window_created.emit("unlock", dialog)
        dialog.accepted.connect(self._begin_open)
        dialog.rejected.connect(QCoreApplication.quit)
        dialog.open()

    def _on_store_open(self, opened: tuple[AppContext, OfficeSettings]) -> None:
        self.ctx, self.settings = opened
        dialog = self.login_dialog
        if dialog is None:
            return
        if self.settings.language != current_language():
            install_language(self.settings.language)
            dialog.retranslate()
        self.warm_up.start()  # before set_context: a login already pressed makes it give way at once
        dialog.set_context(self.ctx)
        if self.autologin is not None:
            dialog.username.setText(self.autologin[0])
            dialog.password.setText(self.autologin[1])
            dialog.login_button.click()

    def _on_initialized(self, ctx: AppContext) -> None:
        from desktop.services.settings import load_settings

        self.ctx = ctx
        self.settings = load_settings(ctx.store)
        assert ctx.user is not None
        self._on_logged_in(ctx.user)

    def _on_logged_in(self, _user: UserInfo) -> None:
        assert self.ctx is not None and self.settings is not None
        if self.settings.language != current_language():
            install_language(self.settings.language)
        self.session = UiSession(ctx=self.ctx, data_dir=self.data_dir, settings=self.settings)
        self._show_main_window()

    def _show_main_window(self) -> None:
        from desktop.ui.main_window import MainWindow

        assert self.session is not None
        old = self.window
        self.window = MainWindow(self.session)
        self.window.language_changed.connect(self.switch_language)
        self.window.restore_requested.connect(self.restore_from)
        self.window_created.emit("main", self.window)
        if old is not None:
            self.window.setGeometry(old.geometry())
            self.window.nav.setCurrentRow(old.nav.currentRow())
        if old is None or old.isMaximized():
            self.window.showMaximized()
        else:
            self.window.show()
        if old is not None:
            old.close()
            old.deleteLater()
        self._start_after_show()

    def _start_after_show(self) -> None:
        """Once per session: the idle lock, and the day's first backup a few seconds after the paint."""
        if self.idle_lock is not None or self.ctx is None or self.settings is None:
            return
        from desktop.ui.idle_lock import IdleLock

        self.idle_lock = IdleLock(self.ctx, lambda: self.window, self.settings.idle_lock_minutes)
        from desktop.ui import ops

        ops.change_bus().changed.connect(self._on_changed)
        from desktop.ui.auto_backup import schedule_daily_backup

        schedule_daily_backup(self.data_dir, self.ctx)

    def _on_changed(self, kinds: set[str]) -> None:
        """A new idle-lock setting applies at once (Pengaturan updates the session's settings)."""
        from desktop.ui import ops

        if ops.SETTINGS in kinds and self.idle_lock is not None and self.session is not None:
            self.idle_lock.set_minutes(self.session.settings.idle_lock_minutes)

    def restore_from(self, path: str, passphrase: str) -> None:
        """Close the store (a restore needs the one-instance lock), restore, say what was kept, log in again.

        The window is only hidden until the restore is over: a refused backup (damaged, truncated)
        replaces nothing, and the clerk logs in again to the same data.
        """
        from desktop.ui.ops import wait_for_background

        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock = None
        window, self.window = self.window, None
        if window is not None:
            window.hide()
        wait_for_background()
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None
        data_dir = self.data_dir

        def work() -> RestoreResult:
            from desktop.services.restore import restore_backup

            return restore_backup(Path(path), passphrase, data_dir, replace=True)

        def finish(text: str, icon: QMessageBox.Icon) -> None:
            if window is not None:
                window.close()
                window.deleteLater()
            box = QMessageBox(icon, QCoreApplication.translate("startup", "Pulihkan cadangan"), text)
            box.finished.connect(lambda _r: self.start())
            self.error_box = box
            box.show()

        Op(None, work).success(lambda result: finish(restore_text(result), QMessageBox.Icon.Information)) \
            .failure(lambda exc: finish(error_text(exc), QMessageBox.Icon.Critical)).run()

    def switch_language(self, language: str) -> None:
        """Live switch: install the translator and rebuild the main window in the new language."""
        install_language(language)
        self._show_main_window()

    def _fatal(self, exc: Exception) -> None:
        message = error_text(exc)
        self.failed.emit(message)
        if self.login_dialog is not None:
            self.login_dialog.hide()
        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("startup", "AmilDesk"),
                          message)
        box.addButton(QCoreApplication.translate("startup", "Tutup"), QMessageBox.ButtonRole.AcceptRole)
        box.finished.connect(lambda _r: QCoreApplication.exit(1))
        self.error_box = box
        box.show()

    def shutdown(self) -> None:
        """Let running saves finish, then release the store (and its one-instance lock)."""
        from desktop.ui.ops import wait_for_background

        # A sync waiting on a dead link must not hold the exit. A module still half imported (the
        # app closed right after login, while a worker imports it) has no sync running yet.
        cancel_sync = getattr(sys.modules.get("desktop.services.sync_service"), "cancel_sync", None)
        if cancel_sync is not None:
            cancel_sync()
        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock = None
        wait_for_background()
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None
