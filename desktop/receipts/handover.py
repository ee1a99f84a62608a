"""Hand-over receipt (tanda terima bantuan): A5 portrait PDF with signature and thumbprint space.

Printed when aid is handed over and signed by the recipient (or thumb-printed: many recipients do
not write), the clerk and the office head. Standard fonts and the canvas API, like the payment
receipts. The NIK is always printed masked (UU PDP; only the BSZ tax field may carry a full NIK).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.core.money import format_rupiah
from desktop.core.terbilang import terbilang
from desktop.receipts.text import winansi, wrap_text

TITLE = "TANDA TERIMA BANTUAN"
FONT = "Helvetica"
BOLD = "Helvetica-Bold"


@dataclass(frozen=True)
class HandoverDoc:
    institution_name: str
    institution_address: str
    office_name: str
    number: str
    date_text: str  # "25 November 2026"
    recipient_name: str
    recipient_kind: str  # "Perorangan" / "Kelompok (KUBE)"
    recipient_identity: str | None  # masked NIK
    recipient_address: str | None
    asnaf: str | None
    fund_name: str
    program_name: str
    cash: bool
    amount: int  # cash, or the goods' estimated value
    item: str | None = None
    quantity: str | None = None
    unit: str | None = None
    note: str | None = None
    clerk_name: str = ""
    head_name: str = ""


def _rows(doc: HandoverDoc) -> list[tuple[str, str]]:
    rows = [
        ("Nomor", doc.number), ("Tanggal", doc.date_text), ("Nama penerima", doc.recipient_name),
        ("Penerima", doc.recipient_kind),
    ]
    if doc.recipient_identity:
        rows.append(("NIK", doc.recipient_identity))
    if doc.recipient_address:
        rows.append(("Alamat", doc.recipient_address))
    if doc.asnaf:
        rows.append(("Asnaf", doc.asnaf))
    rows.append(("Sumber dana", f"{doc.fund_name} / {doc.program_name}"))
    if doc.cash:
        rows += [("Bentuk bantuan", "Uang tunai"), ("Jumlah", format_rupiah(doc.amount)),
                 ("Terbilang", terbilang(doc.amount))]
    else:
        rows += [("Bentuk bantuan", f"Barang: {doc.item or ''}"),
                 ("Banyaknya", f"{doc.quantity or ''} {doc.unit or ''}".strip()),
                 ("Taksiran nilai", f"{format_rupiah(doc.amount)} ({terbilang(doc.amount)})")]
    if doc.note:
        rows.append(("Keterangan", doc.note))
    return rows


def render_handover_pdf(doc: HandoverDoc) -> bytes:
    """One A5 page; identical input gives identical bytes (invariant mode), as for payment receipts."""
    width, height = A5
    margin = 12 * mm
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A5, pageCompression=1, invariant=True)
    canvas.setTitle(f"Tanda terima {doc.number}")
    canvas.setAuthor(winansi(doc.institution_name))
    canvas.setCreator("AmilDesk")
    y = height - margin
    canvas.setFont(BOLD, 12)
    canvas.drawString(margin, y - 10, winansi(doc.institution_name))
    y -= 22
    canvas.setFont(FONT, 8)
    for line in wrap_text(f"{doc.office_name} — {doc.institution_address}", FONT, 8, width - 2 * margin):
        canvas.drawString(margin, y, line)
        y -= 10
    canvas.setLineWidth(0.8)
    canvas.line(margin, y, width - margin, y)
    y -= 22
    canvas.setFont(BOLD, 14)
    canvas.drawCentredString(width / 2, y, TITLE)
    y -= 22
    label_width = 32 * mm
    value_width = width - 2 * margin - label_width
    for label, value in _rows(doc):
        lines = wrap_text(value, FONT, 9.5, value_width)
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(margin, y, winansi(label))
        canvas.setFont(FONT, 9.5)
        for line in lines:
            canvas.drawString(margin + label_width, y, line)
            y -= 13
        y -= 2
    y -= 8
    canvas.setFont(FONT, 8.5)
    for line in wrap_text("Bantuan tersebut di atas telah diterima dengan baik dan lengkap.", FONT, 8.5,
                          width - 2 * margin):
        canvas.drawString(margin, y, line)
        y -= 11
    _signatures(canvas, doc, margin, max(y - 10, 40 * mm), width)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _signatures(canvas: Canvas, doc: HandoverDoc, margin: float, top: float, width: float) -> None:
    column = (width - 2 * margin) / 3
    heads = ("Yang menerima,", "Yang menyerahkan,", "Mengetahui, Kepala Kantor")
    names = (doc.recipient_name, doc.clerk_name, doc.head_name)
    for index, (head, name) in enumerate(zip(heads, names, strict=True)):
        x = margin + index * column
        canvas.setFont(FONT, 8.5)
        canvas.drawString(x, top, head)
        if index == 0:  # thumbprint box: for recipients who do not sign
            box = 16 * mm
            canvas.setLineWidth(0.5)
            canvas.rect(x + column - box - 4, top - 6 - box, box, box)
            canvas.setFont(FONT, 6)
            canvas.drawString(x + column - box - 4, top - 12 - box, "Cap jempol")
        canvas.setLineWidth(0.5)
        canvas.line(x, top - 30 * mm, x + column - 8, top - 30 * mm)
        canvas.setFont(FONT, 8)
        for offset, line in enumerate(wrap_text(name or "", FONT, 8, column - 8)[:2]):
            canvas.drawString(x, top - 30 * mm - 10 - offset * 9, line)


def write_handover_pdf(doc: HandoverDoc, path: str | os.PathLike[str]) -> Path:
    """Write atomically (temp file + fsync + replace): a crash never leaves half a PDF."""
    data = render_handover_pdf(doc)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
