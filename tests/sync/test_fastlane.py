"""The ingest fast lane agrees with the general path: it never accepts what the general path refuses
or flags, and whatever it accepts becomes exactly the same rows and hashes."""

from __future__ import annotations

import copy
from typing import Any

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
FUNDS = ["zakat_maal", "infak_terikat", "x" * 41, ""]
texts = st.text(max_size=8) | st.sampled_from(['a"b', "back\\slash", "tab\tnew\nline", "ünï", "\x00\x1f"])

lines = st.fixed_dictionaries({
    "line_no": st.integers(0, 3) | st.just(True), "fund_code": st.sampled_from(FUNDS),
    "program_code": st.none() | st.sampled_from(["umum", "y" * 41]), "amount": st.integers(-2, 10**7),
    "quantity": st.none() | st.integers(-1, 3), "unit": st.none() | st.sampled_from(["jiwa", "gram", "kg"]),
})


@st.composite
def donations(draw: st.DrawFn) -> dict[str, Any]:
    items = draw(st.lists(lines, max_size=3))
    drift = draw(st.sampled_from([0, 0, 0, 0, 1]))
    payload = {
        "id": draw(st.sampled_from(["d-1", "d-2", "", "z" * 65]) | texts), "receipt_number": draw(texts),
        "donor_id": draw(st.none() | texts), "donor_name": draw(texts), "donor_nik": draw(st.none() | texts),
        "donor_npwp": None, "anonymous": draw(st.booleans() | st.just(1)),
        "total": sum(line["amount"] for line in items) + drift,
        "payment_method": draw(st.sampled_from(["tunai", "qris", "cek"])), "payment_reference": None,
        "recorded_at": draw(st.sampled_from(["2026-03-01T08:00:00Z", ""])), "lines": items,
    }
    if draw(st.integers(0, 9)) == 0:
        payload["extra"] = draw(st.integers() | texts)
    return payload


others = st.one_of(
    st.fixed_dictionaries({"type": st.just("settings.changed"),
                           "payload": st.fixed_dictionaries({"key": texts, "value": st.integers() | texts})}),
    st.fixed_dictionaries({"type": st.just("donor.saved"),
                           "payload": st.fixed_dictionaries({"id": st.just("p-1"), "name": texts,
                                                             "version": st.integers(0, 3)})}),
    st.fixed_dictionaries({"type": st.just("future.thing"), "payload": st.fixed_dictionaries({"a": texts})}),
)
kinds = st.one_of(st.fixed_dictionaries({"type": st.just("donation.recorded"), "payload": donations()}), others)
mutations = st.sampled_from([None, None, None, "seq", "device_id", "office_id", "event_id", "user_id", "hash",
                             "prev_hash", "extra", "drop", "first_seq", "batch_hash", "float"])


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


@settings(max_examples=400, deadline=None)
@given(specs=st.lists(kinds, min_size=1, max_size=5), first_seq=st.sampled_from([1, 7]),
       user=st.none() | st.just("u-1") | texts, chained=st.booleans(), how=mutations, where=st.integers(0, 4))
def test_fast_lane_agrees_with_the_general_path(specs: list[dict[str, Any]], first_seq: int, user: str | None,
                                                 chained: bool, how: str | None, where: int) -> None:
    body = build_batch(_journal(specs, first_seq, user), device_id=DEVICE.device_id, app_version="t",
                       chained=chained, sent_at="2026-03-01T08:00:05Z")
    _mutate(body, how, where)
    fast = prepare_fast(copy.deepcopy(body), DEVICE)
    try:
        general: Prepared | None = prepare_general(copy.deepcopy(body), DEVICE)
    except SyncError:
        general = None
    if fast is not None:
        assert general is not None, "the fast lane accepted a batch the general path refuses"
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
