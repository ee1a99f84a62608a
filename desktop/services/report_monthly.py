"""The monthly report the office brings to the district's coordination meeting.

Collection per fund, program, pillar, payment method and day; the amil share; aid per asnaf and
per program; fund balances at the month's end. Every figure is a sum over the running totals of
migration 0004 (≤ 744 hours × a few keys for the month; one GROUP BY per fund for the balances),
never over the donation lines: 1,000,000 lines cost the same as 1,000 (bench/bench_reports.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, func, select

from desktop.core.aid import amil_share
from desktop.core.asnaf import ASNAF_LABELS, Asnaf
from desktop.reports.model import Column, ReportDoc, Table
from desktop.services.aid_settings import read_amil_share_rates
from desktop.services.collective import InstitutionMonth, institutions_between
from desktop.services.context import AppContext
from desktop.services.institutions import institution_type_label
from desktop.services.report_common import (
    COUNT,
    MONEY,
    NO_PROGRAM,
    FundInfo,
    fund_catalogue,
    make_doc,
    method_name,
    net_before,
    program_catalogue,
    sum_table,
)
from desktop.services.report_periods import Period, local_day_sql_modifier
from desktop.store.tables_beneficiaries import deposits
from desktop.store.tables_reports import (
    aid_hour_totals,
    receipt_hour_totals,
)

# The month's hour totals plus its late voids as negative amounts on the hour they were made.
_MONTH_ROWS = (
    "SELECT hour, fund_code, payment_method, program_code, recorded - voided FROM donation_hour_totals "
    "WHERE hour >= ? AND hour < ? UNION ALL "
    "SELECT hour, fund_code, payment_method, program_code, -amount FROM late_void_hour_totals "
    "WHERE hour >= ? AND hour < ?"
)
KIND_TITLES = {"zakat": "Zakat", "infak": "Infak/Sedekah", "dskl": "DSKL"}


@dataclass(frozen=True)
class FundMonth:
    code: str
    name: str
    kind: str
    collected: int
    amil_share: int
    distributed: int
    deposited: int


@dataclass(frozen=True)
class FundEnd:
    code: str
    name: str
    collected: int
    amil_share: int
    distributed: int
    deposited: int

    @property
    def balance(self) -> int:
        return self.collected - self.amil_share - self.distributed - self.deposited


@dataclass(frozen=True)
class MonthlyFigures:
    funds: tuple[FundMonth, ...]
    by_program: dict[str, int]
    by_method: dict[str, int]
    by_day_kind: dict[tuple[str, str], int]  # (local day, fund kind) -> net
    receipts_by_day: dict[str, tuple[int, int]]  # local day -> (issued, voided)
    aid_by_asnaf: dict[str, tuple[int, int]]  # asnaf -> (count, amount)
    aid_by_program: dict[str, tuple[int, int]]
    balances: tuple[FundEnd, ...]


def _aid_by(conn: Connection, start: str, end: str, key: str) -> dict[str, tuple[int, int]]:
    column = aid_hour_totals.c[key]
    rows = conn.execute(select(column, func.sum(aid_hour_totals.c.count), func.sum(aid_hour_totals.c.amount))
                        .where(aid_hour_totals.c.hour >= start, aid_hour_totals.c.hour < end).group_by(column))
    return {str(k): (int(n), int(a)) for k, n, a in rows}


def _deposited(conn: Connection, first: date | None, last: date) -> dict[str, int]:
    query = select(deposits.c.fund_code, func.sum(deposits.c.amount)).where(deposits.c.deposited_on <= last.isoformat())
    if first is not None:
        query = query.where(deposits.c.deposited_on >= first.isoformat())
    return {code: int(amount) for code, amount in conn.execute(query.group_by(deposits.c.fund_code))}


def monthly_figures(ctx: AppContext, period: Period) -> MonthlyFigures:
    """The month's numbers, in one read transaction (a consistent snapshot)."""
    start, end = period.hour_bounds(ctx)
    modifier = local_day_sql_modifier(ctx)
    with ctx.store.read() as conn:
        catalogue = fund_catalogue(conn)
        rates = read_amil_share_rates(conn)
        # One pass over the month's hour rows feeds every collection view. Up to ~50,000 rows in a dense
        # month: read on the transaction's own sqlite3 cursor (SQLAlchemy's row objects cost half the time).
        raw = conn.connection.driver_connection
        assert raw is not None
        month_rows = raw.execute(_MONTH_ROWS, (start, end, start, end)).fetchall()
        r = receipt_hour_totals.c
        receipt_day = func.date(r.hour + ":00:00", modifier)
        receipts_by_day = {str(d): (int(i), int(v)) for d, i, v in conn.execute(
            select(receipt_day, func.sum(r.issued), func.sum(r.voided))
            .where(r.hour >= start, r.hour < end).group_by(receipt_day))}
        aid_by_asnaf = _aid_by(conn, start, end, "asnaf")
        aid_by_program = _aid_by(conn, start, end, "program_code")
        aid_by_fund = {k: v[1] for k, v in _aid_by(conn, start, end, "fund_code").items()}
        deposited_month = _deposited(conn, period.first, period.last)
        # Balances at the month's end: everything before its last hour.
        flat_end = net_before(conn, end)
        aid_end = {k: v[1] for k, v in _aid_by(conn, "", end, "fund_code").items()}
        deposited_end = _deposited(conn, None, period.last)
    by_fund: dict[str, int] = defaultdict(int)
    by_program: dict[str, int] = defaultdict(int)
    by_method: dict[str, int] = defaultdict(int)
    by_day_kind: dict[tuple[str, str], int] = defaultdict(int)
    offset = ctx.tz.utcoffset(None) or timedelta(0)
    day_of: dict[str, str] = {}
    for hour, code, method, program, amount in month_rows:
        amount = int(amount)
        by_fund[code] += amount
        by_program[program] += amount
        by_method[method] += amount
        day = day_of.get(hour)
        if day is None:
            day = day_of[hour] = (datetime.strptime(hour, "%Y-%m-%dT%H") + offset).date().isoformat()
        by_day_kind[(day, catalogue[code].kind if code in catalogue else "infak")] += amount

    def used(code: str, *maps: dict[str, int]) -> bool:
        return any(m.get(code) for m in maps)

    month_funds = tuple(
        FundMonth(code, f.name, f.kind, by_fund.get(code, 0),
                  amil_share(by_fund.get(code, 0), rates.for_kind(f.kind)),
                  aid_by_fund.get(code, 0), deposited_month.get(code, 0))
        for code, f in catalogue.items()
        if by_fund.get(code) or used(code, aid_by_fund, deposited_month))
    balances = tuple(
        _fund_end(f, flat_end.get(code, 0), rates.for_kind(f.kind), aid_end.get(code, 0), deposited_end.get(code, 0))
        for code, f in catalogue.items() if used(code, flat_end, aid_end, deposited_end))
    return MonthlyFigures(month_funds, dict(by_program), dict(by_method), dict(by_day_kind), receipts_by_day,
                          aid_by_asnaf, aid_by_program, balances)


def _fund_end(f: FundInfo, collected: int, permille: int, distributed: int, deposited: int) -> FundEnd:
    return FundEnd(f.code, f.name, collected, amil_share(collected, permille), distributed, deposited)


def monthly_summary(figures: MonthlyFigures) -> dict[str, object]:
    """What ``amildesk report monthly --json`` prints (the report's per-fund table)."""
    return {
        "funds": [{"code": f.code, "name": f.name, "collected": f.collected, "amil_share": f.amil_share,
                   "distributed": f.distributed, "deposited": f.deposited} for f in figures.funds],
        "total": sum(f.collected for f in figures.funds),
        "balances": [{"code": b.code, "name": b.name, "collected": b.collected, "amil_share": b.amil_share,
                      "distributed": b.distributed, "deposited": b.deposited, "balance": b.balance}
                     for b in figures.balances],
    }


def _asnaf_label(code: str) -> str:
    try:
        return ASNAF_LABELS[Asnaf(code)]
    except ValueError:
        return code or "(tanpa asnaf)"


def build_monthly(ctx: AppContext, period: Period) -> ReportDoc:
    figures = monthly_figures(ctx, period)
    with ctx.store.read() as conn:
        program_names = program_catalogue(conn)
    funds_table = Table(
        "Ringkasan per jenis dana",
        (Column("Dana", width=2.4), Column("Terkumpul (Rp)", MONEY), Column("Hak amil (Rp)", MONEY),
         Column("Disalurkan (Rp)", MONEY), Column("Disetor (Rp)", MONEY)),
        tuple((f.name, f.collected, f.amil_share, f.distributed, f.deposited) for f in figures.funds),
        total=("Jumlah", sum(f.collected for f in figures.funds), sum(f.amil_share for f in figures.funds),
               sum(f.distributed for f in figures.funds), sum(f.deposited for f in figures.funds)),
        empty_text="Tidak ada penerimaan, penyaluran, atau setoran pada bulan ini.",
    )
    programs_rows = sorted(((program_names.get(code, (code, ""))[0] if code else NO_PROGRAM,
                             program_names.get(code, ("", ""))[1] or "—", amount)
                            for code, amount in figures.by_program.items() if amount),
                           key=lambda row: (row[0] == NO_PROGRAM, row[0]))
    program_table = Table("Penerimaan per program", (Column("Program", width=2.4), Column("Pilar", width=1.4),
                                                   Column("Jumlah (Rp)", MONEY, 1.2)),
                          tuple(programs_rows), total=("Jumlah", "", sum(r[2] for r in programs_rows)))
    pillars: dict[str, int] = defaultdict(int)
    for _, pillar, amount in programs_rows:
        pillars[pillar] += amount
    pillar_table = sum_table("Penerimaan per pilar", "Pilar",
                             sorted(pillars.items(), key=lambda p: (p[0] == "—", p[0])))
    method_table = sum_table("Penerimaan per metode pembayaran", "Metode",
                             [(method_name(m), a) for m, a in sorted(figures.by_method.items()) if a])
    kinds = ("zakat", "infak", "dskl")
    day_rows: list[tuple[str, int, int, int, int, int, int]] = []
    for day in period.days():
        key = day.isoformat()
        issued, voided = figures.receipts_by_day.get(key, (0, 0))
        amounts = [figures.by_day_kind.get((key, k), 0) for k in kinds]
        day_rows.append((f"{day.day:02d}/{day.month:02d}", issued - voided, voided, amounts[0], amounts[1],
                         amounts[2], sum(amounts)))
    day_table = Table(
        "Penerimaan per hari",
        (Column("Tanggal", width=0.8), Column("Kuitansi", COUNT, 0.7), Column("Batal", COUNT, 0.6),
         *(Column(f"{KIND_TITLES[k]} (Rp)", MONEY) for k in kinds), Column("Jumlah (Rp)", MONEY)),
        tuple(day_rows),
        total=("Jumlah", *(sum(int(r[i]) for r in day_rows) for i in range(1, 7))),
    )
    asnaf_rows = sorted(figures.aid_by_asnaf.items(), key=lambda kv: [a.value for a in Asnaf].index(kv[0])
                        if kv[0] in {a.value for a in Asnaf} else 99)
    asnaf_table = Table("Penyaluran per asnaf", (Column("Asnaf", width=2.0), Column("Penyaluran", COUNT, 0.8),
                                                 Column("Jumlah (Rp)", MONEY, 1.2)),
                        tuple((_asnaf_label(k), n, a) for k, (n, a) in asnaf_rows),
                        total=("Jumlah", sum(n for n, _ in figures.aid_by_asnaf.values()),
                               sum(a for _, a in figures.aid_by_asnaf.values())),
                        empty_text="Tidak ada penyaluran yang disetujui pada bulan ini.")
    aid_program_table = Table(
        "Penyaluran per program", (Column("Program", width=2.4), Column("Penyaluran", COUNT, 0.8),
                                   Column("Jumlah (Rp)", MONEY, 1.2)),
        tuple(sorted(((program_names.get(k, (k, ""))[0], n, a) for k, (n, a) in figures.aid_by_program.items()))),
        total=("Jumlah", sum(n for n, _ in figures.aid_by_program.values()),
               sum(a for _, a in figures.aid_by_program.values())),
        empty_text="Tidak ada penyaluran yang disetujui pada bulan ini.")
    balance_table = Table(
        f"Saldo dana per akhir {period.label}",
        (Column("Dana", width=2.4), Column("Terkumpul (Rp)", MONEY), Column("Hak amil (Rp)", MONEY),
         Column("Disalurkan (Rp)", MONEY), Column("Disetor (Rp)", MONEY), Column("Saldo (Rp)", MONEY)),
        tuple((b.name, b.collected, b.amil_share, b.distributed, b.deposited, b.balance) for b in figures.balances),
        total=("Jumlah", *(sum(getattr(b, f) for b in figures.balances)
                           for f in ("collected", "amil_share", "distributed", "deposited", "balance"))),
    )
    institutions = _institutions(ctx, period)
    institution_table = Table(
        "Penerimaan melalui lembaga (UPZ)",
        (Column("Lembaga", width=2.4), Column("Jenis", width=0.9), Column("Setoran", COUNT, 0.7),
         Column("Pembayar", COUNT, 0.8), Column("Jumlah (Rp)", MONEY, 1.2)),
        tuple((i.name, institution_type_label(i.institution_type), i.handovers, i.payers, i.amount)
              for i in institutions),
        total=("Jumlah", "", sum(i.handovers for i in institutions), sum(i.payers for i in institutions),
               sum(i.amount for i in institutions)),
        empty_text="Tidak ada setoran kolektif lembaga pada bulan ini.",
        note="Sudah termasuk dalam penerimaan per jenis dana di atas (baris per pembayar), tidak dihitung dua kali.",
    )
    tables = (funds_table, program_table, pillar_table, method_table, day_table, institution_table, asnaf_table,
              aid_program_table, balance_table)
    notes = ("Kuitansi yang dibatalkan tidak dihitung. Hak amil dihitung dari penerimaan bulan ini dengan tarif "
             "kantor (dibulatkan ke bawah); saldo akhir bulan = terkumpul − hak amil − disalurkan − disetor.",)
    summary = monthly_summary(figures)
    summary["institutions"] = [{"id": i.institution_id, "name": i.name, "type": i.institution_type,
                                "handovers": i.handovers, "payers": i.payers, "amount": i.amount}
                               for i in institutions]
    return make_doc(ctx, "monthly", "Laporan Bulanan", period.label, tables, landscape=True,
                    notes=notes, summary=summary)


def _institutions(ctx: AppContext, period: Period) -> list[InstitutionMonth]:
    """Collective hand-overs of the month by institution (issue 14), by their recording time."""
    start, end = period.iso_bounds(ctx)
    with ctx.store.read() as conn:
        return institutions_between(conn, start, end)
