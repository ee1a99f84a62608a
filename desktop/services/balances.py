"""Fund balances: collected − amil share − distributed − deposited, per fund, never mixed.

The sums come from ``fund_totals``, which triggers keep exact in the same transaction as every
donation line, void, distribution decision and deposit (migration 0002): reading the balances costs
one small join however many donation lines the office holds. ``recompute_totals`` sums the raw rows
instead; tests and the benchmark use it to prove the running totals never drift.

The amil share is computed at read time from the collected total and the office's current rates
(zakat 12.5 %, infak/sedekah 20 %, DSKL = infak rate unless set; see ``aid_settings``), rounded
down: a change of rate applies to the whole balance, so offices change it at the start of a book
year.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from desktop.core.aid import FundBalance, amil_share
from desktop.core.errors import ValidationError
from desktop.services.aid_settings import read_amil_share_rates
from desktop.services.context import AppContext
from desktop.store.tables import donation_lines, donations, funds
from desktop.store.tables_beneficiaries import deposits, distributions, fund_totals

_ZERO = func.coalesce


def read_balances(conn: Connection) -> list[FundBalance]:
    """Every active fund, and any inactive one still holding money, in catalogue order."""
    rates = read_amil_share_rates(conn)
    rows = conn.execute(
        select(funds.c.code, funds.c.name, funds.c.kind, funds.c.active,
               _ZERO(fund_totals.c.collected, 0).label("collected"),
               _ZERO(fund_totals.c.distributed, 0).label("distributed"),
               _ZERO(fund_totals.c.pending, 0).label("pending"),
               _ZERO(fund_totals.c.deposited, 0).label("deposited"))
        .select_from(funds.outerjoin(fund_totals, fund_totals.c.fund_code == funds.c.code))
        .order_by(funds.c.sort_order, funds.c.code)
    ).all()
    result = []
    for r in rows:
        if not r.active and not (r.collected or r.distributed or r.pending or r.deposited):
            continue
        result.append(FundBalance(
            fund_code=r.code, fund_name=r.name, kind=r.kind, collected=int(r.collected),
            amil_share=amil_share(int(r.collected), rates.for_kind(r.kind)), distributed=int(r.distributed),
            deposited=int(r.deposited), pending=int(r.pending),
        ))
    return result


def read_fund_balance(conn: Connection, fund_code: str) -> FundBalance:
    for balance in read_balances(conn):
        if balance.fund_code == fund_code:
            return balance
    raise ValidationError("fund_unknown", fund=fund_code)


def fund_balances(ctx: AppContext) -> list[FundBalance]:
    with ctx.store.read() as conn:
        return read_balances(conn)


def balances_json(items: list[FundBalance]) -> list[dict[str, object]]:
    """What ``amildesk balances --json`` prints, one object per fund (integer rupiah)."""
    return [
        {"fund": b.fund_code, "name": b.fund_name, "kind": b.kind, "collected": b.collected,
         "amil_share": b.amil_share, "distributed": b.distributed, "deposited": b.deposited,
         "balance": b.balance, "pending": b.pending, "available": b.available}
        for b in items
    ]


def recompute_totals(conn: Connection) -> dict[str, tuple[int, int, int, int]]:
    """(collected, distributed, pending, deposited) per fund summed from the raw rows (slow, exact)."""
    totals: dict[str, list[int]] = {}

    def add(code: str, index: int, amount: int) -> None:
        totals.setdefault(code, [0, 0, 0, 0])[index] += int(amount)

    for code, amount in conn.execute(
        select(donation_lines.c.fund_code, func.sum(donation_lines.c.amount))
        .select_from(donation_lines.join(donations, donations.c.id == donation_lines.c.donation_id))
        .where(donations.c.status == "aktif").group_by(donation_lines.c.fund_code)
    ):
        add(code, 0, amount)
    for code, status, amount in conn.execute(
        select(distributions.c.fund_code, distributions.c.status, func.sum(distributions.c.amount))
        .group_by(distributions.c.fund_code, distributions.c.status)
    ):
        if status == "disetujui":
            add(code, 1, amount)
        elif status == "diajukan":
            add(code, 2, amount)
    for code, amount in conn.execute(
        select(deposits.c.fund_code, func.sum(deposits.c.amount)).group_by(deposits.c.fund_code)
    ):
        add(code, 3, amount)
    return {code: (v[0], v[1], v[2], v[3]) for code, v in totals.items() if any(v)}


def stored_totals(conn: Connection) -> dict[str, tuple[int, int, int, int]]:
    """The running totals as stored, without all-zero rows (comparable with ``recompute_totals``)."""
    return {
        r.fund_code: (int(r.collected), int(r.distributed), int(r.pending), int(r.deposited))
        for r in conn.execute(select(fund_totals))
        if r.collected or r.distributed or r.pending or r.deposited
    }
