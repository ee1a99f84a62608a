"""Batch ingest: validate, verify the chain, and commit a batch in one transaction (or store nothing).

The CPU work (schema, scope, hashes) happens before the transaction opens, so a slow or hostile
batch never holds the database lock. Inside the transaction the device row is locked, the batch is
placed against the device's high-water mark (gap -> 409, overlap -> idempotent re-ack or 409
``seq_hash_mismatch``), new events are projected and stored, and the mark advances. The HTTP layer
and ``amildesk-server import`` both call ``ingest``; nothing here knows about HTTP.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError

from sync.protocol import columnar, limits, wire
from sync.protocol.canonical import GENESIS_HASH
from sync.protocol.events import COLUMNAR_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS
from sync.protocol.fastcheck import fast_batch
from sync.protocol.fasthash import event_hash_with_payload, payload_canonical
from sync.protocol.limits import payload_problem
from sync.protocol.payloads import Breach, Donation, parse_payload
from sync.server import tables as t
from sync.server.bulk import DuplicateRow, copy_text, insert_rows
from sync.server.db import write_tx
from sync.server.fastlane import prepare_fast
from sync.server.fastlane_columnar import prepare_fast_columnar
from sync.server.projection import Flag, donation_record, project
from sync.server.records import EVENT_COLUMNS, ROW_HASH, Item, Prepared
from sync.server.reference import now_iso

log = logging.getLogger("amildesk.server")
__all__ = ["EVENT_COLUMNS", "DeviceRef", "SyncError", "ingest", "prepare", "prepare_general"]


class SyncError(Exception):
    """A refused request: HTTP ``status``, protocol ``code``; ``alert`` is kept even though we refuse."""

    def __init__(
        self, status: int, code: str, message: str, details: dict[str, Any] | None = None,
        *, alert: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.alert = alert

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class FloatInPayload(SyncError):
    """A payload number with a fraction, or what the fast JSON parser made of an integer beyond 64 bits
    (orjson turns those into floats): the caller re-parses exactly and tries once more."""

    def __init__(self, seq: int) -> None:
        super().__init__(422, wire.ERR_MALFORMED, "payload holds a non-integer number", {"seq": seq})


@dataclass(frozen=True, slots=True)
class DeviceRef:
    """The authenticated caller."""

    device_id: str
    office_id: str
    office_code: str


def check_protocol_version(raw: Any) -> None:
    """426 for a version this server does not speak, before the schema (which may differ) is checked."""
    version = raw.get("protocol_version") if isinstance(raw, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        raise SyncError(422, wire.ERR_MALFORMED, "protocol_version must be an integer")
    if version not in SUPPORTED_PROTOCOL_VERSIONS:
        raise SyncError(
            426, wire.ERR_PROTOCOL_VERSION, f"protocol version {version} is not supported",
            {"supported": sorted(SUPPORTED_PROTOCOL_VERSIONS)},
        )


def validation_details(exc: ValidationError) -> dict[str, Any]:
    """The first few schema errors as location + message (never the offending values)."""
    return {
        "errors": [
            {"loc": [str(part) for part in err["loc"]], "msg": err["msg"]} for err in exc.errors()[:5]
        ]
    }


def _validated(raw: Any) -> dict[str, Any]:
    """The batch as plain dicts: the fast pre-check, or the pydantic model for anything unusual."""
    fast = fast_batch(raw)
    if fast is not None:
        return fast
    try:
        batch = wire.Batch.model_validate(raw)
    except ValidationError as exc:
        raise SyncError(422, wire.ERR_MALFORMED, "batch does not match the schema", validation_details(exc)) from exc
    body = dict(vars(batch))
    body["events"] = [dict(vars(event)) for event in batch.events]
    return body


def expanded(raw: dict[str, Any]) -> dict[str, Any]:
    """A version-2 (columnar) body as the protocol-1 chained body it stands for; 422 if it has not the shape."""
    try:
        return columnar.expand_batch(raw, wire.MAX_BATCH_EVENTS)
    except columnar.ColumnarError as exc:
        raise SyncError(422, wire.ERR_MALFORMED, f"version-2 batch: {exc}",
                        {} if exc.seq is None else {"seq": exc.seq}) from exc


def prepare(raw: Any, device: DeviceRef) -> Prepared:
    """Schema, scope and hash-chain checks of a parsed batch body: the fast lane, or the general path.

    A version-2 body is expanded first; every check then runs on the events it stands for.
    """
    check_protocol_version(raw)
    if raw["protocol_version"] == COLUMNAR_PROTOCOL_VERSION:
        fast_columnar = prepare_fast_columnar(raw, device)
        if fast_columnar is not None:
            return fast_columnar
        raw = expanded(raw)
    fast = prepare_fast(raw, device)
    return fast if fast is not None else prepare_general(raw, device)


def prepare_general(raw: Any, device: DeviceRef) -> Prepared:
    """Every check, one at a time, so that a refusal names its precise code and ``seq``."""
    check_protocol_version(raw)
    batch = _validated(raw)
    events: list[dict[str, Any]] = batch["events"]
    first_seq, last_seq = int(batch["first_seq"]), int(batch["last_seq"])
    if batch["device_id"] != device.device_id:
        raise SyncError(403, wire.ERR_OFFICE_SCOPE, "batch is for another device")
    if last_seq - first_seq + 1 != len(events):
        raise SyncError(422, wire.ERR_MALFORMED, "first_seq..last_seq does not match the number of events")
    chained = batch["prev_hash"] is not None
    prev = batch["prev_hash"] if chained else events[0]["prev_hash"]
    first_prev = prev
    hashes: list[str] = []
    items: list[Item] = []
    expected_seq = first_seq
    for fields in events:
        seq = fields["seq"]
        if fields["device_id"] != device.device_id or fields["office_id"] != device.office_id:
            raise SyncError(403, wire.ERR_OFFICE_SCOPE, "event belongs to another office or device", {"seq": seq})
        if seq != expected_seq:
            raise SyncError(422, wire.ERR_CHAIN_BROKEN, f"expected seq {expected_seq}", {"seq": seq})
        claimed = fields["hash"]
        if chained:
            if claimed is not None or fields["prev_hash"] is not None:
                raise SyncError(422, wire.ERR_MALFORMED, "chained batch events carry no hashes", {"seq": seq})
        elif claimed is None or fields["prev_hash"] is None:
            raise SyncError(422, wire.ERR_MALFORMED, "full batch events need hash and prev_hash", {"seq": seq})
        elif fields["prev_hash"] != prev:
            raise SyncError(422, wire.ERR_CHAIN_BROKEN, "prev_hash does not match the previous event", {"seq": seq})
        payload = fields["payload"]
        problem = payload_problem(payload)
        parsed: Any
        breach: Breach | None
        if problem == limits.FLOAT:
            raise FloatInPayload(seq)
        if problem == limits.TOO_DEEP:
            raise SyncError(422, wire.ERR_MALFORMED,
                            f"payload nested deeper than {limits.MAX_PAYLOAD_DEPTH} levels", {"seq": seq})
        if problem == limits.NUMBER_OUT_OF_RANGE:
            # A chained fact the device can never change: flag it (stored, not projected), never block.
            parsed, breach = None, Breach(limits.NUMBER_OUT_OF_RANGE,
                                          f"a number in the payload is beyond ±{limits.MAX_SAFE_INT}")
        else:
            parsed, breach = parse_payload(fields["type"], payload)
        payload_json = payload_canonical(payload, checked=False)
        fields["prev_hash"] = prev
        digest = event_hash_with_payload(fields, payload_json)
        if not chained and digest != claimed:
            raise SyncError(422, wire.ERR_CHAIN_BROKEN, "hash does not match the event's content", {"seq": seq})
        if isinstance(parsed, Donation):
            parsed = donation_record(parsed, seq, fields["user_id"], device)
        items.append((seq, (fields["device_id"], seq, fields["event_id"], fields["office_id"], fields["type"],
                            fields["entity_id"], fields["occurred_at"], fields["user_id"], payload_json, prev,
                            digest), parsed, breach))
        hashes.append(digest)
        prev = digest
        expected_seq += 1
    if wire.batch_hash(hashes) != batch["batch_hash"]:
        code = wire.ERR_CHAIN_BROKEN if chained else wire.ERR_BATCH_HASH
        raise SyncError(422, code, "events do not match batch_hash")
    return Prepared(first_seq, last_seq, str(first_prev), items, batch["sent_at"], str(batch["app_version"]),
                    hashes)


def ingest(engine: Engine, device: DeviceRef, raw: Any) -> dict[str, Any]:
    """Validate and commit one batch; returns the Ack body. Raises SyncError (nothing stored)."""
    received_at = now_iso()
    prepared = prepare(raw, device)
    try:
        try:
            return _commit(engine, device, prepared, received_at)
        except DuplicateRow:
            # A donation id the server already holds (rare: a restored device, a copied journal). The
            # optimistic bulk insert was rolled back; look the ids up this time and flag them instead.
            return _commit(engine, device, prepared, received_at, check_taken=True)
        except (SyncError, OperationalError):
            raise
        except Exception as exc:  # a value no rule foresaw broke the bulk path: never a 500, never stuck
            log.warning("batch %s/%s-%s: bulk projection failed (%s); projecting event by event",
                        device.device_id, prepared.first_seq, prepared.last_seq, type(exc).__name__)
            return _commit(engine, device, prepared, received_at, check_taken=True, careful=True)
    except SyncError as exc:
        if exc.alert is not None:
            record_alert(engine, exc.alert)
        raise


def record_alert(engine: Engine, alert: dict[str, Any]) -> None:
    with write_tx(engine) as conn:
        conn.execute(t.alerts.insert().values(created_at=now_iso(), **alert))


def _commit(engine: Engine, device: DeviceRef, batch: Prepared, received_at: str, *,
            check_taken: bool = False, careful: bool = False) -> dict[str, Any]:
    with write_tx(engine) as conn:
        row = conn.execute(
            select(t.devices.c.acked_seq, t.devices.c.last_hash, t.devices.c.revoked_at)
            .where(t.devices.c.id == device.device_id)
            .with_for_update()
        ).first()
        if row is None or row.revoked_at is not None:
            raise SyncError(401, wire.ERR_TOKEN_REVOKED, "this device's token has been revoked")
        acked, last_hash = int(row.acked_seq), str(row.last_hash)
        overlap = batch.first_seq <= acked
        if batch.first_seq > acked + 1:
            raise SyncError(409, wire.ERR_SEQ_GAP, f"expected seq {acked + 1}", {"expected_seq": acked + 1})
        if overlap:
            _check_overlap(conn, device, batch, acked)
        elif batch.prev_hash != (last_hash if acked else GENESIS_HASH):
            raise _mismatch(device, acked, "prev_hash of the first event differs from the server's chain")
        new = batch.items[max(0, acked + 1 - batch.first_seq):]
        values: dict[str, Any] = {"last_contact_at": received_at, "app_version": batch.app_version}
        if batch.sent_at:
            values["last_device_time"] = batch.sent_at
        flags: list[Flag] = []
        if new:
            # The events first, the projection after: the projection takes row locks other devices'
            # batches also need (their office's row, the change counter for user items), and each is
            # held until commit, so the events' COPY is kept out of that window. The few flagged
            # events are marked afterwards.
            # The rows as COPY text when the lane wrote them: the whole batch is new, on PostgreSQL, and
            # this is not a retry (a retry takes the driver's own formatting, as before).
            copy = batch.copy if (not overlap and not check_taken and not careful
                                  and conn.dialect.name == "postgresql") else None
            if copy is not None:
                copy_text(conn, t.events, EVENT_COLUMNS, copy.events.replace("\n", f"\t{received_at}\tok\n"))
            else:
                ok = (received_at, "ok")
                insert_rows(conn, t.events, EVENT_COLUMNS, [row + ok for _seq, row, _parsed, _breach in new])
            flags = project(conn, device, new, batch.funds, received_at, check_taken=check_taken, careful=careful,
                            copy=copy)
            flagged_seqs = sorted({f[0] for f in flags})
            for start in range(0, len(flagged_seqs), 1000):
                conn.execute(t.events.update().where(
                    t.events.c.device_id == device.device_id,
                    t.events.c.seq.in_(flagged_seqs[start:start + 1000])).values(status="needs_review"))
            insert_rows(
                conn, t.review_flags, ("device_id", "seq", "office_id", "code", "message", "created_at"),
                [(device.device_id, seq, device.office_id, code, msg[:500], received_at) for seq, code, msg in flags],
            )
            acked, last_hash = new[-1][0], new[-1][1][ROW_HASH]
            values.update(acked_seq=acked, last_hash=last_hash)
        conn.execute(t.devices.update().where(t.devices.c.id == device.device_id).values(**values))
        if overlap:  # flags of the events stored before are in the database only
            flagged = [(int(s), str(c), str(m)) for s, c, m in conn.execute(
                select(t.review_flags.c.seq, t.review_flags.c.code, t.review_flags.c.message)
                .where(t.review_flags.c.device_id == device.device_id)
                .where(t.review_flags.c.seq.between(batch.first_seq, batch.last_seq))
                .order_by(t.review_flags.c.seq, t.review_flags.c.id)
            )]
        else:  # exactly what was just inserted, in the same (seq, insertion) order
            flagged = [(seq, code, msg[:500]) for seq, code, msg in flags]
    return {
        "acked_seq": acked,
        "last_hash": last_hash,
        "flagged": [{"seq": s, "code": c, "message": m} for s, c, m in flagged],
        "server_time": received_at,
    }


def _mismatch(device: DeviceRef, seq: int, why: str) -> SyncError:
    details = {"seq": seq}
    return SyncError(
        409, wire.ERR_SEQ_HASH_MISMATCH, f"seq {seq}: {why}", details,
        alert={"kind": wire.ERR_SEQ_HASH_MISMATCH, "office_id": device.office_id, "device_id": device.device_id,
               "message": f"device sent a different event at seq {seq}: {why}",
               "details": json.dumps(details)},
    )


def _check_overlap(conn: Any, device: DeviceRef, batch: Prepared, acked: int) -> None:
    """Already-stored seqs must carry identical hashes (idempotent re-send); never overwrite them."""
    top = min(batch.last_seq, acked)
    stored = dict(
        conn.execute(
            select(t.events.c.seq, t.events.c.hash)
            .where(t.events.c.device_id == device.device_id)
            .where(t.events.c.seq.between(batch.first_seq, top))
        ).all()
    )
    for seq, event_row, _parsed, _breach in batch.items:
        if seq > top:
            break
        if stored.get(seq) != event_row[ROW_HASH]:
            raise _mismatch(device, seq, "a stored event at this seq has a different hash")
