"""The PDF of a data subject's request: everything the office holds about one donor or mustahik.

Plain A4 pages of "field: value" lines and one line per donation or distribution, with the canvas
API and standard fonts like the other documents; the JSON file beside it is the complete record.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

FONT, BOLD = "Helvetica", "Helvetica-Bold"


def _latin(text: object) -> str:
    return str(text).replace("\u2014", "-").encode("latin-1", "replace").decode("latin-1")


class _Writer:
    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.width, self.height = A4
        self.margin = 18 * mm
        self.y = self.height - self.margin

    def line(self, text: str, *, bold: bool = False, size: float = 9.5, gap: float = 4.6) -> None:
        font = BOLD if bold else FONT
        for part in simpleSplit(_latin(text), font, size, self.width - 2 * self.margin) or [""]:
            if self.y < self.margin:
                self.canvas.showPage()
                self.y = self.height - self.margin
            self.canvas.setFont(font, size)
            self.canvas.drawString(self.margin, self.y, part)
            self.y -= gap * mm


def subject_report_pdf(institution: str, office: str, data: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("Data pribadi")
    out = _Writer(canvas)
    kind = "DONATUR" if data["subject_kind"] == "donor" else "PENERIMA MANFAAT (MUSTAHIK)"
    out.line(f"DATA PRIBADI {kind}", bold=True, size=14, gap=7)
    out.line(f"{institution} - {office}", size=10)
    out.line("Disusun atas permintaan pemilik data (UU 27/2022 tentang Pelindungan Data Pribadi).", size=9, gap=8)
    out.line("Data pendaftaran", bold=True, size=11, gap=6)
    for key, value in data["registry"].items():
        out.line(f"{key}: {'' if value is None else value}")
    if "donations" in data:
        out.line("", gap=3)
        out.line(f"Donasi ({len(data['donations'])})", bold=True, size=11, gap=6)
        for d in data["donations"]:
            funds = ", ".join(f"{line['fund_code']} {line['amount']}" for line in d["lines"])
            out.line(f"{d['receipt_number']}  {d['recorded_at'][:10]}  Rp{d['total']}  {d['status']}  ({funds})")
    if "distributions" in data:
        out.line("", gap=3)
        out.line(f"Penyaluran ({len(data['distributions'])})", bold=True, size=11, gap=6)
        for d in data["distributions"]:
            out.line(f"{d['number']}  {d['proposed_at'][:10]}  {d['fund_code']}  {d['kind']}  Rp{d['amount']}  "
                     f"{d['status']}")
    out.line("", gap=3)
    out.line(f"Riwayat perubahan ({len(data['history'])})", bold=True, size=11, gap=6)
    for event in data["history"]:
        out.line(f"#{event['seq']}  {event['occurred_at'][:19]}  {event['type']}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
