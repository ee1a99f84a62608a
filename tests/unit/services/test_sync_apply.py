"""District reference data lands in the store: one transaction per page, nothing dropped."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from desktop.services.context import AppContext
from desktop.services.settings import load_settings, update_settings
from desktop.services.sync_apply import reference_items_of
from desktop.services.sync_source import StoreJournalSource
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
