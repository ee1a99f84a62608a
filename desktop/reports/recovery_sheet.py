"""The recovery sheet: one A4 page with the office's recovery passphrase, printed once at setup.

Without the passphrase no backup can be restored (they are encrypted), so the sheet says where it
should be kept and what it is for. Standard fonts and the canvas API, like the receipts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

FONT, BOLD, MONO = "Helvetica", "Helvetica-Bold", "Courier-Bold"


def winansi(text: str) -> str:
    """The standard fonts draw Latin-1 only: anything else becomes "?" rather than a missing glyph."""
    return text.replace("\u2014", "-").encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class RecoverySheet:
    institution_name: str
    office_code: str
    office_name: str
    passphrase: str
    created_at: str  # local date and time, as the office reads it


ADVICE = (
    "Frasa ini membuka semua cadangan data kantor (termasuk NIK dan KK mustahik dan donatur). "
    "Tanpa frasa ini cadangan TIDAK DAPAT dipulihkan, juga oleh admin kabupaten.",
    "Simpan lembar ini di tempat terkunci, terpisah dari komputer dan dari disk USB cadangan. "
    "Jangan difoto, jangan dikirim lewat WhatsApp atau surel.",
    "Memulihkan: AmilDesk > Pengaturan > Pulihkan cadangan, atau `amildesk restore BERKAS`, "
    "lalu ketik frasa di atas persis (huruf besar/kecil dan tanda hubung diperhatikan).",
    "Bila frasa diganti di Pengaturan, cetak lembar baru; cadangan lama tetap memakai frasa lama.",
)


def recovery_sheet_pdf(sheet: RecoverySheet) -> bytes:
    buffer = io.BytesIO()
    width, height = A4
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(winansi(f"Lembar pemulihan {sheet.office_code}"))
    margin = 20 * mm
    y = height - margin
    canvas.setFont(BOLD, 16)
    canvas.drawString(margin, y, "LEMBAR PEMULIHAN CADANGAN")
    y -= 8 * mm
    canvas.setFont(FONT, 11)
    canvas.drawString(margin, y, winansi(f"{sheet.institution_name}"))
    y -= 6 * mm
    canvas.drawString(margin, y, winansi(f"{sheet.office_name} ({sheet.office_code}) — dibuat {sheet.created_at}"))
    y -= 14 * mm
    canvas.setFont(FONT, 11)
    canvas.drawString(margin, y, "Frasa pemulihan:")
    y -= 12 * mm
    canvas.setLineWidth(1.2)
    canvas.rect(margin, y - 6 * mm, width - 2 * margin, 16 * mm)
    canvas.setFont(MONO, 18)
    canvas.drawString(margin + 5 * mm, y, winansi(sheet.passphrase))
    y -= 20 * mm
    canvas.setFont(FONT, 10.5)
    for paragraph in ADVICE:
        for line in simpleSplit(paragraph, FONT, 10.5, width - 2 * margin):
            canvas.drawString(margin, y, winansi(line))
            y -= 5.2 * mm
        y -= 3 * mm
    y -= 10 * mm
    canvas.drawString(margin, y, "Disimpan oleh: ______________________   Tempat: ______________________")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
