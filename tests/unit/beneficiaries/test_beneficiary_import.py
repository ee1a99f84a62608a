"""Beneficiary import from XLSX and CSV: preview errors by row, one transaction, no duplicates."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import PermissionDenied, ValidationError
from desktop.services.beneficiaries import count_beneficiaries, search_beneficiaries
from desktop.services.beneficiary_import import (
    TEMPLATE_HEADER,
    import_beneficiaries,
    preview_import,
    write_error_report,
)
from desktop.services.context import AppContext
from desktop.services.status import verify_store
from desktop.store.journal import high_seq
from tests.unit.beneficiaries.conftest import make_kk, make_nik

ASNAF = ["fakir", "miskin", "gharimin", "Ibnu Sabil", "mualaf"]


def template_row(i: int) -> list[Any]:
    female = i % 2 == 0
    return [make_nik(i, female=female), make_kk(i // 3), f"Warga Nomor {i}", "P" if female else "L",
            f"{1 + i % 28:02d}-0{1 + i % 9}-19{60 + i % 40}" if i % 2 else f"19{60 + i % 40}-0{1 + i % 9}-15",
            f"RT {i % 20} Kuaro", "6401012001", f"0812{i:08d}", ASNAF[i % 5], str(1 + i % 10)]


def bad_rows() -> dict[int, tuple[list[Any], str]]:
    """20 faulty rows by data index: what is wrong and a word of the expected message."""
    bad: dict[int, tuple[list[Any], str]] = {}
    for n, i in enumerate(range(10, 1000, 50)):
        row = template_row(i)
        kind = n % 5
        if kind == 0:
            row[0] = row[0][:15]  # 15 digits
            word = "16 digit"
        elif kind == 1:
            row[0] = make_nik(i - 1, female=(i - 1) % 2 == 0)  # same NIK as the row above
            word = "ganda"
        elif kind == 2:
            row[8] = ""
            word = "Asnaf wajib"
        elif kind == 3:
            row[4] = "31-02-1990"
            word = "Tanggal"
        else:
            row[3] = "X"
            word = "Jenis kelamin"
        bad[i] = (row, word)
    return bad


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], title: str | None = None) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def thousand_rows(tmp_path: Path) -> tuple[Path, dict[int, tuple[list[Any], str]]]:
    bad = bad_rows()
    rows = [bad[i][0] if i in bad else template_row(i) for i in range(1000)]
    return write_xlsx(tmp_path / "mustahik.xlsx", list(TEMPLATE_HEADER), rows), bad


def test_import_1000_rows_with_20_bad_then_reimport_adds_nothing(ctx: AppContext, tmp_path: Path) -> None:
    path, bad = thousand_rows(tmp_path)
    preview = preview_import(ctx, path)
    assert (preview.rows, preview.to_import, preview.imported, len(preview.errors)) == (1000, 980, 0, 20)
    assert count_beneficiaries(ctx) == 0 and preview.dry_run and preview.layout == "template"
    # Row numbers are the spreadsheet's: header on row 1, data index i on row i + 2.
    assert {e.row: e for e in preview.errors}.keys() == {i + 2 for i in bad}
    for error in preview.errors:
        assert bad[error.row - 2][1] in error.message, error

    seq_before = high_seq_of(ctx)
    result = import_beneficiaries(ctx, path)
    assert (result.imported, result.skipped_duplicates, len(result.errors)) == (980, 0, 20)
    assert count_beneficiaries(ctx) == 980
    assert high_seq_of(ctx) == seq_before + 980  # one journal snapshot per person
    assert verify_store(ctx).ok
    assert search_beneficiaries(ctx, "warga nomor 999")[0].asnaf == "mualaf"

    again = import_beneficiaries(ctx, path)
    assert again.imported == 0 and count_beneficiaries(ctx) == 980
    # Every registered NIK is skipped, including the 4 in-file repeats of now-registered NIKs.
    assert again.skipped_duplicates == 984 and len(again.errors) == 16
    assert high_seq_of(ctx) == seq_before + 980


def high_seq_of(ctx: AppContext) -> int:
    with ctx.store.read() as conn:
        return high_seq(conn)


def test_error_report_csv_masks_nik(ctx: AppContext, tmp_path: Path) -> None:
    path, _ = thousand_rows(tmp_path)
    result = preview_import(ctx, path)
    report = tmp_path / "kesalahan.csv"
    write_error_report(result, report)
    with report.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh, delimiter=";"))
    assert lines[0] == ["baris", "nik", "nama", "kesalahan"] and len(lines) == 21
    assert lines[1][0] == "12" and lines[1][3].startswith("NIK harus 16 digit")
    duplicate = next(line for line in lines if "ganda" in line[3])
    assert "\u2022" in duplicate[1] and len(duplicate[1]) == 16


def test_p3ke_export_layout_csv_with_title_row_and_semicolons(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "p3ke.csv"
    header = ["No", "Provinsi", "Kode Wilayah", "NIK Kepala Keluarga", "No KK", "Nama Kepala Keluarga",
              "Jenis Kelamin", "Tgl Lahir", "Alamat", "Desil Kesejahteraan"]
    rows = [
        ["1", "Kalimantan Timur", "64.01.01.2001", make_nik(1), make_kk(1), "Ahmad Fauzi", "Laki-laki",
         "17-08-1970", "Desa Kuaro", "1"],
        ["2", "Kalimantan Timur", "6401012001", make_nik(2, female=True), make_kk(2), "Siti Hasanah",
         "Perempuan", "1975-01-31", "Desa Kuaro", "3"],
        ["3", "Kalimantan Timur", "6401012001", "1234", make_kk(3), "Tanpa NIK Sah", "Laki-laki", "", "", "11"],
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("DATA P3KE KABUPATEN PASER;;;\n")
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    result = import_beneficiaries(ctx, path, default_asnaf="miskin")
    assert result.layout == "p3ke" and result.imported == 2
    assert result.columns["nama"] == "Nama Kepala Keluarga" and result.columns["kode_desa"] == "Kode Wilayah"
    assert [(e.row, e.codes) for e in result.errors] == [(5, ("nik_length", "decile_invalid"))]
    siti = search_beneficiaries(ctx, "siti has")[0]
    assert (siti.sex, siti.birth_date, siti.decile, siti.asnaf, siti.village_code) == (
        "P", "1975-01-31", 3, "miskin", "6401012001")


def test_p3ke_without_asnaf_column_imports_for_non_zakat_aid(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dtsen.xlsx", ["NIK", "Nama", "Desil"], [[make_nik(5), "Rahmat", 2]])
    result = import_beneficiaries(ctx, path)
    assert result.imported == 1 and search_beneficiaries(ctx, "rahmat")[0].asnaf is None
    strict = preview_import(ctx, write_xlsx(tmp_path / "b.xlsx", ["NIK", "Nama"], [[make_nik(6), "Eko"]]),
                            require_asnaf=True)
    assert strict.errors[0].codes == ("import_asnaf_required",)


def test_excel_numeric_nik_cells(ctx: AppContext, tmp_path: Path) -> None:
    """Excel keeps 15 significant digits: a NIK typed as a number is stored as 3.20101010100001E+15."""
    import zipfile

    rows = [[int(make_nik(8)), "Angka Utuh", "miskin"], [int(make_nik(9)), "Angka Excel", "miskin"]]
    written = write_xlsx(tmp_path / "n0.xlsx", ["nik", "nama", "asnaf"], rows)
    path = tmp_path / "n.xlsx"
    with zipfile.ZipFile(written) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                digits = make_nik(9)
                data = data.replace(f"<v>{digits}</v>".encode(), f"<v>{digits[0]}.{digits[1:15]}E+15</v>".encode())
            dst.writestr(item, data)
    result = preview_import(ctx, path)
    assert result.to_import == 1
    assert result.errors[0].row == 3 and "Teks" in result.errors[0].message


def test_unusable_files_give_clear_errors(ctx: AppContext, tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b.csv").write_text("kolom,lain\n1,2\n", encoding="utf-8")
    (tmp_path / "c.xlsx").write_bytes(b"not a zip")
    codes = []
    for name in ("a.pdf", "b.csv", "c.xlsx"):
        with pytest.raises(ValidationError) as excinfo:
            preview_import(ctx, tmp_path / name)
        codes.append(excinfo.value.code)
    assert codes == ["import_file_unsupported", "import_header_missing", "import_file_unreadable"]
    with pytest.raises(ValidationError):
        preview_import(ctx, tmp_path / "b.csv", default_asnaf="dhuafa")


def test_import_needs_a_user_unless_headless(ctx: AppContext, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", ["nik", "nama", "asnaf"], [[make_nik(1), "Ani", "fakir"]])
    ctx.user = None
    with pytest.raises(PermissionDenied):
        import_beneficiaries(ctx, path)
    assert import_beneficiaries(ctx, path, allow_anonymous=True).imported == 1
    assert verify_store(ctx).ok
