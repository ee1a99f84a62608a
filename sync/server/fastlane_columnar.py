"""The ingest fast lane for protocol-2 (columnar) batches: rows straight from the columns.

Expanding a version-2 body into protocol-1 event dicts and running ``fastlane.prepare_fast`` on them
cost more than the parse it saves (~5 µs a donation). This lane reads the columns directly and
writes each donation's canonical payload text itself (the donor's part once per batch and donor),
so no payload dict is built and none is encoded by a JSON library.

Like ``fastlane``, it never refuses: on anything it is not sure about it returns None, and the body
is expanded (``columnar.expand_batch``) and prepared like a protocol-1 batch, which names the
precise error or flag. Its checks are those of ``fastlane._donation`` and ``fastlane.prepare_fast``
(chained form), value for value; the canonical text is what ``canonical_json`` writes for the same
payload (keys sorted, ``json.dumps``'s string escaping), and tests/sync/test_columnar.py checks that
both lanes produce the same rows and hashes on generated batches.
"""

from __future__ import annotations

import hashlib
from itertools import chain
from json.encoder import encode_basestring
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sync.protocol import columnar
from sync.protocol import events as ev
from sync.protocol import payloads as pl
from sync.protocol.fasthash import payload_canonical
from sync.protocol.limits import MAX_DONATION_TOTAL, MAX_SEQ, payload_problem
from sync.protocol.wire import MAX_BATCH_EVENTS, batch_hash
from sync.server.fastlane import line_values_ok
from sync.server.records import CopyTexts, DonationRec, Item, Prepared

if TYPE_CHECKING:
    from sync.server.ingest import DeviceRef

_quote = encode_basestring
_sha256 = hashlib.sha256
_PAYMENT_METHODS = pl.PAYMENT_METHODS
_DONATION = ev.DONATION_RECORDED
_LEAN_KEYS = columnar.EVENT_REQUIRED | {"user_id"}  # what the client sends for an event of its own


def _str(value: Any, low: int, high: int) -> bool:
    return type(value) is str and low <= len(value) <= high


def _opt(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def _envelope(raw: Any, device: DeviceRef) -> bool:
    if type(raw) is not dict or not (columnar.HEAD_REQUIRED <= raw.keys() <= columnar.HEAD_KEYS):
        return False
    first, last, items, sent = raw["first_seq"], raw["last_seq"], raw["events"], raw.get("sent_at")
    return (_str(raw["app_version"], 1, 40) and raw["device_id"] == device.device_id
            and raw["office_id"] == device.office_id and type(first) is int and type(last) is int
            and first >= 1 and last <= MAX_SEQ and type(items) is list and 1 <= len(items) <= MAX_BATCH_EVENTS
            and last - first + 1 == len(items) and _str(raw["batch_hash"], 64, 64) and _str(raw["prev_hash"], 64, 64)
            and (sent is None or _str(sent, 0, 40)))


def _donor_texts(donors: Any) -> list[str] | None:
    """Each donor row as the canonical text of its five payload fields (with the trailing comma)."""
    if type(donors) is not list:
        return None
    texts = []
    for donor in donors:
        if type(donor) is not list or len(donor) != 5:
            return None
        donor_id, name, nik, npwp, anonymous = donor
        if not ((donor_id is None or (type(donor_id) is str and len(donor_id) <= 64))
                and type(name) is str and len(name) <= 120
                and (nik is None or (type(nik) is str and len(nik) <= 16))
                and (npwp is None or (type(npwp) is str and len(npwp) <= 16)) and type(anonymous) is bool):
            return None
        texts.append(f'"anonymous":{"true" if anonymous else "false"},"donor_id":{_opt(donor_id)},'
                     f'"donor_name":{_quote(name)},"donor_nik":{_opt(nik)},"donor_npwp":{_opt(npwp)},')
    return texts


def _lines(lines: Any, did: str, funds: set[str]) -> tuple[str, list[tuple[Any, ...]], int, str] | None:
    """Canonical text of a donation's lines, their rows, their sum and their COPY text (unchecked, see
    ``_copy_texts``); None unless surely valid."""
    if type(lines) is not list or not lines:
        return None
    if len(lines) == 1:  # most donations: no set of line numbers, no join
        line = lines[0]
        if type(line) is not list or len(line) != 6:
            return None
        no, fund, program, amount, quantity, unit = line
        if not line_values_ok(no, fund, program, amount, quantity, unit):
            return None
        funds.add(fund)
        return (f'{{"amount":{amount},"fund_code":{_quote(fund)},"line_no":{no},'
                f'"program_code":{"null" if program is None else _quote(program)},'
                f'"quantity":{"null" if quantity is None else quantity},'
                f'"unit":{"null" if unit is None else _quote(unit)}}}',
                [(did, no, fund, program, amount, quantity, unit)], amount,
                f'{did}\t{no}\t{fund}\t{_NULL if program is None else program}\t{amount}\t'
                f'{_NULL if quantity is None else quantity}\t{_NULL if unit is None else unit}\n')
    texts, rows, copy = [], [], []
    numbers: set[int] = set()
    line_sum = 0
    for line in lines:
        if type(line) is not list or len(line) != 6:
            return None
        no, fund, program, amount, quantity, unit = line
        if no in numbers or not line_values_ok(no, fund, program, amount, quantity, unit):
            return None
        numbers.add(no)
        funds.add(fund)
        line_sum += amount
        rows.append((did, no, fund, program, amount, quantity, unit))
        texts.append(f'{{"amount":{amount},"fund_code":{_quote(fund)},"line_no":{no},"program_code":{_opt(program)},'
                     f'"quantity":{"null" if quantity is None else quantity},"unit":{_opt(unit)}}}')
        copy.append(f'{did}\t{no}\t{fund}\t{_NULL if program is None else program}\t{amount}\t'
                    f'{_NULL if quantity is None else quantity}\t{_NULL if unit is None else unit}\n')
    return ",".join(texts), rows, line_sum, "".join(copy)


def prepare_fast_columnar(raw: Any, device: DeviceRef) -> Prepared | None:
    """The prepared batch when every check passes here; None means "expand it and take the v1 path"."""
    if not _envelope(raw, device):
        return None
    items: list[Any] = raw["events"]
    kinds = list(map(type, items))
    rows = kinds.count(int)
    # Every item is 0 (a donation row) or an object (checked by ``_other``): no bool, no other number.
    if rows + kinds.count(dict) != len(items) or items.count(0) != rows:
        return None
    cols: Any = raw.get("donations")
    donor_texts: list[str] = []
    if rows:
        if type(cols) is not dict or cols.keys() != columnar.COLUMNS:
            return None
        for name in columnar.COLUMNS - {"donors"}:
            if type(cols[name]) is not list or len(cols[name]) != rows:
                return None
        texts = _donor_texts(cols["donors"])
        if texts is None:
            return None
        donor_texts = texts
        donors: list[Any] = cols["donors"]
        # One row's values at a time, in one tuple (a C loop), instead of ten list look-ups a row.
        row_values = iter(zip(cols["event_id"], cols["user_id"], cols["id"], cols["receipt_number"], cols["total"],
                              cols["payment_method"], cols["payment_reference"], cols["recorded_at"], cols["donor"],
                              cols["lines"], strict=True))
    elif cols is not None:
        return None
    dev, off = device.device_id, device.office_id
    head = f'{{"device_id":{_quote(dev)},"entity_id":'
    office_part = f',"office_id":{_quote(off)},"payload":'
    donation_type = f',"type":{_quote(_DONATION)},"user_id":'
    sha256, quote, methods, new_record = _sha256, _quote, _PAYMENT_METHODS, _new_record
    user_texts: dict[Any, str] = {None: "null"}
    event_start, event_kind = f"{dev}\t", f"\t{off}\t{_DONATION}\t"
    donation_office = f"\t{off}\t{dev}\t"
    donor_copy = [f"{_NULL if d[0] is None else d[0]}\t{d[1]}\t{_NULL if d[2] is None else d[2]}\t"
                  f"{_NULL if d[3] is None else d[3]}\t{'t' if d[4] else 'f'}" for d in donors] if rows else []
    event_copy: list[str] = []
    other_values: list[str] = []  # the other events' text values (COPY may not take them as they are)
    donation_copy: list[str] = []
    line_copy: list[str] = []
    funds: set[str] = set()
    out: list[Item] = []
    hashes: list[str] = []
    prev: str = raw["prev_hash"]
    seq = raw["first_seq"]
    n_donors = len(donor_texts)
    for kind in kinds:
        if kind is int:
            event_id, user, did, receipt, total, method, reference, when, index, line_col = next(row_values)
            if not (type(event_id) is str and 0 < len(event_id) <= 64 and type(did) is str and 0 < len(did) <= 64
                    and type(receipt) is str and 0 < len(receipt) <= 40
                    and type(total) is int and 0 <= total <= MAX_DONATION_TOTAL
                    and type(method) is str and method in methods
                    and (reference is None or (type(reference) is str and len(reference) <= 60))
                    and type(when) is str and 0 < len(when) <= 40 and type(index) is int and 0 <= index < n_donors):
                return None
            user_text = user_texts.get(user) if type(user) is str or user is None else None
            if user_text is None:
                if not _str(user, 0, 64):
                    return None
                user_text = user_texts[user] = quote(user)
            lines = _lines(line_col, did, funds)
            if lines is None or lines[2] != total:
                return None
            donor_id, name, nik, npwp, anonymous = donors[index]
            quoted_did, quoted_when = quote(did), quote(when)
            payload_json = (f'{{{donor_texts[index]}"id":{quoted_did},"lines":[{lines[0]}],'
                            f'"payment_method":"{method}","payment_reference":'
                            f'{"null" if reference is None else quote(reference)},'
                            f'"receipt_number":{quote(receipt)},"recorded_at":{quoted_when},"total":{total}}}')
            text = (f'{head}{quoted_did},"event_id":{quote(event_id)},"occurred_at":{quoted_when}'
                    f'{office_part}{payload_json},"prev_hash":{quote(prev)},"seq":{seq}{donation_type}{user_text}}}')
            digest = sha256(text.encode()).hexdigest()
            record = new_record(DonationRec, (did, receipt, (did, off, dev, seq, receipt, donor_id, name, nik, npwp,
                                                            anonymous, total, method, reference, when, user),
                                              lines[1], True, payload_json))
            out.append((seq, (dev, seq, event_id, off, _DONATION, did, when, user, payload_json, prev, digest),
                        record, None))
            user_copy = _NULL if user is None else user
            event_copy.append(f"{event_start}{seq}\t{event_id}{event_kind}{did}\t{when}\t{user_copy}\t{payload_json}"
                              f"\t{prev}\t{digest}\n")
            donation_copy.append(f"{did}{donation_office}{seq}\t{receipt}\t{donor_copy[index]}\t{total}\t{method}\t"
                                 f"{_NULL if reference is None else reference}\t{when}\t{user_copy}\trecorded\tf\n")
            line_copy.append(lines[3])
        else:
            event = _other(items[seq - raw["first_seq"]], seq, prev, device, head, office_part)
            if event is None:
                return None
            out.append(event)
            digest = event[1][10]
            event_copy.append("\t".join([_NULL if value is None else str(value) for value in event[1]]) + "\n")
            other_values.extend(value for value in event[1][2:8] if type(value) is str)
        hashes.append(digest)
        prev = digest
        seq += 1
    if batch_hash(hashes) != raw["batch_hash"]:
        return None
    # Every value a device chose that goes into a row as text (a payload is JSON: it holds none of the
    # characters below; methods and units are from fixed sets; the rest is the server's or a hash).
    values = [raw["prev_hash"], dev, off, *other_values]
    if rows:
        flat_lines = list(chain.from_iterable(cols["lines"]))
        values += chain(cols["event_id"], cols["id"], cols["receipt_number"], cols["recorded_at"],
                        filter(None, cols["user_id"]), filter(None, cols["payment_reference"]),
                        filter(None, chain.from_iterable(donor[:4] for donor in donors)),
                        map(itemgetter(1), flat_lines), filter(None, map(itemgetter(2), flat_lines)))
    copy = _copy_texts("".join(values), event_copy, donation_copy, line_copy)
    return Prepared(raw["first_seq"], raw["last_seq"], raw["prev_hash"], out, raw.get("sent_at"), raw["app_version"],
                    hashes, funds, copy)


def _copy_texts(values: str, events: list[str], donations: list[str], lines: list[str]) -> CopyTexts | None:
    """The batch's rows as COPY text, escaped; None when a value holds a character that COPY's text
    format gives a meaning (tab, newline, carriage return) or a NUL: then the rows go to ``COPY`` as
    tuples, formatted by the driver (which refuses a NUL).

    ``values`` is every text value the device chose, joined. The rows were written with NUL for
    NULL: once no value holds one, each NUL is a NULL, and backslashes (a payload's JSON escapes, or
    any value's) are doubled before the NULs become COPY's NULL marker.
    """
    if "\t" in values or "\n" in values or "\r" in values or _NULL in values:
        return None
    texts = []
    for rows in (events, donations, lines):
        text = "".join(rows)
        if "\\" in text:
            text = text.replace("\\", "\\\\")
        texts.append(text.replace(_NULL, "\\N") if _NULL in text else text)
    return CopyTexts(*texts)


_NULL = "\x00"  # NULL while the COPY texts are written (no value may hold one: see _copy_texts)
_new_record = tuple.__new__  # a DonationRec without the Python-level __new__ of a NamedTuple


def _other(e: Any, seq: int, prev: str, device: DeviceRef, head: str, office_part: str) -> Item | None:
    """Any other event item of the device's own (the checks of ``fastlane.prepare_fast``, chained form)."""
    if type(e) is not dict or e.keys() != _LEAN_KEYS:
        return None
    event_id, kind, entity, occurred, user, payload = (e["event_id"], e["type"], e["entity_id"], e["occurred_at"],
                                                       e["user_id"], e["payload"])
    if not (_str(event_id, 1, 64) and _str(kind, 1, 64) and kind != _DONATION and _str(entity, 1, 64)
            and _str(occurred, 1, 40) and (user is None or _str(user, 0, 64)) and type(payload) is dict
            and payload_problem(payload) is None):
        return None
    parsed, breach = pl.parse_payload(kind, payload)
    payload_json = payload_canonical(payload, checked=False)
    text = (f'{head}{_quote(entity)},"event_id":{_quote(event_id)},"occurred_at":{_quote(occurred)}'
            f'{office_part}{payload_json},"prev_hash":{_quote(prev)},"seq":{seq},"type":{_quote(kind)},'
            f'"user_id":{_opt(user)}}}')
    digest = _sha256(text.encode()).hexdigest()
    row = (device.device_id, seq, event_id, device.office_id, kind, entity, occurred, user, payload_json, prev, digest)
    return (seq, row, parsed, breach)
