"""Real printing through CUPS: a cups-pdf queue stands in for the office printer.

The job goes QPrinter -> CUPS -> cups-pdf, which writes what the printer would have received as a
PDF (a raster, since print_pdf paints page images). Needs cupsd, lpadmin and the cups-pdf backend
(apt: cups, cups-pdf, poppler-utils); cupsd is started here when not running (as root), and stopped
again afterwards if this test started it.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.receipts.model import PaperFormat
from desktop.receipts.pdf import render_receipt_pdf
from desktop.receipts.printing import PrintError, list_printers, print_pdf
from desktop.receipts.samples import sample_receipt
from tests.print.cups import dark_fraction, output_dirs, pdfinfo, pdfs, wait_for_new_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("cupsd") is None or shutil.which("lpadmin") is None,
        reason="CUPS not installed (apt: cups cups-pdf); real-printer test skipped",
    ),
]


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("paper", [PaperFormat.THERMAL_80, PaperFormat.A5])
def test_receipt_prints_through_cups(qapp: object, cups_queue: str, paper: PaperFormat, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinterInfo

    assert cups_queue in [p.printerName() for p in QPrinterInfo.availablePrinters()]
    assert cups_queue in list_printers()

    doc = sample_receipt()
    data = render_receipt_pdf(doc, paper)
    dirs = output_dirs()
    before = pdfs(dirs)
    print_pdf(data, cups_queue, paper)
    printed = wait_for_new_pdf(dirs, before)
    try:
        _check_printed(printed, data, paper, doc.qr_payload, tmp_path)
    finally:
        printed.unlink(missing_ok=True)


def _check_printed(printed: Path, data: bytes, paper: PaperFormat, payload: str, tmp_path: Path) -> None:
    info = pdfinfo(printed)
    assert info["Pages"] == "1"
    m = re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"])
    assert m is not None
    size = sorted((float(m.group(1)), float(m.group(2))))
    if paper == PaperFormat.THERMAL_80:
        # The custom roll size survives the trip: 80 mm wide, as tall as the receipt.
        assert size[0] == pytest.approx(226.77, abs=1.5)
        ours = PdfReader(io.BytesIO(data)).pages[0].mediabox
        assert size[1] == pytest.approx(float(ours.height), abs=1.5)
    else:
        assert size == pytest.approx([419.5, 595.3], abs=1.5)  # A5 (landscape is rotated onto it)

    subprocess.run(["pdftoppm", "-r", "100", "-png", str(printed), str(tmp_path / "out")], check=True)
    png = next(tmp_path.glob("out*.png"))
    assert 0.02 < dark_fraction(png) < 0.5, "printed page is blank or solid"
    if shutil.which("zbarimg"):
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(printed), str(tmp_path / "hi")], check=True)
        decoded = subprocess.run(
            ["zbarimg", "-q", "--raw", str(next(tmp_path.glob("hi*.png")))], capture_output=True, text=True
        )
        assert decoded.stdout.strip() == payload


def test_missing_printer_raises(qapp: object, cups_queue: str) -> None:
    with pytest.raises(PrintError) as caught:
        print_pdf(render_receipt_pdf(sample_receipt(), PaperFormat.A4), f"{cups_queue}-Hilang", PaperFormat.A4)
    assert caught.value.code == "printer_not_found"
