"""CUPS with a cups-pdf queue standing in for the office printer: start, queue, find the printed PDF.

cupsd is started here when it is not running (as root) and stopped again, waiting until it has gone,
when the session ends: a cupsd still shutting down answers `lpstat -r` and then drops the next
`lpinfo -m`, which once failed a CI run between two test modules.
"""

from __future__ import annotations

import os
import pwd
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

QUEUE = "AmilDeskPDF"
SOCKET = Path("/run/cups/cups.sock")
PID_FILE = Path("/run/cups/cupsd.pid")
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
WAIT_SECONDS = 30

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
    deadline = time.monotonic() + 15
    while True:  # a cupsd that has just come up may still refuse the first requests
        listing = subprocess.run(["lpinfo", "-m"], capture_output=True, text=True)
        if listing.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    listing.check_returncode()
    models = listing.stdout
    for wanted in ("CUPS-PDF_opt.ppd", "CUPS-PDF_noopt.ppd"):
        for line in models.splitlines():
            if line.split(" ", 1)[0].endswith(wanted):
                return line.split(" ", 1)[0]
    pytest.skip("cups-pdf PPD not found in `lpinfo -m` (apt: cups-pdf)")


def output_dirs() -> list[Path]:
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


def pdfs(dirs: list[Path]) -> set[Path]:
    return {p for d in dirs if d.is_dir() for p in d.glob("*.pdf")}


def wait_for_new_pdf(dirs: list[Path], before: set[Path]) -> Path:
    """The first new PDF whose size has settled (cups-pdf writes it in steps), within the time limit."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        new = sorted(pdfs(dirs) - before, key=lambda p: p.stat().st_mtime)
        if new:
            path = new[-1]
            size = path.stat().st_size
            time.sleep(0.5)
            if size > 0 and path.stat().st_size == size:
                return path
        time.sleep(0.2)
    pytest.fail(f"no new PDF from cups-pdf within {WAIT_SECONDS} s in {[str(d) for d in dirs]}")


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def dark_fraction(png: Path) -> float:
    from PIL import Image

    with Image.open(png) as im:
        grey = im.convert("L")
        hist = grey.histogram()
    return sum(hist[:128]) / max(sum(hist), 1)


def _stop_cupsd(pid: int) -> None:
    """SIGTERM the cupsd we started and wait until it has exited (its socket gone)."""
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


def cups_queue_for_session() -> Iterator[str]:
    """The AmilDeskPDF queue on a running cupsd, for the whole test session."""
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
            _stop_cupsd(started)
