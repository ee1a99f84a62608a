"""Tests for desktop.core.text: free text and phone numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import ValidationError
from desktop.core.text import clean_text, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   \t\n ", None),
        ("Ahmad", "Ahmad"),
        ("  Siti   Aminah  ", "Siti Aminah"),
        ("Jl. Merdeka\nNo. 5", "Jl. Merdeka No. 5"),
        ("Hamba\u00a0 Allah", "Hamba Allah"),
    ],
)
def test_clean_text(raw: str | None, expected: str | None) -> None:
    assert clean_text(raw, max_len=50, field="Nama") == expected


def test_clean_text_length_is_checked_after_cleaning() -> None:
    assert clean_text("  " + "a" * 10 + "  ", max_len=10, field="Nama") == "a" * 10
    assert clean_text("ab    cd", max_len=5, field="Nama") == "ab cd"
    with pytest.raises(ValidationError) as exc:
        clean_text("a" * 11, max_len=10, field="Nama")
    assert exc.value.code == "text_too_long"
    assert exc.value.params == {"field": "Nama", "max_len": 10, "length": 11}
    assert str(exc.value) == "Nama terlalu panjang: maksimal 10 karakter, yang diketik 11."


@given(st.text(max_size=80))
def test_clean_text_properties(raw: str) -> None:
    cleaned = clean_text(raw, max_len=1000, field="Catatan")
    if cleaned is None:
        assert raw.split() == []
    else:
        assert cleaned == cleaned.strip()
        assert "  " not in cleaned
        assert cleaned.split() == raw.split()
        assert clean_text(cleaned, max_len=1000, field="Catatan") == cleaned


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("081234567890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("0812 3456 7890", "081234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("(021) 555.1234", "0215551234"),
        ("12345678", "12345678"),
        ("123456789012345", "123456789012345"),
    ],
)
def test_normalize_phone(raw: str | None, expected: str | None) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["1234567", "1234567890123456", "0812abc4567", "62+812345678", "++6281234567", "+", "0812#345678"]
)
def test_normalize_phone_rejects(raw: str) -> None:
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    assert exc.value.code == "phone_invalid"
    assert exc.value.params == {"text": raw}
