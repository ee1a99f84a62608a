"""The fast ingest paths agree with the reference definitions, on generated input.

The generators build valid input and then spoil up to two fields with values near the limits (wrong
type, one character too many, a key missing or extra), so that both sides of each property are
exercised. A property whose checks sit behind a branch counts how many examples reached each check
and asserts a minimum after the run, so a generator that stops producing what the fast path accepts
fails instead of passing vacuously.
"""

from __future__ import annotations

import collections
import copy
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


def _text(low: int, high: int) -> st.SearchStrategy[str]:
    """Short text, or text exactly at the upper limit (in code points: ASCII, 2-byte and 4-byte UTF-8)."""
    return st.text(min_size=low, max_size=min(high, 6)) | st.sampled_from(["x" * high, "é" * high, "😀" * high])


DELETE = "<delete the key>"
HIGH_INT = [2**53 - 1, 2**53, 2**63, 2**64]  # the I-JSON limit, 64-bit limits
NOT_INT = [True, False, "1", 1.0, None]  # lax pydantic coerces some of these; the fast paths take none


def _edges_text(low: int, high: int) -> list[Any]:
    """At and one past a text field's limits, in code points (ASCII and 4-byte UTF-8), and other types."""
    values: list[Any] = ["x" * high, "😀" * high, "x" * (high + 1), "😀" * (high + 1), "x" * low, None, 1, True, []]
    return [*values, "x" * (low - 1)] if low else values


def _spoil(target: dict[str, Any], key: str, value: Any) -> None:
    if value is DELETE:
        target.pop(key, None)
    else:
        target[key] = copy.deepcopy(value)


Spoil = tuple[str, int, str, Any]  # ("top" or "child", which child, key, value)


def spoils(top: dict[str, list[Any]], child: dict[str, list[Any]]) -> st.SearchStrategy[list[Spoil]]:
    """Up to two near-misses: a field of the top dict or of one of its children set to an edge value,
    deleted, or an extra key added. Many of them are still valid: the model decides."""
    places = [("top", key, [*values, DELETE]) for key, values in top.items()]
    places += [("child", key, [*values, DELETE]) for key, values in child.items()]
    places += [("top", "extra", [1]), ("child", "extra", [1])]
    one = st.tuples(st.sampled_from(places), st.integers(0, 2)).flatmap(
        lambda chosen: st.tuples(st.just(chosen[0][0]), st.just(chosen[1]), st.just(chosen[0][1]),
                                 st.sampled_from(chosen[0][2])))
    return st.sampled_from([0, 1, 1, 2]).flatmap(lambda n: st.lists(one, min_size=n, max_size=n))


def _spoiled(parent: dict[str, Any], children_key: str, spoiling: list[Spoil]) -> dict[str, Any]:
    for level, where, key, value in spoiling:
        children = parent.get(children_key)
        if level == "top":
            _spoil(parent, key, value)
        elif type(children) is list and children and type(children[where % len(children)]) is dict:
            _spoil(children[where % len(children)], key, value)
    return parent


LINE_EDGES: dict[str, list[Any]] = {
    "line_no": [1, 0, -1, *HIGH_INT, *NOT_INT], "fund_code": _edges_text(1, 40),
    "program_code": _edges_text(0, 40), "amount": [0, -1, *HIGH_INT, *NOT_INT],
    "quantity": [None, 0, -1, 1, *HIGH_INT, *NOT_INT], "unit": _edges_text(0, 10),
}
DONATION_EDGES: dict[str, list[Any]] = {
    "id": _edges_text(1, 64), "receipt_number": _edges_text(1, 40), "donor_id": _edges_text(0, 64),
    "donor_name": _edges_text(0, 120), "donor_nik": _edges_text(0, 16),
    "donor_npwp": _edges_text(0, 16), "anonymous": [True, False, 0, 1, "true", None],
    "total": [0, -1, *HIGH_INT, *NOT_INT], "payment_method": _edges_text(0, 10),
    "payment_reference": _edges_text(0, 60), "recorded_at": _edges_text(1, 40),
    "lines": [[], None, "x", [1], [{}], {}],
}
donation_lines = st.fixed_dictionaries({
    "line_no": st.integers(1, 5), "fund_code": _text(1, 40), "program_code": st.none() | _text(0, 40),
    "amount": st.integers(-10, 10**13), "quantity": st.none() | st.integers(-1, 5000),
    "unit": st.none() | st.sampled_from(["jiwa", "gram", "kg!"]) | _text(0, 10),
})
valid_donations = st.fixed_dictionaries({
    "id": _text(1, 64), "receipt_number": _text(1, 40), "donor_id": st.none() | _text(0, 64),
    "donor_name": _text(0, 120), "donor_nik": st.none() | _text(0, 16), "donor_npwp": st.none() | _text(0, 16),
    "anonymous": st.booleans(), "total": st.integers(-5, 10**13),
    "payment_method": st.sampled_from(["tunai", "qris", "transfer"]) | _text(0, 10),
    "payment_reference": st.none() | _text(0, 60), "recorded_at": _text(1, 40),
    "lines": st.lists(donation_lines, max_size=3),
})
reached_donation: collections.Counter[str] = collections.Counter()


@settings(max_examples=400, deadline=None)
@given(payload=valid_donations, spoiling=spoils(DONATION_EDGES, LINE_EDGES))
def _fast_donation_agrees(payload: dict[str, Any], spoiling: list[Spoil]) -> None:
    payload = _spoiled(payload, "lines", spoiling)
    fast = pl.fast_donation(payload)
    try:
        model = pl.DonationRecorded.model_validate(payload)
    except ValidationError:
        assert fast is None, "fast_donation accepted a payload the schema refuses"
        reached_donation["refused by the schema and the fast path"] += 1
        return
    if fast is not None:
        assert fast == dataclasses.replace(pl.Donation.from_model(model), plain=True)
        reached_donation["accepted by both, same donation"] += 1
    else:
        reached_donation["accepted by the schema only"] += 1


def test_fast_donation_never_accepts_what_the_schema_refuses() -> None:
    reached_donation.clear()
    _fast_donation_agrees()
    assert reached_donation["accepted by both, same donation"] >= 100, reached_donation
    assert reached_donation["refused by the schema and the fast path"] >= 60, reached_donation


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


hashes = st.sampled_from(["h" * 64, "0" * 64]) | st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
HASH_EDGES = ["h" * 64, "é" * 64, "h" * 63, "h" * 65, "", 1, None]
SEQ_EDGES = [1, 0, -1, *HIGH_INT, *NOT_INT]
EVENT_EDGES: dict[str, list[Any]] = {
    "seq": SEQ_EDGES, "event_id": _edges_text(1, 64), "device_id": _edges_text(1, 64),
    "office_id": _edges_text(1, 64), "type": _edges_text(1, 64), "entity_id": _edges_text(1, 64),
    "occurred_at": _edges_text(1, 40), "user_id": _edges_text(0, 64),
    "payload": [{}, {"a": 1.5}, [], None, "x"], "prev_hash": HASH_EDGES, "hash": HASH_EDGES,
}
BATCH_EDGES: dict[str, list[Any]] = {
    "protocol_version": [0, -1, 2, *HIGH_INT, *NOT_INT], "app_version": _edges_text(1, 40),
    "device_id": _edges_text(1, 64), "first_seq": SEQ_EDGES, "last_seq": SEQ_EDGES, "prev_hash": HASH_EDGES,
    "events": [[], None, "x", [1], [{}], {}], "batch_hash": HASH_EDGES, "sent_at": _edges_text(0, 40),
}
wire_events = st.fixed_dictionaries(
    {"seq": st.integers(1, 2**40) | st.just(2**53 - 1), "event_id": _text(1, 64), "device_id": _text(1, 64),
     "office_id": _text(1, 64), "type": _text(1, 64), "entity_id": _text(1, 64), "occurred_at": _text(1, 40),
     "payload": st.dictionaries(st.text(max_size=8), json_values, max_size=4)},
    optional={"user_id": st.none() | _text(0, 64), "prev_hash": st.none() | hashes, "hash": st.none() | hashes})
valid_batches = st.fixed_dictionaries(
    {"protocol_version": st.integers(-1, 3), "app_version": _text(1, 40), "device_id": _text(1, 64),
     "first_seq": st.integers(1, 10**6), "last_seq": st.integers(1, 10**6),
     "events": st.lists(wire_events, min_size=1, max_size=3), "batch_hash": hashes},
    optional={"prev_hash": st.none() | hashes, "sent_at": st.none() | _text(0, 40)})
reached_batch: collections.Counter[str] = collections.Counter()


@settings(max_examples=400, deadline=None)
@given(body=valid_batches, spoiling=spoils(BATCH_EDGES, EVENT_EDGES))
def _fast_batch_agrees(body: dict[str, Any], spoiling: list[Spoil]) -> None:
    body = _spoiled(body, "events", spoiling)
    fast = fast_batch(copy.deepcopy(body))
    try:
        model: Batch | None = Batch.model_validate(body)
    except ValidationError:
        model = None
    if fast is not None:
        assert model is not None, "fast_batch accepted a batch the model refuses"
        assert fast == model.model_dump()
        reached_batch["accepted by both, same batch"] += 1
    elif model is None:
        reached_batch["refused by the model and the fast path"] += 1
    else:
        reached_batch["accepted by the model only"] += 1


def test_fast_batch_never_accepts_what_the_model_refuses() -> None:
    reached_batch.clear()
    _fast_batch_agrees()
    assert reached_batch["accepted by both, same batch"] >= 100, reached_batch
    assert reached_batch["refused by the model and the fast path"] >= 60, reached_batch
