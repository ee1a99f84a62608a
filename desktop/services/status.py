"""What the office and support staff ask first: counts, today's totals, journal health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from desktop.services.context import AppContext, iso_utc
from desktop.services.sync_state import public_state
from desktop.store.journal import VerifyReport, high_seq, verify_journal
from desktop.store.tables import donation_lines, donations, donors, funds, sync_state


@dataclass(frozen=True)
class DayTotals:
    day: date
    receipts: int
    voided: int
    total: int
    by_fund: tuple[tuple[str, int], ...]  # (fund name, rupiah), active receipts only
    by_method: tuple[tuple[str, int], ...]


def day_totals(ctx: AppContext, day: date | None = None) -> DayTotals:
    """Totals of one office-local day (today by default); voided receipts are counted apart."""
    day = day or ctx.local(ctx.now()).date()
    start = iso_utc(datetime.combine(day, time.min, ctx.tz))
    end = iso_utc(datetime.combine(day + timedelta(days=1), time.min, ctx.tz))
    in_day = (donations.c.recorded_at >= start) & (donations.c.recorded_at < end)
    active = in_day & (donations.c.status == "aktif")
    with ctx.store.read() as conn:
        receipts, total = conn.execute(
            select(func.count(), func.coalesce(func.sum(donations.c.total), 0)).where(active)
        ).one()
        voided = conn.execute(
            select(func.count()).select_from(donations).where(in_day & (donations.c.status == "batal"))
        ).scalar_one()
        by_fund = conn.execute(
            select(funds.c.name, func.sum(donation_lines.c.amount))
            .select_from(donation_lines.join(donations).join(funds))
            .where(active).group_by(funds.c.name, funds.c.sort_order).order_by(funds.c.sort_order)
        ).all()
        by_method = conn.execute(
            select(donations.c.payment_method, func.sum(donations.c.total)).where(active)
            .group_by(donations.c.payment_method).order_by(donations.c.payment_method)
        ).all()
    return DayTotals(
        day=day, receipts=int(receipts), voided=int(voided), total=int(total),
        by_fund=tuple((str(n), int(a)) for n, a in by_fund),
        by_method=tuple((str(m), int(a)) for m, a in by_method),
    )


def store_status(ctx: AppContext) -> dict[str, object]:
    """The facts ``amildesk status --json`` prints."""
    with ctx.store.read() as conn:
        state = {r.key: r.value for r in conn.execute(select(sync_state))}
        journal_high = high_seq(conn)
        acked = int(state.get("acked_seq", "0"))
        return {
            "office_code": ctx.office.code,
            "office_name": ctx.office.name,
            "device_letter": ctx.office.device_letter,
            "device_id": ctx.office.device_id,
            "journal_high_seq": journal_high,
            "acked_seq": acked,
            "unsent": max(0, journal_high - acked),
            **public_state(state),
            "donors": int(conn.execute(select(func.count()).select_from(donors)).scalar_one()),
            "donations": int(conn.execute(select(func.count()).select_from(donations)).scalar_one()),
            "voided": int(conn.execute(
                select(func.count()).select_from(donations).where(donations.c.status == "batal")
            ).scalar_one()),
        }


def verify_store(ctx: AppContext) -> VerifyReport:
    with ctx.store.read() as conn:
        return verify_journal(conn, ctx.office.identity)
