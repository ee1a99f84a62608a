"""Bulk row writes: COPY on PostgreSQL, executemany with prepared tuples on SQLite.

The ingest path writes three or four rows per event; building one ORM object or even one SQLAlchemy
parameter dict per row costs more than the database's own work, so rows go to the driver as tuples.
A unique-key violation surfaces as ``DuplicateRow`` whichever path raised it (SQLAlchemy wraps
executemany errors, but not those of psycopg's COPY, which runs on the raw driver connection).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import IntegrityError

COPY_THRESHOLD = 2  # process CPU, psycopg 3.3: 2 rows 127 µs by executemany, 64 µs by COPY; 40 rows 580 / 101 µs


class DuplicateRow(Exception):
    """An insert hit a unique key; the caller's transaction must be rolled back."""


def copy_text(conn: Connection, table: Table, columns: Sequence[str], text: str) -> None:
    """PostgreSQL only: ``COPY`` rows already written as COPY text (``records.CopyTexts``) into ``table``."""
    raw = conn.connection.driver_connection
    assert raw is not None
    try:
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(text)
    except conn.dialect.loaded_dbapi.IntegrityError as exc:
        raise DuplicateRow(f"{table.name}: {type(exc).__name__}") from exc


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table`` inside the caller's transaction."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_THRESHOLD:
        raw = conn.connection.driver_connection
        assert raw is not None
        try:
            with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                write = copy.write_row
                for row in rows:
                    write(row)
        except conn.dialect.loaded_dbapi.IntegrityError as exc:
            raise DuplicateRow(f"{table.name}: {type(exc).__name__}") from exc
        return
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    marks = ", ".join([mark] * len(columns))
    try:
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
    except IntegrityError as exc:
        raise DuplicateRow(f"{table.name}: {type(exc.orig).__name__}") from exc
