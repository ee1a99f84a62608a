"""One mechanism for background work, after Anki's CollectionOp/QueryOp.

``Op(parent, fn).success(cb).failure(cb).run(changes={"donations"})`` runs ``fn`` on the shared
QThreadPool, calls ``cb`` on the GUI thread, and, when the call changed data, emits the one
app-wide ``ChangeBus.changed(kinds)`` so every open page refreshes itself. Without a failure
callback the error goes to :func:`desktop.ui.errors.show_error`: no failure is ever silent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from desktop.ui.errors import show_error

log = logging.getLogger(__name__)
T = TypeVar("T")

# Change kinds pages listen for.
DONATIONS = "donations"
DONORS = "donors"
RECEIPTS = "receipts"
PRINTS = "prints"
SETTINGS = "settings"
USERS = "users"
SYNC = "sync"  # the district link: enrollment, a sync attempt, an export
CASH = "cash"  # a daily closing, a reopening, a deposit


class ChangeBus(QObject):
    """App-wide notice that stored data changed; pages reload what they show."""

    changed = Signal(object)  # set[str]

    def notify(self, kinds: set[str]) -> None:
        if kinds:
            self.changed.emit(set(kinds))


_bus: ChangeBus | None = None


def change_bus() -> ChangeBus:
    global _bus
    if _bus is None:
        _bus = ChangeBus()
    return _bus


class _Relay(QObject):
    """Lives on the GUI thread; queued signals carry the worker's outcome back to it."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, op: Op[Any]) -> None:
        # Parented to the app so dropping the Python reference never deletes it mid-slot.
        super().__init__(QCoreApplication.instance())
        self._op = op
        self.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._op._deliver(True, result)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self._op._deliver(False, exc)


class _Runner(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI thread, shown or passed to the failure callback
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


_running: set[Op[Any]] = set()


def wait_for_background(timeout_ms: int = 10000) -> bool:
    """Block until worker threads finish (before closing the store: a save must complete)."""
    return bool(QThreadPool.globalInstance().waitForDone(timeout_ms))


def pending_ops() -> int:
    """How many ops have not delivered yet (tests wait for 0)."""
    return len(_running)


class Op(Generic[T]):
    """A service call run off the GUI thread with callbacks on it."""

    def __init__(self, parent: QWidget | None, fn: Callable[[], T]) -> None:
        self._parent = parent
        self._fn = fn
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None
        self._on_done: Callable[[], None] | None = None
        self._changes: set[str] = set()
        self._relay: _Relay | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Op[T]:
        self._on_failure = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> Op[T]:
        """Runs after success or failure (re-enable a button, hide a busy notice)."""
        self._on_done = callback
        return self

    def run(self, *, changes: set[str] | None = None) -> None:
        self._changes = set(changes or ())
        self._relay = _Relay(self)
        _running.add(self)
        QThreadPool.globalInstance().start(_Runner(self._fn, self._relay))

    def _deliver(self, ok: bool, value: object) -> None:
        _running.discard(self)
        if self._parent is not None and not Shiboken.isValid(self._parent):
            # The page that asked was closed meanwhile: nobody to tell, but never lose an error.
            if not ok:
                log.error("background error after its window closed", exc_info=value)  # type: ignore[arg-type]
            if ok:
                change_bus().notify(self._changes)
            self._release_relay()
            return
        try:
            if ok:
                if self._on_success is not None:
                    self._on_success(value)  # type: ignore[arg-type]
            else:
                assert isinstance(value, Exception)
                if self._on_failure is not None:
                    self._on_failure(value)
                else:
                    show_error(self._parent, value)
        finally:
            if self._on_done is not None:
                self._on_done()
            # A failed write changed nothing (the transaction rolled back), so only success notifies.
            if ok:
                change_bus().notify(self._changes)
            self._release_relay()

    def _release_relay(self) -> None:
        if self._relay is not None:
            self._relay.deleteLater()
            self._relay = None
