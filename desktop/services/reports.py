"""Reports as one use case for the Laporan page and ``amildesk report``: check, compute, save.

The period is checked first (unknown report, bad/future/reversed period: a clear error, nothing
written); the numbers are computed once into a ``ReportDoc``; the file is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import AmilError, ValidationError
from desktop.reports.model import ReportDoc
from desktop.reports.output import ReportFormat, save_report
from desktop.services.context import AppContext
from desktop.services.report_periods import Period, day_period, month_period, year_period

REPORT_KINDS = ("daily", "monthly", "audit", "statement")
REPORT_TITLES = {"daily": "Harian", "monthly": "Bulanan", "audit": "Audit nomor kuitansi",
                 "statement": "Pernyataan zakat tahunan (donatur)"}


@dataclass(frozen=True)
class ReportRequest:
    kind: str
    period: str  # YYYY-MM-DD (daily), YYYY-MM (monthly), YYYY (audit, statement)
    until: str | None = None  # daily only: last day of a run of days
    donor_id: str | None = None  # statement only


def check_kind(kind: str) -> str:
    if kind not in REPORT_KINDS:
        raise ValidationError("report_unknown", name=kind)
    return kind


def check_format(name: str) -> ReportFormat:
    try:
        return ReportFormat(name.lower())
    except ValueError as exc:
        raise ValidationError("report_format_unknown", name=name) from exc


def resolve_period(ctx: AppContext, request: ReportRequest) -> Period:
    kind = check_kind(request.kind)
    if kind == "daily":
        return day_period(ctx, request.period, request.until)
    if kind == "monthly":
        return month_period(ctx, request.period)
    return year_period(ctx, request.period)


def build_report(ctx: AppContext, request: ReportRequest) -> ReportDoc:
    period = resolve_period(ctx, request)
    if request.kind == "daily":
        from desktop.services.report_daily import build_daily

        return build_daily(ctx, period)
    if request.kind == "monthly":
        from desktop.services.report_monthly import build_monthly

        return build_monthly(ctx, period)
    if request.kind == "audit":
        from desktop.services.report_audit import build_audit

        return build_audit(ctx, period)
    if not request.donor_id:
        raise ValidationError("statement_target_required")
    from desktop.services.report_statement import build_statement

    return build_statement(ctx, period, request.donor_id)


def save(doc: ReportDoc, fmt: ReportFormat, out: Path, *, durable: bool = True) -> None:
    """Write ``doc`` to ``out``; a folder that is missing or not writable is a clear error."""
    try:
        save_report(doc, fmt, out, durable=durable)
    except OSError as exc:
        raise AmilError("export_write_failed", path=str(out), detail=exc.strerror or str(exc)) from exc


def save_all_statements(ctx: AppContext, year: str, fmt: ReportFormat, out_dir: Path,
                        progress: Callable[[int], None] | None = None) -> list[Path]:
    """One file per donor with zakat in ``year``, in ``out_dir`` (created); returns the files."""
    from desktop.services.report_statement import iter_statements, log_statements

    period = year_period(ctx, year)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AmilError("export_write_failed", path=str(out_dir), detail=exc.strerror or str(exc)) from exc
    written: list[Path] = []
    made = []
    try:
        for statement in iter_statements(ctx, period):
            path = out_dir / f"{statement.file_stem(period.first.year)}.{fmt.value}"
            save(statement.doc, fmt, path, durable=False)  # made again at will; never half-written
            written.append(path)
            made.append(statement)
            if progress is not None:
                progress(len(written))
    finally:
        log_statements(ctx, made, period.first.year)  # what reached the disk, even if a later file failed
    return written
