"""Helpers for the beneficiary tests: valid identity numbers, office users by role, money in funds."""

from __future__ import annotations

import pytest

from desktop.core.roles import Role
from desktop.services.context import AppContext, UserInfo
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.users import create_user
from tests.conftest import PASSWORD


def make_nik(i: int, *, female: bool = False, province: str = "32") -> str:
    """The i-th valid NIK (unique per i): region 320101 + birth date DDMMYY (+40 for women) + serial."""
    rest = i // 9000
    day = 1 + rest % 28 + (40 if female else 0)
    month = 1 + (rest // 28) % 12
    return f"{province}0101{day:02d}{month:02d}{(rest // 336) % 100:02d}{1 + i % 9000:04d}"


def make_kk(i: int) -> str:
    return f"3201{10**11 + i:012d}"


@pytest.fixture
def head(ctx: AppContext) -> UserInfo:
    return create_user(ctx, username="kepala", full_name="Hj. Aminah", role=Role.KEPALA.value, password=PASSWORD)


@pytest.fixture
def clerk(ctx: AppContext) -> UserInfo:
    return create_user(ctx, username="petugas", full_name="Rudi Hartono", role=Role.PETUGAS.value,
                       password=PASSWORD)


def give(ctx: AppContext, fund: str, amount: int) -> str:
    """Record an anonymous donation of ``amount`` to ``fund``; returns the receipt number."""
    return record_donation(ctx, DonationInput(lines=(LineInput(fund, amount=amount),), anonymous=True)).receipt_number
