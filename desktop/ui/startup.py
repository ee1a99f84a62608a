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
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.ui.errors import error_text
from desktop.ui.i18n import current_language, install_language
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.ops import Op
from desktop.ui.session import UiSession
from desktop.ui.setup_dialog import SetupDialog

if TYPE_CHECKING:
    from desktop.services.context import AppContext, UserInfo
    from desktop.services.settings import OfficeSettings
    from desktop.ui.main_window import MainWindow


def _open_store(data_dir: Path) -> tuple[AppContext, OfficeSettings]:
    from desktop.services.context import open_context
    from desktop.services.settings import load_settings

    ctx = open_context(data_dir)
    return ctx, load_settings(ctx.store)


def _warm_up() -> None:
    """Import what login and the main window need while the clerk is still typing."""
    import desktop.services.catalogue
    import desktop.services.receipts
    import desktop.services.status
    import desktop.services.users
    import desktop.ui.main_window  # noqa: F401  (module import only; widgets are built on the GUI thread)


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
        self.error_box: QMessageBox | None = None

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
        self.window_created.emit("login", self.login_dialog)
        self.login_dialog.show()

    def _show_setup(self) -> None:
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
        from desktop.core.errors import NotFound

        if isinstance(exc, NotFound) and exc.code == "not_initialized" and self.login_dialog is not None:
            # A store file without an office (setup interrupted before its commit): set up now.
            dialog, self.login_dialog = self.login_dialog, None
            self._show_setup()
            dialog.rejected.disconnect()
            dialog.close()
            return
        self._fatal(exc)

    def _on_store_open(self, opened: tuple[AppContext, OfficeSettings]) -> None:
        self.ctx, self.settings = opened
        dialog = self.login_dialog
        if dialog is None:
            return
        if self.settings.language != current_language():
            install_language(self.settings.language)
            dialog.retranslate()
        dialog.set_context(self.ctx)
        Op(None, _warm_up).run()
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

        sync_service = sys.modules.get("desktop.services.sync_service")
        if sync_service is not None:
            sync_service.cancel_sync()  # a sync waiting on a dead link must not hold the exit
        wait_for_background()
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None
