"""The append-only journal: one chained event per change, written in the change's own transaction.

It is at once the sync outbox (events above the server's acknowledged seq are unsent) and the
tamper-evidence chain that ``amildesk verify`` re-walks. The chain format is shared with the district
server through ``sync.protocol.events``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from desktop.core.ids import new_uuid7
from desktop.store.identity import DeviceIdentity
from desktop.store.tables import donations, journal
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
) -> dict[str, Any]:
    """Append one event after the current last one and return it (with seq and hash)."""
    last = conn.execute(select(journal.c.seq, journal.c.hash).order_by(journal.c.seq.desc()).limit(1)).first()
    seq = 1 if last is None else int(last.seq) + 1
    body: dict[str, Any] = {
        "seq": seq,
        "event_id": new_uuid7(),
        "device_id": identity.device_id,
        "office_id": identity.office_code,
        "type": type,
        "entity_id": entity_id,
        "occurred_at": occurred_at,
        "user_id": user_id,
        "payload": payload,
        "prev_hash": GENESIS_HASH if last is None else str(last.hash),
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


def high_seq(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(journal.c.seq), 0))).scalar_one())


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
class VerifyReport:
    ok: bool
    events: int
    last_hash: str
    bad_seq: int | None = None
    reason: str | None = None


def verify_journal(conn: Connection, identity: DeviceIdentity) -> VerifyReport:
    """Re-walk the whole chain, then check every donation row is backed by its journal event."""
    prev_hash = GENESIS_HASH
    expected = 1
    count = 0
    recorded_ids: set[str] = set()
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal prev_hash, expected
        prev_hash = verify_chain(batch, expected_first_seq=expected, prev_hash=prev_hash)
        expected += len(batch)
        batch.clear()

    try:
        for event in iter_events(conn, identity):
            count += 1
            if event["type"] == DONATION_RECORDED:
                recorded_ids.add(str(event["entity_id"]))
            batch.append(event)
            if len(batch) >= 2000:
                flush()
        flush()
    except ChainBreak as exc:
        return VerifyReport(False, count, prev_hash, exc.seq, exc.reason)
    stored_ids = {str(row[0]) for row in conn.execute(select(donations.c.id))}
    unrecorded = stored_ids - recorded_ids
    if unrecorded:
        return VerifyReport(
            False, count, prev_hash, expected,
            f"{len(unrecorded)} donation row(s) have no journal event (e.g. {sorted(unrecorded)[0]})",
        )
    missing = recorded_ids - stored_ids
    if missing:
        return VerifyReport(
            False, count, prev_hash, expected,
            f"{len(missing)} journalled donation(s) are missing from the donations table",
        )
    return VerifyReport(True, count, prev_hash)
