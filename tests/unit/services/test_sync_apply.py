"""District reference data lands in the store: one transaction per page, nothing dropped."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from desktop.services.context import AppContext
from desktop.services.settings import load_settings, update_settings
from desktop.services.sync_apply import reference_items_of
from desktop.services.sync_source import StoreJournalSource
from desktop.store import dbapi
from desktop.store.tables import funds, programs, reference_items


def _item(kind: str, item_id: str, data: dict[str, Any], *, deleted: bool = False) -> dict[str, Any]:
    return {"kind": kind, "id": item_id, "data": data, "version": 1, "deleted": deleted}


def test_known_kinds_are_applied_and_every_item_is_kept(ctx: AppContext) -> None:
    source = StoreJournalSource(ctx)
    source.apply_changes_page([
        _item("fund", "wakaf_uang", {"code": "wakaf_uang", "name": "Wakaf Uang", "kind": "infak", "unit": "money",
                                     "active": True, "sort_order": 20}),
        _item("program", "indonesia_hijau", {"code": "indonesia_hijau", "name": "Indonesia Hijau",
                                             "pillar": "lingkungan", "active": True}),
        _item("rate", "zakat_fitrah_uang", {"key": "zakat_fitrah_uang", "value": 45_000}),
        _item("rate", "fidyah_uang", {"key": "fidyah_uang", "value": 60_000}),
        _item("rate", "nisab_penghasilan_bulan", {"key": "nisab_penghasilan_bulan", "value": 7_640_144}),
        _item("setting", "timezone", {"key": "timezone", "value": "WITA"}),
        _item("setting", "printer_name", {"key": "printer_name", "value": "Epson di kantor lain"}),
        _item("user", "u-1", {"id": "u-1", "username": "siti", "full_name": "Siti", "role": "petugas",
                              "active": True}),
        _item("beneficiary", "b-1", {"nik_hash": "ab" * 32}),  # a kind this version does not know
        _item("fund", "rusak", {"code": "rusak", "name": "x", "kind": "tidak-ada", "unit": "money"}),
    ], next_cursor=10)
    assert source.cursor() == 10 and source.pulled == 10
    settings = load_settings(ctx.store)
    assert settings.rates.fitrah_money_per_person == 45_000 and settings.rates.fidyah_per_day == 60_000
    assert settings.timezone == "WITA" and settings.printer_name is None  # device preference not copied
    with ctx.store.read() as conn:
        assert conn.execute(select(funds.c.name).where(funds.c.code == "wakaf_uang")).scalar() == "Wakaf Uang"
        assert conn.execute(select(programs.c.pillar).where(programs.c.code == "indonesia_hijau")).scalar() \
            == "lingkungan"
        kept = {(r.kind, r.item_id): r.applied for r in conn.execute(select(reference_items))}
        assert len(kept) == 10
        assert kept[("beneficiary", "b-1")] is False and kept[("fund", "rusak")] is False
        assert kept[("rate", "nisab_penghasilan_bulan")] is False and kept[("fund", "wakaf_uang")] is True
        assert reference_items_of(conn, "user")["u-1"]["username"] == "siti"
        assert conn.execute(select(funds.c.code).where(funds.c.code == "rusak")).first() is None

    source.apply_changes_page([_item("fund", "wakaf_uang", {}, deleted=True)], next_cursor=11)
    with ctx.store.read() as conn:  # deactivated, never removed: donation lines may refer to it
        assert conn.execute(select(funds.c.active).where(funds.c.code == "wakaf_uang")).scalar() is False


def test_a_setting_changed_here_and_not_yet_sent_keeps_the_local_value(ctx: AppContext) -> None:
    update_settings(ctx, timezone="WIT")  # journalled, not acknowledged yet
    StoreJournalSource(ctx).apply_changes_page([_item("setting", "timezone", {"key": "timezone", "value": "WIB"})],
                                               next_cursor=3)
    assert load_settings(ctx.store).timezone == "WIT"


def test_a_page_that_fails_leaves_no_trace(ctx: AppContext) -> None:
    source = StoreJournalSource(ctx)
    with pytest.raises(Exception):  # noqa: B017 - any failure: the page and its cursor roll back together
        source.apply_changes_page([_item("fund", "x", {"code": "x", "name": "X", "kind": "infak", "unit": "money"}),
                                   {"kind": "program"}], next_cursor=99)
    assert source.cursor() == 0
    with ctx.store.read() as conn:
        assert conn.execute(select(reference_items)).first() is None


def test_index_pages_are_applied_in_bulk_exactly_as_item_by_item(ctx: AppContext, tmp_path: Any) -> None:
    """The bulk path for the aid index writes the same rows as ``apply_district_index`` would: newer
    versions win, older ones do not, deletions remove, malformed items are kept but not applied."""
    from desktop.services.duplicate_aid import apply_district_index
    from desktop.store.tables_beneficiaries import district_aid_index

    def entry(item_id: str, version: int, nik: str, **extra: Any) -> dict[str, Any]:
        data = {"nik_hash": nik * 64, "kk_hash": None, "office_code": "KLL-A", "aid_date": "2026-03-10T08:00",
                "fund_code": "sedekah", "program_code": "umum", "value": 300_000, **extra}
        return {"kind": "beneficiary", "id": item_id, "data": data, "version": version, "deleted": False}

    first = [entry("d1.0", 2, "a"), entry("d2.0", 1, "b"), entry("d3.0", 1, "c"), entry("d4.0", 1, "d")]
    second = [entry("d1.0", 1, "e"),  # older: ignored
              entry("d2.0", 3, "f", value=1), {**entry("d3.0", 2, "c"), "data": {}, "deleted": True},
              {"kind": "beneficiary", "id": "bad.0", "data": {"nik_hash": "x"}, "version": 1, "deleted": False},
              entry("d5.0", 1, "ü")]
    source = StoreJournalSource(ctx)
    source.apply_changes_page(first, next_cursor=4)
    source.apply_changes_page(second, next_cursor=9)
    with ctx.store.read() as conn:
        bulk = sorted(tuple(r) for r in conn.execute(select(district_aid_index)))
        kept = {r.item_id: (r.applied, r.deleted, r.version) for r in conn.execute(
            select(reference_items).where(reference_items.c.kind == "beneficiary"))}
    with ctx.store.write() as conn:
        conn.execute(district_aid_index.delete())
        apply_district_index(conn, first)
        apply_district_index(conn, [i for i in second if i["id"] != "bad.0"])
        one_by_one = sorted(tuple(r) for r in conn.execute(select(district_aid_index)))
    assert bulk == one_by_one and len(bulk) == 4
    assert kept["bad.0"] == (False, False, 1) and kept["d3.0"] == (True, True, 2) and kept["d1.0"][0] is True
    with ctx.store.read() as conn:
        assert reference_items_of(conn, "beneficiary")["d5.0"]["nik_hash"] == "ü" * 64


def test_a_large_page_is_one_transaction_and_its_connection_is_given_back_as_it_was(ctx: AppContext) -> None:
    from desktop.services.sync_source import BULK_PAGE_ITEMS
    from desktop.store.tables_beneficiaries import district_aid_index

    def entries(start: int, count: int) -> list[dict[str, Any]]:
        return [{"kind": "beneficiary", "id": f"d{i}.0", "version": 1, "deleted": False,
                 "data": {"nik_hash": f"{i:064x}", "kk_hash": None, "office_code": "KLL-A",
                          "aid_date": "2026-03-10", "fund_code": "sedekah", "program_code": "umum", "value": i}}
                for i in range(start, start + count)]

    source = StoreJournalSource(ctx)
    source.apply_changes_page(entries(0, BULK_PAGE_ITEMS + 200), next_cursor=1200)
    with pytest.raises(Exception):  # noqa: B017 - a bad item anywhere: the whole large page rolls back
        source.apply_changes_page([*entries(5000, BULK_PAGE_ITEMS), {"kind": "program"}], next_cursor=9999)
    assert source.cursor() == 1200
    with ctx.store.read() as conn:
        assert len(conn.execute(select(district_aid_index.c.id)).all()) == BULK_PAGE_ITEMS + 200
        raw = conn.connection.driver_connection
        assert raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    fresh = dbapi.read_only(ctx.store.paths.database)  # the driver's own default (SQLCipher: 8 MB)
    default_cache = int(fresh.execute("PRAGMA cache_size").fetchone()[0])
    fresh.close()
    pool = ctx.store.engine.pool
    held = [pool.connect() for _ in range(pool.checkedin())]  # every pooled connection: pragmas as before
    try:
        for fairy in held:
            assert int(fairy.driver_connection.execute("PRAGMA cache_size").fetchone()[0]) == default_cache
            assert fairy.driver_connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    finally:
        for fairy in held:
            fairy.close()
