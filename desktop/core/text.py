"""Cleaning of free-text fields and phone numbers before they are stored.

Names and addresses are typed or pasted with stray spaces; cleaning them once here keeps
duplicates findable and receipts tidy.
"""

from __future__ import annotations

from typing import Final

from desktop.core.errors import ValidationError

PHONE_MIN_DIGITS: Final[int] = 8
PHONE_MAX_DIGITS: Final[int] = 15  # E.164 maximum


def clean_text(text: str | None, *, max_len: int, field: str) -> str | None:
    """Strip and collapse whitespace; empty becomes None; longer than ``max_len`` is an error."""
    if text is None:
        return None
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    if len(cleaned) > max_len:
        raise ValidationError("text_too_long", field=field, max_len=max_len, length=len(cleaned))
    return cleaned


def normalize_phone(text: str | None) -> str | None:
    """Keep the digits and a leading '+'; empty becomes None; 8 to 15 digits are required.

    Separators people type ("0812-3456 7890", "(021) 555.1234") are dropped; letters are an
    error rather than silently removed.
    """
    if text is None:
        return None
    s = text.strip()
    if not s:
        return None
    plus = s.startswith("+")
    body = s[1:] if plus else s
    digits = []
    for c in body:
        if c in "0123456789":
            digits.append(c)
        elif not (c.isspace() or c in "-.()/"):
            raise ValidationError("phone_invalid", text=text)
    if not PHONE_MIN_DIGITS <= len(digits) <= PHONE_MAX_DIGITS:
        raise ValidationError("phone_invalid", text=text)
    return ("+" if plus else "") + "".join(digits)
