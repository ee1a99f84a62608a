"""Journal base: a restored device continues after the district's seq; moves keep every event."""

from __future__ import annotations

import pytest

from desktop.services.context import AppContext
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.status import verify_store
from desktop.store import dbapi
from desktop.store.journal import hash_at, high_seq, iter_events, orphan_events
from desktop.store.journal_rebase import rebase_journal
from sync.protocol.events import compute_event_hash

SERVER_HASH = "ab" * 32


def _donate(ctx: AppContext) -> str:
    return record_donation(ctx, DonationInput(lines=(LineInput("infak_tidak_terikat", amount=10_000),),
                                              anonymous=True)).id


def _events(ctx: AppContext) -> list[dict[str, object]]:
    with ctx.store.read() as conn:
        return list(iter_events(conn, ctx.office.identity))


def test_prefix_rebase_continues_after_the_base(ctx: AppContext) -> None:
    _donate(ctx)
    with ctx.store.read() as conn:
        local_high = high_seq(conn)
    with ctx.store.write() as conn:
        result = rebase_journal(conn, ctx.office.identity, base_seq=local_high + 5, base_hash=SERVER_HASH,
                                fork_seq=local_high + 1, now=ctx.now_iso(), reason="test")
    assert result.moved == 0 and result.high_seq == local_high + 5
    with ctx.store.read() as conn:
        assert high_seq(conn) == local_high + 5 and hash_at(conn, local_high + 5) == SERVER_HASH
        assert hash_at(conn, local_high + 2) is None
    _donate(ctx)
    events = _events(ctx)
    assert events[-1]["seq"] == local_high + 6 and events[-1]["prev_hash"] == SERVER_HASH
    report = verify_store(ctx)
    assert report.ok, report
    assert [r.base_seq for r in report.rebases] == [local_high + 5] and report.moved == 0


def test_fork_moves_the_tail_verbatim_and_replays_it(ctx: AppContext) -> None:
    _donate(ctx)
    with ctx.store.read() as conn:
        fork = high_seq(conn) + 1
    new_ids = [_donate(ctx), _donate(ctx)]
    before = [e for e in _events(ctx) if int(e["seq"]) >= fork]  # type: ignore[call-overload]
    base = fork + 1  # the district holds two *other* events at fork, fork + 1
    with ctx.store.write() as conn:
        result = rebase_journal(conn, ctx.office.identity, base_seq=base, base_hash=SERVER_HASH, fork_seq=fork,
                                now=ctx.now_iso(), reason="restored")
    assert result.moved == len(before) and result.high_seq == base + len(before)
    after = _events(ctx)
    replayed = [e for e in after if int(e["seq"]) > base]  # type: ignore[call-overload]
    assert [e["event_id"] for e in replayed] == [e["event_id"] for e in before]
    assert [e["payload"] for e in replayed] == [e["payload"] for e in before]
    assert replayed[0]["prev_hash"] == SERVER_HASH
    assert all(compute_event_hash(e) == e["hash"] for e in replayed)
    with ctx.store.read() as conn:
        assert orphan_events(conn, ctx.office.identity, base) == before
    report = verify_store(ctx)
    assert report.ok, report
    assert report.moved == len(before) and report.events == len(after)
    assert {str(e["entity_id"]) for e in replayed} >= set(new_ids)


def test_move_and_base_refuse_everything_but_a_rebase(ctx: AppContext) -> None:
    _donate(ctx)
    _donate(ctx)
    conn = dbapi.connect(ctx.store.paths.database)
    try:
        with pytest.raises(dbapi.INTEGRITY_ERRORS):  # no copy kept: not a move
            conn.execute("DELETE FROM journal WHERE seq = (SELECT max(seq) FROM journal)")
        conn.execute("INSERT INTO journal_orphans SELECT 0, seq, event_id, type, entity_id, occurred_at, "
                     "user_id, payload, prev_hash, hash FROM journal WHERE seq = 2")
        with pytest.raises(dbapi.INTEGRITY_ERRORS):  # a copy, but not the last row
            conn.execute("DELETE FROM journal WHERE seq = 2")
        with pytest.raises(dbapi.INTEGRITY_ERRORS):  # a base inside the journal
            conn.execute("INSERT INTO journal_base VALUES (1, ?, 2, 2, 0, 'now', 'x')", (SERVER_HASH,))
        with pytest.raises(dbapi.INTEGRITY_ERRORS):
            conn.execute("DELETE FROM journal_orphans")
        conn.execute("INSERT INTO journal_base VALUES (100, ?, 101, 5, 0, 'now', 'x')", (SERVER_HASH,))
        with pytest.raises(dbapi.INTEGRITY_ERRORS):  # numbering continues after the base only
            conn.execute("INSERT INTO journal SELECT 6, 'x', type, entity_id, occurred_at, user_id, payload, "
                         "prev_hash, hash FROM journal WHERE seq = 1")
        with pytest.raises(dbapi.INTEGRITY_ERRORS):
            conn.execute("UPDATE journal_base SET base_hash = 'x'")
        conn.rollback()
    finally:
        conn.close()


def test_verify_reports_a_jump_without_a_base(ctx: AppContext) -> None:
    _donate(ctx)
    conn = dbapi.connect(ctx.store.paths.database)
    conn.executescript("DROP TRIGGER journal_gap_free;"
                       "INSERT INTO journal SELECT seq + 10, event_id || 'x', type, entity_id, occurred_at, user_id,"
                       " payload, prev_hash, hash FROM journal WHERE seq = (SELECT max(seq) FROM journal);")
    conn.close()
    report = verify_store(ctx)
    assert not report.ok and "expected seq" in (report.reason or "")
