"""HTTP transport of the sync client: timeouts, retries with jittered backoff, error typing.

Retrying is safe because every request is idempotent on the server (a re-sent batch is re-acked).
Transient faults (connection errors, timeouts, 5xx, 429) are retried until the no-progress watchdog
expires; protocol faults become typed errors at once. Tokens live only in the Authorization header,
which is never logged here.
"""

from __future__ import annotations

import logging
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from sync.client import errors

log = logging.getLogger("amildesk.sync")


@dataclass
class RetryPolicy:
    base_delay: float = 0.5
    max_delay: float = 60.0
    stall_timeout: float = 300.0  # give up when nothing succeeded for this long
    connect_timeout: float = 10.0
    read_timeout: float = 60.0

    def delay(self, attempt: int) -> float:
        """Full-jitter exponential backoff: many offices reconnecting at once do not stampede."""
        return random.uniform(self.base_delay / 2, min(self.max_delay, self.base_delay * 2**attempt))


class Transient(Exception):
    """A fault worth retrying; ``timeout`` tells the uploader to shrink its batches."""

    def __init__(self, reason: str, *, timeout: bool = False) -> None:
        super().__init__(reason)
        self.timeout = timeout


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
        raise Transient(f"HTTP {status}")
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


class Transport:
    """One httpx client plus the retry loop."""

    def __init__(self, base_url: str, token: str | None, *, verify: bool | str = True,
                 policy: RetryPolicy | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy or RetryPolicy()
        headers = {"Accept-Encoding": "gzip", "User-Agent": "amildesk-sync/1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        timeout = httpx.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout)
        # A path is the district's own CA bundle: trust it (and only it) for this server.
        tls: bool | ssl.SSLContext = ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
        self.http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout,
                                 verify=tls, transport=transport)
        self.last_progress = time.monotonic()

    def close(self) -> None:
        self.http.close()

    def progressed(self) -> None:
        self.last_progress = time.monotonic()

    def call(self, send: Callable[[httpx.Client], httpx.Response],
             on_timeout: Callable[[], None] | None = None) -> httpx.Response:
        """Run ``send`` until it gets a 2xx; retries transient faults, raises typed errors."""
        attempt = 0
        while True:
            try:
                response = send(self.http)
                raise_for_error(response)
                self.progressed()
                return response
            except httpx.TimeoutException as exc:
                fault = Transient(type(exc).__name__, timeout=True)
            except (httpx.TransportError, httpx.DecodingError) as exc:
                certificate_problem = _certificate_problem(exc)
                if certificate_problem is not None:
                    raise errors.TlsError("tls_untrusted", certificate_problem) from exc
                fault = Transient(type(exc).__name__)
            except Transient as exc:
                fault = exc
            if fault.timeout and on_timeout is not None:
                on_timeout()
            if time.monotonic() - self.last_progress > self.policy.stall_timeout:
                raise errors.StalledError("stalled", f"no progress for {self.policy.stall_timeout:.0f} s: {fault}")
            pause = self.policy.delay(attempt)
            log.info("sync: transient fault (%s), retrying in %.2f s", fault, pause)
            time.sleep(pause)
            attempt += 1

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.call(lambda c: c.get(path, params=params)).json()
