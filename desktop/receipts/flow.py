"""A top-down cursor over a ``Sheet``: the few paragraph shapes receipts are made of.

Both the roll and the page layouts are a column of centred headings, label/value rows, amount rows
and rules; this keeps their spacing rules identical and their code short.
"""

from __future__ import annotations

import os
from functools import lru_cache

from reportlab.lib.utils import ImageReader

from desktop.receipts.draw import BLACK, Align, Rgb, Sheet
from desktop.receipts.text import text_width, winansi

REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"
ITALIC = "Helvetica-Oblique"

ASCENT = 0.76  # Helvetica ascender as a fraction of the font size: first baseline below a top edge
LEADING = 1.22  # line pitch as a fraction of the font size


class Flow:
    """Places blocks between ``left`` and ``right`` starting at ``y`` (points from the top)."""

    def __init__(self, sheet: Sheet, left: float, right: float, y: float) -> None:
        self.sheet = sheet
        self.left = left
        self.right = right
        self.y = y

    @property
    def width(self) -> float:
        return self.right - self.left

    def gap(self, h: float) -> None:
        self.y += h

    def rule(self, width: float = 0.5, dash: tuple[float, float] | None = None, pad: float = 3.0) -> None:
        """A horizontal rule with ``pad`` points of air on each side."""
        self.y += pad
        self.sheet.line(self.left, self.y, self.right, self.y, width, dash=dash)
        self.y += pad

    def para(
        self,
        text: str,
        font: str,
        size: float,
        align: Align = "left",
        color: Rgb = BLACK,
        indent: float = 0.0,
    ) -> None:
        """A wrapped paragraph, aligned within the column."""
        leading = size * LEADING
        width = self.width - indent
        if align == "left":
            x = self.left + indent
        elif align == "center":
            x = (self.left + indent + self.right) / 2
        else:
            x = self.right
        last = self.sheet.wrapped(x, self.y + size * ASCENT, text, font, size, width, leading, align, color)
        self.y = last - size * ASCENT + leading

    def row(
        self,
        label: str,
        value: str,
        size: float,
        label_width: float,
        font: str = REGULAR,
        label_font: str = REGULAR,
        color: Rgb = BLACK,
    ) -> None:
        """ "Label : value" with the value wrapped in its own column, so long names stay aligned."""
        leading = size * LEADING
        base = self.y + size * ASCENT
        self.sheet.text(self.left, base, label, label_font, size, color=color)
        colon_x = self.left + label_width
        self.sheet.text(colon_x, base, ":", label_font, size, color=color)
        value_x = colon_x + size * 0.6
        last = self.sheet.wrapped(value_x, base, value, font, size, self.right - value_x, leading, color=color)
        self.y = last - size * ASCENT + leading

    def amount(
        self,
        text: str,
        amount: str,
        font: str,
        size: float,
        amount_font: str | None = None,
        color: Rgb = BLACK,
    ) -> None:
        """Text on the left (wrapped short of the amount), amount right-aligned on the first baseline."""
        amount_font = amount_font or font
        leading = size * LEADING
        base = self.y + size * ASCENT
        amount_w = text_width(winansi(amount), amount_font, size)
        room = self.width - amount_w - size
        if room >= self.width * 0.4:
            last = self.sheet.wrapped(self.left, base, text, font, size, room, leading, color=color)
            amount_base = base
        else:
            # Too narrow to share a line (a 58 mm roll with a long fund name): amount goes below.
            last = self.sheet.wrapped(self.left, base, text, font, size, self.width, leading, color=color)
            last += leading
            amount_base = last
        self.sheet.text(self.right, amount_base, amount, amount_font, size, "right", color)
        self.y = last - size * ASCENT + leading


def label_width(labels: list[str], font: str, size: float, cap: float) -> float:
    """Width of the label column: the widest label plus a little air, never more than ``cap``."""
    widest = max((text_width(winansi(label), font, size) for label in labels), default=0.0)
    return min(widest + size * 0.4, cap)


@lru_cache(maxsize=8)
def _reader(path: str, mtime_ns: int, size: int) -> ImageReader | None:
    # Keyed on mtime and size so that replacing the logo file takes effect without a restart.
    try:
        reader = ImageReader(path)
        reader.getSize()
    except Exception:  # a broken logo must never stop a receipt from printing
        return None
    return reader


def load_logo(path: str | None) -> ImageReader | None:
    """The institution logo, or None when unset, missing or unreadable."""
    if not path:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _reader(path, st.st_mtime_ns, st.st_size)
