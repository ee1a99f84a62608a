"""Protocol version 2 batch bodies: the chained batch without what the server can derive, in columns.

A protocol-1 chained batch repeats, per event, the device id, the office id, the seq, and for a
donation its id (as ``entity_id``) and time (as ``occurred_at``); every key name travels with every
value. Version 2 sends each of those once per batch and lays donations out as columns (all event
ids, then all receipt numbers, ...), which is what lets plain gzip find the repeats: ~55 instead of
~80 bytes a donation on the wire, ~300 instead of ~800 inflated (``bench/bench_sync_wire.py``).

Nothing is lost: ``expand_batch`` rebuilds exactly the protocol-1 chained body (full events), and
the server then runs the same checks, re-encodes every payload canonically and recomputes every
hash of the chain against ``batch_hash``. A body that cannot be expanded is a ``ColumnarError``
(the server answers 422 ``malformed``, naming the ``seq`` where it can); the untrusted-input
limits apply before (inflated size, JSON shape) and after (every v1 check) the expansion, which is
linear in the parsed body.

Body (``protocol_version`` 2, always chained)::

    {"protocol_version": 2, "app_version", "device_id", "office_id", "first_seq", "last_seq",
     "prev_hash", "batch_hash", "sent_at",
     "events": [0 | {event}, ...],            # one item per seq, in order
     "donations": {"event_id": [...], "user_id": [...], "id": [...], "receipt_number": [...],
                   "donor": [index, ...], "total": [...], "payment_method": [...],
                   "payment_reference": [...], "recorded_at": [...],
                   "lines": [[[line_no, fund_code, program_code, amount, quantity, unit], ...], ...],
                   "donors": [[donor_id, donor_name, donor_nik, donor_npwp, anonymous], ...]}}

An item ``0`` is the next row of ``donations``: a ``donation.recorded`` event with ``entity_id`` =
the payload's ``id`` and ``occurred_at`` = its ``recorded_at``; its donor fields are row ``donor``
of ``donors`` (each donor once per batch). Any other event is an object with the protocol-1 event
fields except ``seq`` (the position), ``device_id`` and ``office_id`` (the batch's, unless given).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from sync.protocol.events import DONATION_RECORDED

VERSION = 2

# The order of a donation's values in the columns (payload keys; the donor's five live in ``donors``).
DONOR_FIELDS = ("donor_id", "donor_name", "donor_nik", "donor_npwp", "anonymous")
ROW_FIELDS = ("id", "receipt_number", "total", "payment_method", "payment_reference", "recorded_at")
LINE_FIELDS = ("line_no", "fund_code", "program_code", "amount", "quantity", "unit")
PAYLOAD_KEYS = frozenset({*DONOR_FIELDS, *ROW_FIELDS, "lines"})
LINE_KEYS = frozenset(LINE_FIELDS)
COLUMNS = frozenset({"event_id", "user_id", "donor", "lines", "donors", *ROW_FIELDS})
HEAD_KEYS = frozenset({"protocol_version", "app_version", "device_id", "office_id", "first_seq", "last_seq",
                       "prev_hash", "batch_hash", "sent_at", "events", "donations"})
HEAD_REQUIRED = HEAD_KEYS - {"sent_at", "donations"}
EVENT_KEYS = frozenset({"event_id", "device_id", "office_id", "type", "entity_id", "occurred_at", "user_id",
                        "payload"})
EVENT_REQUIRED = frozenset({"event_id", "type", "entity_id", "occurred_at", "payload"})


class ColumnarError(ValueError):
    """A version-2 body that does not have the version-2 shape (``seq``: where, when known)."""

    def __init__(self, message: str, seq: int | None = None) -> None:
        super().__init__(message)
        self.seq = seq


_TEXT_OR_NONE = frozenset({str, type(None)})


class Encoder:
    """Builds one version-2 body, event by event (``add``), then ``body``.

    Only values that the row form cannot confuse travel as donation rows: the donor's fields must
    be strings or null and ``anonymous`` a bool (the donor table is keyed by them, and ``True == 1``
    in Python), the lines plain objects with exactly the line keys, ``entity_id`` the payload's id
    and ``occurred_at`` its ``recorded_at``. Anything else travels as an event object, as it is.
    """

    def __init__(self, device_id: str, office_id: str) -> None:
        self.device_id, self.office_id = device_id, office_id
        self.items: list[Any] = []
        self.rows: list[tuple[Any, ...]] = []  # (event_id, user_id, ROW_FIELDS values, donor index, lines)
        self.donors: list[tuple[Any, ...]] = []
        self._donor_rows: dict[tuple[Any, ...], int] = {}

    def add(self, event_id: Any, kind: Any, entity_id: Any, occurred_at: Any, user_id: Any, payload: Any,
            device_id: Any = None, office_id: Any = None) -> None:
        """One event, in seq order (``device_id``/``office_id``: None for the batch's own)."""
        if (kind == DONATION_RECORDED and device_id is None and office_id is None and type(payload) is dict
                and payload.keys() == PAYLOAD_KEYS and entity_id == payload["id"]
                and occurred_at == payload["recorded_at"] and self._row(event_id, user_id, payload)):
            return
        self._object(event_id, kind, entity_id, occurred_at, user_id, payload, device_id, office_id)

    def _object(self, event_id: Any, kind: Any, entity_id: Any, occurred_at: Any, user_id: Any, payload: Any,
                device_id: Any = None, office_id: Any = None) -> None:
        item = {"event_id": event_id, "type": kind, "entity_id": entity_id, "occurred_at": occurred_at,
                "user_id": user_id, "payload": payload}
        if device_id is not None:
            item["device_id"] = device_id
        if office_id is not None:
            item["office_id"] = office_id
        self.items.append(item)

    def add_event(self, event: dict[str, Any]) -> None:
        """One event dict (full or chained; its hashes are ignored)."""
        dev, off = event.get("device_id"), event.get("office_id")
        self.add(event.get("event_id"), event.get("type"), event.get("entity_id"), event.get("occurred_at"),
                 event.get("user_id"), event.get("payload"), None if dev == self.device_id else dev,
                 None if off == self.office_id else off)

    def _row(self, event_id: Any, user_id: Any, payload: dict[str, Any]) -> bool:
        lines = payload["lines"]
        if type(lines) is not list or type(payload["anonymous"]) is not bool:
            return False
        donor = _donor_values(payload)
        try:
            index = self._donor_rows.get(donor)
        except TypeError:  # an unhashable value (a list where a name belongs): an event object
            return False
        if index is None:
            text_or_none = _TEXT_OR_NONE
            if not (type(donor[0]) in text_or_none and type(donor[1]) in text_or_none
                    and type(donor[2]) in text_or_none and type(donor[3]) in text_or_none):
                return False
            index = self._donor_rows[donor] = len(self.donors)
            self.donors.append(donor)
        keys = LINE_KEYS
        for line in lines:
            if type(line) is not dict or line.keys() != keys:
                return False
        self.items.append(0)
        self.rows.append((event_id, user_id, _row_values(payload), index, list(map(_line_values, lines))))
        return True

    def add_stored(self, entries: Iterable[Sequence[Any]], payloads: Iterable[Any]) -> None:
        """Events of this device as stored, in seq order: ``(event_id, type, entity_id, occurred_at, user_id,
        ...)`` and the parsed payloads; the same as ``add`` for each, in one loop (the client's hot path)."""
        row, other, donation, payload_keys = self._row, self._object, DONATION_RECORDED, PAYLOAD_KEYS
        for entry, payload in zip(entries, payloads, strict=True):
            event_id, kind, entity_id, occurred_at, user_id = entry[:5]
            if not (kind == donation and type(payload) is dict and payload.keys() == payload_keys
                    and entity_id == payload["id"] and occurred_at == payload["recorded_at"]
                    and row(event_id, user_id, payload)):
                other(event_id, kind, entity_id, occurred_at, user_id, payload)

    def body(self, *, first_seq: int, last_seq: int, prev_hash: str, hashes_digest: str, app_version: str,
             sent_at: str | None) -> dict[str, Any]:
        """The body; ``hashes_digest`` is ``wire.batch_hash`` of the events' stored hashes."""
        body: dict[str, Any] = {
            "protocol_version": VERSION, "app_version": app_version, "device_id": self.device_id,
            "office_id": self.office_id, "first_seq": first_seq, "last_seq": last_seq, "prev_hash": prev_hash,
            "batch_hash": hashes_digest, "sent_at": sent_at, "events": self.items,
        }
        if self.rows:  # rows to columns: one transposition in C (orjson writes tuples as arrays)
            event_ids, user_ids, values, donor_col, line_col = zip(*self.rows, strict=True)
            body["donations"] = {"event_id": event_ids, "user_id": user_ids,
                                 **dict(zip(ROW_FIELDS, zip(*values, strict=True), strict=True)),
                                 "donor": donor_col, "lines": line_col, "donors": self.donors}
        return body


_donor_values = itemgetter(*DONOR_FIELDS)
_row_values = itemgetter(*ROW_FIELDS)
_line_values = itemgetter(*LINE_FIELDS)


def encode_batch(events: Sequence[dict[str, Any]], hashes_digest: str, *, prev_hash: str, device_id: str,
                 office_id: str, app_version: str, sent_at: str | None) -> dict[str, Any]:
    """The version-2 body of consecutive ``events`` (full or chained event dicts; hashes are ignored).

    Events of another device or office keep those fields explicitly, so the server refuses them
    exactly as in version 1.
    """
    encoder = Encoder(device_id, office_id)
    for event in events:
        encoder.add_event(event)
    return encoder.body(first_seq=events[0]["seq"], last_seq=events[-1]["seq"], prev_hash=prev_hash,
                        hashes_digest=hashes_digest, app_version=app_version, sent_at=sent_at)


def _list(value: Any, what: str, length: int | None = None) -> list[Any]:
    if type(value) is not list or (length is not None and len(value) != length):
        raise ColumnarError(f"{what} must be a list" + ("" if length is None else f" of {length}"))
    return value


def expand_batch(raw: dict[str, Any], max_events: int) -> dict[str, Any]:
    """The protocol-1 chained body that ``raw`` (a parsed version-2 body) stands for.

    Checks only the version-2 shape (keys, list lengths, indexes); the values are checked by the
    protocol-1 path afterwards, like any other batch. ``protocol_version`` stays 2.
    """
    if not (HEAD_REQUIRED <= raw.keys() <= HEAD_KEYS):
        raise ColumnarError("version-2 batch keys: " + ", ".join(sorted(HEAD_REQUIRED)))
    items = _list(raw["events"], "events")
    first = raw["first_seq"]
    if not 1 <= len(items) <= max_events or type(first) is not int:
        raise ColumnarError(f"events must hold 1 to {max_events} items and first_seq be an integer")
    device_id, office_id = raw["device_id"], raw["office_id"]
    rows = sum(1 for item in items if type(item) is int and item == 0)
    cols: dict[str, Any] = {}
    donors: list[Any] = []
    if rows:
        cols = raw.get("donations")  # type: ignore[assignment]
        if type(cols) is not dict or cols.keys() != COLUMNS:
            raise ColumnarError("donations must hold the columns " + ", ".join(sorted(COLUMNS)))
        for name in COLUMNS - {"donors"}:
            _list(cols[name], f"donations.{name}", rows)
        donors = _list(cols["donors"], "donations.donors")
    elif raw.get("donations") is not None:
        raise ColumnarError("donations given without donation items")
    events: list[dict[str, Any]] = []
    row = 0
    for offset, item in enumerate(items):
        seq = first + offset
        if type(item) is int and item == 0:
            events.append(_donation_event(cols, donors, row, seq, device_id, office_id))
            row += 1
            continue
        if type(item) is not dict or not (EVENT_REQUIRED <= item.keys() <= EVENT_KEYS):
            raise ColumnarError("an event item is 0 or an object with " + ", ".join(sorted(EVENT_REQUIRED)), seq)
        event = {"seq": seq, "device_id": device_id, "office_id": office_id, "user_id": None, **item}
        events.append(event)
    body = {key: raw[key] for key in ("protocol_version", "app_version", "device_id", "first_seq", "last_seq",
                                      "prev_hash", "batch_hash")}
    body["sent_at"] = raw.get("sent_at")
    body["events"] = events
    return body


def _donation_event(cols: dict[str, Any], donors: list[Any], row: int, seq: int, device_id: Any,
                    office_id: Any) -> dict[str, Any]:
    index = cols["donor"][row]
    if type(index) is not int or not 0 <= index < len(donors):
        raise ColumnarError("donations.donor must index donations.donors", seq)
    donor = donors[index]
    if type(donor) is not list or len(donor) != len(DONOR_FIELDS):
        raise ColumnarError(f"a donor row holds {len(DONOR_FIELDS)} values", seq)
    lines = []
    for line in _list(cols["lines"][row], "a donation's lines"):
        if type(line) is not list or len(line) != len(LINE_FIELDS):
            raise ColumnarError(f"a line row holds {len(LINE_FIELDS)} values", seq)
        lines.append(dict(zip(LINE_FIELDS, line, strict=True)))
    payload = dict(zip(DONOR_FIELDS, donor, strict=True))
    for name in ROW_FIELDS:
        payload[name] = cols[name][row]
    payload["lines"] = lines
    return {"seq": seq, "event_id": cols["event_id"][row], "device_id": device_id, "office_id": office_id,
            "type": DONATION_RECORDED, "entity_id": payload["id"], "occurred_at": payload["recorded_at"],
            "user_id": cols["user_id"][row], "payload": payload}
