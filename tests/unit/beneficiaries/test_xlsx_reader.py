"""The XLSX reader (python-calamine) gives the values the importer's rules expect, whoever wrote the file."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from desktop.services.xlsx_reader import EXACT_INT_LIMIT, XlsxUnreadable, iter_xlsx_rows

SHEET = "xl/worksheets/sheet1.xml"
EXPECTED = [
    (1, ["nik", "nama", "tanggal_lahir", "desil", "aktif", "catatan"]),
    (2, ["3201014507850003", "Siti & <Aminah>", date(1985, 7, 5), 2, True, "  spasi  "]),
    (3, [3201014507850003, "Ünïcode ✓ Muḥammad", datetime(2020, 1, 2, 3, 4, 5), 2.5, False, ""]),
    (4, ["", "", "", "", "", ""]),
    (5, ["", "", "", "", "", "jauh di kanan"]),
    (6, ["", "baris\nbaru", "2026-01-01", -7, "", "x"]),  # a formula without a cached value is empty
]


def _sample(path: Path, *, epoch_1904: bool = False) -> Path:
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    workbook = Workbook()
    if epoch_1904:
        workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["nik", "nama", "tanggal_lahir", "desil", "aktif", "catatan"])
    sheet.append(["3201014507850003", "Siti & <Aminah>", date(1985, 7, 5), 2, True, "  spasi  "])
    sheet.append([3201014507850003, "Ünïcode ✓ Muḥammad", datetime(2020, 1, 2, 3, 4, 5), 2.5, False, None])
    sheet.append([])
    sheet.append([None, None, None, None, None, "jauh di kanan"])
    sheet.append(["=1+1", "baris\nbaru", "2026-01-01", -7, None, "x"])
    workbook.save(path)
    return path


def _rewrite_sheet(source: Path, target: Path, change: Any, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == SHEET:
                data = change(data.decode("utf-8")).encode("utf-8")
            elif extra and item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif extra and item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.'
                                    b'org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            dst.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return target


def _as_excel_writes_it(source: Path, target: Path) -> Path:
    """openpyxl writes inline strings; Excel writes a shared-strings table and indexes into it."""
    strings: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        index = strings.setdefault(match.group(2), len(strings))
        return f'<c r="{match.group(1)}" t="s"><v>{index}</v></c>'

    def change(xml: str) -> str:
        return re.sub(r'<c r="([A-Z]+\d+)" t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>', shared, xml,
                      flags=re.DOTALL)

    with zipfile.ZipFile(source) as src:
        change(src.read(SHEET).decode("utf-8"))  # collect the strings first
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
    table = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    return _rewrite_sheet(source, target, change, {"xl/sharedStrings.xml": table})


def test_values_of_a_workbook_written_by_openpyxl(tmp_path: Path) -> None:
    assert list(iter_xlsx_rows(_sample(tmp_path / "a.xlsx"))) == EXPECTED


def test_values_of_a_workbook_with_shared_strings_as_excel_writes_it(tmp_path: Path) -> None:
    path = _as_excel_writes_it(_sample(tmp_path / "a.xlsx"), tmp_path / "excel.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert 't="s"' in archive.read(SHEET).decode() and escape("Siti & <Aminah>") in archive.read(
            "xl/sharedStrings.xml").decode()
    assert list(iter_xlsx_rows(path)) == EXPECTED


def test_prefixed_tags_and_other_attributes(tmp_path: Path) -> None:
    """The OpenXML SDK writes <x:row>, <x:c>; other writers add attributes such as cm."""

    def change(xml: str) -> str:
        xml = re.sub(r"<(/?)(\w+)", r"<\1x:\2", xml).replace("<x:worksheet xmlns=", "<x:worksheet xmlns:x=")
        return xml.replace("<x:c r=", '<x:c cm="1" r=')

    path = _rewrite_sheet(_sample(tmp_path / "a.xlsx"), tmp_path / "sdk.xlsx", change)
    assert list(iter_xlsx_rows(path)) == EXPECTED


def test_1904_date_system(tmp_path: Path) -> None:
    rows = list(iter_xlsx_rows(_sample(tmp_path / "mac.xlsx", epoch_1904=True)))
    assert rows[1][1][2] == date(1985, 7, 5) and rows[2][1][2] == datetime(2020, 1, 2, 3, 4, 5)


def test_row_numbers_and_columns_are_the_sheets_own(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["C3"], sheet["D3"], sheet["D7"] = "NIK", "Nama", "Ani"
    workbook.save(tmp_path / "offset.xlsx")
    rows = dict(iter_xlsx_rows(tmp_path / "offset.xlsx"))
    assert rows[3] == ["", "", "NIK", "Nama"] and rows[7] == ["", "", "", "Ani"]


def test_whole_numbers_are_int_only_when_a_double_holds_them_exactly(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([EXACT_INT_LIMIT - 1, float(EXACT_INT_LIMIT), 9401014507850002, 812345678, 1.5, -3])
    workbook.save(tmp_path / "n.xlsx")
    [(_, values)] = list(iter_xlsx_rows(tmp_path / "n.xlsx"))
    assert values == [EXACT_INT_LIMIT - 1, float(EXACT_INT_LIMIT), 9401014507850002.0, 812345678, 1.5, -3]
    assert [type(v) for v in values] == [int, float, float, int, float, int]


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    cut = _rewrite_sheet(_sample(tmp_path / "a.xlsx"), tmp_path / "cut.xlsx", lambda xml: xml[: len(xml) // 2])
    for path in (tmp_path / "x.xlsx", cut, tmp_path / "missing.xlsx"):
        with pytest.raises(XlsxUnreadable):
            list(iter_xlsx_rows(path))
