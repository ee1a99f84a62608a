"""Amounts in Indonesian words ("terbilang") for receipts.

Built on ``num2words(n, lang="id")`` and then normalised, because a receipt with a wrong
terbilang is a wrong legal document. num2words 0.5.14 was checked against KBBI spelling and
gets two things wrong, both fixed here:

* a thousands group of exactly one after a larger scale: 1.001.000 comes out as
  "satu juta satu ribu" instead of "satu juta seribu";
* 10^18 is spelled "kuantiliun" instead of "kuintiliun".

The other rules (``satu ratus``/``satu puluh``/``satu belas`` -> ``se-``, ``milyar`` ->
``miliar``, stray spaces) are applied defensively so an upgrade of num2words cannot regress.
"""

from __future__ import annotations

from typing import Final

from desktop.core.errors import ValidationError
from desktop.core.money import format_rupiah

CURRENCY_WORD: Final[str] = "rupiah"

# Scale words after a thousands group, smallest first; index i names 1000**(i+1).
SCALE_WORDS: Final[tuple[str, ...]] = (
    "ribu",
    "juta",
    "miliar",
    "triliun",
    "kuadriliun",
    "kuintiliun",
    "sekstiliun",
    "septiliun",
    "oktiliun",
    "noniliun",
    "desiliun",
)

def num2words(number: int, lang: str) -> str:
    """num2words, imported on first use: it loads every language it knows (~70 ms of start-up)."""
    from num2words import num2words as convert

    return str(convert(number, lang=lang))


# Every word a terbilang may contain; tests use it to catch stray num2words output.
KNOWN_WORDS: Final[frozenset[str]] = frozenset(
    {
        "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
        "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", CURRENCY_WORD,
        *SCALE_WORDS,
    }
)  # fmt: skip

MAX_TERBILANG: Final[int] = 1000 ** (len(SCALE_WORDS) + 1) - 1
"""Largest amount with a scale word for every group (just under 10^36)."""

# Non-KBBI spellings seen in num2words or other Indonesian number libraries.
_SPELLING: Final[dict[str, str]] = {
    "milyar": "miliar",
    "milyard": "miliar",
    "trilyun": "triliun",
    "kuantiliun": "kuintiliun",
    "kwadriliun": "kuadriliun",
}

# "satu" fused with the next word: these are never written apart in Indonesian.
_SE_PREFIX: Final[dict[str, str]] = {
    "ratus": "seratus",
    "puluh": "sepuluh",
    "belas": "sebelas",
}

# Scales above "ribu": after one of these a new thousands group begins.
_GROUP_STARTERS: Final[frozenset[str]] = frozenset(SCALE_WORDS[1:])


def _normalise(words: list[str]) -> list[str]:
    """Fix num2words' Indonesian so it matches KBBI and common receipt usage."""
    spelled = [_SPELLING.get(w, w) for w in words]
    out: list[str] = []
    for word in spelled:
        prev = out[-1] if out else None
        if prev == "satu" and word in _SE_PREFIX:
            out[-1] = _SE_PREFIX[word]
            continue
        # "satu ribu" is "seribu" only when the thousands group is exactly one, that is when
        # "satu" opens the group; "seratus satu ribu" (101.000) is correct as it is.
        before_prev = out[-2] if len(out) >= 2 else None
        if prev == "satu" and word == "ribu" and (before_prev is None or before_prev in _GROUP_STARTERS):
            out[-1] = "seribu"
            continue
        out.append(word)
    return out


def _words(amount: int) -> list[str]:
    """Lowercase words for a non-negative whole amount, without the currency word."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"terbilang needs an int of whole rupiah, got {type(amount).__name__}")
    if amount < 0:
        raise ValidationError("amount_negative", amount=format_rupiah(amount))
    if amount > MAX_TERBILANG:
        raise ValidationError("amount_too_large_for_words", amount=format_rupiah(amount))
    raw = str(num2words(amount, lang="id"))
    return _normalise(raw.lower().split())


def terbilang(amount: int) -> str:
    """Amount in lowercase Indonesian words plus "rupiah", as written on receipts."""
    return " ".join([*_words(amount), CURRENCY_WORD])


def terbilang_capitalized(amount: int) -> str:
    """Same as ``terbilang`` with each word capitalised, the style of formal receipts."""
    return " ".join(word.capitalize() for word in [*_words(amount), CURRENCY_WORD])
