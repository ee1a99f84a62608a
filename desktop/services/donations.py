"""Recording and voiding donations: the office's core use cases.

A donation, its lines, its receipt number and its journal event are written in one IMMEDIATE
transaction with synchronous=FULL: once ``record_donation`` returns, the receipt exists on disk and
its number can never be handed out again. Printing happens after, never inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.core.errors import NotFound, ValidationError
from desktop.core.funds import FundUnit, Rates
from desktop.core.ids import new_uuid7
from desktop.core.money import check_line_amount
from desktop.core.payment import PaymentMethod, requires_reference
from desktop.core.receipt_number import format_receipt_number
from desktop.core.roles import Role
from desktop.core.text import clean_text
from desktop.services.closing import ensure_day_open, late_void_of
from desktop.services.context import AppContext
from desktop.services.donors import ANONYMOUS_NAME, DonorInput, insert_donor
from desktop.services.settings import load_settings
from desktop.store.journal import append_event
from desktop.store.tables import donation_lines, donations, donors, funds, programs, receipt_counters
from sync.protocol.events import DONATION_RECORDED, DONATION_VOIDED

MAX_LINES = 30
MAX_PERSONS_OR_DAYS = 10_000
UNIT_PERSONS = "jiwa"
UNIT_DAYS = "hari"
UNIT_GRAMS = "gram"


@dataclass(frozen=True)
class LineInput:
    """One fund line as typed. Fitrah lines give ``persons``; fidyah lines give ``days``."""

    fund_code: str
    amount: int | None = None
    program_code: str | None = None
    persons: int | None = None
    days: int | None = None
    rice: bool = False               # zakat fitrah paid in rice
    rice_grams: int | None = None    # default: persons x the configured grams per person
    note: str | None = None


@dataclass(frozen=True)
class DonationInput:
    lines: tuple[LineInput, ...]
    payment_method: str = PaymentMethod.TUNAI.value
    payment_reference: str | None = None
    donor_id: str | None = None
    new_donor: DonorInput | None = None   # quick-add, saved in the same transaction
    anonymous: bool = False               # "Hamba Allah"


@dataclass(frozen=True)
class RecordedDonation:
    id: str
    receipt_number: str
    total: int
    recorded_at: str
    journal_seq: int
    lines: tuple[dict[str, object], ...] = field(default_factory=tuple)


def _resolve_line(index: int, line: LineInput, fund_units: dict[str, str], rates: Rates,
                  known_programs: set[str]) -> dict[str, object]:
    if not line.fund_code:
        raise ValidationError("line_empty", index=index)
    unit = fund_units.get(line.fund_code)
    if unit is None:
        raise ValidationError("fund_unknown", fund=line.fund_code)
    if line.program_code and line.program_code not in known_programs:
        raise ValidationError("program_unknown", program=line.program_code)
    amount: int
    quantity: int | None = None
    unit_label: str | None = None
    if unit == FundUnit.FITRAH.value:
        persons = _count(line.persons, index)
        quantity, unit_label = persons, UNIT_PERSONS
        if line.rice:
            grams = line.rice_grams if line.rice_grams is not None else persons * rates.fitrah_rice_grams_per_person
            if grams <= 0:
                raise ValidationError("rice_quantity_required")
            quantity, unit_label, amount = grams, UNIT_GRAMS, 0
        else:
            amount = check_line_amount(
                line.amount if line.amount is not None else persons * rates.fitrah_money_per_person
            )
    elif unit == FundUnit.FIDYAH.value:
        days = _count(line.days, index)
        quantity, unit_label = days, UNIT_DAYS
        amount = check_line_amount(line.amount if line.amount is not None else days * rates.fidyah_per_day)
    else:
        if line.amount is None:
            raise ValidationError("line_empty", index=index)
        amount = check_line_amount(line.amount)
    return {
        "line_no": index, "fund_code": line.fund_code, "program_code": line.program_code or None,
        "amount": amount, "quantity": quantity, "unit": unit_label,
        "note": clean_text(line.note, max_len=200, field="Keterangan"),
    }


def _count(value: int | None, index: int) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("quantity_invalid", text=str(value if value is not None else ""))
    if value <= 0 or value > MAX_PERSONS_OR_DAYS:
        raise ValidationError("quantity_invalid", text=str(value))
    return value


def _next_receipt_seq(conn: Connection, office_code: str, year: int, letter: str) -> int:
    upsert = sqlite_insert(receipt_counters).values(
        office_code=office_code, year=year, device_letter=letter, last_seq=1
    )
    statement = upsert.on_conflict_do_update(
        index_elements=["office_code", "year", "device_letter"],
        set_={"last_seq": receipt_counters.c.last_seq + 1},
    ).returning(receipt_counters.c.last_seq)
    return int(conn.execute(statement).scalar_one())


def record_donation(ctx: AppContext, data: DonationInput) -> RecordedDonation:
    """Validate, number, store and journal one donation; all or nothing."""
    user = ctx.require_user()
    if not data.lines:
        raise ValidationError("no_lines")
    if len(data.lines) > MAX_LINES:
        raise ValidationError("too_many_lines", max_lines=MAX_LINES)
    try:
        method = PaymentMethod(data.payment_method)
    except ValueError as exc:
        raise ValidationError("payment_method_unknown", method=data.payment_method) from exc
    reference = clean_text(data.payment_reference, max_len=60, field="Referensi pembayaran")
    if requires_reference(method) and not reference:
        raise ValidationError("payment_reference_required")
    rates = load_settings(ctx.store).rates
    now = ctx.now()
    now_iso = ctx.now_iso()
    year = ctx.local(now).year

    with ctx.store.write() as conn:
        ensure_day_open(conn, ctx, now_iso)
        fund_units = {r.code: r.unit for r in conn.execute(
            select(funds.c.code, funds.c.unit).where(funds.c.active.is_(True)))}
        known_programs = {r.code for r in conn.execute(
            select(programs.c.code).where(programs.c.active.is_(True)))}
        lines = [_resolve_line(i, line, fund_units, rates, known_programs)
                 for i, line in enumerate(data.lines, start=1)]
        total = sum(int(line["amount"]) for line in lines)  # type: ignore[call-overload]

        donor_id: str | None = None
        donor_name, donor_nik, donor_npwp, donor_address = ANONYMOUS_NAME, None, None, None
        if data.new_donor is not None and not data.anonymous:
            new = insert_donor(conn, ctx, data.new_donor, user.id)
            donor_id, donor_name, donor_nik, donor_npwp, donor_address = (
                new.id, new.name, new.nik, new.npwp, new.address)
        elif data.donor_id is not None and not data.anonymous:
            row = conn.execute(select(donors).where(donors.c.id == data.donor_id)).first()
            if row is None:
                raise NotFound("donor_not_found")
            donor_id, donor_name, donor_nik, donor_npwp, donor_address = (
                row.id, row.name, row.nik, row.npwp, row.address)
        elif not data.anonymous:
            raise ValidationError("donor_name_required")

        seq = _next_receipt_seq(conn, ctx.office.code, year, ctx.office.device_letter)
        number = format_receipt_number(ctx.office.code, year, ctx.office.device_letter, seq)
        donation_id = new_uuid7()
        anonymous = donor_id is None
        conn.execute(insert(donations).values(
            id=donation_id, receipt_number=number, donor_id=donor_id, donor_name=donor_name,
            donor_nik=donor_nik, donor_npwp=donor_npwp, donor_address=donor_address,
            anonymous=anonymous, total=total, payment_method=method.value, payment_reference=reference,
            recorded_at=now_iso, user_id=user.id, status="aktif",
        ))
        conn.execute(insert(donation_lines), [{"donation_id": donation_id, **line} for line in lines])
        event = append_event(
            conn, ctx.office.identity, type=DONATION_RECORDED, entity_id=donation_id,
            payload={
                "id": donation_id, "receipt_number": number, "donor_id": donor_id,
                "donor_name": donor_name, "donor_nik": donor_nik, "donor_npwp": donor_npwp,
                "anonymous": anonymous, "total": total, "payment_method": method.value,
                "payment_reference": reference, "recorded_at": now_iso,
                "lines": [{k: v for k, v in line.items() if k != "note"} for line in lines],
            },
            user_id=user.id, occurred_at=now_iso,
        )
    return RecordedDonation(
        id=donation_id, receipt_number=number, total=total, recorded_at=now_iso,
        journal_seq=int(event["seq"]), lines=tuple(lines),
    )


def void_donation(ctx: AppContext, receipt_number: str, reason: str) -> str | None:
    """Void a receipt (kepala kantor or admin): the number stays, the reason is kept and journalled.

    A receipt of a closed day is a *late void*: marked in ``late_voids`` and carried as an adjustment
    by the next closing, while the closed day's figures stay as they were. Returns that closed day
    (YYYY-MM-DD) for a late void, None otherwise, so the screen can say so."""
    user = ctx.require_role("membatalkan kuitansi", (Role.KEPALA, Role.ADMIN))
    clean_reason = void_reason(reason)
    now_iso = ctx.now_iso()
    with ctx.store.write() as conn:
        row = conn.execute(
            select(*VOID_COLUMNS).where(donations.c.receipt_number == receipt_number)
        ).first()
        if row is None:
            raise NotFound("receipt_not_found", number=receipt_number)
        if row.status != "aktif":
            raise ValidationError("already_void", number=receipt_number)
        return void_row(conn, ctx, row, clean_reason, user.id, now_iso)


# What ``void_row`` needs of a donation (``late_void_of`` reads id, receipt_number, recorded_at,
# payment_method and total).
VOID_COLUMNS = (donations.c.id, donations.c.status, donations.c.receipt_number, donations.c.recorded_at,
                donations.c.payment_method, donations.c.total)


def void_reason(reason: str) -> str:
    """The reason as stored and printed on the BATAL receipt: at least 3 characters, at most 300."""
    clean_reason = clean_text(reason, max_len=300, field="Alasan pembatalan")
    if not clean_reason or len(clean_reason) < 3:
        raise ValidationError("void_reason_required")
    return clean_reason


def void_row(conn: Connection, ctx: AppContext, row: Any, reason: str, user_id: str, now_iso: str) -> str | None:
    """Void one active donation inside the caller's transaction (one receipt, or a whole hand-over in
    ``void_collective``): status, late void of a closed day, and its ``donation.voided`` event.
    Returns the closed day of a late void, else None."""
    conn.execute(update(donations).where(donations.c.id == row.id).values(
        status="batal", void_reason=reason, voided_at=now_iso, voided_by=user_id,
    ))
    late = late_void_of(conn, ctx, row, now_iso)  # a receipt of a closed day: its figures stay as closed
    append_event(
        conn, ctx.office.identity, type=DONATION_VOIDED, entity_id=row.id,
        payload={"id": row.id, "receipt_number": row.receipt_number, "reason": reason,
                 "voided_at": now_iso, "voided_by": user_id, **(late or {})},
        user_id=user_id, occurred_at=now_iso,
    )
    return None if late is None else str(late["closed_day"])
