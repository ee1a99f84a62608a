"""Payload schemas of each event type, and the business rules the server checks on them.

A payload that fails these checks is still a fact the device recorded and chained: the server stores
it, marks it ``needs_review`` and lists it in the ack's ``flagged``; it never refuses the batch,
because a refused event would block every later event of that device forever.
Extra payload fields are allowed so that a newer app can add fields without breaking older servers.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, TypeAdapter, ValidationError

from sync.protocol import events as ev
from sync.protocol.limits import MAX_DONATION_TOTAL, MAX_LINE_AMOUNT, MAX_QUANTITY

PAYMENT_METHODS = frozenset({"tunai", "transfer", "qris"})
UNITS = frozenset({"jiwa", "hari", "gram"})
ROLES = frozenset({"petugas", "kepala_kantor", "admin"})
# The eight asnaf (QS At-Taubah 60): zakat may go to these only (same codes as desktop.core.asnaf).
ASNAF = frozenset({"fakir", "miskin", "amil", "mualaf", "riqab", "gharimin", "fisabilillah", "ibnu_sabil"})
AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
# Breaches whose donation is stored as an event but kept out of the district's money tables.
NOT_PROJECTED = frozenset({AMOUNT_OUT_OF_RANGE})


class _Payload(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class OfficeCreated(_Payload):
    office_id: str
    code: str = Field(min_length=1, max_length=16)
    name: str = Field(min_length=1, max_length=120)
    institution_name: str = Field(max_length=160)
    institution_address: str = Field(max_length=300)
    device_letter: str = Field(min_length=1, max_length=1)
    device_id: str


class UserSaved(_Payload):
    id: str = Field(min_length=1, max_length=64)
    username: str = Field(min_length=1, max_length=64)
    full_name: str = Field(max_length=120)
    role: str = Field(max_length=20)
    active: StrictBool


class DonorSaved(_Payload):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(max_length=120)
    nik: str | None = Field(default=None, max_length=16)
    npwp: str | None = Field(default=None, max_length=16)
    phone: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=300)
    village: str | None = Field(default=None, max_length=120)
    anonymous: StrictBool = False
    version: StrictInt = Field(ge=1)
    base_version: StrictInt | None = Field(default=None, ge=0)


class DonationLine(_Payload):
    line_no: StrictInt = Field(ge=1)
    fund_code: str = Field(min_length=1, max_length=40)
    program_code: str | None = Field(default=None, max_length=40)
    amount: StrictInt
    quantity: StrictInt | None = None
    unit: str | None = Field(default=None, max_length=10)


class DonationRecorded(_Payload):
    id: str = Field(min_length=1, max_length=64)
    receipt_number: str = Field(min_length=1, max_length=40)
    donor_id: str | None = Field(default=None, max_length=64)
    donor_name: str = Field(max_length=120)
    donor_nik: str | None = Field(default=None, max_length=16)
    donor_npwp: str | None = Field(default=None, max_length=16)
    anonymous: StrictBool = False
    total: StrictInt
    payment_method: str = Field(max_length=10)
    payment_reference: str | None = Field(default=None, max_length=60)
    recorded_at: str = Field(min_length=1, max_length=40)
    lines: list[DonationLine]


class DonationVoided(_Payload):
    id: str = Field(min_length=1, max_length=64)
    receipt_number: str = Field(min_length=1, max_length=40)
    reason: str = Field(max_length=300)
    voided_at: str = Field(min_length=1, max_length=40)
    voided_by: str | None = Field(default=None, max_length=64)


class SettingsChanged(_Payload):
    key: str = Field(min_length=1, max_length=64)
    value: Any = None


class GroupMember(_Payload):
    id: str = Field(min_length=1, max_length=64)
    role: str = Field(max_length=20)


class BeneficiarySaved(_Payload):
    """Full snapshot of a person or group (mustahik); a group lists its member ids."""

    id: str = Field(min_length=1, max_length=64)
    version: StrictInt = Field(ge=1)
    base_version: StrictInt | None = Field(default=None, ge=0)
    kind: str = Field(min_length=1, max_length=10)  # orang / kelompok
    group_type: str | None = Field(default=None, max_length=10)
    name: str = Field(min_length=1, max_length=120)
    nik: str | None = Field(default=None, max_length=16)
    kk: str | None = Field(default=None, max_length=16)
    birth_date: str | None = Field(default=None, max_length=10)
    sex: str | None = Field(default=None, max_length=1)
    address: str | None = Field(default=None, max_length=300)
    village_code: str | None = Field(default=None, max_length=10)
    phone: str | None = Field(default=None, max_length=20)
    asnaf: str | None = Field(default=None, max_length=12)
    decile: StrictInt | None = None
    needs_note: str | None = Field(default=None, max_length=1000)
    status: str = Field(min_length=1, max_length=12)
    members: list[GroupMember] | None = None


class AidIdentity(_Payload):
    nik: str | None = Field(default=None, max_length=16)
    kk: str | None = Field(default=None, max_length=16)


class DistributionProposed(_Payload):
    """A proposal, with the recipient's NIK/KK (a group's: its members') for the district index."""

    id: str = Field(min_length=1, max_length=64)
    number: str = Field(min_length=1, max_length=48)
    beneficiary_id: str = Field(min_length=1, max_length=64)
    fund_code: str = Field(min_length=1, max_length=40)
    program_code: str = Field(min_length=1, max_length=40)
    kind: str = Field(min_length=1, max_length=8)  # tunai / barang
    amount: StrictInt  # cash, or the goods' estimated value (rupiah)
    item: str | None = Field(default=None, max_length=120)
    quantity: str | None = Field(default=None, max_length=20)  # exact decimal text
    unit: str | None = Field(default=None, max_length=20)
    asnaf: str | None = Field(default=None, max_length=12)
    note: str | None = Field(default=None, max_length=300)
    proposed_at: str = Field(min_length=1, max_length=40)
    proposed_by: str | None = Field(default=None, max_length=64)
    recipient_kind: str | None = Field(default=None, max_length=10)
    identities: list[AidIdentity] = Field(default_factory=list)


class DistributionApproved(_Payload):
    id: str = Field(min_length=1, max_length=64)
    number: str = Field(min_length=1, max_length=48)
    approved_at: str = Field(min_length=1, max_length=40)
    approved_by: str | None = Field(default=None, max_length=64)
    reason: str | None = Field(default=None, max_length=300)
    warnings: list[dict[str, Any]] = Field(default_factory=list)  # duplicate-aid warnings seen at approval


class DistributionRejected(_Payload):
    id: str = Field(min_length=1, max_length=64)
    number: str = Field(min_length=1, max_length=48)
    rejected_at: str = Field(min_length=1, max_length=40)
    rejected_by: str | None = Field(default=None, max_length=64)
    reason: str = Field(max_length=300)


class UserLocked(_Payload):
    user_id: str = Field(min_length=1, max_length=64)
    username: str = Field(max_length=64)
    failures: StrictInt
    locked_until: str = Field(min_length=1, max_length=40)


class IdentityAccessed(_Payload):
    """Who saw or exported whose full identity numbers, and why (never the numbers themselves)."""

    action: str = Field(min_length=1, max_length=20)
    subject_kind: str = Field(min_length=1, max_length=20)
    subject_id: str = Field(min_length=1, max_length=64)
    fields: list[str] = Field(max_length=4)
    purpose: str = Field(max_length=200)


class PersonalDataErased(_Payload):
    subject_kind: str = Field(min_length=1, max_length=20)
    subject_id: str = Field(min_length=1, max_length=64)
    fields: list[str] = Field(max_length=12)
    reason: str = Field(max_length=300)


class InstitutionPayersAdded(_Payload):
    """People (donor ids of the same office) added to an institution's payer list (issue 14)."""

    institution_id: str = Field(min_length=1, max_length=64)
    donor_ids: list[str] = Field(min_length=1, max_length=100_000)
    added_at: str = Field(min_length=1, max_length=40)


class FundTotal(_Payload):
    fund_code: str = Field(min_length=1, max_length=40)
    amount: StrictInt


FundAmount = FundTotal  # the same {fund_code, amount} in closings and deposits (issue 11)


class ClosingMethod(_Payload):
    method: str = Field(min_length=1, max_length=10)
    expected: StrictInt
    counted: StrictInt
    difference: StrictInt


class CollectiveRecorded(_Payload):
    """One hand-over by an institution: it groups the payers' own ``donation.recorded`` events (which
    come before it in the journal and carry the money); the district never counts it as money."""

    id: str = Field(min_length=1, max_length=64)
    number: str = Field(min_length=1, max_length=48)
    institution_id: str = Field(min_length=1, max_length=64)
    institution_name: str = Field(max_length=120)
    period: str = Field(min_length=7, max_length=7)  # YYYY-MM
    payment_method: str = Field(max_length=10)
    payment_reference: str | None = Field(default=None, max_length=60)
    total: StrictInt
    payer_count: StrictInt = Field(ge=0)
    totals_by_fund: list[FundTotal] = Field(max_length=1_000)
    donation_ids: list[str] = Field(max_length=100_000)
    recorded_at: str = Field(min_length=1, max_length=40)


class DayClosed(_Payload):
    """A daily closing: expected (recorded, less late voids carried), counted and difference per method."""

    closing_id: str = Field(min_length=1, max_length=64)
    office_id: str = Field(min_length=1, max_length=64)
    date: str = Field(min_length=10, max_length=10)
    methods: list[ClosingMethod] = Field(max_length=20)
    denominations: dict[str, StrictInt] | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, max_length=300)
    closed_by: str | None = Field(default=None, max_length=64)
    confirmed_by: str | None = Field(default=None, max_length=64)
    late_void_adjustment: StrictInt = 0
    totals_by_fund: list[FundAmount] = Field(default_factory=list, max_length=200)


class DayReopened(_Payload):
    closing_id: str = Field(min_length=1, max_length=64)
    date: str = Field(min_length=10, max_length=10)
    reason: str = Field(min_length=1, max_length=300)
    by: str | None = Field(default=None, max_length=64)


class DepositRecorded(_Payload):
    deposit_id: str = Field(min_length=1, max_length=64)
    office_id: str = Field(min_length=1, max_length=64)
    date: str = Field(min_length=10, max_length=10)
    lines: list[FundAmount] = Field(min_length=1, max_length=200)
    total: StrictInt
    bank: str = Field(max_length=80)
    account: str | None = Field(default=None, max_length=40)
    reference: str = Field(max_length=60)
    by: str | None = Field(default=None, max_length=64)


PAYLOAD_MODELS: dict[str, type[_Payload]] = {
    ev.OFFICE_CREATED: OfficeCreated,
    ev.USER_SAVED: UserSaved,
    ev.DONOR_SAVED: DonorSaved,
    ev.DONATION_RECORDED: DonationRecorded,
    ev.DONATION_VOIDED: DonationVoided,
    ev.SETTINGS_CHANGED: SettingsChanged,
    ev.BENEFICIARY_SAVED: BeneficiarySaved,
    ev.DISTRIBUTION_PROPOSED: DistributionProposed,
    ev.DISTRIBUTION_APPROVED: DistributionApproved,
    ev.DISTRIBUTION_REJECTED: DistributionRejected,
    ev.USER_LOCKED: UserLocked,
    ev.IDENTITY_ACCESSED: IdentityAccessed,
    ev.PERSONAL_DATA_ERASED: PersonalDataErased,
    ev.INSTITUTION_PAYERS_ADDED: InstitutionPayersAdded,
    ev.COLLECTIVE_RECORDED: CollectiveRecorded,
    ev.DAY_CLOSED: DayClosed,
    ev.DAY_REOPENED: DayReopened,
    ev.DEPOSIT_RECORDED: DepositRecorded,
}
_ADAPTERS = {name: TypeAdapter(model) for name, model in PAYLOAD_MODELS.items()}


@dataclass(frozen=True, slots=True)
class Breach:
    """A business-rule breach: ``code`` is stable for programs, ``message`` is for the reviewer."""

    code: str
    message: str


def _s(value: Any, low: int, high: int) -> bool:
    return type(value) is str and low <= len(value) <= high


def _os(value: Any, high: int) -> bool:
    return value is None or (type(value) is str and len(value) <= high)


def _oi(value: Any) -> bool:
    return value is None or type(value) is int


_LINE_KEYSET = frozenset({"line_no", "fund_code", "program_code", "amount", "quantity", "unit"})
_DONATION_KEYSET = frozenset({"id", "receipt_number", "donor_id", "donor_name", "donor_nik", "donor_npwp",
                              "anonymous", "total", "payment_method", "payment_reference", "recorded_at", "lines"})


@dataclass(slots=True)
class Line:
    """A validated donation line (plain object: cheaper than a model on the ingest hot path)."""

    line_no: int
    fund_code: str
    program_code: str | None
    amount: int
    quantity: int | None
    unit: str | None


@dataclass(slots=True)
class Donation:
    """A validated ``donation.recorded`` payload."""

    id: str
    receipt_number: str
    donor_id: str | None
    donor_name: str
    donor_nik: str | None
    donor_npwp: str | None
    anonymous: bool
    total: int
    payment_method: str
    payment_reference: str | None
    recorded_at: str
    lines: list[Line]
    plain: bool = False  # built by fast_donation: exactly the known keys, so it holds no floats

    @classmethod
    def from_model(cls, m: DonationRecorded) -> Donation:
        return cls(m.id, m.receipt_number, m.donor_id, m.donor_name, m.donor_nik, m.donor_npwp, m.anonymous,
                   m.total, m.payment_method, m.payment_reference, m.recorded_at,
                   [Line(x.line_no, x.fund_code, x.program_code, x.amount, x.quantity, x.unit) for x in m.lines])


def fast_donation(p: dict[str, Any]) -> Donation | None:
    """The common, well-typed donation without pydantic's cost; None means "validate the slow way".

    Ingest spends most of its time here otherwise. It accepts only payloads that the schema surely
    accepts (exact keys present, plain types, lengths in range); anything else takes the full path,
    so the two can never disagree on what is valid.
    """
    lines = p.get("lines")
    if not (type(lines) is list and p.keys() == _DONATION_KEYSET
            and _s(p["id"], 1, 64) and _s(p["receipt_number"], 1, 40) and _os(p["donor_id"], 64)
            and _s(p["donor_name"], 0, 120) and _os(p["donor_nik"], 16) and _os(p["donor_npwp"], 16)
            and type(p["anonymous"]) is bool and type(p["total"]) is int and _s(p["payment_method"], 0, 10)
            and _os(p["payment_reference"], 60) and _s(p["recorded_at"], 1, 40)):
        return None
    built: list[Line] = []
    for line in lines:
        if not (type(line) is dict and line.keys() == _LINE_KEYSET and type(line["line_no"]) is int
                and line["line_no"] >= 1 and _s(line["fund_code"], 1, 40) and _os(line["program_code"], 40)
                and type(line["amount"]) is int and _oi(line["quantity"]) and _os(line["unit"], 10)):
            return None
        built.append(Line(line["line_no"], line["fund_code"], line["program_code"], line["amount"],
                          line["quantity"], line["unit"]))
    return Donation(p["id"], p["receipt_number"], p["donor_id"], p["donor_name"], p["donor_nik"], p["donor_npwp"],
                    p["anonymous"], p["total"], p["payment_method"], p["payment_reference"], p["recorded_at"],
                    built, plain=True)


def parse_payload(event_type: str, payload: dict[str, Any]) -> tuple[Any, Breach | None]:
    """Validate a payload against its type's schema; unknown types are a breach, not an error.

    Returns the payload model, except for donations: a ``Donation`` object (see ``fast_donation``).
    """
    if event_type == ev.DONATION_RECORDED:
        fast = fast_donation(payload)
        if fast is not None:
            return fast, None
    adapter = _ADAPTERS.get(event_type)
    if adapter is None:
        return None, Breach("unknown_event_type", f"unknown event type {event_type!r}")
    try:
        parsed = adapter.validate_python(payload)
        if isinstance(parsed, DonationRecorded):
            return Donation.from_model(parsed), None
        return parsed, None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        return None, Breach("payload_invalid", f"{where}: {first['msg']}")


def donation_breaches(donation: Donation, known_funds: Container[str]) -> list[Breach]:
    """Money rules of a recorded donation (amounts in integer rupiah)."""
    found: list[Breach] = []
    if donation.total > MAX_DONATION_TOTAL or any(
            line.amount > MAX_LINE_AMOUNT or (line.quantity or 0) > MAX_QUANTITY for line in donation.lines):
        found.append(Breach(AMOUNT_OUT_OF_RANGE, f"an amount is beyond Rp{MAX_LINE_AMOUNT:,} per line or "
                                                 f"Rp{MAX_DONATION_TOTAL:,} per donation"))
    if donation.total < 0:
        found.append(Breach("negative_total", f"total {donation.total} is negative"))
    if not donation.lines:
        found.append(Breach("no_lines", "a donation needs at least one line"))
    line_sum = sum(line.amount for line in donation.lines)
    if donation.lines and line_sum != donation.total:
        found.append(Breach("total_mismatch", f"lines sum to {line_sum}, total is {donation.total}"))
    if donation.payment_method not in PAYMENT_METHODS:
        found.append(Breach("payment_method", f"unknown payment method {donation.payment_method!r}"))
    numbers = [line.line_no for line in donation.lines]
    if len(set(numbers)) != len(numbers):
        found.append(Breach("duplicate_line_no", "line numbers repeat"))
    for line in donation.lines:
        if line.amount < 0:
            found.append(Breach("negative_amount", f"line {line.line_no}: amount {line.amount} is negative"))
        if line.fund_code not in known_funds:
            found.append(Breach("unknown_fund", f"line {line.line_no}: unknown fund {line.fund_code!r}"))
        if line.unit is not None and line.unit not in UNITS:
            found.append(Breach("unknown_unit", f"line {line.line_no}: unknown unit {line.unit!r}"))
        if (line.unit is None) != (line.quantity is None):
            found.append(Breach("quantity_unit", f"line {line.line_no}: quantity and unit go together"))
        if line.quantity is not None and line.quantity <= 0:
            found.append(Breach("quantity", f"line {line.line_no}: quantity must be positive"))
    return found


def check_event(
    event_type: str,
    payload: dict[str, Any],
    *,
    known_funds: Container[str],
    receipt_known: Callable[[str], bool],
) -> tuple[Any, list[Breach]]:
    """Schema plus business rules for one event; returns the parsed payload (None if invalid)."""
    parsed, breach = parse_payload(event_type, payload)
    if breach is not None:
        return None, [breach]
    found: list[Breach] = []
    if isinstance(parsed, Donation):
        found.extend(donation_breaches(parsed, known_funds))
    elif isinstance(parsed, DonationVoided):
        if not receipt_known(parsed.receipt_number):
            found.append(Breach("void_unknown_receipt", f"void of unknown receipt {parsed.receipt_number!r}"))
    elif isinstance(parsed, UserSaved) and parsed.role not in ROLES:
        found.append(Breach("unknown_role", f"unknown role {parsed.role!r}"))
    return parsed, found
