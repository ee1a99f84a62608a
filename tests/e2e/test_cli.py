"""The ``amildesk`` command as support staff use it: real process, real store, real PDFs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from desktop.services.demo_office import HISTORY_DONORS, SCHOOL_TEACHERS
from desktop.store import dbapi

PASSWORD = "rahasia123"


def amildesk(
    data_dir: Path, *args: str, stdin: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args],
        input=stdin, capture_output=True, text=True, timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result




def test_init_demo_status_receipts_receipt_verify(tmp_path: Path) -> None:
    data = tmp_path / "kantor"
    amildesk(data, "init", "--institution", "BAZNAS Kab. Paser", "--office-code", "upz-01",
             "--office-name", "UPZ Desa Kuaro", "--device", "c", "--admin", "admin",
             stdin=PASSWORD + "\nfrasa-pemulihan-uji\n")
    sheet = "\n".join(page.extract_text() for page in PdfReader(data / "lembar-pemulihan.pdf").pages)
    assert "frasa-pemulihan-uji" in sheet and "UPZ-01" in sheet
    again = amildesk(data, "init", "--institution", "X", "--office-code", "UPZ-01", "--office-name", "X",
                     "--device", "C", "--admin", "admin", stdin=PASSWORD + "\n", check=False)
    assert again.returncode == 2 and "sudah disiapkan" in again.stderr

    demo = amildesk(tmp_path / "demo", "demo", "--donations", "12")
    assert "demo-pemulihan" in demo.stdout
    history = re.search(r"\+(\d+) selama 60 hari terakhir", demo.stdout)  # a new demo office's two months
    assert history is not None
    past = int(history.group(1))
    status = json.loads(amildesk(tmp_path / "demo", "status", "--json").stdout)
    assert status["donations"] == 12 + past and status["donors"] == 30 + HISTORY_DONORS + SCHOOL_TEACHERS + 1
    assert status["journal_high_seq"] > 12 + 30

    receipts = json.loads(amildesk(tmp_path / "demo", "receipts", "--json").stdout)
    assert len(receipts) == 12 + past
    assert {"number", "date", "donor", "total", "status"} <= set(receipts[0])
    first = min(receipts, key=lambda r: r["number"])
    assert first["number"].startswith("KLL-PKS/") and first["number"].endswith("/A/000001")

    out = tmp_path / "r.pdf"
    amildesk(tmp_path / "demo", "receipt", first["number"], "--format", "a5", "--out", str(out), "--copy")
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert first["number"] in text and "SALINAN" in text

    assert "OK" in amildesk(tmp_path / "demo", "verify").stdout


def test_unknown_receipt_and_bad_init_give_clear_errors(tmp_path: Path) -> None:
    amildesk(tmp_path / "demo", "demo", "--donations", "1")
    missing = amildesk(tmp_path / "demo", "receipt", "X/2026/A/000009", "--out", str(tmp_path / "x.pdf"),
                       check=False)
    assert missing.returncode == 2 and "tidak ditemukan" in missing.stderr
    bad = amildesk(tmp_path / "new", "init", "--institution", "X", "--office-code", "A/B", "--office-name",
                   "X", "--device", "AB", "--admin", "admin", stdin=PASSWORD + "\n", check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_verify_fails_naming_seq_after_tampering(tmp_path: Path) -> None:

    data = tmp_path / "demo"
    amildesk(data, "demo", "--donations", "5")
    conn = dbapi.connect(data / "amildesk.sqlite3")
    conn.executescript("DROP TRIGGER journal_no_update; UPDATE journal SET entity_id = 'x' WHERE seq = 7;")
    conn.close()
    result = amildesk(data, "verify", check=False)
    assert result.returncode == 1 and "seq 7" in result.stderr
