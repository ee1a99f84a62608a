"""Printing without a real printer: errors, and the raster that would be sent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.errors import AmilError
from desktop.receipts.model import PaperFormat
from desktop.receipts.pdf import render_receipt_pdf
from desktop.receipts.printing import PrintError, default_printer, list_printers, print_pdf
from desktop.receipts.samples import sample_receipt, sample_void


def test_print_error_is_an_amil_error() -> None:
    error = PrintError("printer_not_found", printer="Epson TM-T82")
    assert isinstance(error, AmilError)
    assert error.code == "printer_not_found"
    assert error.params == {"printer": "Epson TM-T82"}


def test_unknown_printer_raises_print_error(qapp: object) -> None:
    data = render_receipt_pdf(sample_receipt(), PaperFormat.THERMAL_80)
    with pytest.raises(PrintError) as caught:
        print_pdf(data, "Printer-Yang-Tidak-Ada-123", PaperFormat.THERMAL_80)
    assert caught.value.code == "printer_not_found"
    assert caught.value.params["printer"] == "Printer-Yang-Tidak-Ada-123"


def test_copies_must_be_positive(qapp: object) -> None:
    with pytest.raises(ValueError, match="copies"):
        print_pdf(b"%PDF-1.4", "whatever", PaperFormat.A4, copies=0)


def test_listing_printers_never_fails(qapp: object) -> None:
    printers = list_printers()
    assert all(isinstance(name, str) and name for name in printers)
    default = default_printer()
    assert default is None or isinstance(default, str)


def test_print_needs_a_gui_application() -> None:
    """Without a QGuiApplication Qt's print support would crash; we raise a clear error instead."""
    code = (
        "from desktop.receipts.printing import print_pdf;"
        "from desktop.receipts.model import PaperFormat\n"
        "try:\n"
        "    print_pdf(b'%PDF', None, PaperFormat.A4)\n"
        "except RuntimeError as e:\n"
        "    assert 'QGuiApplication' in str(e); print('ok')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


@pytest.mark.parametrize(
    ("paper", "dpi", "gray"),
    [
        (PaperFormat.THERMAL_58, 203, True),
        (PaperFormat.THERMAL_80, 203, True),
        (PaperFormat.A5, 300, False),
        (PaperFormat.A4, 150, False),
    ],
)
def test_raster_has_the_page_size_at_the_resolution(qapp: object, paper: PaperFormat, dpi: int, gray: bool) -> None:
    import pypdfium2
    from PySide6.QtGui import QImage

    from desktop.receipts.printing import _to_qimage

    pdf = pypdfium2.PdfDocument(render_receipt_pdf(sample_void(), paper))
    try:
        width_pt, height_pt = pdf[0].get_size()
        image = _to_qimage(pdf[0], dpi, thermal=gray)
    finally:
        pdf.close()
    assert image.width() == pytest.approx(width_pt / 72 * dpi, abs=1)
    assert image.height() == pytest.approx(height_pt / 72 * dpi, abs=1)
    expected = QImage.Format.Format_Grayscale8 if gray else QImage.Format.Format_RGB888
    assert image.format() == expected
    if paper == PaperFormat.THERMAL_80:
        assert image.width() == pytest.approx(639, abs=1)  # 80 mm at 8 dots/mm
    # Not blank: some dark pixels (text, QR), mostly paper.
    step = 7
    samples = [
        image.pixelColor(x, y).lightness()
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    ]
    dark = sum(1 for v in samples if v < 128) / len(samples)
    assert 0.02 < dark < 0.5
