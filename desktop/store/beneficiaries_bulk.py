"""Inserting many beneficiaries at once with their search index written in one statement.

The ``beneficiaries_fts_ai`` trigger indexes each new row on its own, and FTS5 writes its pending
terms out at every trigger step: 100,000 rows take ~4 s that way, against ~0.4 s for one
``INSERT ... SELECT`` into the index (the way FTS5's own 'rebuild' reads an external-content table)
and ~0.6 s for the rows themselves. So, inside a savepoint of the caller's write transaction, the
trigger is dropped, the rows inserted, the new rows indexed at once, and the trigger created again
from its own stored SQL. Any error rolls back to the savepoint, trigger included, so the store is
never committed without it; other connections only ever see the schema with the trigger.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from desktop.store.tables_beneficiaries import beneficiaries

FTS_TABLE = "beneficiaries_fts"
FTS_INSERT_TRIGGER = "beneficiaries_fts_ai"
_SAVEPOINT = "bulk_beneficiaries"
# Page cache while inserting (negative: KiB). The NIK and KK indexes take rows in file order, i.e.
# at random places: with SQLite's default 2 MB, pages are written out and read back again mid-way
# (100,000 shuffled rows: 3.3 s instead of 1.9 s).
BULK_CACHE_KIB = 64 * 1024


def insert_beneficiaries(conn: Connection, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT ``rows`` (values in ``columns`` order) into ``beneficiaries``, indexed for search.

    Runs inside the caller's write transaction.
    """
    unknown = set(columns) - set(beneficiaries.c.keys())
    if unknown:
        raise ValueError(f"not beneficiaries columns: {sorted(unknown)}")
    if not rows:
        return
    insert = (f"INSERT INTO beneficiaries ({', '.join(columns)}) "
              f"VALUES ({', '.join('?' * len(columns))})")
    trigger_sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (FTS_INSERT_TRIGGER,)).scalar()
    if trigger_sql is None:  # no per-row indexing to replace
        conn.exec_driver_sql(insert, list(rows))
        return
    indexed = [row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({FTS_TABLE})")]
    last_rowid = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM beneficiaries").scalar_one()
    cache_size = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    cache_kib = -cache_size if cache_size < 0 else cache_size * _page_size(conn) // 1024
    conn.exec_driver_sql(f"PRAGMA cache_size = {-max(cache_kib, BULK_CACHE_KIB)}")
    conn.exec_driver_sql(f"SAVEPOINT {_SAVEPOINT}")
    try:
        conn.exec_driver_sql(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")
        conn.exec_driver_sql(insert, list(rows))
        conn.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(indexed)}) "
            f"SELECT rowid, {', '.join(indexed)} FROM beneficiaries WHERE rowid > ? ORDER BY rowid", (last_rowid,))
        conn.exec_driver_sql(str(trigger_sql))
    except BaseException:
        conn.exec_driver_sql(f"ROLLBACK TO {_SAVEPOINT}")
        conn.exec_driver_sql(f"RELEASE {_SAVEPOINT}")
        raise
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {cache_size}")  # the pooled connection's own again
    conn.exec_driver_sql(f"RELEASE {_SAVEPOINT}")


def _page_size(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA page_size").scalar_one())
