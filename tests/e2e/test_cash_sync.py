"""Issue 11 acceptance: a closing, a late void, a reopening and a deposit made in a real office store
travel with the real ``amildesk sync`` to the real district server (uvicorn on loopback; SQLite, and
PostgreSQL when AMILDESK_TEST_PG_URL is set), are projected there, and the district's confirmation
of the deposit comes back to the office, which then shows it "dikonfirmasi".
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import text

from desktop.core.roles import Role
from desktop.services.closing import CloseDayInput, close_day, reopen_day
from desktop.services.deposits import CONFIRMED, PENDING, DepositInput, list_deposits, record_deposit
from desktop.services.donations import DonationInput, LineInput, record_donation, void_donation
from desktop.services.users import create_user, login
from tests.e2e.offices import PASSWORD, amildesk, clerk, enroll, new_office, office_code, server_cli
from tests.sync.conftest import Env


def _rows(env: Env, sql: str, **params: object) -> list[tuple[object, ...]]:
    with env.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def test_closing_late_void_reopening_and_deposit_reach_the_district_and_the_confirmation_returns(
        env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "kantor", code)
    enroll(env, data, code)

    with clerk(data) as ctx:
        create_user(ctx, username="kepala", full_name="Hj. Aminah", role=Role.KEPALA.value, password=PASSWORD)
        now_day = ctx.local(datetime.now(UTC)).date()
        first, second = now_day - timedelta(days=2), now_day - timedelta(days=1)

        def at(day: object, hour: int) -> None:
            ctx.clock = lambda: datetime.combine(day, time(hour), ctx.tz).astimezone(UTC)  # type: ignore[arg-type]

        at(first, 9)
        record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount=1_000_000),), anonymous=True))
        late = record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=100_000),),
                                                  anonymous=True)).receipt_number
        at(first, 17)
        closed = close_day(ctx, CloseDayInput(day=first, counted={"tunai": 1_095_000}, note="kurang Rp5.000"),
                           head_username="kepala", head_password=PASSWORD)
        at(second, 9)
        login(ctx, "kepala", PASSWORD)
        void_donation(ctx, late, "donatur membatalkan")  # a late void: the closed figures stay
        record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount=200_000),), anonymous=True))
        at(second, 17)
        nxt = close_day(ctx, CloseDayInput(day=second, counted={"tunai": 100_000}),
                        head_username="kepala", head_password=PASSWORD)
        reopen_day(ctx, second, "salah hitung, dihitung ulang")
        again = close_day(ctx, CloseDayInput(day=second, counted={"tunai": 100_000}),
                          head_username="kepala", head_password=PASSWORD)
        deposit = record_deposit(ctx, DepositInput(lines=[("zakat_maal", 700_000)], reference="BSI-123",
                                                   bank="BSI", account="7000"))
        assert nxt.late_void_adjustment == again.late_void_adjustment == 100_000

    synced = json.loads(amildesk(data, "sync", "--json").stdout)
    assert synced["complete"] and synced["flagged"] == []

    closings = _rows(env, "SELECT id, day, status, expected, counted, difference, late_void_adjustment "
                          "FROM day_closings WHERE office_id = :o ORDER BY closed_at", o=code)
    assert closings == [
        (closed.id, first.isoformat(), "closed", 1_100_000, 1_095_000, -5_000, 0),
        (nxt.id, second.isoformat(), "reopened", 100_000, 100_000, 0, 100_000),
        (again.id, second.isoformat(), "closed", 100_000, 100_000, 0, 100_000),
    ]
    assert _rows(env, "SELECT status FROM donations WHERE receipt_number = :r AND office_id = :o",
                 r=late, o=code) == [("void",)]
    assert _rows(env, "SELECT total, reference, confirmed_at FROM deposits WHERE office_id = :o", o=code) == [
        (700_000, "BSI-123", None)]
    assert _rows(env, "SELECT fund_code, amount FROM deposit_lines WHERE deposit_id = :d", d=deposit.id) == [
        ("zakat_maal", 700_000)]
    assert _rows(env, "SELECT closings, last_closed_day, difference_total, deposited_total, pending_deposits "
                      "FROM office_cash_totals WHERE office_id = :o", o=code) == [
        (2, second.isoformat(), -5_000, 700_000, 1)]

    with clerk(data) as ctx:
        assert list_deposits(ctx)[0].status == PENDING
    confirmed = server_cli(env, "confirm-deposit", deposit.id, "--by", "Bendahara BAZNAS Kabupaten")
    assert json.loads(confirmed.stdout)["deposit_id"] == deposit.id
    assert json.loads(amildesk(data, "sync", "--json").stdout)["complete"]
    with clerk(data) as ctx:
        shown = list_deposits(ctx)[0]
    assert shown.status == CONFIRMED and shown.confirmed_by == "Bendahara BAZNAS Kabupaten"
    listed = json.loads(amildesk(data, "deposits", "--json").stdout)
    assert listed["deposits"][0]["status"] == "dikonfirmasi"
