"""verify_journal proves an intact journal in bulk (one SQL pass for the links and donation rows, on a
second thread when it has a reader; one pass for the hashes) and walks row by row only when something
is off, so a break anywhere, early or late, at a link or in a hash, is still named exactly."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection

from desktop.services.context import AppContext
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.store import dbapi
from desktop.store.journal import VerifyReport, _bulk_checks, bodies_match, high_seq, iter_events, verify_journal
from desktop.store.journal_bulk import append_events, canonical_payload
from desktop.store.journal_rebase import rebase_journal
from sync.protocol.events import DONATION_RECORDED, compute_event_hash

EVENTS = 3_000


def _fill(ctx: AppContext, count: int = EVENTS) -> int:
    items = [(f"key-{i}", canonical_payload({"key": f"key-{i}", "value": "ñ" * (i % 7), "n": i}))
             for i in range(count)]
    with ctx.store.write() as conn:
        return append_events(conn, ctx.office.identity, type="settings.changed", items=items,
                             user_id=None, occurred_at=ctx.now_iso())


def _reader(ctx: AppContext) -> Callable[[], sqlite3.Connection]:
    database: Path = ctx.store.paths.database
    return lambda: dbapi.connect(f"file:{database}?mode=ro", uri=True)


def _tamper(ctx: AppContext, *statements: str, params: tuple[object, ...] = ()) -> None:
    raw = dbapi.connect(ctx.store.paths.database)
    try:
        raw.executescript("DROP TRIGGER journal_no_update;")
        for statement in statements:
            raw.execute(statement, params)
        raw.commit()
    finally:
        raw.close()


def _verify(ctx: AppContext, threaded: bool) -> VerifyReport:
    with ctx.store.read() as conn:
        return verify_journal(conn, ctx.office.identity, reader=_reader(ctx) if threaded else None)


def _raw(conn: Connection) -> sqlite3.Connection:
    return dbapi.driver_connection(conn)


def test_an_intact_journal_verifies_the_same_with_and_without_a_reader(ctx: AppContext) -> None:
    high = _fill(ctx)
    alone, threaded = _verify(ctx, False), _verify(ctx, True)
    assert alone.ok and threaded.ok, (alone, threaded)
    assert alone == threaded and alone.events == high
    with ctx.store.read() as conn:
        last = next(iter_events(conn, ctx.office.identity, after_seq=high - 1))
        # the bulk checks themselves pass (the row-by-row walk is not what made it ok)
        assert _bulk_checks(_raw(conn)).links_hold and _bulk_checks(_raw(conn)).donations_match
        assert bodies_match(_raw(conn), ctx.office.identity)
    assert alone.last_hash == last["hash"]


@pytest.mark.parametrize("threaded", [False, True])
def test_a_changed_payload_late_in_the_journal_is_named_with_its_seq(ctx: AppContext, threaded: bool) -> None:
    high = _fill(ctx)
    target = high - EVENTS // 4  # in the second half
    _tamper(ctx, "UPDATE journal SET payload = replace(payload, '\"n\":', '\"n\":1') WHERE seq = ?",
            params=(target,))
    report = _verify(ctx, threaded)
    assert not report.ok and report.bad_seq == target and "hash" in (report.reason or "")
    assert report.events == target - 1
    with ctx.store.read() as conn:
        assert not bodies_match(_raw(conn), ctx.office.identity)
        assert _bulk_checks(_raw(conn)).links_hold  # the links still hold: only the hash pass saw it


@pytest.mark.parametrize("threaded", [False, True])
def test_a_relinked_event_is_named_by_the_link_check(ctx: AppContext, threaded: bool) -> None:
    """An event whose prev_hash was changed and whose hash was recomputed to match: every hash holds,
    only the link to the event before it is broken."""
    high = _fill(ctx)
    border = high - 700
    with ctx.store.read() as conn:
        event = next(iter_events(conn, ctx.office.identity, after_seq=border - 1, limit=1))
    forged = {**event, "prev_hash": "cd" * 32}
    _tamper(ctx, "UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?",
            params=(forged["prev_hash"], compute_event_hash(forged), border))
    with ctx.store.read() as conn:
        assert bodies_match(_raw(conn), ctx.office.identity)
        assert not _bulk_checks(_raw(conn)).links_hold
    report = _verify(ctx, threaded)
    assert not report.ok and report.bad_seq == border and "prev_hash" in (report.reason or "")


def test_a_rebased_journal_passes_the_bulk_link_check(ctx: AppContext) -> None:
    _fill(ctx, 50)
    with ctx.store.read() as conn:
        local_high = high_seq(conn)
    with ctx.store.write() as conn:
        rebase_journal(conn, ctx.office.identity, base_seq=local_high + 5, base_hash="ab" * 32,
                       fork_seq=local_high - 9, now=ctx.now_iso(), reason="test")
    _fill(ctx, 20)
    report = _verify(ctx, True)
    assert report.ok and report.moved == 10, report
    with ctx.store.read() as conn:
        assert _bulk_checks(_raw(conn)).links_hold
    _tamper(ctx, "UPDATE journal SET prev_hash = ? WHERE seq = ?", params=("ef" * 32, local_high + 6))
    broken = _verify(ctx, True)
    assert not broken.ok and broken.bad_seq == local_high + 6


def test_a_second_event_for_one_donation_does_not_cover_a_donation_without_one(ctx: AppContext) -> None:
    """Counting events per donation would match here (two events, two rows); the distinct count does not."""
    recorded = record_donation(ctx, DonationInput(lines=(LineInput("infak_tidak_terikat", amount=10_000),),
                                                  anonymous=True))
    with ctx.store.read() as conn:
        payload = next(e for e in iter_events(conn, ctx.office.identity) if e["type"] == DONATION_RECORDED)["payload"]
    with ctx.store.write() as conn:  # a valid chain: only the donation rows are off
        append_events(conn, ctx.office.identity, type=DONATION_RECORDED,
                      items=[(recorded.id, canonical_payload(payload))], user_id=None, occurred_at=ctx.now_iso())
    raw = dbapi.connect(ctx.store.paths.database)
    try:
        raw.execute("INSERT INTO donations SELECT 'forged', 'UPZ-UJI/2099/B/000001', donor_id, donor_name, "
                    "donor_nik, donor_npwp, donor_address, anonymous, total, payment_method, payment_reference, "
                    "recorded_at, user_id, status, void_reason, voided_at, voided_by, collective_id FROM donations")
        raw.commit()
    finally:
        raw.close()
    with ctx.store.read() as conn:
        bulk = _bulk_checks(_raw(conn))
    assert bulk.links_hold and not bulk.donations_match
    for threaded in (False, True):
        report = _verify(ctx, threaded)
        assert not report.ok and report.reason == "1 donation row(s) have no journal event (e.g. forged)"
