"""What a report is, independent of its file format: a header and a few titled tables.

One model for PDF, XLSX and CSV keeps the three formats showing the same figures: the services
compute a ``ReportDoc`` once and each writer only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

Cell = str | int | None


class ColumnKind(StrEnum):
    TEXT = "text"
    MONEY = "money"  # whole rupiah: a number in XLSX/CSV, "1.250.000" in the PDF
    COUNT = "count"


@dataclass(frozen=True)
class Column:
    title: str
    kind: ColumnKind = ColumnKind.TEXT
    width: float = 1.0  # relative share of the page width in the PDF


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None  # the totals row, drawn bold under a rule
    empty_text: str = "Tidak ada data."  # said instead of an empty table
    note: str | None = None  # a sentence under the table (e.g. "Tidak ada nomor yang terlewat.")


@dataclass(frozen=True)
class ReportDoc:
    kind: str  # daily / monthly / audit / statement
    title: str
    institution: str
    office: str
    period: str  # as printed: "Selasa, 1 Desember 2026", "Desember 2026", "Tahun 2026"
    generated_at: str  # office-local time, as printed
    tables: tuple[Table, ...]
    landscape: bool = False
    intro: tuple[tuple[str, str], ...] = ()  # label/value lines under the header (e.g. the donor)
    notes: tuple[str, ...] = ()  # paragraphs after the tables
    summary: dict[str, object] = field(default_factory=dict)  # what ``--json`` prints
