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

PAYMENT_METHODS = frozenset({"tunai", "transfer", "qris"})
UNITS = frozenset({"jiwa", "hari", "gram"})
ROLES = frozenset({"petugas", "kepala_kantor", "admin"})


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


PAYLOAD_MODELS: dict[str, type[_Payload]] = {
    ev.OFFICE_CREATED: OfficeCreated,
    ev.USER_SAVED: UserSaved,
    ev.DONOR_SAVED: DonorSaved,
    ev.DONATION_RECORDED: DonationRecorded,
    ev.DONATION_VOIDED: DonationVoided,
    ev.SETTINGS_CHANGED: SettingsChanged,
}
_ADAPTERS = {name: TypeAdapter(model) for name, model in PAYLOAD_MODELS.items()}


@dataclass(frozen=True, slots=True)
class Breach:
    """A business-rule breach: ``code`` is stable for programs, ``message`` is for the reviewer."""

    code: str
    message: str


def parse_payload(event_type: str, payload: dict[str, Any]) -> tuple[_Payload | None, Breach | None]:
    """Validate a payload against its type's schema; unknown types are a breach, not an error."""
    adapter = _ADAPTERS.get(event_type)
    if adapter is None:
        return None, Breach("unknown_event_type", f"unknown event type {event_type!r}")
    try:
        return adapter.validate_python(payload), None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        return None, Breach("payload_invalid", f"{where}: {first['msg']}")


def donation_breaches(donation: DonationRecorded, known_funds: Container[str]) -> list[Breach]:
    """Money rules of a recorded donation (amounts in integer rupiah)."""
    found: list[Breach] = []
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
) -> tuple[_Payload | None, list[Breach]]:
    """Schema plus business rules for one event; returns the parsed payload (None if invalid)."""
    parsed, breach = parse_payload(event_type, payload)
    if breach is not None:
        return None, [breach]
    found: list[Breach] = []
    if isinstance(parsed, DonationRecorded):
        found.extend(donation_breaches(parsed, known_funds))
    elif isinstance(parsed, DonationVoided):
        if not receipt_known(parsed.receipt_number):
            found.append(Breach("void_unknown_receipt", f"void of unknown receipt {parsed.receipt_number!r}"))
    elif isinstance(parsed, UserSaved) and parsed.role not in ROLES:
        found.append(Breach("unknown_role", f"unknown role {parsed.role!r}"))
    return parsed, found
