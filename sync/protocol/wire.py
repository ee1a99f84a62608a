"""Request and response bodies of the sync protocol (v1), shared by the client and the server.

The event itself lives in ``sync.protocol.events``; this module wraps events into batches and defines
what the server answers. Keeping the wire shapes in one place lets the server publish them in its
OpenAPI schema and lets the client build exactly what the server validates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sync.protocol.events import PROTOCOL_VERSION
from sync.protocol.limits import MAX_SEQ

API_PREFIX = "/api/v1"

# Machine-readable error codes (``ErrorBody.code``). Documented in docs/sync-protocol.md.
ERR_INVALID_TOKEN = "invalid_token"  # 401
ERR_TOKEN_REVOKED = "token_revoked"  # 401
ERR_OFFICE_SCOPE = "office_scope"  # 403: events of another office or device
ERR_NOT_FOUND = "not_found"  # 404
ERR_SEQ_GAP = "seq_gap"  # 409, details.expected_seq
ERR_SEQ_HASH_MISMATCH = "seq_hash_mismatch"  # 409, kept as an alert on the server
ERR_ENROLL_CODE = "enroll_code_invalid"  # 400: unknown, used or expired enrollment code
ERR_ENROLL_CONFLICT = "enroll_conflict"  # 409: device or office id taken elsewhere
ERR_RESET_REQUIRED = "reset_required"  # 412: unknown changes cursor
ERR_TOO_LARGE = "too_large"  # 413
ERR_MALFORMED_JSON = "malformed_json"  # 400: body is not (gzip) JSON
ERR_MALFORMED = "malformed"  # 422: JSON that does not match the schema
ERR_CHAIN_BROKEN = "chain_broken"  # 422
ERR_BATCH_HASH = "batch_hash_mismatch"  # 422
ERR_PROTOCOL_VERSION = "protocol_version"  # 426, details.supported
ERR_BUSY = "busy"  # 503: database busy, retry later

ERR_RATE_LIMITED = "rate_limited"  # 429: too many failed enrollment attempts, Retry-After says when

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
OFFICE_ID_PATTERN = r"^[A-Za-z0-9-]{1,64}$"  # an office code (KLL-PKS), or a legacy UUID
PRINTABLE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"  # no control characters (terminal escapes)

MAX_BATCH_EVENTS = 5000
MAX_CHANGES_PAGE = 5000  # items per GET /changes page


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer: a stable ``code`` for programs, a ``message`` for people."""

    code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


def batch_hash(event_hashes: Iterable[str]) -> str:
    """sha256 over the events' hashes joined by newlines.

    It lets the server reject a batch whose event list was truncated or reordered in transit before
    doing any per-event work, and lets a signed batch file be checked with one hash.
    """
    return hashlib.sha256("\n".join(event_hashes).encode("ascii")).hexdigest()


class WireEvent(BaseModel):
    """An ``Event`` as it travels: ``hash``/``prev_hash`` may be left out (the "chained" form).

    The hashes are 40 % of a compressed batch and carry no information the server cannot recompute,
    so the chained form sends them once per batch instead (``Batch.prev_hash`` and ``batch_hash``).
    """

    model_config = ConfigDict(extra="forbid")

    seq: int = Field(ge=1, le=MAX_SEQ)
    event_id: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    office_id: str = Field(min_length=1, max_length=64)
    type: str = Field(min_length=1, max_length=64)
    entity_id: str = Field(min_length=1, max_length=64)
    occurred_at: str = Field(min_length=1, max_length=40)
    user_id: str | None = Field(default=None, max_length=64)
    payload: dict[str, Any]
    prev_hash: str | None = Field(default=None, min_length=64, max_length=64)
    hash: str | None = Field(default=None, min_length=64, max_length=64)


class Batch(BaseModel):
    """A run of consecutive journal events from one device (``first_seq`` .. ``last_seq``).

    Two forms: *full* (every event has ``prev_hash`` and ``hash``; ``prev_hash`` here is null) and
    *chained* (``prev_hash`` here is the hash of event ``first_seq - 1``, events carry neither hash).
    In both, ``batch_hash`` is ``batch_hash()`` over the events' hashes, so the server, which
    recomputes every hash, detects any change to any event.
    """

    model_config = ConfigDict(extra="forbid")

    protocol_version: int
    app_version: str = Field(min_length=1, max_length=40)
    device_id: str = Field(min_length=1, max_length=64)
    first_seq: int = Field(ge=1, le=MAX_SEQ)
    last_seq: int = Field(ge=1, le=MAX_SEQ)
    prev_hash: str | None = Field(default=None, min_length=64, max_length=64)
    events: list[WireEvent] = Field(min_length=1, max_length=MAX_BATCH_EVENTS)
    batch_hash: str = Field(min_length=64, max_length=64)
    sent_at: str | None = Field(default=None, max_length=40)  # device clock, for skew warnings


def _without_hashes(event: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``event`` without hash fields (copy + pop: ~6x faster than a filtering comprehension)."""
    stripped = event.copy()
    stripped.pop("hash", None)
    stripped.pop("prev_hash", None)
    return stripped


def build_batch(
    events: list[dict[str, Any]], *, device_id: str, app_version: str, chained: bool = True,
    sent_at: str | None = None,
) -> dict[str, Any]:
    """The JSON-ready body of ``POST /batches`` for consecutive journal ``events`` (full dicts)."""
    if chained:
        wire = [_without_hashes(event) for event in events]
        prev: str | None = events[0]["prev_hash"]
    else:
        wire, prev = list(events), None
    return {
        "protocol_version": PROTOCOL_VERSION,
        "app_version": app_version,
        "device_id": device_id,
        "first_seq": events[0]["seq"],
        "last_seq": events[-1]["seq"],
        "prev_hash": prev,
        "events": wire,
        "batch_hash": batch_hash(event["hash"] for event in events),
        "sent_at": sent_at,
    }


class FlaggedEvent(BaseModel):
    """An accepted event that broke a business rule; stored as ``needs_review``, never blocking."""

    seq: int
    code: str
    message: str


class Ack(BaseModel):
    """Answer to a batch: everything up to ``acked_seq`` is committed on the server."""

    acked_seq: int
    last_hash: str
    flagged: list[FlaggedEvent] = Field(default_factory=list)
    server_time: str | None = None


class EnrollRequest(BaseModel):
    """A device asks for a token with a one-time code a district admin gave the office.

    ``device_id``/``office_id`` are the ids already in the device's journal, if it has one: the
    server keeps them so the journal never has to be rewritten (see docs/sync-protocol.md).
    """

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=4, max_length=40)
    # A UUID (the app makes a UUIDv7 at setup): ids end up in admin terminals and file names.
    device_id: str | None = Field(default=None, pattern=UUID_PATTERN)
    office_id: str | None = Field(default=None, pattern=OFFICE_ID_PATTERN)
    device_label: str | None = Field(default=None, max_length=120, pattern=PRINTABLE_PATTERN)
    app_version: str | None = Field(default=None, max_length=40, pattern=PRINTABLE_PATTERN)


class EnrollResponse(BaseModel):
    device_id: str
    office_id: str
    office_code: str
    office_name: str
    token: str
    acked_seq: int
    last_hash: str
    protocol_version: int


class DeviceMe(BaseModel):
    """What the server holds for the calling device: the client reconciles against it."""

    device_id: str
    office_id: str
    office_code: str
    acked_seq: int
    last_hash: str
    server_time: str


ChangeKind = Literal["fund", "program", "rate", "user", "setting", "beneficiary"]


class ChangeItem(BaseModel):
    """One reference-data record, newest state; ``deleted`` removes it on the device."""

    kind: str
    id: str
    data: dict[str, Any]
    version: int
    deleted: bool = False


class ChangesPage(BaseModel):
    items: list[ChangeItem]
    next_cursor: int
    has_more: bool


class Health(BaseModel):
    status: Literal["ok"]
    protocol_versions: list[int]
    server_time: str
    database: str
