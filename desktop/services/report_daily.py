"""The daily report: the day's receipts, its voids (listed, never counted), totals per fund and method,
late voids made that day as adjustments, and the day's closing (counted, difference) when it is closed.

The receipts of one day are listed from ``donations`` (the ``recorded_at`` index); the totals come
from the running totals, so the daily and monthly reports can never disagree on a day. A receipt of a
closed day that is voided afterwards (a *late void*, see desktop/services/closing.py) keeps counting on
its own day, whose figures stay as the head confirmed them, and shows as an adjustment on the day of
the void, as the next closing carries it.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, select

from desktop.core.money import format_grams_as_kg
from desktop.reports.model import Column, ReportDoc, Table
from desktop.services.closing import CLOSED, DayClosing, closings_of
from desktop.services.context import AppContext, parse_iso_utc
from desktop.services.report_common import COUNT, MONEY, fund_catalogue, make_doc, method_name, net_by, sum_table
from desktop.services.report_periods import Period, date_id
from desktop.store.tables import donation_lines, donations, users
from desktop.store.tables_cash import late_voids


def _line_texts(conn: Connection, start: str, end: str, names: dict[str, str]) -> dict[str, str]:
    """donation id -> "Zakat Maal, Zakat Fitrah (7,5 kg beras)" for the day's receipts."""
    parts: dict[str, list[str]] = defaultdict(list)
    rows = conn.execute(
        select(donation_lines.c.donation_id, donation_lines.c.fund_code, donation_lines.c.quantity,
               donation_lines.c.unit)
        .select_from(donation_lines.join(donations, donations.c.id == donation_lines.c.donation_id))
        .where(donations.c.recorded_at >= start, donations.c.recorded_at < end)
        .order_by(donation_lines.c.donation_id, donation_lines.c.line_no))
    for r in rows:
        text = names.get(r.fund_code, r.fund_code)
        if r.unit == "gram" and r.quantity:
            text += f" ({format_grams_as_kg(int(r.quantity))} beras)"
        parts[r.donation_id].append(text)
    return {k: ", ".join(v) for k, v in parts.items()}


def _closing_tables(closings: list[DayClosing]) -> list[Table]:
    tables = []
    for c in closings:
        rows = tuple((method_name(m.method), m.recorded, -m.late_void, m.expected, m.counted, m.difference)
                     for m in c.methods)
        state = "ditutup" if c.status == CLOSED else f"dibuka lagi ({c.reopen_reason or ''})"
        note = (f"Kas {c.day.isoformat()} {state}: dihitung oleh {c.closed_by}, dikonfirmasi {c.confirmed_by}."
                + (f" Catatan: {c.note}" if c.note else ""))
        tables.append(Table(
            f"Tutup kas {c.day.isoformat()}",
            (Column("Metode", width=1.2), Column("Tercatat (Rp)", MONEY), Column("Batal terlambat (Rp)", MONEY),
             Column("Diharapkan (Rp)", MONEY), Column("Dihitung (Rp)", MONEY), Column("Selisih (Rp)", MONEY)),
            rows, total=("Jumlah", sum(r[1] for r in rows), sum(r[2] for r in rows), c.expected, c.counted,
                         c.difference), note=note))
    return tables


def build_daily(ctx: AppContext, period: Period) -> ReportDoc:
    start, end = period.iso_bounds(ctx)
    start_hour, end_hour = period.hour_bounds(ctx)
    with ctx.store.read() as conn:
        catalogue = fund_catalogue(conn)
        names = {code: f.name for code, f in catalogue.items()}
        texts = _line_texts(conn, start, end, names)
        user_names = {r.id: r.full_name for r in conn.execute(select(users.c.id, users.c.full_name))}
        receipts = conn.execute(
            select(donations.c.id, donations.c.receipt_number, donations.c.recorded_at, donations.c.donor_name,
                   donations.c.payment_method, donations.c.total, donations.c.status, donations.c.void_reason,
                   donations.c.voided_at, donations.c.voided_by, late_voids.c.void_day.label("late_on"))
            .select_from(donations.outerjoin(late_voids, late_voids.c.donation_id == donations.c.id))
            .where(donations.c.recorded_at >= start, donations.c.recorded_at < end)
            .order_by(donations.c.recorded_at, donations.c.receipt_number)).all()
        by_fund = net_by(conn, start_hour, end_hour, "fund_code")
        by_method = net_by(conn, start_hour, end_hour, "payment_method")
        adjustments = conn.execute(
            select(late_voids).where(late_voids.c.void_day >= period.first.isoformat(),
                                     late_voids.c.void_day <= period.last.isoformat())
            .order_by(late_voids.c.voided_at)).all()
    closings = closings_of(ctx, period.first, period.last)
    several_days = period.first != period.last
    when_format = "%d/%m %H:%M" if several_days else "%H:%M"

    def when(text: str) -> str:
        return ctx.local(parse_iso_utc(text)).strftime(when_format)

    # A late void keeps counting on its closed day (its figures stay as confirmed).
    counted = [r for r in receipts if r.status == "aktif" or r.late_on]
    voided = [r for r in receipts if r.status != "aktif"]
    listing = Table(
        "Kuitansi", (Column("No.", COUNT, 0.4), Column("Waktu", width=0.8 if several_days else 0.5),
                     Column("Nomor kuitansi", width=1.6), Column("Donatur", width=1.8), Column("Dana", width=2.4),
                     Column("Metode", width=0.7), Column("Jumlah (Rp)", MONEY, 1.0)),
        tuple((i, when(r.recorded_at), r.receipt_number + (" *" if r.late_on else ""), r.donor_name,
               texts.get(r.id, ""), method_name(r.payment_method), int(r.total))
              for i, r in enumerate(counted, start=1)),
        total=("", "", f"{len(counted)} kuitansi", "", "", "", sum(int(r.total) for r in counted)),
        empty_text="Tidak ada kuitansi pada periode ini.",
        note=("* dibatalkan sesudah tutup kas: tetap dihitung pada hari ini (angka tutup kas tidak berubah), "
              "disesuaikan pada hari pembatalan.") if any(r.late_on for r in counted) else None,
    )
    voids = Table(
        "Kuitansi dibatalkan (tidak dihitung dalam jumlah)",
        (Column("Nomor kuitansi", width=1.6), Column("Waktu", width=0.6), Column("Donatur", width=1.4),
         Column("Jumlah (Rp)", MONEY, 0.9), Column("Alasan", width=2.0), Column("Dibatalkan oleh", width=1.1),
         Column("Waktu batal", width=0.8), Column("Keterangan", width=1.2)),
        tuple((r.receipt_number, when(r.recorded_at), r.donor_name, int(r.total), r.void_reason or "",
               user_names.get(r.voided_by or "", r.voided_by or ""),
               ctx.local(parse_iso_utc(r.voided_at)).strftime("%d/%m %H:%M") if r.voided_at else "",
               f"sesudah tutup kas: penyesuaian {r.late_on}" if r.late_on else "")
              for r in voided),
        total=(f"{len(voided)} kuitansi", "", "", sum(int(r.total) for r in voided if not r.late_on), "", "", "", "")
        if voided else None,
        empty_text="Tidak ada kuitansi yang dibatalkan.",
    )
    fund_rows = [(f.name, by_fund[(code,)]) for code, f in catalogue.items() if by_fund.get((code,))]
    method_rows = [(method_name(m), amount) for (m,), amount in sorted(by_method.items()) if amount]
    adjustment_total = sum(int(a.amount) for a in adjustments)
    adjustment_table = Table(
        "Penyesuaian: kuitansi hari yang sudah ditutup, dibatalkan pada periode ini",
        (Column("Nomor kuitansi", width=1.6), Column("Tanggal kuitansi", width=1.0), Column("Metode", width=0.8),
         Column("Dibatalkan", width=1.0), Column("Penyesuaian (Rp)", MONEY, 1.0)),
        tuple((a.receipt_number, a.day, method_name(a.payment_method),
               ctx.local(parse_iso_utc(a.voided_at)).strftime("%d/%m %H:%M"), -int(a.amount)) for a in adjustments),
        total=("Jumlah", "", "", "", -adjustment_total) if adjustments else None,
        empty_text="Tidak ada pembatalan sesudah tutup kas.",
    )
    total = sum(a for _, a in fund_rows)
    closing_tables = _closing_tables(closings)
    if not closings:
        closing_tables = [Table("Tutup kas", (), (), empty_text=(
            "Hari ini belum ditutup." if not several_days else "Belum ada hari yang ditutup pada periode ini."))]
    tables = (listing, voids, sum_table("Jumlah per jenis dana", "Dana", fund_rows),
              sum_table("Jumlah per metode pembayaran", "Metode", method_rows), adjustment_table, *closing_tables)
    summary = {
        "date": period.first.isoformat(), "until": period.last.isoformat(), "receipts": len(counted),
        "voided": len(voided), "total": total, "adjustments": -adjustment_total, "net": total - adjustment_total,
        "funds": [{"code": code, "name": catalogue[code].name, "amount": by_fund[(code,)]}
                  for code in catalogue if by_fund.get((code,))],
        "methods": [{"method": m, "amount": a} for (m,), a in sorted(by_method.items()) if a],
        "voids": [{"number": r.receipt_number, "total": int(r.total), "reason": r.void_reason,
                   "late": bool(r.late_on)} for r in voided],
        "closings": [{"date": c.day.isoformat(), "status": c.status, "expected": c.expected, "counted": c.counted,
                      "difference": c.difference} for c in closings],
    }
    notes = (f"Jumlah periode ini {total:,} dikurangi penyesuaian {adjustment_total:,} = {total - adjustment_total:,} "
             "rupiah.".replace(",", "."),) if adjustments else ()
    label = period.label if not several_days else f"{date_id(period.first)} – {date_id(period.last)}"
    return make_doc(ctx, "daily", "Laporan Harian Penerimaan", label, tables, landscape=True, notes=notes,
                    summary=summary)
