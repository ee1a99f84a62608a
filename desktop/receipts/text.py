"""Text helpers shared by every receipt layout: Indonesian dates, WinAnsi-safe text, word wrap.

Receipts use the 14 standard PDF fonts (no TTF embedding: embedding costs milliseconds per
receipt and kilobytes per file), so every string must be representable in WinAnsiEncoding. Names
typed with rarer diacritics ("Muḥammad") are folded to plain letters instead of printing a box.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Final

from reportlab.pdfbase.pdfmetrics import stringWidth

# Written out here on purpose: the office PCs' locale is unknown (often en-US Windows), and a
# receipt must never print "November" in one office and "Nov." in another.
MONTHS_ID: Final[tuple[str, ...]] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_date_id(d: date) -> str:
    """ "25 November 2026": the way dates are written on Indonesian receipts and letters."""
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def format_datetime_id(dt: datetime) -> str:
    """ "25 November 2026 14:05" (24-hour clock, office wall-clock time)."""
    return f"{format_date_id(dt)} {dt.hour:02d}:{dt.minute:02d}"


# Unicode code points that Helvetica can show through WinAnsiEncoding (cp1252 plus the bullet,
# which cp1252 also has). Computed once; membership tests are the hot path for non-ASCII text.
_WINANSI: Final[frozenset[str]] = frozenset(
    bytes([b]).decode("cp1252") for b in range(0x20, 0x100) if b not in (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D)
)


@lru_cache(maxsize=1024)
def _fold_char(ch: str) -> str:
    """A WinAnsi stand-in for one character: its base letter(s), or "?" when there is none."""
    if ch in ("\t", "\n", "\r"):
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if c in _WINANSI)
    return kept or "?"


def winansi(text: str) -> str:
    """Return ``text`` unchanged when Helvetica can print it, else with unprintable characters folded."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch if ch in _WINANSI else _fold_char(ch) for ch in text)


def _split_long_word(word: str, fits: Callable[[str], bool]) -> list[str]:
    """Break a word wider than the line (a long reference number, a URL) at character boundaries."""
    parts: list[str] = []
    current = ""
    for ch in word:
        if current and not fits(current + ch):
            parts.append(current)
            current = ch
        else:
            current += ch
    if current:
        parts.append(current)
    return parts


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap measured with the real font metrics; never returns a line wider than ``width``.

    Thermal rolls have ~32 characters per line, so names and addresses must wrap rather than run
    off the paper (the printer would silently cut them).
    """
    text = winansi(text)
    if stringWidth(text, font, size) <= width:
        return [text]

    def fits(s: str) -> bool:
        return stringWidth(s, font, size) <= width

    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        if fits(word):
            current = word
        else:
            *full, current = _split_long_word(word, fits)
            lines.extend(full)
    if current:
        lines.append(current)
    return lines or [""]


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of already WinAnsi-safe text."""
    return stringWidth(text, font, size)
