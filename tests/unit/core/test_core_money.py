"""Tests for desktop.core.money: rupiah and kg formatting/parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import ValidationError
from desktop.core.money import (
    MAX_LINE_AMOUNT,
    check_line_amount,
    format_grams_as_kg,
    format_number,
    format_rupiah,
    parse_kg_to_grams,
    parse_rupiah,
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (12_345, "12.345"),
        (1_250_000, "1.250.000"),
        (10_000_000_000, "10.000.000.000"),
        (-5000, "-5.000"),
    ],
)
def test_format_number(n: int, expected: str) -> None:
    assert format_number(n) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Rp0"),
        (500, "Rp500"),
        (1_250_000, "Rp1.250.000"),
        (91_681_728, "Rp91.681.728"),
        (-5000, "-Rp5.000"),
        (-1, "-Rp1"),
    ],
)
def test_format_rupiah(amount: int, expected: str) -> None:
    assert format_rupiah(amount) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000", 1_250_000),
        ("Rp 1.250.000", 1_250_000),
        ("Rp1.250.000", 1_250_000),
        ("rp1250000", 1_250_000),
        ("RP. 50.000", 50_000),
        ("Rp.50.000", 50_000),
        ("IDR 50000", 50_000),
        ("  50000 ", 50_000),
        ("1.250.000,00", 1_250_000),
        ("1250000,0", 1_250_000),
        ("Rp 50.000,-", 50_000),
        ("0", 0),
        ("000", 0),
        ("-5.000", -5000),
        ("-Rp5.000", -5000),
        ("Rp -5.000", -5000),
        ("999", 999),
    ],
)
def test_parse_rupiah_accepts(text: str, expected: int) -> None:
    assert parse_rupiah(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Rp", "abc", "12a", "1.25", "1.2500", "1..000", ".500", "1.000.", "1,250,000",
     "10,abc", "1 000", "--5", "5-", "Rp Rp 5", "١٢٣", "1.000\n,00", "50000x"],
)  # fmt: skip
def test_parse_rupiah_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_rupiah(text)
    assert exc.value.code == "amount_not_number"
    assert exc.value.params == {"text": text}


@pytest.mark.parametrize("text", ["10,5", "1.250.000,50", "Rp 7,01", "1,250"])
def test_parse_rupiah_rejects_cents(text: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_rupiah(text)
    assert exc.value.code == "amount_has_decimals"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_parse_inverts_format(amount: int) -> None:
    assert parse_rupiah(format_rupiah(amount)) == amount
    assert parse_rupiah(format_number(amount)) == amount


def test_max_line_amount_is_ten_billion() -> None:
    assert MAX_LINE_AMOUNT == 10_000_000_000


@pytest.mark.parametrize("amount", [1, 50_000, MAX_LINE_AMOUNT])
def test_check_line_amount_accepts(amount: int) -> None:
    assert check_line_amount(amount) == amount


@pytest.mark.parametrize("amount", [0, -1, -50_000])
def test_check_line_amount_rejects_non_positive(amount: int) -> None:
    with pytest.raises(ValidationError) as exc:
        check_line_amount(amount)
    assert exc.value.code == "amount_zero_or_negative"
    assert str(exc.value) == "Jumlah harus lebih dari nol."


def test_check_line_amount_rejects_absurd() -> None:
    with pytest.raises(ValidationError) as exc:
        check_line_amount(MAX_LINE_AMOUNT + 1)
    assert exc.value.code == "amount_too_large"
    assert exc.value.params == {"amount": "Rp10.000.000.001", "limit": "Rp10.000.000.000"}
    assert str(exc.value) == "Jumlah Rp10.000.000.001 melebihi batas Rp10.000.000.000 per baris."


@pytest.mark.parametrize(
    ("grams", "expected"),
    [
        (2500, "2,5 kg"),
        (3000, "3 kg"),
        (250, "0,25 kg"),
        (1, "0,001 kg"),
        (10, "0,01 kg"),
        (12_500, "12,5 kg"),
        (1_002_050, "1.002,05 kg"),
        (0, "0 kg"),
        (-2500, "-2,5 kg"),
    ],
)
def test_format_grams_as_kg(grams: int, expected: str) -> None:
    assert format_grams_as_kg(grams) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,5", 2500),
        ("2.5", 2500),
        ("3", 3000),
        (" 3 ", 3000),
        ("0,25", 250),
        ("0.001", 1),
        ("12,50", 12_500),
        ("2,5 kg", 2500),
        ("2,5kg", 2500),
        ("7,5 KG", 7500),
        ("1.002,05", 1_002_050),
        ("2,5000", 2500),
        ("3.", 3000),
        ("0.250", 250),
        ("12.50", 12_500),
        ("1234.567", 1_234_567),
        ("1.000.000", 1_000_000_000),
        ("1.000,5", 1_000_500),
    ],
)
def test_parse_kg_to_grams(text: str, expected: int) -> None:
    assert parse_kg_to_grams(text) == expected


@pytest.mark.parametrize(
    "text", ["", "kg", "0", "0,0", "-2,5", "abc", "2,5,5", "2.5.5", "1,2345", "2 ,5", ",5", "1.25,5"]
)
def test_parse_kg_rejects(text: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_kg_to_grams(text)
    assert exc.value.code == "quantity_invalid"
    assert exc.value.params == {"text": text}


@pytest.mark.parametrize("text", ["2.500", "1.000", "12.345 kg", "999.999"])
def test_parse_kg_refuses_dot_that_could_be_thousands(text: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_kg_to_grams(text)
    assert exc.value.code == "quantity_ambiguous"


@given(st.integers(min_value=1, max_value=10**12))
def test_parse_kg_inverts_format(grams: int) -> None:
    shown = format_grams_as_kg(grams)
    if 1_000_000 <= grams < 1_000_000_000 and grams % 1000 == 0:
        # "1.000 kg" alone is ambiguous by design; it must be refused, never misread.
        with pytest.raises(ValidationError):
            parse_kg_to_grams(shown)
    else:
        assert parse_kg_to_grams(shown) == grams
