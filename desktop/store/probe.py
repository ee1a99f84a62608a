"""Cheap questions about a data folder, answered with plain sqlite3 before anything heavy loads.

The window asks "is there an office here?" before its first paint; importing SQLAlchemy for that
would cost a third of a second of cold start.
"""

from __future__ import annotations

from pathlib import Path

from desktop.store import dbapi
from desktop.store.paths import DB_FILENAME


def is_initialized(data_dir: Path) -> bool:
    """True when ``data_dir`` holds a store with an office."""
    db = Path(data_dir) / DB_FILENAME
    if not db.exists():
        return False
    conn = dbapi.read_only(db)
    try:
        has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE name='office'").fetchone()
        return bool(has_table) and conn.execute("SELECT 1 FROM office").fetchone() is not None
    finally:
        conn.close()
