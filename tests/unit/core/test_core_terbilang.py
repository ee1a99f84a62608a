"""Tests for desktop.core.terbilang: amounts in Indonesian words on receipts.

Every vector below was checked by hand against KBBI usage.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import terbilang as terbilang_module
from desktop.core.errors import ValidationError
from desktop.core.terbilang import KNOWN_WORDS, MAX_TERBILANG, terbilang, terbilang_capitalized

HAND_CHECKED = [
    (0, "nol"),
    (1, "satu"),
    (2, "dua"),
    (5, "lima"),
    (9, "sembilan"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (15, "lima belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (21, "dua puluh satu"),
    (55, "lima puluh lima"),
    (99, "sembilan puluh sembilan"),
    (100, "seratus"),
    (101, "seratus satu"),
    (110, "seratus sepuluh"),
    (111, "seratus sebelas"),
    (117, "seratus tujuh belas"),
    (200, "dua ratus"),
    (250, "dua ratus lima puluh"),
    (999, "sembilan ratus sembilan puluh sembilan"),
    (1000, "seribu"),
    (1001, "seribu satu"),
    (1100, "seribu seratus"),
    (1111, "seribu seratus sebelas"),
    (1500, "seribu lima ratus"),
    (2000, "dua ribu"),
    (2500, "dua ribu lima ratus"),
    (10_000, "sepuluh ribu"),
    (11_000, "sebelas ribu"),
    (12_500, "dua belas ribu lima ratus"),
    (21_000, "dua puluh satu ribu"),
    (50_000, "lima puluh ribu"),
    (65_000, "enam puluh lima ribu"),
    (100_000, "seratus ribu"),
    (101_000, "seratus satu ribu"),
    (111_000, "seratus sebelas ribu"),
    (250_000, "dua ratus lima puluh ribu"),
    (999_999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan"),
    (1_000_000, "satu juta"),
    (1_000_001, "satu juta satu"),
    (1_001_000, "satu juta seribu"),
    (1_500_000, "satu juta lima ratus ribu"),
    (2_001_500, "dua juta seribu lima ratus"),
    (7_640_144, "tujuh juta enam ratus empat puluh ribu seratus empat puluh empat"),
    (10_000_000, "sepuluh juta"),
    (
        91_681_728,
        "sembilan puluh satu juta enam ratus delapan puluh satu ribu tujuh ratus dua puluh delapan",
    ),
    (100_000_000, "seratus juta"),
    (
        123_456_789,
        "seratus dua puluh tiga juta empat ratus lima puluh enam ribu tujuh ratus delapan puluh sembilan",
    ),
    (1_000_000_000, "satu miliar"),
    (1_000_001_000, "satu miliar seribu"),
    (1_001_000_000, "satu miliar satu juta"),
    (10_000_000_000, "sepuluh miliar"),
    (1_000_000_000_000, "satu triliun"),
    (2_000_000_021_000, "dua triliun dua puluh satu ribu"),
    (1_000_000_000_000_000, "satu kuadriliun"),
    (10**18, "satu kuintiliun"),
]


@pytest.mark.parametrize(("amount", "words"), HAND_CHECKED)
def test_hand_checked_vectors(amount: int, words: str) -> None:
    assert terbilang(amount) == f"{words} rupiah"


def test_enough_hand_checked_vectors() -> None:
    assert len(HAND_CHECKED) >= 30


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Nol Rupiah"),
        (1_500_000, "Satu Juta Lima Ratus Ribu Rupiah"),
        (1_001_000, "Satu Juta Seribu Rupiah"),
        (111, "Seratus Sebelas Rupiah"),
    ],
)
def test_capitalized(amount: int, expected: str) -> None:
    assert terbilang_capitalized(amount) == expected


def test_negative_is_rejected() -> None:
    with pytest.raises(ValidationError) as exc:
        terbilang(-1)
    assert exc.value.code == "amount_negative"
    with pytest.raises(ValidationError):
        terbilang_capitalized(-5000)


def test_too_large_is_rejected() -> None:
    assert terbilang(MAX_TERBILANG).startswith("sembilan ratus sembilan puluh sembilan desiliun")
    with pytest.raises(ValidationError) as exc:
        terbilang(MAX_TERBILANG + 1)
    assert exc.value.code == "amount_too_large_for_words"


@pytest.mark.parametrize("bad", [1.5, 1000.0, True, "1000"])
def test_non_int_is_a_programming_error(bad: object) -> None:
    with pytest.raises(TypeError):
        terbilang(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("satu ratus", "seratus"),
        ("satu puluh", "sepuluh"),
        ("satu belas", "sebelas"),
        ("satu ribu", "seribu"),
        ("satu ribu  satu ratus", "seribu seratus"),
        ("satu milyar satu ribu", "satu miliar seribu"),
        ("dua trilyun", "dua triliun"),
        ("seratus satu ribu", "seratus satu ribu"),
        ("dua puluh satu ribu", "dua puluh satu ribu"),
        ("  Satu  Juta ", "satu juta"),
        ("satu kuantiliun", "satu kuintiliun"),
    ],
)
def test_normalisation_of_library_output(monkeypatch: pytest.MonkeyPatch, raw: str, expected: str) -> None:
    """Defensive fixes hold even if a num2words upgrade changes its spelling."""
    monkeypatch.setattr(terbilang_module, "num2words", lambda n, lang: raw)
    assert terbilang(7) == f"{expected} rupiah"


# An independent reference written from the Indonesian rules, to cross-check num2words + fixes.
_DIGIT_WORDS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
_SCALES = ["", "ribu", "juta", "miliar", "triliun", "kuadriliun", "kuintiliun", "sekstiliun"]


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_DIGIT_WORDS[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_DIGIT_WORDS[rest - 10], "belas"]
    elif rest >= 20:
        words += [_DIGIT_WORDS[rest // 10], "puluh"]
        if rest % 10:
            words.append(_DIGIT_WORDS[rest % 10])
    elif rest:
        words.append(_DIGIT_WORDS[rest])
    return words


def _reference(n: int) -> str:
    if n == 0:
        return "nol rupiah"
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if not group:
            continue
        if scale == 1 and group == 1:
            words.append("seribu")
            continue
        words += _below_thousand(group)
        if scale:
            words.append(_SCALES[scale])
    return " ".join([*words, "rupiah"])


def test_reference_agrees_on_hand_vectors() -> None:
    """The reference itself is checked against the hand vectors before it is trusted."""
    for amount, words in HAND_CHECKED:
        assert _reference(amount) == f"{words} rupiah"


def test_matches_reference_exhaustively_below_twenty_thousand() -> None:
    for n in range(20_000):
        assert terbilang(n) == _reference(n), n


@settings(max_examples=500)
@given(st.integers(min_value=0, max_value=10**24 - 1))
def test_matches_reference(n: int) -> None:
    assert terbilang(n) == _reference(n)


@settings(max_examples=300)
@given(
    st.lists(
        st.builds(lambda millions, rest: millions * 1_000_000 + rest,
                  st.integers(0, 999_999), st.sampled_from([0, 1, 1000, 1001, 1_000, 101_000, 999_999])),
        min_size=1,
    )
)  # fmt: skip
def test_group_of_one_thousand_after_millions(values: list[int]) -> None:
    """Stresses the num2words bug fixed here (x juta satu ribu -> x juta seribu)."""
    for n in values:
        assert terbilang(n) == _reference(n)


@given(st.integers(min_value=0, max_value=MAX_TERBILANG))
def test_only_known_words_and_proper_shape(n: int) -> None:
    text = terbilang(n)
    words = text.split(" ")
    assert all(words), text  # no double or edge spaces
    assert set(words) <= KNOWN_WORDS, text
    assert words[-1] == "rupiah"
    assert text == text.lower()
    assert ("nol" in words) == (n == 0)
    for before, after in itertools.pairwise(words):
        assert not (before == "satu" and after in {"ratus", "puluh", "belas"}), text
    assert terbilang_capitalized(n).lower() == text


@given(st.lists(st.integers(min_value=0, max_value=10**15), min_size=2, max_size=50, unique=True))
def test_distinct_amounts_give_distinct_words(values: list[int]) -> None:
    values.sort()
    outputs = [terbilang(v) for v in values]
    assert len(set(outputs)) == len(outputs)
