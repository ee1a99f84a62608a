"""Ringkasan: the district's month against its targets, one row per office, sortable, as XLSX too.

Everything comes from projections kept at ingest (``day_totals``, devices, open review flags,
verification mismatches, targets as reference items): a handful of grouped reads over a few thousand
rows, whatever the number of donations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import Connection, func, select

from sync.server import tables as t
from sync.server.console import closings
from sync.server.console.charts import bar_chart, progress
from sync.server.console.targets import month_targets, office_target
from sync.server.console.web import ConsoleError, Reader, month_arg, render, route, shift_month
from sync.server.console.xlsx import xlsx_response

router = APIRouter()
SORT_KEYS = ("code", "name", "collected", "target", "percent", "last_sync", "devices", "flags", "mismatches")


@dataclass
class OfficeRow:
    code: str
    name: str
    collected: int
    target: int | None
    percent: float | None
    last_sync: str | None
    devices: int
    flags: int
    mismatches: int
    cash: dict[str, Any] | None  # office_cash_totals row: last closed day, differences, deposits


def collected_by_office(conn: Connection, first: date, last: date) -> dict[str, int]:
    d = t.day_totals.c
    rows = conn.execute(select(d.office_id, func.sum(d.amount)).where(d.day >= first.isoformat(),
                                                                      d.day <= last.isoformat())
                        .group_by(d.office_id))
    return {str(o): int(a or 0) for o, a in rows}


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def by_day(conn: Connection, first: date, last: date, office_id: str | None = None) -> list[tuple[str, int]]:
    """Every day of the month (for the chart), summed up to ``last``; later days are 0."""
    d = t.day_totals.c
    query = select(d.day, func.sum(d.amount)).where(d.day >= first.isoformat(), d.day <= last.isoformat())
    if office_id is not None:
        query = query.where(d.office_id == office_id)
    got = {str(day): int(a or 0) for day, a in conn.execute(query.group_by(d.day))}
    out, day = [], first
    while day <= month_end(first):
        out.append((day.strftime("%d"), got.get(day.isoformat(), 0)))
        day += timedelta(days=1)
    return out


def office_rows(conn: Connection, month: str, first: date, last: date) -> list[OfficeRow]:
    collected = collected_by_office(conn, first, last)
    targets = month_targets(conn, month)
    dv = t.devices.c
    devices = {str(o): (int(n), s) for o, n, s in conn.execute(
        select(dv.office_id, func.count(), func.max(dv.last_contact_at)).where(dv.revoked_at.is_(None))
        .group_by(dv.office_id))}
    rf = t.review_flags.c
    flags = {str(o): int(n) for o, n in conn.execute(
        select(rf.office_id, func.count()).where(rf.resolved_at.is_(None)).group_by(rf.office_id))}
    vm = t.verify_mismatches.c
    mismatches = {str(o): int(n or 0) for o, n in conn.execute(
        select(vm.office_id, func.sum(vm.count)).group_by(vm.office_id))}
    latest = closings.latest_by_office(conn)
    rows = []
    for office in conn.execute(select(t.offices.c.id, t.offices.c.code, t.offices.c.name)):
        oid = str(office.id)
        target = office_target(targets.get(oid, []))
        got = collected.get(oid, 0)
        rows.append(OfficeRow(
            code=str(office.code), name=str(office.name), collected=got, target=target,
            percent=(100.0 * got / target) if target else None,
            last_sync=devices.get(oid, (0, None))[1], devices=devices.get(oid, (0, None))[0],
            flags=flags.get(oid, 0), mismatches=mismatches.get(oid, 0),
            cash=latest.get(oid),
        ))
    return rows


def _sorted(rows: list[OfficeRow], key: str, descending: bool) -> list[OfficeRow]:
    def value(row: OfficeRow) -> tuple[int, Any]:
        v = getattr(row, key)
        return (0, v) if v is not None else (1, 0)  # empty values last whichever the direction

    present = [r for r in rows if getattr(r, key) is not None]
    missing = [r for r in rows if getattr(r, key) is None]
    return sorted(present, key=value, reverse=descending) + sorted(missing, key=lambda r: r.code)


def _sort_args(sort: str, direction: str) -> tuple[str, bool]:
    if sort and sort not in SORT_KEYS:
        raise ConsoleError(400, "Kolom urutan tidak dikenal: {value}.", value=sort[:40])
    return sort or "code", direction == "desc"


@route(router, "/", "read")
def ringkasan(ctx: Reader) -> Response:
    month, first, last = month_arg(ctx)
    key, descending = _sort_args(ctx.arg("sort"), ctx.arg("dir"))
    with ctx.engine.connect() as conn:
        rows = _sorted(office_rows(conn, month, first, last), key, descending)
        daily = by_day(conn, first, last)
    total = sum(r.collected for r in rows)
    target = sum(r.target or 0 for r in rows) or None
    with_target = sum(r.collected for r in rows if r.target)  # achievement counts offices that have a target
    return render(ctx, "ringkasan.html", month=month, prev_month=shift_month(month, -1),
                  next_month=shift_month(month, 1), first=first, last=last, rows=rows, total=total, target=target,
                  percent=(100.0 * with_target / target) if target else None, progress=progress,
                  chart=bar_chart(daily, label=ctx._("Penghimpunan harian")), sort=key,
                  descending=descending)


@route(router, "/ringkasan.xlsx", "read")
def ringkasan_xlsx(ctx: Reader) -> Response:
    month, first, last = month_arg(ctx)
    key, descending = _sort_args(ctx.arg("sort"), ctx.arg("dir"))
    with ctx.engine.connect() as conn:
        rows = _sorted(office_rows(conn, month, first, last), key, descending)
    _ = ctx._
    header = [_("Kode"), _("Kantor"), _("Terhimpun"), _("Target"), "%", _("Sinkron terakhir"), _("Perangkat"),
              _("Perlu ditinjau"), _("Kode salah"), _("Tutup kas terakhir"), _("Selisih kas"), _("Disetor"),
              _("Dikonfirmasi"), _("Setoran belum dikonfirmasi")]
    data = [[r.code, r.name, r.collected, r.target, round(r.percent, 1) if r.percent is not None else None,
             r.last_sync, r.devices, r.flags, r.mismatches, *_cash_cells(r.cash)] for r in rows]
    return xlsx_response(f"ringkasan-{month}.xlsx", _("Ringkasan") + " " + month, header, data,
                         money_columns=(2, 3, 10, 11, 12))


def _cash_cells(cash: dict[str, Any] | None) -> list[Any]:
    if cash is None:
        return [None, None, None, None, None]
    return [cash["last_closed_day"], int(cash["difference_total"]), int(cash["deposited_total"]),
            int(cash["confirmed_total"]), int(cash["pending_deposits"])]
