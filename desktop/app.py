"""Builds the QApplication and runs the GUI for one office data folder.

Cold start matters on old PCs: nothing here imports SQLAlchemy, ReportLab or Alembic. The login
dialog is painted first; the store opens behind it (see ``desktop.ui.startup``).

Benchmark hooks (used by ``bench/bench_startup.py`` only):
``AMILDESK_BENCH_EXIT_ON_SHOW=login|main`` prints ``AMILDESK_SHOWN <epoch seconds>`` at the first
paint of that window and quits; ``AMILDESK_BENCH_AUTOLOGIN=user:password`` logs in by itself.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger("desktop.app")

MIN_POINT_SIZE = 10.5  # readable on a 1366x768 laptop or an old 17" monitor


def build_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with AmilDesk's look: Fusion, a readable font, Indonesian first."""
    from desktop.ui.i18n import install_language

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("AmilDesk")
    app.setOrganizationName("AmilDesk")
    app.setStyle("Fusion")
    font = app.font()
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)
    install_language("id")
    from PySide6.QtGui import QIcon

    from desktop.ui.paths import icons_dir

    icon = icons_dir() / "amildesk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def configure_logging(data_dir: Path) -> None:
    """Log to stderr and to data_dir/logs/amildesk.log (what support asks a clerk to send)."""
    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    root.setLevel(logging.INFO)
    try:
        (data_dir / "logs").mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            data_dir / "logs" / "amildesk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if not any(type(h) is logging.StreamHandler for h in root.handlers):
        root.addHandler(logging.StreamHandler())


def _install_excepthook() -> None:
    """An exception escaping a slot is logged and shown, never silently lost."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught exception", exc_info=(kind, exc, tb))
        if isinstance(exc, Exception) and QApplication.instance() is not None:
            from desktop.ui.errors import show_error

            show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook


class _FirstPaint(QObject):
    """Bench hook: report the first paint of a window, then quit."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._done = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            print(f"AMILDESK_SHOWN {time.time():.6f}", flush=True)
            QTimer.singleShot(0, lambda: QCoreApplication.exit(0))
        return False


def _bench_autologin() -> tuple[str, str] | None:
    raw = os.environ.get("AMILDESK_BENCH_AUTOLOGIN", "")
    if ":" not in raw:
        return None
    user, _, password = raw.partition(":")
    return user, password


def run_gui(data_dir: Path, *, demo_hint: bool = False) -> int:
    """Open the app on ``data_dir`` (first-run setup when it holds no office); returns the exit code."""
    from desktop.ui.startup import AppController

    data_dir = Path(data_dir)
    configure_logging(data_dir)
    app = build_application()
    _install_excepthook()
    controller = AppController(data_dir, demo_hint=demo_hint, autologin=_bench_autologin())
    exit_on = os.environ.get("AMILDESK_BENCH_EXIT_ON_SHOW", "")
    if exit_on:
        controller.window_created.connect(
            lambda kind, widget: _FirstPaint(widget) if kind == exit_on else None)
    controller.start()
    try:
        return int(app.exec())
    finally:
        controller.shutdown()
