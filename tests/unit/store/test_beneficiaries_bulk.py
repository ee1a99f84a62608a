"""Bulk insert of beneficiaries: the search index as the trigger would write it, the trigger kept."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from desktop.services.beneficiaries import PersonInput, register_person, search_beneficiaries
from desktop.services.context import AppContext
from desktop.store.beneficiaries_bulk import FTS_INSERT_TRIGGER, insert_beneficiaries

COLUMNS = ("id", "kind", "name", "nik", "phone", "status", "version", "created_at", "updated_at")
NOW = "2026-01-01T00:00:00.000000Z"


def _rows(start: int, count: int) -> list[tuple[object, ...]]:
    return [(f"bulk-{i}", "orang", f"Warga Massal {i}", f"{3201010101000001 + i}", f"0812{i:08d}", "aktif", 1, NOW,
             NOW) for i in range(start, start + count)]


def _trigger_sql(conn: Connection) -> str | None:
    return conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (FTS_INSERT_TRIGGER,)).scalar()


def _count(ctx: AppContext) -> int:
    with ctx.store.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM beneficiaries").scalar_one())


def test_bulk_rows_are_indexed_and_the_trigger_is_the_same(ctx: AppContext) -> None:
    register_person(ctx, PersonInput(name="Sebelum Impor"))
    with ctx.store.read() as conn:
        trigger = _trigger_sql(conn)
    with ctx.store.write() as conn:
        insert_beneficiaries(conn, COLUMNS, _rows(0, 300))
    with ctx.store.write() as conn:
        assert _trigger_sql(conn) == trigger
        # FTS5 compares its index with what it would build from the content table.
        conn.exec_driver_sql("INSERT INTO beneficiaries_fts(beneficiaries_fts, rank) VALUES ('integrity-check', 1)")
    assert search_beneficiaries(ctx, "warga massal 299")[0].id == "bulk-299"
    assert search_beneficiaries(ctx, "081200000123")[0].id == "bulk-123"
    register_person(ctx, PersonInput(name="Sesudah Impor"))  # the trigger indexes single saves again
    assert [b.name for b in search_beneficiaries(ctx, "sesudah")] == ["Sesudah Impor"]
    assert [b.name for b in search_beneficiaries(ctx, "sebelum")] == ["Sebelum Impor"]


def test_a_failed_bulk_insert_leaves_nothing_and_keeps_the_trigger(ctx: AppContext) -> None:
    with ctx.store.write() as conn:
        insert_beneficiaries(conn, COLUMNS, _rows(0, 5))
        trigger = _trigger_sql(conn)
    with ctx.store.write() as conn:
        with pytest.raises(IntegrityError):
            insert_beneficiaries(conn, COLUMNS, _rows(5, 10) + _rows(4, 1))  # NIK of row 4 again
        # Even a caller that goes on and commits keeps the trigger and gets none of the rows.
        assert _trigger_sql(conn) == trigger
    assert _count(ctx) == 5
    register_person(ctx, PersonInput(name="Tetap Terindeks"))
    assert search_beneficiaries(ctx, "tetap")[0].name == "Tetap Terindeks"


def test_only_beneficiaries_columns(ctx: AppContext) -> None:
    with ctx.store.write() as conn, pytest.raises(ValueError, match="not beneficiaries columns"):
        insert_beneficiaries(conn, ("id", "name; DROP TABLE x"), [("a", "b")])


def test_the_connections_page_cache_is_given_back(ctx: AppContext) -> None:
    with ctx.store.write() as conn:
        conn.exec_driver_sql("PRAGMA cache_size = 500")
        insert_beneficiaries(conn, COLUMNS, _rows(0, 3))
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == 500
        conn.exec_driver_sql("PRAGMA cache_size = -2000")
