"""Beranda's month against targets (reference data applied as the sync applies it) and the 30-day series."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from desktop.services.home_figures import daily_series, month_targets
from desktop.services.sync_apply import ApplyContext, apply_items
from desktop.store import dbapi
from tests.unit.reports.conftest import Month, at, utc_text

WITA = timezone(timedelta(hours=8))


def _apply(month: Month, items: list[dict[str, object]]) -> None:
    with month.ctx.store.write() as conn:
        apply_items(conn, items, ApplyContext(now=month.ctx.now_iso(), acked_seq=0))


def target(item_id: str, data: dict[str, object], version: int = 1) -> dict[str, object]:
    return {"kind": "target", "id": item_id, "version": version, "data": data}


def test_no_targets_until_the_district_sends_them(month: Month) -> None:
    assert month_targets(month.ctx) == []


def test_month_against_targets(month: Month) -> None:
    _apply(month, [
        target("2026-11/fund/zakat_maal", {"month": "2026-11", "fund_code": "zakat_maal", "program_id": None,
                                           "amount": 3_000_000}),
        target("2026-11/program/indonesia_sehat", {"month": "2026-11", "fund_code": None,
                                                   "program_id": "indonesia_sehat", "amount": 1_000_000}),
        target("2026-10/fund/sedekah", {"month": "2026-10", "fund_code": "sedekah", "amount": 5}),  # other month
        target("2026-11/fund/bad", {"month": "2026-11", "fund_code": "sedekah", "amount": "banyak"}),  # malformed
        target("2026-11/fund/neg", {"month": "2026-11", "fund_code": "fidyah", "amount": -1}),
    ])
    rows = {(r.scope, r.code): r for r in month_targets(month.ctx)}
    assert set(rows) == {("fund", "zakat_maal"), ("program", "indonesia_sehat")}
    conn = dbapi.connect(month.ctx.store.paths.database)
    start, now = utc_text(datetime(2026, 11, 1, tzinfo=WITA)), month.ctx.now_iso()
    zakat = conn.execute(
        "SELECT sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id WHERE "
        "d.status = 'aktif' AND l.fund_code = 'zakat_maal' AND d.recorded_at >= ? AND d.recorded_at <= ?",
        (start, now)).fetchone()[0]
    sehat = conn.execute(
        "SELECT sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id WHERE "
        "d.status = 'aktif' AND l.program_code = 'indonesia_sehat' AND d.recorded_at >= ?", (start,)).fetchone()[0]
    conn.close()
    assert rows[("fund", "zakat_maal")].collected == zakat == 1_500_000
    assert rows[("fund", "zakat_maal")].percent == 50 and rows[("fund", "zakat_maal")].name == "Zakat Maal"
    assert rows[("program", "indonesia_sehat")].collected == sehat == 500_000
    # A newer version from the district replaces the target; a deleted one disappears.
    _apply(month, [target("2026-11/fund/zakat_maal", {"month": "2026-11", "fund_code": "zakat_maal",
                                                      "amount": 1_500_000}, version=2),
                   {"kind": "target", "id": "2026-11/program/indonesia_sehat", "version": 2, "deleted": True,
                    "data": {}}])
    (only,) = month_targets(month.ctx)
    assert only.percent == 100 and only.target == 1_500_000


def test_last_30_days_equal_plain_sql(month: Month) -> None:
    at(month.ctx, datetime(2026, 11, 12, 3, 0, tzinfo=UTC))
    series = daily_series(month.ctx)
    assert len(series) == 30 and series[-1][0] == date(2026, 11, 12) and series[0][0] == date(2026, 10, 14)
    conn = dbapi.connect(month.ctx.store.paths.database)
    expected = dict(conn.execute(
        "SELECT date(d.recorded_at, '+8 hours'), sum(l.amount) FROM donation_lines l JOIN donations d "
        "ON d.id = l.donation_id WHERE d.status = 'aktif' GROUP BY 1").fetchall())
    conn.close()
    assert {d.isoformat(): a for d, a in series if a} == {k: v for k, v in expected.items()
                                                          if "2026-10-14" <= k <= "2026-11-12"}
    assert dict(series)[date(2026, 11, 10)] == 760_000  # the voided 5,000,000 is not there
