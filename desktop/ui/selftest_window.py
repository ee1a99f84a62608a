"""The Qt half of ``amildesk --self-test``: open the real main window on the test store, then close it.

A bundle can import fine and still fail at the first window: a missing platform plugin, a page that
loads data through a module PyInstaller did not collect, an icon path that only exists in the source
tree. So the main window is built exactly as after a login, shown, left to run its first data load
on the worker threads, every page opened once (pages are built on first show), and checked for
error boxes before it is closed. The caller
(``desktop.selftest``) has already chosen the platform plugin (offscreen when there is no display).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCollator, QCoreApplication, QEvent, QLocale
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.ui import ops
from desktop.ui.i18n import LANGUAGES, install_language
from desktop.ui.paths import icons_dir, translations_dir

if TYPE_CHECKING:
    from desktop.services.context import AppContext

LOAD_TIMEOUT_S = 30.0  # the first data load takes well under a second; an old PC may be slow
QUIET_S = 0.2  # no background op for this long: the window has finished loading


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication(sys.argv[:1])


def _wait_for_ops(app: QApplication) -> None:
    """Pump events until the window's background loads have all delivered and stayed quiet.

    Pages start their loads from zero-delay timers after the first paint, and a delivered load may
    start another (a refresh after a change notice), so "no op pending" only counts once it has
    held for ``QUIET_S``.
    """
    start = time.monotonic()
    deadline = start + LOAD_TIMEOUT_S
    last_busy = start
    while time.monotonic() < deadline:
        app.processEvents()
        now = time.monotonic()
        if ops.pending_ops():
            last_busy = now
        elif now - last_busy >= QUIET_S:
            return
        time.sleep(0.005)
    raise RuntimeError(f"{ops.pending_ops()} background load(s) still running after {LOAD_TIMEOUT_S:.0f} s")


def _error_boxes() -> list[str]:
    """Texts of visible message boxes: ``show_error`` is how any failed load reaches the clerk."""
    return [w.text() for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def _check_translations() -> str:
    """Every non-source language's .qm must load (install_language says False when it cannot)."""
    loaded = []
    for language in LANGUAGES:
        if language == "id":
            continue
        if not install_language(language):
            raise RuntimeError(f"translation amildesk_{language}.qm not loadable from {translations_dir()}")
        loaded.append(language)
    install_language("id")
    return "+".join(["id", *loaded])


def _check_icu() -> str:
    """Indonesian collation and number formatting work (the bundle ships a cut-down ICU data table).

    A table missing what Qt asks for does not fail loudly: QCollator falls back to code-point order
    ("B" before "a"), so the order itself is the check.
    """
    locale = QLocale("id_ID")
    collator = QCollator(locale)
    words = ["b", "B", "á", "a"]
    ordered = sorted(words, key=collator.sortKey)
    if ordered != ["a", "á", "b", "B"]:
        raise RuntimeError(f"ICU collation for id_ID unusable: {ordered}")
    number = locale.toString(1234567)
    if number != "1.234.567":
        raise RuntimeError(f"id_ID number format wrong: {number!r}")
    return "id_ID collation and numbers"


def open_and_close_main_window(ctx: AppContext, data_dir: Path, on_shown: Callable[[], None] | None = None) -> str:
    """Show the main window for ``ctx`` (a logged-in context), let it load, close it; returns a summary.

    ``on_shown`` is called once the window is on screen (the caller times the cold start with it).
    """
    from desktop.services.settings import load_settings
    from desktop.ui.main_window import MainWindow
    from desktop.ui.session import UiSession

    app = _application()
    languages = _check_translations()
    locale_check = _check_icu()
    icon = QPixmap(str(icons_dir() / "amildesk.png"))
    if icon.isNull():
        raise RuntimeError(f"app icon not loadable from {icons_dir()}")

    session = UiSession(ctx=ctx, data_dir=data_dir, settings=load_settings(ctx.store))
    window = MainWindow(session)
    window.show()
    try:
        app.processEvents()  # the first paint
        if on_shown is not None:
            on_shown()
        _wait_for_ops(app)
        frame = window.grab()
        if frame.isNull() or frame.width() == 0:
            raise RuntimeError("the window did not render")
        # Pages are built when first shown: visit each, so every page module and its first load
        # run here too (a module PyInstaller missed fails now, not when a clerk opens that page).
        for index in range(window.nav.count()):
            window.nav.setCurrentRow(index)
            _wait_for_ops(app)
        errors = _error_boxes()
        if errors:
            raise RuntimeError("error shown: " + " | ".join(errors))
        summary = (f"{type(window).__name__} {frame.width()}x{frame.height()} on "
                   f"{QGuiApplication.platformName()}, {window.nav.count()} pages, languages {languages}, "
                   f"{locale_check}")
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # delete it now, not at exit
        app.processEvents()
    return summary
