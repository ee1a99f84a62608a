"""The office's link to the district: enroll, sync now, export a batch file for offices with no link.

* ``enroll`` spends a one-time code with the journal's own ``device_id`` and ``office_id`` (= the
  office code, see docs/architecture.md), so the journal never has to be rewritten, and keeps the
  server URL and the device token in ``sync_state`` (see ``desktop.services.sync_state``; the token
  lives in the local store and is never logged). Re-enrolling never touches the journal.
* ``sync_now`` uploads everything unsent and pulls reference data to the server head, one sync at a
  time per store (a lock per store file in this process; the store's instance lock keeps other
  processes out). It never raises for what the
  link or the server did: the outcome carries the error, and ``last_sync_at``/``last_error`` are
  recorded for the status bar. "Sinkron selesai" is ``outcome.complete``: everything acknowledged
  and the pull at the head. A restored device is reconciled (``desktop.services.sync_recover``).
  Offline is normal: when the district never answers, the attempt keeps retrying for
  ``unreachable_timeout`` (120 s) and tells ``on_waiting`` after ``notice_after`` (10 s) that the data
  is safe and it is still trying, then records ``sync_unreachable``; the window's timer tries again.
* Plain ``http://`` to a host that is not this machine or a private network is refused (the token
  and donor data would travel in clear) unless the link was made with ``allow_insecure_http``, which
  the status bar and Pengaturan then show as a warning.
* ``export_batch`` writes the unsent events into a signed file; the office shows "diekspor, belum
  dikonfirmasi" (``exported_through_seq`` above ``acked_seq``) until an ack arrives by any path.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from desktop.core.errors import AmilError, ValidationError
from desktop.core.roles import Role
from desktop.services.context import AppContext
from desktop.services.sync_problems import problem_from, waiting_problem
from desktop.services.sync_recover import recover_history
from desktop.services.sync_source import Progress, StoreJournalSource
from desktop.services.sync_state import (
    SyncLink,
    SyncProblem,
    decode_error,
    encode_error,
    link_from_state,
    read_state,
    write_state,
)
from desktop.store import journal
from desktop.store.journal_rebase import RebaseResult
from sync.client import errors
from sync.client.client import SyncClient
from sync.client.client import enroll as client_enroll
from sync.client.export import export_unsent
from sync.client.transport import RetryPolicy, check_server_url

log = logging.getLogger("amildesk.sync")

# The app gives up an attempt after two minutes without progress or without any answer (the next
# timer tick retries), and says after 10 s that it is still trying. Backoff stays short: the link is
# used again soon after it returns.
DEFAULT_POLICY = RetryPolicy(base_delay=0.5, max_delay=10.0, stall_timeout=120.0, connect_timeout=10.0,
                             read_timeout=60.0, unreachable_timeout=120.0, notice_after=10.0)
ENROLL_POLICY = RetryPolicy(base_delay=0.5, max_delay=5.0, stall_timeout=30.0, connect_timeout=10.0,
                            read_timeout=30.0, unreachable_timeout=30.0, notice_after=10.0)

# Told (from a helper thread) when the district has not answered after ``notice_after``.
OnWaiting = Callable[[SyncProblem], None]

# One sync at a time per store in this process (the store's instance lock covers other processes).
_registry_lock = threading.Lock()
_store_locks: dict[Path, threading.Lock] = {}
_active: dict[SyncClient, threading.Event] = {}  # running clients and their "cancelled" flags
# One client per store and link, kept between attempts: a new httpx client builds an SSL context
# (~40 ms of loading CA certificates), which was half the time of a sync with nothing to send.
_clients: dict[tuple[Path, str, str, str | None, str, bool], SyncClient] = {}


def _store_lock(ctx: AppContext) -> threading.Lock:
    key = ctx.store.paths.database.resolve()
    with _registry_lock:
        return _store_locks.setdefault(key, threading.Lock())


@dataclass(frozen=True)
class EnrollResult:
    server_url: str
    office_code: str
    office_name: str
    device_id: str
    acked_seq: int


@dataclass(frozen=True)
class SyncOutcome:
    sent: int
    acked_seq: int
    unsent: int
    pulled: int
    complete: bool
    flagged: tuple[dict[str, Any], ...] = ()
    error: AmilError | None = None
    rebased: RebaseResult | None = None
    changed: frozenset[str] = field(default_factory=frozenset)  # "catalogue", "settings"


@dataclass(frozen=True)
class SyncOverview:
    """What the status bar and Beranda show about the link."""

    enrolled: bool
    server_url: str | None
    unsent: int
    acked_seq: int
    journal_high_seq: int
    last_sync_at: str | None
    last_error: SyncProblem | None
    export_unconfirmed: bool
    exported_through_seq: int
    insecure_http: bool = False  # plain http to a non-local host, explicitly allowed: show a warning


def sync_overview(ctx: AppContext) -> SyncOverview:
    with ctx.store.read() as conn:
        state = read_state(conn)
        high = journal.high_seq(conn)
    acked = int(state.get("acked_seq", "0") or 0)
    exported = int(state.get("exported_through_seq", "0") or 0)
    link = link_from_state(state)
    return SyncOverview(
        enrolled=link is not None, server_url=state.get("server_url"), insecure_http=link is not None and link.insecure,
        unsent=max(0, high - acked), acked_seq=acked, journal_high_seq=high, last_sync_at=state.get("last_sync_at"),
        last_error=decode_error(state.get("last_error")), export_unconfirmed=exported > acked,
        exported_through_seq=exported,
    )


def normalise_server_url(url: str, *, allow_insecure_http: bool = False) -> str:
    """The URL as stored; refuses plain http to a non-local host unless explicitly allowed.

    The client refuses it too (``sync.client.transport.check_server_url``, before any connection);
    here the clerk gets the message that says to use https.
    """
    text = (url or "").strip().rstrip("/")
    try:
        parts = urlsplit(text)
        check_server_url(text, allow_insecure_http=allow_insecure_http)
    except errors.InsecureUrlError as exc:
        raise ValidationError("server_url_insecure", url=text) from exc
    except (errors.UrlError, ValueError) as exc:
        raise ValidationError("server_url_invalid", url=url) from exc
    if parts.query or parts.fragment:
        raise ValidationError("server_url_invalid", url=url)
    return text


def _may_manage_link(ctx: AppContext, action: str) -> None:
    """In the window only an admin or kepala kantor may; headless commands run as support staff."""
    if ctx.user is not None:
        ctx.require_role(action, (Role.ADMIN, Role.KEPALA))


def enroll(ctx: AppContext, server_url: str, code: str, ca_bundle: str | None = None, *,
           device_label: str | None = None, policy: RetryPolicy | None = None, allow_insecure_http: bool = False,
           on_waiting: OnWaiting | None = None) -> EnrollResult:
    """Link this device to the district server with a one-time code (also re-enrollment).

    ``allow_insecure_http`` is kept with the link (plain http to a non-local host; warned about).
    """
    _may_manage_link(ctx, "hubungkan ke server kabupaten")
    url = normalise_server_url(server_url, allow_insecure_http=allow_insecure_http)
    if not (code or "").strip():
        raise ValidationError("enroll_code_required")
    if ca_bundle and not Path(ca_bundle).is_file():
        raise ValidationError("ca_bundle_missing", path=ca_bundle)
    office = ctx.office
    lock = _store_lock(ctx)
    if not lock.acquire(blocking=False):
        raise SyncProblem("sync_busy")
    try:
        try:
            answer = client_enroll(
                url, code.strip(), device_id=office.device_id, office_id=office.code, ca_bundle=ca_bundle,
                device_label=device_label or f"{office.code} perangkat {office.device_letter}",
                policy=policy or ENROLL_POLICY, allow_insecure_http=allow_insecure_http,
                on_waiting=None if on_waiting is None else lambda waiting: on_waiting(waiting_problem(waiting)))
        except errors.SyncFailure as exc:
            raise problem_from(exc, url) from exc
        except httpx.HTTPError as exc:
            raise SyncProblem("sync_failed", detail=f"{url}: {type(exc).__name__}") from exc
        if answer.get("office_code") != office.code or answer.get("office_id") != office.code \
                or answer.get("device_id") != office.device_id:
            # The token is not kept: events under it would be refused (or land in the wrong office).
            raise SyncProblem("enroll_office_mismatch", server_code=answer.get("office_code"),
                              office_code=office.code)
        acked, last_hash = int(answer.get("acked_seq", 0)), str(answer.get("last_hash", ""))
        with ctx.store.write() as conn:
            state = read_state(conn)
            values: dict[str, str | int | None] = {
                "server_url": url, "token": str(answer["token"]), "ca_bundle": ca_bundle or None,
                "allow_insecure_http": "1" if allow_insecure_http else None,
                "device_id": office.device_id, "office_id": office.code,
                "office_name": str(answer.get("office_name", "")), "enrolled_at": ctx.now_iso(),
                "last_error": None, "last_error_at": None,
            }
            if state.get("server_url") != url:
                values["cursor"] = 0  # reference-data cursors belong to one server
            if journal.hash_at(conn, acked) == last_hash:
                values.update(acked_seq=acked, acked_hash=last_hash)
            write_state(conn, **values)
    finally:
        lock.release()
    log.info("enrolled with %s as device %s of office %s", url, office.device_id, office.code)
    return EnrollResult(server_url=url, office_code=office.code, office_name=str(answer.get("office_name", "")),
                        device_id=office.device_id, acked_seq=acked)


def set_allow_insecure_http(ctx: AppContext, allowed: bool) -> None:
    """Allow (or no longer allow) plain http to a non-local host for the current link."""
    _may_manage_link(ctx, "hubungkan ke server kabupaten")
    with ctx.store.write() as conn:
        write_state(conn, allow_insecure_http="1" if allowed else None)


def cancel_sync() -> None:
    """Stop running syncs soon (closing the app): a sleeping retry wakes, connections close; nothing is lost."""
    for client, cancelled in list(_active.items()):
        cancelled.set()
        client.transport.cancel()


def _client_for(ctx: AppContext, link: SyncLink, policy: RetryPolicy) -> SyncClient:
    """The store's client for this link (a new one when the link or the policy changed)."""
    key = (ctx.store.paths.database.resolve(), link.server_url, link.token, link.ca_bundle, repr(policy),
           link.allow_insecure_http)
    with _registry_lock:
        client = _clients.get(key)
        if client is None:
            for stale in [k for k in _clients if k[0] == key[0]]:
                _clients.pop(stale).close()
            client = _clients[key] = SyncClient(link.server_url, link.token, link.ca_bundle, policy=policy,
                                                allow_insecure_http=link.allow_insecure_http)
    return client


def _drop_client(client: SyncClient) -> None:
    with _registry_lock:
        for key in [k for k, c in _clients.items() if c is client]:
            del _clients[key]
    client.close()


def sync_now(ctx: AppContext, progress: Progress | None = None, *, policy: RetryPolicy | None = None,
             on_waiting: OnWaiting | None = None) -> SyncOutcome:
    """Upload everything unsent, then pull reference data; raises only when no attempt was possible.

    ``on_waiting`` hears (once, from a helper thread) when the district has not answered after the
    policy's ``notice_after``; the attempt goes on retrying until ``unreachable_timeout``.
    """
    with ctx.store.read() as conn:
        link = link_from_state(read_state(conn))
    if link is None:
        raise SyncProblem("sync_not_enrolled")
    lock = _store_lock(ctx)
    if not lock.acquire(blocking=False):
        raise SyncProblem("sync_busy")
    try:
        started = ctx.now_iso()
        source = StoreJournalSource(ctx, progress)
        try:
            client = _client_for(ctx, link, policy or DEFAULT_POLICY)
        except errors.SyncFailure as exc:  # the stored URL is refused (plain http to a public host)
            return _record(ctx, source, started, 0, [], problem_from(exc, link.server_url), None)
        notice = None if on_waiting is None else lambda waiting: on_waiting(waiting_problem(waiting))
        cancelled = threading.Event()
        _active[client] = cancelled
        sent, flagged = 0, []
        error: AmilError | None = None
        rebased: RebaseResult | None = None
        try:
            with client.transport.attempt(notice):  # one attempt: the watchdogs span the recovery too
                try:
                    result = client.sync(source)
                except (errors.ServerAheadError, errors.DivergedError):
                    rebased = recover_history(ctx, client, source)
                    result = client.sync(source)
            sent, flagged = result.sent_events, result.flagged
        except errors.SyncFailure as exc:
            error = problem_from(exc, link.server_url)
        except AmilError as exc:
            error = exc
        except (httpx.HTTPError, RuntimeError) as exc:
            _drop_client(client)  # closed (cancelled) or in an unknown state: the next attempt starts fresh
            if not cancelled.is_set() and not isinstance(exc, httpx.HTTPError):
                raise
            error = SyncProblem("sync_cancelled") if cancelled.is_set() else SyncProblem(
                "sync_failed", detail=f"{link.server_url}: {type(exc).__name__}")
        finally:
            _active.pop(client, None)
            if cancelled.is_set():
                _drop_client(client)
        return _record(ctx, source, started, sent, flagged, error, rebased)
    finally:
        lock.release()


def _record(ctx: AppContext, source: StoreJournalSource, started: str, sent: int, flagged: list[dict[str, Any]],
            error: AmilError | None, rebased: RebaseResult | None) -> SyncOutcome:
    """One write: the attempt, and its success (``last_sync_at``) or its error (``last_error``)."""
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        if error is None:
            write_state(conn, last_attempt_at=started, last_sync_at=now, last_error=None, last_error_at=None)
        else:
            write_state(conn, last_attempt_at=started, last_error=encode_error(error), last_error_at=now)
        acked = int(read_state(conn).get("acked_seq", "0") or 0)
        unsent = max(0, journal.high_seq(conn) - acked)
    if error is not None:
        log.warning("sync failed: %s (%s)", error.code, error)
    return SyncOutcome(sent=sent, acked_seq=acked, unsent=unsent, pulled=source.pulled,
                       complete=error is None and unsent == 0, flagged=tuple(flagged), error=error,
                       rebased=rebased, changed=frozenset(source.changed))


@dataclass(frozen=True)
class ExportResult:
    events: int
    first_seq: int
    last_seq: int
    path: Path | None


def export_batch(ctx: AppContext, out_path: Path) -> ExportResult:
    """Write every unsent event into a signed batch file for ``amildesk-server import`` (USB stick)."""
    _may_manage_link(ctx, "ekspor data belum terkirim")
    with ctx.store.read() as conn:
        state = read_state(conn)
    link = link_from_state(state)
    if link is None:
        raise SyncProblem("sync_not_enrolled")  # the file is signed with the device token
    source = StoreJournalSource(ctx)
    acked = source.acked_seq()
    if source.high_seq() <= acked:
        return ExportResult(0, acked, acked, None)
    path = Path(out_path)
    try:
        count = export_unsent(source, token=link.token, office_id=link.office_id, path=path)
    except OSError as exc:
        raise ValidationError("export_write_failed", path=str(path), detail=exc.strerror or str(exc)) from exc
    with ctx.store.write() as conn:
        write_state(conn, exported_through_seq=acked + count, exported_at=ctx.now_iso(), export_path=str(path))
    return ExportResult(count, acked + 1, acked + count, path)
