"""XLSX downloads of console tables (xlsxwriter: small, write-only, no formulas evaluated)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from fastapi.responses import Response


def _cell(value: Any) -> Any:
    # A text starting with = + - @ would be a formula in a spreadsheet: names come from devices.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def xlsx_response(filename: str, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], *,
                  money_columns: Sequence[int] = ()) -> Response:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(title[:31].replace("/", "-"))
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, list(header), bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write(r, c, _cell(value), money if c in money_columns else None)
    sheet.set_column(0, len(header) - 1, 16)
    sheet.freeze_panes(1, 0)
    book.close()
    return Response(buffer.getvalue(), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
