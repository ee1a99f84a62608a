"""Validation, formatting and masking of Indonesian identity numbers (NIK, KK, NPWP).

The numbers are typed by hand at a busy counter, so each rejection names exactly what is
wrong. Only digits are stored. NIK and KK are personal data under UU PDP 27/2022, hence
``mask_identity`` for screens and exports.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from desktop.core.errors import ValidationError

NIK_LENGTH: Final[int] = 16
KK_LENGTH: Final[int] = 16
NPWP_LEGACY_LENGTH: Final[int] = 15

PROVINCE_CODES: Final[frozenset[str]] = frozenset(
    f"{code:02d}"
    for code in (
        *range(11, 20),
        21,
        *range(31, 37),
        *range(51, 54),
        *range(61, 66),
        *range(71, 77),
        81,
        82,
        *range(91, 97),
    )
)
"""Kemendagri province codes, the first two digits of every NIK and KK."""

FEMALE_DAY_OFFSET: Final[int] = 40
MASK_CHAR: Final[str] = "\u2022"

_SEPARATORS: Final[frozenset[str]] = frozenset(".-")
_ASCII_DIGITS: Final[frozenset[str]] = frozenset("0123456789")


class InvalidIdentity(ValidationError):
    """An identity number that was typed wrongly; the code says which part."""


class NikBirthDate(NamedTuple):
    """Birth date encoded in a NIK; ``year`` has two digits only (the century is unknown)."""

    day: int
    month: int
    year: int


def _digits_only(text: str, prefix: str) -> str:
    """Drop whitespace, dots and dashes; reject anything else that is not an ASCII digit."""
    kept = [c for c in text if not (c.isspace() or c in _SEPARATORS)]
    if any(c not in _ASCII_DIGITS for c in kept):
        raise InvalidIdentity(f"{prefix}_not_digits", text=text)
    return "".join(kept)


def _check_province(digits: str, prefix: str) -> None:
    province = digits[:2]
    if province not in PROVINCE_CODES:
        raise InvalidIdentity(f"{prefix}_province", province=province)


def validate_nik(text: str) -> str:
    """Return the 16 NIK digits or raise ``InvalidIdentity`` naming the faulty part."""
    digits = _digits_only(text, "nik")
    if len(digits) != NIK_LENGTH:
        raise InvalidIdentity("nik_length", count=len(digits))
    _check_province(digits, "nik")
    day, month = int(digits[6:8]), int(digits[8:10])
    if not 1 <= month <= 12:
        raise InvalidIdentity("nik_month", month=digits[8:10])
    if not (1 <= day <= 31 or 1 + FEMALE_DAY_OFFSET <= day <= 31 + FEMALE_DAY_OFFSET):
        raise InvalidIdentity("nik_day", day=digits[6:8])
    if digits[12:] == "0000":
        raise InvalidIdentity("nik_serial")
    return digits


def nik_birth_date(nik: str) -> NikBirthDate:
    """Day, month and two-digit year of birth, with the +40 for women removed."""
    digits = validate_nik(nik)
    day = int(digits[6:8])
    if day > FEMALE_DAY_OFFSET:
        day -= FEMALE_DAY_OFFSET
    return NikBirthDate(day=day, month=int(digits[8:10]), year=int(digits[10:12]))


def nik_is_female(nik: str) -> bool:
    """Whether the NIK encodes a woman (birth day stored as day + 40)."""
    return int(validate_nik(nik)[6:8]) > FEMALE_DAY_OFFSET


def validate_kk(text: str) -> str:
    """Return the 16 family-card (KK) digits; the region prefix must be a known province."""
    digits = _digits_only(text, "kk")
    if len(digits) != KK_LENGTH:
        raise InvalidIdentity("kk_length", count=len(digits))
    _check_province(digits, "kk")
    return digits


def validate_npwp(text: str) -> str:
    """Return NPWP digits: 15 for the legacy number, or 16 for a NIK used as NPWP (since 2024)."""
    digits = _digits_only(text, "npwp")
    if len(digits) == NIK_LENGTH:
        return validate_nik(digits)
    if len(digits) != NPWP_LEGACY_LENGTH:
        raise InvalidIdentity("npwp_length", count=len(digits))
    if digits == "0" * NPWP_LEGACY_LENGTH:
        # Tax forms use all zeros for "no NPWP"; storing it would fake a tax number.
        raise InvalidIdentity("npwp_zero")
    return digits


def format_npwp(digits: str) -> str:
    """Print an NPWP: legacy 15 digits as "99.999.999.9-999.999", a 16-digit NIK as is."""
    d = _digits_only(digits, "npwp")
    if len(d) == NIK_LENGTH:
        return d
    if len(d) != NPWP_LEGACY_LENGTH:
        raise InvalidIdentity("npwp_length", count=len(d))
    return f"{d[0:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:15]}"


def mask_optional(digits: str | None) -> str | None:
    """``mask_identity`` for a number that may be missing (a list row's NIK, KK or NPWP)."""
    return mask_identity(digits) if digits else digits


def mask_identity(digits: str) -> str:
    """Hide the middle of an identity number: "3201••••••••0003".

    Numbers of 8 characters or fewer are masked whole, since showing four at each end
    would reveal all of them.
    """
    keep = 4
    if len(digits) <= 2 * keep:
        return MASK_CHAR * len(digits)
    return digits[:keep] + MASK_CHAR * (len(digits) - 2 * keep) + digits[-keep:]


NIP_LENGTH: Final[int] = 18


def validate_nip(text: str) -> str:
    """Return the 18 digits of a civil servant's NIP (PNS), or raise ``InvalidIdentity``.

    A NIP is birth date YYYYMMDD + appointment (TMT CPNS) YYYYMM + sex (1 man, 2 woman) + serial (3).
    OPD payroll lists carry NIPs, not NIKs, so collective collection accepts either.
    """
    from datetime import date

    digits = _digits_only(text, "nip")
    if len(digits) != NIP_LENGTH:
        raise InvalidIdentity("nip_length", count=len(digits))
    try:
        born = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError as exc:
        raise InvalidIdentity("nip_birth_date", text=digits[0:8]) from exc
    year, month = int(digits[8:12]), int(digits[12:14])
    if not (1 <= month <= 12 and born.year + 14 <= year <= 2100):
        raise InvalidIdentity("nip_appointment", text=digits[8:14])
    if digits[14] not in "12":
        raise InvalidIdentity("nip_sex", digit=digits[14])
    if digits[15:] == "000":
        raise InvalidIdentity("nip_serial")
    return digits


def validate_nik_or_nip(text: str) -> tuple[str, str]:
    """("nik", 16 digits) or ("nip", 18 digits), chosen by the number of digits typed."""
    digits = _digits_only(text, "nik")
    if len(digits) == NIP_LENGTH:
        return "nip", validate_nip(digits)
    if len(digits) == NIK_LENGTH:
        return "nik", validate_nik(digits)
    raise InvalidIdentity("nik_or_nip_length", count=len(digits))
