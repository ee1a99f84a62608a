"""Rupiah and rice-weight formatting and parsing, Indonesian style.

Money is always an ``int`` of whole rupiah (no floats anywhere: sums must be exact for
audits). Rice is always an ``int`` of grams so that "2,5 kg" per person adds up exactly.
Indonesian notation uses a dot for thousands and a comma for decimals.
"""

from __future__ import annotations

import re
from typing import Final

from desktop.core.errors import ValidationError

MAX_LINE_AMOUNT: Final[int] = 10_000_000_000
"""Rp10 miliar: an absurd-amount guard per donation line, catching extra zeros typed by
accident; not a business limit (no single counter payment at an office comes near it)."""

GRAMS_PER_KG: Final[int] = 1000

# Prefixes people type or paste before an amount: "Rp", "Rp.", "IDR".
_CURRENCY_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
# Whole part: plain digits, or dot-grouped thousands ("1.250.000").
_WHOLE = re.compile(r"[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+")
_DIGITS = re.compile(r"[0-9]+")


def format_number(n: int) -> str:
    """Group thousands with dots ("1.250.000"), as Indonesians read numbers."""
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def format_rupiah(amount: int) -> str:
    """Show whole rupiah as on receipts: "Rp1.250.000", "-Rp5.000"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{format_number(abs(amount))}"


def parse_rupiah(text: str) -> int:
    """Read an amount as a clerk types or pastes it; whole rupiah only.

    Accepts "1.250.000", "Rp 1.250.000", "Rp. 50.000", "rp1250000", "1.250.000,00" and the
    receipt-style "50.000,-". A leading minus is kept so that the caller's range check
    (``check_line_amount``) gives the clearer message.
    """
    original = text
    s = text.strip()
    negative = False
    if s.startswith("-"):
        negative = True
        s = s[1:].lstrip()
    s = _CURRENCY_PREFIX.sub("", s)
    if not negative and s.startswith("-"):
        negative = True
        s = s[1:].lstrip()

    whole, sep, frac = s.partition(",")
    if sep:
        if frac == "-":
            frac = ""
        elif not _DIGITS.fullmatch(frac):
            raise ValidationError("amount_not_number", text=original)
    if not _WHOLE.fullmatch(whole):
        raise ValidationError("amount_not_number", text=original)
    if frac.strip("0"):
        raise ValidationError("amount_has_decimals", text=original)
    value = int(whole.replace(".", ""))
    return -value if negative else value


def check_line_amount(amount: int) -> int:
    """Reject zero, negative and absurdly large line amounts; return the amount unchanged."""
    if amount <= 0:
        raise ValidationError("amount_zero_or_negative", amount=format_rupiah(amount))
    if amount > MAX_LINE_AMOUNT:
        raise ValidationError("amount_too_large", amount=format_rupiah(amount), limit=format_rupiah(MAX_LINE_AMOUNT))
    return amount


def format_grams_as_kg(grams: int) -> str:
    """Show a rice weight in kg with a decimal comma and no trailing zeros: "2,5 kg"."""
    sign = "-" if grams < 0 else ""
    kg, rest = divmod(abs(grams), GRAMS_PER_KG)
    text = format_number(kg)
    if rest:
        text += "," + f"{rest:03d}".rstrip("0")
    return f"{sign}{text} kg"


def parse_kg_to_grams(text: str) -> int:
    """Read a positive rice weight in kg ("2,5", "2.5", "3", "2,5 kg") as whole grams.

    The comma is the Indonesian decimal separator, but a numeric keypad types a dot, so a
    single dot is read as a decimal point too ("2.5"). Where a dot could equally be a
    thousands separator ("2.500": 2,5 kg or 2.500 kg?) the input is refused rather than
    risking a thousandfold error on a receipt; "1.250,5" and "1.000.000" are unambiguous.
    """
    s = text.strip()
    if s.lower().endswith("kg"):
        s = s[:-2].rstrip()
    if "," in s:
        whole, _, frac = s.partition(",")
        if "." in whole:
            if not _WHOLE.fullmatch(whole):
                raise ValidationError("quantity_invalid", text=text)
            whole = whole.replace(".", "")
    elif s.count(".") > 1:
        if not _WHOLE.fullmatch(s):
            raise ValidationError("quantity_invalid", text=text)
        whole, frac = s.replace(".", ""), ""
    else:
        whole, _, frac = s.partition(".")
        if len(frac) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
            raise ValidationError("quantity_ambiguous", text=text)
    if not _DIGITS.fullmatch(whole) or (frac and not _DIGITS.fullmatch(frac)):
        raise ValidationError("quantity_invalid", text=text)
    significant = frac.rstrip("0")
    if len(significant) > 3:
        # Finer than a gram: nobody weighs rice like that, so it is a typo.
        raise ValidationError("quantity_invalid", text=text)
    grams = int(whole) * GRAMS_PER_KG + int(significant.ljust(3, "0"))
    if grams <= 0:
        raise ValidationError("quantity_invalid", text=text)
    return grams
