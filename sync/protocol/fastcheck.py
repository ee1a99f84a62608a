"""A cheap pre-check of batch envelopes so that pydantic only runs on unusual input.

Validating 500 events with the ``Batch`` model costs more than hashing them. This accepts only what
``Batch`` surely accepts (known keys, exact types, lengths in range) and returns plain dicts; on
anything else the caller validates with the model, which either coerces (e.g. ``"5"`` for a seq) or
produces the precise error. So the two paths can never disagree on what is valid.
"""

from __future__ import annotations

from typing import Any

from sync.protocol.limits import MAX_SEQ

_BATCH_KEYS = frozenset(
    {"protocol_version", "app_version", "device_id", "first_seq", "last_seq", "prev_hash", "events",
     "batch_hash", "sent_at"})
_BATCH_REQUIRED = _BATCH_KEYS - {"prev_hash", "sent_at"}
_EVENT_KEYS = frozenset(
    {"seq", "event_id", "device_id", "office_id", "type", "entity_id", "occurred_at", "user_id", "payload",
     "prev_hash", "hash"})
_EVENT_REQUIRED = _EVENT_KEYS - {"user_id", "prev_hash", "hash"}
_TEXT_LIMITS = (("event_id", 64), ("device_id", 64), ("office_id", 64), ("type", 64), ("entity_id", 64),
                ("occurred_at", 40))
MAX_EVENTS = 5000


def _text(value: Any, high: int) -> bool:
    return type(value) is str and 1 <= len(value) <= high


def _hash_or_none(value: Any) -> bool:
    return value is None or (type(value) is str and len(value) == 64)


def _event_ok(event: Any) -> bool:
    if type(event) is not dict or not (_EVENT_REQUIRED <= event.keys() <= _EVENT_KEYS):
        return False
    seq = event["seq"]
    if type(seq) is not int or not 1 <= seq <= MAX_SEQ or type(event["payload"]) is not dict:
        return False
    for key, high in _TEXT_LIMITS:
        if not _text(event[key], high):
            return False
    user = event.get("user_id")
    if user is not None and not (type(user) is str and len(user) <= 64):
        return False
    return _hash_or_none(event.get("prev_hash")) and _hash_or_none(event.get("hash"))


def fast_batch(raw: Any) -> dict[str, Any] | None:
    """``raw`` with every event defaulted (user_id/prev_hash/hash) when surely valid, else None."""
    if type(raw) is not dict or not (_BATCH_REQUIRED <= raw.keys() <= _BATCH_KEYS):
        return None
    events = raw["events"]
    if not (type(raw["protocol_version"]) is int and _text(raw["app_version"], 40) and _text(raw["device_id"], 64)
            and type(raw["first_seq"]) is int and 1 <= raw["first_seq"] <= MAX_SEQ
            and type(raw["last_seq"]) is int and 1 <= raw["last_seq"] <= MAX_SEQ
            and _hash_or_none(raw.get("prev_hash")) and type(raw["batch_hash"]) is str
            and len(raw["batch_hash"]) == 64 and type(events) is list and 1 <= len(events) <= MAX_EVENTS):
        return None
    sent = raw.get("sent_at")
    if sent is not None and not (type(sent) is str and len(sent) <= 40):
        return None
    out: list[dict[str, Any]] = []
    for event in events:
        if not _event_ok(event):
            return None
        fields = dict(event)
        fields.setdefault("user_id", None)
        fields.setdefault("prev_hash", None)
        fields.setdefault("hash", None)
        out.append(fields)
    return {**raw, "events": out, "prev_hash": raw.get("prev_hash"), "sent_at": sent}
