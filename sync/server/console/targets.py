"""Target: monthly collection targets per office x fund or program, sent to offices as reference data.

A target is the reference item ``target`` of its office (docs/sync-protocol.md, contracts): item id
``YYYY-MM/fund/CODE`` or ``YYYY-MM/program/CODE``, data {month, fund_code, program_id, amount}. The
reference item is the only copy: the console reads it back, the office pulls it on its next sync.
An office's month target on Ringkasan is the sum of its fund targets (or of its program targets
when it has no fund target: a donation counts for a fund and maybe a program, never twice).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import Connection, select

from sync.protocol.limits import MAX_DONATION_TOTAL
from sync.server import tables as t
from sync.server.console.users import journal
from sync.server.console.web import ConsoleError, Reader, Targeter, month_arg, redirect, render, route, shift_month
from sync.server.db import write_tx
from sync.server.reference import put_item

router = APIRouter()
KIND = "target"


def month_targets(conn: Connection, month: str) -> dict[str, list[dict[str, Any]]]:
    """Office id -> its live targets of ``month``."""
    r = t.ref_items.c
    out: dict[str, list[dict[str, Any]]] = {}
    for office_id, data in conn.execute(select(r.office_id, r.data).where(
            r.kind == KIND, r.deleted.is_(False), r.item_id.like(f"{month}/%"))):
        out.setdefault(str(office_id), []).append(json.loads(data))
    return out


def office_target(items: list[dict[str, Any]]) -> int | None:
    funds = [int(i["amount"]) for i in items if i.get("fund_code")]
    programs = [int(i["amount"]) for i in items if i.get("program_id")]
    if funds:
        return sum(funds)
    return sum(programs) if programs else None


def _catalogue(conn: Connection, kind: str) -> dict[str, str]:
    r = t.ref_items.c
    names = {str(code): str(json.loads(data).get("name", code)) for code, data in conn.execute(
        select(r.item_id, r.data).where(r.kind == kind, r.office_id == "", r.deleted.is_(False)))}
    return dict(sorted(names.items(), key=lambda item: item[1]))


@route(router, "/target", "read")
def targets_page(ctx: Reader) -> Response:
    month, _first, _last = month_arg(ctx)
    with ctx.engine.connect() as conn:
        offices = conn.execute(select(t.offices.c.id, t.offices.c.code, t.offices.c.name)
                               .order_by(t.offices.c.code)).all()
        funds, programs = _catalogue(conn, "fund"), _catalogue(conn, "program")
        targets = month_targets(conn, month)
    names = {o.id: o for o in offices}
    rows: list[dict[str, Any]] = sorted(
        ({"office": names[oid], "kind": "fund" if item.get("fund_code") else "program",
          "code": item.get("fund_code") or item.get("program_id"), "amount": int(item["amount"])}
         for oid, items in targets.items() if oid in names for item in items),
        key=lambda row: (row["office"].code, row["kind"], row["code"]))
    for row in rows:
        row["label"] = (funds if row["kind"] == "fund" else programs).get(row["code"], row["code"])
    return render(ctx, "target.html", month=month, prev_month=shift_month(month, -1),
                  next_month=shift_month(month, 1), offices=offices, funds=funds, programs=programs, rows=rows,
                  can_edit=ctx.user is not None and ctx.user.can("target"))


def parse_amount(raw: str) -> int:
    """Rupiah as people type them: ``1.500.000``, ``1500000``, ``Rp 1.500.000``."""
    text = raw.strip().replace("Rp", "").replace(".", "").replace(",", "").replace(" ", "")
    if not text or not text.lstrip("-").isdigit() or len(text) > 16:
        raise ConsoleError(400, "Jumlah target tidak sah: {value}. Tulis rupiah tanpa desimal, mis. 1.500.000.",
                           value=raw[:30])
    value = int(text)
    if value < 0:
        raise ConsoleError(400, "Target tidak boleh kurang dari 0.")
    if value > MAX_DONATION_TOTAL:
        raise ConsoleError(400, "Target terlalu besar.")
    return value


@route(router, "/target", "target", methods=("POST",))
def set_target(ctx: Targeter) -> Response:
    form = ctx.form
    month = form.get("month", "")
    if len(month) != 7 or not (month[:4].isdigit() and month[4] == "-" and month[5:].isdigit()
                               and 1 <= int(month[5:]) <= 12 and 2000 <= int(month[:4]) <= 2100):
        raise ConsoleError(400, "Bulan tidak sah: {value}. Gunakan TTTT-BB, mis. 2026-12.", value=month[:20])
    kind, code, office_code = form.get("kind", ""), form.get("code", ""), form.get("office", "")
    amount = parse_amount(form.get("amount", ""))
    if kind not in ("fund", "program"):
        raise ConsoleError(400, "Jenis target tidak dikenal.")
    assert ctx.user is not None
    with write_tx(ctx.engine) as conn:
        office_id = conn.execute(select(t.offices.c.id).where(t.offices.c.code == office_code)).scalar()
        if office_id is None:
            raise ConsoleError(404, "Kantor tidak dikenal: {value}.", value=office_code[:20])
        if code not in _catalogue(conn, kind):
            raise ConsoleError(400, "Dana atau program tidak dikenal: {value}.", value=code[:40])
        item_id = f"{month}/{kind}/{code}"
        data = {"month": month, "fund_code": code if kind == "fund" else None,
                "program_id": code if kind == "program" else None, "amount": amount}
        delete = form.get("action") == "delete"
        put_item(conn, KIND, item_id, data, office_id=str(office_id), deleted=delete)
        journal(conn, ctx.user.username, "target.deleted" if delete else "target.set",
                f"{office_code}/{item_id}", amount=amount)
    return redirect(f"/target?month={month}&ok=1")
