"""What every report's numbers share: the header of the document, fund names, amount sums.

The sums read the running-total tables of migration 0004 (one row per UTC hour × fund × method ×
program) and never the donation lines: a month is at most 744 hours, however many donations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from desktop.core.payment import PaymentMethod, label
from desktop.reports.model import Column, ColumnKind, ReportDoc, Table
from desktop.services.context import AppContext
from desktop.services.report_periods import datetime_id
from desktop.store.tables import funds, programs
from desktop.store.tables_reports import donation_hour_totals, donation_month_totals, late_void_hour_totals

MONEY = ColumnKind.MONEY
COUNT = ColumnKind.COUNT
NO_PROGRAM = "(tanpa program)"


@dataclass(frozen=True)
class FundInfo:
    code: str
    name: str
    kind: str
    sort_order: int


def fund_catalogue(conn: Connection) -> dict[str, FundInfo]:
    rows = conn.execute(select(funds.c.code, funds.c.name, funds.c.kind, funds.c.sort_order)
                        .order_by(funds.c.sort_order, funds.c.code))
    return {r.code: FundInfo(r.code, r.name, r.kind, int(r.sort_order)) for r in rows}


def program_catalogue(conn: Connection) -> dict[str, tuple[str, str]]:
    """code -> (name, pillar)."""
    rows = conn.execute(select(programs.c.code, programs.c.name, programs.c.pillar))
    return {r.code: (r.name, r.pillar) for r in rows}


def method_name(method: str) -> str:
    try:
        return label(PaymentMethod(method))
    except ValueError:
        return method


def net_by(conn: Connection, start_hour: str, end_hour: str, *keys: str) -> dict[tuple[str, ...], int]:
    """Sum of (recorded − voided) over [start_hour, end_hour), grouped by the given columns."""
    columns = [donation_hour_totals.c[k] for k in keys]
    net = func.sum(donation_hour_totals.c.recorded - donation_hour_totals.c.voided)
    query = (select(*columns, net).where(donation_hour_totals.c.hour >= start_hour,
                                         donation_hour_totals.c.hour < end_hour)
             .group_by(*columns))
    return {tuple(str(v) for v in row[:-1]): int(row[-1] or 0) for row in conn.execute(query)}


def late_by(conn: Connection, start_hour: str, end_hour: str, *keys: str) -> dict[tuple[str, ...], int]:
    """Late voids (receipts of closed days voided afterwards) made in [start_hour, end_hour), grouped."""
    v = late_void_hour_totals.c
    columns = [v[k] for k in keys]
    query = (select(*columns, func.sum(v.amount)).where(v.hour >= start_hour, v.hour < end_hour).group_by(*columns))
    return {tuple(str(x) for x in row[:-1]): int(row[-1] or 0) for row in conn.execute(query)}


def collected_by(conn: Connection, start_hour: str, end_hour: str, *keys: str) -> dict[tuple[str, ...], int]:
    """What was collected in the range: its receipts' net, less the late voids made in it (adjustments)."""
    totals = dict(net_by(conn, start_hour, end_hour, *keys))
    for key, amount in late_by(conn, start_hour, end_hour, *keys).items():
        totals[key] = totals.get(key, 0) - amount
    return totals


def net_before(conn: Connection, boundary_hour: str) -> dict[str, int]:
    """Net collected per fund before ``boundary_hour``: whole UTC months, then the boundary month's hours,
    less every late void made before it."""
    month = boundary_hour[:7]
    m = donation_month_totals.c
    totals: dict[str, int] = {}
    for code, amount in conn.execute(select(m.fund_code, func.sum(m.recorded - m.voided))
                                     .where(m.month < month).group_by(m.fund_code)):
        totals[code] = int(amount or 0)
    for (code,), amount in net_by(conn, f"{month}-01T00", boundary_hour, "fund_code").items():
        totals[code] = totals.get(code, 0) + amount
    for (code,), amount in late_by(conn, "", boundary_hour, "fund_code").items():
        totals[code] = totals.get(code, 0) - amount
    return totals


def sum_table(title: str, key_title: str, items: Iterable[tuple[str, int]], *, amount_title: str = "Jumlah (Rp)",
              width: float = 3.0) -> Table:
    rows = tuple((name, amount) for name, amount in items)
    return Table(title, (Column(key_title, width=width), Column(amount_title, MONEY, 1.2)), rows,
                 total=("Jumlah", sum(a for _, a in rows)))


def make_doc(ctx: AppContext, kind: str, title: str, period: str, tables: tuple[Table, ...],
             **extra: object) -> ReportDoc:
    office = ctx.office
    return ReportDoc(
        kind=kind, title=title, institution=office.institution_name,
        office=f"{office.name} ({office.code}) · Perangkat {office.device_letter}", period=period,
        generated_at=f"{datetime_id(ctx.local(ctx.now()))} {ctx.timezone_name}", tables=tables,
        **extra,  # type: ignore[arg-type]
    )
