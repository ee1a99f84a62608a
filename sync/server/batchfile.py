"""``amildesk-server import FILE``: ingest a signed batch file exported by an office without a link."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from sync.protocol import batchfile
from sync.protocol.canonical import NonCanonicalValue
from sync.protocol.fasthash import loads_strict
from sync.server import tables as t
from sync.server.ingest import DeviceRef, SyncError, ingest


def load(path: Path) -> Any:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return loads_strict(data)


def import_file(engine: Engine, path: Path) -> dict[str, Any]:
    """Verify the signature, then ingest each batch in order (already-acked batches are no-ops)."""
    try:
        document = load(path)
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read batch file: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != batchfile.FILE_FORMAT:
        raise ValueError("not an AmilDesk batch file")
    if document.get("version") != batchfile.FILE_VERSION:
        raise ValueError(f"unsupported batch file version {document.get('version')!r}")
    device_id = str(document.get("device_id"))
    with engine.connect() as conn:
        row = conn.execute(
            select(t.devices.c.office_id, t.devices.c.token_hash, t.offices.c.code)
            .join(t.offices, t.offices.c.id == t.devices.c.office_id)
            .where(t.devices.c.id == device_id)
        ).first()
    if row is None or row.token_hash is None:
        raise LookupError(f"unknown device {device_id}")
    try:
        valid = batchfile.verify(document, bytes.fromhex(row.token_hash))
    except NonCanonicalValue:
        valid = False
    if not valid:
        raise ValueError("signature does not match this device (exported with an older token?)")
    device = DeviceRef(device_id=device_id, office_id=row.office_id, office_code=row.code)
    flagged = 0
    ack: dict[str, Any] = {}
    for raw in document.get("batches") or []:
        try:
            ack = ingest(engine, device, raw)
        except SyncError as exc:
            raise ValueError(f"batch refused: {exc.code}: {exc.message} {exc.details}") from exc
        flagged += len(ack["flagged"])
    return {"device_id": device_id, "acked_seq": ack.get("acked_seq"), "flagged": flagged}
