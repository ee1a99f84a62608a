"""SIGKILL in the middle of a burst of saves loses nothing that was saved and breaks nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from desktop.store import dbapi
from tests.e2e.test_cli import amildesk

BURST = r"""
import sys
from pathlib import Path
from desktop.receipts.model import PaperFormat
from desktop.services.demo import ensure_demo_office
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.receipts import save_receipt_pdf

data, out = Path(sys.argv[1]), Path(sys.argv[2])
ctx = ensure_demo_office(data)
print("ready", flush=True)
for i in range(100000):
    done = record_donation(ctx, DonationInput(
        lines=(LineInput("zakat_maal", amount=100000 + i), LineInput("sedekah", amount=5000)),
        anonymous=True))
    # "printing": the receipt leaves the process only after the save committed
    save_receipt_pdf(ctx, done.receipt_number, out / (done.receipt_number.replace("/", "_") + ".pdf"),
                     PaperFormat.THERMAL_58)
    print(done.receipt_number, flush=True)
"""


def test_sigkill_mid_burst(tmp_path: Path) -> None:
    data, printed_dir = tmp_path / "office", tmp_path / "printed"
    printed_dir.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", BURST, str(data), str(printed_dir)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    printed: list[str] = []
    deadline = time.monotonic() + 60
    while len(printed) < 40 and time.monotonic() < deadline:
        printed.append(proc.stdout.readline().strip())
    time.sleep(0.037)  # land somewhere inside a later transaction
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    printed += [line.strip() for line in proc.stdout.read().splitlines() if line.strip()]
    assert len(printed) >= 40

    conn = dbapi.connect(data / "amildesk.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = {row[0] for row in conn.execute("SELECT receipt_number FROM donations")}
    conn.close()
    assert set(printed) <= stored
    pdf_numbers = {p.stem.replace("_", "/") for p in printed_dir.glob("*.pdf")}
    assert pdf_numbers <= stored
    assert "OK" in amildesk(data, "verify").stdout
    # The next save continues the sequence without reusing a number.
    seqs = sorted(int(n.rsplit("/", 1)[1]) for n in stored)
    assert seqs == list(range(1, len(seqs) + 1))
