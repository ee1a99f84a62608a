"""The journal is append-only, gap-free and chained; verify finds tampering behind the app's back."""

from __future__ import annotations

import itertools
import sqlite3

import pytest

from desktop.services.context import AppContext
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.status import verify_store
from desktop.store import dbapi
from desktop.store.journal import iter_events
from sync.protocol.canonical import GENESIS_HASH
from sync.protocol.events import compute_event_hash


def _donate(ctx: AppContext, amount: int = 100_000) -> str:
    return record_donation(ctx, DonationInput(lines=(LineInput("infak_tidak_terikat", amount=amount),),
                                              anonymous=True)).receipt_number


def _raw(ctx: AppContext) -> sqlite3.Connection:
    return dbapi.connect(ctx.store.paths.database)


def test_chain_links_every_event(ctx: AppContext) -> None:
    for _ in range(3):
        _donate(ctx)
    with ctx.store.read() as conn:
        events = list(iter_events(conn, ctx.office.identity))
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["prev_hash"] == GENESIS_HASH
    for previous, event in itertools.pairwise(events):
        assert event["prev_hash"] == previous["hash"]
        assert compute_event_hash(event) == event["hash"]
    assert verify_store(ctx).ok


@pytest.mark.parametrize("statement", [
    "UPDATE journal SET payload = '{}' WHERE seq = 2",
    "DELETE FROM journal WHERE seq = 2",
    "UPDATE donations SET total = 1",
    "DELETE FROM donations",
    "UPDATE donation_lines SET amount = 1",
    "UPDATE receipt_counters SET last_seq = 0",
])
def test_triggers_refuse_rewrites(ctx: AppContext, statement: str) -> None:
    _donate(ctx)
    conn = _raw(ctx)
    with pytest.raises(dbapi.INTEGRITY_ERRORS):
        conn.execute(statement)
    conn.close()


def test_journal_insert_must_follow_last_seq(ctx: AppContext) -> None:
    conn = _raw(ctx)
    with pytest.raises(dbapi.INTEGRITY_ERRORS):
        conn.execute("INSERT INTO journal VALUES (99, 'x', 't', 'e', 'now', NULL, '{}', ?, ?)",
                     (GENESIS_HASH, GENESIS_HASH))
    conn.close()


def _tamper(ctx: AppContext, *statements: str) -> None:
    conn = _raw(ctx)
    conn.executescript("".join(
        ["DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; DROP TRIGGER journal_gap_free;",
         "DROP TRIGGER donations_no_delete; DROP TRIGGER donations_immutable;", *statements]))
    conn.close()


def test_verify_names_the_altered_row(ctx: AppContext) -> None:
    for _ in range(4):
        _donate(ctx)
    with ctx.store.read() as conn:
        target = [e for e in iter_events(conn, ctx.office.identity) if e["type"] == "donation.recorded"][1]
    payload = dict(target["payload"], total=1)
    import json
    _tamper(ctx, f"UPDATE journal SET payload = '{json.dumps(payload)}' WHERE seq = {target['seq']};")
    report = verify_store(ctx)
    assert not report.ok and report.bad_seq == target["seq"]


def test_verify_finds_removed_event(ctx: AppContext) -> None:
    for _ in range(3):
        _donate(ctx)
    _tamper(ctx, "DELETE FROM journal WHERE seq = 3;")
    report = verify_store(ctx)
    assert not report.ok and report.bad_seq == 3


def test_verify_finds_donation_inserted_without_event(ctx: AppContext) -> None:
    _donate(ctx)
    _tamper(ctx, "INSERT INTO donations SELECT 'forged', 'UPZ-UJI/2099/B/000001', donor_id, donor_name, "
                 "donor_nik, donor_npwp, donor_address, anonymous, 5, payment_method, payment_reference, "
                 "recorded_at, user_id, status, void_reason, voided_at, voided_by, collective_id "
                 "FROM donations LIMIT 1;")
    report = verify_store(ctx)
    assert not report.ok and "no journal event" in (report.reason or "")


def test_verify_finds_forged_event_appended(ctx: AppContext) -> None:
    _donate(ctx)
    with ctx.store.read() as conn:
        last = list(iter_events(conn, ctx.office.identity))[-1]
    _tamper(ctx, f"INSERT INTO journal VALUES ({last['seq'] + 1}, 'forged', 'donation.voided', 'x', "
                 f"'{last['occurred_at']}', NULL, '{{}}', '{last['hash']}', '{'a' * 64}');")
    report = verify_store(ctx)
    assert not report.ok and report.bad_seq == last["seq"] + 1
