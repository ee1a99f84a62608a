"""Save a report in the chosen format; the file appears whole or not at all."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from desktop.reports.csv_out import write_csv
from desktop.reports.files import write_atomically
from desktop.reports.model import ReportDoc
from desktop.reports.pdf_out import write_pdf
from desktop.reports.xlsx_out import write_xlsx


class ReportFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"
    CSV = "csv"


_WRITERS = {ReportFormat.PDF: write_pdf, ReportFormat.XLSX: write_xlsx, ReportFormat.CSV: write_csv}


def save_report(doc: ReportDoc, fmt: ReportFormat, path: Path, *, durable: bool = True) -> None:
    write_atomically(path, lambda tmp: _WRITERS[fmt](doc, tmp), durable=durable)
