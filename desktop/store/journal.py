"""The append-only journal: one chained event per change, written in the change's own transaction.

It is at once the sync outbox (events above the server's acknowledged seq are unsent) and the
tamper-evidence chain that ``amildesk verify`` re-walks. The chain format is shared with the district
server through ``sync.protocol.events``.

Numbering is gap-free except at a recorded *journal base* (``journal_base``): after a restore from
an older backup the journal continues after the district's acknowledged seq with its hash (see
``desktop.store.journal_rebase``). ``append_event``, ``high_seq``, ``hash_at`` and ``verify_journal``
all honour the bases; the jump itself is reported, not an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from desktop.core.ids import new_uuid7
from desktop.store.identity import DeviceIdentity
from desktop.store.tables import donations, journal, journal_base, journal_orphans
from sync.protocol.canonical import GENESIS_HASH, canonical_json
from sync.protocol.events import DONATION_RECORDED, ChainBreak, compute_event_hash, verify_chain


def append_event(
    conn: Connection,
    identity: DeviceIdentity,
    *,
    type: str,
    entity_id: str,
    payload: dict[str, Any],
    user_id: str | None,
    occurred_at: str,
    event_id: str | None = None,
) -> dict[str, Any]:
    """Append one event after the current last one (or after the newest base) and return it.

    ``event_id`` is given only when a rebase re-appends a moved event: the same fact keeps its id.
    """
    seq, prev_hash = next_position(conn)
    body: dict[str, Any] = {
        "seq": seq,
        "event_id": event_id or new_uuid7(),
        "device_id": identity.device_id,
        "office_id": identity.office_code,
        "type": type,
        "entity_id": entity_id,
        "occurred_at": occurred_at,
        "user_id": user_id,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    event_hash = compute_event_hash(body)
    conn.execute(
        insert(journal).values(
            seq=seq,
            event_id=body["event_id"],
            type=type,
            entity_id=entity_id,
            occurred_at=occurred_at,
            user_id=user_id,
            payload=canonical_json(payload).decode("utf-8"),
            prev_hash=body["prev_hash"],
            hash=event_hash,
        )
    )
    return {**body, "hash": event_hash}


def _newest_base(conn: Connection) -> tuple[int, str] | None:
    row = conn.execute(
        select(journal_base.c.base_seq, journal_base.c.base_hash).order_by(journal_base.c.base_seq.desc()).limit(1)
    ).first()
    return None if row is None else (int(row.base_seq), str(row.base_hash))


def next_position(conn: Connection) -> tuple[int, str]:
    """The seq and prev_hash of the next event: after the last row, or after a newer base."""
    last = conn.execute(select(journal.c.seq, journal.c.hash).order_by(journal.c.seq.desc()).limit(1)).first()
    seq, prev_hash = (0, GENESIS_HASH) if last is None else (int(last.seq), str(last.hash))
    base = _newest_base(conn)
    if base is not None and base[0] > seq:
        seq, prev_hash = base
    return seq + 1, prev_hash


def high_seq(conn: Connection) -> int:
    """The highest seq this device's history has reached (a base counts: the server holds up to it)."""
    return next_position(conn)[0] - 1


def hash_at(conn: Connection, seq: int) -> str | None:
    """The hash of event ``seq`` in this device's history: its row, a base's hash, GENESIS for 0."""
    if seq == 0:
        return GENESIS_HASH
    value = conn.execute(select(journal.c.hash).where(journal.c.seq == seq)).scalar()
    if value is None:
        value = conn.execute(select(journal_base.c.base_hash).where(journal_base.c.base_seq == seq)).scalar()
    return None if value is None else str(value)


def iter_events(
    conn: Connection, identity: DeviceIdentity, *, after_seq: int = 0, limit: int | None = None,
    chunk: int = 2000,
) -> Iterator[dict[str, Any]]:
    """Events with seq > ``after_seq`` in order, as the wire dicts that were hashed."""
    remaining = limit
    cursor = after_seq
    while remaining is None or remaining > 0:
        size = chunk if remaining is None else min(chunk, remaining)
        rows = conn.execute(
            select(journal).where(journal.c.seq > cursor).order_by(journal.c.seq).limit(size)
        ).all()
        if not rows:
            return
        for row in rows:
            yield {
                "seq": row.seq,
                "event_id": row.event_id,
                "device_id": identity.device_id,
                "office_id": identity.office_code,
                "type": row.type,
                "entity_id": row.entity_id,
                "occurred_at": row.occurred_at,
                "user_id": row.user_id,
                "payload": json.loads(row.payload),
                "prev_hash": row.prev_hash,
                "hash": row.hash,
            }
        cursor = int(rows[-1].seq)
        if remaining is not None:
            remaining -= len(rows)


@dataclass(frozen=True)
class Rebase:
    """One recorded jump of the numbering: the journal continues after ``base_seq``."""

    base_seq: int
    fork_seq: int  # first moved seq (base_seq + 1 ... when nothing was moved: fork_seq > local_high_seq)
    local_high_seq: int
    moved: int
    recorded_at: str
    reason: str


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    events: int
    last_hash: str
    bad_seq: int | None = None
    reason: str | None = None
    rebases: tuple[Rebase, ...] = ()
    moved: int = 0  # events kept in journal_orphans (re-appended after a base)


def _rebases(conn: Connection) -> dict[int, Rebase]:
    rows = conn.execute(select(journal_base).order_by(journal_base.c.base_seq)).all()
    return {
        int(r.base_seq): Rebase(int(r.base_seq), int(r.fork_seq), int(r.local_high_seq), int(r.moved),
                                str(r.recorded_at), str(r.reason))
        for r in rows
    }


def orphan_events(conn: Connection, identity: DeviceIdentity, base_seq: int) -> list[dict[str, Any]]:
    """The events a rebase at ``base_seq`` moved out of the journal, as the wire dicts that were hashed."""
    rows = conn.execute(
        select(journal_orphans).where(journal_orphans.c.base_seq == base_seq).order_by(journal_orphans.c.seq)
    ).all()
    return [
        {"seq": r.seq, "event_id": r.event_id, "device_id": identity.device_id, "office_id": identity.office_code,
         "type": r.type, "entity_id": r.entity_id, "occurred_at": r.occurred_at, "user_id": r.user_id,
         "payload": json.loads(r.payload), "prev_hash": r.prev_hash, "hash": r.hash}
        for r in rows
    ]


def verify_journal(conn: Connection, identity: DeviceIdentity) -> VerifyReport:
    """Re-walk the whole chain segment by segment, then check every donation row has its event.

    A jump in the numbering is accepted only at a recorded base, and the next event must point at
    the base's hash. Moved events (``journal_orphans``) are walked too: each group must chain onto
    the journal at its fork point, so a move can never hide a change.
    """
    bases = _rebases(conn)
    prev_hash = GENESIS_HASH
    expected = 1
    count = 0
    recorded_ids: set[str] = set()
    batch: list[dict[str, Any]] = []
    hashes_at_forks: dict[int, str] = {}
    forks = {rebase.fork_seq - 1 for rebase in bases.values()}

    def flush() -> None:
        nonlocal prev_hash, expected
        prev_hash = verify_chain(batch, expected_first_seq=expected, prev_hash=prev_hash)
        expected += len(batch)
        batch.clear()

    try:
        for event in iter_events(conn, identity):
            seq = int(event["seq"])
            if seq != expected + len(batch):
                flush()
                base = bases.get(seq - 1)
                if base is not None and base.base_seq >= expected:
                    expected, prev_hash = base.base_seq + 1, hash_at(conn, base.base_seq) or ""
            count += 1
            if event["type"] == DONATION_RECORDED:
                recorded_ids.add(str(event["entity_id"]))
            batch.append(event)
            if seq in forks:
                hashes_at_forks[seq] = str(event["hash"])
            if len(batch) >= 2000:
                flush()
        flush()
    except ChainBreak as exc:
        return VerifyReport(False, count, prev_hash, exc.seq, exc.reason, tuple(bases.values()))
    moved = 0
    for base in bases.values():
        orphans = orphan_events(conn, identity, base.base_seq)
        moved += len(orphans)
        if len(orphans) != base.moved:
            return VerifyReport(False, count, prev_hash, base.base_seq,
                                f"journal base {base.base_seq} moved {base.moved} events, {len(orphans)} kept",
                                tuple(bases.values()), moved)
        if not orphans:
            continue
        start = base.fork_seq - 1
        fork_hash = GENESIS_HASH if start == 0 else hashes_at_forks.get(start) or hash_at(conn, start)
        try:
            verify_chain(orphans, expected_first_seq=base.fork_seq, prev_hash=fork_hash or "")
        except ChainBreak as exc:
            return VerifyReport(False, count, prev_hash, exc.seq, f"moved event: {exc.reason}",
                                tuple(bases.values()), moved)
    stray = conn.execute(
        select(func.count()).select_from(journal_orphans)
        .where(journal_orphans.c.base_seq.not_in(list(bases) or [-1]))
    ).scalar_one()
    if stray:
        return VerifyReport(False, count, prev_hash, None, f"{stray} moved event(s) have no journal base",
                            tuple(bases.values()), moved)
    stored_ids = {str(row[0]) for row in conn.execute(select(donations.c.id))}
    unrecorded = stored_ids - recorded_ids
    if unrecorded:
        return VerifyReport(
            False, count, prev_hash, expected,
            f"{len(unrecorded)} donation row(s) have no journal event (e.g. {sorted(unrecorded)[0]})",
            tuple(bases.values()), moved,
        )
    missing = recorded_ids - stored_ids
    if missing:
        return VerifyReport(
            False, count, prev_hash, expected,
            f"{len(missing)} journalled donation(s) are missing from the donations table",
            tuple(bases.values()), moved,
        )
    return VerifyReport(True, count, prev_hash, rebases=tuple(bases.values()), moved=moved)
