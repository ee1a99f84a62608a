"""Receipt rendering benchmark: our renderer against a minimal ReportLab baseline, same run.

    python bench/bench_receipt.py [--runs 200]

Target: median <= 15 ms for an 80 mm receipt with 5 lines and its QR. Ratios against the
baseline (a bare ReportLab page with the same text and a segno QR drawn as one path) make the
figure comparable between machines; ReportLab's own QR widget is timed alone for reference
(design.md says it is ~3x slower than the one-path QR). Import cost is not counted.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import segno
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.core.money import format_rupiah
from desktop.receipts import pdf as receipt_pdf
from desktop.receipts.model import PaperFormat, ReceiptDoc
from desktop.receipts.pdf import render_receipt_pdf
from desktop.receipts.samples import sample_receipt

TARGET_MS = 15.0
WARMUP = 20


def _plain_lines(doc: ReceiptDoc) -> list[str]:
    """The receipt's text, as a baseline would print it: one string per line, no layout logic."""
    out = [
        doc.institution_name,
        doc.institution_address,
        doc.office_name,
        "KWITANSI",
        "BUKTI SETOR ZAKAT (BSZ)",
        f"No. {doc.number}",
        f"Tanggal {doc.issued_at:%d %m %Y %H:%M}",
        f"Nama {doc.donor_name}",
        "NIK 3201••••••••0003",
    ]
    for line in doc.lines:
        out.append(f"{line.fund_name} {format_rupiah(line.amount)}")
        out.append(" ".join(p for p in (line.program_name, line.quantity_text) if p))
    out += [
        f"TOTAL {format_rupiah(doc.total)}",
        f"Terbilang: {doc.total_in_words}",
        f"Pembayaran {doc.payment_method} {doc.payment_reference or ''}",
        f"Nama Muzakki {doc.donor_name}",
        f"NPWP/NIK {doc.donor_id_number}",
        f"Jumlah Zakat {format_rupiah(doc.zakat_total)}",
        f"Lembaga Amil {doc.institution_name}",
        "Petugas,",
        doc.clerk_name,
        doc.verification_code,
    ]
    return out


def baseline(doc: ReceiptDoc) -> bytes:
    """Minimal code: a fixed-height 80 mm page, drawString per line, segno QR as one path (runs)."""
    canvas = Canvas(io.BytesIO(), pagesize=(80 * mm, 200 * mm), invariant=True)
    canvas.setFont("Helvetica", 8)
    y = 200 * mm - 20
    for text in _plain_lines(doc):
        canvas.drawString(12, y, text)
        y -= 10
    matrix = segno.make(doc.qr_payload, error="m", micro=False, boost_error=False).matrix
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(start, r, c - start, 1)  # one rectangle per dark run
            else:
                c += 1
    canvas.saveState()
    canvas.transform(2, 0, 0, -2, 12, y - 4)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    canvas.showPage()
    return canvas.getpdfdata()


def qr_widget_alone(doc: ReceiptDoc) -> bytes:
    """ReportLab's QR widget on an otherwise empty page, for reference."""
    canvas = Canvas(io.BytesIO(), pagesize=(80 * mm, 80 * mm), invariant=True)
    widget = QrCodeWidget(doc.qr_payload, barLevel="M")
    drawing = Drawing(60 * mm, 60 * mm)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 10 * mm, 10 * mm)
    canvas.showPage()
    return canvas.getpdfdata()


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, p95) in milliseconds after a warm-up."""
    for _ in range(WARMUP):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    runs: int = args.runs
    doc = sample_receipt(5)

    ours_med, ours_p95 = measure(lambda: render_receipt_pdf(doc, PaperFormat.THERMAL_80), runs)
    base_med, base_p95 = measure(lambda: baseline(doc), runs)
    widget_med, widget_p95 = measure(lambda: qr_widget_alone(doc), runs)

    print(f"receipt render, {runs} runs after {WARMUP} warm-up, 5 lines + QR")
    print(f"{'case':<40} {'median ms':>10} {'p95 ms':>9}")
    print(f"{'ours 80mm':<40} {ours_med:>10.2f} {ours_p95:>9.2f}")
    print(f"{'baseline (plain page + one-path QR)':<40} {base_med:>10.2f} {base_p95:>9.2f}")
    print(f"{'reportlab QR widget alone':<40} {widget_med:>10.2f} {widget_p95:>9.2f}")
    for paper in (PaperFormat.THERMAL_58, PaperFormat.A5, PaperFormat.A4):
        med, p95 = measure(lambda paper=paper: render_receipt_pdf(doc, paper), runs)
        print(f"{'ours ' + paper.value:<40} {med:>10.2f} {p95:>9.2f}")
    saved = receipt_pdf.PAGE_COMPRESSION
    for compression in (0, 1):
        receipt_pdf.PAGE_COMPRESSION = compression
        med, p95 = measure(lambda: render_receipt_pdf(doc, PaperFormat.THERMAL_80), runs)
        size = len(render_receipt_pdf(doc, PaperFormat.THERMAL_80))
        label = f"ours 80mm pageCompression={compression} ({size} B)"
        print(f"{label:<40} {med:>10.2f} {p95:>9.2f}")
    receipt_pdf.PAGE_COMPRESSION = saved

    ratio = ours_med / base_med
    verdict = "PASS" if ours_med <= TARGET_MS else "FAIL"
    print(f"ratio ours/baseline (median): {ratio:.2f}x")
    print(f"QR widget alone / baseline (median): {widget_med / base_med:.2f}x")
    print(f"{verdict}: median {ours_med:.2f} ms vs target {TARGET_MS:.0f} ms")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
