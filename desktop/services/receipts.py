"""The receipt list, and turning a stored donation into a ReceiptDoc, a PDF, or a print job.

Printing is recorded in ``print_jobs`` (pending -> printed/failed) so a failed print is visible in
the receipt list and can be retried; the donation itself was committed before any of this runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, Select, func, insert, or_, select, update

from desktop.core.errors import NotFound
from desktop.core.funds import FundKind
from desktop.core.money import format_grams_as_kg
from desktop.core.payment import PaymentMethod, label
from desktop.core.terbilang import terbilang
from desktop.receipts.model import PaperFormat, ReceiptDoc, ReceiptLine, ReceiptStatus
from desktop.services.context import AppContext, iso_utc, parse_iso_utc
from desktop.services.settings import load_settings
from desktop.store.tables import donation_lines, donations, funds, print_jobs, programs, users
from sync.protocol.receipt_check import qr_payload as receipt_qr_payload
from sync.protocol.receipt_check import verification_code


@dataclass(frozen=True)
class ReceiptRow:
    number: str
    recorded_at: str       # UTC ISO
    local_time: datetime   # office wall clock
    donor_name: str
    total: int
    status: str            # aktif / batal
    payment_method: str
    last_print_status: str | None  # printed / failed / pending / None
    rice_grams: int = 0    # zakat fitrah paid in rice (its lines carry Rp0)


def _list_query(ctx: AppContext, text: str, day_from: date | None, day_to: date | None) -> Select:
    last_print = (
        select(print_jobs.c.status).where(print_jobs.c.donation_id == donations.c.id)
        .order_by(print_jobs.c.id.desc()).limit(1).scalar_subquery()
    )
    rice = (
        select(func.coalesce(func.sum(donation_lines.c.quantity), 0))
        .where(donation_lines.c.donation_id == donations.c.id, donation_lines.c.unit == "gram")
        .scalar_subquery()
    )
    query = select(donations, last_print.label("last_print_status"), rice.label("rice_grams"))
    text = (text or "").strip()
    if text:
        pattern = f"%{text}%"
        query = query.where(or_(donations.c.receipt_number.like(pattern), donations.c.donor_name.like(pattern)))
    if day_from is not None:
        start = datetime.combine(day_from, time.min, ctx.tz)
        query = query.where(donations.c.recorded_at >= iso_utc(start))
    if day_to is not None:
        end = datetime.combine(day_to + timedelta(days=1), time.min, ctx.tz)
        query = query.where(donations.c.recorded_at < iso_utc(end))
    return query.order_by(donations.c.recorded_at.desc())


def list_receipts(ctx: AppContext, text: str = "", day_from: date | None = None,
                  day_to: date | None = None, limit: int = 500) -> list[ReceiptRow]:
    """Receipts newest first, filtered by number or donor text and an office-local date range."""
    with ctx.store.read() as conn:
        rows = conn.execute(_list_query(ctx, text, day_from, day_to).limit(limit)).all()
    return [
        ReceiptRow(
            number=r.receipt_number, recorded_at=r.recorded_at,
            local_time=ctx.local(parse_iso_utc(r.recorded_at)), donor_name=r.donor_name, total=r.total,
            status=r.status, payment_method=r.payment_method, last_print_status=r.last_print_status,
            rice_grams=int(r.rice_grams or 0),
        )
        for r in rows
    ]


def _quantity_text(quantity: int | None, unit: str | None) -> str | None:
    if quantity is None or unit is None:
        return None
    if unit == "gram":
        return f"{format_grams_as_kg(quantity)} beras"
    return f"{quantity} {unit}"


def build_receipt_doc(ctx: AppContext, receipt_number: str, *, copy: bool = False) -> ReceiptDoc:
    with ctx.store.read() as conn:
        head = conn.execute(
            select(donations, users.c.full_name.label("clerk_name"))
            .join(users, users.c.id == donations.c.user_id)
            .where(donations.c.receipt_number == receipt_number)
        ).first()
        if head is None:
            raise NotFound("receipt_not_found", number=receipt_number)
        lines = conn.execute(
            select(donation_lines, funds.c.name.label("fund_name"), funds.c.kind.label("fund_kind"),
                   programs.c.name.label("program_name"))
            .join(funds, funds.c.code == donation_lines.c.fund_code)
            .outerjoin(programs, programs.c.code == donation_lines.c.program_code)
            .where(donation_lines.c.donation_id == head.id).order_by(donation_lines.c.line_no)
        ).all()
        notes, nip = _collective_extras(conn, head)
    office_settings = load_settings(ctx.store)
    code = verification_code(head.receipt_number, head.id, head.total, head.recorded_at)
    qr_payload = receipt_qr_payload(office_settings.verify_url.strip(), head.receipt_number, code)
    id_label, id_number = (("NPWP", head.donor_npwp) if head.donor_npwp else
                           ("NIK", head.donor_nik) if head.donor_nik else ("NIP", nip) if nip else (None, None))
    return ReceiptDoc(
        institution_name=ctx.office.institution_name,
        institution_address=ctx.office.institution_address,
        office_name=ctx.office.name,
        office_code=ctx.office.code,
        number=head.receipt_number,
        issued_at=ctx.local(parse_iso_utc(head.recorded_at)),
        donor_name=head.donor_name,
        donor_id_label=id_label,
        donor_id_number=id_number,
        donor_address=head.donor_address,
        lines=tuple(
            ReceiptLine(
                fund_name=line.fund_name, program_name=line.program_name, amount=line.amount,
                is_zakat=line.fund_kind == FundKind.ZAKAT.value,
                quantity_text=_quantity_text(line.quantity, line.unit), note=line.note,
            )
            for line in lines
        ),
        total=head.total,
        total_in_words=terbilang(head.total),
        payment_method=label(PaymentMethod(head.payment_method)),
        payment_reference=head.payment_reference,
        clerk_name=head.clerk_name,
        verification_code=code,
        qr_payload=qr_payload,
        is_copy=copy,
        status=ReceiptStatus(head.status),
        void_reason=head.void_reason,
        voided_at=ctx.local(parse_iso_utc(head.voided_at)) if head.voided_at else None,
        logo_path=ctx.office.logo_path,
        extra_notes=notes,
    )


def _collective_extras(conn: Connection, head: Row[Any]) -> tuple[tuple[str, ...], str | None]:
    """A payer's receipt from a collective hand-over (issue 14) reprints as it was first printed:
    the note naming the institution, and the payer's NIP when they have no NIK."""
    if not head.collective_id:
        return (), None
    from desktop.services.collective_receipts import collective_note
    from desktop.store.tables import collectives, donors

    found = conn.execute(select(collectives.c.institution_name, collectives.c.period, collectives.c.number)
                         .where(collectives.c.id == head.collective_id)).first()
    nip = conn.execute(select(donors.c.nip).where(donors.c.id == head.donor_id)).scalar_one_or_none()
    notes = (collective_note(found.institution_name, found.period, found.number),) if found else ()
    return notes, nip


def render_receipt(ctx: AppContext, receipt_number: str, paper: PaperFormat | None = None, *,
                   copy: bool = False) -> bytes:
    from desktop.receipts.pdf import render_receipt_pdf

    chosen = paper or PaperFormat(load_settings(ctx.store).paper_format)
    return render_receipt_pdf(build_receipt_doc(ctx, receipt_number, copy=copy), chosen)


def save_receipt_pdf(ctx: AppContext, receipt_number: str, out: Path, paper: PaperFormat | None = None, *,
                     copy: bool = False) -> Path:
    from desktop.receipts.pdf import write_receipt_pdf

    chosen = paper or PaperFormat(load_settings(ctx.store).paper_format)
    write_receipt_pdf(build_receipt_doc(ctx, receipt_number, copy=copy), chosen, out)
    return out


def _donation_id(ctx: AppContext, receipt_number: str) -> str:
    with ctx.store.read() as conn:
        found = conn.execute(
            select(donations.c.id).where(donations.c.receipt_number == receipt_number)
        ).scalar_one_or_none()
    if found is None:
        raise NotFound("receipt_not_found", number=receipt_number)
    return str(found)


def start_print_job(ctx: AppContext, receipt_number: str, *, copy: bool, paper: str,
                    printer: str | None) -> int:
    """Record that a print is about to be attempted; returns the job id to finish later."""
    donation_id = _donation_id(ctx, receipt_number)
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        result = conn.execute(insert(print_jobs).values(
            donation_id=donation_id, copy=copy, paper=paper, printer=printer, status="pending",
            created_at=now, updated_at=now,
        ))
        return int(result.inserted_primary_key[0])  # type: ignore[index]


def finish_print_job(ctx: AppContext, job_id: int, *, error: str | None) -> None:
    with ctx.store.write() as conn:
        conn.execute(update(print_jobs).where(print_jobs.c.id == job_id).values(
            status="failed" if error else "printed", error=(error or None) and error[:500],
            updated_at=ctx.now_iso(),
        ))


def has_been_printed(ctx: AppContext, receipt_number: str) -> bool:
    """True once any print (original or copy) succeeded: later prints are marked SALINAN."""
    donation_id = _donation_id(ctx, receipt_number)
    with ctx.store.read() as conn:
        return bool(conn.execute(
            select(func.count()).select_from(print_jobs)
            .where(print_jobs.c.donation_id == donation_id, print_jobs.c.status == "printed")
        ).scalar_one())
