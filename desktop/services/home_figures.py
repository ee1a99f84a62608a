"""Beranda's month and trend: this month against the district's targets, and the last 30 days.

Targets arrive from the district as reference data of kind ``target`` (docs/sync-protocol.md;
item id ``YYYY-MM/fund/CODE`` or ``YYYY-MM/program/ID``, data {"month", "fund_code", "program_id",
"amount"}), kept in ``reference_items`` by the sync's apply path. They are district data, so a
malformed one is skipped, never shown half. Both figures read the hour totals of migration 0004.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, func, select

from desktop.services.context import AppContext
from desktop.services.report_common import collected_by
from desktop.services.report_periods import hour_key
from desktop.services.sync_apply import reference_items_of
from desktop.store.tables import funds, programs
from desktop.store.tables_reports import donation_hour_totals, late_void_hour_totals

TARGET_KIND = "target"
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
MAX_TARGET = 10**15


@dataclass(frozen=True)
class TargetProgress:
    scope: str  # fund / program
    code: str
    name: str
    target: int
    collected: int

    @property
    def percent(self) -> int:
        return 0 if self.target <= 0 else self.collected * 100 // self.target


def _month_start(ctx: AppContext) -> tuple[date, datetime]:
    today = ctx.local(ctx.now()).date()
    first = today.replace(day=1)
    return first, datetime.combine(first, time.min, ctx.tz)


def _targets(conn: Connection, month: str) -> list[tuple[str, str, int]]:
    """(scope, code, amount) of this month's well-formed targets."""
    result = []
    for data in reference_items_of(conn, TARGET_KIND).values():
        if not isinstance(data, dict) or data.get("month") != month or not _MONTH.fullmatch(month):
            continue
        amount = data.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_TARGET:
            continue
        fund, program = data.get("fund_code"), data.get("program_id")
        if isinstance(fund, str) and fund and not program:
            result.append(("fund", fund, amount))
        elif isinstance(program, str) and program and not fund:
            result.append(("program", program, amount))
    return result


def month_targets(ctx: AppContext) -> list[TargetProgress]:
    """This month's collection against each target the district set (empty when there are none)."""
    first, start = _month_start(ctx)
    month = first.strftime("%Y-%m")
    end = hour_key(ctx.now() + timedelta(hours=1))
    with ctx.store.read() as conn:
        targets = _targets(conn, month)
        if not targets:
            return []
        by_fund = {k[0]: v for k, v in collected_by(conn, hour_key(start), end, "fund_code").items()}
        by_program = {k[0]: v for k, v in collected_by(conn, hour_key(start), end, "program_code").items()}
        fund_names = dict(conn.execute(select(funds.c.code, funds.c.name)).all())
        program_names = dict(conn.execute(select(programs.c.code, programs.c.name)).all())
    rows = [TargetProgress(scope, code, str((fund_names if scope == "fund" else program_names).get(code, code)),
                           amount, (by_fund if scope == "fund" else by_program).get(code, 0))
            for scope, code, amount in targets]
    return sorted(rows, key=lambda r: (r.scope != "fund", r.name))


def daily_series(ctx: AppContext, days: int = 30) -> list[tuple[date, int]]:
    """Net collection per office-local day for the last ``days`` days (today included, zeros kept)."""
    today = ctx.local(ctx.now()).date()
    first = today - timedelta(days=days - 1)
    start = datetime.combine(first, time.min, ctx.tz)
    end = datetime.combine(today + timedelta(days=1), time.min, ctx.tz)
    offset = ctx.tz.utcoffset(None) or timedelta(0)
    h = donation_hour_totals.c
    with ctx.store.read() as conn:
        rows = list(conn.execute(select(h.hour, func.sum(h.recorded - h.voided))
                                 .where(h.hour >= hour_key(start), h.hour < hour_key(end)).group_by(h.hour)))
        v = late_void_hour_totals.c  # a late void lowers the day it was made, not the closed day
        rows += conn.execute(select(v.hour, -func.sum(v.amount))
                             .where(v.hour >= hour_key(start), v.hour < hour_key(end)).group_by(v.hour))
    per_day: dict[date, int] = {}
    for hour, amount in rows:
        day = (datetime.strptime(hour, "%Y-%m-%dT%H") + offset).date()
        per_day[day] = per_day.get(day, 0) + int(amount or 0)
    return [(first + timedelta(days=n), per_day.get(first + timedelta(days=n), 0)) for n in range(days)]
