"""``amildesk report`` as a real process: files read back (openpyxl, pypdf, csv), JSON, bad input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.store import dbapi
from tests.unit.reports.conftest import Month


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", "report", *args, "--data-dir", str(data)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def office(month: Month, office_dir: Path) -> Path:
    month.ctx.close()  # the CLI opens the store itself
    return office_dir


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_monthly_json_and_files_read_back(office: Path, tmp_path: Path) -> None:
    result = run(office, "monthly", "--month", "2026-11", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    conn = dbapi.connect(office / "amildesk.sqlite3")
    expected = dict(conn.execute(
        "SELECT l.fund_code, sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
        "WHERE d.status = 'aktif' AND d.recorded_at >= '2026-10-31T16' AND d.recorded_at < '2026-11-30T16' "
        "GROUP BY 1").fetchall())
    conn.close()
    assert {f["code"]: f["collected"] for f in summary["funds"] if f["collected"]} == expected
    assert summary["total"] == sum(expected.values())
    assert set(summary["funds"][0]) == {"code", "name", "collected", "amil_share", "distributed", "deposited"}

    xlsx = tmp_path / "bulanan.xlsx"
    assert run(office, "monthly", "--month", "2026-11", "--format", "xlsx", "--out", str(xlsx)).returncode == 0
    book = openpyxl.load_workbook(xlsx, read_only=True)
    rows = list(book["Ringkasan per jenis dana"].iter_rows(values_only=True))
    total_row = next(r for r in rows if r[0] == "Jumlah")
    assert total_row[1] == summary["total"] and isinstance(total_row[1], int)
    by_name = {r[0]: r[1] for r in rows if r and r[0] and isinstance(r[1], int)}
    assert by_name["Zakat Maal"] == expected["zakat_maal"]
    assert "Penerimaan per hari" in book.sheetnames and "Penyaluran per asnaf" in book.sheetnames
    book.close()

    pdf = tmp_path / "bulanan.pdf"
    assert run(office, "monthly", "--month", "2026-11", "--out", str(pdf)).returncode == 0
    text = pdf_text(pdf)
    assert "Laporan Bulanan" in text and "November 2026" in text and "Halaman 1/" in text
    assert "UPZ Masjid Al-Ikhlas" in text and "BAZNAS Kabupaten Uji" in text
    assert f"{summary['total']:,}".replace(",", ".") in text
    assert PdfReader(pdf).pages[0].mediabox.width > PdfReader(pdf).pages[0].mediabox.height  # landscape

    out = tmp_path / "bulanan.csv"
    assert run(office, "monthly", "--month", "2026-11", "--format", "csv", "--out", str(out)).returncode == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["Laporan Bulanan"]
    first_total = next(r for r in lines if r and r[0] == "Jumlah")
    assert int(first_total[1]) == summary["total"]


def test_daily_pdf_lists_the_void_with_its_reason(office: Path, month: Month, tmp_path: Path) -> None:
    pdf = tmp_path / "harian.pdf"
    result = run(office, "daily", "--date", "2026-11-10", "--out", str(pdf), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 760_000
    text = pdf_text(pdf)
    assert month.voided in text and "Salah ketik nominal" in text and "tidak dihitung" in text
    assert "760.000" in text and "5.000.000" in text  # the void is shown, apart from the total


def test_statements_one_file_per_donor_with_nik_in_full(office: Path, month: Month, tmp_path: Path) -> None:
    folder = tmp_path / "bukti"
    result = run(office, "statement", "--year", "2026", "--all", "--out", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    files = sorted(Path(p) for p in json.loads(result.stdout)["files"])
    assert len(files) == 3 and all(p.parent == folder and p.suffix == ".pdf" for p in files)
    conn = dbapi.connect(office / "amildesk.sqlite3")
    nik, npwp = conn.execute("SELECT nik, npwp FROM donors WHERE name = 'Ahmad Hidayat'").fetchone()
    total = conn.execute(
        "SELECT sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id JOIN funds f "
        "ON f.code = l.fund_code JOIN donors p ON p.id = d.donor_id WHERE p.name = 'Ahmad Hidayat' "
        "AND f.kind = 'zakat' AND d.status = 'aktif'").fetchone()[0]
    conn.close()
    ahmad = pdf_text(next(p for p in files if "Ahmad-Hidayat" in p.name))
    assert nik in ahmad and npwp in ahmad and f"Rp{total:,}".replace(",", ".") in ahmad
    assert month.numbers[0] in ahmad and "Infak" not in ahmad  # zakat lines only
    one = tmp_path / "budi.pdf"
    budi = month.donor_ids[2]
    result = run(office, "statement", "--year", "2026", "--donor", budi, "--out", str(one), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 500_000  # the voided 5,000,000 is not zakat paid


@pytest.mark.parametrize(("args", "message"), [
    (("weekly", "--month", "2026-11"), "tidak dikenal"),
    (("monthly", "--month", "2999-01"), "belum terjadi"),
    (("daily", "--date", "2026-11-10", "--to", "2026-11-01"), "Periode terbalik"),
    (("daily", "--date", "10-11-2026"), "tidak sah"),
    (("monthly", "--month", "2026-13"), "tidak sah"),
    (("audit", "--year", "2026", "--format", "docx"), "Format"),
    (("statement", "--year", "2026"), "Pilih donatur"),
    (("monthly",), "--month"),
])
def test_bad_input_clear_message_nothing_written(office: Path, tmp_path: Path, args: tuple[str, ...],
                                                 message: str) -> None:
    out = tmp_path / "laporan.pdf"
    result = run(office, *args, "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.glob("laporan*")) == [] and list(tmp_path.glob(".laporan*")) == []


def test_unwritable_target_is_a_clear_error(office: Path, tmp_path: Path) -> None:
    result = run(office, "monthly", "--month", "2026-11", "--out", str(tmp_path / "missing" / "x.pdf"))
    assert result.returncode == 2 and "tidak dapat ditulis" in result.stderr
