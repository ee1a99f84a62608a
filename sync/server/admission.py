"""Admission control of one server process: how much work untrusted callers can make it do at once.

* ``AdmissionGate``: a batch body is held in memory from the moment it is read until it is stored.
  At most ``MAX_BODIES`` are held: a further request waits for a place *before* its body is read
  (TCP holds the rest; answering 503 at once sent a fleet of devices into seconds of backoff and
  left half the server's CPU idle), and gets 503 only after ``WAIT_SECONDS``. At most
  ``MAX_WORKING`` bodies are inflated, parsed and ingested at the same time (the rest wait their
  turn, up to ``WAIT_SECONDS``). The event loop itself never parses a
  batch, so ``/health`` and small requests stay responsive under any load.
* ``EnrollThrottle``: enrollment is the only unauthenticated write. Failed attempts are counted per
  client address and in all over a sliding window; past the limit the caller gets 429 with
  ``Retry-After`` (codes have ~59 bits, so guessing was never feasible; this keeps guessers from
  costing anything and makes them visible in the log and the alerts).

Both are per process: with ``--workers N`` the limits multiply by N (docs/threat-model.md).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sync.protocol import wire
from sync.server.ingest import SyncError

log = logging.getLogger("amildesk.server")

MAX_BODIES = 12
MAX_WORKING = 2
WAIT_SECONDS = 30.0

ENROLL_FAILURES_PER_ADDRESS = 10
ENROLL_FAILURES_OVERALL = 60
ENROLL_WINDOW_SECONDS = 60.0


class AdmissionGate:
    """Caps the batch bodies held and the batches being worked on by this process."""

    def __init__(self, max_bodies: int = MAX_BODIES, max_working: int = MAX_WORKING,
                 wait_seconds: float = WAIT_SECONDS) -> None:
        self.wait_seconds = wait_seconds
        self._bodies = asyncio.Semaphore(max_bodies)
        self._working = asyncio.Semaphore(max_working)

    @asynccontextmanager
    async def _held(self, semaphore: asyncio.Semaphore) -> AsyncIterator[None]:
        try:
            await asyncio.wait_for(semaphore.acquire(), self.wait_seconds)
        except TimeoutError as exc:  # nothing read, nothing lost: the client retries with backoff
            raise SyncError(503, wire.ERR_BUSY, "server busy, retry later") from exc
        try:
            yield
        finally:
            semaphore.release()

    def admit(self) -> AbstractAsyncContextManager[None]:
        """Room for one more body (waited for before the body is read), or 503 after ``wait_seconds``."""
        return self._held(self._bodies)

    def work(self) -> AbstractAsyncContextManager[None]:
        """One of the working slots, waited for at most ``wait_seconds`` (then 503)."""
        return self._held(self._working)


class EnrollThrottle:
    """Sliding-window counts of failed enrollment attempts, per client address and in all."""

    def __init__(self, per_address: int = ENROLL_FAILURES_PER_ADDRESS, overall: int = ENROLL_FAILURES_OVERALL,
                 window: float = ENROLL_WINDOW_SECONDS) -> None:
        self.per_address = per_address
        self.overall = overall
        self.window = window
        self._by_address: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def _trim(self, now: float) -> None:
        horizon = now - self.window
        while self._all and self._all[0] <= horizon:
            self._all.popleft()
        for address in list(self._by_address):
            times = self._by_address[address]
            while times and times[0] <= horizon:
                times.popleft()
            if not times:
                del self._by_address[address]

    def blocked_for(self, address: str) -> int:
        """Seconds until ``address`` may try again (0: it may try now)."""
        now = time.monotonic()
        self._trim(now)
        times = self._by_address.get(address)
        if times is not None and len(times) >= self.per_address:
            return max(1, int(times[0] + self.window - now) + 1)
        if len(self._all) >= self.overall:
            return max(1, int(self._all[0] + self.window - now) + 1)
        return 0

    def failed(self, address: str) -> bool:
        """Count a failed attempt; True when this one reached a limit (worth an alert, once a window)."""
        now = time.monotonic()
        self._trim(now)
        times = self._by_address.setdefault(address, deque())
        times.append(now)
        self._all.append(now)
        log.warning("enrollment code refused for client %s (%d in the last %ds)", address, len(times),
                    int(self.window))
        return len(times) == self.per_address or len(self._all) == self.overall
