"""Receipts of a collective donation: the collective receipt, and every payer's own receipt in one go.

The payers' receipts are the ordinary donation receipts (same layout, same BSZ block with the
payer's own NIK, same verification code), built here in bulk (two queries for 2,000 payers instead of
two per payer) and marked with the hand-over they came in. They come out either as one PDF to print
as a single job, or as one PDF per payer in a folder (to send to each payer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from desktop.core.errors import NotFound
from desktop.core.funds import FundKind
from desktop.core.payment import PaymentMethod, label
from desktop.core.terbilang import terbilang
from desktop.receipts.collective import CollectiveDoc, FundRow, PayerRow, render_collective_pdf
from desktop.receipts.model import PaperFormat, ReceiptDoc, ReceiptLine, ReceiptStatus
from desktop.receipts.text import MONTHS_ID
from desktop.services.context import AppContext, parse_iso_utc
from desktop.services.institutions import INSTITUTION_TYPE_LABELS, InstitutionType
from desktop.services.receipts import _quantity_text, verification_code
from desktop.services.settings import load_settings
from desktop.store.tables import collectives, donation_lines, donations, donors, funds, programs, users
from sync.protocol.receipt_check import qr_payload as receipt_qr_payload

_UNSAFE = re.compile(r"[^0-9A-Za-z._ -]+")


def period_text(period: str) -> str:
    year, month = period.split("-")
    return f"{MONTHS_ID[int(month) - 1]} {year}"


def collective_note(institution_name: str, period: str, number: str) -> str:
    """The line a payer's receipt carries (batch and reprint alike)."""
    return (f"Disetor kolektif melalui {institution_name}, periode {period_text(period)} "
            f"(kwitansi kolektif {number}).")


def batch_paper(ctx: AppContext, paper: PaperFormat | None = None) -> PaperFormat:
    """A5 or A4: a batch goes to a sheet printer (the office's page format, else A5)."""
    if paper is not None:
        return paper
    chosen = PaperFormat(load_settings(ctx.store).paper_format)
    return chosen if chosen in (PaperFormat.A4, PaperFormat.A5) else PaperFormat.A5


@dataclass(frozen=True)
class _Loaded:
    head: object
    clerk: str
    institution: object
    docs: list[ReceiptDoc]


def _load(ctx: AppContext, collective_id: str) -> _Loaded:
    with ctx.store.read() as conn:
        head = conn.execute(select(collectives).where(collectives.c.id == collective_id)).first()
        if head is None:
            raise NotFound("collective_not_found")
        clerk = conn.execute(select(users.c.full_name).where(users.c.id == head.user_id)).scalar_one()
        institution = conn.execute(select(donors).where(donors.c.id == head.institution_id)).first()
        rows = conn.execute(
            select(donations, users.c.full_name.label("clerk_name"), donors.c.nip.label("donor_nip"))
            .join(users, users.c.id == donations.c.user_id)
            .outerjoin(donors, donors.c.id == donations.c.donor_id)
            .where(donations.c.collective_id == collective_id).order_by(donations.c.receipt_number)
        ).all()
        lines = conn.execute(
            select(donation_lines, funds.c.name.label("fund_name"), funds.c.kind.label("fund_kind"),
                   programs.c.name.label("program_name"))
            .join(donations, donations.c.id == donation_lines.c.donation_id)
            .join(funds, funds.c.code == donation_lines.c.fund_code)
            .outerjoin(programs, programs.c.code == donation_lines.c.program_code)
            .where(donations.c.collective_id == collective_id)
            .order_by(donation_lines.c.donation_id, donation_lines.c.line_no)
        ).all()
    by_donation: dict[str, list[ReceiptLine]] = {}
    for line in lines:
        by_donation.setdefault(line.donation_id, []).append(ReceiptLine(
            fund_name=line.fund_name, program_name=line.program_name, amount=line.amount,
            is_zakat=line.fund_kind == FundKind.ZAKAT.value, quantity_text=_quantity_text(line.quantity, line.unit),
            note=line.note,
        ))
    verify_url = load_settings(ctx.store).verify_url.strip()
    note = collective_note(head.institution_name, head.period, head.number)
    docs = []
    for row in rows:
        code = verification_code(row.receipt_number, row.id, row.total, row.recorded_at)
        id_label, id_number = (("NPWP", row.donor_npwp) if row.donor_npwp else ("NIK", row.donor_nik)
                               if row.donor_nik else ("NIP", row.donor_nip) if row.donor_nip else (None, None))
        docs.append(ReceiptDoc(
            institution_name=ctx.office.institution_name, institution_address=ctx.office.institution_address,
            office_name=ctx.office.name, office_code=ctx.office.code, number=row.receipt_number,
            issued_at=ctx.local(parse_iso_utc(row.recorded_at)), donor_name=row.donor_name,
            donor_id_label=id_label, donor_id_number=id_number, donor_address=row.donor_address,
            lines=tuple(by_donation.get(row.id, ())), total=row.total, total_in_words=terbilang(row.total),
            payment_method=label(PaymentMethod(row.payment_method)), payment_reference=row.payment_reference,
            clerk_name=row.clerk_name, verification_code=code,
            qr_payload=receipt_qr_payload(verify_url, row.receipt_number, code),
            status=ReceiptStatus(row.status), void_reason=row.void_reason,
            voided_at=ctx.local(parse_iso_utc(row.voided_at)) if row.voided_at else None,
            logo_path=ctx.office.logo_path, extra_notes=(note,),
        ))
    return _Loaded(head, clerk, institution, docs)


def payer_receipt_docs(ctx: AppContext, collective_id: str, *, copy: bool = False) -> list[ReceiptDoc]:
    """Every payer's receipt of the collective, in receipt-number order."""
    docs = _load(ctx, collective_id).docs
    return [replace(doc, is_copy=True) for doc in docs] if copy else docs


def collective_doc(ctx: AppContext, collective_id: str, *, copy: bool = False) -> CollectiveDoc:
    loaded = _load(ctx, collective_id)
    return _collective_doc(ctx, loaded, copy=copy)


def _collective_doc(ctx: AppContext, loaded: _Loaded, *, copy: bool = False) -> CollectiveDoc:
    head = loaded.head
    institution = loaded.institution
    funds_seen: dict[str, list[int]] = {}
    payers = []
    active_total = 0
    for doc in loaded.docs:
        void = doc.status == ReceiptStatus.VOID
        for line in doc.lines:
            if not void:
                entry = funds_seen.setdefault(line.fund_name, [0, 0])
                entry[0] += 1
                entry[1] += line.amount
        if not void:
            active_total += doc.total
        payers.append(PayerRow(doc.number, doc.donor_name, doc.donor_id_number,
                               ", ".join(dict.fromkeys(line.fund_name for line in doc.lines)), doc.total, void))
    kind = getattr(institution, "institution_type", None)
    return CollectiveDoc(
        institution_name=ctx.office.institution_name, institution_address=ctx.office.institution_address,
        office_name=ctx.office.name, number=head.number,  # type: ignore[attr-defined]
        issued_at=ctx.local(parse_iso_utc(head.recorded_at)),  # type: ignore[attr-defined]
        payer_institution=head.institution_name,  # type: ignore[attr-defined]
        payer_institution_type=INSTITUTION_TYPE_LABELS[InstitutionType(kind)] if kind else "Lembaga",
        contact=getattr(institution, "contact", None), period_text=period_text(head.period),  # type: ignore[attr-defined]
        payment_method=label(PaymentMethod(head.payment_method)),  # type: ignore[attr-defined]
        payment_reference=head.payment_reference,  # type: ignore[attr-defined]
        funds=tuple(FundRow(name, count, amount) for name, (count, amount) in funds_seen.items()),
        payers=tuple(payers), total=active_total, total_in_words=terbilang(active_total), clerk_name=loaded.clerk,
        is_copy=copy, is_void=bool(payers) and all(p.void for p in payers),
    )


def render_collective_receipt(ctx: AppContext, collective_id: str, paper: PaperFormat | None = None, *,
                              copy: bool = False) -> bytes:
    """The collective receipt; ``copy`` marks a reprint SALINAN (BATAL comes by itself once every payer
    receipt is voided)."""
    return render_collective_pdf(collective_doc(ctx, collective_id, copy=copy), batch_paper(ctx, paper))


def collective_printed_before(ctx: AppContext, collective_id: str) -> bool:
    """True once any output of the hand-over succeeded (its payer receipts' ``print_jobs``): from then on
    the collective receipt and the payer batch come out as SALINAN, like a counter receipt's reprint."""
    from sqlalchemy import func

    from desktop.store.tables import print_jobs

    with ctx.store.read() as conn:
        return bool(conn.execute(
            select(func.count()).select_from(print_jobs).join(donations, donations.c.id == print_jobs.c.donation_id)
            .where(donations.c.collective_id == collective_id, print_jobs.c.status == "printed")
        ).scalar_one())


def render_payer_batch(ctx: AppContext, collective_id: str, paper: PaperFormat | None = None, *,
                       copy: bool = False) -> bytes:
    """All payers' receipts as one PDF: one print job for the whole class list or payroll."""
    from desktop.receipts.pdf import render_receipts_pdf

    docs = payer_receipt_docs(ctx, collective_id, copy=copy)
    with ctx.store.read() as conn:
        number = conn.execute(select(collectives.c.number).where(collectives.c.id == collective_id)).scalar_one()
    return render_receipts_pdf(docs, batch_paper(ctx, paper), f"Kuitansi pembayar {number}")


def payer_file_name(doc: ReceiptDoc) -> str:
    """"UPZ-PKS-2026-A-000123 Siti Aminah.pdf": sorted like the numbers, findable by name."""
    name = _UNSAFE.sub("", doc.donor_name).strip()[:40].strip()
    return f"{doc.number.replace('/', '-')} {name}.pdf" if name else f"{doc.number.replace('/', '-')}.pdf"


@dataclass(frozen=True)
class SavedReceipts:
    collective_pdf: Path
    payer_pdfs: tuple[Path, ...]


def save_collective_receipts(ctx: AppContext, collective_id: str, folder: Path,
                             paper: PaperFormat | None = None, *, workers: int | None = None) -> SavedReceipts:
    """The collective receipt plus one PDF per payer, written into ``folder`` (created if missing).

    Each file is written to a temp name and renamed (never half a PDF under a receipt's name); one
    directory fsync at the end instead of 2,000 file fsyncs, since every file can be rendered again.
    """
    from desktop.receipts.batch import render_to_files
    from desktop.receipts.pdf import fsync_dir, write_bytes_atomically

    chosen = batch_paper(ctx, paper)
    loaded = _load(ctx, collective_id)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    head_path = target / f"{loaded.head.number.replace('/', '-')} kolektif.pdf"  # type: ignore[attr-defined]
    write_bytes_atomically(render_collective_pdf(_collective_doc(ctx, loaded), chosen), head_path, sync=False)
    jobs = [(doc, target / payer_file_name(doc)) for doc in loaded.docs]
    render_to_files(jobs, chosen, workers=workers)
    fsync_dir(target)
    paths = [path for _doc, path in jobs]
    return SavedReceipts(head_path, tuple(paths))


def record_batch_output(ctx: AppContext, collective_id: str, *, paper: PaperFormat, printer: str,
                        error: str | None, copy: bool = False) -> None:
    """One ``print_jobs`` row per payer receipt for a batch print or PDF (one insert), so the receipt
    list shows them printed (or failed) and a later reprint of any of them says SALINAN."""
    from sqlalchemy import insert

    from desktop.store.tables import print_jobs

    now = ctx.now_iso()
    with ctx.store.write() as conn:
        ids = conn.execute(select(donations.c.id).where(donations.c.collective_id == collective_id)).scalars().all()
        if ids:
            conn.execute(insert(print_jobs), [
                {"donation_id": donation_id, "copy": copy, "paper": paper.value, "printer": printer,
                 "status": "failed" if error else "printed", "error": (error or None) and error[:500],
                 "created_at": now, "updated_at": now} for donation_id in ids])
