"""Beneficiary import from XLSX and CSV: preview errors by row, one transaction, no duplicates."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import PermissionDenied, ValidationError
from desktop.services.beneficiaries import Beneficiary, count_beneficiaries, get_beneficiary, search_beneficiaries
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


def _stored(ctx: AppContext, name: str) -> Beneficiary:
    """The record as the admin opens it (whole NIK/KK); a search result carries them masked."""
    return get_beneficiary(ctx, search_beneficiaries(ctx, name)[0].id)

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


def test_import_after_a_journal_base_continues_the_chain(ctx: AppContext, tmp_path: Path) -> None:
    """A store restored from a backup continues after the district's seq: the import's events too."""
    from desktop.store.journal_rebase import rebase_journal

    with ctx.store.write() as conn:
        base = high_seq(conn) + 3
        rebase_journal(conn, ctx.office.identity, base_seq=base, base_hash="ef" * 32, fork_seq=base - 2,
                       now=ctx.now_iso(), reason="test")
    path = write_xlsx(tmp_path / "x.xlsx", ["nik", "nama", "asnaf"],
                      [[make_nik(1), "Ani", "fakir"], [make_nik(2), "Budi", "miskin"]])
    assert import_beneficiaries(ctx, path).imported == 2
    assert high_seq_of(ctx) == base + 2 and verify_store(ctx).ok


def test_xlsx_as_excel_writes_it_in_our_template(ctx: AppContext, tmp_path: Path) -> None:
    from tests.unit.beneficiaries.test_xlsx_reader import _as_excel_writes_it

    rows = [template_row(i) for i in range(50)]
    path = _as_excel_writes_it(write_xlsx(tmp_path / "t0.xlsx", list(TEMPLATE_HEADER), rows), tmp_path / "t.xlsx")
    result = import_beneficiaries(ctx, path)
    assert (result.layout, result.imported, result.errors) == ("template", 50, [])
    found = _stored(ctx, "warga nomor 7")
    assert template_row(7)[4] == "08-08-1967"
    assert (found.nik, found.kk, found.birth_date, found.phone, found.asnaf, found.decile) == (
        make_nik(7), make_kk(2), "1967-08-08", "081200000007", "gharimin", 8)


def test_p3ke_xlsx_with_typed_cells(ctx: AppContext, tmp_path: Path) -> None:
    """A register export as a program writes it: numbers, dates and texts in their own cell types."""
    from datetime import date, datetime

    header = ["No", "Provinsi", "Kode Wilayah", "NIK Kepala Keluarga", "No KK", "Nama Kepala Keluarga",
              "Jenis Kelamin", "Tgl Lahir", "Alamat", "No HP", "Desil Kesejahteraan"]
    rows = [
        [1, "Kalimantan Timur", 6401012001, make_nik(101), int(make_kk(1)), "Ahmad Fauzi", "Laki-laki",
         date(1970, 8, 17), "Desa Kuaro", 81234567890, 1],
        [2, "Kalimantan Timur", "64.01.01.2001", int(make_nik(102, female=True)), make_kk(2), "Siti Hasanah",
         "Perempuan", datetime(1975, 1, 31, 0, 0), None, "0812-3456-7891", 3.0],
    ]
    path = write_xlsx(tmp_path / "p3ke.xlsx", header, rows, title="DATA P3KE KABUPATEN PASER")
    result = import_beneficiaries(ctx, path, default_asnaf="miskin")
    assert (result.layout, result.imported, result.errors) == ("p3ke", 2, [])
    ahmad = _stored(ctx, "ahmad fauzi")
    assert (ahmad.village_code, ahmad.kk, ahmad.birth_date, ahmad.phone, ahmad.decile) == (
        "6401012001", make_kk(1), "1970-08-17", "081234567890", 1)
    siti = _stored(ctx, "siti hasanah")
    assert (siti.nik, siti.birth_date, siti.decile, siti.address) == (make_nik(102, female=True), "1975-01-31", 3,
                                                                     None)


def test_numeric_nik_cells_keep_every_digit_or_are_refused(ctx: AppContext, tmp_path: Path) -> None:
    """A number cell's NIK is taken only when no digit can have been rounded away."""
    exact = make_nik(8)  # ends in 9: Excel could not have typed it, a program wrote it exactly
    ends_in_zero = make_nik(9)  # ...0010: as Excel keeps it after dropping a 16th digit
    papua = make_nik(11, province="94")  # above 2**53: a double cannot hold every such number
    assert exact[-1] != "0" and ends_in_zero[-1] == "0" and int(papua) > 2**53
    rows: list[list[Any]] = [
        [int(exact), make_kk(8), "Angka Utuh", "fakir"], [int(ends_in_zero), None, "Angka Nol", "fakir"],
        [int(papua), None, "Angka Papua", "fakir"], [papua, None, "Teks Papua", "fakir"],
        [make_nik(12), int(make_kk(20)), "KK Nol", "fakir"]]
    path = write_xlsx(tmp_path / "n.xlsx", ["nik", "no_kk", "nama", "asnaf"], rows)
    result = import_beneficiaries(ctx, path)
    assert result.imported == 2
    assert [(e.row, e.codes) for e in result.errors] == [
        (3, ("import_nik_numeric",)), (4, ("import_nik_numeric",)), (6, ("import_nik_numeric",))]
    assert "Teks" in result.errors[0].message
    assert _stored(ctx, "angka utuh").nik == exact
    assert _stored(ctx, "teks papua").nik == papua


def test_dry_run_previews_exactly_what_the_import_does(ctx: AppContext, tmp_path: Path) -> None:
    path, _ = thousand_rows(tmp_path)
    preview = import_beneficiaries(ctx, path, dry_run=True)
    result = import_beneficiaries(ctx, path)
    assert count_beneficiaries(ctx) == result.imported == preview.to_import == 980
    assert (preview.dry_run, result.dry_run, preview.imported) == (True, False, 0)
    assert preview.errors == result.errors and preview.rows == result.rows


@pytest.mark.parametrize("row", [
    (make_nik(1), make_kk(1), 'Siti "Ibu" \\ Aminah', "P", "1985-07-05", "Jl. Ünïcode ✓\u0001", "6401012001",
     "+6281234567890", 10, "ibnu_sabil"),
    (make_nik(2), None, "Budi", None, None, None, None, None, None, None),
])
def test_person_snapshot_json_is_the_canonical_payload(row: tuple[Any, ...]) -> None:
    from desktop.services.beneficiaries import snapshot_payload
    from desktop.services.beneficiary_import import person_snapshot_json
    from desktop.services.beneficiary_rows import FIELDS
    from desktop.store.journal_bulk import canonical_payload

    values = {**dict(zip(FIELDS, row, strict=True)), "kind": "orang", "group_type": None, "needs_note": None,
              "status": "aktif"}
    expected = canonical_payload(snapshot_payload("0190c0de-0000-7000-8000-000000000001", 1, values, None))
    assert person_snapshot_json("0190c0de-0000-7000-8000-000000000001", row) == expected
