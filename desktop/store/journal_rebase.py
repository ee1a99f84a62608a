"""Rebase the journal onto the district's history after a restore from an older backup.

A restored store holds fewer events than the district acknowledged (``acked_seq``/``last_hash`` of
``GET /devices/me``), and may already hold new events the clerk recorded after the restore, under
seqs the district has for *other* events. Re-sending would be refused and the new events would be
stuck forever; overwriting the district's events is forbidden. So, in ONE transaction:

1. the local events from ``fork_seq`` on (the district never had them) are copied verbatim into
   ``journal_orphans`` and removed from the journal, last first (the delete trigger allows exactly
   that move and nothing else);
2. ``journal_base`` records the jump: the journal continues after ``base_seq`` with
   ``prev_hash = base_hash``;
3. the moved events are appended again after the base: same event id, type, entity, time, user and
   payload, new seq and hash. The local tables already reflect them, so nothing else changes.

``verify_journal`` walks every segment and the moved events; nothing is ever lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from desktop.store.identity import DeviceIdentity
from desktop.store.journal import append_event, high_seq
from desktop.store.tables import journal, journal_base, journal_orphans


@dataclass(frozen=True)
class RebaseResult:
    base_seq: int
    fork_seq: int
    moved: int
    high_seq: int  # after the re-appended events


def rebase_journal(
    conn: Connection, identity: DeviceIdentity, *, base_seq: int, base_hash: str, fork_seq: int, now: str,
    reason: str,
) -> RebaseResult:
    """Continue the journal after ``base_seq``/``base_hash``, moving local events ``fork_seq..`` past it.

    Runs inside the caller's write transaction, so a failure leaves the journal as it was.
    ``fork_seq`` is the first local seq the district does not hold with the same hash (the
    journal's high seq + 1 when the local journal is a plain prefix of the district's history).
    """
    local_high = high_seq(conn)
    fork_seq = min(fork_seq, local_high + 1)
    if fork_seq < 1 or base_seq < fork_seq - 1 or base_seq <= 0:
        raise ValueError(f"cannot rebase at {base_seq} with fork {fork_seq} (journal ends at {local_high})")
    if len(base_hash) != 64:
        raise ValueError("base_hash must be a 64-hex hash")
    rows = conn.execute(select(journal).where(journal.c.seq >= fork_seq).order_by(journal.c.seq)).all()
    if rows:
        conn.execute(insert(journal_orphans), [
            {"base_seq": base_seq, "seq": r.seq, "event_id": r.event_id, "type": r.type, "entity_id": r.entity_id,
             "occurred_at": r.occurred_at, "user_id": r.user_id, "payload": r.payload, "prev_hash": r.prev_hash,
             "hash": r.hash}
            for r in rows
        ])
        for row in reversed(rows):  # the trigger allows removing only the last row
            conn.execute(delete(journal).where(journal.c.seq == row.seq))
    conn.execute(insert(journal_base).values(
        base_seq=base_seq, base_hash=base_hash, fork_seq=fork_seq, local_high_seq=local_high, moved=len(rows),
        recorded_at=now, reason=reason[:200],
    ))
    for row in rows:
        append_event(
            conn, identity, type=row.type, entity_id=row.entity_id, payload=json.loads(row.payload),
            user_id=row.user_id, occurred_at=row.occurred_at, event_id=row.event_id,
        )
    return RebaseResult(base_seq=base_seq, fork_seq=fork_seq, moved=len(rows), high_seq=high_seq(conn))
