"""Perangkat: offices and their devices; create offices, issue enrollment codes, revoke devices, set
the district's receipt verification address; the console journal at the bottom.

Offices, codes and revocations go through ``sync.server.admin``, the same functions as the CLI.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import Connection, select

from sync.server import admin
from sync.server import tables as t
from sync.server.console.users import journal
from sync.server.console.web import Admin, ConsoleError, Reader, redirect, render, route
from sync.server.db import write_tx
from sync.server.reference import GLOBAL, put_item

router = APIRouter()
VERIFY_URL = "verify_url"


def verify_url(conn: Connection) -> str:
    r = t.ref_items.c
    raw = conn.execute(select(r.data).where(
        r.kind == "setting", r.item_id == VERIFY_URL, r.office_id == GLOBAL, r.deleted.is_(False))).scalar()
    value = json.loads(raw).get("value") if raw else ""
    return value if isinstance(value, str) else ""


@route(router, "/perangkat", "read")
def devices_page(ctx: Reader) -> Response:
    with ctx.engine.connect() as conn:
        offices = conn.execute(select(t.offices).order_by(t.offices.c.code)).mappings().all()
        devices = conn.execute(select(t.devices).order_by(t.devices.c.enrolled_at)).mappings().all()
        entries = conn.execute(select(t.console_journal).order_by(t.console_journal.c.id.desc())
                               .limit(30)).mappings().all()
        url = verify_url(conn)
    by_office: dict[str, list[object]] = {}
    for d in devices:
        by_office.setdefault(str(d["office_id"]), []).append(d)
    return render(ctx, "devices.html", offices=offices, by_office=by_office, entries=entries, verify_url=url,
                  can_admin=ctx.user is not None and ctx.user.can("admin"), new_code=None)


@route(router, "/perangkat/kantor", "admin", methods=("POST",))
def create_office(ctx: Admin) -> Response:
    code = ctx.form.get("code", "").strip().upper()
    name = " ".join(ctx.form.get("name", "").split())
    if not name or len(name) > 120:
        raise ConsoleError(400, "Nama kantor wajib diisi (paling banyak 120 karakter).")
    if not admin.OFFICE_CODE.fullmatch(code):
        raise ConsoleError(400, "Kode kantor harus 2-16 huruf besar, angka atau '-': {value}.", value=code[:20])
    try:
        admin.create_office(ctx.engine, code, name)
    except ValueError as exc:
        raise ConsoleError(409, "Kantor {value} sudah ada.", value=code) from exc
    assert ctx.user is not None
    with write_tx(ctx.engine) as conn:
        journal(conn, ctx.user.username, "office.created", code, name=name)
    return redirect("/perangkat")


@route(router, "/perangkat/kode", "admin", methods=("POST",))
def enroll_code(ctx: Admin) -> Response:
    code = ctx.form.get("office", "")
    device = ctx.form.get("device") or None
    try:
        one_time = admin.issue_enroll_code(ctx.engine, code, device)
    except LookupError as exc:
        raise ConsoleError(404, "Kantor atau perangkat tidak dikenal: {value}.", value=(device or code)[:64]) from exc
    except ValueError as exc:
        raise ConsoleError(400, "Perangkat itu milik kantor lain.") from exc
    assert ctx.user is not None
    with write_tx(ctx.engine) as conn:  # the code itself is never journalled: it is a secret
        journal(conn, ctx.user.username, "enroll_code.issued", code, device=device)
    return render(ctx, "enroll_code.html", office=code, device=device, new_code=one_time)


@route(router, "/perangkat/{device_id}/cabut", "admin", methods=("POST",))
def revoke(ctx: Admin, device_id: str) -> Response:
    try:
        admin.revoke(ctx.engine, device_id[:64])
    except LookupError as exc:
        raise ConsoleError(404, "Perangkat tidak dikenal: {value}.", value=device_id[:64]) from exc
    assert ctx.user is not None
    with write_tx(ctx.engine) as conn:
        journal(conn, ctx.user.username, "device.revoked", device_id[:64])
    return redirect("/perangkat")


@route(router, "/perangkat/verify-url", "admin", methods=("POST",))
def set_verify_url(ctx: Admin) -> Response:
    """The public address of ``/v`` that office receipts' QR codes will carry (empty: number|code)."""
    url = ctx.form.get("verify_url", "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment or len(url) > 200:
            raise ConsoleError(400, "Alamat verifikasi tidak sah: {value}. Contoh: https://zis.kabupaten.go.id/v",
                               value=url[:80])
    assert ctx.user is not None
    with write_tx(ctx.engine) as conn:
        put_item(conn, "setting", VERIFY_URL, {"key": VERIFY_URL, "value": url}, office_id=GLOBAL)
        journal(conn, ctx.user.username, "setting.verify_url", VERIFY_URL, value=url)
    return redirect("/perangkat")
