"""``amildesk report``: the Laporan page's reports from the command line, same service, same numbers.

    amildesk report daily --date 2026-12-01 [--to 2026-12-07] --format pdf --out harian.pdf
    amildesk report monthly --month 2026-12 --format xlsx --out bulanan.xlsx
    amildesk report audit --year 2026 --format csv --out audit.csv
    amildesk report statement --year 2026 --donor ID --out zakat.pdf
    amildesk report statement --year 2026 --all --out folder/
    amildesk report monthly --month 2026-12 --json     (the totals the report shows)

The report name is checked by us, not by argparse, so an unknown one gets the same translated,
clerk-readable message as every other bad input (exit 2, nothing written).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import ValidationError


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser("report", help="write a report (daily, monthly, audit, statement)")
    report.add_argument("kind", help="daily | monthly | audit | statement")
    report.add_argument("--date", help="daily: the day, YYYY-MM-DD")
    report.add_argument("--to", dest="until", help="daily: last day of a run of days (at most 31)")
    report.add_argument("--month", help="monthly: YYYY-MM")
    report.add_argument("--year", help="audit, statement: YYYY")
    target = report.add_mutually_exclusive_group()
    target.add_argument("--donor", help="statement: the donor's id")
    target.add_argument("--all", action="store_true", help="statement: one file per donor with zakat that year")
    report.add_argument("--format", default="pdf", help="pdf | xlsx | csv (default pdf)")
    report.add_argument("--out", type=Path, help="file to write (statement --all: a folder)")
    report.add_argument("--json", action="store_true", help="print the report's totals as JSON")
    report.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="folder of this office's data")


def _period_text(args: argparse.Namespace) -> str:
    wanted = {"daily": ("date", "TTTT-BB-HH"), "monthly": ("month", "TTTT-BB"), "audit": ("year", "TTTT"),
              "statement": ("year", "TTTT")}[args.kind]
    value = getattr(args, wanted[0])
    if not value:
        raise ValidationError("period_invalid", text=f"--{wanted[0]}", expected=wanted[1])
    return str(value)


def _cmd_report(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.context import open_context
    from desktop.services.reports import (
        ReportRequest,
        build_report,
        check_format,
        check_kind,
        save,
        save_all_statements,
    )

    check_kind(args.kind)
    fmt = check_format(args.format)
    period = _period_text(args)
    if args.out is None and not args.json:
        raise ValidationError("report_out_required")
    ctx = open_context(data_dir, exclusive=False)
    try:
        if args.kind == "statement" and args.all:
            if args.out is None:
                raise ValidationError("report_out_required")
            files = save_all_statements(ctx, period, fmt, args.out)
            if args.json:
                print(json.dumps({"year": int(period), "files": [str(p) for p in files]}, ensure_ascii=False))
            else:
                print(f"{len(files)} berkas di {args.out}")
            return 0
        doc = build_report(ctx, ReportRequest(args.kind, period, until=args.until, donor_id=args.donor))
        if args.out is not None:
            save(doc, fmt, args.out)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(doc.summary, ensure_ascii=False, indent=1))
    else:
        print(str(args.out))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {"report": _cmd_report}
