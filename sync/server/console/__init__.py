"""The district web console, mounted at ``/`` in the sync server's app (same process, same database).

One module per page; ``web`` holds what they share. Pages read projections kept at ingest, never the
raw journal. ``install(app)`` adds the routes, the static files and the HTML error pages.
"""

from __future__ import annotations

import time

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.server.console import closings, devices, kantor, login, overlap, review, ringkasan, targets, verify
from sync.server.console.web import HERE, MAX_QUERY_CHARS, ConsoleError, Ctx, LoginRequired, language, render

PAGES = (login, ringkasan, kantor, closings, targets, overlap, review, devices, verify)


def error_page(request: Request, status: int, message: str, **params: object) -> Response:
    ctx = Ctx(request, None, "", language(request))
    return render(ctx, "error.html", status, status=status, message=ctx._(message, **params))


def install(app: FastAPI) -> None:
    for page in PAGES:
        app.include_router(page.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="console-static")

    @app.exception_handler(ConsoleError)
    async def _console_error(request: Request, exc: ConsoleError) -> Response:
        response = error_page(request, exc.status, exc.message, **exc.params)
        if exc.status == 429:
            response.headers["Retry-After"] = "60"
        return response

    @app.exception_handler(LoginRequired)
    async def _login_required(_request: Request, exc: LoginRequired) -> Response:
        from urllib.parse import quote

        from fastapi.responses import RedirectResponse

        return RedirectResponse(f"/login?next={quote(exc.next_path, safe='/')}", status_code=303)

    app.add_middleware(ConsoleHeaders)


class ConsoleHeaders:
    """Pure ASGI middleware for the console's pages: refuses over-long query strings with a page,
    adds the security headers and ``Server-Timing``. The sync API (``/api/``) passes straight
    through: Starlette's ``BaseHTTPMiddleware`` would wrap every upload's body stream."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith("/api/"):
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > MAX_QUERY_CHARS:
            await error_page(Request(scope), 414, "Alamat terlalu panjang.")(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # The page's own time (what bench/bench_console.py measures), visible in browser dev tools.
                headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
                for name, value in SECURITY_HEADERS:
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


SECURITY_HEADERS = (
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "frame-ancestors 'none'; form-action 'self'"),
)
