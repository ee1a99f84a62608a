"""``amildesk-server import FILE``: ingest a signed batch file exported by an office without a link.

Nothing in the file is trusted before its signature is checked against the public key the server
stored when it enrolled the device, and the body's hash against the signed header: both happen
before a byte is inflated. Then each batch line goes through the same limits and the same ingest as
an upload (so importing twice, or importing what was uploaded meanwhile, is harmless).
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from sync.protocol import batchfile, limits
from sync.server import tables as t
from sync.server.ingest import DeviceRef, SyncError
from sync.server.payload_io import ingest_body


def import_file(engine: Engine, path: Path) -> dict[str, Any]:
    """Verify, then ingest each batch in order (already-acked batches are no-ops).

    Raises ValueError (or LookupError for an unknown device) with a message for the admin.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise ValueError(f"cannot read batch file: {exc.strerror}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("not a regular file")
    if info.st_size > limits.MAX_BATCH_FILE_BYTES:
        raise ValueError(f"batch file larger than {limits.MAX_BATCH_FILE_BYTES // 2**20} MiB")
    try:
        with path.open("rb") as handle:
            header = batchfile.read_header(handle)
            device = _verified_device(engine, header)
            body_start = handle.tell()
            if not batchfile.body_matches(handle, header, limits.MAX_BATCH_FILE_BYTES):
                raise ValueError("the file's content does not match its signed header (damaged or altered)")
            handle.seek(body_start)
            return _ingest_lines(engine, device, handle)
    except batchfile.BatchFileError as exc:
        raise ValueError(str(exc)) from exc
    except (OSError, EOFError) as exc:  # truncated or corrupt gzip after a valid signature
        raise ValueError(f"batch file is damaged: {type(exc).__name__}") from exc


def _verified_device(engine: Engine, header: dict[str, Any]) -> DeviceRef:
    device_id = str(header["device_id"])
    with engine.connect() as conn:
        row = conn.execute(
            select(t.devices.c.office_id, t.devices.c.file_key, t.offices.c.code)
            .join(t.offices, t.offices.c.id == t.devices.c.office_id)
            .where(t.devices.c.id == device_id)
        ).first()
    if row is None:
        raise LookupError(f"unknown device {device_id!r}")
    if row.file_key is None:
        raise ValueError("this device was enrolled before signed files (version 2): re-enroll it, then export again")
    if not batchfile.signature_valid(header, row.file_key):
        raise ValueError("signature does not match this device (exported with an older token?)")
    return DeviceRef(device_id=device_id, office_id=row.office_id, office_code=row.code)


def _ingest_lines(engine: Engine, device: DeviceRef, handle: Any) -> dict[str, Any]:
    flagged = 0
    ack: dict[str, Any] = {}
    lines = batchfile.iter_batch_lines(handle, max_line=limits.MAX_INFLATED_BYTES,
                                       max_total=limits.MAX_BATCH_FILE_INFLATED)
    for number, line in enumerate(lines, start=1):
        try:
            ack = ingest_body(engine, device, line, "identity")
        except SyncError as exc:
            raise ValueError(f"batch {number} refused: {exc.code}: {exc.message} {exc.details}") from exc
        flagged += len(ack["flagged"])
    return {"device_id": device.device_id, "acked_seq": ack.get("acked_seq"), "flagged": flagged}
