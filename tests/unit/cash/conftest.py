"""Cash tests: an office with a head and a clerk, and a clock the test moves (days are office-local)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from desktop.core.roles import Role
from desktop.services.context import AppContext, UserInfo
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.users import create_user
from tests.conftest import PASSWORD


class Clock:
    """The office's "now", set per test: ``at(day, hour)`` is office-local (WIB)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.moment = datetime.now(UTC)
        ctx.clock = lambda: self.moment

    def at(self, day: date, hour: int = 10, minute: int = 0) -> None:
        self.moment = datetime.combine(day, time(hour, minute), self.ctx.tz).astimezone(UTC)


@pytest.fixture
def clock(ctx: AppContext) -> Iterator[Clock]:
    yield Clock(ctx)


@pytest.fixture
def head(ctx: AppContext) -> UserInfo:
    return create_user(ctx, username="kepala", full_name="Hj. Aminah", role=Role.KEPALA.value, password=PASSWORD)


@pytest.fixture
def clerk(ctx: AppContext) -> UserInfo:
    return create_user(ctx, username="petugas", full_name="Rudi Hartono", role=Role.PETUGAS.value,
                       password=PASSWORD)


def give(ctx: AppContext, fund: str, amount: int, method: str = "tunai") -> str:
    """An anonymous donation of ``amount`` to ``fund``; returns its receipt number."""
    return record_donation(ctx, DonationInput(
        lines=(LineInput(fund, amount=amount),), anonymous=True, payment_method=method,
        payment_reference=None if method == "tunai" else "REF-1")).receipt_number


def days_ago(clock: Clock, n: int) -> date:
    return (clock.ctx.local(datetime.now(UTC)) - timedelta(days=n)).date()
