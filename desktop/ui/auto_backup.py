"""The first start of each day makes a backup, in the background, a few seconds after the first paint.

The delay keeps the backup's disk and CPU work out of the cold start (``bench/bench_startup.py``
measures to the first paint). A failure never interrupts the clerk: it is logged, and Beranda and
``amildesk doctor`` show how old the newest copy is.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from desktop.ui import ops
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.backups import BackupResult
    from desktop.services.context import AppContext

log = logging.getLogger("amildesk.backup")
DELAY_MS = 8_000
BACKUP = "backup"  # change kind: a backup was made (Beranda re-reads its warning)


def schedule_daily_backup(data_dir: Path, ctx: AppContext, delay_ms: int = DELAY_MS) -> None:
    def work() -> BackupResult | None:
        from desktop.services.backups import auto_backup_if_due

        return auto_backup_if_due(data_dir, ctx.tz)

    def failed(exc: Exception) -> None:
        log.warning("daily backup failed: %s", exc)

    def start() -> None:
        Op(None, work).success(lambda result: ops.change_bus().notify({BACKUP} if result else set())) \
            .failure(failed).run()

    QTimer.singleShot(delay_ms, start)


def backup_after_closing_in_background(data_dir: Path) -> None:
    """After a daily closing is saved: an encrypted ``closing`` backup (issue 13), off the GUI thread."""

    def work() -> BackupResult | None:
        from desktop.services.backups import backup_after_closing

        return backup_after_closing(data_dir)

    def failed(exc: Exception) -> None:
        log.warning("closing backup failed: %s", exc)

    Op(None, work).success(lambda result: ops.change_bus().notify({BACKUP} if result else set())) \
        .failure(failed).run()
