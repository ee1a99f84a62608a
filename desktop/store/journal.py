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
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from hashlib import sha256
from typing import Any

from sqlalchemy import Connection, func, insert, select

from desktop.core.ids import new_uuid7
from desktop.store.dbapi import driver_connection
from desktop.store.identity import DeviceIdentity
from desktop.store.tables import journal, journal_base, journal_orphans
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


# The chain's position, read on every append and several times around every sync: plain SQL on the
# transaction's own sqlite3 connection (a SQLAlchemy statement cost ~10x the indexed lookup).
_LAST_SQL = "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"
_NEWEST_BASE_SQL = "SELECT base_seq, base_hash FROM journal_base ORDER BY base_seq DESC LIMIT 1"
_HASH_AT_SQL = "SELECT hash FROM journal WHERE seq = ?"
_BASE_HASH_AT_SQL = "SELECT base_hash FROM journal_base WHERE base_seq = ?"


def _newest_base(conn: Connection) -> tuple[int, str] | None:
    row = driver_connection(conn).execute(_NEWEST_BASE_SQL).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def next_position(conn: Connection) -> tuple[int, str]:
    """The seq and prev_hash of the next event: after the last row, or after a newer base."""
    raw = driver_connection(conn)
    last = raw.execute(_LAST_SQL).fetchone()
    seq, prev_hash = (0, GENESIS_HASH) if last is None else (int(last[0]), str(last[1]))
    base = raw.execute(_NEWEST_BASE_SQL).fetchone()
    if base is not None and int(base[0]) > seq:
        seq, prev_hash = int(base[0]), str(base[1])
    return seq + 1, prev_hash


def high_seq(conn: Connection) -> int:
    """The highest seq this device's history has reached (a base counts: the server holds up to it)."""
    return next_position(conn)[0] - 1


def hash_at(conn: Connection, seq: int) -> str | None:
    """The hash of event ``seq`` in this device's history: its row, a base's hash, GENESIS for 0."""
    if seq == 0:
        return GENESIS_HASH
    raw = driver_connection(conn)
    row = raw.execute(_HASH_AT_SQL, (seq,)).fetchone()
    if row is None:
        row = raw.execute(_BASE_HASH_AT_SQL, (seq,)).fetchone()
    return None if row is None else str(row[0])


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


_WIRE_SQL = (
    # The chained wire form of each event (sync.protocol.wire.WireEvent without the hashes), built by
    # SQLite: the stored canonical payload text is spliced in as it is, never decoded and re-encoded.
    """SELECT seq, prev_hash, hash, '{"seq":' || seq || ',"event_id":' || json_quote(event_id)"""
    """ || ',"device_id":' || :device || ',"office_id":' || :office || ',"type":' || json_quote(type)"""
    """ || ',"entity_id":' || json_quote(entity_id) || ',"occurred_at":' || json_quote(occurred_at)"""
    """ || ',"user_id":' || json_quote(user_id) || ',"payload":' || payload || '}'"""
    " FROM journal WHERE seq > :after ORDER BY seq LIMIT :limit"
)


_ROWS_SQL = ("SELECT seq, prev_hash, hash, event_id, type, entity_id, occurred_at, user_id, payload FROM journal"
             " WHERE seq > ? ORDER BY seq LIMIT ?")


def journal_rows(raw: sqlite3.Connection, *, after_seq: int, limit: int) -> list[tuple[Any, ...]]:
    """``(seq, prev_hash, hash, event_id, type, entity_id, occurred_at, user_id, payload text)`` of up to
    ``limit`` events after ``after_seq``, in order, straight from the table (no JSON built or parsed)."""
    return raw.execute(_ROWS_SQL, (after_seq, limit)).fetchall()


def wire_events(raw: sqlite3.Connection, identity: DeviceIdentity, *, after_seq: int,
                limit: int) -> list[tuple[int, str, str, str]]:
    """``(seq, prev_hash, hash, wire JSON text)`` of up to ``limit`` events after ``after_seq``, in order.

    ``raw`` is a plain sqlite3 connection to the store (e.g. the driver connection of a read
    transaction). The text is the event as ``iter_events`` gives it, minus ``prev_hash``/``hash``,
    encoded as JSON by SQLite; an order of magnitude cheaper than row objects and ``json.loads``.
    """
    params = {"device": json.dumps(identity.device_id, ensure_ascii=False),
              "office": json.dumps(identity.office_code, ensure_ascii=False), "after": after_seq, "limit": limit}
    return raw.execute(_WIRE_SQL, params).fetchall()


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


_BODY_SQL = (
    # The canonical JSON of each event body (keys sorted, as ``compute_event_hash`` hashes it), built
    # by SQLite around the stored payload text, which ``append_event`` wrote as canonical JSON. A row
    # whose spliced text does not hash to its stored hash is re-checked the slow way (json.loads and
    # canonical_json), so an unusual but valid spelling can never be reported as a break.
    # The text comes back as a BLOB: UTF-8 bytes ready for sha256, no decoding into str and back.
    # The constant runs around the office's own ids come in whole (:head, :office): fewer || a row.
    """CAST(:head || json_quote(entity_id) || ',"event_id":' || json_quote(event_id) || ',"occurred_at":'"""
    """ || json_quote(occurred_at) || :office || payload || ',"prev_hash":' || json_quote(prev_hash)"""
    """ || ',"seq":' || seq || ',"type":' || json_quote(type) || ',"user_id":' || json_quote(user_id) || '}'"""
    " AS BLOB)"
)
_HASH_SQL = (f"SELECT seq, type, entity_id, prev_hash, hash, {_BODY_SQL} FROM journal WHERE seq > :after"
             " ORDER BY seq LIMIT :limit")
_BODIES_SQL = f"SELECT hash, {_BODY_SQL} FROM journal ORDER BY seq"
_BULK_SQL = (
    # One pass over the journal for everything but the hashes:
    # 1. rows whose prev_hash is not what the walk in ``verify_journal`` expects: the previous row's
    #    hash when the row at seq - 1 exists, GENESIS for seq 1, else a journal base's hash at seq - 1
    #    (a jump without a base matches nothing and is counted);
    # 2. distinct donations with a donation.recorded event; 3. such events without a donation row.
    # With 3 at 0, every donation row has its event exactly when 2 equals the number of rows.
    "SELECT coalesce(sum(row.prev_hash IS NOT CASE WHEN before.seq IS NOT NULL THEN before.hash"
    " WHEN row.seq = 1 THEN :genesis ELSE base.base_hash END), 0),"
    " count(DISTINCT CASE WHEN row.type = :recorded THEN row.entity_id END),"
    " coalesce(sum(row.type = :recorded AND NOT EXISTS (SELECT 1 FROM donations WHERE id = row.entity_id)), 0),"
    " (SELECT count(*) FROM donations)"
    " FROM journal AS row LEFT JOIN journal AS before ON before.seq = row.seq - 1"
    " LEFT JOIN journal_base AS base ON base.base_seq = row.seq - 1"
)
_UNRECORDED_SQL = ("SELECT count(*), min(id) FROM donations WHERE id NOT IN"
                   " (SELECT entity_id FROM journal WHERE type = ?)")
_MISSING_SQL = ("SELECT count(DISTINCT entity_id) FROM journal WHERE type = ?"
                " AND entity_id NOT IN (SELECT id FROM donations)")

Reader = Callable[[], sqlite3.Connection]
"""Opens another connection to the same, unchanging store file (for a check on another thread)."""


@dataclass(frozen=True)
class _Bulk:
    links_hold: bool
    donations_match: bool


def _bulk_checks(raw: sqlite3.Connection) -> _Bulk:
    broken, recorded, unjournalled, rows = raw.execute(
        _BULK_SQL, {"genesis": GENESIS_HASH, "recorded": DONATION_RECORDED}).fetchone()
    return _Bulk(broken == 0, unjournalled == 0 and recorded == rows)


def _bulk_checks_on(reader: Reader) -> _Bulk:
    raw = reader()
    try:
        return _bulk_checks(raw)
    finally:
        raw.close()


def _hash_inputs(raw: Any, identity: DeviceIdentity, chunk: int = 20_000) -> Iterator[tuple[Any, ...]]:
    """(seq, type, entity_id, prev_hash, hash, canonical body as UTF-8 bytes) of every event, in seq order."""
    params: dict[str, Any] = {**_body_params(identity), "after": 0, "limit": chunk}
    while True:
        rows = raw.execute(_HASH_SQL, params).fetchall()
        if not rows:
            return
        yield from rows
        params["after"] = rows[-1][0]


def _body_params(identity: DeviceIdentity) -> dict[str, Any]:
    return {"head": '{"device_id":' + json.dumps(identity.device_id, ensure_ascii=False) + ',"entity_id":',
            "office": ',"office_id":' + json.dumps(identity.office_code, ensure_ascii=False) + ',"payload":'}


def bodies_match(raw: sqlite3.Connection, identity: DeviceIdentity) -> bool:
    """Whether every event hashes (its spliced canonical body) to its stored hash; the links are not
    looked at here (``_BULK_SQL`` does). Two columns a row, one comparison, the cursor iterated
    directly (no lists): the least Python a million rows can cost, the rest is SQLite's."""
    cursor = raw.execute(_BODIES_SQL, _body_params(identity))
    try:
        for stored, text in cursor:
            if sha256(text).hexdigest() != stored:
                return False
    finally:
        cursor.close()
    return True


def _slow_hash_matches(conn: Connection, identity: DeviceIdentity, seq: int) -> bool:
    event = next(iter_events(conn, identity, after_seq=seq - 1, limit=1), None)
    return event is not None and int(event["seq"]) == seq and compute_event_hash(event) == event["hash"]


def _walk(conn: Connection, raw: Any, identity: DeviceIdentity,
          bases: dict[int, Rebase]) -> VerifyReport | tuple[int, str, int]:
    """Row by row: the report of the first break, or (events, last hash, next expected seq)."""
    prev_hash = GENESIS_HASH
    expected = 1
    count = 0
    try:
        for seq, _type, _entity, row_prev, row_hash, text in _hash_inputs(raw, identity):
            if seq != expected:
                base = bases.get(seq - 1)
                if base is not None and base.base_seq >= expected:
                    expected, prev_hash = base.base_seq + 1, hash_at(conn, base.base_seq) or ""
                if seq != expected:
                    raise ChainBreak(expected, f"expected seq {expected}, found {seq}")
            if row_prev != prev_hash:
                raise ChainBreak(seq, "prev_hash does not match the previous event")
            if sha256(text).hexdigest() != row_hash and not _slow_hash_matches(conn, identity, seq):
                raise ChainBreak(seq, "hash does not match the event's content")
            prev_hash = row_hash
            expected += 1
            count += 1
    except ChainBreak as exc:
        return VerifyReport(False, count, prev_hash, exc.seq, exc.reason, tuple(bases.values()))
    return count, prev_hash, expected


def verify_journal(conn: Connection, identity: DeviceIdentity, *, reader: Reader | None = None) -> VerifyReport:
    """Re-walk the whole chain segment by segment, then check every donation row has its event.

    A jump in the numbering is accepted only at a recorded base, and the next event must point at
    the base's hash. Moved events (``journal_orphans``) are walked too: each group must chain onto
    the journal at its fork point, so a move can never hide a change.

    The common case, an intact journal, is proved in bulk: every link and the donation rows by one
    SQL pass (``_BULK_SQL``) and every hash by one comparison a row (``bodies_match``). Given a
    ``reader`` (another connection to the same unchanging file, e.g. a restore's candidate), the SQL
    pass runs on a second thread meanwhile. Only when something does not match is the chain walked
    row by row, which names the first break as it always did; the bulk checks can say "intact" only
    when the walk would too.

    Why not hash seq ranges on several threads: Python's sqlite3 releases and retakes the GIL at
    every row, so two fetching threads hand it over a million times and measured no faster.
    """
    bases = _rebases(conn)
    raw = conn.connection.driver_connection
    if raw is None:
        raise RuntimeError("verify_journal needs a live sqlite3 connection")
    high, rows = raw.execute("SELECT coalesce(max(seq), 0), count(*) FROM journal").fetchone()
    if reader is None:
        bulk = _bulk_checks(raw)
        intact = bulk.links_hold and bodies_match(raw, identity)
    else:  # the SQL pass holds no GIL: it runs beside the hashing, which needs this thread's
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(_bulk_checks_on, reader)
            hashes_hold = bodies_match(raw, identity)
            bulk = pending.result()
        intact = bulk.links_hold and hashes_hold
    if intact:
        count, expected = int(rows), int(high) + 1
        last = raw.execute("SELECT hash FROM journal WHERE seq = ?", (high,)).fetchone()
        prev_hash = GENESIS_HASH if last is None else str(last[0])
    else:
        walked = _walk(conn, raw, identity, bases)
        if isinstance(walked, VerifyReport):
            return walked
        count, prev_hash, expected = walked
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
        fork_hash = GENESIS_HASH if start == 0 else hash_at(conn, start)
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
    if bulk.donations_match:
        return VerifyReport(True, count, prev_hash, rebases=tuple(bases.values()), moved=moved)
    unrecorded, example = raw.execute(_UNRECORDED_SQL, (DONATION_RECORDED,)).fetchone()
    if unrecorded:
        return VerifyReport(
            False, count, prev_hash, expected,
            f"{unrecorded} donation row(s) have no journal event (e.g. {example})",
            tuple(bases.values()), moved,
        )
    missing = raw.execute(_MISSING_SQL, (DONATION_RECORDED,)).fetchone()[0]
    if missing:
        return VerifyReport(
            False, count, prev_hash, expected,
            f"{missing} journalled donation(s) are missing from the donations table",
            tuple(bases.values()), moved,
        )
    return VerifyReport(True, count, prev_hash, rebases=tuple(bases.values()), moved=moved)
