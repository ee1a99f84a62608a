"""Tumpang tindih: one person (NIK) or family (KK) aided by two or more offices, or more than once
in a period, from the district aid index (salted hashes; ``aid_index`` is kept at ingest).

Groups are formed per hash, so a person aided twice by the same office shows too; the count of
offices tells the two cases apart. Filters: period (aid date), program, asnaf; XLSX export.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import Connection, func, select

from sync.protocol.payloads import ASNAF
from sync.server import tables as t
from sync.server.console.web import ConsoleError, Ctx, Reader, render, route, today
from sync.server.console.xlsx import xlsx_response

router = APIRouter()
MAX_GROUPS = 300


def _filters(ctx: Ctx) -> dict[str, str]:
    now = today()
    values = {"from": ctx.arg("from") or (now - timedelta(days=365)).isoformat(),
              "to": ctx.arg("to") or now.isoformat(), "program": ctx.arg("program"), "asnaf": ctx.arg("asnaf")}
    for key in ("from", "to"):
        try:
            date.fromisoformat(values[key])
        except ValueError as exc:
            raise ConsoleError(400, "Tanggal tidak sah: {value}. Gunakan TTTT-BB-HH.", value=values[key][:20]) from exc
    if values["asnaf"] and values["asnaf"] not in ASNAF:
        raise ConsoleError(400, "Asnaf tidak dikenal: {value}.", value=values["asnaf"][:40])
    if len(values["program"]) > 40:
        raise ConsoleError(400, "Program tidak dikenal: {value}.", value=values["program"][:40])
    return values


def overlaps(conn: Connection, flt: dict[str, str]) -> list[dict[str, Any]]:
    a = t.aid_index.c
    where = [a.aid_date >= flt["from"], a.aid_date <= flt["to"]]
    if flt["program"]:
        where.append(a.program_code == flt["program"])
    if flt["asnaf"]:
        where.append(a.asnaf == flt["asnaf"])
    groups: list[dict[str, Any]] = []
    for label, column in (("NIK", a.nik_hash), ("KK", a.kk_hash)):
        found = conn.execute(
            select(column, func.count(), func.count(func.distinct(a.office_id)))
            .where(column.is_not(None), *where).group_by(column).having(func.count() >= 2)
            .order_by(func.count(func.distinct(a.office_id)).desc(), func.count().desc()).limit(MAX_GROUPS)).all()
        if not found:
            continue
        hashes = [h for h, _n, _o in found]
        details: dict[str, list[Any]] = {}
        d, o, b = t.distributions.c, t.offices.c, t.beneficiaries.c
        for start in range(0, len(hashes), 500):
            rows = conn.execute(
                select(column.label("h"), a.aid_date, a.fund_code, a.program_code, a.asnaf, a.amount, o.code,
                       d.number, b.name).join(t.offices, o.id == a.office_id)
                .join(t.distributions, d.id == a.distribution_id)
                .outerjoin(t.beneficiaries, b.id == d.beneficiary_id)
                .where(column.in_(hashes[start:start + 500]), *where).order_by(a.aid_date))
            for row in rows:
                details.setdefault(row.h, []).append(row)
        groups.extend({"kind": label, "hash": h, "count": int(n), "offices": int(offices), "aids": details.get(h, [])}
                      for h, n, offices in found)
    groups.sort(key=lambda g: (-g["offices"], -g["count"]))
    return groups


def _programs(conn: Connection) -> list[str]:
    r = t.ref_items.c
    return [str(c) for c in conn.execute(select(r.item_id).where(r.kind == "program", r.office_id == "")
                                         .order_by(r.item_id)).scalars()]


@route(router, "/tumpang-tindih", "read")
def overlap_page(ctx: Reader) -> Response:
    flt = _filters(ctx)
    with ctx.engine.connect() as conn:
        groups = overlaps(conn, flt)
        programs = _programs(conn)
    return render(ctx, "overlap.html", groups=groups, flt=flt, programs=programs, asnaf=sorted(ASNAF),
                  limit=MAX_GROUPS)


@route(router, "/tumpang-tindih.xlsx", "read")
def overlap_xlsx(ctx: Reader) -> Response:
    flt = _filters(ctx)
    with ctx.engine.connect() as conn:
        groups = overlaps(conn, flt)
    _ = ctx._
    header = [_("Jenis"), _("Sidik (hash)"), _("Kantor"), _("Nomor"), _("Penerima"), _("Tanggal"), _("Dana"),
              _("Program"), _("Asnaf"), _("Jumlah")]
    rows = [[g["kind"], g["hash"][:16], aid.code, aid.number, aid.name, aid.aid_date, aid.fund_code,
             aid.program_code, aid.asnaf, int(aid.amount)] for g in groups for aid in g["aids"]]
    return xlsx_response(f"tumpang-tindih-{flt['from']}-{flt['to']}.xlsx", _("Tumpang tindih"), header, rows,
                         money_columns=(9,))
