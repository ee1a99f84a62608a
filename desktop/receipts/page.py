"""A5 landscape and A4 portrait layout: letterhead, donor block, fund table, BSZ / signature / QR.

Both sheets are 210 mm wide, so one layout serves both with different type sizes; A5 is what offices
load with pre-printed stationery, A4 what an inkjet has by default. A receipt with more lines than
fit continues on a next page (with a short continuation header) instead of overprinting the footer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm

from desktop.receipts.content import BSZ_BASIS, COPY_MARK, SIGNATURE_LABEL, VOID_MARK, ReceiptText
from desktop.receipts.draw import GREY, RED, SHADE, WATERMARK, Rgb, Sheet, Stamp
from desktop.receipts.flow import ASCENT, BOLD, ITALIC, LEADING, REGULAR, Flow, label_width, load_logo
from desktop.receipts.text import text_width, wrap_text

LIGHT_RED: Rgb = (0.97, 0.78, 0.78)


@dataclass(frozen=True, slots=True)
class PageStyle:
    width: float
    height: float
    margin: float
    body: float
    small: float
    heading: float
    title: float
    qr: float
    logo_height: float
    watermark: float
    signature_space: float


A5_LANDSCAPE = PageStyle(
    width=landscape(A5)[0],
    height=landscape(A5)[1],
    margin=10 * mm,
    body=8.5,
    small=7.5,
    heading=12.0,
    title=16.0,
    qr=24 * mm,
    logo_height=15 * mm,
    watermark=96.0,
    signature_space=12 * mm,
)
A4_PORTRAIT = PageStyle(
    width=A4[0],
    height=A4[1],
    margin=15 * mm,
    body=10.0,
    small=8.5,
    heading=14.0,
    title=20.0,
    qr=30 * mm,
    logo_height=20 * mm,
    watermark=120.0,
    signature_space=18 * mm,
)


class _Pages:
    """The growing list of sheets; a new sheet gets a continuation header."""

    def __init__(self, t: ReceiptText, s: PageStyle) -> None:
        self.t = t
        self.s = s
        self.sheets: list[Sheet] = []
        self.content_bottoms: list[float] = []
        self.flow = Flow(self._new_sheet(), s.margin, s.width - s.margin, s.margin)

    @property
    def bottom(self) -> float:
        return self.s.height - self.s.margin

    def _new_sheet(self) -> Sheet:
        sheet = Sheet(self.s.width, self.s.height)
        self.sheets.append(sheet)
        return sheet

    def ensure(self, h: float) -> None:
        """Start a new page unless ``h`` points still fit above the bottom margin."""
        f = self.flow
        if f.y + h <= self.bottom:
            return
        self.content_bottoms.append(f.y)
        f.sheet = self._new_sheet()
        f.y = self.s.margin
        t = self.t
        f.para(f"{t.institution} \u2014 {t.title} No. {t.number} (lanjutan)", BOLD, self.s.body)
        f.rule(1.0)

    def finish(self) -> list[Sheet]:
        """Add page numbers (when more than one) and the watermarks, sized to each page's content."""
        self.content_bottoms.append(self.flow.y)
        s = self.s
        n = len(self.sheets)
        for i, (sheet, bottom) in enumerate(zip(self.sheets, self.content_bottoms, strict=True), start=1):
            if n > 1:
                label = f"Halaman {i} dari {n}"
                sheet.text(s.width - s.margin, s.height - s.margin / 2, label, REGULAR, s.small, "right")
            _watermarks(sheet, self.t, s, s.margin, bottom)
        return self.sheets


def layout_page(t: ReceiptText, s: PageStyle) -> list[Sheet]:
    """Lay the receipt out on as many fixed-size pages as it needs (almost always one)."""
    pages = _Pages(t, s)
    f = pages.flow
    _letterhead(f, t, s)
    _parties(f, t, s)
    _table(pages, t, s)
    footer_h = _footer(None, t, s, 0.0)
    pages.ensure(footer_h + 4)
    f.gap(4)
    f.y = f.y + _footer(f, t, s, f.y)
    return pages.finish()


WATERMARK_ANGLE = 25.0


def _watermarks(sheet: Sheet, t: ReceiptText, s: PageStyle, top: float, bottom: float) -> None:
    """Light diagonal words behind the content: a copy or a void is obvious even on a photocopy.

    Inserted first in the page so that everything else is painted over them; sized to the content
    area (an A4 receipt fills only the top half of the sheet).
    """
    marks: list[tuple[str, Rgb, bool]] = []
    if t.is_void:
        marks.append((VOID_MARK, LIGHT_RED, True))
    if t.is_copy:
        marks.append((COPY_MARK, WATERMARK, False))
    if not marks:
        return
    band = (bottom - top) / len(marks)
    width = s.width - 2 * s.margin
    a = math.radians(WATERMARK_ANGLE)
    stamps = []
    for i, (text, color, boxed) in enumerate(marks):
        # Extent of the rotated text (plus its box) per point of font size, then fit it in the band.
        w = text_width(text, BOLD, 1.0) + (0.6 if boxed else 0.0)
        h = 1.25
        size = min(
            s.watermark,
            0.9 * width / (w * math.cos(a) + h * math.sin(a)),
            0.95 * band / (w * math.sin(a) + h * math.cos(a)),
        )
        cy = top + band * (i + 0.5)
        stamps.append(Stamp(text, s.width / 2, cy, BOLD, size, WATERMARK_ANGLE, color, boxed))
    sheet.ops[:0] = stamps


def _letterhead(f: Flow, t: ReceiptText, s: PageStyle) -> None:
    """Logo and institution on the left; title, number, date (and marks) on the right."""
    top = f.y
    right_w = 78 * mm
    left = f.left
    logo_bottom = top
    logo = load_logo(t.logo_path)
    if logo is not None:
        iw, ih = logo.getSize()
        h = s.logo_height
        w = min(h * iw / ih, 40 * mm)
        h = w * ih / iw
        f.sheet.image(logo, left, top, w, h)
        left += w + 3 * mm
        logo_bottom = top + h
    name_col = Flow(f.sheet, left, f.right - right_w - 4 * mm, top)
    name_col.para(t.institution, BOLD, s.heading)
    name_col.para(t.address, REGULAR, s.small)
    name_col.para(t.office, BOLD, s.small)
    left_bottom = max(name_col.y, logo_bottom)

    r = Flow(f.sheet, f.right - right_w, f.right, top)
    r.para(t.title, BOLD, s.title, "right")
    if t.subtitle:
        r.para(t.subtitle, BOLD, s.body, "right")
    r.gap(1)
    r.para(f"No. {t.number}", BOLD, s.body, "right")
    r.para(t.issued, REGULAR, s.body, "right")
    marks = [m for m, on in ((COPY_MARK, t.is_copy), (VOID_MARK, t.is_void)) if on]
    if marks:
        r.gap(2)
        size = s.body * 1.3
        x = r.right
        for m in reversed(marks):
            x -= _mark_box(f.sheet, m, x, r.y, size, RED if m == VOID_MARK else GREY) + 2 * mm
        r.gap(size * 1.45)
    f.y = max(left_bottom, r.y) + 1
    f.rule(1.2, pad=2)


def _mark_box(sheet: Sheet, text: str, right: float, top: float, size: float, color: Rgb) -> float:
    """A small boxed word right-aligned at ``right``; returns its width."""
    w = text_width(text, BOLD, size) + size
    h = size * 1.45
    sheet.box(right - w, top, w, h, stroke=color, width=1.2)
    sheet.text(right - w / 2, top + h / 2 + size * 0.36, text, BOLD, size, "center", color)
    return w


def _parties(f: Flow, t: ReceiptText, s: PageStyle) -> None:
    """Donor (masked id) on the left, payment on the right; the void reason right under them."""
    top = f.y + 2
    split = f.left + f.width * 0.6
    donor = Flow(f.sheet, f.left, split - 6 * mm, top)
    rows = [("Telah terima dari", t.donor_rows[0][1]), *t.donor_rows[1:]]
    lw = label_width([k for k, _ in rows], REGULAR, s.body, donor.width * 0.4)
    for k, v in rows:
        donor.row(k, v, s.body, lw, font=BOLD if k == "Telah terima dari" else REGULAR)
    pay = Flow(f.sheet, split, f.right, top)
    lw = label_width([k for k, _ in t.payment_rows], REGULAR, s.body, pay.width * 0.45)
    for k, v in t.payment_rows:
        pay.row(k, v, s.body, lw)
    f.y = max(donor.y, pay.y)
    if t.is_void:
        f.gap(2)
        box_top = f.y
        inner = Flow(f.sheet, f.left + 2 * mm, f.right - 2 * mm, f.y + 2)
        inner.para(f"{VOID_MARK} — kwitansi ini tidak berlaku", BOLD, s.body * 1.2, color=RED)
        lw = label_width([k for k, _ in t.void_rows], BOLD, s.body, inner.width * 0.3)
        for k, v in t.void_rows:
            inner.row(k, v, s.body, lw, font=BOLD, label_font=BOLD, color=RED)
        f.sheet.box(f.left, box_top, f.width, inner.y - box_top + 2, stroke=RED, width=1.2)
        f.y = inner.y + 2
    f.gap(3)


@dataclass(frozen=True, slots=True)
class _Columns:
    no: float
    fund: float
    detail: float
    amount: float  # right edge of the amount column
    fund_w: float
    detail_w: float


def _columns(f: Flow) -> _Columns:
    no_w = 8 * mm
    amount_w = 34 * mm
    fund_w = (f.width - no_w - amount_w) * 0.42
    detail_w = f.width - no_w - amount_w - fund_w
    pad = 1.5 * mm
    return _Columns(
        no=f.left + pad,
        fund=f.left + no_w,
        detail=f.left + no_w + fund_w,
        amount=f.right - pad,
        fund_w=fund_w - pad,
        detail_w=detail_w - pad,
    )


def _table_header(f: Flow, c: _Columns, s: PageStyle) -> None:
    h = s.body * 1.9
    f.sheet.box(f.left, f.y, f.width, h, stroke=None, fill=SHADE)
    base = f.y + h / 2 + s.body * 0.36
    f.sheet.text(c.no, base, "No", BOLD, s.body)
    f.sheet.text(c.fund, base, "Jenis Dana", BOLD, s.body)
    f.sheet.text(c.detail, base, "Program / Keterangan", BOLD, s.body)
    f.sheet.text(c.amount, base, "Jumlah", BOLD, s.body, "right")
    f.y += h


def _table(pages: _Pages, t: ReceiptText, s: PageStyle) -> None:
    """One row per fund line; the header repeats when the table continues on a new page."""
    f = pages.flow
    c = _columns(f)
    leading = s.body * LEADING
    pad = s.body * 0.45
    header_h = s.body * 1.9
    pages.ensure(header_h + leading + 2 * pad)
    _table_header(f, c, s)
    for i, line in enumerate(t.lines, start=1):
        fund = wrap_text(line.fund, BOLD, s.body, c.fund_w)
        detail = wrap_text(line.detail, REGULAR, s.body, c.detail_w) if line.detail else []
        h = max(len(fund), len(detail)) * leading + 2 * pad
        if f.y + h > pages.bottom:
            pages.ensure(h + header_h)
            _table_header(f, c, s)
        base = f.y + pad + s.body * ASCENT
        f.sheet.text(c.no, base, str(i), REGULAR, s.body)
        for j, text in enumerate(fund):
            f.sheet.text(c.fund, base + j * leading, text, BOLD, s.body)
        for j, text in enumerate(detail):
            f.sheet.text(c.detail, base + j * leading, text, REGULAR, s.body)
        f.sheet.text(c.amount, base, line.amount, REGULAR, s.body, "right")
        f.y += h
        f.sheet.line(f.left, f.y, f.right, f.y, 0.4, color=GREY)

    total_size = s.body * 1.2
    terbilang = wrap_text(t.terbilang, ITALIC, s.body, f.width - 4 * mm)
    h = total_size * 1.8 + len(terbilang) * leading + 2 * pad + 2
    pages.ensure(h)
    f.sheet.line(f.left, f.y, f.right, f.y, 1.0)
    base = f.y + total_size * 1.3
    f.sheet.text(c.amount - 36 * mm, base, "TOTAL", BOLD, total_size, "right")
    f.sheet.text(c.amount, base, t.total, BOLD, total_size, "right")
    f.y += total_size * 1.8
    box_h = len(terbilang) * leading + 2 * pad
    f.sheet.box(f.left, f.y, f.width, box_h, stroke=None, fill=SHADE)
    for j, text in enumerate(terbilang):
        f.sheet.text(f.left + 2 * mm, f.y + pad + s.body * ASCENT + j * leading, text, ITALIC, s.body)
    f.y += box_h + 2


def _footer(f: Flow | None, t: ReceiptText, s: PageStyle, top: float) -> float:
    """BSZ block, signature and QR side by side, notes under them; returns the height used.

    Called once with ``f=None`` on a scratch sheet to measure, so the page break can happen before it.
    """
    sheet = f.sheet if f is not None else Sheet(s.width, s.height)
    left, right = s.margin, s.width - s.margin
    quiet = s.qr / max(len(t.qr), 1) * 4
    qr_x = right - s.qr
    sig_w = 52 * mm
    sig_right = qr_x - quiet - 2 * mm
    sig_left = sig_right - sig_w
    heights: list[float] = []

    if t.bsz_rows:
        box = Flow(sheet, left + 2 * mm, sig_left - 6 * mm, top + 2 * mm)
        box.para(f"BUKTI SETOR ZAKAT ({BSZ_BASIS})", BOLD, s.body)
        box.gap(1)
        lw = label_width([k for k, _ in t.bsz_rows], REGULAR, s.small, box.width * 0.4)
        for k, v in t.bsz_rows:
            box.row(k, v, s.small, lw, font=BOLD if k.startswith(("NPWP", "NIK")) else REGULAR)
        h = box.y - top + 1.5 * mm
        sheet.box(left, top, sig_left - 4 * mm - left, h, width=0.8)
        heights.append(h)

    centre = (sig_left + sig_right) / 2
    y = top + 2 * mm + s.body * ASCENT
    sheet.text(centre, y, f"{SIGNATURE_LABEL},", REGULAR, s.body, "center")
    line_y = y + s.signature_space
    sheet.line(sig_left + 4 * mm, line_y, sig_right - 4 * mm, line_y, 0.6)
    names = wrap_text(t.clerk, BOLD, s.body, sig_w - 4 * mm)
    for i, name in enumerate(names):
        sheet.text(centre, line_y + (i + 1) * s.body * LEADING, name, BOLD, s.body, "center")
    heights.append(line_y + len(names) * s.body * LEADING + s.body * 0.3 - top)

    sheet.qr(t.qr, qr_x, top + 2 * mm, s.qr)
    code_base = top + 2 * mm + s.qr + s.small * LEADING + 1
    code = f"Kode verifikasi: {t.verification_code}"
    if text_width(code, REGULAR, s.small) <= s.qr:
        sheet.text(qr_x + s.qr / 2, code_base, code, REGULAR, s.small, "center")
    else:  # wider than the QR: keep it inside the right margin
        sheet.text(right, code_base, code, REGULAR, s.small, "right")
    heights.append(code_base + s.small * 0.3 - top)
    height = max(heights)
    if t.notes:
        notes = Flow(sheet, left, right, top + height + 3)
        for note in t.notes:
            notes.para(note, REGULAR, s.small, color=GREY)
        height = notes.y - top
    return height
