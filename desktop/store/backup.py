"""Consistent copies of the store with SQLite's online backup API, rotated.

The backup API copies a live WAL database page by page under a read transaction, so a backup taken
while the app is saving is still a consistent snapshot (a plain file copy is not).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop.store import dbapi

KEEP_BACKUPS = 14


def backup_file(db_path: Path, backup_dir: Path, *, reason: str = "manual", keep: int = KEEP_BACKUPS) -> Path:
    """Copy ``db_path`` into ``backup_dir`` and delete all but the newest ``keep`` backups."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    key = dbapi.key_of(db_path)  # the copy is keyed as the store is, wherever it is written
    source = dbapi.read_only(db_path, key=key)
    try:
        destination = dbapi.connect(target, key=key)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    _rotate(backup_dir, db_path.stem, keep)
    return target


def _rotate(backup_dir: Path, stem: str, keep: int) -> None:
    backups = sorted(backup_dir.glob(f"{stem}-*.sqlite3"))
    for old in backups[:-keep] if keep > 0 else backups:
        old.unlink()


def restore_file(backup_path: Path, db_path: Path) -> None:
    """Replace the store with a backup (the caller holds the instance lock and has closed the store).

    The copy is keyed with the store's key (``backup_file`` made it so)."""
    key = dbapi.key_of(db_path)
    source = dbapi.read_only(backup_path, key=key)
    try:
        destination = dbapi.connect(db_path, key=key)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
