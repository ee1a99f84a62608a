"""Shared fixtures: real stores in temp dirs, nothing mocked.

Also the PostgreSQL requirement: with AMILDESK_REQUIRE_PG=1 (set by .ci/run) a ``pg``-marked test that
skips (no AMILDESK_TEST_PG_URL, or the server unreachable) is reported as a failure instead, so CI
cannot go green without them. Without it, such tests skip and ``-ra`` shows why.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI shares two cores with a server, PostgreSQL and a browser: generation that is merely slow there
# (hypothesis' too_slow health check, its 200 ms deadline) is not a failure of the code under test.
settings.register_profile("amildesk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("amildesk")

PASSWORD = "rahasia123"
REQUIRE_PG = os.environ.get("AMILDESK_REQUIRE_PG", "").strip() not in ("", "0")
_pg_refused: list[str] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, object, object]:
    report = yield
    if (REQUIRE_PG and isinstance(report, pytest.TestReport) and report.skipped
            and not hasattr(report, "wasxfail") and item.get_closest_marker("pg") is not None):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"AMILDESK_REQUIRE_PG is set, so a PostgreSQL test may not skip: {reason}"
        _pg_refused.append(reason)
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _pg_refused:
        terminalreporter.write_line(
            f"AMILDESK_REQUIRE_PG is set but {len(_pg_refused)} PostgreSQL test(s) could not run: "
            f"{_pg_refused[0]}", red=True, bold=True)


@pytest.fixture
def office_dir(tmp_path: Path) -> Path:
    return tmp_path / "office"


@pytest.fixture
def ctx(office_dir: Path) -> Iterator[object]:
    """A freshly set-up office, logged in as its admin; closed after the test."""
    from desktop.services.setup import SetupInput, initialize_office

    context = initialize_office(office_dir, SetupInput(
        institution_name="BAZNAS Kabupaten Uji", institution_address="Jl. Merdeka 1",
        office_code="UPZ-UJI", office_name="UPZ Masjid Al-Ikhlas", device_letter="B",
        admin_username="admin", admin_password=PASSWORD, admin_full_name="Admin Uji",
    ))
    yield context
    context.close()
