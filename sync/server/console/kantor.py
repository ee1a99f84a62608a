"""Kantor: one office's month: daily chart, per fund and per program, devices, closings and deposits."""

from __future__ import annotations

import json

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import func, select

from sync.server import tables as t
from sync.server.console import closings
from sync.server.console.charts import bar_chart
from sync.server.console.ringkasan import by_day
from sync.server.console.targets import month_targets
from sync.server.console.web import ConsoleError, Reader, month_arg, render, route, shift_month

router = APIRouter()


@route(router, "/kantor/{code}", "read")
def kantor(ctx: Reader, code: str) -> Response:
    month, first, last = month_arg(ctx)
    with ctx.engine.connect() as conn:
        office = conn.execute(select(t.offices).where(t.offices.c.code == code[:20])).mappings().first()
        if office is None:
            raise ConsoleError(404, "Kantor tidak dikenal: {value}.", value=code[:20])
        oid = str(office["id"])
        d = t.day_totals.c
        span = (d.office_id == oid, d.day >= first.isoformat(), d.day <= last.isoformat())
        per_fund = conn.execute(select(d.fund_code, func.sum(d.amount), func.sum(d.lines)).where(*span)
                                .group_by(d.fund_code).order_by(func.sum(d.amount).desc())).all()
        per_program = conn.execute(select(d.program_code, func.sum(d.amount), func.sum(d.lines)).where(*span)
                                   .group_by(d.program_code).order_by(func.sum(d.amount).desc())).all()
        daily = by_day(conn, first, last, oid)
        r = t.ref_items.c
        names = {(kind, str(item)): json.loads(data) for kind, item, data in conn.execute(
            select(r.kind, r.item_id, r.data).where(r.kind.in_(("fund", "program")), r.office_id == ""))}
        targets = month_targets(conn, month).get(oid, [])
        devices = conn.execute(select(t.devices).where(t.devices.c.office_id == oid)
                               .order_by(t.devices.c.enrolled_at)).mappings().all()
        rf = t.review_flags.c
        flags = conn.execute(select(func.count()).where(rf.office_id == oid, rf.resolved_at.is_(None))).scalar()
        office_cash = closings.for_office(conn, oid, first, last)
    fund_target = {i["fund_code"]: int(i["amount"]) for i in targets if i.get("fund_code")}
    program_target = {i["program_id"]: int(i["amount"]) for i in targets if i.get("program_id")}
    funds = [{"code": c, "name": names.get(("fund", c), {}).get("name", c), "amount": int(a), "lines": int(n),
              "target": fund_target.pop(c, None)} for c, a, n in per_fund]
    funds += [{"code": c, "name": names.get(("fund", c), {}).get("name", c), "amount": 0, "lines": 0, "target": v}
              for c, v in fund_target.items()]
    programs = [{"code": c, "name": names.get(("program", c), {}).get("name", c) if c else ctx._("(tanpa program)"),
                 "pillar": names.get(("program", c), {}).get("pillar", ""), "amount": int(a), "lines": int(n),
                 "target": program_target.pop(c, None)} for c, a, n in per_program]
    programs += [{"code": c, "name": names.get(("program", c), {}).get("name", c), "pillar": "", "amount": 0,
                  "lines": 0, "target": v} for c, v in program_target.items()]
    return render(ctx, "kantor.html", office=office, month=month, prev_month=shift_month(month, -1),
                  next_month=shift_month(month, 1), first=first, last=last,
                  chart=bar_chart(daily, label=ctx._("Penghimpunan harian")), total=sum(f["amount"] for f in funds),
                  funds=funds, programs=programs, devices=devices, flags=int(flags or 0),
                  cash=office_cash,
                  can_confirm=ctx.user is not None and ctx.user.can("admin"))
