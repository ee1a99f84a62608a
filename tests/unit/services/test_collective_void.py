"""Voiding a whole collective hand-over (``void_collective``) on a real store: one transaction for every
still-active payer receipt, receipts voided one by one before are skipped, a receipt of a closed day is
a late void exactly as with ``void_donation``, clerks and empty hand-overs are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from desktop.core.errors import NotFound, PermissionDenied, ValidationError
from desktop.services.closing import CloseDayInput, close_day
from desktop.services.collective import (
    STATUS_ACTIVE,
    STATUS_PARTLY_VOID,
    STATUS_VOID,
    CollectiveInput,
    PayerLine,
    get_collective,
    list_collectives,
    record_collective,
    void_collective,
)
from desktop.services.collective_receipts import collective_doc
from desktop.services.donations import void_donation
from desktop.services.institutions import InstitutionInput, create_institution
from desktop.services.users import login
from desktop.store.journal import iter_events
from desktop.store.tables import donations
from desktop.store.tables_cash import late_voids
from tests.collective_data import payer_nik
from tests.conftest import PASSWORD
from tests.unit.cash.conftest import Clock, clerk, clock, give, head  # noqa: F401  (fixtures)


def _handover(ctx, payers: int = 4, period: str = "2026-11"):
    school = create_institution(ctx, InstitutionInput(f"SD Negeri {period}", "sekolah", contact="Bu Siti"))
    lines = [PayerLine(f"Guru {i}", payer_nik(i), "infak_tidak_terikat", 50_000 + i * 1_000, row=i)
             for i in range(1, payers + 1)]
    total = sum(int(line.amount) for line in lines)
    return record_collective(ctx, CollectiveInput(school.id, period, total, "transfer", tuple(lines),
                                                  payment_reference="TRF-9"))


def _statuses(ctx, collective_id: str) -> dict[str, str]:
    with ctx.store.read() as conn:
        return {r.receipt_number: r.status for r in conn.execute(
            select(donations.c.receipt_number, donations.c.status).where(donations.c.collective_id == collective_id))}


def _voided_events(ctx) -> list[dict]:
    with ctx.store.read() as conn:
        return [e for e in iter_events(conn, ctx.office.identity) if e["type"] == "donation.voided"]


def test_every_active_receipt_voided_in_one_transaction_skipping_earlier_voids(ctx, head) -> None:  # noqa: F811
    saved = _handover(ctx, payers=5)
    first = saved.receipts[0].number
    void_donation(ctx, first, "dobel dengan kuitansi loket")
    assert get_collective(ctx, saved.number).status == STATUS_PARTLY_VOID
    before = len(_voided_events(ctx))

    login(ctx, "kepala", PASSWORD)
    done = void_collective(ctx, saved.number, "  salah lembaga, seharusnya SD 2 ")
    assert done.receipts == tuple(r.number for r in saved.receipts[1:]) and done.late == ()
    assert done.amount == sum(r.total for r in saved.receipts[1:])
    assert set(_statuses(ctx, saved.id).values()) == {"batal"}
    events = _voided_events(ctx)[before:]
    assert [e["payload"]["receipt_number"] for e in events] == list(done.receipts)
    assert {e["payload"]["reason"] for e in events} == {"salah lembaga, seharusnya SD 2"}
    assert all("late_void" not in e["payload"] for e in events)
    with ctx.store.read() as conn:  # the earlier void keeps its own reason
        reason = conn.execute(select(donations.c.void_reason).where(donations.c.receipt_number == first)).scalar_one()
    assert reason == "dobel dengan kuitansi loket"

    summary = get_collective(ctx, saved.id)
    assert (summary.status, summary.active_count, summary.active_total) == (STATUS_VOID, 0, 0)
    doc = collective_doc(ctx, saved.id)
    assert doc.is_void and doc.total == 0

    with pytest.raises(ValidationError) as caught:
        void_collective(ctx, saved.id, "sekali lagi")
    assert caught.value.code == "collective_nothing_active"
    assert saved.number in str(caught.value)


def test_a_failure_midway_voids_nothing(ctx, head) -> None:  # noqa: F811
    """The store refuses the 3rd payer's update (a trigger standing in for a disk fault): the whole
    hand-over stays active, no event is journalled; once the fault is gone one call voids them all."""
    saved = _handover(ctx, payers=4)
    third = saved.receipts[2].number
    with ctx.store.write() as conn:
        conn.exec_driver_sql(f"CREATE TRIGGER fail_third BEFORE UPDATE ON donations WHEN OLD.receipt_number = "
                             f"'{third}' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    login(ctx, "kepala", PASSWORD)
    with pytest.raises(Exception, match="disk I/O error"):
        void_collective(ctx, saved.id, "salah lembaga")
    assert set(_statuses(ctx, saved.id).values()) == {"aktif"} and _voided_events(ctx) == []
    with ctx.store.write() as conn:
        conn.exec_driver_sql("DROP TRIGGER fail_third")
    assert len(void_collective(ctx, saved.id, "salah lembaga").receipts) == 4
    assert len(_voided_events(ctx)) == 4


def test_a_receipt_of_a_closed_day_is_a_late_void_like_void_donation(ctx, clock: Clock, head) -> None:  # noqa: F811
    day = ctx.local(ctx.now()).date() - timedelta(days=1)
    clock.at(day, 9)
    saved = _handover(ctx, payers=3)
    counter = give(ctx, "sedekah", 10_000)
    clock.at(day, 17)
    close_day(ctx, CloseDayInput(day=day, counted={"tunai": 10_000, "transfer": saved.total}),
              head_username="kepala", head_password=PASSWORD)
    clock.at(day + timedelta(days=1), 9)
    login(ctx, "kepala", PASSWORD)
    done = void_collective(ctx, saved.id, "salah periode")
    assert done.late == tuple((r.number, day.isoformat()) for r in saved.receipts)
    assert done.late_days == (day.isoformat(),)
    with ctx.store.read() as conn:
        rows = conn.execute(select(late_voids.c.receipt_number, late_voids.c.amount, late_voids.c.payment_method)
                            .order_by(late_voids.c.receipt_number)).all()
    assert [tuple(r) for r in rows] == [(r.number, r.total, "transfer") for r in saved.receipts]
    payloads = [e["payload"] for e in _voided_events(ctx)]
    assert all(p["late_void"] is True and p["closed_day"] == day.isoformat() for p in payloads)
    # The same as a single void of a closed day's receipt.
    assert void_donation(ctx, counter, "salah dana") == day.isoformat()
    single = _voided_events(ctx)[-1]["payload"]
    assert set(single) == set(payloads[0])


def test_a_clerk_is_refused_and_nothing_changes(ctx, clerk) -> None:  # noqa: F811
    saved = _handover(ctx, payers=2)
    login(ctx, "petugas", PASSWORD)
    with pytest.raises(PermissionDenied):
        void_collective(ctx, saved.number, "salah lembaga")
    login(ctx, "admin", PASSWORD)
    for bad in ("", " x "):
        with pytest.raises(ValidationError) as caught:
            void_collective(ctx, saved.number, bad)
        assert caught.value.code == "void_reason_required"
    with pytest.raises(NotFound):
        void_collective(ctx, "KLL-PKS/2026/A/KOL-999999", "salah lembaga")
    assert set(_statuses(ctx, saved.id).values()) == {"aktif"}
    assert _voided_events(ctx) == []
    assert get_collective(ctx, saved.number).status == STATUS_ACTIVE


def test_list_shows_status_newest_first(ctx) -> None:
    older = _handover(ctx, payers=2, period="2026-10")
    newer = _handover(ctx, payers=3, period="2026-11")
    void_donation(ctx, newer.receipts[1].number, "salah nama")
    rows = list_collectives(ctx)
    assert [(r.number, r.status, r.active_count, r.payer_count) for r in rows] == [
        (newer.number, STATUS_PARTLY_VOID, 2, 3), (older.number, STATUS_ACTIVE, 2, 2)]
    assert rows[0].active_total == newer.total - newer.receipts[1].total
    with ctx.store.read() as conn:
        assert conn.execute(select(func.count()).select_from(late_voids)).scalar_one() == 0
