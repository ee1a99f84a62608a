"""The window's side of syncing: the Sinkronkan action, automatic attempts, and the link's state.

``SyncController`` runs ``sync_now`` through ``desktop.ui.ops`` (off the GUI thread), never two at
once; tries by itself every few minutes and once after login, only when the device is enrolled;
and publishes a ``SyncOverview`` (unsent count, last success, last error) that the status bar and
Beranda show. Automatic attempts never pop up a message: their errors appear in the status bar.
When the district has not answered after the policy's ``notice_after`` (10 s), ``waiting`` carries
the "not reachable yet, data safe, still trying" line while the attempt goes on (up to 120 s).
A sync that pulled new rates or office settings refreshes the session's settings before the pages
are told, so a new fitrah rate is used at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui import ops
from desktop.ui.errors import error_text, show_error
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.settings import OfficeSettings
    from desktop.services.sync_service import SyncOutcome, SyncOverview
    from desktop.ui.session import UiSession
    from sync.client.transport import RetryPolicy

AUTO_INTERVAL_MS = 5 * 60 * 1000
FIRST_ATTEMPT_DELAY_MS = 1500  # after login: let the window settle and the pages load first


class SyncController(QObject):
    overview_changed = Signal(object)  # SyncOverview
    progress = Signal(str, int, int)  # phase ("upload"/"download"), done, total; from the worker
    started = Signal()
    finished = Signal(object)  # SyncOutcome, or the Exception when no attempt was possible
    waiting = Signal(str)  # the district has not answered yet (translated line for the status bar)
    _waiting_from_worker = Signal(object)  # SyncProblem, emitted on a helper thread

    def __init__(self, session: UiSession, window: QWidget) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self.running = False
        self.overview: SyncOverview | None = None
        self.policy: RetryPolicy | None = None  # None: the app's DEFAULT_POLICY (tests shorten it)
        self._waiting_from_worker.connect(self._relay_waiting)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.sync(manual=False))

    def start(self) -> None:
        """Called once the window shows: load the state, then the first automatic attempt."""
        self.timer.start()
        self.refresh(then_sync=True)

    def refresh(self, *, then_sync: bool = False) -> None:
        ctx = self._session.ctx

        def work() -> SyncOverview:
            from desktop.services.sync_service import sync_overview

            return sync_overview(ctx)

        def loaded(overview: SyncOverview) -> None:
            self._publish(overview)
            if then_sync and overview.enrolled:
                QTimer.singleShot(FIRST_ATTEMPT_DELAY_MS, lambda: self.sync(manual=False))

        Op(self._window, work).success(loaded).failure(lambda _exc: None).run()

    def _publish(self, overview: SyncOverview) -> None:
        self.overview = overview
        self.overview_changed.emit(overview)

    def sync(self, *, manual: bool = True) -> bool:
        """Start an attempt; False when one is running or (automatic) the device is not enrolled."""
        if self.running:
            return False
        if not manual and (self.overview is None or not self.overview.enrolled):
            return False
        self.running = True
        self.started.emit()
        ctx = self._session.ctx
        emit_progress = self.progress.emit  # safe from the worker: delivered queued to the GUI
        emit_waiting = self._waiting_from_worker.emit
        policy = self.policy

        def work() -> tuple[SyncOutcome, OfficeSettings | None, SyncOverview]:
            from desktop.services.settings import load_settings
            from desktop.services.sync_service import sync_now, sync_overview

            outcome = sync_now(ctx, progress=emit_progress, policy=policy, on_waiting=emit_waiting)
            settings = load_settings(ctx.store) if "settings" in outcome.changed else None
            return outcome, settings, sync_overview(ctx)

        (Op(self._window, work)
         .success(lambda result: self._done(*result, manual=manual))
         .failure(lambda exc: self._failed(exc, manual=manual))
         .finally_(self._stopped)
         .run(changes={ops.SYNC}))
        return True

    def _relay_waiting(self, problem: Exception) -> None:
        if self.running:  # a notice queued just before the attempt ended is stale
            self.waiting.emit(error_text(problem))

    def _stopped(self) -> None:
        self.running = False

    def _done(self, outcome: SyncOutcome, settings: OfficeSettings | None, overview: SyncOverview, *,
              manual: bool) -> None:
        if settings is not None:
            self._session.settings = settings
            ctx = self._session.ctx
            ctx.timezone_name = settings.timezone
        self.running = False
        self._publish(overview)
        self.finished.emit(outcome)
        kinds = {ops.SETTINGS} if outcome.changed else set()
        if kinds:
            ops.change_bus().notify(kinds)
        if manual and outcome.error is not None:
            show_error(self._window, outcome.error, title=QCoreApplication.translate("sync", "Sinkronisasi"))

    def _failed(self, exc: Exception, *, manual: bool) -> None:
        self.running = False
        self.finished.emit(exc)
        if manual:
            show_error(self._window, exc, title=QCoreApplication.translate("sync", "Sinkronisasi"))
        self.refresh()

    def message_for(self, outcome: object) -> str:
        """A one-line status-bar note after an attempt."""
        from desktop.services.sync_service import SyncOutcome

        if not isinstance(outcome, SyncOutcome):
            return error_text(outcome) if isinstance(outcome, Exception) else ""
        if outcome.complete:
            return QCoreApplication.translate("sync", "Sinkron selesai.")
        if outcome.error is not None:
            return error_text(outcome.error)
        return QCoreApplication.translate("sync", "Sinkron belum tuntas: ada data baru; dicoba lagi nanti.")
