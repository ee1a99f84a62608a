"""Export the unsent journal to a signed batch file, for offices with no link at all (USB stick).

The file is imported at the district with ``amildesk-server import FILE`` through the same ingest
path as uploads, so importing twice, or importing events that were uploaded meanwhile, is harmless.
The journal's ack mark is not moved by an export: only an ack (by upload or a later ``devices/me``)
does, so the office keeps showing "diekspor, belum dikonfirmasi" until the district has them.
"""

from __future__ import annotations

import gzip
import json
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
    batches = []
    count = 0
    while True:
        events = source.events_after(seq, batch_events)
        if not events:
            break
        batches.append(build_batch(events, device_id=device_id, app_version=APP_VERSION, chained=True))
        seq = events[-1]["seq"]
        count += len(events)
    document = batchfile.make_file(
        device_id=device_id, office_id=office_id,
        created_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"), batches=batches,
        key=batchfile.signing_key_from_token(token))
    tmp = path.with_suffix(path.suffix + ".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, separators=(",", ":"))
    tmp.replace(path)
    return count
