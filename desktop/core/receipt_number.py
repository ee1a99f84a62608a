"""Receipt numbers an office issues offline: ``OFFICE/YEAR/DEVICE/SEQUENCE``.

Each desk PC has its own device letter and sequence, so numbers are unique across the
district without asking the server, e.g. ``KLL-PKS/2026/A/000123``.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from desktop.core.errors import ValidationError

SEQ_WIDTH: Final[int] = 6
MIN_YEAR: Final[int] = 2000
MAX_YEAR: Final[int] = 9999

_OFFICE_CODE = re.compile(r"[A-Z0-9-]{2,16}")
_DEVICE_LETTER = re.compile(r"[A-Z]")
_RECEIPT = re.compile(r"([A-Z0-9-]{2,16})/([0-9]{4})/([A-Z])/([0-9]{6,})")


class ReceiptNumber(NamedTuple):
    """The parts of a receipt number."""

    office_code: str
    year: int
    device_letter: str
    seq: int


def validate_office_code(text: str) -> str:
    """Uppercase and check an office code: 2–16 of A–Z, 0–9 and '-' (never '/')."""
    code = text.strip().upper()
    if not _OFFICE_CODE.fullmatch(code) or code.strip("-") == "":
        raise ValidationError("office_code_invalid", text=text)
    return code


def validate_device_letter(text: str) -> str:
    """Uppercase and check a device letter: exactly one of A–Z."""
    letter = text.strip().upper()
    if not _DEVICE_LETTER.fullmatch(letter):
        raise ValidationError("device_letter_invalid", text=text)
    return letter


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError("receipt_year_invalid", year=year)
    return year


def _check_seq(seq: int) -> int:
    if seq < 1:
        raise ValidationError("receipt_seq_invalid", seq=seq)
    return seq


def format_receipt_number(office_code: str, year: int, device_letter: str, seq: int) -> str:
    """Build "KLL-PKS/2026/A/000123"; the sequence grows past 6 digits rather than wrapping."""
    office = validate_office_code(office_code)
    letter = validate_device_letter(device_letter)
    return f"{office}/{_check_year(year)}/{letter}/{_check_seq(seq):0{SEQ_WIDTH}d}"


def parse_receipt_number(text: str) -> ReceiptNumber:
    """Split a receipt number typed or scanned back into its parts (case-insensitive)."""
    match = _RECEIPT.fullmatch(text.strip().upper())
    if match is None:
        raise ValidationError("receipt_number_invalid", text=text)
    office, year, letter, seq = match.groups()
    # Only the canonical form is accepted, so one receipt has exactly one spelling.
    canonical_seq = seq == f"{int(seq):0{SEQ_WIDTH}d}"
    if office.strip("-") == "" or not canonical_seq or int(seq) < 1 or not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ValidationError("receipt_number_invalid", text=text)
    return ReceiptNumber(office_code=office, year=int(year), device_letter=letter, seq=int(seq))
