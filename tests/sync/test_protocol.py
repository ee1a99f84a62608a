"""The fast ingest paths agree with the reference definitions, on generated input."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sync.protocol import payloads as pl
from sync.protocol.canonical import GENESIS_HASH, canonical_json
from sync.protocol.events import compute_event_hash
from sync.protocol.fastcheck import fast_batch
from sync.protocol.fasthash import event_hash_with_payload, payload_canonical
from sync.protocol.wire import Batch, batch_hash, build_batch

json_scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
ids = st.text(min_size=1, max_size=64)


@settings(max_examples=300, deadline=None)
@given(payload=st.dictionaries(st.text(max_size=10), json_values, max_size=6), device=ids, office=ids,
       event_id=ids, entity=ids, kind=st.text(min_size=1, max_size=64), when=st.text(min_size=1, max_size=40),
       user=st.none() | st.text(max_size=64), seq=st.integers(1, 2**40))
def test_fast_hash_equals_compute_event_hash(payload: dict[str, Any], device: str, office: str, event_id: str,
                                             entity: str, kind: str, when: str, user: str | None, seq: int) -> None:
    body = {"seq": seq, "event_id": event_id, "device_id": device, "office_id": office, "type": kind,
            "entity_id": entity, "occurred_at": when, "user_id": user, "payload": payload, "prev_hash": GENESIS_HASH}
    text = payload_canonical(payload, checked=False)
    assert text == canonical_json(payload).decode("utf-8")
    assert event_hash_with_payload(body, text) == compute_event_hash(body)


donation_lines = st.fixed_dictionaries({
    "line_no": st.integers(-2, 5) | st.booleans(), "fund_code": st.text(max_size=42),
    "program_code": st.none() | st.text(max_size=42), "amount": st.integers(-10, 10**9) | st.text(max_size=3),
    "quantity": st.none() | st.integers(-1, 5000), "unit": st.none() | st.sampled_from(["jiwa", "gram", "kg!"]),
})
donations = st.fixed_dictionaries({
    "id": st.text(max_size=66), "receipt_number": st.text(max_size=41), "donor_id": st.none() | st.text(max_size=3),
    "donor_name": st.text(max_size=121), "donor_nik": st.none() | st.text(max_size=17),
    "donor_npwp": st.none(), "anonymous": st.booleans() | st.integers(0, 1), "total": st.integers(-5, 10**9),
    "payment_method": st.sampled_from(["tunai", "qris", "cek", "x" * 11]), "payment_reference": st.none(),
    "recorded_at": st.text(max_size=41), "lines": st.lists(donation_lines, max_size=3),
})


@settings(max_examples=400, deadline=None)
@given(payload=donations)
def test_fast_donation_never_accepts_what_the_schema_refuses(payload: dict[str, Any]) -> None:
    fast = pl.fast_donation(payload)
    try:
        model = pl.DonationRecorded.model_validate(payload)
    except ValidationError:
        assert fast is None
        return
    if fast is not None:
        assert fast == dataclasses.replace(pl.Donation.from_model(model), plain=True)


def _event(seq: int, prev: str) -> dict[str, Any]:
    event = {"seq": seq, "event_id": f"e{seq}", "device_id": "d", "office_id": "o", "type": "settings.changed",
             "entity_id": "k", "occurred_at": "2026-01-01T00:00:00Z", "user_id": None,
             "payload": {"key": "k", "value": seq}, "prev_hash": prev}
    event["hash"] = compute_event_hash(event)
    return event


@pytest.mark.parametrize("chained", [True, False])
def test_fast_batch_agrees_with_the_model(chained: bool) -> None:
    first = _event(1, GENESIS_HASH)
    body = build_batch([first, _event(2, first["hash"])], device_id="d", app_version="t", chained=chained)
    fast = fast_batch(body)
    assert fast is not None
    model = Batch.model_validate(body)
    assert [dict(vars(e)) for e in model.events] == fast["events"]
    assert body["batch_hash"] == batch_hash([first["hash"], _event(2, first["hash"])["hash"]])
    for broken in ({**body, "first_seq": "1"}, {**body, "extra": 1}, {**body, "events": []},
                   {**body, "events": [{**body["events"][0], "seq": True}]}):
        assert fast_batch(broken) is None


@settings(max_examples=200, deadline=None)
@given(event=st.dictionaries(st.sampled_from(["seq", "event_id", "device_id", "office_id", "type", "entity_id",
                                              "occurred_at", "user_id", "payload", "prev_hash", "hash", "x"]),
                             json_values | st.integers(0, 3) | st.just("h" * 64), max_size=11))
def test_fast_batch_never_accepts_what_the_model_refuses(event: dict[str, Any]) -> None:
    body = {"protocol_version": 1, "app_version": "t", "device_id": "d", "first_seq": 1, "last_seq": 1,
            "events": [event], "batch_hash": "0" * 64}
    if fast_batch(body) is not None:
        Batch.model_validate(body)
