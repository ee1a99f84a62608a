"""Bulk row writes: COPY on PostgreSQL, executemany with prepared tuples on SQLite.

The ingest path writes three or four rows per event; building one ORM object or even one SQLAlchemy
parameter dict per row costs more than the database's own work, so rows go to the driver as tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table

COPY_THRESHOLD = 64  # below this, COPY's set-up costs more than it saves


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table`` inside the caller's transaction."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_THRESHOLD:
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    marks = ", ".join([mark] * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
