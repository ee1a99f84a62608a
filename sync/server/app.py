"""FastAPI application of the district server: HTTP concerns only (auth header, gzip, error mapping).

The batch body is read raw and parsed here (not by FastAPI's body validation) so that every fault has
its protocol error code (400 malformed_json, 426 protocol_version, 422 malformed ...) instead of a
generic 422, and so that gzip bodies and size limits are handled before any parsing. The schemas are
still published in the OpenAPI document through ``openapi_extra``.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from sync.protocol import limits, wire
from sync.protocol.events import SUPPORTED_PROTOCOL_VERSIONS
from sync.server import admin, db
from sync.server.admission import AdmissionGate, EnrollThrottle
from sync.server.ingest import DeviceRef, SyncError, validation_details
from sync.server.payload_io import decode_json, ingest_body
from sync.server.reference import UnknownCursor, changes_page_json, now_iso

log = logging.getLogger("amildesk.server")
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": wire.ErrorBody} for code in (400, 401, 403, 409, 412, 413, 422, 426, 503)
}


def _schema_ref(model: type[Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": model.model_json_schema()}}}}


def _error(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> JSONResponse:
    headers = {"Retry-After": "1"} if status in (429, 503) else None
    return JSONResponse({"code": code, "message": message, "details": details or {}}, status, headers=headers)


async def read_body(request: Request, limit: int = limits.MAX_WIRE_BYTES) -> tuple[bytes, str]:
    """The raw request body (size-capped) and its Content-Encoding; decoding happens off the event loop."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise SyncError(413, wire.ERR_TOO_LARGE, "request body too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise SyncError(413, wire.ERR_TOO_LARGE, "request body too large")
        chunks.append(chunk)
    return b"".join(chunks), request.headers.get("content-encoding", "identity").strip().lower()


def current_device(request: Request, authorization: Annotated[str | None, Header()] = None) -> DeviceRef:
    """The device behind the bearer token (401 otherwise)."""
    token = None
    if authorization and authorization[:7].lower() == "bearer ":
        token = authorization[7:].strip()
    return admin.authenticate(request.app.state.engine, token)


Device = Annotated[DeviceRef, Depends(current_device)]


def create_app(database_url: str, *, run_migrations: bool = True, api_docs: bool = False) -> FastAPI:
    """Build the app bound to one database (migrated here unless told otherwise).

    ``api_docs`` publishes ``/api/v1/openapi.json`` and ``/api/v1/docs`` (off by default: they map the
    attack surface for anyone who can reach the server; a district LAN may turn them on).
    """
    engine = db.make_engine(database_url, background_checkpoints=True)
    if run_migrations:
        db.migrate(engine)
    app = FastAPI(title="AmilDesk district server", version="1",
                  openapi_url=f"{wire.API_PREFIX}/openapi.json" if api_docs else None,
                  docs_url=f"{wire.API_PREFIX}/docs" if api_docs else None, redoc_url=None)
    app.state.engine = engine
    gate = AdmissionGate()
    throttle = EnrollThrottle()
    # Level 6, not Starlette's default 9: a 5,000-item page of the beneficiary index compresses to
    # within 2 % of level 9 in less than half the CPU time.
    app.add_middleware(GZipMiddleware, minimum_size=512, compresslevel=6)
    _install_error_handlers(app)
    from sync.server import console  # the district web console at "/" (its own error pages)

    console.install(app)

    @app.get(f"{wire.API_PREFIX}/health", response_model=wire.Health)
    def health() -> dict[str, Any]:
        db.ping(engine)
        return {"status": "ok", "protocol_versions": sorted(SUPPORTED_PROTOCOL_VERSIONS),
                "server_time": now_iso(), "database": engine.dialect.name}

    @app.post(f"{wire.API_PREFIX}/devices/enroll", response_model=wire.EnrollResponse,
              responses=ERROR_RESPONSES, openapi_extra=_schema_ref(wire.EnrollRequest))
    async def enroll(request: Request) -> dict[str, Any]:
        address = request.client.host if request.client else "?"
        wait = throttle.blocked_for(address)
        if wait:
            raise SyncError(429, wire.ERR_RATE_LIMITED, "too many failed enrollment attempts, try again later",
                            {"retry_after": wait})
        body, encoding = await read_body(request, limits.MAX_ENROLL_BYTES)
        if encoding not in ("identity", ""):
            raise SyncError(400, wire.ERR_MALFORMED_JSON, "enrollment requests are not compressed")
        raw = decode_json(body, "identity")
        try:
            parsed = wire.EnrollRequest.model_validate(raw)
        except ValidationError as exc:
            raise SyncError(422, wire.ERR_MALFORMED, "enrollment request does not match the schema",
                            validation_details(exc)) from exc
        try:
            return await run_in_threadpool(admin.enroll, engine, parsed)
        except SyncError as exc:
            if exc.code == wire.ERR_ENROLL_CODE and throttle.failed(address):
                await run_in_threadpool(admin.record_enroll_lockout, engine, address)
            raise

    @app.get(f"{wire.API_PREFIX}/devices/me", response_model=wire.DeviceMe, responses=ERROR_RESPONSES)
    def me(device: Device) -> dict[str, Any]:
        return admin.device_me(engine, device)

    @app.post(f"{wire.API_PREFIX}/batches", response_model=wire.Ack, responses=ERROR_RESPONSES,
              openapi_extra=_schema_ref(wire.Batch))
    async def batches(request: Request, device: Device) -> dict[str, Any]:
        async with gate.admit():
            body, encoding = await read_body(request)
            async with gate.work():
                return await run_in_threadpool(ingest_body, engine, device, body, encoding)

    @app.get(f"{wire.API_PREFIX}/changes", response_model=wire.ChangesPage, responses=ERROR_RESPONSES)
    def changes(device: Device, cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
                limit: Annotated[int, Query(ge=1, le=wire.MAX_CHANGES_PAGE)] = 1000) -> Response:
        # Encoded here, not through the response model: the stored item data is already JSON.
        with engine.connect() as conn:
            try:
                return Response(changes_page_json(conn, device.office_id, cursor, limit),
                                media_type="application/json")
            except UnknownCursor as exc:
                raise SyncError(412, wire.ERR_RESET_REQUIRED, str(exc), {"cursor": cursor}) from exc

    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SyncError)
    async def _sync_error(_request: Request, exc: SyncError) -> Response:
        response = _error(exc.status, exc.code, exc.message, exc.details)
        if exc.status == 429 and "retry_after" in exc.details:
            response.headers["Retry-After"] = str(exc.details["retry_after"])
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if not request.url.path.startswith(wire.API_PREFIX):
            from sync.server.console import error_page

            return error_page(request, 400, "Permintaan tidak sah.")
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()[:5]]
        return _error(422, wire.ERR_MALFORMED, "request does not match the schema", {"errors": errors})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith(wire.API_PREFIX):
            from sync.server.console import error_page

            message = {404: "Halaman tidak ditemukan.", 405: "Metode tidak diizinkan."}.get(
                exc.status_code, "Permintaan tidak sah.")
            return error_page(request, exc.status_code, message)
        code = {404: wire.ERR_NOT_FOUND, 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, exc: OperationalError) -> Response:
        log.warning("database busy or unreachable: %s", type(exc.orig).__name__)
        if not request.url.path.startswith(wire.API_PREFIX):
            from sync.server.console import error_page

            response = error_page(request, 503, "Server sedang sibuk. Coba lagi sebentar lagi.")
            response.headers["Retry-After"] = "1"
            return response
        return _error(503, wire.ERR_BUSY, "database busy, retry later")
