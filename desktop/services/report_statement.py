"""A donor's annual zakat statement (rekap Bukti Setor Zakat) for the tax return.

Zakat paid through an official amil body is deductible from taxable income (UU 23/2011 Pasal 22–23,
PP 60/2010); the tax office asks for the BSZ. This statement lists every zakat receipt line of the
year with its total, and is the one document where the donor's NIK and NPWP appear in full.

``iter_statements`` makes every donor's statement from one ordered query (the donor index of
migration 0004 serves the one-donor case), so ``--all`` for 10,000 donors is one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, select

from desktop.core.errors import NotFound, ValidationError
from desktop.core.money import format_grams_as_kg, format_rupiah
from desktop.reports.model import Column, ReportDoc, Table
from desktop.services.context import AppContext, parse_iso_utc
from desktop.services.report_common import COUNT, MONEY, make_doc
from desktop.services.report_periods import Period
from desktop.store.tables import donation_lines, donations, donors, funds

LAW_NOTE = ("Zakat yang dibayarkan kepada badan/lembaga amil zakat resmi dapat dikurangkan dari penghasilan "
            "kena pajak (UU No. 23 Tahun 2011 Pasal 22–23; PP No. 60 Tahun 2010). Lampirkan pernyataan ini "
            "bersama Bukti Setor Zakat (BSZ) yang tercantum.")


@dataclass(frozen=True)
class Statement:
    donor_id: str
    donor_name: str
    doc: ReportDoc
    revealed: tuple[str, ...] = ()  # identity fields shown in full ("nik", "npwp"): logged as an access

    def file_stem(self, year: int) -> str:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", self.donor_name).strip("-")[:40] or "donatur"
        return f"bukti-zakat-{year}-{slug}-{self.donor_id[-8:]}"


def _query(start: str, end: str) -> Select:
    return (select(donors.c.id, donors.c.name, donors.c.nik, donors.c.npwp, donors.c.address,
                   donations.c.receipt_number, donations.c.recorded_at, funds.c.name.label("fund_name"),
                   donation_lines.c.amount, donation_lines.c.quantity, donation_lines.c.unit)
            .select_from(donations.join(donors, donors.c.id == donations.c.donor_id)
                         .join(donation_lines, donation_lines.c.donation_id == donations.c.id)
                         .join(funds, funds.c.code == donation_lines.c.fund_code))
            .where(donations.c.status == "aktif", funds.c.kind == "zakat",
                   donations.c.recorded_at >= start, donations.c.recorded_at < end)
            .order_by(donors.c.id, donations.c.recorded_at, donation_lines.c.line_no))


def _doc(ctx: AppContext, period: Period, head: object, lines: list) -> ReportDoc:
    total = sum(int(r.amount) for r in lines)
    rice = sum(int(r.quantity or 0) for r in lines if r.unit == "gram")
    rows = tuple(
        (i, r.receipt_number, ctx.local(parse_iso_utc(r.recorded_at)).strftime("%d/%m/%Y"), r.fund_name,
         f"{format_grams_as_kg(int(r.quantity))} beras" if r.unit == "gram" and r.quantity else "", int(r.amount))
        for i, r in enumerate(lines, start=1))
    table = Table("Bukti Setor Zakat (BSZ) tahun ini",
                  (Column("No.", COUNT, 0.4), Column("Nomor BSZ / kuitansi", width=2.0), Column("Tanggal", width=0.9),
                   Column("Jenis zakat", width=1.8), Column("Keterangan", width=1.0),
                   Column("Jumlah (Rp)", MONEY, 1.1)),
                  rows, total=("", "Jumlah", "", "", f"{format_grams_as_kg(rice)} beras" if rice else "", total))
    intro = (("Nama", head.name), ("NIK", head.nik or "—"), ("NPWP", head.npwp or "—"),  # type: ignore[attr-defined]
             ("Alamat", head.address or "—"), ("ID donatur", head.id),  # type: ignore[attr-defined]
             ("Jumlah zakat", format_rupiah(total)))
    summary = {"donor_id": head.id, "name": head.name, "year": period.first.year,  # type: ignore[attr-defined]
               "receipts": len({r.receipt_number for r in lines}), "total": total, "rice_grams": rice}
    return make_doc(ctx, "statement", "Pernyataan Zakat Tahunan", period.label, (table,), intro=intro,
                    notes=(LAW_NOTE,), summary=summary)


def iter_statements(ctx: AppContext, period: Period, donor_id: str | None = None) -> Iterator[Statement]:
    """Each donor with zakat in ``period`` (or just ``donor_id``), in one ordered read."""
    start, end = period.iso_bounds(ctx)
    query = _query(start, end)
    if donor_id is not None:
        query = query.where(donations.c.donor_id == donor_id)
    with ctx.store.read() as conn:
        rows = conn.execute(query).all()
    current: list = []
    for row in rows:
        if current and current[0].id != row.id:
            yield _statement(ctx, period, current)
            current = []
        current.append(row)
    if current:
        yield _statement(ctx, period, current)


def _statement(ctx: AppContext, period: Period, lines: list) -> Statement:
    head = lines[0]
    revealed = tuple(f for f in ("nik", "npwp") if getattr(head, f))
    return Statement(head.id, head.name, _doc(ctx, period, head, lines), revealed)


def log_statements(ctx: AppContext, statements: list[Statement], year: int) -> None:
    """Full NIK/NPWP went onto these statements: one access-log row (and journal event) per donor, in one
    transaction (UU 27/2022, see desktop/services/privacy.py)."""
    shown = [s for s in statements if s.revealed]
    if not shown or ctx.user is None:
        # ``amildesk report`` runs without a login: whoever runs it holds the store file itself, which
        # the access log cannot guard; the log is for what the app shows its users.
        return
    from desktop.services.privacy import DONOR, record_access

    with ctx.store.write() as conn:
        for s in shown:
            record_access(conn, ctx, action="export", subject_kind=DONOR, subject_id=s.donor_id,
                          subject_name=s.donor_name, fields=list(s.revealed),
                          purpose=f"pernyataan zakat tahunan {year}")


def build_statement(ctx: AppContext, period: Period, donor_id: str) -> ReportDoc:
    with ctx.store.read() as conn:
        name = conn.execute(select(donors.c.name).where(donors.c.id == donor_id)).scalar()
    if name is None:
        raise NotFound("donor_not_found")
    for statement in iter_statements(ctx, period, donor_id):
        log_statements(ctx, [statement], period.first.year)
        return statement.doc
    raise ValidationError("statement_no_zakat", name=name, year=period.first.year)


def donors_with_zakat(ctx: AppContext, period: Period) -> list[tuple[str, str, int]]:
    """(donor id, name, zakat total) of every donor with zakat in ``period``, by name (Laporan page)."""
    from sqlalchemy import func

    start, end = period.iso_bounds(ctx)
    with ctx.store.read() as conn:
        rows = conn.execute(
            select(donors.c.id, donors.c.name, func.sum(donation_lines.c.amount))
            .select_from(donations.join(donors, donors.c.id == donations.c.donor_id)
                         .join(donation_lines, donation_lines.c.donation_id == donations.c.id)
                         .join(funds, funds.c.code == donation_lines.c.fund_code))
            .where(donations.c.status == "aktif", funds.c.kind == "zakat",
                   donations.c.recorded_at >= start, donations.c.recorded_at < end)
            .group_by(donors.c.id, donors.c.name).order_by(donors.c.name)).all()
    return [(str(i), str(n), int(t or 0)) for i, n, t in rows]
