"""Headless commands of the cash features, merged into ``amildesk``: ``close-day``, ``reopen-day``,
``deposit`` and ``deposits``.

Each names its user with ``--user`` and reads that user's password from stdin (one line; a prompt on
a terminal), so a script never puts a password on the command line. ``close-day`` needs a kepala
kantor or admin: on the command line the one user both counts and confirms. Amounts are typed the
way clerks write them ("1.250.000", "Rp 50.000"); a wrong one is refused with the clerk's message and
nothing is stored (exit 2, as every ``amildesk`` error).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.closing import DayClosing
    from desktop.services.context import AppContext


def register(subparsers: argparse._SubParsersAction) -> None:
    close = subparsers.add_parser("close-day", help="close a day's cash (tutup kas harian)")
    close.add_argument("--date", required=True, help="office-local day, YYYY-MM-DD")
    close.add_argument("--user", required=True, help="kepala kantor or admin (password on stdin)")
    close.add_argument("--counted", action="append", default=[], metavar="METHOD=AMOUNT",
                       help="what was counted per payment method (tunai, transfer, qris); repeatable")
    close.add_argument("--pieces", action="append", default=[], metavar="VALUE=COUNT",
                       help="cash counted by denomination, e.g. 100000=12 (sums to tunai); repeatable")
    close.add_argument("--note", default=None, help="required when counted differs from expected")
    close.add_argument("--json", action="store_true", help="print expected, counted and difference as JSON")

    reopen = subparsers.add_parser("reopen-day", help="reopen a closed day (kepala kantor or admin)")
    reopen.add_argument("--date", required=True)
    reopen.add_argument("--user", required=True)
    reopen.add_argument("--reason", required=True)

    deposit = subparsers.add_parser("deposit", help="record a deposit (setoran) to the district account")
    deposit.add_argument("--user", required=True, help="who deposited (password on stdin)")
    deposit.add_argument("--fund", action="append", default=[], required=True, metavar="CODE=AMOUNT",
                         help="amount per fund, e.g. zakat_maal=1.500.000; repeatable")
    deposit.add_argument("--reference", required=True, help="the bank's reference / slip number")
    deposit.add_argument("--bank", default=None)
    deposit.add_argument("--account", default=None)
    deposit.add_argument("--note", default=None)
    deposit.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    deposit.add_argument("--json", action="store_true")

    listing = subparsers.add_parser("deposits", help="deposits, cash on hand and the district's confirmations")
    listing.add_argument("--json", action="store_true")


def _password(username: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"Kata sandi {username}: ")
    return sys.stdin.readline().rstrip("\r\n")


def _pairs(values: list[str], what: str) -> list[tuple[str, str]]:
    from desktop.core.errors import ValidationError

    pairs = []
    for value in values:
        key, sep, amount = value.partition("=")
        if not sep or not key.strip():
            raise ValidationError("amount_not_number", text=value)
        pairs.append((key.strip().lower() if what == "method" else key.strip(), amount))
    return pairs


def _logged_in(data_dir: Path, username: str) -> tuple[AppContext, str]:
    from desktop.services.context import open_context
    from desktop.services.users import login

    ctx = open_context(data_dir)
    try:
        password = _password(username)
        login(ctx, username, password)
    except BaseException:
        ctx.close()
        raise
    return ctx, password


def closing_json(closing: DayClosing) -> dict[str, object]:
    return {
        "closing_id": closing.id, "date": closing.day.isoformat(), "status": closing.status,
        "methods": [{"method": m.method, "recorded": m.recorded, "late_void": m.late_void, "expected": m.expected,
                     "counted": m.counted, "difference": m.difference} for m in closing.methods],
        "expected": closing.expected, "counted": closing.counted, "difference": closing.difference,
        "late_void_adjustment": closing.late_void_adjustment,
        "denominations": (None if closing.denominations is None
                          else {str(k): v for k, v in closing.denominations.items()}),
        "note": closing.note, "closed_by": closing.closed_by, "confirmed_by": closing.confirmed_by,
        "totals_by_fund": [{"fund_code": c, "amount": a} for c, a in closing.totals_by_fund],
    }


def _cmd_close_day(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.core.errors import ValidationError
    from desktop.core.money import format_rupiah, parse_rupiah
    from desktop.services.closing import CloseDayInput, close_day, parse_day

    day = parse_day(args.date)
    counted = {method: parse_rupiah(amount) for method, amount in _pairs(args.counted, "method")}
    pieces: dict[int, int] | None = None
    if args.pieces:
        pieces = {}
        for value, count in _pairs(args.pieces, "pieces"):
            if not count.strip().isdigit():
                raise ValidationError("denomination_count_invalid", value=value, text=count)
            pieces[parse_rupiah(value)] = int(count)
    ctx, password = _logged_in(data_dir, args.user)
    try:
        closing = close_day(ctx, CloseDayInput(day=day, counted=counted, denominations=pieces, note=args.note),
                            head_username=args.user, head_password=password)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(closing_json(closing), ensure_ascii=False, indent=1))
    else:
        for m in closing.methods:
            print(f"{m.method}\tdiharapkan {format_rupiah(m.expected)}\tterhitung {format_rupiah(m.counted or 0)}\t"
                  f"selisih {format_rupiah(m.difference or 0)}")
        print(f"Kas {closing.day.isoformat()} ditutup; dikonfirmasi {closing.confirmed_by}.")
    return 0


def _cmd_reopen_day(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.closing import parse_day, reopen_day

    day = parse_day(args.date)
    ctx, _ = _logged_in(data_dir, args.user)
    try:
        reopen_day(ctx, day, args.reason)
    finally:
        ctx.close()
    print(f"Tutup kas {day.isoformat()} dibuka kembali.")
    return 0


def _cmd_deposit(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.core.money import format_rupiah, parse_rupiah
    from desktop.services.closing import parse_day
    from desktop.services.deposits import DepositInput, deposit_json, record_deposit

    lines = [(code, parse_rupiah(amount)) for code, amount in _pairs(args.fund, "fund")]
    day = parse_day(args.date) if args.date else None
    ctx, _ = _logged_in(data_dir, args.user)
    try:
        deposit = record_deposit(ctx, DepositInput(lines=lines, reference=args.reference, bank=args.bank,
                                                   account=args.account, note=args.note, deposited_on=day))
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(deposit_json(deposit), ensure_ascii=False, indent=1))
    else:
        print(f"Setoran {format_rupiah(deposit.total)} tercatat ({deposit.reference}); {deposit.status}.")
    return 0


def _cmd_deposits(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.core.money import format_rupiah
    from desktop.services.context import open_context
    from desktop.services.deposits import cash_on_hand, deposit_json, list_deposits

    ctx = open_context(data_dir, exclusive=False)
    try:
        items, hand = list_deposits(ctx), cash_on_hand(ctx)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({"deposits": [deposit_json(d) for d in items],
                          "cash_on_hand": [{"fund_code": c.fund_code, "collected": c.collected,
                                            "amil_share": c.amil_share, "distributed": c.distributed,
                                            "deposited": c.deposited, "on_hand": c.on_hand} for c in hand]},
                         ensure_ascii=False, indent=1))
    else:
        for d in items:
            print(f"{d.deposited_on.isoformat()}\t{d.reference}\t{format_rupiah(d.total)}\t{d.status}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "close-day": _cmd_close_day, "reopen-day": _cmd_reopen_day, "deposit": _cmd_deposit,
    "deposits": _cmd_deposits,
}
