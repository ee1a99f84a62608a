"""58 mm and 80 mm thermal roll layout: one narrow page exactly as tall as its content.

Paper on a roll costs money and the clerk tears it off by hand, so there is no fixed page height:
the layout measures everything, then the page is cut to fit. Margins match the printable width of
common printers (48 mm of 58, 72 mm of 80); wider content would be cut off silently by the printer.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from desktop.receipts.content import BSZ_BASIS, COPY_MARK, SIGNATURE_LABEL, VOID_MARK, ReceiptText
from desktop.receipts.draw import Sheet
from desktop.receipts.flow import ASCENT, BOLD, ITALIC, LEADING, REGULAR, Flow, label_width, load_logo
from desktop.receipts.text import wrap_text


@dataclass(frozen=True, slots=True)
class RollStyle:
    width: float
    margin: float
    body: float
    small: float
    heading: float  # institution name
    title: float
    mark: float  # SALINAN / BATAL
    qr: float
    logo_height: float


ROLL_58 = RollStyle(
    width=58 * mm,
    margin=5 * mm,
    body=7.5,
    small=6.5,
    heading=9.0,
    title=10.5,
    mark=15.0,
    qr=21 * mm,
    logo_height=11 * mm,
)
ROLL_80 = RollStyle(
    width=80 * mm,
    margin=4 * mm,
    body=8.5,
    small=7.5,
    heading=10.5,
    title=12.0,
    mark=18.0,
    qr=25 * mm,
    logo_height=14 * mm,
)

TOP = 3 * mm
BOTTOM = 6 * mm  # room for the tear-off bar so the last line is not torn


def layout_roll(t: ReceiptText, style: RollStyle) -> Sheet:
    """Lay the receipt out for a roll and fix the page height to the content."""
    sheet = Sheet(style.width)
    f = Flow(sheet, style.margin, style.width - style.margin, TOP)
    s = style

    logo = load_logo(t.logo_path)
    if logo is not None:
        iw, ih = logo.getSize()
        h = s.logo_height
        w = min(h * iw / ih, f.width * 0.6)
        h = w * ih / iw
        sheet.image(logo, (style.width - w) / 2, f.y, w, h)
        f.gap(h + 1.5 * mm)

    f.para(t.institution, BOLD, s.heading, "center")
    f.para(t.address, REGULAR, s.small, "center")
    f.para(t.office, REGULAR, s.small, "center")
    f.rule(0.8)

    if t.is_copy:
        _boxed_mark(f, COPY_MARK, s.mark * 0.75)
    if t.is_void:
        _boxed_mark(f, VOID_MARK, s.mark)
        lw = label_width([k for k, _ in t.void_rows], BOLD, s.body, f.width * 0.4)
        for k, v in t.void_rows:
            f.row(k, v, s.body, lw, font=BOLD, label_font=BOLD)
        f.gap(3)

    f.para(t.title, BOLD, s.title, "center")
    if t.subtitle:
        f.para(t.subtitle, BOLD, s.body, "center")
    f.gap(2)

    rows = [("No.", t.number), ("Tanggal", t.issued), *t.donor_rows]
    lw = label_width([k for k, _ in rows], REGULAR, s.body, f.width * 0.32)
    for k, v in rows:
        f.row(k, v, s.body, lw, font=BOLD if k in ("No.", "Nama") else REGULAR)
    f.rule(dash=(1.5, 1.5))

    for line in t.lines:
        f.amount(line.fund, line.amount, BOLD, s.body)
        if line.detail:
            f.para(line.detail, REGULAR, s.small, indent=2)
        f.gap(1.5)
    f.rule(0.5, pad=2)
    f.gap(1)
    f.amount("TOTAL", t.total, BOLD, s.title)
    f.para(t.terbilang, ITALIC, s.small)
    f.gap(2)
    lw = label_width([k for k, _ in t.payment_rows], REGULAR, s.body, f.width * 0.32)
    for k, v in t.payment_rows:
        f.row(k, v, s.body, lw)

    if t.bsz_rows:
        f.rule(dash=(1.5, 1.5), pad=4)
        f.para(f"Bukti Setor Zakat ({BSZ_BASIS})", BOLD, s.body, "center")
        f.gap(1)
        lw = label_width([k for k, _ in t.bsz_rows], REGULAR, s.small, f.width * 0.38)
        for k, v in t.bsz_rows:
            f.row(k, v, s.small, lw, font=BOLD if k.startswith(("NPWP", "NIK")) else REGULAR)

    if t.notes:
        f.gap(2)
        for note in t.notes:
            f.para(note, REGULAR, s.small)

    f.rule(dash=(1.5, 1.5), pad=4)
    _signature_and_qr(f, t, s)
    sheet.height = f.y + BOTTOM
    return sheet


def _boxed_mark(f: Flow, text: str, size: float) -> None:
    """A boxed word across the roll: thermal paper has no grey, so the box does the shouting."""
    h = size * 1.35
    f.gap(1)
    f.sheet.box(f.left, f.y, f.width, h, width=1.2)
    f.sheet.text((f.left + f.right) / 2, f.y + h / 2 + size * 0.36, text, BOLD, size, "center")
    f.gap(h + 3)


def _signature_and_qr(f: Flow, t: ReceiptText, s: RollStyle) -> None:
    """Signature column on the left, QR with its short code on the right, side by side."""
    quiet = s.qr / max(len(t.qr), 1) * 4  # the QR standard's 4-module quiet zone
    qr_x = f.right - s.qr
    col_right = qr_x - quiet
    col_w = col_right - f.left
    centre = f.left + col_w / 2
    top = f.y + quiet * 0.5

    y = top + s.body * ASCENT
    f.sheet.text(centre, y, f"{SIGNATURE_LABEL},", REGULAR, s.body, "center")
    sign_line_y = top + s.qr - s.body * LEADING * 1.2
    f.sheet.line(f.left + 2, sign_line_y, col_right - 2, sign_line_y, 0.5)
    names = wrap_text(t.clerk, BOLD, s.body, col_w)
    name_y = sign_line_y + s.body * LEADING
    for i, name in enumerate(names):
        f.sheet.text(centre, name_y + i * s.body * LEADING, name, BOLD, s.body, "center")
    sig_bottom = name_y + (len(names) - 1) * s.body * LEADING + s.body * 0.3

    f.sheet.qr(t.qr, qr_x, top, s.qr)
    code_y = top + s.qr + s.small * LEADING + 1
    f.sheet.text(qr_x + s.qr / 2, code_y, t.verification_code, BOLD, s.small, "center")
    f.y = max(sig_bottom, code_y + s.small * 0.3)
