"""Reading what the user got: receipt PDFs as text, the store's counts."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from desktop.services.context import AppContext
from desktop.services.status import store_status


def pdf_text(path: Path) -> str:
    """All text of a PDF with whitespace collapsed (receipts wrap long lines)."""
    reader = PdfReader(str(path))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def counts(ctx: AppContext) -> tuple[int, int, int]:
    """(donations, donors, journal_high_seq): all three stay put when a save is refused."""
    status = store_status(ctx)
    return int(status["donations"]), int(status["donors"]), int(status["journal_high_seq"])  # type: ignore[call-overload]
