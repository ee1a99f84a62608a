"""Offline is normal: a district that cannot be reached is retried for the whole window, said early.

The real client against the real server process (or a closed port, or the fault proxy in between).
Windows are shortened through RetryPolicy; the logic under test is the app's: retry until
``unreachable_timeout`` from the start when the server never answered (with one ``on_waiting``
notice after ``notice_after``), but the stall watchdog and jittered backoff once it has answered.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sync.client import errors
from sync.client.client import SyncClient
from sync.client.transport import RetryPolicy, Waiting
from tests.sync.conftest import Env
from tests.sync.faultproxy import FaultProxy, Faults
from tests.sync.journal import TestJournal

WINDOW = RetryPolicy(base_delay=0.05, max_delay=0.4, stall_timeout=3.0, connect_timeout=1.0, read_timeout=2.0,
                     unreachable_timeout=3.0, notice_after=0.8)
SLACK = 1.0  # scheduling on 2 shared cores (the other side of each bound is exact)

# Network faults do not depend on the server's database: these run on SQLite only (not again on PostgreSQL).
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def closed_port() -> int:
    """A port nothing listens on: bound once to get it, then closed (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Notices:
    """Collects ``on_waiting`` calls with the time they came, from the attempt's start."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.calls: list[tuple[float, Waiting]] = []
        self.then: list[Callable[[], None]] = []  # run after a notice (e.g. the link comes back)

    def __call__(self, waiting: Waiting) -> None:
        self.calls.append((time.monotonic() - self.start, waiting))
        for action in self.then:
            action()


def _pauses(caplog: pytest.LogCaptureFixture) -> list[float]:
    """The backoff pauses the transport logged, in order."""
    found = (re.search(r"retrying in ([0-9.]+) s", r.getMessage()) for r in caplog.records if r.name == "amildesk.sync")
    return [float(match.group(1)) for match in found if match]


def _attempt(client: SyncClient, journal: TestJournal, notices: Notices) -> None:
    """One sync as the app runs it, the notices timed from its start."""
    notices.start = time.monotonic()
    with client.transport.attempt(notices):
        client.sync(journal)


def _journal(tmp_path: Path) -> TestJournal:
    journal = TestJournal(tmp_path / "device.sqlite3")
    journal.many_donations(20)
    return journal


def test_closed_port_is_retried_for_the_whole_window_and_said_early(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "amildesk.sync")
    journal = _journal(tmp_path)
    notices = Notices()
    with SyncClient(f"http://127.0.0.1:{closed_port()}", "amd1_token", policy=WINDOW) as client:
        with pytest.raises(errors.UnreachableError) as caught:
            _attempt(client, journal, notices)
        elapsed = time.monotonic() - notices.start
    assert WINDOW.unreachable_timeout <= elapsed < WINDOW.unreachable_timeout + SLACK
    assert caught.value.details == {"reason": "refused", "seconds": 3}
    assert len(notices.calls) == 1  # said once, early, while retrying went on
    at, waiting = notices.calls[0]
    assert WINDOW.notice_after <= at < WINDOW.notice_after + SLACK
    assert waiting.reason == "refused" and waiting.give_up_after == WINDOW.unreachable_timeout
    assert len(_pauses(caplog)) >= 8  # it kept trying, not one refusal and a long sleep
    assert journal.acked_seq() == 0 and journal.high_seq() == 20


@SQLITE_ONLY
@pytest.mark.parametrize("fault", ["district_down_behind_the_link", "every_request_cut"])
def test_a_link_that_never_reaches_the_server_is_unreachable_too(env: Env, tmp_path: Path, fault: str) -> None:
    """Through the fault proxy: TCP connects, but the server never answers (upstream closed, or cut)."""
    journal, token = env.device(env.office())
    journal.many_donations(20)
    if fault == "district_down_behind_the_link":
        proxy = FaultProxy(closed_port())
    else:
        proxy = FaultProxy(env.server.port, faults=Faults(drop_request=1.0, cut_window=64))
    notices = Notices()
    with proxy, SyncClient(f"http://127.0.0.1:{proxy.port}", token, policy=WINDOW) as client:
        with pytest.raises(errors.UnreachableError) as caught:
            _attempt(client, journal, notices)
        elapsed = time.monotonic() - notices.start
    assert WINDOW.unreachable_timeout <= elapsed < WINDOW.unreachable_timeout + SLACK
    assert caught.value.details["reason"] == "disconnected"
    assert len(notices.calls) == 1 and WINDOW.notice_after <= notices.calls[0][0] < WINDOW.notice_after + SLACK
    assert env.server_events(journal.device_id()) == []


@SQLITE_ONLY
def test_link_back_within_the_window_finishes_the_sync(env: Env) -> None:
    """Retrying is what makes waiting worth it: the link returns after the notice and all is sent."""
    journal, token = env.device(env.office())
    journal.many_donations(300)
    notices = Notices()
    with FaultProxy(env.server.port, faults=Faults(drop_request=1.0, cut_window=64)) as proxy, \
            SyncClient(f"http://127.0.0.1:{proxy.port}", token, policy=WINDOW) as client:
        notices.then.append(lambda: proxy.set_faults(None))
        notices.start = time.monotonic()
        with client.transport.attempt(notices):
            result = client.sync(journal)
        elapsed = time.monotonic() - notices.start
    assert result.complete and result.acked_seq == journal.high_seq() == 300
    assert len(notices.calls) == 1 and elapsed < WINDOW.unreachable_timeout
    assert [seq for seq, _ in env.server_events(journal.device_id())] == list(range(1, 301))


@SQLITE_ONLY
def test_faults_after_the_server_answered_back_off_with_jitter_until_the_stall_watchdog(
        env: Env, caplog: pytest.LogCaptureFixture) -> None:
    """Drops mid-transfer are not "unreachable": no notice, jittered backoff, then StalledError."""
    caplog.set_level(logging.INFO, "amildesk.sync")
    journal, token = env.device(env.office())
    journal.many_donations(300)
    notices = Notices()
    with FaultProxy(env.server.port) as proxy, \
            SyncClient(f"http://127.0.0.1:{proxy.port}", token, policy=WINDOW) as client:
        notices.start = time.monotonic()
        with pytest.raises(errors.StalledError) as caught, client.transport.attempt(notices):
            client.me()  # the server answered
            answered = time.monotonic()
            proxy.set_faults(Faults(drop_request=1.0, drop_response=0.0, cut_window=4096))
            client.sync(journal)
        stalled_after = time.monotonic() - answered
    assert type(caught.value) is errors.StalledError and caught.value.details["reason"] == "disconnected"
    assert WINDOW.stall_timeout <= stalled_after < WINDOW.stall_timeout + SLACK
    assert notices.calls == []  # it had answered: no "not reachable yet" notice
    pauses = _pauses(caplog)
    assert len(pauses) >= 5
    for attempt, pause in enumerate(pauses[:-1]):  # the last one is cut to end at the deadline
        assert WINDOW.base_delay / 2 <= pause <= min(WINDOW.max_delay, WINDOW.base_delay * 2**attempt) + 0.01
    assert len(set(pauses)) > len(pauses) // 2 and max(pauses) > WINDOW.base_delay  # jittered, growing
    assert env.server_events(journal.device_id()) == []


def test_closing_the_app_wakes_a_sleeping_retry(tmp_path: Path) -> None:
    """cancel() (window closing) ends a waiting attempt at once, not after the backoff pause."""
    slow = RetryPolicy(base_delay=20.0, max_delay=20.0, unreachable_timeout=120.0, notice_after=10.0)
    journal = _journal(tmp_path)
    client = SyncClient(f"http://127.0.0.1:{closed_port()}", "amd1_token", policy=slow)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            client.sync(journal)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.5)  # refused at once, now sleeping ~10-20 s before the next try
    started = time.monotonic()
    client.transport.cancel()
    worker.join(timeout=5)
    assert not worker.is_alive() and time.monotonic() - started < 2.0  # not the 10-20 s pause
    assert len(outcome) == 1 and isinstance(outcome[0], errors.CancelledError)
    client.close()
