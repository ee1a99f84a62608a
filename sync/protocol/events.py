"""Journal events: the unit of change that is chained on the device and replayed on the server.

An event is a fact ("donation recorded", "receipt voided"); events never conflict. Each device numbers
its events with a gap-free ``seq`` starting at 1 and chains them: ``prev_hash`` is the previous
event's ``hash`` (``GENESIS_HASH`` for seq 1) and ``hash`` is the sha256 of the canonical JSON of the
event without its ``hash`` field. The same function computes it on both sides.

This module stays free of pydantic (the app saves and verifies without loading it); the wire model
of an event lives in ``sync.protocol.event_model``.
"""

from __future__ import annotations

from typing import Any

from sync.protocol.canonical import GENESIS_HASH, hash_value

PROTOCOL_VERSION = 1  # batches of whole events (``wire.build_batch``, signed batch files)
COLUMNAR_PROTOCOL_VERSION = 2  # the same batches without derivable fields, in columns (``sync.protocol.columnar``)
SUPPORTED_PROTOCOL_VERSIONS = frozenset({PROTOCOL_VERSION, COLUMNAR_PROTOCOL_VERSION})

# Event types. Payloads are documented in docs/sync-protocol.md.
OFFICE_CREATED = "office.created"
USER_SAVED = "user.saved"
DONOR_SAVED = "donor.saved"
DONATION_RECORDED = "donation.recorded"
DONATION_VOIDED = "donation.voided"
SETTINGS_CHANGED = "settings.changed"
BENEFICIARY_SAVED = "beneficiary.saved"  # person or group snapshot (groups carry member ids)
DISTRIBUTION_PROPOSED = "distribution.proposed"
DISTRIBUTION_APPROVED = "distribution.approved"
DISTRIBUTION_REJECTED = "distribution.rejected"
USER_LOCKED = "user.locked"  # too many failed logins: the user is locked for a while
IDENTITY_ACCESSED = "identity.accessed"  # a full NIK/KK/NPWP was revealed or exported (UU PDP)
PERSONAL_DATA_ERASED = "personal_data.erased"  # a data subject's registry fields erased on request
INSTITUTION_PAYERS_ADDED = "institution.payers_added"  # people added to an institution's payer list
COLLECTIVE_RECORDED = "collective.recorded"  # one hand-over grouping its payers' own donations

DAY_CLOSED = "day.closed"  # daily closing (tutup kas), confirmed by the office head
DAY_REOPENED = "day.reopened"
DEPOSIT_RECORDED = "deposit.recorded"  # cash deposited to the district account (setoran)

EVENT_TYPES = frozenset(
    {OFFICE_CREATED, USER_SAVED, DONOR_SAVED, DONATION_RECORDED, DONATION_VOIDED, SETTINGS_CHANGED,
     BENEFICIARY_SAVED, DISTRIBUTION_PROPOSED, DISTRIBUTION_APPROVED, DISTRIBUTION_REJECTED, USER_LOCKED,
     IDENTITY_ACCESSED, PERSONAL_DATA_ERASED, INSTITUTION_PAYERS_ADDED, COLLECTIVE_RECORDED,
     DAY_CLOSED, DAY_REOPENED, DEPOSIT_RECORDED}
)


def event_body(event: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in event.items() if key != "hash"}


def compute_event_hash(body: dict[str, Any]) -> str:
    """Hash of an event body (a dict with every field except ``hash``)."""
    return hash_value(event_body(body))


class ChainBreak(ValueError):
    """The chain does not hold at ``seq``; ``reason`` says how."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"journal chain broken at seq {seq}: {reason}")
        self.seq = seq
        self.reason = reason


def verify_chain(
    events: list[dict[str, Any]], *, expected_first_seq: int = 1, prev_hash: str = GENESIS_HASH
) -> str:
    """Walk ``events`` (dicts with every field) and return the last hash; raise ChainBreak at the first fault.

    Checks, in order, that seqs are consecutive from ``expected_first_seq``, that each event points at
    its predecessor's hash, and that each stored hash matches the recomputed one.
    """
    expected_seq = expected_first_seq
    for event in events:
        seq = event.get("seq")
        if seq != expected_seq:
            raise ChainBreak(expected_seq, f"expected seq {expected_seq}, found {seq}")
        if event.get("prev_hash") != prev_hash:
            raise ChainBreak(expected_seq, "prev_hash does not match the previous event")
        if compute_event_hash(event) != event.get("hash"):
            raise ChainBreak(expected_seq, "hash does not match the event's content")
        prev_hash = str(event["hash"])
        expected_seq += 1
    return prev_hash
