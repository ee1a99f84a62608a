"""Bring a store file to the schema this app expects, safely.

The version check uses plain sqlite3 so a normal start never imports Alembic (it costs ~0.4 s of
cold start). Only when the file is older than the app do we back it up and run Alembic; a file newer
than the app is refused rather than risk writing a schema we do not understand.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import StoreError
from desktop.store import dbapi
from desktop.store.backup import backup_file

# The newest revision in desktop/store/migrations/versions (a test keeps this in step with Alembic).
HEAD_REVISION = "0009"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def current_revision(db_path: Path) -> str | None:
    """The Alembic revision recorded in the file, or None for a new/empty file."""
    if not db_path.exists():
        return None
    conn = dbapi.read_only(db_path)
    try:
        row = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if row is None:
            return None
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if version is None else str(version[0])
    finally:
        conn.close()


def ensure_schema(db_path: Path, backup_dir: Path) -> bool:
    """Migrate ``db_path`` to HEAD_REVISION; return True when a migration ran.

    Raises StoreError("store_newer_than_app") for a revision this app does not know.
    """
    revision = current_revision(db_path)
    if revision == HEAD_REVISION:
        return False
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreError("store_newer_than_app", db_version=revision)
    if revision is not None:
        backup_file(db_path, backup_dir, reason=f"before-migration-{revision}")
    _run_alembic_upgrade(db_path)
    return True


def _run_alembic_upgrade(db_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    engine = dbapi.create_engine(db_path)
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
