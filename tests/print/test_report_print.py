"""A landscape report printed through CUPS (cups-pdf stands in for the office printer): A4, every page."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from desktop.receipts.model import PaperFormat
from desktop.receipts.printing import print_pdf
from desktop.reports.model import Column, ColumnKind, ReportDoc, Table
from desktop.reports.pdf_out import render_pdf
from tests.print.cups import dark_fraction, output_dirs, pdfinfo, pdfs, wait_for_new_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("cupsd") is None or shutil.which("lpadmin") is None
                       or shutil.which("pdfinfo") is None, reason="CUPS/cups-pdf/poppler not installed"),
]


def _complete_pdfinfo(path: Path) -> dict[str, str]:
    """pdfinfo once cups-pdf has finished the file (a multi-page raster job pauses between pages)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return pdfinfo(path)
        except subprocess.CalledProcessError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_landscape_report_prints_on_a4(qapp: object, cups_queue: str, tmp_path: Path) -> None:
    rows = tuple((f"{d:02d}/11", d, 0, d * 100_000, d * 10_000, 0, d * 110_000) for d in range(1, 31))
    doc = ReportDoc("monthly", "Laporan Bulanan", "Lazismu Kabupaten Paser", "Kantor Uji", "November 2026",
                    "1 Desember 2026 08:00 WITA", (Table("Penerimaan per hari", (
                        Column("Tanggal"), Column("Kuitansi", ColumnKind.COUNT), Column("Batal", ColumnKind.COUNT),
                        Column("Zakat", ColumnKind.MONEY), Column("Infak", ColumnKind.MONEY),
                        Column("DSKL", ColumnKind.MONEY), Column("Jumlah", ColumnKind.MONEY)), rows * 2),),
                    landscape=True)
    data = render_pdf(doc)
    dirs = output_dirs()
    before = pdfs(dirs)
    print_pdf(data, cups_queue, PaperFormat.A4)
    printed = wait_for_new_pdf(dirs, before)
    try:
        info = _complete_pdfinfo(printed)
        ours = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
        assert info["Pages"] == re.search(r"Pages:\s+(\d+)", ours).group(1)  # type: ignore[union-attr]
        m = re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"])
        assert m is not None
        assert sorted((float(m.group(1)), float(m.group(2)))) == pytest.approx([595.3, 841.9], abs=2)
        subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(printed), str(tmp_path / "p")],
                       check=True)
        assert 0.005 < dark_fraction(next(tmp_path.glob("p*.png"))) < 0.5
    finally:
        printed.unlink(missing_ok=True)
