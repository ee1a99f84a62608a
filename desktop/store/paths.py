"""Where one office's files live inside its data directory (no imports beyond the stdlib)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_FILENAME = "amildesk.sqlite3"
LOCK_FILENAME = "amildesk.lock"


@dataclass(frozen=True)
class StorePaths:
    """Where one office's files live inside its data directory."""

    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def lock(self) -> Path:
        return self.data_dir / LOCK_FILENAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def receipts(self) -> Path:
        return self.data_dir / "receipts"
