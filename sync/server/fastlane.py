"""The ingest fast lane: one pass per event that validates, hashes and builds the rows to store.

The general path (``ingest.prepare``) walks each event several times (envelope pre-check, payload
parse into objects, canonical encoding, hashing, then row building inside the transaction) and cost
about 30 µs of Python per donation, more than the database writes. This lane does all of it in one
loop with the checks inlined and donations turned straight into row tuples.

It never refuses anything: on any input it is not sure about (a key it does not expect, a type it
does not check, a broken chain, a donation that breaks a money rule) it returns None and the general
path does the work again and answers with the precise error or review flags. So it accepts a subset
of what the general path accepts and must produce the same rows for it; tests/sync/test_fastlane.py
checks both on generated batches.
"""

from __future__ import annotations

import hashlib
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from sync.protocol import events as ev
from sync.protocol import payloads as pl
from sync.protocol.fasthash import payload_canonical
from sync.protocol.limits import MAX_DONATION_TOTAL, MAX_LINE_AMOUNT, MAX_QUANTITY, MAX_SEQ, payload_problem
from sync.protocol.wire import MAX_BATCH_EVENTS, batch_hash
from sync.server.records import DonationRec, Item, Prepared

if TYPE_CHECKING:
    from sync.server.ingest import DeviceRef

_orjson: Any
try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - the server extra installs orjson
    _orjson = None

_BATCH_KEYS = frozenset(
    {"protocol_version", "app_version", "device_id", "first_seq", "last_seq", "prev_hash", "events",
     "batch_hash", "sent_at"})
_BATCH_REQUIRED = _BATCH_KEYS - {"prev_hash", "sent_at"}
_EVENT_KEYS = frozenset(
    {"seq", "event_id", "device_id", "office_id", "type", "entity_id", "occurred_at", "user_id", "payload",
     "prev_hash", "hash"})
_EVENT_REQUIRED = _EVENT_KEYS - {"user_id", "prev_hash", "hash"}
_CHAINED_KEYS = _EVENT_KEYS - {"prev_hash", "hash"}  # what SyncClient sends: one comparison instead of two
_FULL_KEYS = _EVENT_KEYS
_DONATION_KEYS = frozenset({"id", "receipt_number", "donor_id", "donor_name", "donor_nik", "donor_npwp",
                            "anonymous", "total", "payment_method", "payment_reference", "recorded_at", "lines"})
_LINE_KEYS = frozenset({"line_no", "fund_code", "program_code", "amount", "quantity", "unit"})
_DONATION = ev.DONATION_RECORDED
_PAYMENT_METHODS = pl.PAYMENT_METHODS
_UNITS = pl.UNITS
_quote = encode_basestring  # json.dumps(ensure_ascii=False)'s string encoder: the canonical form
_sha256 = hashlib.sha256


def line_values_ok(no: Any, fund: Any, program: Any, amount: Any, quantity: Any, unit: Any) -> bool:
    """One donation line's values as the model accepts them; both fast lanes (v1 dicts, v2 columns) ask
    this one function so they can never drift apart on what a device may send."""
    return (type(no) is int and no >= 1 and type(fund) is str and 0 < len(fund) <= 40
            and (program is None or (type(program) is str and len(program) <= 40))
            and type(amount) is int and 0 <= amount <= MAX_LINE_AMOUNT
            and ((unit is None and quantity is None)
                 or (type(unit) is str and unit in _UNITS and type(quantity) is int and 0 < quantity <= MAX_QUANTITY)))


def _str(value: Any, low: int, high: int) -> bool:
    return type(value) is str and low <= len(value) <= high


def _envelope_ok(raw: Any, device: DeviceRef) -> bool:
    """The batch fields: exactly what ``wire.Batch`` accepts without coercion, for this device."""
    if type(raw) is not dict or not (_BATCH_REQUIRED <= raw.keys() <= _BATCH_KEYS):
        return False
    first, last, events = raw["first_seq"], raw["last_seq"], raw["events"]
    prev, sent = raw.get("prev_hash"), raw.get("sent_at")
    return (type(raw["protocol_version"]) is int and _str(raw["app_version"], 1, 40)
            and raw["device_id"] == device.device_id and type(first) is int and type(last) is int
            and first >= 1 and last <= MAX_SEQ and type(events) is list and 1 <= len(events) <= MAX_BATCH_EVENTS
            and last - first + 1 == len(events) and _str(raw["batch_hash"], 64, 64)
            and (prev is None or _str(prev, 64, 64)) and (sent is None or _str(sent, 0, 40)))


def _donation(p: Any, seq: int, user_id: str | None, device: DeviceRef, funds: set[str]) -> DonationRec | None:
    """Rows of a donation that surely passes the schema and breaks no money rule, else None.

    The checks mirror ``payloads.fast_donation`` (schema) and ``payloads.donation_breaches`` (rules,
    except the fund catalogue, which is only known inside the transaction: the codes used are
    collected in ``funds`` and checked there).
    """
    if type(p) is not dict or p.keys() != _DONATION_KEYS:
        return None
    did, receipt, donor_id, name, nik, npwp = (p["id"], p["receipt_number"], p["donor_id"], p["donor_name"],
                                              p["donor_nik"], p["donor_npwp"])
    total, method, reference, recorded, lines = (p["total"], p["payment_method"], p["payment_reference"],
                                                 p["recorded_at"], p["lines"])
    anonymous = p["anonymous"]
    if not (type(did) is str and 0 < len(did) <= 64 and type(receipt) is str and 0 < len(receipt) <= 40
            and (donor_id is None or (type(donor_id) is str and len(donor_id) <= 64))
            and type(name) is str and len(name) <= 120
            and (nik is None or (type(nik) is str and len(nik) <= 16))
            and (npwp is None or (type(npwp) is str and len(npwp) <= 16))
            and type(anonymous) is bool and type(total) is int and 0 <= total <= MAX_DONATION_TOTAL
            and type(method) is str and method in _PAYMENT_METHODS
            and (reference is None or (type(reference) is str and len(reference) <= 60))
            and type(recorded) is str and 0 < len(recorded) <= 40 and type(lines) is list and lines):
        return None
    rows: list[tuple[Any, ...]] = []
    numbers: set[int] = set()
    line_sum = 0
    for line in lines:
        if type(line) is not dict or line.keys() != _LINE_KEYS:
            return None
        no, fund, program, amount, quantity, unit = (line["line_no"], line["fund_code"], line["program_code"],
                                                     line["amount"], line["quantity"], line["unit"])
        if no in numbers or not line_values_ok(no, fund, program, amount, quantity, unit):
            return None
        numbers.add(no)
        funds.add(fund)
        line_sum += amount
        rows.append((did, no, fund, program, amount, quantity, unit))
    if line_sum != total:
        return None
    head = (did, device.office_id, device.device_id, seq, receipt, donor_id, name, nik, npwp, anonymous, total,
            method, reference, recorded, user_id)
    return DonationRec(did, receipt, head, rows, True, p)


class _Quoted(dict[str, str]):
    """``json.dumps`` forms of strings that repeat across a batch (event types, the user id)."""

    def __missing__(self, key: str) -> str:
        self[key] = value = _quote(key)
        return value


def prepare_fast(raw: Any, device: DeviceRef) -> Prepared | None:
    """The prepared batch when every check passes on the fast lane; None means "use the general path"."""
    if _orjson is None or not _envelope_ok(raw, device):  # pragma: no branch
        return None
    chained = raw.get("prev_hash") is not None
    events: list[Any] = raw["events"]
    first_prev = raw["prev_hash"] if chained else (events[0].get("prev_hash") if type(events[0]) is dict else None)
    if type(first_prev) is not str or len(first_prev) != 64:
        return None
    dev, off = device.device_id, device.office_id
    head = f'{{"device_id":{_quote(dev)},"entity_id":'
    office_part = f',"office_id":{_quote(off)},"payload":'
    dumps, sort_keys, sha256, quote = _orjson.dumps, _orjson.OPT_SORT_KEYS, _sha256, _quote
    quoted = _Quoted()
    common_keys = _CHAINED_KEYS if chained else _FULL_KEYS
    funds: set[str] = set()
    items: list[Item] = []
    hashes: list[str] = []
    prev: str = first_prev
    seq = raw["first_seq"]
    for e in events:
        if type(e) is not dict or not (e.keys() == common_keys or _EVENT_REQUIRED <= e.keys() <= _EVENT_KEYS):
            return None
        event_id, kind, entity, occurred, payload = (e["event_id"], e["type"], e["entity_id"], e["occurred_at"],
                                                     e["payload"])
        event_seq, user, claimed, claimed_prev = e["seq"], e.get("user_id"), e.get("hash"), e.get("prev_hash")
        if not (event_seq == seq and type(event_seq) is int and e["device_id"] == dev and e["office_id"] == off
                and type(event_id) is str and 0 < len(event_id) <= 64 and type(kind) is str and 0 < len(kind) <= 64
                and type(entity) is str and 0 < len(entity) <= 64 and type(occurred) is str
                and 0 < len(occurred) <= 40 and (user is None or (type(user) is str and len(user) <= 64))
                and type(payload) is dict):
            return None
        if chained:
            if claimed is not None or claimed_prev is not None:
                return None
        elif not (claimed_prev == prev and type(claimed) is str and len(claimed) == 64):
            return None
        breach: pl.Breach | None = None
        parsed: Any
        if kind == _DONATION:
            parsed = _donation(payload, seq, user, device, funds)
            if parsed is None:
                return None
            payload_json = dumps(payload, option=sort_keys).decode()
        else:
            if payload_problem(payload) is not None:
                return None
            parsed, breach = pl.parse_payload(kind, payload)
            payload_json = payload_canonical(payload, checked=False)
        text = (f'{head}{quote(entity)},"event_id":{quote(event_id)},"occurred_at":{quote(occurred)}'
                f'{office_part}{payload_json},"prev_hash":{quote(prev)},"seq":{seq},"type":{quoted[kind]},'
                f'"user_id":{"null" if user is None else quoted[user]}}}')
        digest = sha256(text.encode()).hexdigest()
        if not chained and digest != claimed:
            return None
        items.append((seq, (dev, seq, event_id, off, kind, entity, occurred, user, payload_json, prev, digest),
                      parsed, breach))
        hashes.append(digest)
        prev = digest
        seq += 1
    if batch_hash(hashes) != raw["batch_hash"]:
        return None
    return Prepared(raw["first_seq"], raw["last_seq"], first_prev, items, raw.get("sent_at"),
                    raw["app_version"], hashes, funds)
