"""HTTP transport of the sync client: timeouts, retries with jittered backoff, error typing, URL policy.

Retrying is safe because every request is idempotent on the server (a re-sent batch is re-acked).
Transient faults (connection errors, timeouts, 5xx, 429) are retried; protocol faults become typed
errors at once. Tokens live only in the Authorization header, which is never logged here.

Offline is normal for an office, so an attempt distinguishes two kinds of waiting:

* **The server has not answered yet** (connection refused, no route, name not found, connections
  cut before any answer): retries go on for ``unreachable_timeout`` from the start of the attempt,
  then ``UnreachableError``. After ``notice_after`` the caller's ``on_waiting`` is told once, so the
  clerk hears "not reachable yet, data safe, still trying" long before the attempt gives up.
* **It answered, then faults came** (drops mid-transfer, 5xx): the no-progress watchdog
  ``stall_timeout`` applies, then ``StalledError``.

Both use the same full-jitter exponential backoff (offices reconnecting after a district outage do not
stampede), and no pause or connect timeout runs past the deadline.

Plain ``http://`` is refused before anything is built unless the host is this machine or a private
network, or the caller explicitly allows it: the token, enrollment codes and donor data would
otherwise cross the internet in clear.
"""

from __future__ import annotations

import errno
import functools
import ipaddress
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import certifi
import httpx

from sync.client import errors

log = logging.getLogger("amildesk.sync")


@dataclass
class RetryPolicy:
    base_delay: float = 0.5
    max_delay: float = 60.0
    stall_timeout: float = 300.0  # after the server answered: give up when nothing succeeded for this long
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    unreachable_timeout: float = 120.0  # the server never answered in this attempt: give up after this long
    notice_after: float = 10.0  # ... and tell the caller (once) after this long, while retrying goes on

    def delay(self, attempt: int) -> float:
        """Full-jitter exponential backoff: many offices reconnecting at once do not stampede."""
        return random.uniform(self.base_delay / 2, min(self.max_delay, self.base_delay * 2**attempt))


@dataclass(frozen=True)
class Waiting:
    """What ``on_waiting`` hears: no answer for ``elapsed`` s; the attempt ends after ``give_up_after`` s."""

    elapsed: float
    give_up_after: float
    reason: str  # see fault_reason; "pending" while the first try is still waiting


OnWaiting = Callable[[Waiting], None]

# -- URL policy ---------------------------------------------------------------------------------
# Plain http is allowed only where it never leaves this machine or the office's own network.
_LOCAL_NETWORKS = tuple(ipaddress.ip_network(net) for net in (
    "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"))


def is_local_host(host: str) -> bool:
    """True for "localhost" and literal IPs of loopback or private networks.

    Any other name is not local: finding out where it points would already be traffic (a DNS query),
    and a name can point anywhere. Non-canonical literals ("127.1", "2130706433") count as names.
    """
    host = host.strip().lower()
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in _LOCAL_NETWORKS)


def check_server_url(base_url: str, *, allow_insecure_http: bool = False) -> None:
    """Raise ``UrlError`` for a URL the client must not use; nothing is resolved or contacted.

    ``InsecureUrlError`` (code ``insecure_http``) for plain http to a host that is not local (see
    ``is_local_host``) unless ``allow_insecure_http``; ``url_invalid`` for anything but an
    http(s) URL with a host.
    """
    try:
        parts = urlsplit(base_url.strip())
        host = parts.hostname
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError as exc:
        raise errors.UrlError("url_invalid", f"not a server URL: {base_url!r}", {"url": base_url}) from exc
    if parts.scheme not in ("http", "https") or not host:
        raise errors.UrlError("url_invalid", f"not an http(s) server URL: {base_url!r}", {"url": base_url})
    if parts.scheme == "http" and not allow_insecure_http and not is_local_host(host):
        raise errors.InsecureUrlError(
            "insecure_http", f"plain http to {host} would send the token and records in clear; use https",
            {"url": base_url, "host": host})


def needs_insecure_flag(base_url: str) -> bool:
    """True when ``base_url`` is plain http to a non-local host (usable only with the explicit flag)."""
    try:
        check_server_url(base_url)
    except errors.InsecureUrlError:
        return True
    except errors.UrlError:
        return False
    return False


# -- faults -------------------------------------------------------------------------------------
class Transient(Exception):
    """A fault worth retrying; ``timeout`` tells the uploader to shrink its batches."""

    def __init__(self, reason: str, *, timeout: bool = False, kind: str = "network") -> None:
        super().__init__(reason)
        self.timeout = timeout
        self.kind = kind  # fault_reason() of what happened


# EADDRNOTAVAIL: this machine has no address to reach it from (e.g. IPv6 with only IPv4 configured).
_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN, errno.EADDRNOTAVAIL}


def fault_reason(exc: BaseException) -> str:
    """A short, stable name for a transport fault (the app words it for the clerk).

    ``refused``, ``no_route``, ``name_not_found``, ``timeout``, ``disconnected`` or ``network``
    (``server_busy`` for 5xx/429 comes from ``raise_for_error``).
    """
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            break
        if isinstance(seen, socket.gaierror):
            return "name_not_found"
        if isinstance(seen, ConnectionRefusedError):
            return "refused"
        if isinstance(seen, OSError) and seen.errno in _NO_ROUTE:
            return "no_route"
        if isinstance(seen, httpx.TimeoutException | TimeoutError):
            return "timeout"
        if isinstance(seen, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError | ConnectionError):
            return "disconnected"
        seen = seen.__cause__ or seen.__context__
    return "network"


def _certificate_problem(exc: BaseException) -> str | None:
    """The certificate verification failure behind a transport error, if that is what it is."""
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLCertVerificationError):
            return str(seen.verify_message or seen)
        if "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    return None


def raise_for_error(response: httpx.Response) -> None:
    """Map a non-2xx answer to Transient or a typed SyncFailure."""
    status = response.status_code
    if status < 300:
        return
    if status == 429 or status >= 500:
        raise Transient(f"HTTP {status}", kind="server_busy")
    try:
        body = response.json()
        code, message, details = str(body["code"]), str(body["message"]), dict(body.get("details") or {})
    except (ValueError, KeyError, TypeError):
        code, message, details = f"http_{status}", response.text[:200], {}
    kind: type[errors.SyncFailure] = errors.RefusedError
    if status == 401:
        kind = errors.AuthError
    elif status == 403:
        kind = errors.ScopeError
    elif status == 426:
        kind = errors.ProtocolVersionError
    elif status == 409 and code == "seq_hash_mismatch":
        kind = errors.DivergedError
    elif status == 409:
        kind = errors.SyncFailure
    raise kind(code, message, details, status)


_tls_lock = threading.Lock()


def tls_context(cafile: str | None) -> ssl.SSLContext:
    """One verifying TLS context per CA bundle (None: certifi's, as httpx uses) for the whole process.

    Building one loads and parses the whole CA bundle (~20 ms); every sync and every device of a
    fleet used to pay that again. Contexts are safe to share between threads. The lock makes
    threads that ask at the same moment (several stores syncing in one process) wait for the one
    being built: ``lru_cache`` alone let each of them build its own.
    """
    with _tls_lock:
        return _tls_context(cafile)


@functools.lru_cache(maxsize=8)
def _tls_context(cafile: str | None) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=cafile or certifi.where())


class Transport:
    """One httpx client plus the retry loop; one attempt at a time (the callers hold a lock)."""

    def __init__(self, base_url: str, token: str | None, *, verify: bool | str = True,
                 policy: RetryPolicy | None = None, transport: httpx.BaseTransport | None = None,
                 allow_insecure_http: bool = False) -> None:
        check_server_url(base_url, allow_insecure_http=allow_insecure_http)  # before anything can connect
        self.policy = policy or RetryPolicy()
        headers = {"Accept-Encoding": "gzip", "User-Agent": "amildesk-sync/1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._timeout = httpx.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout)
        # Redirects are never followed (a 3xx is a refusal), so an https server cannot send us to http.
        # Plain http to a local host never goes through a proxy from the environment, which would carry
        # it, in clear, off this machine or network; https (end-to-end) and the rest use it as usual.
        parts = urlsplit(base_url.strip())
        local_http = parts.scheme == "http" and is_local_host(parts.hostname or "")
        # A path is the district's own CA bundle: trust it (and only it) for this server. Local plain
        # http (no proxy, no redirect) never makes a TLS connection, so no CA bundle is loaded for it.
        tls: bool | ssl.SSLContext = False
        if verify and not local_http:
            tls = tls_context(verify if isinstance(verify, str) else None)
        self.http = httpx.Client(base_url=base_url.strip().rstrip("/"), headers=headers, timeout=self._timeout,
                                 verify=tls, transport=transport, follow_redirects=False, trust_env=not local_http)
        self._cancelled = threading.Event()
        self._state = threading.Lock()
        self._depth = 0
        self._notice: threading.Timer | None = None
        self._attempts = 0  # numbers the attempts, so a late timer of an earlier one stays silent
        self._on_waiting: OnWaiting | None = None
        self._last_reason = "pending"
        self.begin()

    def close(self) -> None:
        self._stop_notice()
        self.http.close()

    def cancel(self) -> None:
        """Stop soon from another thread (closing the app): wakes a sleeping retry, closes the connections."""
        self._cancelled.set()
        self._stop_notice()
        self.http.close()

    # -- attempts -------------------------------------------------------------------------------
    def begin(self, on_waiting: OnWaiting | None = None) -> None:
        """Start a new attempt: the watchdogs count from now and the server has not answered yet."""
        self._stop_notice()
        with self._state:
            self._attempts += 1
        now = time.monotonic()
        self.started = now
        self.last_progress = now
        self.answered = False
        self._last_reason = "pending"
        self._on_waiting = on_waiting
        if on_waiting is not None and self.policy.notice_after < self.policy.unreachable_timeout:
            # A timer, not the retry loop: a first connect or a name look-up may block for longer.
            notice = threading.Timer(self.policy.notice_after, self._tell_waiting, args=(self._attempts,))
            notice.daemon = True
            notice.name = "sync-notice"
            with self._state:
                self._notice = notice
            notice.start()

    @contextmanager
    def attempt(self, on_waiting: OnWaiting | None = None) -> Iterator[None]:
        """``begin`` for the outermost ``with`` only, so a caller can span several client calls."""
        outermost = self._depth == 0
        if outermost:
            self.begin(on_waiting)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if outermost:
                self._stop_notice()

    def progressed(self) -> None:
        self.last_progress = time.monotonic()

    def _answered(self) -> None:
        """The server answered (any HTTP status): from now on faults are judged by the stall watchdog."""
        if not self.answered:
            with self._state:
                self.answered = True
            self.last_progress = time.monotonic()
            self._stop_notice()
            self.http.timeout = self._timeout

    def _tell_waiting(self, attempt: int) -> None:
        with self._state:
            if attempt != self._attempts or self._notice is None or self.answered or self._cancelled.is_set():
                return
            self._notice = None
            callback = self._on_waiting
        if callback is not None:
            callback(Waiting(time.monotonic() - self.started, self.policy.unreachable_timeout, self._last_reason))

    def _stop_notice(self) -> None:
        with self._state:
            notice, self._notice = self._notice, None
        if notice is not None:
            notice.cancel()

    def _limit_timeouts(self, deadline: float) -> None:
        """Before the first answer, no single try may run past the unreachable deadline."""
        left = max(0.05, deadline - time.monotonic())
        self.http.timeout = httpx.Timeout(min(self.policy.read_timeout, left),
                                          connect=min(self.policy.connect_timeout, left))

    # -- the retry loop -------------------------------------------------------------------------
    def call(self, send: Callable[[httpx.Client], httpx.Response],
             on_timeout: Callable[[], None] | None = None) -> httpx.Response:
        """Run ``send`` until it gets a 2xx; retries transient faults, raises typed errors."""
        attempt = 0
        while True:
            unreachable_deadline = self.started + self.policy.unreachable_timeout
            if not self.answered:
                self._limit_timeouts(unreachable_deadline)
            try:
                response = send(self.http)
                self._answered()
                raise_for_error(response)
                self.progressed()
                return response
            except httpx.TimeoutException as exc:
                fault = Transient(type(exc).__name__, timeout=True, kind="timeout")
            except (httpx.TransportError, httpx.DecodingError) as exc:
                certificate_problem = _certificate_problem(exc)
                if certificate_problem is not None:
                    raise errors.TlsError("tls_untrusted", certificate_problem) from exc
                fault = Transient(type(exc).__name__, kind=fault_reason(exc))
            except Transient as exc:
                fault = exc
            except RuntimeError:  # the client was closed under us: cancelled
                if self._cancelled.is_set():
                    raise errors.CancelledError("cancelled", "the sync was cancelled") from None
                raise
            if self._cancelled.is_set():
                raise errors.CancelledError("cancelled", "the sync was cancelled")
            self._last_reason = fault.kind
            if fault.timeout and on_timeout is not None:
                on_timeout()
            now = time.monotonic()
            details = {"reason": fault.kind}
            if self.answered:
                deadline = self.last_progress + self.policy.stall_timeout
                if now >= deadline:
                    raise errors.StalledError(
                        "stalled", f"no progress for {self.policy.stall_timeout:.0f} s: {fault}",
                        {**details, "seconds": round(self.policy.stall_timeout)})
            else:
                deadline = unreachable_deadline
                if now >= deadline:
                    raise errors.UnreachableError(
                        "unreachable", f"no answer for {self.policy.unreachable_timeout:.0f} s: {fault}",
                        {**details, "seconds": round(self.policy.unreachable_timeout)})
            pause = min(self.policy.delay(attempt), deadline - now)  # the last try runs at the deadline
            log.info("sync: transient fault (%s), retrying in %.2f s", fault, pause)
            if self._cancelled.wait(pause):
                raise errors.CancelledError("cancelled", "the sync was cancelled")
            attempt += 1

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.call(lambda c: c.get(path, params=params)).json()
