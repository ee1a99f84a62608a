"""The ingest fast lane agrees with the general path: it never accepts what the general path refuses
or flags, and whatever it accepts becomes exactly the same rows and hashes.

Batches are built from valid events, then a third get a donation near-miss (a money rule broken, a
limit passed by one, a wrong type, or a value exactly at a limit) and a third a broken envelope or
event. The property counts how many examples reached each check and asserts a minimum after the run;
each near-miss also gets its own test, because the property meets any one of them only a few times.
"""

from __future__ import annotations

import collections
import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.protocol import payloads as pl
from sync.protocol.canonical import GENESIS_HASH
from sync.protocol.events import compute_event_hash
from sync.protocol.wire import build_batch
from sync.server.fastlane import prepare_fast
from sync.server.ingest import DeviceRef, SyncError, prepare_general
from sync.server.records import DonationRec, Prepared

DEVICE = DeviceRef("dev-1", "off-1", "K1")
ESCAPED = st.sampled_from(['a"b', "back\\slash", "tab\tnew\nline", "ünï", "\x00\x1f"])  # JSON escapes, UTF-8
texts = st.text(max_size=8) | ESCAPED
names = st.text(min_size=1, max_size=8) | ESCAPED


@st.composite
def lines(draw: st.DrawFn, line_no: int) -> dict[str, Any]:
    unit = draw(st.none() | st.sampled_from(sorted(pl.UNITS)))
    return {"line_no": line_no, "fund_code": draw(st.sampled_from(["zakat_maal", "infak_terikat", "f" * 40])),
            "program_code": draw(st.none() | st.sampled_from(["umum", "y" * 40])),
            "amount": draw(st.integers(0, 10**7)), "quantity": None if unit is None else draw(st.integers(1, 3)),
            "unit": unit}


# A field set to a value one past a schema limit or of a type the schema refuses.
# (Floats cannot be hashed into a journal: the "float" mutation below puts one in after hashing.)
FIELD_MISSES: list[tuple[str, str, Any]] = [
    ("line", "line_no", 0), ("line", "line_no", True), ("line", "line_no", "1"), ("line", "fund_code", ""),
    ("line", "fund_code", "f" * 41), ("line", "program_code", "y" * 41), ("line", "unit", "kg"),
    ("line", "amount", "5"), ("payload", "total", "0"), ("payload", "anonymous", 1),
    ("payload", "payment_method", "cek"), ("payload", "id", ""), ("payload", "id", "z" * 65),
    ("payload", "receipt_number", ""), ("payload", "receipt_number", "r" * 41), ("payload", "donor_name", "n" * 121),
    ("payload", "donor_nik", "1" * 17), ("payload", "payment_reference", "p" * 61), ("payload", "recorded_at", ""),
    ("payload", "recorded_at", "t" * 41), ("payload", "donor_id", 7),
]
# Exactly at a limit: valid, and the fast lane should take them.
AT_LIMITS: list[tuple[str, str, Any]] = [
    ("payload", "id", "z" * 64), ("payload", "receipt_number", "r" * 40), ("payload", "donor_name", "n" * 120),
    ("payload", "donor_nik", "1" * 16), ("payload", "payment_reference", "p" * 60), ("line", "fund_code", "f" * 40),
    ("line", "program_code", "y" * 40), ("payload", "recorded_at", "t" * 40),
]
# A change that breaks a money rule (the general path flags it) or the payload's shape.
RULE_MISSES = ["drift", "no_lines", "duplicate_line_no", "negative_amount", "huge_amount", "unit_without_quantity",
               "quantity_without_unit", "zero_quantity", "extra", "line_extra", "missing", "line_missing"]


def _near_miss(payload: dict[str, Any], how: str | tuple[str, str, Any]) -> None:
    line = payload["lines"][0]
    if isinstance(how, tuple):
        where, key, value = how
        (line if where == "line" else payload)[key] = value
    elif how == "drift":
        payload["total"] += 1
    elif how == "no_lines":
        payload["lines"], payload["total"] = [], 0
    elif how == "duplicate_line_no":
        payload["lines"].append(dict(line))
        payload["total"] += line["amount"]
    elif how in ("negative_amount", "huge_amount"):
        line["amount"] = -1 if how == "negative_amount" else 2**53
        payload["total"] = sum(item["amount"] for item in payload["lines"])
    elif how in ("unit_without_quantity", "quantity_without_unit", "zero_quantity"):
        line["unit"], line["quantity"] = {"unit_without_quantity": ("jiwa", None),
                                          "quantity_without_unit": (None, 2), "zero_quantity": ("jiwa", 0)}[how]
    elif how in ("extra", "line_extra"):
        (payload if how == "extra" else line)["extra"] = 1
    elif how == "missing":
        del payload["donor_npwp"]
    elif how == "line_missing":
        del line["unit"]


@st.composite
def donations(draw: st.DrawFn) -> dict[str, Any]:
    """A donation that breaks no schema limit and no money rule (near-misses are applied per batch)."""
    numbers = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3, unique=True))
    items = [draw(lines(no)) for no in numbers]
    return {
        "id": draw(st.sampled_from(["d-1", "d-2"]) | names), "receipt_number": draw(names),
        "donor_id": draw(st.none() | texts), "donor_name": draw(texts), "donor_nik": draw(st.none() | texts),
        "donor_npwp": None, "anonymous": draw(st.booleans()), "total": sum(line["amount"] for line in items),
        "payment_method": draw(st.sampled_from(sorted(pl.PAYMENT_METHODS))),
        "payment_reference": draw(st.none() | st.just("BRI-1")),
        "recorded_at": draw(st.sampled_from(["2026-03-01T08:00:00Z", "x"])), "lines": items,
    }


others = st.one_of(
    st.fixed_dictionaries({"type": st.just("settings.changed"),
                           "payload": st.fixed_dictionaries({"key": texts, "value": st.integers() | texts})}),
    st.fixed_dictionaries({"type": st.just("donor.saved"),
                           "payload": st.fixed_dictionaries({"id": st.just("p-1"), "name": texts,
                                                             "version": st.integers(0, 3)})}),
    st.fixed_dictionaries({"type": st.just("future.thing"), "payload": st.fixed_dictionaries({"a": texts})}),
)
donation_events = st.fixed_dictionaries({"type": st.just("donation.recorded"), "payload": donations()})
kinds = st.one_of(donation_events, donation_events, others)  # two donations for one other event
MUTATIONS = ["seq", "device_id", "office_id", "event_id", "user_id", "hash", "prev_hash", "extra", "drop",
             "first_seq", "batch_hash", "float"]
# A third of the batches are left intact, a third get one donation near-miss (before hashing: the chain
# is right, the content is not), a third one change to an event or to the envelope (after hashing).
near_misses = st.sampled_from(RULE_MISSES) | st.sampled_from([*FIELD_MISSES, *AT_LIMITS])
changes = st.one_of(st.none(), st.tuples(st.just("donation"), near_misses),
                    st.tuples(st.just("event"), st.sampled_from(MUTATIONS)))


def _journal(specs: list[dict[str, Any]], first_seq: int, user: str | None) -> list[dict[str, Any]]:
    events, prev = [], GENESIS_HASH if first_seq == 1 else "ab" * 32
    for offset, spec in enumerate(specs):
        event = {"seq": first_seq + offset, "event_id": f"e-{offset}", "device_id": DEVICE.device_id,
                 "office_id": DEVICE.office_id, "type": spec["type"], "entity_id": f"ent-{offset}",
                 "occurred_at": "2026-03-01T08:00:00Z", "user_id": user, "payload": spec["payload"],
                 "prev_hash": prev}
        event["hash"] = prev = compute_event_hash(event)
        events.append(event)
    return events


def _mutate(body: dict[str, Any], how: str | None, where: int) -> None:
    event = body["events"][where % len(body["events"])]
    if how in ("seq", "device_id", "office_id", "event_id", "user_id"):
        event[how] = {"seq": True, "device_id": "dev-2", "office_id": "off-2", "event_id": "",
                      "user_id": 7}[how]
    elif how == "hash":
        event["hash"] = "0" * 64
    elif how == "prev_hash":
        event["prev_hash"] = "1" * 64
    elif how == "extra":
        event["extra"] = 1
    elif how == "drop":
        del event["entity_id"]
    elif how == "first_seq":
        body["first_seq"] += 1
    elif how == "batch_hash":
        body["batch_hash"] = "f" * 64
    elif how == "float":
        event["payload"]["total"] = 1.5


def _same(fast: Prepared, general: Prepared) -> None:
    assert (fast.first_seq, fast.last_seq, fast.prev_hash, fast.hashes, fast.sent_at, fast.app_version) == (
        general.first_seq, general.last_seq, general.prev_hash, general.hashes, general.sent_at, general.app_version)
    used: set[str] = set()
    for (seq, row, parsed, breach), (g_seq, g_row, g_parsed, g_breach) in zip(fast.items, general.items, strict=True):
        assert (seq, row, breach) == (g_seq, g_row, g_breach)
        if isinstance(g_parsed, DonationRec):
            assert isinstance(parsed, DonationRec) and parsed.clean
            assert (parsed.id, parsed.receipt_number, parsed.head, parsed.lines) == (
                g_parsed.id, g_parsed.receipt_number, g_parsed.head, g_parsed.lines)
            funds = {line[2] for line in parsed.lines}
            used |= funds
            assert pl.donation_breaches(g_parsed.source, funds) == []  # "clean" really is clean
        else:
            assert parsed == g_parsed
    assert fast.funds == used


reached: collections.Counter[str] = collections.Counter()


@settings(max_examples=600, deadline=None)
@given(specs=st.lists(kinds, min_size=1, max_size=5), first_seq=st.sampled_from([1, 7]),
       user=st.none() | st.just("u-1") | texts, chained=st.booleans(), change=changes, where=st.integers(0, 4))
def _fast_lane_agrees(specs: list[dict[str, Any]], first_seq: int, user: str | None, chained: bool,
                      change: tuple[str, Any] | None, where: int) -> None:
    specs = copy.deepcopy(specs)
    kind, how = change or ("", None)
    donated = [spec["payload"] for spec in specs if spec["type"] == "donation.recorded"]
    if kind == "donation" and donated:
        _near_miss(donated[where % len(donated)], how)
    body = build_batch(_journal(specs, first_seq, user), device_id=DEVICE.device_id, app_version="t",
                       chained=chained, sent_at="2026-03-01T08:00:05Z")
    if kind == "event":
        _mutate(body, how, where)
    fast = prepare_fast(copy.deepcopy(body), DEVICE)
    try:
        general: Prepared | None = prepare_general(copy.deepcopy(body), DEVICE)
    except SyncError:
        general = None
    if fast is not None:
        assert general is not None, "the fast lane accepted a batch the general path refuses"
        _same(fast, general)
        reached["accepted by both, same rows"] += 1
        reached["... with donations compared"] += bool(donated)
    elif general is None:
        reached["refused by both"] += 1
    else:
        reached["left to the general path, which accepts"] += 1
        reached["... with a donation near-miss"] += kind == "donation" and bool(donated)


def test_fast_lane_agrees_with_the_general_path() -> None:
    reached.clear()
    _fast_lane_agrees()
    assert reached["accepted by both, same rows"] >= 150, reached
    assert reached["... with donations compared"] >= 60, reached
    assert reached["refused by both"] >= 40, reached
    assert reached["left to the general path, which accepts"] >= 40, reached
    assert reached["... with a donation near-miss"] >= 30, reached


def _case(how: str | tuple[str, str, Any]) -> str:
    if isinstance(how, str):
        return how
    _, key, value = how
    return f"{key}=len{len(value)}" if isinstance(value, str) else f"{key}={value!r}"


@pytest.mark.parametrize("how", [*RULE_MISSES, *FIELD_MISSES, *AT_LIMITS], ids=_case)
@settings(max_examples=12, deadline=None)
@given(payload=donations(), chained=st.booleans(), user=st.none() | st.just("u-1"))
def test_each_donation_near_miss_agrees_with_the_general_path(how: str | tuple[str, str, Any], payload: dict[str, Any],
                                                             chained: bool, user: str | None) -> None:
    """Every near-miss, each on its own in a batch (the property above meets each only a few times): what
    the fast lane takes gives the same rows as the general path, and values exactly at a limit are taken."""
    payload = copy.deepcopy(payload)
    _near_miss(payload, how)
    body = build_batch(_journal([{"type": "donation.recorded", "payload": payload}], 1, user),
                       device_id=DEVICE.device_id, app_version="t", chained=chained)
    fast = prepare_fast(copy.deepcopy(body), DEVICE)
    general = prepare_general(copy.deepcopy(body), DEVICE)  # donation faults are flags: never refused
    if how in AT_LIMITS:
        assert fast is not None, "a value exactly at a limit was left to the general path"
    if fast is not None:  # taken: then it must be clean and give the same rows (a flag or breach would differ)
        _same(fast, general)


def test_plain_donation_batches_take_the_fast_lane() -> None:
    line = {"line_no": 1, "fund_code": "zakat_maal", "program_code": None, "amount": 50_000, "quantity": None,
            "unit": None}
    specs = [{"type": "donation.recorded", "payload": {
        "id": f"d-{i}", "receipt_number": f"K1/2026/A/{i:06d}", "donor_id": None, "donor_name": 'Hamba "Allah"',
        "donor_nik": None, "donor_npwp": None, "anonymous": True, "total": 50_000, "payment_method": "tunai",
        "payment_reference": None, "recorded_at": "2026-03-01T08:00:00Z", "lines": [line]}} for i in range(20)]
    specs.insert(5, {"type": "settings.changed", "payload": {"key": "timezone", "value": "Asia/Makassar"}})
    for chained in (True, False):
        body = build_batch(_journal(specs, 1, "u-1"), device_id=DEVICE.device_id, app_version="t", chained=chained)
        fast = prepare_fast(copy.deepcopy(body), DEVICE)
        assert fast is not None
        _same(fast, prepare_general(body, DEVICE))
