"""Tests for desktop.core.identity: NIK, KK and NPWP validation, formatting and masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import ValidationError
from desktop.core.identity import (
    PROVINCE_CODES,
    InvalidIdentity,
    NikBirthDate,
    format_npwp,
    mask_identity,
    nik_birth_date,
    nik_is_female,
    validate_kk,
    validate_nik,
    validate_npwp,
)

# Province 32 (Jawa Barat), regency 01, district 01, born 15-08-85, serial 0003.
MALE_NIK = "3201011508850003"
# Same, but a woman: day 15 + 40 = 55.
FEMALE_NIK = "3201015508850003"


def _code(exc: pytest.ExceptionInfo[InvalidIdentity]) -> str:
    return exc.value.code


def test_invalid_identity_is_a_validation_error() -> None:
    assert issubclass(InvalidIdentity, ValidationError)
    assert issubclass(InvalidIdentity, ValueError)


def test_province_codes_match_kemendagri_list() -> None:
    expected = (
        [str(c) for c in range(11, 20)]
        + ["21"]
        + [str(c) for c in range(31, 37)]
        + ["51", "52", "53"]
        + [str(c) for c in range(61, 66)]
        + [str(c) for c in range(71, 77)]
        + ["81", "82"]
        + [str(c) for c in range(91, 97)]
    )
    assert sorted(PROVINCE_CODES) == sorted(expected)
    assert len(PROVINCE_CODES) == 38  # Indonesia's 38 provinces


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (MALE_NIK, MALE_NIK),
        (FEMALE_NIK, FEMALE_NIK),
        ("3201 0115 0885 0003", MALE_NIK),
        ("3201.0115.0885.0003", MALE_NIK),
        ("3201-01-150885-0003", MALE_NIK),
        ("  3201011508850003\t", MALE_NIK),
        ("3201\u00a001150885 0003", MALE_NIK),  # non-breaking space from a pasted document
        ("1101010101010001", "1101010101010001"),  # Aceh, 1 Jan
        ("9601013112990001", "9601013112990001"),  # Papua Barat Daya, 31 Dec
        ("3174057112000001", "3174057112000001"),  # woman born 31 Dec (71)
        ("3174054101000001", "3174054101000001"),  # woman born 1 Jan (41)
    ],
)
def test_validate_nik_accepts(typed: str, expected: str) -> None:
    assert validate_nik(typed) == expected


@pytest.mark.parametrize(
    ("typed", "count"),
    [("", 0), ("320101150885000", 15), ("32010115088500031", 17), ("3201 0115", 8)],
)
def test_validate_nik_length_counts_digits_typed(typed: str, count: int) -> None:
    with pytest.raises(InvalidIdentity) as exc:
        validate_nik(typed)
    assert _code(exc) == "nik_length"
    assert exc.value.params == {"count": count}
    assert str(exc.value) == f"NIK harus 16 digit, yang diketik {count} digit."


@pytest.mark.parametrize("typed", ["320101150885000O", "3201/0115/0885/0003", "NIK3201011508850003", "３２０１"])
def test_validate_nik_non_digits(typed: str) -> None:
    with pytest.raises(InvalidIdentity) as exc:
        validate_nik(typed)
    assert _code(exc) == "nik_not_digits"


@pytest.mark.parametrize("province", ["00", "10", "20", "22", "30", "37", "50", "54", "60", "66", "70", "77",
                                      "80", "83", "90", "97", "99"])  # fmt: skip
def test_validate_nik_unknown_province(province: str) -> None:
    with pytest.raises(InvalidIdentity) as exc:
        validate_nik(province + MALE_NIK[2:])
    assert _code(exc) == "nik_province"
    assert exc.value.params == {"province": province}


@pytest.mark.parametrize("month", ["00", "13", "20", "99"])
def test_validate_nik_bad_month(month: str) -> None:
    with pytest.raises(InvalidIdentity) as exc:
        validate_nik(MALE_NIK[:8] + month + MALE_NIK[10:])
    assert _code(exc) == "nik_month"
    assert exc.value.params == {"month": month}


@pytest.mark.parametrize("day", ["00", "32", "39", "40", "72", "80", "99"])
def test_validate_nik_bad_day(day: str) -> None:
    with pytest.raises(InvalidIdentity) as exc:
        validate_nik(MALE_NIK[:6] + day + MALE_NIK[8:])
    assert _code(exc) == "nik_day"
    assert exc.value.params == {"day": day}


@pytest.mark.parametrize("day", ["01", "31", "41", "71"])
def test_validate_nik_day_boundaries_ok(day: str) -> None:
    nik = MALE_NIK[:6] + day + MALE_NIK[8:]
    assert validate_nik(nik) == nik


def test_validate_nik_serial_zero() -> None:
    with pytest.raises(InvalidIdentity) as exc:
        validate_nik(MALE_NIK[:12] + "0000")
    assert _code(exc) == "nik_serial"
    assert validate_nik(MALE_NIK[:12] + "0001") == MALE_NIK[:12] + "0001"


def test_nik_birth_date_and_sex() -> None:
    assert nik_birth_date(MALE_NIK) == NikBirthDate(day=15, month=8, year=85)
    assert nik_birth_date(FEMALE_NIK) == (15, 8, 85)
    day, month, year = nik_birth_date("3174057112000001")
    assert (day, month, year) == (31, 12, 0)
    assert nik_is_female(FEMALE_NIK) is True
    assert nik_is_female(MALE_NIK) is False
    with pytest.raises(InvalidIdentity):
        nik_birth_date("123")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3201010101230001", "3201010101230001"),
        ("3201 0101 0123 0001", "3201010101230001"),
        ("6471.02.150320.0007", "6471021503200007"),
    ],
)
def test_validate_kk_accepts(typed: str, expected: str) -> None:
    assert validate_kk(typed) == expected


def test_validate_kk_errors() -> None:
    with pytest.raises(InvalidIdentity) as exc:
        validate_kk("32010101012300")
    assert _code(exc) == "kk_length"
    assert exc.value.params == {"count": 14}
    assert str(exc.value) == "Nomor KK harus 16 digit, yang diketik 14 digit."
    with pytest.raises(InvalidIdentity) as exc:
        validate_kk("3201O10101230001")
    assert _code(exc) == "kk_not_digits"
    with pytest.raises(InvalidIdentity) as exc:
        validate_kk("9901010101230001")
    assert _code(exc) == "kk_province"
    assert exc.value.params == {"province": "99"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01.234.567.8-901.000", "012345678901000"),
        ("012345678901000", "012345678901000"),
        ("01 234 567 8 901 000", "012345678901000"),
        ("99.999.999.9-999.999", "999999999999999"),
        (MALE_NIK, MALE_NIK),
        ("3201.0115.0885.0003", MALE_NIK),
    ],
)
def test_validate_npwp_accepts(typed: str, expected: str) -> None:
    assert validate_npwp(typed) == expected


def test_validate_npwp_errors() -> None:
    with pytest.raises(InvalidIdentity) as exc:
        validate_npwp("01.234.567.8-901.00")
    assert _code(exc) == "npwp_length"
    assert exc.value.params == {"count": 14}
    with pytest.raises(InvalidIdentity) as exc:
        validate_npwp("01.234.567.8/901.000")
    assert _code(exc) == "npwp_not_digits"
    with pytest.raises(InvalidIdentity) as exc:
        validate_npwp("00.000.000.0-000.000")
    assert _code(exc) == "npwp_zero"
    # A 16-digit NPWP is a NIK and gets the NIK's specific message.
    with pytest.raises(InvalidIdentity) as exc:
        validate_npwp(MALE_NIK[:12] + "0000")
    assert _code(exc) == "nik_serial"


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("012345678901000", "01.234.567.8-901.000"),
        ("999999999999999", "99.999.999.9-999.999"),
        (MALE_NIK, MALE_NIK),
        ("01.234.567.8-901.000", "01.234.567.8-901.000"),
    ],
)
def test_format_npwp(digits: str, expected: str) -> None:
    assert format_npwp(digits) == expected


def test_format_npwp_wrong_length() -> None:
    with pytest.raises(InvalidIdentity) as exc:
        format_npwp("1234")
    assert _code(exc) == "npwp_length"


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("3201000000000003", "3201••••••••0003"),
        (MALE_NIK, "3201••••••••0003"),
        ("012345678901000", "0123•••••••1000"),
        ("123456789", "1234•6789"),
        ("12345678", "••••••••"),
        ("123", "•••"),
        ("", ""),
    ],
)
def test_mask_identity(digits: str, expected: str) -> None:
    assert mask_identity(digits) == expected


@given(st.text(alphabet="0123456789", min_size=9, max_size=20))
def test_mask_keeps_length_and_hides_middle(digits: str) -> None:
    masked = mask_identity(digits)
    assert len(masked) == len(digits)
    assert masked[:4] == digits[:4]
    assert masked[-4:] == digits[-4:]
    assert set(masked[4:-4]) == {"•"}


@given(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(0, 9999),
    st.integers(1, 31),
    st.integers(1, 12),
    st.integers(0, 99),
    st.booleans(),
    st.integers(1, 9999),
)
def test_generated_niks_round_trip(
    province: str, region: int, day: int, month: int, year: int, female: bool, serial: int
) -> None:
    nik = f"{province}{region:04d}{day + (40 if female else 0):02d}{month:02d}{year:02d}{serial:04d}"
    spaced = " ".join(nik[i : i + 4] for i in range(0, 16, 4))
    assert validate_nik(spaced) == nik
    assert nik_birth_date(nik) == (day, month, year)
    assert nik_is_female(nik) is female
    assert validate_npwp(nik) == nik
    assert mask_identity(nik) == nik[:4] + "•" * 8 + nik[-4:]
