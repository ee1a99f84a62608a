"""Import what comes after the login while the clerk is still typing, without slowing the login.

Python runs one thread at a time (the GIL). What the main window's first paint needs (argon2, the
window and Donasi page modules) is imported in any case: while the password is checked argon2
hashes without the GIL, so these imports overlap with it instead of competing. What only the
first data load needs (the services, SQLAlchemy: ~0.3 s of CPU) would compete with building the
window, so it is imported module by module only until a login is submitted; the main window's
own loads import whatever it did not reach, after its first paint. A refused login resumes it.

Every module named here is also imported with a plain ``import`` where it is used, so PyInstaller
still collects it.
"""

from __future__ import annotations

import importlib
import threading

from desktop.ui.ops import Op

# Needed before the main window's first paint, in the order they are needed.
FIRST_PAINT = (
    "argon2",
    "desktop.services.auth",
    "desktop.ui.main_window",
    "desktop.ui.pages.donation_page",
)
# Needed only for Donasi's first data (the fund catalogue, the donor search), after that paint.
FIRST_LOAD = (
    "desktop.services.catalogue",
    "desktop.services.donors",
    "desktop.services.donations",
)


class WarmUp:
    """Background imports that give way to the login (see the module docstring)."""

    def __init__(self, first_paint: tuple[str, ...] = FIRST_PAINT, first_load: tuple[str, ...] = FIRST_LOAD) -> None:
        self._first_paint = first_paint
        self._first_load = first_load
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._running = False  # a worker is in _run (guarded by _lock: it ends on the worker)

    def start(self) -> None:
        """Import the modules not imported yet on a worker; a running warm-up goes on in full."""
        with self._lock:
            self._stop.clear()
            if self._running:
                return
            self._running = True
        Op(None, self._run).run()

    def give_way(self) -> None:
        """A login started: skip the first-load modules not begun (imports cannot be cut midway)."""
        self._stop.set()

    def _run(self) -> None:
        try:
            for name in self._first_paint:
                importlib.import_module(name)
            for name in self._first_load:
                with self._lock:
                    if self._stop.is_set():
                        self._running = False
                        return
                importlib.import_module(name)
        finally:
            with self._lock:
                self._running = False
