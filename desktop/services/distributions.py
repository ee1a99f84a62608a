"""Aid distributions (penyaluran): proposed by a clerk, approved or rejected by the kepala kantor.

Rules enforced here, inside the writing transaction so two clerks cannot race past them:
- zakat only to a recipient recorded as one of the 8 asnaf, and only to active recipients;
- no fund below zero: a proposal may take at most the fund's balance less open proposals, and an
  approval at most the balance (collected − amil share − distributed − deposited);
- approving while duplicate-aid warnings exist needs a reason, stored with the warnings seen.
Each step is one journal event. Numbers ``TT-<office>/<year>/<device>/<seq>`` are never reused: a
rejected proposal keeps its number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update

from desktop.core.aid import (
    STATUS_LABELS,
    BeneficiaryKind,
    BeneficiaryStatus,
    DistributionKind,
    DistributionStatus,
    parse_quantity,
)
from desktop.core.asnaf import asnaf_label
from desktop.core.errors import NotFound, ValidationError
from desktop.core.funds import FundKind
from desktop.core.identity import mask_identity
from desktop.core.ids import new_uuid7
from desktop.core.money import check_line_amount, format_rupiah
from desktop.core.roles import Role
from desktop.core.text import clean_text
from desktop.receipts.handover import HandoverDoc, write_handover_pdf
from desktop.receipts.text import format_date_id
from desktop.services.balances import read_fund_balance
from desktop.services.context import AppContext, parse_iso_utc
from desktop.services.duplicate_aid import AidWarning, find_duplicate_aid
from desktop.store.journal import append_event
from desktop.store.tables import funds, programs, users
from desktop.store.tables_beneficiaries import beneficiaries, beneficiary_members, distributions
from sync.protocol.canonical import canonical_json
from sync.protocol.events import DISTRIBUTION_APPROVED, DISTRIBUTION_PROPOSED, DISTRIBUTION_REJECTED

APPROVER_ROLES = (Role.KEPALA,)


@dataclass(frozen=True)
class DistributionInput:
    beneficiary_id: str
    fund_code: str
    program_code: str
    kind: str = DistributionKind.CASH.value
    amount: int | None = None  # cash in rupiah, or the goods' estimated value
    item: str | None = None
    quantity: str | int | Decimal | None = None
    unit: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Distribution:
    id: str
    number: str
    beneficiary_id: str
    recipient_name: str
    fund_code: str
    program_code: str
    kind: str
    amount: int
    item: str | None
    quantity: str | None
    unit: str | None
    asnaf: str | None
    note: str | None
    status: str
    proposed_at: str
    decided_at: str | None
    decision_reason: str | None
    warnings: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Proposal:
    distribution: Distribution
    warnings: tuple[AidWarning, ...]  # shown to the clerk now; the approver must answer them


def _clean(data: DistributionInput) -> dict[str, Any]:
    try:
        kind = DistributionKind(str(data.kind).strip().lower())
    except ValueError as exc:
        raise ValidationError("distribution_kind_invalid", text=str(data.kind)) from exc
    if not data.program_code:
        raise ValidationError("program_required")
    if data.amount is None or isinstance(data.amount, bool) or not isinstance(data.amount, int):
        raise ValidationError("amount_not_number", text=str(data.amount if data.amount is not None else ""))
    values: dict[str, Any] = {
        "kind": kind.value, "amount": check_line_amount(data.amount), "item": None, "quantity": None,
        "unit": None, "note": clean_text(data.note, max_len=300, field="Keterangan"),
        "fund_code": data.fund_code, "program_code": data.program_code,
    }
    if kind is DistributionKind.IN_KIND:
        item = clean_text(data.item, max_len=120, field="Nama barang")
        unit = clean_text(data.unit, max_len=20, field="Satuan")
        if not item or not unit:
            raise ValidationError("distribution_item_required")
        values.update(item=item, unit=unit, quantity=parse_quantity(data.quantity))
    return values


def _fund_kind(conn: Connection, fund_code: str) -> str:
    row = conn.execute(select(funds.c.kind, funds.c.active).where(funds.c.code == fund_code)).first()
    if row is None:
        raise ValidationError("fund_unknown", fund=fund_code)
    if not row.active:
        raise ValidationError("fund_inactive", fund=fund_code)
    return str(row.kind)


def _recipient(conn: Connection, beneficiary_id: str) -> Any:
    row = conn.execute(select(beneficiaries).where(beneficiaries.c.id == beneficiary_id)).first()
    if row is None:
        raise NotFound("beneficiary_not_found")
    if row.status != BeneficiaryStatus.AKTIF:
        raise ValidationError("beneficiary_not_active", name=row.name,
                              status=STATUS_LABELS[BeneficiaryStatus(row.status)].lower())
    return row


def _check_funds(conn: Connection, fund_code: str, amount: int, *, proposing: bool) -> None:
    balance = read_fund_balance(conn, fund_code)
    available = balance.available if proposing else balance.balance
    if amount > available:
        raise ValidationError("fund_overdraft", fund=balance.fund_name, available=format_rupiah(max(available, 0)),
                              amount=format_rupiah(amount))


def _next_number(conn: Connection, ctx: AppContext) -> str:
    prefix = f"TT-{ctx.office.code}/{ctx.local(ctx.now()).year}/{ctx.office.device_letter}/"
    last = conn.execute(select(distributions.c.number).where(
        distributions.c.number >= prefix, distributions.c.number < prefix + ":"
    ).order_by(distributions.c.number.desc()).limit(1)).scalar()
    seq = 1 if last is None else int(str(last)[len(prefix):]) + 1
    return f"{prefix}{seq:06d}"


def _identities(conn: Connection, row: Any) -> list[dict[str, str | None]]:
    """NIK/KK the district index needs (a group: its members at the time of the aid)."""
    if row.kind == BeneficiaryKind.PERSON:
        return [{"nik": row.nik, "kk": row.kk}]
    members = conn.execute(select(beneficiaries.c.nik, beneficiaries.c.kk).join(
        beneficiary_members, beneficiary_members.c.member_id == beneficiaries.c.id
    ).where(beneficiary_members.c.group_id == row.id)).all()
    return [{"nik": m.nik, "kk": m.kk} for m in members]


def propose_distribution(ctx: AppContext, data: DistributionInput) -> Proposal:
    """Record a proposal (any signed-in user) after the asnaf and balance rules; return the warnings."""
    user = ctx.require_user()
    values = _clean(data)
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        kind = _fund_kind(conn, values["fund_code"])
        if conn.execute(select(programs.c.active).where(programs.c.code == values["program_code"])).scalar() is None:
            raise ValidationError("program_unknown", program=values["program_code"])
        recipient = _recipient(conn, data.beneficiary_id)
        if kind == FundKind.ZAKAT and not recipient.asnaf:
            raise ValidationError("zakat_requires_asnaf", name=recipient.name)
        _check_funds(conn, values["fund_code"], values["amount"], proposing=True)
        warnings = find_duplicate_aid(ctx, conn, recipient.id)
        distribution_id = new_uuid7()
        number = _next_number(conn, ctx)
        row = {**values, "id": distribution_id, "number": number, "beneficiary_id": recipient.id,
               "asnaf": recipient.asnaf, "status": DistributionStatus.PROPOSED.value, "proposed_at": now,
               "proposed_by": user.id}
        conn.execute(insert(distributions).values(**row))
        append_event(conn, ctx.office.identity, type=DISTRIBUTION_PROPOSED, entity_id=distribution_id,
                     payload={**row, "recipient_kind": recipient.kind, "identities": _identities(conn, recipient)},
                     user_id=user.id, occurred_at=now)
        distribution = _from_row(conn.execute(_select().where(distributions.c.id == distribution_id)).one())
    return Proposal(distribution, tuple(warnings))


def approve_distribution(ctx: AppContext, distribution_id: str, reason: str | None = None) -> Distribution:
    """Approve (kepala kantor). With duplicate-aid warnings a reason is required and recorded."""
    user = ctx.require_role("menyetujui penyaluran", APPROVER_ROLES)
    clean_reason = clean_text(reason, max_len=300, field="Alasan")
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        row = _pending(conn, distribution_id)
        _recipient(conn, row.beneficiary_id)
        _check_funds(conn, row.fund_code, int(row.amount), proposing=False)
        warnings = [w.to_json() for w in find_duplicate_aid(ctx, conn, row.beneficiary_id, distribution_id)]
        if warnings and not clean_reason:
            raise ValidationError("duplicate_aid_reason_required", count=len(warnings))
        conn.execute(update(distributions).where(distributions.c.id == distribution_id).values(
            status=DistributionStatus.APPROVED.value, decided_at=now, decided_by=user.id,
            decision_reason=clean_reason, warnings=canonical_json(warnings).decode("utf-8") if warnings else None,
        ))
        append_event(conn, ctx.office.identity, type=DISTRIBUTION_APPROVED, entity_id=distribution_id,
                     payload={"id": distribution_id, "number": row.number, "approved_at": now, "approved_by": user.id,
                              "reason": clean_reason, "warnings": warnings},
                     user_id=user.id, occurred_at=now)
        return _from_row(conn.execute(_select().where(distributions.c.id == distribution_id)).one())


def reject_distribution(ctx: AppContext, distribution_id: str, reason: str) -> Distribution:
    """Reject (kepala kantor) with a reason; the number stays used."""
    user = ctx.require_role("menolak penyaluran", APPROVER_ROLES)
    clean_reason = clean_text(reason, max_len=300, field="Alasan penolakan")
    if not clean_reason:
        raise ValidationError("reject_reason_required")
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        row = _pending(conn, distribution_id)
        conn.execute(update(distributions).where(distributions.c.id == distribution_id).values(
            status=DistributionStatus.REJECTED.value, decided_at=now, decided_by=user.id, decision_reason=clean_reason,
        ))
        append_event(conn, ctx.office.identity, type=DISTRIBUTION_REJECTED, entity_id=distribution_id,
                     payload={"id": distribution_id, "number": row.number, "rejected_at": now,
                              "rejected_by": user.id, "reason": clean_reason},
                     user_id=user.id, occurred_at=now)
        return _from_row(conn.execute(_select().where(distributions.c.id == distribution_id)).one())


def _pending(conn: Connection, distribution_id: str) -> Any:
    row = conn.execute(select(distributions).where(distributions.c.id == distribution_id)).first()
    if row is None:
        raise NotFound("distribution_not_found", number=distribution_id)
    if row.status != DistributionStatus.PROPOSED:
        raise ValidationError("distribution_not_pending", number=row.number, status=row.status)
    return row


def _select() -> Any:
    return select(distributions, beneficiaries.c.name.label("recipient_name")).join(
        beneficiaries, beneficiaries.c.id == distributions.c.beneficiary_id)


def _from_row(r: Any) -> Distribution:
    return Distribution(
        id=r.id, number=r.number, beneficiary_id=r.beneficiary_id, recipient_name=r.recipient_name,
        fund_code=r.fund_code, program_code=r.program_code, kind=r.kind, amount=int(r.amount), item=r.item,
        quantity=r.quantity, unit=r.unit, asnaf=r.asnaf, note=r.note, status=r.status, proposed_at=r.proposed_at,
        decided_at=r.decided_at, decision_reason=r.decision_reason,
        warnings=tuple(json.loads(r.warnings)) if r.warnings else (),
    )


def get_distribution(ctx: AppContext, distribution_id: str) -> Distribution:
    with ctx.store.read() as conn:
        row = conn.execute(_select().where(distributions.c.id == distribution_id)).first()
    if row is None:
        raise NotFound("distribution_not_found", number=distribution_id)
    return _from_row(row)


def list_distributions(ctx: AppContext, *, status: str | None = None, beneficiary_id: str | None = None,
                       limit: int = 200) -> list[Distribution]:
    """Newest first; the approval queue is ``status="diajukan"``."""
    query = _select().order_by(distributions.c.proposed_at.desc()).limit(limit)
    if status is not None:
        query = query.where(distributions.c.status == status)
    if beneficiary_id is not None:
        query = query.where(distributions.c.beneficiary_id == beneficiary_id)
    with ctx.store.read() as conn:
        return [_from_row(r) for r in conn.execute(query)]


def handover_doc(ctx: AppContext, distribution_id: str) -> HandoverDoc:
    """The tanda terima of an approved distribution (NIK masked on paper)."""
    with ctx.store.read() as conn:
        d = conn.execute(select(distributions).where(distributions.c.id == distribution_id)).first()
        if d is None:
            raise NotFound("distribution_not_found", number=distribution_id)
        if d.status != DistributionStatus.APPROVED:
            raise ValidationError("handover_not_approved", number=d.number, status=d.status)
        b = conn.execute(select(beneficiaries).where(beneficiaries.c.id == d.beneficiary_id)).one()
        fund_name = conn.execute(select(funds.c.name).where(funds.c.code == d.fund_code)).scalar() or d.fund_code
        program_name = conn.execute(
            select(programs.c.name).where(programs.c.code == d.program_code)).scalar() or d.program_code
        names = {r.id: r.full_name for r in conn.execute(select(users.c.id, users.c.full_name).where(
            users.c.id.in_([d.proposed_by, d.decided_by])))}
    kind_label = "Perorangan" if b.kind == BeneficiaryKind.PERSON else f"Kelompok ({(b.group_type or '').upper()})"
    return HandoverDoc(
        institution_name=ctx.office.institution_name, institution_address=ctx.office.institution_address,
        office_name=ctx.office.name, number=d.number,
        date_text=format_date_id(ctx.local(parse_iso_utc(d.decided_at)).date()),
        recipient_name=b.name, recipient_kind=kind_label, recipient_identity=mask_identity(b.nik) if b.nik else None,
        recipient_address=b.address, asnaf=asnaf_label(d.asnaf) or None, fund_name=fund_name,
        program_name=program_name, cash=d.kind == DistributionKind.CASH, amount=int(d.amount), item=d.item,
        quantity=d.quantity, unit=d.unit, note=d.note, clerk_name=names.get(d.proposed_by, ""),
        head_name=names.get(d.decided_by, ""),
    )


def save_handover_pdf(ctx: AppContext, distribution_id: str, path: Path) -> Path:
    return write_handover_pdf(handover_doc(ctx, distribution_id), path)
