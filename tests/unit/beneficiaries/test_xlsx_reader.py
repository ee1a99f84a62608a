"""The fast XLSX reader gives the values openpyxl gives, on both of its paths."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.services.xlsx_reader import XlsxUnsupported, iter_xlsx_rows


def _openpyxl_rows(path: Path) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = []
    for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
        trimmed = list(values)
        while trimmed and trimmed[-1] is None:
            trimmed.pop()
        if trimmed:
            rows.append((number, trimmed))
    workbook.close()
    return rows


def _ours(path: Path) -> list[tuple[int, list[Any]]]:
    rows = []
    for number, values in iter_xlsx_rows(str(path)):
        while values and values[-1] is None:
            values.pop()
        if values:
            rows.append((number, values))
    return rows


def _sample(path: Path, *, write_only: bool) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet() if write_only else workbook.active
    assert sheet is not None
    sheet.append(["nik", "nama", "tanggal_lahir", "desil", "aktif", "catatan"])
    sheet.append(["3201014507850003", "Siti & <Aminah>", date(1985, 7, 5), 2, True, "  spasi  "])
    sheet.append([3201014507850003, "Ünïcode ✓ Muḥammad", datetime(2020, 1, 2, 3, 4, 5), 2.5, False, None])
    sheet.append([])
    sheet.append([None, None, None, None, None, "jauh di kanan"])
    sheet.append(["=1+1", "baris\nbaru", "2026-01-01", -7, None, "x"])
    workbook.save(path)
    return path


@pytest.mark.parametrize("write_only", [False, True])  # shared strings, then inline strings
def test_fast_path_matches_openpyxl(tmp_path: Path, write_only: bool) -> None:
    path = _sample(tmp_path / "a.xlsx", write_only=write_only)
    assert _ours(path) == _openpyxl_rows(path)
    assert _ours(path)[1][1][2] == datetime(1985, 7, 5)


def test_general_path_reads_prefixed_tags_and_other_attributes(tmp_path: Path) -> None:
    path = _sample(tmp_path / "a.xlsx", write_only=False)
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(odd, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<c r=", b'<c cm="1" r=').replace(b"<row ", b"<x:row ")
                data = data.replace(b"</row>", b"</x:row>").replace(b"<worksheet ", b'<worksheet xmlns:x="urn:x" ')
            dst.writestr(item, data)
    assert _ours(odd) == _openpyxl_rows(path)


def test_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    with pytest.raises(XlsxUnsupported):
        list(iter_xlsx_rows(str(tmp_path / "x.xlsx")))
