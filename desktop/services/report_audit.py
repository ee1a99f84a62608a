"""The audit report: every receipt number a device issued in a year, and what became of it.

Issued, voided (reason, by whom), printed / never printed / reprinted (how many SALINAN copies),
and any gap in the numbering. Numbers are taken from a per-device counter in the same transaction
as the donation, so there should be no gap; the report says so, and lists any it finds.
One pass over the year's receipt numbers with their print history aggregated in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from desktop.core.receipt_number import parse_receipt_number
from desktop.reports.model import Column, ReportDoc, Table
from desktop.services.context import AppContext, parse_iso_utc
from desktop.services.report_common import COUNT, MONEY, make_doc
from desktop.services.report_periods import Period
from desktop.store.tables import donations, print_jobs, receipt_counters, users

MAX_LISTED = 2000  # never-printed / reprinted receipts listed in full up to this many per table


@dataclass
class DeviceAudit:
    letter: str
    seqs: list[int] = field(default_factory=list)
    counter: int = 0
    voided: int = 0
    printed: int = 0
    never_printed: int = 0
    reprinted: int = 0  # receipts with at least one SALINAN
    copies: int = 0  # SALINAN copies printed

    @property
    def missing(self) -> list[int]:
        last = max([self.counter, *self.seqs]) if self.seqs or self.counter else 0
        present = set(self.seqs)
        return [n for n in range(1, last + 1) if n not in present]


def audit_figures(ctx: AppContext, period: Period) -> tuple[dict[str, DeviceAudit], list, list, list]:
    year = period.first.year
    printed_any = func.max(case((print_jobs.c.status == "printed", 1), else_=0))
    copies = func.sum(case(((print_jobs.c.status == "printed") & print_jobs.c.copy.is_(True), 1), else_=0))
    prints = (select(print_jobs.c.donation_id, printed_any.label("printed"), copies.label("copies"))
              .group_by(print_jobs.c.donation_id).subquery())
    with ctx.store.read() as conn:
        user_names = {r.id: r.full_name for r in conn.execute(select(users.c.id, users.c.full_name))}
        counters = {r.device_letter: int(r.last_seq) for r in conn.execute(
            select(receipt_counters).where(receipt_counters.c.office_code == ctx.office.code,
                                           receipt_counters.c.year == year))}
        rows = conn.execute(
            select(donations.c.receipt_number, donations.c.recorded_at, donations.c.donor_name, donations.c.total,
                   donations.c.status, donations.c.void_reason, donations.c.voided_by, donations.c.voided_at,
                   func.coalesce(prints.c.printed, 0).label("printed"),
                   func.coalesce(prints.c.copies, 0).label("copies"))
            .select_from(donations.outerjoin(prints, prints.c.donation_id == donations.c.id))
            .where(donations.c.receipt_number.like(f"{ctx.office.code}/{year}/%"))
            .order_by(donations.c.receipt_number)).all()
    devices: dict[str, DeviceAudit] = {}
    voids, never, reprints = [], [], []
    for r in rows:
        number = parse_receipt_number(r.receipt_number)
        device = devices.setdefault(number.device_letter, DeviceAudit(number.device_letter))
        device.seqs.append(number.seq)
        when = ctx.local(parse_iso_utc(r.recorded_at)).strftime("%d/%m/%Y %H:%M")
        if r.status != "aktif":
            device.voided += 1
            voided_at = ctx.local(parse_iso_utc(r.voided_at)).strftime("%d/%m/%Y %H:%M") if r.voided_at else ""
            voids.append((r.receipt_number, when, int(r.total), r.void_reason or "",
                          user_names.get(r.voided_by or "", r.voided_by or ""), voided_at))
        if r.printed:
            device.printed += 1
        else:
            device.never_printed += 1
            never.append((r.receipt_number, when, r.donor_name, int(r.total),
                          "batal" if r.status != "aktif" else "aktif"))
        if r.copies:
            device.reprinted += 1
            device.copies += int(r.copies)
            reprints.append((r.receipt_number, when, r.donor_name, int(r.copies)))
    for letter, last in counters.items():
        devices.setdefault(letter, DeviceAudit(letter)).counter = last
    return dict(sorted(devices.items())), voids, never, reprints


def build_audit(ctx: AppContext, period: Period) -> ReportDoc:
    devices, voids, never, reprints = audit_figures(ctx, period)
    code, year = ctx.office.code, period.first.year
    gaps: dict[str, list[int]] = defaultdict(list)
    summary_rows = []
    for letter, d in devices.items():
        missing = d.missing
        gaps[letter] = missing
        first = f"{code}/{year}/{letter}/{min(d.seqs):06d}" if d.seqs else "—"
        last = f"{code}/{year}/{letter}/{max(d.seqs):06d}" if d.seqs else "—"
        summary_rows.append((letter, first, last, len(d.seqs), d.voided, d.printed, d.never_printed, d.reprinted,
                             d.copies, len(missing)))
    total_gaps = sum(len(v) for v in gaps.values())
    summary = Table(
        "Ringkasan nomor kuitansi per perangkat",
        (Column("Perangkat", width=0.7), Column("Nomor pertama", width=1.6), Column("Nomor terakhir", width=1.6),
         Column("Diterbitkan", COUNT, 0.8), Column("Dibatalkan", COUNT, 0.8), Column("Dicetak", COUNT, 0.7),
         Column("Belum pernah dicetak", COUNT, 0.9), Column("Dicetak ulang", COUNT, 0.8),
         Column("Salinan", COUNT, 0.7), Column("Nomor terlewat", COUNT, 0.8)),
        tuple(summary_rows),
        total=("Jumlah", "", "", *(sum(int(r[i]) for r in summary_rows) for i in range(3, 10))),
        empty_text=f"Tidak ada kuitansi pada tahun {year}.",
        note=("Tidak ada nomor yang terlewat: setiap nomor dari yang pertama sampai yang terakhir tercatat."
              if total_gaps == 0 else f"PERHATIAN: {total_gaps} nomor terlewat, lihat tabel di bawah."),
    )
    gap_rows = tuple((letter, f"{code}/{year}/{letter}/{n:06d}") for letter, ns in gaps.items() for n in ns)
    gap_table = Table("Nomor terlewat", (Column("Perangkat", width=0.6), Column("Nomor kuitansi", width=2.0)),
                      gap_rows, empty_text="Tidak ada nomor yang terlewat.")
    void_table = Table(
        "Kuitansi dibatalkan",
        (Column("Nomor kuitansi", width=1.6), Column("Tanggal", width=1.0), Column("Jumlah (Rp)", MONEY, 0.9),
         Column("Alasan", width=2.4), Column("Dibatalkan oleh", width=1.2), Column("Waktu batal", width=1.0)),
        tuple(voids),
        total=(f"{len(voids)} kuitansi", "", sum(int(v[2]) for v in voids), "", "", "") if voids else None,
        empty_text="Tidak ada kuitansi yang dibatalkan.")
    never_table = Table(
        "Kuitansi yang belum pernah dicetak",
        (Column("Nomor kuitansi", width=1.6), Column("Tanggal", width=1.0), Column("Donatur", width=2.0),
         Column("Jumlah (Rp)", MONEY, 0.9), Column("Status", width=0.6)),
        tuple(never[:MAX_LISTED]), empty_text="Semua kuitansi sudah pernah dicetak.",
        note=f"{len(never) - MAX_LISTED} kuitansi lagi tidak ditampilkan." if len(never) > MAX_LISTED else None)
    reprint_table = Table(
        "Kuitansi yang dicetak ulang (SALINAN)",
        (Column("Nomor kuitansi", width=1.6), Column("Tanggal", width=1.0), Column("Donatur", width=2.0),
         Column("Salinan", COUNT, 0.6)),
        tuple(reprints[:MAX_LISTED]), total=("Jumlah", "", "", sum(int(r[3]) for r in reprints)) if reprints else None,
        empty_text="Tidak ada kuitansi yang dicetak ulang.",
        note=f"{len(reprints) - MAX_LISTED} kuitansi lagi tidak ditampilkan." if len(reprints) > MAX_LISTED else None)
    result = {
        "year": year,
        "devices": [{"device": r[0], "first": r[1], "last": r[2], "issued": r[3], "voided": r[4], "printed": r[5],
                     "never_printed": r[6], "reprinted": r[7], "copies": r[8], "gaps": gaps[r[0]]}
                    for r in summary_rows],
        "issued": sum(int(r[3]) for r in summary_rows), "voided": len(voids), "gaps": total_gaps,
    }
    return make_doc(ctx, "audit", "Laporan Audit Nomor Kuitansi", period.label,
                    (summary, gap_table, void_table, never_table, reprint_table), landscape=True, summary=result)
