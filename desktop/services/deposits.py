"""Deposits (setoran): cash taken to the district account, never more than the office holds.

Cash on hand per fund = cash (tunai) collected − cash aid approved − deposited − the amil share of
that cash when the office keeps it (``AidSettings.amil_share_retained``, default True: offices keep
the hak amil for their operations; an office whose district pays the amil sets it False and deposits
everything). Transfers and QRIS never were in the drawer, so they are not on hand. The sums come from
``fund_cash_totals`` and ``fund_totals`` (both kept exact by triggers), so the check costs a dozen rows.

A deposit is one ``deposit_slips`` row plus one ``deposits`` row per fund (whose trigger moves the
fund balance's "Disetor"), and one ``deposit.recorded`` event, in one transaction; the amounts are
checked against cash on hand inside that transaction, so a refused deposit stores nothing. The
district confirms it; the confirmation comes back as reference data of kind
``deposit_confirmation`` (item id = deposit id) and is read from ``reference_items`` here, whatever
order pages and deposits arrive in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, insert, select

from desktop.core.aid import amil_share
from desktop.core.errors import ValidationError
from desktop.core.ids import new_uuid7
from desktop.core.money import MAX_LINE_AMOUNT, format_rupiah
from desktop.core.text import clean_text
from desktop.services.aid_settings import read_aid_settings, read_amil_share_rates
from desktop.services.closing import today
from desktop.services.context import AppContext
from desktop.store.journal import append_event
from desktop.store.tables import funds, reference_items, users
from desktop.store.tables_beneficiaries import deposits, fund_totals
from desktop.store.tables_cash import deposit_slips, fund_cash_totals
from sync.protocol.events import DEPOSIT_RECORDED

CONFIRMATION_KIND = "deposit_confirmation"
PENDING, CONFIRMED = "menunggu konfirmasi", "dikonfirmasi"


@dataclass(frozen=True)
class CashOnHand:
    fund_code: str
    fund_name: str
    collected: int  # cash (tunai) donations, voids excluded
    amil_share: int  # subtracted only when the office keeps it
    distributed: int  # approved cash aid
    deposited: int

    @property
    def on_hand(self) -> int:
        return self.collected - self.amil_share - self.distributed - self.deposited


@dataclass(frozen=True)
class DepositInput:
    lines: Sequence[tuple[str, int]]  # (fund code, rupiah)
    reference: str
    bank: str | None = None
    account: str | None = None
    note: str | None = None
    deposited_on: date | None = None  # default: today (office time)


@dataclass(frozen=True)
class Deposit:
    id: str
    deposited_on: date
    total: int
    bank: str
    account: str | None
    reference: str
    note: str | None
    recorded_at: str
    by: str  # full name
    lines: tuple[tuple[str, int], ...]  # (fund code, rupiah)
    confirmed_at: str | None = None
    confirmed_by: str | None = None
    confirm_note: str | None = None

    @property
    def status(self) -> str:
        return CONFIRMED if self.confirmed_at else PENDING


def read_cash_on_hand(conn: Connection) -> list[CashOnHand]:
    """Every fund that ever held cash (active funds too, at zero), in catalogue order."""
    rates = read_amil_share_rates(conn)
    retained = read_aid_settings(conn).amil_share_retained
    rows = conn.execute(
        select(funds.c.code, funds.c.name, funds.c.kind, funds.c.active,
               func.coalesce(fund_cash_totals.c.collected, 0), func.coalesce(fund_cash_totals.c.distributed, 0),
               func.coalesce(fund_totals.c.deposited, 0))
        .select_from(funds.outerjoin(fund_cash_totals, fund_cash_totals.c.fund_code == funds.c.code)
                     .outerjoin(fund_totals, fund_totals.c.fund_code == funds.c.code))
        .order_by(funds.c.sort_order, funds.c.code)
    ).all()
    result = []
    for code, name, kind, active, collected, distributed, deposited in rows:
        if not active and not (collected or distributed or deposited):
            continue
        share = amil_share(int(collected), rates.for_kind(kind)) if retained else 0
        result.append(CashOnHand(str(code), str(name), int(collected), share, int(distributed), int(deposited)))
    return result


def cash_on_hand(ctx: AppContext) -> list[CashOnHand]:
    with ctx.store.read() as conn:
        return read_cash_on_hand(conn)


def _clean_lines(lines: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    if not lines:
        raise ValidationError("deposit_no_lines")
    seen: set[str] = set()
    clean = []
    for code, amount in lines:
        if code in seen:
            raise ValidationError("deposit_fund_repeated", fund=code)
        seen.add(code)
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise ValidationError("amount_not_number", text=str(amount))
        if amount <= 0:
            raise ValidationError("amount_zero_or_negative", amount=format_rupiah(amount))
        if amount > MAX_LINE_AMOUNT:
            raise ValidationError("amount_too_large", amount=format_rupiah(amount),
                                  limit=format_rupiah(MAX_LINE_AMOUNT))
        clean.append((code, amount))
    return clean


def record_deposit(ctx: AppContext, data: DepositInput) -> Deposit:
    """Store one deposit and its ``deposit.recorded`` event, or nothing if any amount exceeds cash on hand."""
    user = ctx.require_user()
    lines = _clean_lines(data.lines)
    reference = clean_text(data.reference, max_len=60, field="Referensi setoran")
    if not reference:
        raise ValidationError("deposit_reference_required")
    bank = clean_text(data.bank, max_len=80, field="Bank") or ""  # optional: the reference identifies it
    account = clean_text(data.account, max_len=40, field="Nomor rekening")
    note = clean_text(data.note, max_len=300, field="Catatan")
    day = data.deposited_on or today(ctx)
    if day > today(ctx):
        raise ValidationError("deposit_future_date", day=day.isoformat())
    now_iso = ctx.now_iso()
    deposit_id = new_uuid7()
    total = sum(amount for _code, amount in lines)
    with ctx.store.write() as conn:
        on_hand = {c.fund_code: c for c in read_cash_on_hand(conn)}
        for code, amount in lines:
            fund = on_hand.get(code)
            if fund is None:
                raise ValidationError("fund_unknown", fund=code)
            if amount > fund.on_hand:
                raise ValidationError("deposit_exceeds_cash", fund=fund.fund_name, amount=format_rupiah(amount),
                                      on_hand=format_rupiah(max(0, fund.on_hand)))
        conn.execute(insert(deposit_slips).values(
            id=deposit_id, deposited_on=day.isoformat(), total=total, bank=bank, account=account,
            reference=reference, note=note, recorded_at=now_iso, user_id=user.id))
        conn.execute(insert(deposits), [
            {"id": new_uuid7(), "fund_code": code, "amount": amount, "deposited_on": day.isoformat(),
             "reference": reference, "note": note, "recorded_at": now_iso, "user_id": user.id,
             "deposit_id": deposit_id}
            for code, amount in lines])
        append_event(
            conn, ctx.office.identity, type=DEPOSIT_RECORDED, entity_id=deposit_id,
            payload={"deposit_id": deposit_id, "office_id": ctx.office.code, "date": day.isoformat(),
                     "lines": [{"fund_code": code, "amount": amount} for code, amount in lines], "total": total,
                     "bank": bank, "account": account, "reference": reference, "by": user.id},
            user_id=user.id, occurred_at=now_iso,
        )
        return _read_deposits(conn, deposit_id=deposit_id)[0]


def _read_deposits(conn: Connection, *, deposit_id: str | None = None, limit: int = 200) -> list[Deposit]:
    query = (select(deposit_slips, users.c.full_name)
             .select_from(deposit_slips.outerjoin(users, users.c.id == deposit_slips.c.user_id))
             .order_by(deposit_slips.c.deposited_on.desc(), deposit_slips.c.recorded_at.desc()).limit(limit))
    if deposit_id is not None:
        query = query.where(deposit_slips.c.id == deposit_id)
    slips = conn.execute(query).all()
    ids = [s.id for s in slips]
    lines: dict[str, list[tuple[str, int]]] = {}
    confirmations: dict[str, dict[str, object]] = {}
    if ids:
        for did, code, amount in conn.execute(
                select(deposits.c.deposit_id, deposits.c.fund_code, deposits.c.amount)
                .where(deposits.c.deposit_id.in_(ids)).order_by(deposits.c.fund_code)):
            lines.setdefault(str(did), []).append((str(code), int(amount)))
        for item_id, data in conn.execute(
                select(reference_items.c.item_id, reference_items.c.data).where(
                    reference_items.c.kind == CONFIRMATION_KIND, reference_items.c.item_id.in_(ids),
                    reference_items.c.deleted.is_(False))):
            parsed = json.loads(data)
            if isinstance(parsed, dict):
                confirmations[str(item_id)] = parsed
    result = []
    for s in slips:
        confirmation = confirmations.get(s.id, {})
        confirmed_at = confirmation.get("confirmed_at")
        result.append(Deposit(
            id=s.id, deposited_on=date.fromisoformat(s.deposited_on), total=int(s.total), bank=s.bank,
            account=s.account, reference=s.reference, note=s.note, recorded_at=s.recorded_at,
            by=s.full_name or s.user_id, lines=tuple(lines.get(s.id, [])),
            confirmed_at=str(confirmed_at) if confirmed_at else None,
            confirmed_by=str(confirmation.get("confirmed_by") or "") or None,
            confirm_note=str(confirmation.get("note") or "") or None,
        ))
    return result


def list_deposits(ctx: AppContext, *, limit: int = 200) -> list[Deposit]:
    """The newest deposits with their confirmation state ("menunggu konfirmasi" / "dikonfirmasi")."""
    with ctx.store.read() as conn:
        return _read_deposits(conn, limit=limit)


def get_deposit(ctx: AppContext, deposit_id: str) -> Deposit:
    with ctx.store.read() as conn:
        found = _read_deposits(conn, deposit_id=deposit_id)
    if not found:
        raise ValidationError("deposit_not_found", deposit=deposit_id)
    return found[0]


def deposit_json(d: Deposit) -> dict[str, object]:
    """What ``amildesk deposit --json`` prints."""
    return {"deposit_id": d.id, "date": d.deposited_on.isoformat(), "total": d.total, "bank": d.bank,
            "account": d.account, "reference": d.reference, "by": d.by, "status": d.status,
            "confirmed_at": d.confirmed_at, "lines": [{"fund_code": c, "amount": a} for c, a in d.lines]}
