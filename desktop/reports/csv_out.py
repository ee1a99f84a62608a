"""A report as one CSV file: the header lines, then each table (title, column titles, rows, total).

UTF-8 with a BOM so Excel on Windows reads the names right; amounts are plain integers (rupiah).
"""

from __future__ import annotations

import csv
from pathlib import Path

from desktop.reports.model import ReportDoc


def write_csv(doc: ReportDoc, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([doc.title])
        out.writerow(["Lembaga", doc.institution])
        out.writerow(["Kantor", doc.office])
        out.writerow(["Periode", doc.period])
        out.writerow(["Dibuat", doc.generated_at])
        for label, value in doc.intro:
            out.writerow([label, value])
        for table in doc.tables:
            out.writerow([])
            out.writerow([table.title])
            out.writerow([c.title for c in table.columns])
            if not table.rows:
                out.writerow([table.empty_text])
            out.writerows(["" if v is None else v for v in row] for row in table.rows)
            if table.total is not None:
                out.writerow(["" if v is None else v for v in table.total])
            if table.note:
                out.writerow([table.note])
        for note in doc.notes:
            out.writerow([])
            out.writerow([note])
