"""A late void (a receipt of a closed day voided afterwards) is an adjustment: the closed day's report keeps
the figures the head confirmed, the day of the void shows the adjustment, the month counts it once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from desktop.services.closing import CloseDayInput, close_day
from desktop.services.donations import void_donation
from desktop.services.report_monthly import monthly_figures
from desktop.services.reports import ReportRequest, build_report, resolve_period
from desktop.store import dbapi
from tests.conftest import PASSWORD
from tests.unit.reports.conftest import Month, at


def test_late_void_is_an_adjustment_and_the_closed_day_stays(month: Month) -> None:
    ctx = month.ctx
    before = build_report(ctx, ReportRequest("daily", "2026-11-03"))
    assert before.summary["total"] == 175_000
    # 3 November (WITA) is closed by the clerk with the head's password, counted as expected.
    ctx.user = month.clerk
    at(ctx, datetime(2026, 11, 3, 9, 0, tzinfo=UTC))  # 17:00 WITA
    closing = close_day(ctx, CloseDayInput(day=date(2026, 11, 3), counted={"tunai": 175_000}),
                        head_username="kepala", head_password=PASSWORD)
    assert closing.expected == 175_000
    closed = build_report(ctx, ReportRequest("daily", "2026-11-03"))
    assert closed.summary["closings"] == [{"date": "2026-11-03", "status": "tutup", "expected": 175_000,
                                          "counted": 175_000, "difference": 0}]
    # Five days later the kepala voids the 150,000 fitrah receipt of that closed day.
    ctx.user = month.head
    at(ctx, datetime(2026, 11, 8, 2, 0, tzinfo=UTC))
    fitrah = month.numbers[2]
    void_donation(ctx, fitrah, "Donatur membayar dua kali")
    at(ctx, datetime(2026, 11, 30, 6, 0, tzinfo=UTC))

    after = build_report(ctx, ReportRequest("daily", "2026-11-03"))
    assert after.summary["total"] == before.summary["total"] == 175_000  # figures as they were confirmed
    assert after.tables[2].rows == before.tables[2].rows  # per fund
    assert after.tables[3].rows == before.tables[3].rows  # per method
    assert any(r[2] == f"{fitrah} *" for r in after.tables[0].rows)  # still listed and counted, marked
    assert [v["number"] for v in after.summary["voids"] if v["late"]] == [fitrah]  # type: ignore[index]
    assert after.summary["adjustments"] == 0

    void_day = build_report(ctx, ReportRequest("daily", "2026-11-08"))
    adjustment = void_day.tables[4]
    assert [(r[0], r[1], r[4]) for r in adjustment.rows] == [(fitrah, "2026-11-03", -150_000)]
    assert void_day.summary["adjustments"] == -150_000 and void_day.summary["net"] == -150_000

    # The month counts the receipt once: collected less the late void, equal to plain SQL over the rows.
    figures = monthly_figures(ctx, resolve_period(ctx, ReportRequest("monthly", "2026-11")))
    conn = dbapi.connect(ctx.store.paths.database)
    plain = dict(conn.execute(
        "SELECT l.fund_code, sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
        "WHERE d.status = 'aktif' AND d.recorded_at >= '2026-10-31T16' AND d.recorded_at < '2026-11-30T16' "
        "GROUP BY 1").fetchall())
    assert {f.code: f.collected for f in figures.funds if f.collected} == {k: v for k, v in plain.items() if v}
    assert plain["zakat_fitrah"] == 0  # only the rice receipt (Rp0) is left
    by_day: dict[str, int] = {}
    for (day, _kind), amount in figures.by_day_kind.items():
        by_day[day] = by_day.get(day, 0) + amount
    assert by_day["2026-11-03"] - 175_000 == 0 and by_day["2026-11-08"] == -150_000
    # The running totals equal a recomputation that books late voids at the closed day's receipts.
    stored = {r[:4]: (r[4], r[5]) for r in conn.execute(
        "SELECT hour, fund_code, payment_method, program_code, recorded, voided FROM donation_hour_totals")}
    recomputed = {r[:4]: (r[4], r[5]) for r in conn.execute(
        "SELECT substr(d.recorded_at, 1, 13), l.fund_code, d.payment_method, coalesce(l.program_code, ''), "
        "sum(l.amount), sum(CASE WHEN d.status = 'aktif' OR v.donation_id IS NOT NULL THEN 0 ELSE l.amount END) "
        "FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
        "LEFT JOIN late_voids v ON v.donation_id = d.id GROUP BY 1, 2, 3, 4")}
    assert stored == recomputed
    assert conn.execute("SELECT hour, fund_code, amount FROM late_void_hour_totals").fetchall() == [
        ("2026-11-08T02", "zakat_fitrah", 150_000)]
    conn.close()
    # Month-end balance counts it.
    assert all(b.collected == 0 for b in figures.balances if b.code == "zakat_fitrah")


def test_migration_rebuilds_equal_what_the_triggers_kept(month: Month) -> None:
    """The backfills of migrations 0004/0007/0009 (run on stores that already hold data) give exactly the
    rows the triggers keep, late voids included."""
    import importlib

    ctx = month.ctx
    ctx.user = month.clerk
    at(ctx, datetime(2026, 11, 3, 9, 0, tzinfo=UTC))
    close_day(ctx, CloseDayInput(day=date(2026, 11, 3), counted={"tunai": 175_000}),
              head_username="kepala", head_password=PASSWORD)
    ctx.user = month.head
    at(ctx, datetime(2026, 11, 8, 2, 0, tzinfo=UTC))
    void_donation(ctx, month.numbers[4], "Salah dana")  # 3 Nov 23:59 WITA: a closed day
    ctx.store.engine.dispose()
    conn = dbapi.connect(ctx.store.paths.database)
    tables = ("donation_hour_totals", "receipt_hour_totals", "aid_hour_totals", "donation_month_totals",
              "late_void_hour_totals")

    def snapshot() -> dict[str, list[tuple[object, ...]]]:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}

    kept = snapshot()
    assert kept["late_void_hour_totals"] == [("2026-11-08T02", "sedekah", "tunai", "", 25_000)]
    late = importlib.import_module("desktop.store.migrations.versions.0009_late_void_totals").DDL
    aid = importlib.import_module("desktop.store.migrations.versions.0004_report_totals").DDL
    conn.execute("DELETE FROM late_void_hour_totals")
    conn.execute("DELETE FROM aid_hour_totals")
    for statement in [s for s in late if not s.lstrip().startswith("CREATE")]:
        conn.execute(statement)
    conn.execute(next(s for s in aid if "INSERT INTO aid_hour_totals" in s and "SELECT" in s
                      and "CREATE TRIGGER" not in s))
    conn.commit()
    assert snapshot() == kept
    conn.close()
