"""Getting a tanda terima (hand-over receipt) to paper: the office printer, or a PDF when there is none.

Same choice of printer as payment receipts (``delivery.chosen_printer``: the office setting, the
system default, or "save as PDF"); PDFs go to ``DATA_DIR/receipts`` as ``TT-...pdf``. The tanda
terima is an A5 portrait page; it is sent to the printer as A4 portrait (the same proportions, so
it is only enlarged), because the print module knows A5 only as landscape. A roll (58/80 mm)
printer cannot print it, so with a thermal paper setting the PDF is saved and the clerk told so.
Runs on a worker thread through ``Op``; a printer fault is reported, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop.receipts.model import PaperFormat
from desktop.ui.delivery import SAVE_AS_PDF, chosen_printer, pdf_filename

if TYPE_CHECKING:
    from desktop.services.context import AppContext
    from desktop.services.settings import OfficeSettings

PRINTED = "printed"
SAVED_PDF = "pdf"
FAILED = "failed"
ROLL_PAPERS = (PaperFormat.THERMAL_58.value, PaperFormat.THERMAL_80.value)


@dataclass(frozen=True)
class HandoverOutput:
    number: str
    outcome: str  # printed / pdf / failed
    printer: str | None = None
    path: Path | None = None
    error: str | None = None
    roll_printer: bool = False  # the office prints on rolls: saved as PDF instead
    fell_back: bool = False  # wanted a printer, none was available: saved a PDF instead


def deliver_handover(ctx: AppContext, settings: OfficeSettings, distribution_id: str, number: str, *,
                     folder: Path, out: Path | None = None) -> HandoverOutput:
    """Print the tanda terima or save it as a PDF (``out`` given: always that file)."""
    from desktop.services.distributions import handover_doc, save_handover_pdf

    roll = settings.paper_format in ROLL_PAPERS
    printer = None if out is not None or roll else chosen_printer(settings)
    if printer is None:
        path = out or folder / pdf_filename(number, copy=False)
        try:
            save_handover_pdf(ctx, distribution_id, path)
        except OSError as exc:
            return HandoverOutput(number, FAILED, path=path, error=exc.strerror or str(exc))
        wanted_printer = out is None and not roll and settings.printer_name != SAVE_AS_PDF
        return HandoverOutput(number, SAVED_PDF, path=path, roll_printer=roll and out is None,
                              fell_back=wanted_printer)

    from desktop.receipts.handover import render_handover_pdf
    from desktop.receipts.printing import PrintError, print_pdf
    from desktop.ui.errors import error_text

    pdf = render_handover_pdf(handover_doc(ctx, distribution_id))
    try:
        print_pdf(pdf, printer, PaperFormat.A4)
    except (PrintError, OSError) as exc:
        return HandoverOutput(number, FAILED, printer=printer, error=error_text(exc))
    return HandoverOutput(number, PRINTED, printer=printer)


def handover_message(output: HandoverOutput) -> tuple[str, str]:
    """What to tell the clerk, and the notice kind (ok / warn / error)."""
    values = {"number": output.number, "printer": output.printer, "path": output.path, "error": output.error}
    if output.outcome == PRINTED:
        text = QCoreApplication.translate("handover", "Tanda terima {number} dikirim ke printer {printer}.")
        return text.format(**values), "ok"
    if output.outcome == SAVED_PDF and output.roll_printer:
        text = QCoreApplication.translate(
            "handover", "Printer struk tidak dapat mencetak tanda terima A5. Tanda terima {number} disimpan "
            "sebagai PDF untuk dicetak di printer lain: {path}")
        return text.format(**values), "warn"
    if output.outcome == SAVED_PDF and output.fell_back:
        text = QCoreApplication.translate(
            "handover", "Tidak ada printer. Tanda terima {number} disimpan sebagai PDF: {path}")
        return text.format(**values), "warn"
    if output.outcome == SAVED_PDF:
        text = QCoreApplication.translate("handover", "Tanda terima {number} disimpan sebagai PDF: {path}")
        return text.format(**values), "ok"
    text = QCoreApplication.translate(
        "handover", "Tanda terima {number} gagal dicetak ({error}). Coba lagi, atau tekan Simpan PDF.")
    return text.format(**values), "error"
