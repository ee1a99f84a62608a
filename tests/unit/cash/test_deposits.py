"""Deposits on a real store: cash on hand, the limit, the balances' "Disetor", confirmation status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from desktop.core.errors import ValidationError
from desktop.services.aid_settings import update_aid_settings
from desktop.services.balances import balances_json, fund_balances, recompute_totals, stored_totals
from desktop.services.context import AppContext, UserInfo
from desktop.services.deposits import CONFIRMED, PENDING, DepositInput, cash_on_hand, list_deposits, record_deposit
from desktop.services.donations import void_donation
from desktop.services.status import verify_store
from desktop.services.sync_apply import ApplyContext, apply_items
from desktop.store import dbapi
from desktop.store.journal import iter_events
from desktop.store.tables import journal
from desktop.store.tables_beneficiaries import deposits
from desktop.store.tables_cash import deposit_slips, fund_cash_totals
from tests.unit.cash.conftest import Clock, give


def _counts(ctx: AppContext) -> tuple[int, int, int]:
    with ctx.store.read() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar_one()  # type: ignore[return-value]
                     for t in (deposit_slips, deposits, journal))


def _plain_cash(ctx: AppContext) -> dict[str, int]:
    """Cash collected per fund by plain SQL over the file (independent of the triggers)."""
    conn = dbapi.connect(ctx.store.paths.database)
    try:
        return dict(conn.execute(
            "SELECT l.fund_code, SUM(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
            "WHERE d.status = 'aktif' AND d.payment_method = 'tunai' GROUP BY l.fund_code").fetchall())
    finally:
        conn.close()


def test_cash_on_hand_counts_cash_only_less_amil_share_and_deposits(ctx: AppContext, clock: Clock) -> None:
    give(ctx, "zakat_maal", 1_000_000)
    give(ctx, "zakat_maal", 400_000, method="transfer")  # in the bank already: not on hand
    give(ctx, "infak_tidak_terikat", 500_000)
    voided = give(ctx, "infak_tidak_terikat", 90_000)
    void_donation(ctx, voided, "salah input")
    hand = {c.fund_code: c for c in cash_on_hand(ctx)}
    assert {code: c.collected for code, c in hand.items() if c.collected} == _plain_cash(ctx)
    assert hand["zakat_maal"].collected == 1_000_000
    assert hand["zakat_maal"].amil_share == 125_000  # 12.5 % of the cash, kept by the office
    assert hand["zakat_maal"].on_hand == 875_000
    assert hand["infak_tidak_terikat"].on_hand == 400_000  # 500.000 less 20 %

    update_aid_settings(ctx, amil_share_retained=False)  # the district pays the amil: deposit it all
    assert {c.fund_code: c.on_hand for c in cash_on_hand(ctx)}["zakat_maal"] == 1_000_000
    update_aid_settings(ctx, amil_share_retained=True)

    deposit = record_deposit(ctx, DepositInput(
        lines=[("zakat_maal", 800_000), ("infak_tidak_terikat", 400_000)], reference="BSI-778812",
        bank="BSI KCP Tanah Grogot", account="7123456789"))
    assert deposit.total == 1_200_000 and deposit.status == PENDING
    assert deposit.lines == (("infak_tidak_terikat", 400_000), ("zakat_maal", 800_000))
    hand = {c.fund_code: c for c in cash_on_hand(ctx)}
    assert hand["zakat_maal"].on_hand == 75_000 and hand["infak_tidak_terikat"].on_hand == 0
    balances = {b["fund"]: b for b in balances_json(fund_balances(ctx))}
    assert balances["zakat_maal"]["deposited"] == 800_000
    assert balances["zakat_maal"]["balance"] == 1_400_000 - 175_000 - 800_000
    with ctx.store.read() as conn:
        assert recompute_totals(conn) == stored_totals(conn)
        event = list(iter_events(conn, ctx.office.identity))[-1]
    assert event["type"] == "deposit.recorded"
    assert event["payload"]["lines"] == [{"fund_code": "zakat_maal", "amount": 800_000},
                                         {"fund_code": "infak_tidak_terikat", "amount": 400_000}]
    assert event["payload"]["total"] == 1_200_000 and event["payload"]["reference"] == "BSI-778812"
    assert verify_store(ctx).ok


def test_deposit_above_cash_on_hand_is_refused_and_nothing_is_saved(ctx: AppContext, clock: Clock) -> None:
    give(ctx, "sedekah", 100_000)  # on hand 80.000 after the 20 % amil share
    give(ctx, "zakat_maal", 1_000_000)
    before = _counts(ctx)
    balances_before = balances_json(fund_balances(ctx))
    with pytest.raises(ValidationError) as refused:
        record_deposit(ctx, DepositInput(lines=[("zakat_maal", 100_000), ("sedekah", 80_001)],
                                         reference="REF-1", bank="BRI"))
    assert refused.value.code == "deposit_exceeds_cash"
    assert "Rp80.001" in str(refused.value) and "Rp80.000" in str(refused.value)
    assert _counts(ctx) == before  # not even the valid zakat line
    assert balances_json(fund_balances(ctx)) == balances_before
    record_deposit(ctx, DepositInput(lines=[("sedekah", 80_000)], reference="REF-2", bank="BRI"))
    with pytest.raises(ValidationError) as empty:
        record_deposit(ctx, DepositInput(lines=[("sedekah", 1)], reference="REF-3", bank="BRI"))
    assert empty.value.code == "deposit_exceeds_cash"


@pytest.mark.parametrize(("lines", "reference", "bank", "code"), [
    ([], "R", "BRI", "deposit_no_lines"),
    ([("sedekah", 0)], "R", "BRI", "amount_zero_or_negative"),
    ([("sedekah", -5)], "R", "BRI", "amount_zero_or_negative"),
    ([("sedekah", "10")], "R", "BRI", "amount_not_number"),
    ([("sedekah", 10), ("sedekah", 10)], "R", "BRI", "deposit_fund_repeated"),
    ([("emas_batangan", 10)], "R", "BRI", "fund_unknown"),
    ([("sedekah", 10)], " ", "BRI", "deposit_reference_required"),
    ([("sedekah", 10)], "R", "B" * 81, "text_too_long"),
])
def test_bad_deposits_are_refused(ctx: AppContext, clock: Clock, lines: list, reference: str, bank: str,
                                  code: str) -> None:
    give(ctx, "sedekah", 100_000)
    before = _counts(ctx)
    with pytest.raises(ValidationError) as refused:
        record_deposit(ctx, DepositInput(lines=lines, reference=reference, bank=bank))
    assert refused.value.code == code
    assert _counts(ctx) == before


def test_future_deposit_date_is_refused(ctx: AppContext, clock: Clock) -> None:
    give(ctx, "sedekah", 100_000)
    tomorrow = clock.ctx.local(clock.moment).date() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        record_deposit(ctx, DepositInput(lines=[("sedekah", 10)], reference="R", bank="BRI", deposited_on=tomorrow))
    assert refused.value.code == "deposit_future_date"


def test_cash_aid_leaves_the_drawer_and_the_district_confirmation_shows(ctx: AppContext, clock: Clock,
                                                                         head: UserInfo) -> None:
    from desktop.services.beneficiaries import PersonInput, register_person
    from desktop.services.distributions import DistributionInput, approve_distribution, propose_distribution
    from tests.unit.beneficiaries.conftest import make_nik

    give(ctx, "infak_tidak_terikat", 1_000_000)
    person = register_person(ctx, PersonInput(name="Siti", nik=make_nik(1), asnaf="miskin"))
    goods = propose_distribution(ctx, DistributionInput(person.id, "infak_tidak_terikat", "umum", kind="barang",
                                                        item="Beras", quantity="10", unit="kg", amount=100_000))
    cash = propose_distribution(ctx, DistributionInput(person.id, "infak_tidak_terikat", "umum", amount=300_000))
    ctx.user = head
    approve_distribution(ctx, goods.distribution.id, "paket sembako")  # goods never were cash in the drawer
    approve_distribution(ctx, cash.distribution.id, "bantuan kedua, sesuai rapat")
    hand = {c.fund_code: c for c in cash_on_hand(ctx)}["infak_tidak_terikat"]
    assert (hand.collected, hand.amil_share, hand.distributed, hand.on_hand) == (1_000_000, 200_000, 300_000, 500_000)
    with ctx.store.read() as conn:
        assert conn.execute(select(fund_cash_totals.c.distributed).where(
            fund_cash_totals.c.fund_code == "infak_tidak_terikat")).scalar_one() == 300_000

    deposit = record_deposit(ctx, DepositInput(lines=[("infak_tidak_terikat", 500_000)], reference="R-9",
                                               bank="Bank Kaltimtara"))
    with ctx.store.write() as conn:  # the district's confirmation arrives as a reference item
        apply_items(conn, [{"kind": "deposit_confirmation", "id": deposit.id, "version": 1, "deleted": False,
                            "data": {"deposit_id": deposit.id, "confirmed_at": "2026-12-03T02:00:00.000Z",
                                     "confirmed_by": "Bendahara Kabupaten", "note": "diterima"}}],
                    ApplyContext(now=ctx.now_iso(), acked_seq=0))
    shown = list_deposits(ctx)[0]
    assert shown.status == CONFIRMED and shown.confirmed_by == "Bendahara Kabupaten"
