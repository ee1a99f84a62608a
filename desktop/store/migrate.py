"""Bring a store file to the schema this app expects, safely.

The version check uses plain sqlite3 so a normal start never imports Alembic (it costs ~0.4 s of
cold start). Only when the file is older than the app do we back it up and run Alembic; a file newer
than the app is refused rather than risk writing a schema we do not understand.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.core.errors import StoreError
from desktop.store.backup import backup_file

# The newest revision in desktop/store/migrations/versions (a test keeps this in step with Alembic).
HEAD_REVISION = "0003"
KNOWN_REVISIONS = ("0001", "0002", "0003")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def current_revision(db_path: Path) -> str | None:
    """The Alembic revision recorded in the file, or None for a new/empty file."""
    if not db_path.exists():
        return None
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
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
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
