"""Idle lock: after N minutes without keyboard or mouse, the window hides behind the login dialog.

The main window is hidden, not closed: every page keeps its state, so a donation typed half-way is
still there after the same user types the password again (UU PDP: an unattended counter PC must
not show donors' and mustahik's data). Only the signed-in user can unlock; "Keluar" quits the app
as the login dialog always did. N is the ``idle_lock_minutes`` setting (default 10).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui.login_dialog import LoginDialog

if TYPE_CHECKING:
    from desktop.services.context import AppContext, UserInfo

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                       QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class IdleLock(QObject):
    """Watches the whole application's input and locks ``window()`` after ``minutes`` of none."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, ctx: AppContext, window: Callable[[], QWidget | None], minutes: int) -> None:
        super().__init__(QCoreApplication.instance())
        self._ctx = ctx
        self._window = window
        self.dialog: LoginDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, int(minutes)) * 60_000)

    def set_interval_ms(self, interval: int) -> None:
        self.timer.setInterval(interval)
        if self.dialog is None:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.dialog is None and event.type() in _ACTIVITY:
            self.timer.start()  # restarts the countdown
        return False

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def lock(self) -> None:
        window = self._window()
        user = self._ctx.user
        if self.dialog is not None or window is None or user is None:
            return
        window.hide()
        dialog = LoginDialog()
        dialog.set_context(self._ctx)
        dialog.set_locked_user(user.username)
        dialog.logged_in.connect(self._on_unlocked)
        dialog.rejected.connect(QCoreApplication.quit)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        self.locked.emit()

    def _on_unlocked(self, _user: UserInfo) -> None:
        dialog, self.dialog = self.dialog, None
        window = self._window()
        if window is not None:
            window.show()
            window.raise_()
            window.activateWindow()
        if dialog is not None:
            dialog.rejected.disconnect()
            dialog.deleteLater()
        self.timer.start()
        self.unlocked.emit()

    def stop(self) -> None:
        self.timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.dialog is not None:
            self.dialog.rejected.disconnect()
            self.dialog.close()
            self.dialog = None
