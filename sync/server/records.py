"""The shapes a validated batch takes between ``prepare`` (no database) and ``_commit`` (one transaction).

Both the fast lane and the general path produce these, so the transaction code has one input form.
Events and donations are carried as ready-to-insert row tuples: building a dict or an object per
row costs more than the database's own work at tens of thousands of rows a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sync.protocol.payloads import Breach

EVENT_COLUMNS = (
    "device_id", "seq", "event_id", "office_id", "type", "entity_id", "occurred_at", "user_id",
    "payload", "prev_hash", "hash", "received_at", "status",
)
# (device_id, seq, event_id, office_id, type, entity_id, occurred_at, user_id, payload_json, prev_hash, hash):
# the ``events`` columns without received_at and status, which the transaction adds.
EventRow = tuple[Any, ...]
ROW_USER_ID, ROW_PAYLOAD_JSON, ROW_HASH = 7, 8, 10


class DonationRec(NamedTuple):
    """A ``donation.recorded`` payload as rows for ``donations`` (without status, needs_review) and lines."""

    id: str
    receipt_number: str
    head: tuple[Any, ...]  # DONATION_COLUMNS up to user_id
    lines: list[tuple[Any, ...]]  # LINE_COLUMNS, duplicate line numbers already dropped
    clean: bool  # True: breaks no money rule except possibly an unknown fund (checked in the transaction)
    source: Any  # the payload dict (fast lane), its canonical text (columnar lane) or the parsed ``Donation``:
    # parsed again for the review flags


class CopyTexts(NamedTuple):
    """A whole batch's rows as PostgreSQL ``COPY`` text, written while the batch was checked (the
    columnar lane): formatting the same rows from tuples in the transaction cost ~2 µs a row.

    ``events`` ends each row before ``received_at`` and ``status`` (the transaction adds them);
    ``donations`` (status recorded, no review) and ``lines`` are whole rows, for when every donation
    of the batch is projected as it came. Values are escaped for ``COPY``'s text format.
    """

    events: str
    donations: str
    lines: str


# (seq, event row, parsed payload (a model, a DonationRec, or None), schema breach or None)
Item = tuple[int, EventRow, Any, Breach | None]


@dataclass(slots=True)
class Prepared:
    """A batch that passed every check that needs no database."""

    first_seq: int
    last_seq: int
    prev_hash: str
    items: list[Item]
    sent_at: str | None
    app_version: str
    hashes: list[str]
    funds: set[str] = field(default_factory=set)  # fund codes of the clean donations, checked against the catalogue
    copy: CopyTexts | None = None  # the same rows as COPY text (PostgreSQL), when the lane could write them
