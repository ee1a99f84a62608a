"""Wire-format alternatives for uploads, measured offline on a real office journal (no server).

The upload target is <= 60 wire bytes per donation; the protocol-1 chained batch (what the client
sends) costs ~80. Every byte of difference needs a server change (a new batch form or content
encoding), so this benchmark measures the candidates on the same events before anyone builds one:
the events of the cached 100,000-donation office store (``bench/_office.py``, recorded through the
app's services), cut into batches of ``--batch`` events, each encoded and compressed as it would
travel. For each candidate: compressed bytes per donation (all batches / donations), the client's
encode + compress time and the server's decompress + parse time for all of them.

Candidates:

* ``v1 chained``: today's body (``wire.build_batch(chained=True)``, orjson) under gzip 6 / gzip 9 /
  brotli / zstd (the compressors need the ``brotli``/``zstandard`` packages; skipped if missing);
* ``v2 lean``: the same JSON objects minus what the server can derive from the batch: per-event
  ``device_id``, ``office_id`` (the token's), ``seq`` (``first_seq`` + position), ``entity_id``
  when equal to ``payload.id``, ``occurred_at`` when equal to the payload's own time
  (``recorded_at``/``voided_at``), ``user_id`` when equal to the batch's ``user_id``;
* ``v2 columnar``: ``v2 lean`` with ``donation.recorded`` events as arrays in a fixed field order
  (lines as arrays too), so no key names travel at all;
* ``protocol 2``: what the client sends now (``sync.protocol.columnar``, docs/sync-protocol.md):
  the lean fields, donations transposed into columns (all receipt numbers side by side, ...), each
  donor once per batch. Its gzip 6 line is the one the client uses (``bench_sync_upload`` measures
  it through the real client and server and gives the verdict).

The server would rebuild the full event dict from any of these before hashing, so the hash chain,
the canonical form and the stored rows stay exactly as they are.

    .venv/bin/python -m bench.bench_sync_wire [--events 100000] [--batch 5000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from bench._office import cached_store
from desktop.store import dbapi
from sync.protocol import columnar
from sync.protocol.wire import build_batch

DONATION = "donation.recorded"
DONATION_FIELDS = ("id", "receipt_number", "donor_id", "donor_name", "donor_nik", "donor_npwp", "anonymous", "total",
                   "payment_method", "payment_reference", "recorded_at")
LINE_FIELDS = ("line_no", "fund_code", "program_code", "amount", "quantity", "unit")
OWN_TIME = {"donation.recorded": "recorded_at", "donation.voided": "voided_at"}


def journal_events(store: Path) -> tuple[list[dict[str, Any]], str, str]:
    conn = dbapi.connect(f"file:{store / 'amildesk.sqlite3'}?mode=ro", uri=True)
    try:
        device_id, office_code = conn.execute("SELECT device_id, code FROM office").fetchone()
        rows = conn.execute("SELECT seq, event_id, type, entity_id, occurred_at, user_id, payload, prev_hash, hash "
                            "FROM journal ORDER BY seq").fetchall()
    finally:
        conn.close()
    events = [{"seq": r[0], "event_id": r[1], "device_id": device_id, "office_id": office_code, "type": r[2],
               "entity_id": r[3], "occurred_at": r[4], "user_id": r[5], "payload": json.loads(r[6]),
               "prev_hash": r[7], "hash": r[8]} for r in rows]
    return events, device_id, office_code


def v1(batch: list[dict[str, Any]], device_id: str) -> bytes:
    return orjson.dumps(build_batch(batch, device_id=device_id, app_version="0.1.0", chained=True,
                                    sent_at="2026-12-02T18:00:00Z"))


def _lean_event(event: dict[str, Any], user: str | None) -> dict[str, Any]:
    out = {"event_id": event["event_id"], "type": event["type"], "payload": event["payload"]}
    payload = event["payload"]
    if payload.get("id") != event["entity_id"]:
        out["entity_id"] = event["entity_id"]
    if payload.get(OWN_TIME.get(event["type"], "")) != event["occurred_at"]:
        out["occurred_at"] = event["occurred_at"]
    if event["user_id"] != user:
        out["user_id"] = event["user_id"]
    return out


def _head(batch: list[dict[str, Any]], device_id: str) -> dict[str, Any]:
    return {"protocol_version": 2, "app_version": "0.1.0", "device_id": device_id, "first_seq": batch[0]["seq"],
            "last_seq": batch[-1]["seq"], "prev_hash": batch[0]["prev_hash"], "user_id": batch[-1]["user_id"],
            "batch_hash": "0" * 64, "sent_at": "2026-12-02T18:00:00Z"}


def v2_lean(batch: list[dict[str, Any]], device_id: str) -> bytes:
    head = _head(batch, device_id)
    return orjson.dumps({**head, "events": [_lean_event(e, head["user_id"]) for e in batch]})


def v2_columnar(batch: list[dict[str, Any]], device_id: str) -> bytes:
    head = _head(batch, device_id)
    events: list[Any] = []
    for event in batch:
        lean = _lean_event(event, head["user_id"])
        payload = event["payload"]
        if event["type"] == DONATION and set(payload) == {*DONATION_FIELDS, "lines"} and len(lean) == 3:
            events.append([lean["event_id"], *(payload[f] for f in DONATION_FIELDS),
                           [[line[f] for f in LINE_FIELDS] for line in payload["lines"]]])
        else:
            events.append(lean)
    return orjson.dumps({**head, "donation_fields": [*DONATION_FIELDS, "lines"], "events": events})


def protocol2(batch: list[dict[str, Any]], device_id: str) -> bytes:
    return orjson.dumps(columnar.encode_batch(batch, "0" * 64, prev_hash=batch[0]["prev_hash"], device_id=device_id,
                                              office_id=batch[0]["office_id"], app_version="0.1.0",
                                              sent_at="2026-12-02T18:00:00Z"))


def compressors() -> dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]]:
    out: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
        "gzip 6": (lambda b: gzip.compress(b, 6, mtime=0), gzip.decompress),
        "gzip 9": (lambda b: gzip.compress(b, 9, mtime=0), gzip.decompress),
        "deflate 1": (lambda b: zlib.compress(b, 1), zlib.decompress),
    }
    try:
        import brotli

        out["brotli 5"] = (lambda b: brotli.compress(b, quality=5, mode=brotli.MODE_TEXT), brotli.decompress)
        out["brotli 9"] = (lambda b: brotli.compress(b, quality=9, mode=brotli.MODE_TEXT), brotli.decompress)
    except ImportError:
        pass
    try:
        import zstandard

        for level in (3, 9, 19):
            c, d = zstandard.ZstdCompressor(level=level), zstandard.ZstdDecompressor()
            out[f"zstd {level}"] = (c.compress, d.decompress)
    except ImportError:
        pass
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="donations in the cached office store")
    parser.add_argument("--donors", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=5_000, help="events per batch")
    args = parser.parse_args()
    store = cached_store(donations=args.events, donors=args.donors)
    events, device_id, _office = journal_events(store)
    donations = sum(1 for e in events if e["type"] == DONATION)
    batches = [events[i:i + args.batch] for i in range(0, len(events), args.batch)]
    print(f"{len(events):,} events ({donations:,} donations) from {store.name}, {len(batches)} batches of "
          f"<= {args.batch:,}")
    print(f"{'form':<13} {'compression':<10} {'raw B/don':>9} {'wire B/don':>10} {'client s':>9} {'server s':>9}")
    for name, encode in (("v1 chained", v1), ("v2 lean", v2_lean), ("v2 columnar", v2_columnar),
                         ("protocol 2", protocol2)):
        started = time.perf_counter()
        bodies = [encode(batch, device_id) for batch in batches]
        encode_s = time.perf_counter() - started
        raw = sum(len(b) for b in bodies)
        for cname, (compress, decompress) in compressors().items():
            started = time.perf_counter()
            packed = [compress(b) for b in bodies]
            compress_s = time.perf_counter() - started
            started = time.perf_counter()
            for p in packed:
                orjson.loads(decompress(p))
            server_s = time.perf_counter() - started
            wire = sum(len(p) for p in packed)
            print(f"{name:<13} {cname:<10} {raw / donations:9.1f} {wire / donations:10.1f} "
                  f"{encode_s + compress_s:9.2f} {server_s:9.2f}", flush=True)


if __name__ == "__main__":
    main()
