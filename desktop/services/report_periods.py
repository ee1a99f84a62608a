"""Report periods typed by a clerk or on the command line: checked, then turned into store keys.

A period is office-local (the office's zone, WIB/WITA/WIT) and becomes a half-open range of UTC
timestamps (for ``donations.recorded_at``) and of UTC hours (for the running-total tables, see
migration 0004). A future period or one whose end is before its start is refused with a clear
message, before anything is read or written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from desktop.core.errors import ValidationError
from desktop.services.context import AppContext, iso_utc

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember")
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MAX_DAYS = 31
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")


def date_id(d: date) -> str:
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def long_date_id(d: date) -> str:
    return f"{DAYS_ID[d.weekday()]}, {date_id(d)}"


def datetime_id(moment: datetime) -> str:
    return f"{date_id(moment.date())} {moment:%H:%M}"


@dataclass(frozen=True)
class Period:
    """Local days ``first``..``last`` (inclusive) and their label."""

    first: date
    last: date
    label: str

    def utc_bounds(self, ctx: AppContext) -> tuple[datetime, datetime]:
        start = datetime.combine(self.first, time.min, ctx.tz).astimezone(UTC)
        end = datetime.combine(self.last + timedelta(days=1), time.min, ctx.tz).astimezone(UTC)
        return start, end

    def iso_bounds(self, ctx: AppContext) -> tuple[str, str]:
        """[start, end) as ``recorded_at`` text."""
        start, end = self.utc_bounds(ctx)
        return iso_utc(start), iso_utc(end)

    def hour_bounds(self, ctx: AppContext) -> tuple[str, str]:
        """[start, end) as running-total hour keys."""
        start, end = self.utc_bounds(ctx)
        return hour_key(start), hour_key(end)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def hour_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H")


def local_day_sql_modifier(ctx: AppContext) -> str:
    """The SQLite ``date()`` modifier that turns a UTC hour into the office's local day."""
    offset = ctx.tz.utcoffset(None)
    assert offset is not None
    return f"{int(offset.total_seconds() // 3600):+d} hours"


def today(ctx: AppContext) -> date:
    return ctx.local(ctx.now()).date()


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError("period_invalid", text=text, expected="TTTT-BB-HH") from exc


def _not_future(ctx: AppContext, first: date, label: str) -> None:
    if first > today(ctx):
        raise ValidationError("period_future", period=label, today=today(ctx).isoformat())


def day_period(ctx: AppContext, text: str, until: str | None = None) -> Period:
    """One day (``2026-12-01``), or a run of days up to ``until`` (at most 31)."""
    first = _parse_date(text)
    last = _parse_date(until) if until else first
    if last < first:
        raise ValidationError("period_reversed", start=first.isoformat(), end=last.isoformat())
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationError("period_too_long", days=MAX_DAYS)
    _not_future(ctx, first, first.isoformat())
    last = min(last, today(ctx))
    label = long_date_id(first) if first == last else f"{date_id(first)} – {date_id(last)}"
    return Period(first, last, label)


def month_period(ctx: AppContext, text: str) -> Period:
    match = _MONTH.fullmatch(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError("period_invalid", text=text, expected="TTTT-BB")
    year, month = int(match.group(1)), int(match.group(2))
    first = date(year, month, 1)
    _not_future(ctx, first, text.strip())
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return Period(first, last, f"{MONTHS_ID[month - 1]} {year}")


def year_period(ctx: AppContext, text: str) -> Period:
    if not _YEAR.fullmatch(text.strip()) or int(text) < 2000:
        raise ValidationError("period_invalid", text=text, expected="TTTT")
    year = int(text)
    first = date(year, 1, 1)
    _not_future(ctx, first, str(year))
    return Period(first, date(year, 12, 31), f"Tahun {year}")
