"""Beranda: this month against the district's targets (applied through the sync's apply path) and the
30-day bar chart, on a real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.context import open_context
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.sync_apply import ApplyContext, apply_items
from desktop.services.users import login
from desktop.ui.main_window import HOME
from tests.ui.conftest import PASSWORD, wait_ops

SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"


@pytest.fixture
def with_targets(office_dir: Path) -> Path:
    ctx = open_context(office_dir)
    try:
        login(ctx, "admin", PASSWORD)
        for amount in (400_000, 350_000):
            record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount),), anonymous=True))
        month = ctx.local(ctx.now()).strftime("%Y-%m")
        with ctx.store.write() as conn:
            apply_items(conn, [{"kind": "target", "id": f"{month}/fund/zakat_maal", "version": 1,
                                "data": {"month": month, "fund_code": "zakat_maal", "program_id": None,
                                         "amount": 3_000_000}}], ApplyContext(now=ctx.now_iso(), acked_seq=0))
    finally:
        ctx.close()
    return office_dir


def test_beranda_shows_targets_and_the_last_30_days(qtbot: QtBot, open_app: object, with_targets: Path) -> None:
    window = open_app("admin").window  # type: ignore[operator]
    window.resize(1200, 800)
    window.show_page(HOME)
    home = window.home
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: home.targets.rowCount() == 1, timeout=10000)
    assert home.targets.item(0, 0).text() == "Dana: Zakat Maal"
    assert home.targets.item(0, 1).text() == "Rp750.000" and home.targets.item(0, 3).text() == "25 %"
    assert home.no_targets.isHidden() and not home.targets.isHidden()
    assert len(home.chart.series) == 30 and home.chart.series[-1][1] == 750_000
    assert sum(a for _, a in home.chart.series) == 750_000
    image = home.chart.grab().toImage()
    green = sum(1 for x in range(image.width()) for y in range(image.height())
                if image.pixelColor(x, y).name() in ("#3fa37a", "#1f6f50"))
    assert green > 50  # today's bar is drawn
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "beranda.png"))


def test_beranda_without_targets_says_so(qtbot: QtBot, open_app: object, office_dir: Path) -> None:
    window = open_app("admin").window  # type: ignore[operator]
    window.show_page(HOME)
    wait_ops(qtbot)
    home = window.home
    qtbot.waitUntil(lambda: len(home.chart.series) == 30, timeout=10000)
    assert not home.no_targets.isHidden() and home.targets.isHidden()
    assert home.targets.rowCount() == 0
