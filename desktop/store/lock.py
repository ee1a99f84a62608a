"""One app instance per store: an OS file lock held for the life of the process.

The OS drops the lock when the process dies (even by SIGKILL or a power cut), so a crash never leaves
a stale lock behind, unlike a PID file.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import IO

from desktop.core.errors import StoreError


class InstanceLock:
    """Exclusive, non-blocking lock on ``path``; raises StoreError when another process holds it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the process lifetime
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise StoreError("store_read_only") from exc
            if exc.errno == errno.ENOSPC:
                raise StoreError("store_disk_full") from exc
            raise StoreError("store_io_error", detail=str(exc)) from exc
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            raise StoreError("store_locked_by_other_instance") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode())
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the descriptor releases the lock
            self._handle = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
