"""Daily closing on a real store: figures, confirmation, locking, late voids, reopening, bad input."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from desktop.core.errors import AmilError, AuthError, PermissionDenied, ValidationError
from desktop.services.closing import (
    CloseDayInput,
    close_day,
    closings_of,
    day_expectation,
    get_closing,
    late_voids_between,
    reopen_day,
    unclosed_days,
)
from desktop.services.context import AppContext, UserInfo, open_context
from desktop.services.donations import void_donation
from desktop.services.status import verify_store
from desktop.services.users import login
from desktop.store import dbapi
from desktop.store.journal import iter_events
from desktop.store.tables import journal
from desktop.store.tables_cash import day_closings, late_voids
from tests.conftest import PASSWORD
from tests.unit.cash.conftest import Clock, days_ago, give


def _store_counts(ctx: AppContext) -> tuple[int, int, int]:
    with ctx.store.read() as conn:
        return (conn.execute(select(func.count()).select_from(day_closings)).scalar_one(),
                conn.execute(select(func.count()).select_from(late_voids)).scalar_one(),
                conn.execute(select(func.count()).select_from(journal)).scalar_one())


def _plain_sql_expected(ctx: AppContext, day_start: str, day_end: str) -> dict[str, int]:
    """The day's non-void totals per method, by plain SQL on the file (independent of the service)."""
    conn = dbapi.connect(ctx.store.paths.database)
    try:
        rows = conn.execute("SELECT payment_method, SUM(total) FROM donations WHERE status = 'aktif' "
                            "AND recorded_at >= ? AND recorded_at < ? GROUP BY payment_method",
                            (day_start, day_end)).fetchall()
    finally:
        conn.close()
    return dict(rows)


def test_closing_records_expected_counted_difference_and_one_event(
        ctx: AppContext, clock: Clock, head: UserInfo) -> None:
    from desktop.services.closing import day_bounds

    day = days_ago(clock, 1)
    clock.at(day, 9)
    give(ctx, "zakat_maal", 1_000_000)
    give(ctx, "infak_tidak_terikat", 250_000)
    give(ctx, "sedekah", 300_000, method="transfer")
    voided = give(ctx, "sedekah", 75_000)
    void_donation(ctx, voided, "salah jumlah")  # same day, before closing: an ordinary void
    clock.at(day, 17)
    seen = day_expectation(ctx, day)
    assert seen.expected_by_method() == {"tunai": 1_250_000, "transfer": 300_000, "qris": 0}
    assert seen.expected_by_method() | {"qris": 0} == _plain_sql_expected(ctx, *day_bounds(ctx, day)) | {"qris": 0}
    assert seen.closing is None and seen.receipts == 3
    events_before = _store_counts(ctx)[2]

    closing = close_day(ctx, CloseDayInput(
        day=day, counted={"tunai": 1_245_000, "transfer": 300_000},
        denominations={100_000: 12, 20_000: 2, 5_000: 1}, note="kurang Rp5.000, uang kembalian",
        seen_expected=seen.expected_by_method()), head_username="kepala", head_password=PASSWORD)

    assert closing.expected == 1_550_000 and closing.counted == 1_545_000 and closing.difference == -5_000
    assert closing.confirmed_by == "Hj. Aminah" and closing.closed_by == "Admin Uji"
    assert closing.denominations == {100_000: 12, 20_000: 2, 5_000: 1}
    assert dict(closing.totals_by_fund) == {"zakat_maal": 1_000_000, "infak_tidak_terikat": 250_000,
                                            "sedekah": 300_000}
    assert _store_counts(ctx)[2] == events_before + 1
    with ctx.store.read() as conn:
        event = list(iter_events(conn, ctx.office.identity))[-1]
    assert event["type"] == "day.closed"
    payload = event["payload"]
    assert payload["date"] == day.isoformat() and payload["office_id"] == "UPZ-UJI"
    assert payload["confirmed_by"] != payload["closed_by"]
    assert [(m["method"], m["expected"], m["counted"], m["difference"]) for m in payload["methods"]] == [
        ("tunai", 1_250_000, 1_245_000, -5_000), ("transfer", 300_000, 300_000, 0), ("qris", 0, 0, 0)]
    assert payload["late_void_adjustment"] == 0
    assert get_closing(ctx, day) == closing
    assert verify_store(ctx).ok


def test_late_void_is_an_adjustment_and_the_closed_figures_stay(
        ctx: AppContext, clock: Clock, head: UserInfo) -> None:
    first, second = days_ago(clock, 2), days_ago(clock, 1)
    clock.at(first, 9)
    keep = give(ctx, "zakat_maal", 500_000)
    late = give(ctx, "infak_tidak_terikat", 120_000)
    clock.at(first, 18)
    closed = close_day(ctx, CloseDayInput(day=first, counted={"tunai": 620_000}),
                       head_username="kepala", head_password=PASSWORD)
    with ctx.store.read() as conn:
        stored_before = conn.execute(select(day_closings).where(day_closings.c.id == closed.id)).one()

    clock.at(second, 8)
    login(ctx, "kepala", PASSWORD)
    void_donation(ctx, late, "donatur membatalkan, uang dikembalikan")
    give(ctx, "sedekah", 40_000)

    # The closed day: its stored figures are what they were, row for row.
    with ctx.store.read() as conn:
        assert conn.execute(select(day_closings).where(day_closings.c.id == closed.id)).one() == stored_before
        late_row = conn.execute(select(late_voids)).one()
        void_event = list(iter_events(conn, ctx.office.identity))[-2]
    assert get_closing(ctx, first) == closed and closed.expected == 620_000
    assert (late_row.receipt_number, late_row.day, late_row.void_day, late_row.amount, late_row.adjusted_in) == (
        late, first.isoformat(), second.isoformat(), 120_000, None)
    assert void_event["type"] == "donation.voided" and void_event["payload"]["late_void"] is True
    assert void_event["payload"]["closing_id"] == closed.id
    assert [v.receipt_number for v in late_voids_between(ctx, second, second)] == [late]

    # The next closing carries it: expected cash = today's 40.000 less the 120.000 paid back.
    seen = day_expectation(ctx, second)
    assert seen.late_void_adjustment == 120_000
    assert next((m.method, m.recorded, m.late_void, m.expected) for m in seen.methods) == (
        "tunai", 40_000, 120_000, -80_000)
    clock.at(second, 17)
    nxt = close_day(ctx, CloseDayInput(day=second, counted={"tunai": 0}, note="uang dikembalikan ke donatur",
                                       seen_expected=seen.expected_by_method()),
                    head_username="kepala", head_password=PASSWORD)
    assert nxt.late_void_adjustment == 120_000 and nxt.difference == 80_000
    with ctx.store.read() as conn:
        assert conn.execute(select(late_voids.c.adjusted_in)).scalar_one() == nxt.id
        last = select(journal.c.payload).order_by(journal.c.seq.desc()).limit(1)
        payload = json.loads(conn.execute(last).scalar_one())
    assert payload["late_void_adjustment"] == 120_000 and payload["late_voids"] == [late]
    assert keep  # the other receipt stays active
    assert [c.day for c in closings_of(ctx, first, second)] == [first, second]


def test_a_day_closes_once_and_reopening_needs_the_head_and_a_reason(
        ctx: AppContext, clock: Clock, head: UserInfo, clerk: UserInfo) -> None:
    day = days_ago(clock, 1)
    clock.at(day, 9)
    give(ctx, "sedekah", 10_000)
    clock.at(day, 16)
    close_day(ctx, CloseDayInput(day=day, counted={"tunai": 10_000}), head_username="kepala", head_password=PASSWORD)
    before = _store_counts(ctx)
    with pytest.raises(ValidationError) as again:
        close_day(ctx, CloseDayInput(day=day, counted={"tunai": 10_000}),
                  head_username="kepala", head_password=PASSWORD)
    assert again.value.code == "day_already_closed" and "Admin Uji" in str(again.value)
    # No donation on a closed day.
    with pytest.raises(ValidationError) as locked:
        give(ctx, "sedekah", 5_000)
    assert locked.value.code == "day_closed_no_new"
    assert _store_counts(ctx) == before

    login(ctx, "petugas", PASSWORD)
    with pytest.raises(PermissionDenied):
        reopen_day(ctx, day, "salah hitung")
    login(ctx, "kepala", PASSWORD)
    with pytest.raises(ValidationError) as no_reason:
        reopen_day(ctx, day, "  ")
    assert no_reason.value.code == "reopen_reason_required"
    assert _store_counts(ctx) == before
    reopened = reopen_day(ctx, day, "uang ditemukan di laci kedua")
    assert reopened.status == "dibuka" and reopened.reopened_by == "Hj. Aminah"
    assert get_closing(ctx, day) is None
    give(ctx, "sedekah", 5_000)  # open again: recording works
    closed_again = close_day(ctx, CloseDayInput(day=day, counted={"tunai": 15_000}),
                             head_username="kepala", head_password=PASSWORD)
    assert closed_again.expected == 15_000
    with ctx.store.read() as conn:
        types = [e["type"] for e in iter_events(conn, ctx.office.identity)][-3:]
    assert types == ["day.reopened", "donation.recorded", "day.closed"]
    with pytest.raises(dbapi.INTEGRITY_ERRORS):  # the stored figures refuse any edit, even by hand
        conn2 = dbapi.connect(ctx.store.paths.database)
        try:
            conn2.execute("UPDATE day_closings SET counted = 1 WHERE status = 'tutup'")
        finally:
            conn2.close()


def test_the_head_confirms_with_their_own_password(ctx: AppContext, clock: Clock, head: UserInfo,
                                                   clerk: UserInfo) -> None:
    day = days_ago(clock, 1)
    clock.at(day, 9)
    give(ctx, "sedekah", 10_000)
    login(ctx, "petugas", PASSWORD)  # a clerk counts
    before = _store_counts(ctx)
    with pytest.raises(AuthError):
        close_day(ctx, CloseDayInput(day=day, counted={"tunai": 10_000}), head_username="kepala",
                  head_password="salah")
    with pytest.raises(PermissionDenied):  # a clerk cannot confirm
        close_day(ctx, CloseDayInput(day=day, counted={"tunai": 10_000}), head_username="petugas",
                  head_password=PASSWORD)
    assert _store_counts(ctx) == before
    closing = close_day(ctx, CloseDayInput(day=day, counted={"tunai": 10_000}), head_username="kepala",
                        head_password=PASSWORD)
    assert (closing.closed_by, closing.confirmed_by) == ("Rudi Hartono", "Hj. Aminah")


@pytest.mark.parametrize(("counted", "denominations", "note", "code"), [
    ({"tunai": -5_000}, None, None, "amount_negative"),
    ({"tunai": "abc"}, None, None, "amount_not_number"),
    ({"tunai": 1.5}, None, None, "amount_not_number"),
    ({"tunai": True}, None, None, "amount_not_number"),
    ({"cek": 10_000, "tunai": 60_000}, None, None, "payment_method_unknown"),
    ({}, None, None, "closing_count_missing"),
    ({"tunai": 59_000}, None, None, "closing_note_required"),
    ({"tunai": 59_000}, None, "   ", "closing_note_required"),
    ({"tunai": 60_000}, {50_000: 1, 5_000: 2, 1_000: -1}, None, "denomination_count_invalid"),
    ({"tunai": 60_000}, {75_000: 1}, None, "denomination_unknown"),
    ({"tunai": 70_000}, {50_000: 1, 10_000: 1}, None, "denominations_mismatch"),
])
def test_bad_counts_are_refused_and_nothing_is_saved(
        ctx: AppContext, clock: Clock, head: UserInfo, counted: dict, denominations: dict | None,
        note: str | None, code: str) -> None:
    day = days_ago(clock, 1)
    clock.at(day, 9)
    give(ctx, "sedekah", 60_000)
    before = _store_counts(ctx)
    with pytest.raises(ValidationError) as refused:
        close_day(ctx, CloseDayInput(day=day, counted=counted, denominations=denominations, note=note),
                  head_username="kepala", head_password=PASSWORD)
    assert refused.value.code == code
    assert _store_counts(ctx) == before


def test_future_days_are_refused_and_today_can_be_closed(ctx: AppContext, clock: Clock, head: UserInfo) -> None:
    now_day = days_ago(clock, 0)
    clock.at(now_day, 15)
    before = _store_counts(ctx)
    with pytest.raises(ValidationError) as future:
        close_day(ctx, CloseDayInput(day=now_day + timedelta(days=1), counted={}),
                  head_username="kepala", head_password=PASSWORD)
    assert future.value.code == "closing_future_day"
    assert _store_counts(ctx) == before
    give(ctx, "sedekah", 10_000)
    close_day(ctx, CloseDayInput(day=now_day, counted={"tunai": 10_000}), head_username="kepala",
              head_password=PASSWORD)


def test_figures_that_changed_while_counting_are_refused(ctx: AppContext, clock: Clock, head: UserInfo) -> None:
    day = days_ago(clock, 0)
    clock.at(day, 15)
    give(ctx, "sedekah", 10_000)
    seen = day_expectation(ctx, day).expected_by_method()
    give(ctx, "sedekah", 20_000)  # another clerk takes a donation while the drawer is counted
    before = _store_counts(ctx)
    with pytest.raises(ValidationError) as changed:
        close_day(ctx, CloseDayInput(day=day, counted={"tunai": 10_000}, seen_expected=seen),
                  head_username="kepala", head_password=PASSWORD)
    assert changed.value.code == "closing_figures_changed"
    assert _store_counts(ctx) == before


def test_two_clerks_closing_the_same_day_on_the_same_store(
        ctx: AppContext, clock: Clock, head: UserInfo, office_dir) -> None:
    """Two contexts on one store file (two processes in real life) close the same day at once:
    exactly one succeeds, the other gets the clear message, nothing partial is stored."""
    day = days_ago(clock, 1)
    clock.at(day, 9)
    give(ctx, "sedekah", 10_000)
    other = open_context(office_dir, exclusive=False)
    try:
        login(other, "kepala", PASSWORD)
        other.clock = ctx.clock
        results: list[object] = []
        barrier = threading.Barrier(2)

        def close(c: AppContext) -> None:
            barrier.wait()
            try:
                results.append(close_day(c, CloseDayInput(day=day, counted={"tunai": 10_000}),
                                         head_username="kepala", head_password=PASSWORD))
            except AmilError as exc:
                results.append(exc)

        threads = [threading.Thread(target=close, args=(c,)) for c in (ctx, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        other.close()
    errors = [r for r in results if isinstance(r, AmilError)]
    assert len(results) == 2 and len(errors) == 1
    assert errors[0].code == "day_already_closed"
    assert "sudah ditutup" in str(errors[0])
    with ctx.store.read() as conn:
        assert conn.execute(select(func.count()).select_from(day_closings)).scalar_one() == 1
        assert [e["type"] for e in iter_events(conn, ctx.office.identity)].count("day.closed") == 1


def test_beranda_lists_past_days_with_donations_not_closed(ctx: AppContext, clock: Clock, head: UserInfo) -> None:
    for n in (5, 3, 2, 1):
        clock.at(days_ago(clock, n), 10)
        give(ctx, "sedekah", 10_000)
    clock.at(days_ago(clock, 4), 10)
    voided = give(ctx, "sedekah", 10_000)
    login(ctx, "kepala", PASSWORD)
    void_donation(ctx, voided, "salah input")  # a day with only a void has nothing to close
    clock.at(days_ago(clock, 0), 8)
    give(ctx, "sedekah", 10_000)  # today is not "past"
    assert unclosed_days(ctx) == [days_ago(clock, n) for n in (5, 3, 2, 1)]
    close_day(ctx, CloseDayInput(day=days_ago(clock, 3), counted={"tunai": 10_000}), head_username="kepala",
              head_password=PASSWORD)
    assert unclosed_days(ctx) == [days_ago(clock, n) for n in (5, 2, 1)]


def test_demo_cash_history_closes_a_day_and_deposits(ctx: AppContext, clock: Clock, head: UserInfo) -> None:
    from desktop.services.cash_demo import seed_cash_history
    from desktop.services.deposits import list_deposits

    for n in (3, 2):
        clock.at(days_ago(clock, n), 10)
        give(ctx, "zakat_maal", 1_000_000)
        give(ctx, "sedekah", 50_000, method="qris")
    clock.at(days_ago(clock, 0), 9)
    closing, deposit = seed_cash_history(ctx, "kepala", PASSWORD)
    assert closing is not None and closing.day == days_ago(clock, 2) and closing.difference == -5_000
    assert deposit is not None and list_deposits(ctx)[0].id == deposit.id
    assert dict(deposit.lines)["zakat_maal"] == (2_000_000 - 250_000) // 2
    assert unclosed_days(ctx) == [days_ago(clock, 3)]
    assert verify_store(ctx).ok
