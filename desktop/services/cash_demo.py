"""Cash history for the demo office: closed days and weekly deposits, through the real services.

``amildesk demo`` calls ``seed_cash_history`` for each past day after it has spread donations over
them, so the closing list, the deposit list and the balances' "Disetor" have content and Beranda does
not open on a backlog of unclosed days that no real office would have. It
goes through ``close_day`` and ``record_deposit`` (journalled, checked) like a clerk would.
"""

from __future__ import annotations

from datetime import date, timedelta

from desktop.services.closing import CloseDayInput, DayClosing, close_day, day_expectation, today, unclosed_days
from desktop.services.context import AppContext
from desktop.services.deposits import Deposit, DepositInput, cash_on_hand, record_deposit

SHORT = 5_000  # the demo drawer is short by this much, to show a difference with its note


def seed_cash_history(ctx: AppContext, head_username: str, head_password: str, *,
                      day: date | None = None, deposit: bool = True) -> tuple[DayClosing | None, Deposit | None]:
    """Close ``day`` (default: the latest past day with donations not yet closed) and, with ``deposit``,
    deposit about half the cash on hand the day after (or today if that is sooner). Returns what was made
    (None where there was nothing to do)."""
    ctx.require_user()
    if day is None:
        open_days = unclosed_days(ctx)
        if not open_days:
            return None, None
        day = open_days[-1]
    seen = day_expectation(ctx, day)
    closing = seen.closing
    if closing is None:
        counted = {method: max(0, amount) for method, amount in seen.expected_by_method().items()}
        note = None
        if counted.get("tunai", 0) >= SHORT:
            counted["tunai"] -= SHORT
            note = "Kurang Rp5.000: uang kembalian diberikan tanpa dicatat"
        elif any(counted[m] != e for m, e in seen.expected_by_method().items()):
            note = "Pembatalan susulan dibayar dari kas"
        closing = close_day(ctx, CloseDayInput(day=day, counted=counted, note=note,
                                               seen_expected=seen.expected_by_method()),
                            head_username=head_username, head_password=head_password)
    lines = [(c.fund_code, c.on_hand // 2 // 1_000 * 1_000) for c in cash_on_hand(ctx) if c.on_hand >= 2_000]
    if not deposit or not lines:
        return closing, None
    made = record_deposit(ctx, DepositInput(
        lines=lines, reference=f"SETOR-{day:%Y%m%d}", bank="Bank Kaltimtara KCP Tanah Grogot",
        account="0011223344", deposited_on=min(day + timedelta(days=1), today(ctx)),
        note="Setoran mingguan ke rekening BAZNAS Kabupaten"))
    return closing, made
