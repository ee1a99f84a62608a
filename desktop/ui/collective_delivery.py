"""Getting a collective's receipts out: the collective receipt and every payer's receipt, as one job.

Runs on a worker thread after the collective is committed (like ``delivery.deliver_receipt``): with a
printer, two print jobs (the collective receipt, then all payer receipts as one PDF); without one,
or when asked, two PDFs in the receipts folder (or one PDF per payer in a chosen folder). Printer
faults never raise: the records are saved whatever happens here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.receipts.model import PaperFormat
from desktop.ui.delivery import FAILED, PRINTED, SAVED_PDF, chosen_printer

if TYPE_CHECKING:
    from desktop.services.context import AppContext
    from desktop.services.settings import OfficeSettings


@dataclass(frozen=True)
class BatchDelivery:
    outcome: str                  # printed / pdf / failed
    receipts: int                 # payer receipts in the output (0: the collective receipt alone)
    printer: str | None = None
    paths: tuple[Path, ...] = ()
    error: str | None = None
    copy: bool = False            # SALINAN (a reprint)


def collective_pdf_names(number: str, *, copy: bool) -> tuple[str, str]:
    """File names of the collective receipt and the payer batch (``-SALINAN`` for a reprint)."""
    stem = number.replace("/", "-")
    tail = " SALINAN" if copy else ""
    return f"{stem} kolektif{tail}.pdf", f"{stem} kuitansi pembayar{tail}.pdf"


def deliver_collective(ctx: AppContext, settings: OfficeSettings, collective_id: str, *, folder: Path,
                       force_pdf: bool = False, copy: bool | None = None, payers: bool = True,
                       out: Path | None = None) -> BatchDelivery:
    """The collective receipt, plus (``payers``) every payer receipt as one more job or PDF.

    ``copy=None`` decides from the history, as a counter receipt's reprint does: SALINAN once any output
    of the hand-over succeeded. ``out`` saves the collective receipt there (a PDF, no printer), the payer
    batch beside it. Payer outputs are recorded in ``print_jobs``; the collective receipt alone is not
    (``print_jobs`` are per payer receipt, and printing only the cover changes no payer's receipt).
    """
    from desktop.services.collective_receipts import (
        batch_paper,
        collective_printed_before,
        record_batch_output,
        render_collective_receipt,
        render_payer_batch,
    )

    paper = batch_paper(ctx, PaperFormat(settings.paper_format)
                        if settings.paper_format in (PaperFormat.A4.value, PaperFormat.A5.value) else None)
    from desktop.services.collective import get_collective

    summary = get_collective(ctx, collective_id)
    is_copy = collective_printed_before(ctx, collective_id) if copy is None else copy
    count = summary.payer_count if payers else 0
    head = render_collective_receipt(ctx, collective_id, paper, copy=is_copy)
    batch = render_payer_batch(ctx, collective_id, paper, copy=is_copy) if payers else None

    def record(printer: str, error: str | None) -> None:
        if payers:
            record_batch_output(ctx, collective_id, paper=paper, printer=printer, error=error, copy=is_copy)

    printer = None if force_pdf or out is not None else chosen_printer(settings)
    if printer is None:
        from desktop.receipts.pdf import write_bytes_atomically

        head_name, batch_name = collective_pdf_names(summary.number, copy=is_copy)
        head_path = out if out is not None else folder / head_name
        head_path.parent.mkdir(parents=True, exist_ok=True)
        batch_path = head_path.parent / batch_name
        paths = (head_path, batch_path) if batch is not None else (head_path,)
        try:
            write_bytes_atomically(head, head_path)
            if batch is not None:
                write_bytes_atomically(batch, batch_path)
        except OSError as exc:
            record("PDF", str(exc))
            return BatchDelivery(FAILED, count, error=str(exc), copy=is_copy)
        record("PDF", None)
        return BatchDelivery(SAVED_PDF, count, paths=paths, copy=is_copy)

    from desktop.receipts.printing import PrintError, print_pdf

    try:
        print_pdf(head, printer, paper)
        if batch is not None:
            print_pdf(batch, printer, paper)
    except (PrintError, OSError) as exc:
        from desktop.ui.errors import error_text

        record(printer, str(exc) or type(exc).__name__)
        return BatchDelivery(FAILED, count, printer=printer, error=error_text(exc), copy=is_copy)
    record(printer, None)
    return BatchDelivery(PRINTED, count, printer=printer, copy=is_copy)


def save_payer_folder(ctx: AppContext, settings: OfficeSettings, collective_id: str, folder: Path) -> BatchDelivery:
    """One PDF per payer (and the collective receipt) in ``folder``: to send each payer their own."""
    from desktop.services.collective_receipts import batch_paper, record_batch_output, save_collective_receipts

    paper = batch_paper(ctx, PaperFormat(settings.paper_format)
                        if settings.paper_format in (PaperFormat.A4.value, PaperFormat.A5.value) else None)
    saved = save_collective_receipts(ctx, collective_id, folder, paper)
    record_batch_output(ctx, collective_id, paper=paper, printer="PDF", error=None)
    return BatchDelivery(SAVED_PDF, len(saved.payer_pdfs), paths=(saved.collective_pdf, *saved.payer_pdfs))


def batch_delivery_message(number: str, delivery: BatchDelivery) -> tuple[str, str]:
    """What to tell the clerk about a collective's output, and the notice kind (ok / error); the entry
    dialog and the Setoran lembaga list say it alike."""
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate
    if delivery.receipts:
        what = translate("collective_delivery", "Kwitansi kolektif {number} dan {n} kuitansi pembayar").format(
            number=number, n=delivery.receipts)
    else:
        what = translate("collective_delivery", "Kwitansi kolektif {number}").format(number=number)
    if delivery.copy:
        what += " " + translate("collective_delivery", "(SALINAN)")
    if delivery.outcome == PRINTED:
        text = translate("collective_delivery", "{what} dikirim ke printer {printer}.")
        return text.format(what=what, printer=delivery.printer), "ok"
    if delivery.outcome == FAILED:
        text = translate("collective_delivery", "{what} sudah tersimpan, tetapi gagal dicetak ({error}). Cetak ulang "
                         "dari halaman Kwitansi, tab Setoran lembaga.")
        return text.format(what=what, error=delivery.error), "error"
    folder = delivery.paths[0].parent if delivery.paths else "?"
    text = translate("collective_delivery", "{what} disimpan sebagai PDF di {folder}.")
    return text.format(what=what, folder=folder), "ok"
