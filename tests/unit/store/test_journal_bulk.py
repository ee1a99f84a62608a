"""Bulk journal append: the same chain as one ``append_event`` per change, after a base too."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.services.context import AppContext
from desktop.services.status import verify_store
from desktop.store import dbapi
from desktop.store.journal import append_event, high_seq, iter_events
from desktop.store.journal_bulk import append_events, canonical_payload
from desktop.store.journal_rebase import rebase_journal
from sync.protocol.events import BENEFICIARY_SAVED, compute_event_hash

PAYLOADS: list[dict[str, Any]] = [
    {"id": "a", "name": 'Siti "Ibu" \\ Aminah', "decile": 3, "note": None},
    {"id": "b", "name": "Muḥammad Ünïcode ✓\n\t\u0001", "list": [1, {"z": 1, "a": None}]},
    {"id": "c", "name": "", "empty": {}},
]


def _events(ctx: AppContext) -> list[dict[str, object]]:
    with ctx.store.read() as conn:
        return list(iter_events(conn, ctx.office.identity))


@pytest.mark.parametrize("user_id", [None, "user-1"])
def test_bulk_events_hash_like_single_ones(ctx: AppContext, user_id: str | None) -> None:
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        before = high_seq(conn)
        last = append_events(conn, ctx.office.identity, type=BENEFICIARY_SAVED,
                             items=[(str(p["id"]), canonical_payload(p)) for p in PAYLOADS],
                             user_id=user_id, occurred_at=now)
        single = append_event(conn, ctx.office.identity, type=BENEFICIARY_SAVED, entity_id="d",
                              payload={"id": "d"}, user_id=user_id, occurred_at=now)
    assert last == before + 3 and single["seq"] == before + 4
    events = _events(ctx)
    bulk = events[before:before + 3]
    assert [e["payload"] for e in bulk] == PAYLOADS
    assert all(compute_event_hash(e) == e["hash"] for e in bulk)
    assert events[before + 3]["prev_hash"] == bulk[-1]["hash"]
    assert verify_store(ctx).ok


def test_bulk_append_continues_after_a_journal_base(ctx: AppContext) -> None:
    with ctx.store.write() as conn:
        local_high = high_seq(conn)
        rebase_journal(conn, ctx.office.identity, base_seq=local_high + 7, base_hash="cd" * 32,
                       fork_seq=local_high + 1, now=ctx.now_iso(), reason="test")
        append_events(conn, ctx.office.identity, type=BENEFICIARY_SAVED,
                      items=[("x", canonical_payload({"id": "x"}))], user_id=None, occurred_at=ctx.now_iso())
    event = _events(ctx)[-1]
    assert (event["seq"], event["prev_hash"]) == (local_high + 8, "cd" * 32)
    assert verify_store(ctx).ok


def test_nothing_to_append(ctx: AppContext) -> None:
    with ctx.store.write() as conn:
        before = high_seq(conn)
        assert append_events(conn, ctx.office.identity, type=BENEFICIARY_SAVED, items=[], user_id=None,
                             occurred_at=ctx.now_iso()) == before


def test_bulk_events_are_append_only_too(ctx: AppContext) -> None:
    with ctx.store.write() as conn:
        append_events(conn, ctx.office.identity, type=BENEFICIARY_SAVED,
                      items=[(str(p["id"]), canonical_payload(p)) for p in PAYLOADS], user_id=None,
                      occurred_at=ctx.now_iso())
    raw = dbapi.connect(ctx.store.paths.database)
    with pytest.raises(dbapi.INTEGRITY_ERRORS):
        raw.execute("UPDATE journal SET payload = '{}' WHERE seq = (SELECT max(seq) FROM journal)")
    raw.close()
