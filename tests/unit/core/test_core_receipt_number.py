"""Tests for desktop.core.receipt_number: offline receipt numbering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import ValidationError
from desktop.core.receipt_number import (
    ReceiptNumber,
    format_receipt_number,
    parse_receipt_number,
    validate_device_letter,
    validate_office_code,
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("KLL-PKS", 2026, "A", 123), "KLL-PKS/2026/A/000123"),
        (("KLL-PKS", 2026, "A", 1), "KLL-PKS/2026/A/000001"),
        (("UPZ01", 2027, "b", 999_999), "UPZ01/2027/B/999999"),
        (("kll-pks", 2026, "z", 1_000_000), "KLL-PKS/2026/Z/1000000"),
    ],
)
def test_format(args: tuple[str, int, str, int], expected: str) -> None:
    assert format_receipt_number(*args) == expected


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("KLL/PKS", 2026, "A", 1), "office_code_invalid"),
        (("KLL-PKS", 2026, "AB", 1), "device_letter_invalid"),
        (("KLL-PKS", 2026, "A", 0), "receipt_seq_invalid"),
        (("KLL-PKS", 2026, "A", -5), "receipt_seq_invalid"),
        (("KLL-PKS", 26, "A", 1), "receipt_year_invalid"),
        (("KLL-PKS", 10_000, "A", 1), "receipt_year_invalid"),
    ],
)
def test_format_rejects(args: tuple[str, int, str, int], code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        format_receipt_number(*args)
    assert exc.value.code == code


def test_parse() -> None:
    parsed = parse_receipt_number("KLL-PKS/2026/A/000123")
    assert parsed == ReceiptNumber(office_code="KLL-PKS", year=2026, device_letter="A", seq=123)
    assert parsed.seq == 123
    assert parse_receipt_number("  kll-pks/2026/a/000123 ") == parsed
    assert parse_receipt_number("KLL-PKS/2026/A/000123\r\n") == parsed  # from a scanner
    assert parse_receipt_number("UPZ01/2030/Z/1234567") == ("UPZ01", 2030, "Z", 1_234_567)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "KLL-PKS/2026/A/123",  # not zero-padded
        "KLL-PKS/2026/A/0000123",  # over-padded: not the canonical spelling
        "KLL-PKS/2026/A/000000",  # sequence starts at 1
        "KLL-PKS/26/A/000123",
        "KLL-PKS/2026/AB/000123",
        "KLL-PKS/2026/1/000123",
        "KLL PKS/2026/A/000123",
        "K/2026/A/000123",
        "--/2026/A/000123",
        "KLL-PKS/2026/A/000123/1",
        "KLL-PKS/2026/A/000\n123",
        "KLL-PKS/1999/A/000123",
        "KLL-PKS-2026-A-000123",
    ],
)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_receipt_number(text)
    assert exc.value.code == "receipt_number_invalid"


@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=2, max_size=16).filter(
        lambda s: s.strip("-") != ""
    ),
    st.integers(2000, 9999),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.integers(1, 10**9),
)
def test_round_trip(office: str, year: int, letter: str, seq: int) -> None:
    text = format_receipt_number(office, year, letter, seq)
    assert parse_receipt_number(text) == ReceiptNumber(office, year, letter, seq)


def test_sorting_within_width_matches_sequence() -> None:
    numbers = [format_receipt_number("KLL-PKS", 2026, "A", s) for s in (1, 9, 10, 99, 100, 999_999)]
    assert sorted(numbers) == numbers


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("KLL-PKS", "KLL-PKS"),
        (" kll-pks ", "KLL-PKS"),
        ("UP", "UP"),
        ("A" * 16, "A" * 16),
        ("UPZ-07", "UPZ-07"),
    ],
)
def test_validate_office_code_accepts(typed: str, expected: str) -> None:
    assert validate_office_code(typed) == expected


@pytest.mark.parametrize("typed", ["", "A", "A" * 17, "KLL/PKS", "KLL PKS", "KLL_PKS", "--", "KLL.PKS", "ÄB"])
def test_validate_office_code_rejects(typed: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_office_code(typed)
    assert exc.value.code == "office_code_invalid"
    assert exc.value.params == {"text": typed}


@pytest.mark.parametrize(("typed", "expected"), [("a", "A"), ("Z", "Z"), (" b ", "B")])
def test_validate_device_letter_accepts(typed: str, expected: str) -> None:
    assert validate_device_letter(typed) == expected


@pytest.mark.parametrize("typed", ["", "AB", "1", "-", "ä", "/"])
def test_validate_device_letter_rejects(typed: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_device_letter(typed)
    assert exc.value.code == "device_letter_invalid"
