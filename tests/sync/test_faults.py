"""Exactly-once over bad links: a faulty proxy, a server killed mid-batch, concurrent writers."""

from __future__ import annotations

import threading
import time

import pytest

from sync.client.client import BatchSizer
from sync.client.transport import RetryPolicy
from sync.protocol.events import verify_chain
from sync.server import admin
from tests.sync.conftest import FAST_RETRY, Env
from tests.sync.faultproxy import FaultProxy, Faults
from tests.sync.journal import TestJournal

pytestmark = pytest.mark.slow


def _assert_exactly_once(env: Env, journal: TestJournal) -> None:
    events = journal.all_events()
    verify_chain(events)  # the device's own `verify`
    assert env.server_events(journal.device_id()) == [(e["seq"], e["hash"]) for e in events]
    status = admin.status(env.engine)
    device = next(d for o in status["offices"] for d in o["devices"] if d["device_id"] == journal.device_id())
    assert device["acked_seq"] == journal.high_seq() == journal.acked_seq() == device["events"]


def test_server_sigkill_mid_batch_then_restart(env: Env) -> None:
    journal, token = env.device(env.office())
    journal.many_donations(6_000)
    outcome: dict[str, object] = {}

    def run() -> None:
        with env.client(token, sizer=BatchSizer(events=500, cap_events=500, max_bytes=1 << 20)) as client:
            outcome["result"] = client.sync(journal)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 30
    while journal.acked_seq() == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    env.server.kill()  # somewhere inside the next batch: before, during or after its commit
    killed_at = journal.acked_seq()
    time.sleep(0.5)
    env.server.start()
    worker.join(timeout=120)
    assert not worker.is_alive()
    assert 0 < killed_at < 6_000
    _assert_exactly_once(env, journal)


def test_three_devices_two_offices_through_a_faulty_proxy(env: Env) -> None:
    office_1, office_2 = env.office(), env.office()
    faults = Faults(drop_request=0.15, drop_response=0.15, stall=0.05, stall_seconds=1.5,
                    throttle_bps=4_000_000, cut_window=48 * 1024)
    with FaultProxy(env.server.port, seed=4, faults=faults) as proxy:
        url = f"http://127.0.0.1:{proxy.port}"
        devices = [env.device(office_1, "A"), env.device(office_1, "B"), env.device(office_2, "A")]
        policy = RetryPolicy(base_delay=0.02, max_delay=0.3, stall_timeout=60, connect_timeout=1, read_timeout=1.0)
        stop = threading.Event()
        failures: list[BaseException] = []

        def write(journal: TestJournal) -> None:
            n = 0
            while not stop.is_set():
                donation = journal.donation(10_000 + n)
                n += 1
                if n % 25 == 0:
                    journal.void(donation["payload"]["receipt_number"], donation["payload"]["id"])
                time.sleep(0.002)

        def sync_loop(journal: TestJournal, token: str) -> None:
            try:
                with env.client(token, url, policy=policy) as client:
                    while not stop.is_set():
                        client.sync(journal)
            except BaseException as exc:  # surfaced below
                failures.append(exc)

        threads = [threading.Thread(target=write, args=(j,)) for j, _ in devices]
        threads += [threading.Thread(target=sync_loop, args=(j, t)) for j, t in devices]
        for thread in threads:
            thread.start()
        time.sleep(8)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        assert not failures, failures
        assert proxy.stats["dropped_request"] + proxy.stats["dropped_response"] > 3, proxy.stats
        proxy.set_faults(None)
        for journal, token in devices:
            with env.client(token, url, policy=FAST_RETRY) as client:
                result = client.sync(journal)
            assert result.complete
            assert journal.count("donation.recorded") > 50
            _assert_exactly_once(env, journal)
