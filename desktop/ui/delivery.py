"""Getting a saved receipt to the clerk: to the printer, or to a PDF file when there is none.

Runs on a worker thread (via ``Op``) after the donation is committed, so a jammed or missing
printer never blocks or undoes a save. Every attempt is recorded with ``start_print_job`` /
``finish_print_job``: a failed print shows as "Gagal cetak" in the receipt list and is retried
there, and the first successful output is the original, every later one a SALINAN.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.receipts.model import PaperFormat

if TYPE_CHECKING:
    from desktop.services.context import AppContext
    from desktop.services.settings import OfficeSettings

log = logging.getLogger(__name__)

# Stored as ``printer_name`` to mean "always save a PDF, never print" (see docs/ui.md).
SAVE_AS_PDF = "__pdf__"

PRINTED = "printed"
SAVED_PDF = "pdf"
FAILED = "failed"


@dataclass(frozen=True)
class Delivery:
    number: str
    outcome: str                # printed / pdf / failed
    copy: bool
    printer: str | None = None
    path: Path | None = None
    error: str | None = None
    fell_back: bool = False     # wanted a printer, none was available: saved a PDF instead


def pdf_filename(number: str, *, copy: bool) -> str:
    """``KLL-PKS/2026/A/000123`` -> ``KLL-PKS-2026-A-000123.pdf`` (``-SALINAN`` for copies)."""
    safe = re.sub(r"[^0-9A-Za-z_-]+", "-", number).strip("-")
    return f"{safe}-SALINAN.pdf" if copy else f"{safe}.pdf"


def chosen_printer(settings: OfficeSettings) -> str | None:
    """The printer to use, or None for PDF output (chosen, or no printer on this PC)."""
    if settings.printer_name == SAVE_AS_PDF:
        return None
    try:
        from desktop.receipts import printing
    except ImportError:
        log.warning("desktop.receipts.printing is not available; saving receipts as PDF")
        return None
    if settings.printer_name:
        return settings.printer_name
    return printing.default_printer()


def deliver_receipt(
    ctx: AppContext, settings: OfficeSettings, number: str, *, folder: Path,
    copy: bool | None = None, out: Path | None = None, force_pdf: bool = False,
) -> Delivery:
    """Print ``number`` per the settings, or save it as a PDF; never raises for printer faults.

    ``copy=None`` decides from the history: SALINAN once any earlier output succeeded.
    Store errors (read-only disk, ...) still raise: the caller shows them.
    """
    from desktop.services.receipts import (
        finish_print_job,
        has_been_printed,
        render_receipt,
        save_receipt_pdf,
        start_print_job,
    )

    is_copy = has_been_printed(ctx, number) if copy is None else copy
    paper = PaperFormat(settings.paper_format)
    printer = None if force_pdf or out is not None else chosen_printer(settings)
    if printer is None:
        path = out or folder / pdf_filename(number, copy=is_copy)
        job = start_print_job(ctx, number, copy=is_copy, paper=paper.value, printer="PDF")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save_receipt_pdf(ctx, number, path, paper, copy=is_copy)
        except OSError as exc:
            finish_print_job(ctx, job, error=str(exc))
            return Delivery(number, FAILED, is_copy, path=path, error=str(exc))
        finish_print_job(ctx, job, error=None)
        wanted_printer = settings.printer_name != SAVE_AS_PDF and not force_pdf and out is None
        return Delivery(number, SAVED_PDF, is_copy, path=path, fell_back=wanted_printer)

    from desktop.receipts.printing import PrintError, print_pdf

    job = start_print_job(ctx, number, copy=is_copy, paper=paper.value, printer=printer)
    try:
        pdf = render_receipt(ctx, number, paper, copy=is_copy)
        print_pdf(pdf, printer, paper)
    except (PrintError, OSError) as exc:
        from desktop.ui.errors import error_text

        finish_print_job(ctx, job, error=str(exc) or type(exc).__name__)
        return Delivery(number, FAILED, is_copy, printer=printer, error=error_text(exc))
    finish_print_job(ctx, job, error=None)
    return Delivery(number, PRINTED, is_copy, printer=printer)


def delivery_message(delivery: Delivery) -> tuple[str, str]:
    """What to tell the clerk about a delivery, and the notice kind (ok / warn / error)."""
    from PySide6.QtCore import QCoreApplication

    values = {"number": delivery.number, "printer": delivery.printer, "path": delivery.path,
              "error": delivery.error or "?"}
    if delivery.outcome == PRINTED and delivery.copy:
        text = QCoreApplication.translate("delivery", "Salinan kuitansi {number} dikirim ke printer {printer}.")
    elif delivery.outcome == PRINTED:
        text = QCoreApplication.translate("delivery", "Kuitansi {number} dikirim ke printer {printer}.")
    elif delivery.outcome == SAVED_PDF and delivery.fell_back:
        text = QCoreApplication.translate(
            "delivery", "Tidak ada printer. Kuitansi {number} disimpan sebagai PDF: {path}")
        return text.format(**values), "warn"
    elif delivery.outcome == SAVED_PDF and delivery.copy:
        text = QCoreApplication.translate("delivery", "Salinan kuitansi {number} disimpan sebagai PDF: {path}")
    elif delivery.outcome == SAVED_PDF:
        text = QCoreApplication.translate("delivery", "Kuitansi {number} disimpan sebagai PDF: {path}")
    else:
        text = QCoreApplication.translate(
            "delivery", "Kuitansi {number} sudah tersimpan, tetapi gagal dicetak ({error}). "
            "Cetak ulang dari halaman Kwitansi.")
        return text.format(**values), "error"
    return text.format(**values), "ok"
