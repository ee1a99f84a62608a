"""Headless commands of the beneficiary and distribution features, merged into ``amildesk``.

``register(subparsers)`` adds ``beneficiaries import`` and ``balances``; ``COMMANDS`` maps their
names to handlers with the same ``(args, data_dir) -> exit code`` shape as desktop/cli.py. Both accept
``--data-dir`` after the command as well (``amildesk beneficiaries import F --data-dir D``), since
scripts write it there; the top-level option still works.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: when not given here, the top-level --data-dir (or its default) stays in effect.
    parser.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="folder of this office's data")


def register(subparsers: argparse._SubParsersAction) -> None:
    beneficiaries = subparsers.add_parser("beneficiaries", help="beneficiaries (mustahik)")
    actions = beneficiaries.add_subparsers(dest="beneficiaries_command", required=True)
    imp = actions.add_parser("import", help="import persons from CSV or XLSX (template or P3KE/DTSEN layout)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="preview only: nothing is written")
    imp.add_argument("--json", action="store_true")
    imp.add_argument("--asnaf", default=None, help="asnaf for rows without one (e.g. miskin)")
    imp.add_argument("--allow-missing-asnaf", action="store_true",
                     help="accept rows without asnaf (they can receive only non-zakat aid)")
    imp.add_argument("--errors-csv", type=Path, default=None, help="write the error report here")
    _data_dir_option(imp)

    balances = subparsers.add_parser("balances", help="fund balances")
    balances.add_argument("--json", action="store_true")
    _data_dir_option(balances)


def _cmd_beneficiaries(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.beneficiary_import import import_beneficiaries, write_error_report
    from desktop.services.context import open_context

    ctx = open_context(data_dir, exclusive=not args.dry_run)
    try:
        result = import_beneficiaries(
            ctx, args.file, dry_run=args.dry_run, default_asnaf=args.asnaf,
            require_asnaf=False if args.allow_missing_asnaf else None, allow_anonymous=True,
        )
    finally:
        ctx.close()
    if args.errors_csv is not None:
        write_error_report(result, args.errors_csv)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    else:
        verb = "akan diimpor" if result.dry_run else "diimpor"
        print(f"{result.to_import if result.dry_run else result.imported} baris {verb}, "
              f"{result.skipped_duplicates} sudah terdaftar (dilewati), {len(result.errors)} baris salah.")
        for error in result.errors:
            print(f"  baris {error.row}: {error.message}", file=sys.stderr)
    return 0


def _cmd_balances(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.balances import balances_json, fund_balances
    from desktop.services.context import open_context

    ctx = open_context(data_dir, exclusive=False)
    try:
        items = fund_balances(ctx)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(balances_json(items), ensure_ascii=False, indent=1))
    else:
        from desktop.core.money import format_rupiah

        for b in items:
            print(f"{b.fund_name}\tterkumpul {format_rupiah(b.collected)}\thak amil {format_rupiah(b.amil_share)}\t"
                  f"disalurkan {format_rupiah(b.distributed)}\tdisetor {format_rupiah(b.deposited)}\t"
                  f"saldo {format_rupiah(b.balance)}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "beneficiaries": _cmd_beneficiaries,
    "balances": _cmd_balances,
}


def main(argv: list[str] | None = None) -> int:
    """Run these commands alone (tests, or before desktop/cli.py includes them)."""
    from desktop.core.errors import AmilError

    parser = argparse.ArgumentParser(prog="amildesk")
    parser.add_argument("--data-dir", type=Path, default=None)
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    if args.data_dir is None:
        from desktop.cli import default_data_dir

        args.data_dir = default_data_dir()
    try:
        return COMMANDS[args.command](args, args.data_dir)
    except AmilError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
