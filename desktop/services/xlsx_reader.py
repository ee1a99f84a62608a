"""Streaming reader of an XLSX file's first worksheet: rows of plain values, fast.

openpyxl (even read-only) spends ~15 µs per cell on coordinates, styles and types: 100,000 rows of
10 columns take 15-20 s, and an element-tree parse of the sheet alone costs ~5 s. An import only
needs each cell's value, and the sheet XML is machine-written and flat, so this reads it with
regular expressions (C speed) in chunks cut at row ends, converting only what the importer uses:
shared and inline strings, numbers (integers stay exact), booleans, and dates (numbers whose style
is a date format; 1900 and 1904 systems). An unexpected workbook structure raises
``XlsxUnsupported`` so the caller can fall back to openpyxl.
"""

from __future__ import annotations

import codecs
import html
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import IO, Any
from xml.etree.ElementTree import fromstring

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
BUILTIN_DATE_FORMATS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_COLUMN = re.compile(r"[A-Z]+")
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_SHEET_CHUNK = 1 << 22
_P = r"(?:\w+:)?"  # tags may carry a namespace prefix ("x:row")
_ROW = re.compile(rf"<{_P}row\b([^>]*?)(?:/>|>(.*?)</{_P}row>)", re.DOTALL)
_ROW_NUMBER = re.compile(r'\br="(\d+)"')
_CELL = re.compile(rf"<{_P}c\b([^>]*?)(?:/>|>(.*?)</{_P}c>)", re.DOTALL)
_ATTR = re.compile(r'\b([rts])="([^"]*)"')
# Fast path for what Excel, LibreOffice, Google Sheets and openpyxl write (no tag prefix, cell
# attributes in the order r, s, t): rows and cells in one pass. A block where it does not account
# for every <row and <c is read again by the general path above.
_FAST = re.compile(
    r'<row\b[^>]*?\br="(\d+)"[^>]*>'
    r'|<c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?(?: s="(\d+)")?>([^<]*(?:<(?!/c>)[^<]*)*)</c>'
)
_INLINE_PLAIN = ("<is><t>", "</t></is>")
_VALUE = re.compile(rf"<{_P}v>(.*?)</{_P}v>", re.DOTALL)
_TEXT = re.compile(rf"<{_P}t(?:\s[^>]*)?>(.*?)</{_P}t>", re.DOTALL)
_PHONETIC = re.compile(rf"<{_P}rPh\b.*?</{_P}rPh>", re.DOTALL)
_SHARED_ITEM = re.compile(rf"<{_P}si>(.*?)</{_P}si>", re.DOTALL)


class XlsxUnsupported(Exception):
    """The workbook's structure is not what this reader handles (use openpyxl instead)."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet_path(archive: zipfile.ZipFile) -> tuple[str, bool]:
    workbook = fromstring(archive.read("xl/workbook.xml"))
    date1904 = any(_local(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true") for e in workbook.iter())
    sheet = next((e for e in workbook.iter() if _local(e.tag) == "sheet"), None)
    if sheet is None:
        raise XlsxUnsupported("no worksheet")
    rel_id = sheet.get(f"{{{REL_NS}}}id") or next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((e.get("Target") for e in rels.iter() if e.get("Id") == rel_id), None)
    if not target:
        raise XlsxUnsupported("worksheet relationship missing")
    path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return path, date1904


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _join_text(content: str) -> str:
    """All <t> texts of a string item, phonetic runs (<rPh>) excluded, entities decoded."""
    if "rPh" in content:
        content = _PHONETIC.sub("", content)
    return _unescape("".join(_TEXT.findall(content)))


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    text = archive.read("xl/sharedStrings.xml").decode("utf-8")
    return [_join_text(item) for item in _SHARED_ITEM.findall(text)]


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of cell formats (the ``s`` attribute) that show numbers as dates or times."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = fromstring(archive.read("xl/styles.xml"))
    custom: set[int] = set()
    for element in styles.iter():
        if _local(element.tag) == "numFmt" and _DATE_CODE.search(_QUOTED.sub("", element.get("formatCode", ""))):
            custom.add(int(element.get("numFmtId", "-1")))
    cell_xfs = next((e for e in styles.iter() if _local(e.tag) == "cellXfs"), None)
    dated: set[int] = set()
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else ()):
        number_format = int(xf.get("numFmtId", "0"))
        if number_format in BUILTIN_DATE_FORMATS or number_format in custom:
            dated.add(index)
    return dated


_COLUMNS: dict[str, int] = {}


def _column_index(letters: str, fallback: int) -> int:
    if not letters:
        return fallback
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        for ch in letters:
            index = index * 26 + ord(ch) - 64
        index -= 1
        _COLUMNS[letters] = index
    return index


def _number(text: str) -> int | float:
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


def iter_xlsx_rows(path: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of the first worksheet's non-empty rows; empty cells are None."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise XlsxUnsupported(str(exc)) from exc
    with archive:
        try:
            sheet_path, date1904 = _first_sheet_path(archive)
            strings = _shared_strings(archive)
            dated = _date_styles(archive)
        except (KeyError, ValueError, SyntaxError, UnicodeDecodeError) as exc:  # missing part, bad XML
            raise XlsxUnsupported(str(exc)) from exc
        cells = _Cells(strings, dated, _EPOCH_1904 if date1904 else _EPOCH_1900)
        row_number = 0
        with archive.open(sheet_path) as fh:
            for block in _row_blocks(fh):
                rows = _fast_rows(block, cells)
                if rows is None:
                    rows = _general_rows(block, cells, row_number)
                for row_number, values in rows:
                    yield row_number, values


def _row_blocks(fh: IO[bytes]) -> Iterator[str]:
    """The sheet XML in pieces that end just after a row's closing tag."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    pending = ""
    while chunk := fh.read(_SHEET_CHUNK):
        pending += decoder.decode(chunk)
        cut = _last_row_end(pending)
        if cut:
            yield pending[:cut]
            pending = pending[cut:]
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def _last_row_end(text: str) -> int:
    at = text.rfind("row>")
    while at >= 0:
        opening = text.rfind("<", 0, at)
        if opening >= 0 and text.startswith("/", opening + 1):  # "</row>" or "</x:row>"
            return at + 4
        at = text.rfind("row>", 0, at)
    return 0


class _Cells:
    """Turns one cell's type, style and XML content into its value."""

    def __init__(self, strings: list[str], dated: set[int], epoch: datetime) -> None:
        self.strings = strings
        self.dated = dated
        self.epoch = epoch

    def value(self, kind: str, style: str, content: str | None) -> Any:
        if not content:
            return None
        if kind == "inlineStr":
            start, end = _INLINE_PLAIN
            if content.startswith(start) and content.endswith(end) and content.count("<", 7) == 1:
                return _unescape(content[7:-9])
            return _join_text(content)
        raw_match = _VALUE.search(content)
        if raw_match is None:
            return None
        raw = raw_match.group(1)
        if kind == "s":
            return self.strings[int(raw)]
        if kind in ("str", "e"):
            return _unescape(raw)
        if kind == "b":
            return raw == "1"
        if kind == "d":
            return datetime.fromisoformat(raw.rstrip("Z"))
        number = _number(raw)
        return self.epoch + timedelta(days=number) if style and int(style) in self.dated else number


def _place(values: list[Any], index: int, value: Any) -> None:
    if index >= len(values):
        values.extend([None] * (index - len(values) + 1))
    values[index] = value


def _fast_rows(block: str, cells: _Cells) -> list[tuple[int, list[Any]]] | None:
    matches = _FAST.findall(block)
    row_count = sum(1 for m in matches if m[0])
    if row_count != block.count("<row") or len(matches) - row_count != block.count("<c ") + block.count("<c>"):
        return None
    rows: list[tuple[int, list[Any]]] = []
    values: list[Any] = []
    strings = cells.strings
    for row, letters, style, kind, style_after, content in matches:
        if row:
            values = []
            rows.append((int(row), values))
            continue
        # The two string cells that make up most of an import, inline; the rest through _Cells.
        if kind == "s" and content.startswith("<v>") and content.endswith("</v>"):
            value: Any = strings[int(content[3:-4])]
        elif kind == "inlineStr" and content.startswith("<is><t>") and content.count("<", 7) == 1:
            value = _unescape(content[7:-9])
        else:
            value = cells.value(kind or "n", style or style_after, content)
        index = _column_index(letters, len(values))
        if index == len(values):
            values.append(value)
        else:
            _place(values, index, value)
    return [r for r in rows if r[1]]


def _general_rows(block: str, cells: _Cells, row_number: int) -> list[tuple[int, list[Any]]]:
    rows = []
    for match in _ROW.finditer(block):
        number = _ROW_NUMBER.search(match.group(1))
        row_number = int(number.group(1)) if number else row_number + 1
        values: list[Any] = []
        for position, (attributes, content) in enumerate(_CELL.findall(match.group(2) or "")):
            attrs = dict(_ATTR.findall(attributes))
            letters = (attrs.get("r") or "").rstrip("0123456789")
            _place(values, _column_index(letters, position), cells.value(attrs.get("t", "n"), attrs.get("s", ""),
                                                                         content))
        if values:
            rows.append((row_number, values))
    return rows
