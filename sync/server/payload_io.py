"""Request bodies to JSON values, within the protocol's limits (used by the HTTP API and file import)."""

from __future__ import annotations

import json
import zlib
from typing import Any

from sqlalchemy import Engine

from sync.protocol import limits, wire
from sync.protocol.fasthash import loads_fast
from sync.server.ingest import DeviceRef, FloatInPayload, SyncError, ingest


def decode_json(body: bytes, encoding: str, *, exact: bool = False) -> Any:
    """Inflate (gzip, capped) and parse a body read by ``read_body``; 400/413 with the protocol codes.

    Before parsing, the body's shape is counted (objects, values): parsing builds a Python object
    per JSON value, so 8 MiB of ``[{},{},...]`` would otherwise cost gigabytes.
    """
    if encoding == "gzip":
        inflater = zlib.decompressobj(wbits=31)
        try:
            body = inflater.decompress(body, limits.MAX_INFLATED_BYTES)
        except zlib.error as exc:
            raise SyncError(400, wire.ERR_MALFORMED_JSON, "body is not valid gzip") from exc
        if inflater.unconsumed_tail:
            raise SyncError(413, wire.ERR_TOO_LARGE, "request body too large once decompressed")
    elif encoding not in ("identity", ""):
        raise SyncError(400, wire.ERR_MALFORMED_JSON, f"unsupported Content-Encoding {encoding[:20]!r}")
    if limits.json_shape_too_costly(body):
        raise SyncError(413, wire.ERR_TOO_LARGE, "request body holds too many JSON values: send fewer events")
    try:
        # Floats are refused later, where payloads are checked; ``exact`` keeps integers of any size.
        return json.loads(body) if exact else loads_fast(body)
    except (ValueError, RecursionError) as exc:
        raise SyncError(400, wire.ERR_MALFORMED_JSON, "body is not valid JSON") from exc


def ingest_body(engine: Engine, device: DeviceRef, body: bytes, encoding: str) -> dict[str, Any]:
    """Inflate, parse and ingest one batch body (off the event loop: tens of ms of CPU per batch).

    The fast parser reads an integer beyond 64 bits as a float; only when a float turns up is the
    body parsed again exactly, so such a number becomes a review flag rather than a refusal.
    """
    try:
        return ingest(engine, device, decode_json(body, encoding))
    except FloatInPayload:
        return ingest(engine, device, decode_json(body, encoding, exact=True))
