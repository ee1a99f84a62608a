"""SyncClient: uploads the unsent journal exactly once and pulls reference data by cursor.

Exactly-once comes from the server (idempotent re-acks, gap and mismatch refusals); the client's job
is to never skip and never give up on transient faults: it reconciles with ``/devices/me`` first,
always resumes from what the server acknowledged, and records an ack only after the server said so.
Batches grow while the link is good and halve on timeouts. The next batch is encoded and compressed
on a helper thread while the current one is in flight, so the client's CPU time overlaps the
server's. ``JournalSource.events_after`` is therefore called from that helper thread (never two calls
at once); every other JournalSource method runs on the calling thread.
"""

from __future__ import annotations

import json
import logging
import threading
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from sync.client import errors
from sync.client.source import JournalSource
from sync.client.transport import RetryPolicy, Transport
from sync.protocol.canonical import GENESIS_HASH
from sync.protocol.wire import API_PREFIX, build_batch

log = logging.getLogger("amildesk.sync")
APP_VERSION = "0.1.0"
PULL_PAGE = 5000  # items per /changes page (the server's maximum): a first pull of the district's
# 200,000-entry beneficiary index is 40 round trips instead of 200

_orjson: Any
try:  # optional: the same bytes as json.dumps below for the float-free events of a journal, ~5x faster
    import orjson as _orjson
except ImportError:  # pragma: no cover - the desktop build may leave it out
    _orjson = None


def _dumps(body: dict[str, Any]) -> bytes:
    if _orjson is not None:
        try:
            return bytes(_orjson.dumps(body))
        except TypeError:  # e.g. an integer beyond 64 bits: the standard encoder handles it
            pass
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class BatchSizer:
    """Batch limits that adapt to the link: start small, grow on success, halve on timeouts."""

    events: int = 100
    max_bytes: int = 64 * 1024
    min_events: int = 1
    cap_events: int = 2000  # fewer, larger transactions: each costs a commit (and an fsync) on the server
    cap_bytes: int = 256 * 1024

    def grow(self) -> None:
        self.events = min(self.cap_events, self.events * 2)
        self.max_bytes = min(self.cap_bytes, self.max_bytes * 2)

    def shrink(self) -> None:
        self.events = max(self.min_events, self.events // 2)
        self.max_bytes = max(8 * 1024, self.max_bytes // 2)


@dataclass
class SyncResult:
    sent_events: int = 0
    acked_seq: int = 0
    high_seq: int = 0
    flagged: list[dict[str, Any]] = field(default_factory=list)
    pulled_items: int = 0
    cursor: int = 0
    bytes_up: int = 0  # compressed request bodies
    bytes_down: int = 0  # response bodies as received (compressed when the server gzips)
    requests: int = 0

    @property
    def complete(self) -> bool:
        """True only when everything is acked (the pull reaching the head is checked by the caller)."""
        return self.acked_seq >= self.high_seq


@dataclass
class _Encoded:
    first_seq: int
    last_seq: int
    body: bytes


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class SyncClient:
    """One device's sync session against one server. Thread-safe: one sync at a time."""

    def __init__(self, base_url: str, token: str, ca_bundle: str | None = None, verify: bool = True, *,
                 policy: RetryPolicy | None = None, sizer: BatchSizer | None = None, chained: bool = True,
                 compress_level: int = 6, transport: httpx.BaseTransport | None = None) -> None:
        verify_arg: bool | str = ca_bundle if (ca_bundle and verify) else verify
        self.transport = Transport(base_url, token, verify=verify_arg, policy=policy, transport=transport)
        self.sizer = sizer or BatchSizer()
        self.chained = chained
        self.compress_level = compress_level
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-encode")

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.transport.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- public API -------------------------------------------------------------------------
    def me(self) -> dict[str, Any]:
        return dict(self.transport.get_json(f"{API_PREFIX}/devices/me"))

    def sync(self, source: JournalSource) -> SyncResult:
        """Push everything unsent, then pull reference data to the server head."""
        with self._lock:
            result = SyncResult()
            self._push(source, result)
            self._pull(source, result)
            return result

    def push(self, source: JournalSource) -> SyncResult:
        with self._lock:
            result = SyncResult()
            self._push(source, result)
            return result

    def pull(self, source: JournalSource) -> SyncResult:
        with self._lock:
            result = SyncResult()
            self._pull(source, result)
            return result

    # -- upload -----------------------------------------------------------------------------
    def reconcile(self, source: JournalSource) -> int:
        """Align the local ack mark with the server's; returns the server's acked_seq."""
        me = self.me()
        server_acked, server_hash = int(me["acked_seq"]), str(me["last_hash"])
        high = source.high_seq()
        if server_acked > high:
            raise errors.ServerAheadError(
                "server_ahead", f"server holds seq {server_acked}, journal ends at {high}",
                {"acked_seq": server_acked, "last_hash": server_hash})
        local_hash = source.hash_at(server_acked) if server_acked else GENESIS_HASH
        if local_hash != server_hash:
            raise errors.DivergedError("diverged", f"event {server_acked} differs from the server's",
                                       {"seq": server_acked})
        if source.acked_seq() != server_acked:
            source.mark_acked(server_acked, server_hash)
        return server_acked

    def _encode(self, events: list[dict[str, Any]], device_id: str) -> _Encoded:
        """JSON + gzip, trimming the batch until it fits the byte limit (runs on the helper thread)."""
        while True:
            body = build_batch(events, device_id=device_id, app_version=APP_VERSION, chained=self.chained,
                               sent_at=_now())
            raw = _dumps(body)
            packer = zlib.compressobj(self.compress_level, zlib.DEFLATED, 31)
            data = packer.compress(raw) + packer.flush()
            if len(data) <= self.sizer.max_bytes or len(events) == 1:
                return _Encoded(events[0]["seq"], events[-1]["seq"], data)
            keep = max(1, int(len(events) * self.sizer.max_bytes / len(data) * 0.9))
            events = events[:keep]

    def _read_encode(self, source: JournalSource, after: int, device_id: str, limit: int) -> _Encoded | None:
        events = source.events_after(after, limit)
        return self._encode(events, device_id) if events else None

    def _prepare(self, source: JournalSource, after: int, device_id: str) -> Future[_Encoded | None]:
        """Read and encode the batch after ``after`` on the helper thread (overlaps the round trip)."""
        return self._pool.submit(self._read_encode, source, after, device_id, self.sizer.events)

    def _push(self, source: JournalSource, result: SyncResult) -> None:
        acked = self.reconcile(source)
        device_id = source.device_id()
        pending = self._prepare(source, acked, device_id)
        while True:
            encoded = pending.result()
            if encoded is None:
                if source.high_seq() <= acked:
                    break
                pending = self._prepare(source, acked, device_id)  # written meanwhile
                continue
            if encoded.first_seq != acked + 1:  # speculation went stale (gap answer, shrink)
                pending = self._prepare(source, acked, device_id)
                continue
            # Read the next batch now; its encoding overlaps this request's round trip.
            upcoming = self._prepare(source, encoded.last_seq, device_id)
            shrunk = False

            def on_timeout() -> None:
                nonlocal shrunk
                self.sizer.shrink()
                shrunk = True

            def send(http: httpx.Client, body: bytes = encoded.body) -> httpx.Response:
                return http.post(f"{API_PREFIX}/batches", content=body,
                                 headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})

            try:
                response = self.transport.call(send, on_timeout=on_timeout)
                ack = response.json()
            except errors.SyncFailure as exc:
                if exc.code == "too_large" and encoded.last_seq > encoded.first_seq:
                    self.sizer.shrink()
                    pending = self._prepare(source, acked, device_id)
                    continue
                if exc.code != "seq_gap":
                    raise
                expected = int(exc.details.get("expected_seq", acked + 1))
                log.warning("sync: server expects seq %s (we had %s acked); resending from there", expected, acked)
                acked = expected - 1
                source.mark_acked(acked, source.hash_at(acked) or GENESIS_HASH)
                pending = self._prepare(source, acked, device_id)
                continue
            result.requests += 1
            result.bytes_up += len(encoded.body)
            result.bytes_down += response.num_bytes_downloaded
            result.sent_events += encoded.last_seq - encoded.first_seq + 1
            result.flagged.extend(ack.get("flagged", []))
            acked = int(ack["acked_seq"])
            source.mark_acked(acked, str(ack["last_hash"]))
            if shrunk:
                pending = self._prepare(source, acked, device_id)
            else:
                self.sizer.grow()
                pending = upcoming
        result.acked_seq = acked
        result.high_seq = source.high_seq()

    # -- download ---------------------------------------------------------------------------
    def _pull(self, source: JournalSource, result: SyncResult, page_size: int = PULL_PAGE) -> None:
        cursor = source.cursor()
        reset_done = False
        while True:
            try:
                page = self.transport.get_json(f"{API_PREFIX}/changes", {"cursor": cursor, "limit": page_size})
            except errors.RefusedError as exc:
                if exc.code != "reset_required" or reset_done:
                    raise
                log.warning("sync: server asked for a reference-data reset; pulling from the start")
                cursor, reset_done = 0, True
                continue
            source.apply_changes_page(page["items"], int(page["next_cursor"]))
            result.pulled_items += len(page["items"])
            cursor = int(page["next_cursor"])
            if not page["has_more"]:
                break
        result.cursor = cursor


def enroll(base_url: str, code: str, *, device_id: str | None = None, office_id: str | None = None,
           device_label: str | None = None, ca_bundle: str | None = None, verify: bool = True,
           policy: RetryPolicy | None = None) -> dict[str, Any]:
    """Spend a one-time enrollment code; returns the EnrollResponse (keep ``token`` secret)."""
    verify_arg: bool | str = ca_bundle if (ca_bundle and verify) else verify
    transport = Transport(base_url, None, verify=verify_arg, policy=policy)
    body = {"code": code, "device_id": device_id, "office_id": office_id, "device_label": device_label,
            "app_version": APP_VERSION}
    try:
        return dict(transport.call(lambda c: c.post(f"{API_PREFIX}/devices/enroll", json=body)).json())
    finally:
        transport.close()
