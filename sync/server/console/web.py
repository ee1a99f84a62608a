"""What every console page shares: the route registry with its permission, the request context
(who, language, CSRF, the parsed form), template rendering, and the error pages.

Each route is registered with ``route(router, path, permission)``; the permission decides who may
open it (``public`` needs no login), and every POST must carry the session's CSRF token. The
registry is what tests walk to prove that no route forgot its check.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote

import jinja2
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine

from sync.server.console import sessions
from sync.server.console.i18n import LANGUAGES, translate
from sync.server.console.users import ConsoleUser

HERE = Path(__file__).parent
MAX_FORM_BYTES = 64 * 1024
MAX_QUERY_CHARS = 2048
DISTRICT_TZ = timezone(timedelta(hours=7), "WIB")  # how the console shows times and picks "today"


@dataclass(frozen=True)
class RouteInfo:
    path: str
    methods: tuple[str, ...]
    permission: str  # "public", "read", "target", "admin"


ROUTES: list[RouteInfo] = []


class ConsoleError(Exception):
    """An HTML error page with a translated message (``message`` is the Indonesian source text)."""

    def __init__(self, status: int, message: str, **params: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.params = params


class LoginRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


@dataclass
class Ctx:
    """One request as a page sees it."""

    request: Request
    user: ConsoleUser | None
    csrf: str
    lang: str
    form: dict[str, str] = field(default_factory=dict)

    @property
    def engine(self) -> Engine:
        engine: Engine = self.request.app.state.engine
        return engine

    def _(self, text: str, **params: Any) -> str:
        return translate(self.lang, text, **params)

    def arg(self, name: str, default: str = "") -> str:
        return str(self.request.query_params.get(name, default)).strip()


_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                          autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def rupiah(value: int | None) -> str:
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(int(value)):,}".replace(",", ".")


def local_time(iso: str | None) -> str:
    """A stored UTC time as the district reads it (``2026-12-02 17:05 WIB``); unreadable: as stored."""
    if not iso:
        return "–"
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso[:40]
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(DISTRICT_TZ).strftime("%Y-%m-%d %H:%M WIB")


def today() -> date:
    return datetime.now(DISTRICT_TZ).date()


_env.filters["rupiah"] = rupiah
_env.filters["local_time"] = local_time
_env.filters["tojson_attr"] = lambda value: json.dumps(value)


def render(ctx: Ctx, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    page = _env.get_template(template).render(
        _=ctx._, user=ctx.user, csrf=ctx.csrf, lang=ctx.lang, path=ctx.request.url.path,
        here=quote(_here(ctx.request), safe=""),
        **values)
    response = HTMLResponse(page, status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


def _here(request: Request) -> str:
    """Where the language switch returns to: this page (a POST's result page: the console's start)."""
    if request.method != "GET":
        return "/"
    return str(request.url.path) + ("?" + request.url.query if request.url.query else "")


def language(request: Request) -> str:
    lang = request.cookies.get("lang", "id")
    return lang if lang in LANGUAGES else "id"


async def _form(request: Request) -> dict[str, str]:
    if request.method != "POST":
        return {}
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        raise ConsoleError(413, "Formulir terlalu besar.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise ConsoleError(413, "Formulir terlalu besar.")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=200)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConsoleError(400, "Formulir tidak dapat dibaca.") from exc
    return dict(pairs)


def need(permission: str) -> Callable[..., Any]:
    """The dependency of a route: logged in with ``permission`` (unless public), CSRF on POST."""

    async def dependency(request: Request) -> Ctx:
        lang = language(request)
        if permission == "public":
            form = await _form(request)
            return Ctx(request, None, "", lang, form)
        engine: Engine = request.app.state.engine
        from fastapi.concurrency import run_in_threadpool

        session = await run_in_threadpool(sessions.lookup, engine, request.cookies.get(sessions.COOKIE))
        if session is None:
            target = request.url.path + ("?" + request.url.query if request.url.query else "")
            raise LoginRequired(target if request.method == "GET" else "/")
        ctx = Ctx(request, session.user, session.csrf, lang)
        if not session.user.can(permission):
            raise ConsoleError(403, "Peran Anda ({role}) tidak boleh membuka halaman ini.", role=session.user.role)
        if request.method == "POST":
            ctx.form = await _form(request)
            if not sessions.same(ctx.form.get("csrf"), session.csrf):
                raise ConsoleError(403, "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.")
        return ctx

    return dependency


def route(router: APIRouter, path: str, permission: str, methods: tuple[str, ...] = ("GET",)) -> Callable[..., Any]:
    """Register a console page with the permission it needs (kept in ``ROUTES`` for the tests)."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        ROUTES.append(RouteInfo(path, methods, permission))
        router.add_api_route(path, fn, methods=list(methods), include_in_schema=False,
                             response_class=HTMLResponse, dependencies=[])
        return fn

    return decorate


Public = Annotated[Ctx, Depends(need("public"))]
Reader = Annotated[Ctx, Depends(need("read"))]
Targeter = Annotated[Ctx, Depends(need("target"))]
Admin = Annotated[Ctx, Depends(need("admin"))]


def redirect(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


def safe_next(value: str | None) -> str:
    """Only a path on this server (no ``//host``, no scheme): the login's ``next`` is untrusted."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value and len(value) < 500:
        return value
    return "/"


def month_arg(ctx: Ctx) -> tuple[str, date, date]:
    """``?month=YYYY-MM`` (this month by default): the month, its first day, and its last day shown
    (today for the current month: month to date)."""
    raw = ctx.arg("month")
    now = today()
    if not raw:
        first = now.replace(day=1)
    else:
        try:
            first = datetime.strptime(raw, "%Y-%m").date()
            if not 2000 <= first.year <= 2100:
                raise ValueError(raw)
        except ValueError as exc:
            raise ConsoleError(400, "Bulan tidak sah: {value}. Gunakan TTTT-BB, mis. 2026-12.", value=raw[:20]) from exc
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    last = min(nxt - timedelta(days=1), now) if first <= now else nxt - timedelta(days=1)
    return first.strftime("%Y-%m"), first, max(last, first)


def shift_month(month: str, delta: int) -> str:
    year, mon = int(month[:4]), int(month[5:7]) + delta
    year, mon = year + (mon - 1) // 12, (mon - 1) % 12 + 1
    return f"{year:04d}-{mon:02d}"
