"""Perlu ditinjau: events the sync accepted but flagged (business-rule breaches); resolve with a note."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import and_, select

from sync.server import tables as t
from sync.server.console.users import journal
from sync.server.console.web import Admin, ConsoleError, Reader, redirect, render, route
from sync.server.db import write_tx
from sync.server.reference import now_iso

router = APIRouter()
PAGE = 200


@route(router, "/ditinjau", "read")
def review_page(ctx: Reader) -> Response:
    show = ctx.arg("show", "open")
    if show not in ("open", "all"):
        raise ConsoleError(400, "Pilihan tampilan tidak dikenal: {value}.", value=show[:20])
    office_code = ctx.arg("office")
    f, e, o = t.review_flags.c, t.events.c, t.offices.c
    query = (select(f.id, f.device_id, f.seq, f.code, f.message, f.created_at, f.resolved_at, f.resolved_by,
                    f.resolution_note, o.code.label("office_code"), o.name.label("office_name"), e.type)
             .join(t.offices, o.id == f.office_id)
             .outerjoin(t.events, and_(e.device_id == f.device_id, e.seq == f.seq))
             .order_by(f.id.desc()).limit(PAGE))
    if show == "open":
        query = query.where(f.resolved_at.is_(None))
    with ctx.engine.connect() as conn:
        if office_code:
            oid = conn.execute(select(o.id).where(o.code == office_code[:20])).scalar()
            if oid is None:
                raise ConsoleError(404, "Kantor tidak dikenal: {value}.", value=office_code[:20])
            query = query.where(f.office_id == oid)
        rows = conn.execute(query).mappings().all()
        offices = conn.execute(select(o.code, o.name).order_by(o.code)).all()
    return render(ctx, "review.html", rows=rows, show=show, office=office_code, offices=offices,
                  can_resolve=ctx.user is not None and ctx.user.can("admin"), page=PAGE)


@route(router, "/ditinjau/{flag_id}/selesai", "admin", methods=("POST",))
def resolve(ctx: Admin, flag_id: str) -> Response:
    note = " ".join(ctx.form.get("note", "").split())
    if not flag_id.isdigit() or len(flag_id) > 18:
        raise ConsoleError(404, "Tanda tinjauan tidak dikenal: {value}.", value=flag_id[:20])
    if not note:
        raise ConsoleError(400, "Tulis catatan penyelesaian.")
    if len(note) > 500:
        raise ConsoleError(400, "Catatan terlalu panjang (paling banyak 500 karakter).")
    assert ctx.user is not None
    f = t.review_flags.c
    with write_tx(ctx.engine) as conn:
        row = conn.execute(select(f.id, f.device_id, f.seq, f.code, f.resolved_at)
                           .where(f.id == int(flag_id))).first()
        if row is None:
            raise ConsoleError(404, "Tanda tinjauan tidak dikenal: {value}.", value=flag_id[:20])
        if row.resolved_at is not None:
            raise ConsoleError(409, "Tanda ini sudah diselesaikan.")
        conn.execute(t.review_flags.update().where(f.id == row.id).values(
            resolved_at=now_iso(), resolved_by=ctx.user.username, resolution_note=note))
        journal(conn, ctx.user.username, "flag.resolved", f"{row.device_id}/{row.seq}", code=row.code, note=note)
    back = ctx.form.get("back", "")
    return redirect(back if back.startswith("/ditinjau") and "//" not in back else "/ditinjau")
