"""Closings and deposits as the console shows them (issue 11's server tables, ``sync.server.cash``).

Ringkasan reads one running-totals row per office (``office_cash_totals``); Kantor lists the month's
closings and the newest deposits, and an admin confirms a deposit there with the same function as
``amildesk-server confirm-deposit``: the confirmation goes back to the office as reference data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import Connection, select

from sync.server import tables as t
from sync.server.cash import closing_methods, confirm_deposit_in, office_deposits
from sync.server.console.users import journal
from sync.server.console.web import Admin, ConsoleError, redirect, route
from sync.server.db import write_tx

router = APIRouter()


def latest_by_office(conn: Connection) -> dict[str, dict[str, Any]]:
    """Office id -> its running cash totals (last closed day, differences, deposits, pending count)."""
    return {str(row.office_id): dict(row._mapping) for row in conn.execute(select(t.office_cash_totals))}


def for_office(conn: Connection, office_id: str, first: date, last: date) -> dict[str, Any]:
    """The office's closings of the month (newest first) and its newest deposits."""
    c = t.day_closings.c
    closings = []
    for row in conn.execute(select(t.day_closings).where(
            c.office_id == office_id, c.day >= first.isoformat(), c.day <= last.isoformat())
            .order_by(c.day.desc(), c.closed_at.desc())):
        item = dict(row._mapping)
        item["methods"] = closing_methods(row)
        closings.append(item)
    return {"closings": closings, "deposits": office_deposits(conn, office_id, limit=50)}


@route(router, "/kantor/{code}/setoran/{deposit_id}/konfirmasi", "admin", methods=("POST",))
def confirm(ctx: Admin, code: str, deposit_id: str) -> Response:
    note = " ".join(ctx.form.get("note", "").split())
    if len(note) > 300:
        raise ConsoleError(400, "Catatan terlalu panjang (paling banyak 300 karakter).")
    assert ctx.user is not None
    with write_tx(ctx.engine) as conn:
        office_id = conn.execute(select(t.offices.c.id).where(t.offices.c.code == code[:20])).scalar()
        if office_id is None:
            raise ConsoleError(404, "Kantor tidak dikenal: {value}.", value=code[:20])
        try:
            done = confirm_deposit_in(conn, deposit_id[:64], by=ctx.user.username, note=note, office_id=str(office_id))
        except LookupError as exc:
            raise ConsoleError(404, "Setoran tidak dikenal: {value}.", value=deposit_id[:64]) from exc
        journal(conn, ctx.user.username, "deposit.confirmed", f"{code}/{deposit_id[:64]}", note=note,
                confirmed_at=done["confirmed_at"])
    return redirect(f"/kantor/{code}#setoran")
