"""Public receipt verification: ``GET /v?n=NUMBER&c=CODE`` (the receipt QR's link), page or JSON.

Answers from the projected donations (one indexed look-up): ``valid`` or ``voided`` with the office
name, the date, the total and the fund names; ``unknown`` when the number is not on the server (the
office may not have synced yet); ``mismatch`` when the number is known and the code is wrong, which is
counted per receipt for the district (a possible forgery). Never the donor's name, NIK or phone.
Each client address gets ``LIMIT`` look-ups a minute (a clear 429 page after that), so nobody can
walk the receipt numbers.
"""

from __future__ import annotations

import hmac
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection, Engine, select

from sync.protocol.aid import OFFICE_UTC_OFFSETS
from sync.protocol.receipt_check import CODE, RECEIPT_NUMBER, verification_code
from sync.server import tables as t
from sync.server.console.web import ConsoleError, Ctx, Public, render, route
from sync.server.db import write_tx
from sync.server.reference import now_iso
from sync.server.totals import DayOf

router = APIRouter()
LIMIT = int(os.environ.get("AMILDESK_VERIFY_PER_MINUTE", "30"))
WINDOW = 60.0
CACHE_TTL = 60.0  # seconds: fund names and office time zones


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds per key (sliding window, in this process)."""

    def __init__(self, limit: int, window: float = WINDOW, max_keys: int = 100_000) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.max_keys:
                    self._prune(now)
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def _prune(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window]:
            del self._hits[key]


_limiter = RateLimiter(LIMIT)


def check(engine: Engine, number: str, code: str) -> dict[str, Any]:
    """The public answer for a receipt number and code (no personal data in it).

    One indexed query for the donation and its office, one for its lines; fund names and office time
    zones are cached for a minute (they change when the district edits its catalogue).
    """
    d, o = t.donations.c, t.offices.c
    with engine.connect() as conn:
        row = conn.execute(select(d.id, d.office_id, d.total, d.recorded_at, d.status, o.name)
                           .join(t.offices, o.id == d.office_id)
                           .where(d.receipt_number == number).limit(1)).first()
        if row is None:
            return {"status": "unknown", "number": number}
        expected = verification_code(number, str(row.id), int(row.total), str(row.recorded_at))
        if hmac.compare_digest(expected, code.upper()):
            codes = conn.execute(select(t.donation_lines.c.fund_code).where(t.donation_lines.c.donation_id == row.id)
                                 .order_by(t.donation_lines.c.line_no)).scalars().all()
            funds = _cached(engine, "funds", conn, _fund_names)
            offsets = _cached(engine, "offsets", conn, _office_offsets)
    if not hmac.compare_digest(expected, code.upper()):
        _count_mismatch(engine, number, str(row.office_id))
        return {"status": "mismatch", "number": number}
    day = DayOf(offsets.get(str(row.office_id), OFFICE_UTC_OFFSETS["WIB"]), "")(str(row.recorded_at))
    return {"status": "voided" if row.status == "void" else "valid", "number": number, "office": row.name,
            "date": day or None, "total": int(row.total),
            "funds": list(dict.fromkeys(funds.get(c, c) for c in codes))}


_cache: dict[tuple[int, str], tuple[float, dict[str, Any]]] = {}


def _cached(engine: Engine, name: str, conn: Connection, load: Callable[[Connection], dict[str, Any]]) -> Any:
    hit = _cache.get((id(engine), name))
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    value = load(conn)
    _cache[(id(engine), name)] = (time.monotonic() + CACHE_TTL, value)
    return value


def _fund_names(conn: Connection) -> dict[str, Any]:
    r = t.ref_items.c
    return {str(code): str(json.loads(data).get("name", code)) for code, data in conn.execute(
        select(r.item_id, r.data).where(r.kind == "fund", r.office_id == ""))}


def _office_offsets(conn: Connection) -> dict[str, Any]:
    r = t.ref_items.c
    out: dict[str, Any] = {}
    for office_id, data in conn.execute(select(r.office_id, r.data).where(r.kind == "setting",
                                                                          r.item_id == "timezone")):
        value = json.loads(data).get("value")
        out[str(office_id)] = OFFICE_UTC_OFFSETS.get(value if isinstance(value, str) else "WIB", 7)
    return out


def _count_mismatch(engine: Engine, number: str, office_id: str) -> None:
    now = now_iso()
    mark = "%s" if engine.dialect.name == "postgresql" else "?"
    with write_tx(engine) as conn:
        conn.exec_driver_sql(
            "INSERT INTO verify_mismatches (receipt_number, office_id, count, first_at, last_at) "
            f"VALUES ({mark}, {mark}, 1, {mark}, {mark}) ON CONFLICT (receipt_number) DO UPDATE SET "
            "count = verify_mismatches.count + 1, last_at = excluded.last_at", (number, office_id, now, now))


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _refuse(ctx: Ctx, status: int, message: str, **params: Any) -> Response:
    if _wants_json(ctx.request):
        return JSONResponse({"status": "error", "message": ctx._(message, **params)}, status,
                            headers={"Retry-After": "60"} if status == 429 else None)
    raise ConsoleError(status, message, **params)


@route(router, "/v", "public")
async def verify(ctx: Public) -> Response:
    number, code = ctx.arg("n").upper(), ctx.arg("c")
    address = ctx.request.client.host if ctx.request.client else "?"
    if not number and not code:
        return render(ctx, "verify.html", result=None, number="", code="")
    if not _limiter.allow(address):
        return _refuse(ctx, 429, "Terlalu banyak pemeriksaan dari alamat Anda. Coba lagi dalam satu menit.")
    if not RECEIPT_NUMBER.fullmatch(number):
        return _refuse(ctx, 400, "Nomor kuitansi tidak sah: {value}. Contohnya KEC-01/2026/A/000123.",
                       value=number[:40])
    if not CODE.fullmatch(code):
        return _refuse(ctx, 400, "Kode verifikasi tidak sah: {value}. Kode terdiri dari 10 huruf/angka.",
                       value=code[:20])
    result = await run_in_threadpool(check, ctx.engine, number, code)
    if _wants_json(ctx.request):
        return JSONResponse(result, headers={"Cache-Control": "no-store"})
    return render(ctx, "verify.html", result=result, number=number, code=code)
