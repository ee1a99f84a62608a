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
import pwd
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.receipts.model import PaperFormat
from desktop.receipts.pdf import render_receipt_pdf
from desktop.receipts.printing import PrintError, list_printers, print_pdf
from desktop.receipts.samples import sample_receipt

QUEUE = "AmilDeskPDF"
SOCKET = Path("/run/cups/cups.sock")
PID_FILE = Path("/run/cups/cupsd.pid")
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
WAIT_SECONDS = 30

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("cupsd") is None or shutil.which("lpadmin") is None,
        reason="CUPS not installed (apt: cups cups-pdf); real-printer test skipped",
    ),
]


def _cups_running() -> bool:
    result = subprocess.run(["lpstat", "-r"], capture_output=True, text=True)
    return result.returncode == 0 and "is running" in result.stdout and "not" not in result.stdout


def _start_cupsd() -> int | None:
    """Start cupsd (it daemonises) and wait for its socket; return its pid when we started it."""
    if _cups_running():
        return None
    if os.geteuid() != 0:
        pytest.skip("cupsd is not running and only root can start it here")
    subprocess.run(["cupsd"], check=True)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if SOCKET.exists() and _cups_running():
            break
        time.sleep(0.1)
    else:
        pytest.fail("cupsd did not come up within 15 s")
    try:
        return int(PID_FILE.read_text().strip())
    except (OSError, ValueError):
        return None


def _cups_pdf_ppd() -> str:
    models = subprocess.run(["lpinfo", "-m"], capture_output=True, text=True, check=True).stdout
    for wanted in ("CUPS-PDF_opt.ppd", "CUPS-PDF_noopt.ppd"):
        for line in models.splitlines():
            if line.split(" ", 1)[0].endswith(wanted):
                return line.split(" ", 1)[0]
    pytest.skip("cups-pdf PPD not found in `lpinfo -m` (apt: cups-pdf)")


def _output_dirs() -> list[Path]:
    """Where cups-pdf writes: its "Out" setting (``${HOME}`` = the job owner's home), and the anonymous dir."""
    out = "${HOME}/PDF"
    anon = "/var/spool/cups-pdf/ANONYMOUS"
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text().splitlines():
            m = re.match(r"^\s*(Out|AnonDirName)\s+(\S+)", line)
            if m and m.group(1) == "Out":
                out = m.group(2)
            elif m:
                anon = m.group(2)
    home = pwd.getpwuid(os.getuid()).pw_dir
    user = pwd.getpwuid(os.getuid()).pw_name
    return [Path(out.replace("${HOME}", home).replace("${USER}", user)), Path(anon)]


def _pdfs(dirs: list[Path]) -> set[Path]:
    return {p for d in dirs if d.is_dir() for p in d.glob("*.pdf")}


def _wait_for_new_pdf(dirs: list[Path], before: set[Path]) -> Path:
    """The first new PDF whose size has settled (cups-pdf writes it in steps), within the time limit."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        new = sorted(_pdfs(dirs) - before, key=lambda p: p.stat().st_mtime)
        if new:
            path = new[-1]
            size = path.stat().st_size
            time.sleep(0.5)
            if size > 0 and path.stat().st_size == size:
                return path
        time.sleep(0.2)
    pytest.fail(f"no new PDF from cups-pdf within {WAIT_SECONDS} s in {[str(d) for d in dirs]}")


@pytest.fixture(scope="module")
def cups_queue() -> Iterator[str]:
    started = _start_cupsd()
    existed = subprocess.run(["lpstat", "-p", QUEUE], capture_output=True).returncode == 0
    try:
        subprocess.run(
            ["lpadmin", "-p", QUEUE, "-v", "cups-pdf:/", "-E", "-m", _cups_pdf_ppd()],
            check=True,
            capture_output=True,
        )
        yield QUEUE
    finally:
        if not existed:
            subprocess.run(["lpadmin", "-x", QUEUE], capture_output=True)
        if started is not None:
            os.kill(started, signal.SIGTERM)


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def _dark_fraction(png: Path) -> float:
    from PIL import Image

    with Image.open(png) as im:
        grey = im.convert("L")
        hist = grey.histogram()
    return sum(hist[:128]) / max(sum(hist), 1)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("paper", [PaperFormat.THERMAL_80, PaperFormat.A5])
def test_receipt_prints_through_cups(qapp: object, cups_queue: str, paper: PaperFormat, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinterInfo

    assert cups_queue in [p.printerName() for p in QPrinterInfo.availablePrinters()]
    assert cups_queue in list_printers()

    doc = sample_receipt()
    data = render_receipt_pdf(doc, paper)
    dirs = _output_dirs()
    before = _pdfs(dirs)
    print_pdf(data, cups_queue, paper)
    printed = _wait_for_new_pdf(dirs, before)
    try:
        _check_printed(printed, data, paper, doc.qr_payload, tmp_path)
    finally:
        printed.unlink(missing_ok=True)


def _check_printed(printed: Path, data: bytes, paper: PaperFormat, payload: str, tmp_path: Path) -> None:
    info = _pdfinfo(printed)
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
    assert 0.02 < _dark_fraction(png) < 0.5, "printed page is blank or solid"
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
