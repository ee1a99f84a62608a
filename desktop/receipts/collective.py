"""The collective receipt (kwitansi setoran kolektif): what the institution's treasurer takes back.

Page one: who handed over what for which month, totals per fund, the number of payers and the range
of their receipt numbers; then the payer list as attachment pages (one row per payer receipt, NIK/NIP
masked: UU PDP, only a payer's own BSZ carries their full number). A4 portrait or A5 landscape, the
14 standard fonts and the canvas API like the other receipts; rows have a fixed height so the page
count ("Halaman 2 dari 9") is known before drawing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.core.identity import mask_identity
from desktop.core.money import format_rupiah
from desktop.receipts.model import PaperFormat
from desktop.receipts.text import format_datetime_id, text_width, winansi, wrap_text

TITLE = "KWITANSI SETORAN KOLEKTIF"
COPY_MARK = "SALINAN"
VOID_MARK = "BATAL"
MARK_GREY = (0.9, 0.9, 0.9)
MARK_RED = (0.98, 0.86, 0.86)
ATTACHMENT_TITLE = "LAMPIRAN: DAFTAR PEMBAYAR"
FONT = "Helvetica"
BOLD = "Helvetica-Bold"
ITALIC = "Helvetica-Oblique"
GREY = (0.45, 0.45, 0.45)
SHADE = (0.92, 0.92, 0.92)


@dataclass(frozen=True)
class FundRow:
    fund_name: str
    payers: int
    amount: int


@dataclass(frozen=True)
class PayerRow:
    receipt_number: str
    name: str
    identity: str | None  # digits (masked when printed)
    funds: str            # fund names of the payer's lines
    amount: int
    void: bool = False


@dataclass(frozen=True)
class CollectiveDoc:
    institution_name: str       # the amil institution (letterhead)
    institution_address: str
    office_name: str
    number: str
    issued_at: datetime
    payer_institution: str      # the school / mosque / OPD that handed over
    payer_institution_type: str
    contact: str | None
    period_text: str            # "November 2026"
    payment_method: str
    payment_reference: str | None
    funds: tuple[FundRow, ...]
    payers: tuple[PayerRow, ...]
    total: int
    total_in_words: str
    clerk_name: str
    is_copy: bool = False       # a reprint: "SALINAN" on every page
    is_void: bool = False       # every payer receipt voided: "BATAL" on every page


@dataclass(frozen=True)
class _Style:
    width: float
    height: float
    margin: float
    body: float
    small: float
    heading: float
    title: float


_STYLES = {
    PaperFormat.A4: _Style(A4[0], A4[1], 15 * mm, 10.0, 8.5, 13.0, 16.0),
    PaperFormat.A5: _Style(landscape(A5)[0], landscape(A5)[1], 10 * mm, 8.5, 7.5, 11.0, 13.0),
}


def _style(paper: PaperFormat) -> _Style:
    return _STYLES.get(paper, _STYLES[PaperFormat.A4])  # a roll is no place for a payer list: A4


def _fit(text: str, font: str, size: float, width: float) -> str:
    """One line: wrapped text's first line, with an ellipsis when something was cut."""
    lines = wrap_text(text, font, size, width)
    if len(lines) <= 1:
        return lines[0] if lines else ""
    first = lines[0]
    while first and text_width(first + "…", font, size) > width:
        first = first[:-1]
    return winansi(first + "…")


class _Writer:
    def __init__(self, canvas: Canvas, s: _Style) -> None:
        self.c = canvas
        self.s = s
        self.y = s.height - s.margin

    def text(self, x: float, text: str, font: str, size: float, align: str = "left",
             color: tuple[float, float, float] = (0, 0, 0)) -> None:
        self.c.setFont(font, size)
        self.c.setFillColorRGB(*color)
        value = winansi(text)
        if align == "right":
            self.c.drawRightString(x, self.y, value)
        elif align == "center":
            self.c.drawCentredString(x, self.y, value)
        else:
            self.c.drawString(x, self.y, value)

    def rule(self, width: float = 0.6) -> None:
        self.c.setLineWidth(width)
        self.c.line(self.s.margin, self.y, self.s.width - self.s.margin, self.y)


def _marks(w: _Writer, doc: CollectiveDoc) -> None:
    """Light diagonal SALINAN / BATAL behind the page (drawn first): obvious even on a photocopy."""
    marks = [(text, color) for text, color, on in ((VOID_MARK, MARK_RED, doc.is_void),
                                                    (COPY_MARK, MARK_GREY, doc.is_copy)) if on]
    s = w.s
    for i, (text, color) in enumerate(marks):
        size = min(s.width / (text_width(text, BOLD, 1.0) * 1.5), s.height / 5)
        w.c.saveState()
        w.c.setFillColorRGB(*color)
        w.c.setFont(BOLD, size)
        w.c.translate(s.width / 2, s.height * (len(marks) - i) / (len(marks) + 1))
        w.c.rotate(25)
        w.c.drawCentredString(0, -size / 3, text)
        w.c.restoreState()


def _letterhead(w: _Writer, doc: CollectiveDoc, title: str) -> None:
    s = w.s
    right = s.width - s.margin
    _marks(w, doc)
    w.y -= s.heading
    w.text(s.margin, doc.institution_name, BOLD, s.heading)
    w.text(right, title, BOLD, s.title if title == TITLE else s.heading, "right")
    w.y -= s.small * 1.4
    w.text(s.margin, f"{doc.office_name} \u2014 {doc.institution_address}", FONT, s.small)
    w.text(right, f"No. {doc.number}", BOLD, s.body, "right")
    w.y -= s.body * 1.3
    w.text(right, format_datetime_id(doc.issued_at), FONT, s.body, "right")
    status = " \u2014 ".join(m for m, on in ((COPY_MARK, doc.is_copy), (VOID_MARK, doc.is_void)) if on)
    if status:
        w.text(s.margin, status, BOLD, s.body, color=(0.7, 0, 0) if doc.is_void else (0, 0, 0))
    w.y -= s.body * 0.8
    w.rule(1.2)
    w.y -= s.body * 1.6


def _first_page(w: _Writer, doc: CollectiveDoc) -> None:
    s = w.s
    _letterhead(w, doc, TITLE)
    numbers = [p.receipt_number for p in doc.payers]
    rows = [
        ("Telah terima dari", f"{doc.payer_institution} ({doc.payer_institution_type})"),
        *([("Kontak", doc.contact)] if doc.contact else []),
        ("Periode", doc.period_text),
        ("Pembayaran", doc.payment_method + (f" \u2014 ref. {doc.payment_reference}" if doc.payment_reference else "")),
        ("Jumlah pembayar", f"{len(doc.payers)} orang"),
        ("Kuitansi perorangan", f"{numbers[0]} s.d. {numbers[-1]}" if numbers else "-"),
    ]
    label_w = 38 * mm
    for label, value in rows:
        w.text(s.margin, label, FONT, s.body)
        w.text(s.margin + label_w, ":", FONT, s.body)
        for i, line in enumerate(wrap_text(value, BOLD if label == "Telah terima dari" else FONT, s.body,
                                           s.width - 2 * s.margin - label_w - 3 * mm)):
            if i:
                w.y -= s.body * 1.25
            w.text(s.margin + label_w + 3 * mm, line, BOLD if label == "Telah terima dari" else FONT, s.body)
        w.y -= s.body * 1.45
    w.y -= s.body * 0.4
    # Totals per fund.
    right = s.width - s.margin
    h = s.body * 1.8
    w.c.setFillColorRGB(*SHADE)
    w.c.rect(s.margin, w.y - h + s.body * 1.2, right - s.margin, h, stroke=0, fill=1)
    w.text(s.margin + 2 * mm, "Jenis Dana", BOLD, s.body)
    w.text(right - 50 * mm, "Pembayar", BOLD, s.body, "right")
    w.text(right - 2 * mm, "Jumlah", BOLD, s.body, "right")
    w.y -= h
    for fund in doc.funds:
        w.text(s.margin + 2 * mm, fund.fund_name, FONT, s.body)
        w.text(right - 50 * mm, str(fund.payers), FONT, s.body, "right")
        w.text(right - 2 * mm, format_rupiah(fund.amount), FONT, s.body, "right")
        w.y -= s.body * 1.5
    w.y += s.body * 0.9
    w.rule(1.0)
    w.y -= s.body * 1.5
    w.text(right - 50 * mm, "TOTAL", BOLD, s.body * 1.15, "right")
    w.text(right - 2 * mm, format_rupiah(doc.total), BOLD, s.body * 1.15, "right")
    w.y -= s.body * 1.6
    for line in wrap_text(f"Terbilang: {doc.total_in_words}", ITALIC, s.body, right - s.margin - 4 * mm):
        w.text(s.margin + 2 * mm, line, ITALIC, s.body)
        w.y -= s.body * 1.3
    w.y -= s.body * 0.5
    note = ("Setiap pembayar menerima kuitansi perorangan bernomor sendiri (dengan Bukti Setor Zakat untuk "
            "baris zakat); daftar pembayar terlampir.")
    for line in wrap_text(note, FONT, s.small, right - s.margin):
        w.text(s.margin, line, FONT, s.small, color=GREY)
        w.y -= s.small * 1.3
    # Signatures: the treasurer who handed over, the clerk who received.
    w.y -= s.body * 1.5
    col = (right - s.margin) / 2
    for i, head in enumerate(("Yang menyerahkan,", "Petugas,")):
        x = s.margin + i * col + col / 2
        w.text(x, head, FONT, s.body, "center")
    w.y -= 16 * mm if w.s is _STYLES[PaperFormat.A4] else 11 * mm
    for i, name in enumerate((doc.contact or doc.payer_institution, doc.clerk_name)):
        x = s.margin + i * col + col / 2
        w.text(x, _fit(name, BOLD, s.body, col - 10 * mm), BOLD, s.body, "center")


_COLUMNS = (("No", 0.05), ("No. Kuitansi", 0.22), ("Nama", 0.24), ("NIK/NIP", 0.15), ("Dana", 0.20),
            ("Jumlah", 0.14))


def _rows_per_page(s: _Style) -> tuple[int, float]:
    row_h = s.small * 1.55
    head = s.heading + s.small * 1.4 + s.body * 1.3 + s.body * 0.8 + s.body * 1.6 + s.small * 2.2
    room = s.height - 2 * s.margin - head - s.small * 3
    return max(int(room // row_h), 1), row_h


def _attachment(w: _Writer, doc: CollectiveDoc, rows: list[tuple[int, PayerRow]], row_h: float) -> None:
    s = w.s
    _letterhead(w, doc, ATTACHMENT_TITLE)
    span = s.width - 2 * s.margin
    xs = [s.margin]
    for _label, share in _COLUMNS:
        xs.append(xs[-1] + span * share)
    w.c.setFillColorRGB(*SHADE)
    w.c.rect(s.margin, w.y - row_h * 0.35, span, row_h * 1.2, stroke=0, fill=1)
    for i, (label, _share) in enumerate(_COLUMNS):
        if label == "Jumlah":
            w.text(xs[i + 1] - 1.5 * mm, label, BOLD, s.small, "right")
        else:
            w.text(xs[i] + 1.5 * mm, label, BOLD, s.small)
    w.y -= row_h * 1.2
    for index, payer in rows:
        values = (str(index), payer.receipt_number, payer.name,
                  mask_identity(payer.identity) if payer.identity else "-", payer.funds)
        color = GREY if payer.void else (0, 0, 0)
        for i, value in enumerate(values):
            width = xs[i + 1] - xs[i] - 3 * mm
            w.text(xs[i] + 1.5 * mm, _fit(value, FONT, s.small, width), FONT, s.small, color=color)
        amount = format_rupiah(payer.amount) + (" (BATAL)" if payer.void else "")
        w.text(xs[-1] - 1.5 * mm, amount, FONT, s.small, "right", color)
        w.c.setStrokeColorRGB(0.8, 0.8, 0.8)
        w.c.setLineWidth(0.3)
        w.c.line(s.margin, w.y - row_h * 0.35, s.width - s.margin, w.y - row_h * 0.35)
        w.c.setStrokeColorRGB(0, 0, 0)
        w.y -= row_h


def render_collective_pdf(doc: CollectiveDoc, paper: PaperFormat) -> bytes:
    """Page one plus as many attachment pages as the payer list needs; deterministic bytes."""
    s = _style(paper)
    per_page, row_h = _rows_per_page(s)
    chunks = [list(enumerate(doc.payers, start=1))[i:i + per_page] for i in range(0, len(doc.payers), per_page)]
    pages = 1 + len(chunks)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(s.width, s.height), pageCompression=1, invariant=True)
    canvas.setTitle(f"Kwitansi kolektif {doc.number}")
    canvas.setAuthor(winansi(doc.institution_name))
    canvas.setCreator("AmilDesk")
    for page in range(pages):
        w = _Writer(canvas, s)
        if page == 0:
            _first_page(w, doc)
        else:
            _attachment(w, doc, chunks[page - 1], row_h)
        if pages > 1:
            w.y = s.margin / 2
            w.text(s.width - s.margin, f"Halaman {page + 1} dari {pages}", FONT, s.small, "right")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()
