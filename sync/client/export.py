"""Export the unsent journal to a signed batch file, for offices with no link at all (USB stick).

The file is imported at the district with ``amildesk-server import FILE`` through the same ingest
path as uploads, so importing twice, or importing events that were uploaded meanwhile, is harmless.
The journal's ack mark is not moved by an export: only an ack (by upload or a later ``devices/me``)
does, so the office keeps showing "diekspor, belum dikonfirmasi" until the district has them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sync.client.source import JournalSource
from sync.protocol import batchfile
from sync.protocol.wire import build_batch

APP_VERSION = "0.1.0"


def export_unsent(source: JournalSource, *, token: str, office_id: str, path: Path, batch_events: int = 1000,
                  after: int | None = None) -> int:
    """Write every event above the ack mark (or ``after``) to ``path``; returns how many."""
    seq = source.acked_seq() if after is None else after
    device_id = source.device_id()
    count = 0

    def batches() -> Iterator[bytes]:
        nonlocal seq, count
        while True:
            events = source.events_after(seq, batch_events)
            if not events:
                return
            batch = build_batch(events, device_id=device_id, app_version=APP_VERSION, chained=True)
            yield json.dumps(batch, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            seq = events[-1]["seq"]
            count += len(events)

    batchfile.write_file(
        path, token=token, device_id=device_id, office_id=office_id,
        created_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"), batches=batches())
    return count
