"""Offline is normal (issue 10): the office app against a district it cannot reach, then can.

Real stores, the real server process on 127.0.0.1, the real ``amildesk`` command; the only fakes are
network faults: a port nothing listens on (connection refused) or the fault proxy cutting every
request. Windows are shortened through RetryPolicy (the app's are 120 s and 10 s).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.core.errors import AmilError
from desktop.services.sync_service import DEFAULT_POLICY, sync_now, sync_overview
from sync.client.transport import RetryPolicy
from tests.e2e.offices import amildesk, assert_exactly_once, clerk, donate, enroll, new_office, office_code, status
from tests.sync.conftest import Env
from tests.sync.faultproxy import FaultProxy, Faults

WINDOW = RetryPolicy(base_delay=0.05, max_delay=0.4, stall_timeout=3.0, connect_timeout=1.0, read_timeout=2.0,
                     unreachable_timeout=3.0, notice_after=0.8)
SLACK = 1.0  # scheduling on 2 shared cores

# Network faults do not depend on the server's database: these run on SQLite only (not again on PostgreSQL).
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_the_app_policy_is_two_minutes_with_a_notice_after_ten_seconds() -> None:
    assert DEFAULT_POLICY.unreachable_timeout == 120 and DEFAULT_POLICY.notice_after == 10
    assert DEFAULT_POLICY.stall_timeout == 120 and DEFAULT_POLICY.max_delay <= 10


@SQLITE_ONLY
@pytest.mark.parametrize("fault", ["closed_port", "proxy_cuts_every_request"])
def test_sync_with_the_district_unreachable_retries_says_so_early_and_keeps_every_record(
        env: Env, tmp_path: Path, fault: str) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    with FaultProxy(env.server.port) as proxy:
        enroll(env, data, code, f"http://127.0.0.1:{proxy.port}")
        if fault == "closed_port":
            proxy.close()  # the district's port now refuses connections
        else:
            proxy.set_faults(Faults(drop_request=1.0, cut_window=64))  # connects, never reaches the server
        notices: list[tuple[float, AmilError]] = []
        with clerk(data) as ctx:
            donate(ctx, 3)
            unsent = sync_overview(ctx).unsent
            started = time.monotonic()
            outcome = sync_now(ctx, policy=WINDOW,
                               on_waiting=lambda problem: notices.append((time.monotonic() - started, problem)))
            elapsed = time.monotonic() - started

            assert WINDOW.unreachable_timeout <= elapsed < WINDOW.unreachable_timeout + SLACK
            assert outcome.error is not None and outcome.error.code == "sync_unreachable"
            reason = "koneksi ditolak" if fault == "closed_port" else "koneksi terputus"
            assert outcome.error.params == {"url": f"http://127.0.0.1:{proxy.port}", "reason": reason, "seconds": 3}
            assert "tidak dapat dihubungi" in str(outcome.error) and "Data tetap aman" in str(outcome.error)
            assert len(notices) == 1
            at, notice = notices[0]
            assert WINDOW.notice_after <= at < WINDOW.notice_after + SLACK
            assert notice.code == "sync_waiting" and notice.params == {"reason": reason, "seconds": 3}
            assert str(notice).startswith("Server kabupaten belum terjangkau") and "data aman tersimpan" in str(notice)
            assert outcome.unsent == unsent > 0 and not outcome.complete

            if fault == "proxy_cuts_every_request":  # the link comes back: the next attempt sends everything
                proxy.set_faults(None)
                again = sync_now(ctx, policy=WINDOW)
                assert again.complete and again.error is None
    local = status(data)
    if fault == "closed_port":
        assert local["last_error"] == "sync_unreachable" and local["unsent"] == unsent
    else:
        assert local["last_error"] is None
        assert_exactly_once(env, data)


@SQLITE_ONLY
def test_cli_sync_offline_says_unreachable_and_exits_1(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    with FaultProxy(env.server.port) as proxy:
        enroll(env, data, code, f"http://127.0.0.1:{proxy.port}")
    started = time.monotonic()
    result = amildesk(data, "sync", "--stall-timeout", "2", check=False)
    assert time.monotonic() - started >= 2
    assert result.returncode == 1
    assert "tidak dapat dihubungi (koneksi ditolak; dicoba selama 2 detik)" in result.stderr
    assert status(data)["last_error"] == "sync_unreachable"
