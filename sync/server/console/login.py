"""Log in, log out, and the language switch."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from sync.server.console import sessions
from sync.server.console.i18n import LANGUAGES
from sync.server.console.users import LoginRefused, authenticate
from sync.server.console.web import ConsoleError, Ctx, Public, Reader, redirect, render, route, safe_next

router = APIRouter()


def _secure(ctx: Ctx) -> bool:
    return ctx.request.url.scheme == "https"


def _login_page(ctx: Ctx, status: int = 200, error: str | None = None) -> Response:
    token = ctx.request.cookies.get(sessions.LOGIN_CSRF_COOKIE) or sessions.new_token()
    ctx.csrf = token
    response = render(ctx, "login.html", status, error=error, next=safe_next(ctx.arg("next") or ctx.form.get("next")),
                      username=ctx.form.get("username", "")[:40])
    response.set_cookie(sessions.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(ctx),
                        path="/login")
    return response


@route(router, "/login", "public")
def login_form(ctx: Public) -> Response:
    return _login_page(ctx)


@route(router, "/login", "public", methods=("POST",))
async def login_submit(ctx: Public) -> Response:
    if not sessions.same(ctx.form.get("csrf"), ctx.request.cookies.get(sessions.LOGIN_CSRF_COOKIE)):
        raise ConsoleError(403, "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.")
    address = ctx.request.client.host if ctx.request.client else "?"
    engine = ctx.engine
    try:
        user = await run_in_threadpool(authenticate, engine, ctx.form.get("username", ""),
                                       ctx.form.get("password", ""), address)
    except LoginRefused as exc:
        if exc.reason == "locked":
            return _login_page(ctx, 429, ctx._("Terlalu banyak percobaan gagal. Coba lagi dalam 15 menit."))
        return _login_page(ctx, 401, ctx._("Nama pengguna atau kata sandi salah."))
    token = await run_in_threadpool(sessions.start, engine, user)
    response = redirect(safe_next(ctx.form.get("next")))
    response.set_cookie(sessions.COOKIE, token, httponly=True, samesite="strict", secure=_secure(ctx), path="/")
    response.delete_cookie(sessions.LOGIN_CSRF_COOKIE, path="/login")
    return response


@route(router, "/logout", "read", methods=("POST",))
def logout(ctx: Reader) -> Response:
    sessions.end(ctx.engine, ctx.request.cookies.get(sessions.COOKIE))
    response = redirect("/login")
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


@route(router, "/bahasa", "public")
def switch_language(ctx: Public) -> Response:
    """Remember the reader's language in a cookie (no data changes: a GET is enough)."""
    lang = ctx.arg("ke")
    if lang not in LANGUAGES:
        raise ConsoleError(400, "Bahasa tidak dikenal: {value}.", value=lang[:10])
    response = redirect(safe_next(ctx.arg("next")))
    response.set_cookie("lang", lang, samesite="strict", secure=_secure(ctx), max_age=365 * 86400, path="/")
    return response
