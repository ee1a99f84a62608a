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

import gc
import json
import logging
import threading
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

import httpx

from sync.client import errors
from sync.client.source import JournalRows, JournalSource, RowJournalSource, WireEvents, WireJournalSource
from sync.client.transport import OnWaiting, RetryPolicy, Transport
from sync.protocol import columnar
from sync.protocol.canonical import GENESIS_HASH
from sync.protocol.events import COLUMNAR_PROTOCOL_VERSION, PROTOCOL_VERSION
from sync.protocol.wire import API_PREFIX, ERR_PROTOCOL_VERSION, batch_hash, build_batch

log = logging.getLogger("amildesk.sync")
APP_VERSION = "0.1.0"
DEFAULT_PROTOCOL = COLUMNAR_PROTOCOL_VERSION  # what a client sends first (it falls back to 1 on a 426)
PULL_PAGE = 5000  # items per /changes page (the server's maximum): a first pull of the district's
# 200,000-entry beneficiary index is 40 round trips instead of 200

_orjson: Any
try:  # optional: the same bytes as json.dumps below for the float-free events of a journal, ~5x faster
    import orjson as _orjson
except ImportError:  # pragma: no cover - the desktop build may leave it out
    _orjson = None


_quote = encode_basestring  # a JSON string literal, as json.dumps(ensure_ascii=False) writes it


def _loads_texts(texts: list[str]) -> list[dict[str, Any]]:
    """The wire texts of a source as event dicts, in one parse."""
    joined = f"[{','.join(texts)}]"
    if _orjson is not None:
        try:
            return list(_orjson.loads(joined))
        except _orjson.JSONDecodeError:  # e.g. an integer beyond 64 bits (a flagged fact): parse exactly
            pass
    return list(json.loads(joined))


_gc_lock = threading.Lock()
_gc_pauses = 0


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch is read and encoded (tens of ms).

    A batch is ~10 short-lived containers per event that contain no cycles (reference counting frees
    them); with the collector on, they trigger collections that walk the whole application heap,
    a third of the encoding time. Nested and concurrent pauses (several clients in one process)
    are counted; the collector is back on when the last one ends, if it was on before the first.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


_gc_was_enabled = True


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

    # The first batch is bounded by its bytes: 128 KiB is ~25 s at 40 kbit/s, inside the transport's
    # 60 s write timeout (a timeout halves the batch). That is ~2,400 donations in a version-2 body:
    # an office's day or week goes in one server transaction (with its fixed queries and commit)
    # instead of several.
    events: int = 2500
    max_bytes: int = 128 * 1024
    min_events: int = 1
    # Fewer, larger transactions: each costs a commit (and an fsync) and a request's fixed work on the
    # server. 5,000 is the server's maximum; a donation is ~80 bytes of gzip and ~800 inflated, so a
    # full batch is ~400 KiB on the wire and ~4 MiB inflated (the server takes up to 8 MiB).
    cap_events: int = 5000
    cap_bytes: int = 512 * 1024
    max_raw: int = 6 * 1024 * 1024  # uncompressed body: kept under the server's inflated-size limit

    def grown(self) -> tuple[int, int]:
        """(events, max_bytes) after the next ``grow``."""
        return min(self.cap_events, self.events * 2), min(self.cap_bytes, self.max_bytes * 2)

    def grow(self) -> None:
        self.events, self.max_bytes = self.grown()

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
                 compress_level: int = 6, transport: httpx.BaseTransport | None = None,
                 allow_insecure_http: bool = False, protocol: int | None = None) -> None:
        verify_arg: bool | str = ca_bundle if (ca_bundle and verify) else verify
        # Refuses plain http to a non-local host (errors.InsecureUrlError) unless explicitly allowed.
        self.transport = Transport(base_url, token, verify=verify_arg, policy=policy, transport=transport,
                                   allow_insecure_http=allow_insecure_http)
        self.sizer = sizer or BatchSizer()
        self.chained = chained
        self.compress_level = compress_level
        # 2: columnar batches (sync.protocol.columnar); 1 for a server that answers 426 to them.
        self.protocol = (protocol or DEFAULT_PROTOCOL) if chained else PROTOCOL_VERSION
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

    # Each call is one attempt of the transport (watchdogs from its start) unless the caller opened
    # one around several calls with ``client.transport.attempt(on_waiting)``.
    def sync(self, source: JournalSource) -> SyncResult:
        """Push everything unsent, then pull reference data to the server head."""
        with self._lock, self.transport.attempt():
            result = SyncResult()
            self._push(source, result)
            self._pull(source, result)
            return result

    def push(self, source: JournalSource) -> SyncResult:
        with self._lock, self.transport.attempt():
            result = SyncResult()
            self._push(source, result)
            return result

    def pull(self, source: JournalSource) -> SyncResult:
        with self._lock, self.transport.attempt():
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

    def _encode(self, events: list[dict[str, Any]], device_id: str, max_bytes: int | None = None) -> _Encoded:
        """JSON + gzip, trimming the batch until it fits the byte limit (runs on the helper thread)."""
        while True:
            body = build_batch(events, device_id=device_id, app_version=APP_VERSION, chained=self.chained,
                               sent_at=_now())
            raw = _dumps(body)
            if len(raw) > self.sizer.max_raw and len(events) > 1:
                events = events[:max(1, int(len(events) * self.sizer.max_raw / len(raw) * 0.9))]
                continue
            packer = zlib.compressobj(self.compress_level, zlib.DEFLATED, 31)
            data = packer.compress(raw) + packer.flush()
            if len(data) <= (max_bytes or self.sizer.max_bytes) or len(events) == 1:
                return _Encoded(events[0]["seq"], events[-1]["seq"], data)
            keep = max(1, int(len(events) * (max_bytes or self.sizer.max_bytes) / len(data) * 0.9))
            events = events[:keep]

    def _encode_wire(self, wire: WireEvents, device_id: str, max_bytes: int | None = None) -> _Encoded:
        """The chained batch body spliced from the source's wire text (no per-event encoding here),
        gzipped, trimmed like ``_encode`` until it fits the byte limit."""
        head = (f'{{"protocol_version":{PROTOCOL_VERSION},"app_version":{_quote(APP_VERSION)},'
                f'"device_id":{_quote(device_id)},"first_seq":{wire.first_seq},"last_seq":')
        count = len(wire.texts)
        while True:
            last = wire.first_seq + count - 1
            body = (f'{head}{last},"prev_hash":{_quote(wire.prev_hash)},"events":[{",".join(wire.texts[:count])}],'
                    f'"batch_hash":"{batch_hash(wire.hashes[:count])}","sent_at":{_quote(_now())}}}')
            packer = zlib.compressobj(self.compress_level, zlib.DEFLATED, 31)
            raw = body.encode("utf-8")
            if len(raw) > self.sizer.max_raw and count > 1:
                count = max(1, int(count * self.sizer.max_raw / len(raw) * 0.9))
                continue
            data = packer.compress(raw) + packer.flush()
            if len(data) <= (max_bytes or self.sizer.max_bytes) or count == 1:
                return _Encoded(wire.first_seq, last, data)
            count = max(1, int(count * (max_bytes or self.sizer.max_bytes) / len(data) * 0.9))

    def _encode_columnar(self, fill: Callable[[columnar.Encoder, int], None], count: int, first_seq: int,
                         hashes: list[str], prev_hash: str, device_id: str, office_id: str,
                         max_bytes: int | None = None) -> _Encoded:
        """A version-2 body of the first ``count`` events (``fill`` adds them to an encoder), gzipped,
        trimmed like ``_encode`` until it fits the byte limit."""
        while True:
            encoder = columnar.Encoder(device_id, office_id)
            fill(encoder, count)
            last = first_seq + count - 1
            raw = _dumps(encoder.body(first_seq=first_seq, last_seq=last, prev_hash=prev_hash,
                                      hashes_digest=batch_hash(hashes[:count]), app_version=APP_VERSION,
                                      sent_at=_now()))
            if len(raw) > self.sizer.max_raw and count > 1:
                count = max(1, int(count * self.sizer.max_raw / len(raw) * 0.9))
                continue
            packer = zlib.compressobj(self.compress_level, zlib.DEFLATED, 31)
            data = packer.compress(raw) + packer.flush()
            if len(data) <= (max_bytes or self.sizer.max_bytes) or count == 1:
                return _Encoded(first_seq, last, data)
            count = max(1, int(count * (max_bytes or self.sizer.max_bytes) / len(data) * 0.9))

    def _columnar_rows(self, rows: JournalRows, device_id: str, max_bytes: int | None = None) -> _Encoded:
        """Version 2 from stored rows: only the payloads are parsed (once, whatever the trimming)."""
        payloads = _loads_texts([row[5] for row in rows.rows])
        entries = rows.rows

        def fill(encoder: columnar.Encoder, count: int) -> None:
            encoder.add_stored(entries[:count], payloads[:count])

        return self._encode_columnar(fill, len(entries), rows.first_seq, rows.hashes, rows.prev_hash, device_id,
                                     rows.office_id, max_bytes)

    def _columnar_events(self, events: list[dict[str, Any]], device_id: str, max_bytes: int | None = None) -> _Encoded:
        office_id = str(events[0].get("office_id"))

        def fill(encoder: columnar.Encoder, count: int) -> None:
            for event in events[:count]:
                encoder.add_event(event)

        return self._encode_columnar(fill, len(events), events[0]["seq"], [e["hash"] for e in events],
                                     events[0]["prev_hash"], device_id, office_id, max_bytes)

    def _read_encode(self, source: JournalSource, after: int, device_id: str, limit: int,
                     max_bytes: int | None = None) -> _Encoded | None:
        with _gc_paused():
            return self._read_encode_now(source, after, device_id, limit, max_bytes)

    def _read_encode_now(self, source: JournalSource, after: int, device_id: str, limit: int,
                         max_bytes: int | None) -> _Encoded | None:
        if self.protocol == COLUMNAR_PROTOCOL_VERSION:
            if isinstance(source, RowJournalSource):
                rows = source.rows_after(after, limit)
                return self._columnar_rows(rows, device_id, max_bytes) if rows is not None and rows.rows else None
            events = source.events_after(after, limit)
            return self._columnar_events(events, device_id, max_bytes) if events else None
        if self.chained and isinstance(source, WireJournalSource):
            wire = source.wire_events_after(after, limit)
            return self._encode_wire(wire, device_id, max_bytes) if wire is not None and wire.texts else None
        events = source.events_after(after, limit)
        return self._encode(events, device_id, max_bytes) if events else None

    def _prepare(self, source: JournalSource, after: int, device_id: str, *,
                 grown: bool = False) -> Future[_Encoded | None]:
        """Read and encode the batch after ``after`` on the helper thread (overlaps the round trip).

        ``grown``: the batch that follows the one in flight, sized as the sizer will be once that one
        succeeds (if it does not, this one is thrown away and the batch read again at the new size);
        otherwise a small device's last events would wait for a batch of their own.
        """
        events, max_bytes = self.sizer.events, self.sizer.max_bytes
        if grown:
            events, max_bytes = self.sizer.grown()
        return self._pool.submit(self._read_encode, source, after, device_id, events, max_bytes)

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
            upcoming = self._prepare(source, encoded.last_seq, device_id, grown=True)
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
                if (exc.code == ERR_PROTOCOL_VERSION and self.protocol != PROTOCOL_VERSION
                        and PROTOCOL_VERSION in exc.details.get("supported", ())):
                    # A server from before version 2: whole events, as it expects (negotiated per client).
                    log.info("sync: server speaks protocol %s; sending version %s batches",
                             exc.details.get("supported"), PROTOCOL_VERSION)
                    self.protocol = PROTOCOL_VERSION
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
           policy: RetryPolicy | None = None, allow_insecure_http: bool = False,
           on_waiting: OnWaiting | None = None) -> dict[str, Any]:
    """Spend a one-time enrollment code; returns the EnrollResponse (keep ``token`` secret).

    The code is a credential too: plain http to a non-local host is refused before any connection
    (``errors.InsecureUrlError``) unless ``allow_insecure_http``.
    """
    verify_arg: bool | str = ca_bundle if (ca_bundle and verify) else verify
    transport = Transport(base_url, None, verify=verify_arg, policy=policy, allow_insecure_http=allow_insecure_http)
    body = {"code": code, "device_id": device_id, "office_id": office_id, "device_label": device_label,
            "app_version": APP_VERSION}
    try:
        with transport.attempt(on_waiting):
            return dict(transport.call(lambda c: c.post(f"{API_PREFIX}/devices/enroll", json=body)).json())
    finally:
        transport.close()
