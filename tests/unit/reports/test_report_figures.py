"""Report figures equal sums computed here independently with plain SQL over the raw store rows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

from desktop.services.deposits import DepositInput, record_deposit
from desktop.services.report_monthly import monthly_figures
from desktop.services.reports import ReportRequest, build_report, resolve_period
from desktop.store import dbapi
from tests.unit.reports.conftest import NOW, Month, at, utc_text

WITA = timezone(timedelta(hours=8))
NOV_START = utc_text(datetime(2026, 11, 1, tzinfo=WITA))
DEC_START = utc_text(datetime(2026, 12, 1, tzinfo=WITA))


def raw(month: Month) -> sqlite3.Connection:
    conn = dbapi.connect(month.ctx.store.paths.database)
    return conn


def sql_map(conn: sqlite3.Connection, query: str, *params: object) -> dict[object, int]:
    return {row[0]: int(row[1]) for row in conn.execute(query, params) if row[1]}


COLLECTED = ("SELECT {key}, sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
             "{join} WHERE d.status = 'aktif' AND d.recorded_at >= ? AND d.recorded_at < ? GROUP BY 1")


def test_monthly_figures_equal_plain_sql(month: Month) -> None:
    ctx = month.ctx
    # Deposits through the real service: one in the month, one before it, one after it.
    for moment, lines, day in ((datetime(2026, 11, 20, 2, tzinfo=UTC), [("zakat_maal", 400_000)], "2026-11-20"),
                               (datetime(2026, 11, 4, 2, tzinfo=UTC), [("sedekah", 50_000)], "2026-10-31"),
                               (datetime(2026, 12, 1, 2, tzinfo=UTC), [("zakat_maal", 100_000)], "2026-12-01")):
        at(ctx, moment)
        record_deposit(ctx, DepositInput(lines=lines, reference=f"SETOR-{day}", bank="Bank Kaltimtara",
                                         deposited_on=date.fromisoformat(day)))
    at(ctx, NOW)
    conn = raw(month)
    figures = monthly_figures(ctx, resolve_period(ctx, ReportRequest("monthly", "2026-11")))

    per_fund = sql_map(conn, COLLECTED.format(key="l.fund_code", join=""), NOV_START, DEC_START)
    assert {f.code: f.collected for f in figures.funds if f.collected} == per_fund
    assert per_fund["zakat_maal"] == 1_500_000  # 1 Nov 01:00 WITA counted, the voided 5,000,000 not
    per_program = sql_map(conn, COLLECTED.format(key="coalesce(l.program_code, '')", join=""), NOV_START, DEC_START)
    assert {k: v for k, v in figures.by_program.items() if v} == per_program
    per_method = sql_map(conn, COLLECTED.format(key="d.payment_method", join=""), NOV_START, DEC_START)
    assert {k: v for k, v in figures.by_method.items() if v} == per_method
    per_day = sql_map(conn, COLLECTED.format(key="date(d.recorded_at, '+8 hours')", join=""), NOV_START, DEC_START)
    by_day: dict[str, int] = {}
    for (day, _kind), amount in figures.by_day_kind.items():
        by_day[day] = by_day.get(day, 0) + amount
    assert {k: v for k, v in by_day.items() if v} == per_day
    assert per_day["2026-11-03"] == 150_000 + 25_000 and per_day["2026-11-04"] == 75_000  # WITA midnight
    receipts = {row[0]: (row[1], row[2]) for row in conn.execute(
        "SELECT date(recorded_at, '+8 hours'), count(*), sum(status <> 'aktif') FROM donations "
        "WHERE recorded_at >= ? AND recorded_at < ? GROUP BY 1", (NOV_START, DEC_START))}
    assert figures.receipts_by_day == receipts

    aid = "FROM distributions x LEFT JOIN beneficiaries b ON b.id = x.beneficiary_id WHERE x.status = 'disetujui' "
    aid_asnaf = {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT coalesce(x.asnaf, b.asnaf, ''), count(*), sum(x.amount) {aid}"
        "AND x.decided_at >= ? AND x.decided_at < ? GROUP BY 1", (NOV_START, DEC_START))}
    assert figures.aid_by_asnaf == aid_asnaf == {"miskin": (1, 300_000), "": (1, 20_000)}
    aid_program = {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT x.program_code, count(*), sum(x.amount) {aid} AND x.decided_at >= ? AND x.decided_at < ? "
        "GROUP BY 1", (NOV_START, DEC_START))}
    assert figures.aid_by_program == aid_program

    deposited = sql_map(conn, "SELECT fund_code, sum(amount) FROM deposits WHERE deposited_on BETWEEN ? AND ? "
                              "GROUP BY 1", "2026-11-01", "2026-11-30")
    assert {f.code: f.deposited for f in figures.funds if f.deposited} == deposited == {"zakat_maal": 400_000}
    # Balances at the month's end: everything recorded before 1 December 00:00 WITA.
    end_collected = sql_map(conn, COLLECTED.format(key="l.fund_code", join=""), "", DEC_START)
    end_aid = sql_map(conn, f"SELECT x.fund_code, sum(x.amount) {aid} AND x.decided_at < ? GROUP BY 1", DEC_START)
    end_deposited = sql_map(conn, "SELECT fund_code, sum(amount) FROM deposits WHERE deposited_on <= ? GROUP BY 1",
                            "2026-11-30")
    for b in figures.balances:
        assert b.collected == end_collected.get(b.code, 0), b
        assert b.distributed == end_aid.get(b.code, 0), b
        assert b.deposited == end_deposited.get(b.code, 0), b
    zakat = next(b for b in figures.balances if b.code == "zakat_maal")
    assert zakat.collected == 3_500_000 and zakat.amil_share == 437_500
    assert zakat.balance == 3_500_000 - 437_500 - 300_000 - 400_000
    assert {b.code for b in figures.balances} >= set(end_collected) | set(end_deposited)

    doc = build_report(ctx, ReportRequest("monthly", "2026-11"))
    assert doc.summary["total"] == sum(per_fund.values())
    assert [f["code"] for f in doc.summary["funds"]][:2] == ["zakat_maal", "zakat_penghasilan"]  # type: ignore[index]
    assert set(doc.summary["funds"][0]) == {"code", "name", "collected", "amil_share", "distributed",  # type: ignore[index]
                                            "deposited"}
    conn.close()


def test_daily_report_lists_voids_and_excludes_them(month: Month) -> None:
    ctx = month.ctx
    doc = build_report(ctx, ReportRequest("daily", "2026-11-10"))
    listing, voids, by_fund, by_method = doc.tables[:4]
    assert [r[2] for r in listing.rows] == [month.numbers[7]]
    assert [r[0] for r in voids.rows] == [month.voided]
    assert voids.rows[0][4] == "Salah ketik nominal, seharusnya Rp500.000" and voids.rows[0][5] == "Hj. Aminah"
    conn = raw(month)
    day_start = utc_text(datetime(2026, 11, 10, tzinfo=WITA))
    day_end = utc_text(datetime(2026, 11, 11, tzinfo=WITA))
    expected = sql_map(conn, COLLECTED.format(key="f.name", join="JOIN funds f ON f.code = l.fund_code"),
                       day_start, day_end)
    assert dict(by_fund.rows) == expected
    assert by_fund.total == ("Jumlah", sum(expected.values())) == ("Jumlah", 500_000 + 4 * 65_000)
    assert listing.total is not None and listing.total[-1] == sum(expected.values())
    assert dict(by_method.rows) == {"QRIS": 760_000}
    assert doc.summary["voided"] == 1 and doc.summary["total"] == 760_000
    # The fitrah-in-rice receipt shows what was given, not Rp0 only.
    day3 = build_report(ctx, ReportRequest("daily", "2026-11-03"))
    assert any("5 kg beras" in str(r[4]) for r in day3.tables[0].rows)
    assert day3.tables[2].total == ("Jumlah", 150_000 + 25_000)
    conn.close()


def test_running_totals_never_drift_from_the_rows(month: Month) -> None:
    conn = raw(month)
    stored = {r[:4]: (r[4], r[5]) for r in conn.execute(
        "SELECT hour, fund_code, payment_method, program_code, recorded, voided FROM donation_hour_totals")}
    recomputed = {r[:4]: (r[4], r[5]) for r in conn.execute(
        "SELECT substr(d.recorded_at, 1, 13), l.fund_code, d.payment_method, coalesce(l.program_code, ''), "
        "sum(l.amount), sum(CASE WHEN d.status = 'aktif' THEN 0 ELSE l.amount END) "
        "FROM donation_lines l JOIN donations d ON d.id = l.donation_id GROUP BY 1, 2, 3, 4")}
    assert stored == recomputed
    assert sum(v[1] for v in stored.values()) == 5_000_000
    months = {r[:2]: (r[2], r[3]) for r in conn.execute(
        "SELECT month, fund_code, recorded, voided FROM donation_month_totals")}
    assert months == {r[:2]: (r[2], r[3]) for r in conn.execute(
        "SELECT substr(d.recorded_at, 1, 7), l.fund_code, sum(l.amount), "
        "sum(CASE WHEN d.status = 'aktif' THEN 0 ELSE l.amount END) "
        "FROM donation_lines l JOIN donations d ON d.id = l.donation_id GROUP BY 1, 2")}
    receipts = dict(conn.execute("SELECT hour, issued || '/' || voided FROM receipt_hour_totals"))
    assert receipts == dict(conn.execute(
        "SELECT substr(recorded_at, 1, 13), count(*) || '/' || sum(status <> 'aktif') FROM donations GROUP BY 1"))
    conn.close()


def test_audit_counts_prints_voids_and_says_there_is_no_gap(month: Month) -> None:
    doc = build_report(month.ctx, ReportRequest("audit", "2026"))
    summary, gaps, voids, never, reprints = doc.tables
    (device,) = doc.summary["devices"]  # type: ignore[misc]
    assert device["issued"] == len(month.numbers) == 9
    assert device["voided"] == 1 and device["printed"] == 1 and device["never_printed"] == 8
    assert device["reprinted"] == 1 and device["copies"] == 2  # the failed SALINAN is not a copy
    assert device["gaps"] == [] and gaps.rows == ()
    assert summary.note is not None and summary.note.startswith("Tidak ada nomor yang terlewat")
    assert voids.rows[0][0] == month.voided and voids.rows[0][4] == "Hj. Aminah"
    assert reprints.rows == ((month.numbers[1], "01/11/2026 01:00",
                              "Ahmad Hidayat", 2),)
    assert len(never.rows) == 8


def test_audit_finds_a_gap(month: Month) -> None:
    conn = raw(month)
    conn.execute("UPDATE receipt_counters SET last_seq = last_seq + 2")  # two numbers handed out, never stored
    conn.commit()
    doc = build_report(month.ctx, ReportRequest("audit", "2026"))
    assert doc.summary["gaps"] == 2
    assert [r[1] for r in doc.tables[1].rows] == ["UPZ-UJI/2026/B/000010", "UPZ-UJI/2026/B/000011"]
    assert doc.tables[0].note is not None and "2 nomor terlewat" in doc.tables[0].note
    conn.close()
