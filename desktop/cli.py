"""``amildesk``: the office app's entry point, with headless commands for support staff and scripts.

Without a command it opens the window. Every command takes ``--data-dir`` (default: the platform's
user data folder) and uses the same services as the window. Errors print the clerk's message and
exit 2; ``verify`` exits 1 on a broken chain.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from desktop import cli_beneficiaries, cli_sync
from desktop.core.errors import AmilError


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("AmilDesk", appauthor=False))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="amildesk", description="AmilDesk — kantor layanan ZIS")
    parser.add_argument("--data-dir", type=Path, default=None, help="folder of this office's data")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (temp store, receipt PDF, window offscreen) and exit")
    commands = parser.add_subparsers(dest="command")

    commands.add_parser("open", help="open the window (the default)")

    init = commands.add_parser("init", help="first-run setup of an office on this device")
    init.add_argument("--institution", required=True)
    init.add_argument("--address", default="")
    init.add_argument("--office-code", required=True)
    init.add_argument("--office-name", required=True)
    init.add_argument("--device", required=True, help="device letter A-Z")
    init.add_argument("--admin", required=True, help="first admin's user name")
    init.add_argument("--admin-name", default="")

    demo = commands.add_parser("demo", help="set up a demo office (if empty) and seed demo data")
    demo.add_argument("--donations", type=int, default=20)
    demo.add_argument("--donors", type=int, default=30)
    demo.add_argument("--open", action="store_true", help="open the window afterwards")

    receipts = commands.add_parser("receipts", help="list receipts")
    receipts.add_argument("--json", action="store_true")
    receipts.add_argument("--search", default="")

    receipt = commands.add_parser("receipt", help="write one receipt as PDF")
    receipt.add_argument("number")
    receipt.add_argument("--format", choices=["58mm", "80mm", "a5", "a4"], default="80mm")
    receipt.add_argument("--out", type=Path, required=True)
    receipt.add_argument("--copy", action="store_true", help="mark as SALINAN (reprint)")

    commands.add_parser("verify", help="re-walk the journal's hash chain")

    status = commands.add_parser("status", help="counts and sync state")
    status.add_argument("--json", action="store_true")
    cli_sync.register(commands)
    cli_beneficiaries.register(commands)
    return parser


def _read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Ulangi kata sandi: ") != first:
            raise SystemExit("Kata sandi tidak sama.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _cmd_init(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.setup import SetupInput, initialize_office

    password = _read_password("Kata sandi admin: ")
    ctx = initialize_office(data_dir, SetupInput(
        institution_name=args.institution, institution_address=args.address,
        office_code=args.office_code, office_name=args.office_name, device_letter=args.device,
        admin_username=args.admin, admin_password=password, admin_full_name=args.admin_name,
    ))
    print(f"Kantor {ctx.office.code} siap di {data_dir} (perangkat {ctx.office.device_letter}).")
    ctx.close()
    return 0


def _cmd_demo(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD, ensure_demo_office, seed_demo

    ctx = ensure_demo_office(data_dir)
    try:
        numbers = seed_demo(ctx, donors=args.donors, donations=args.donations)
    finally:
        ctx.close()
    print(f"Demo: {len(numbers)} donasi di {data_dir}. Masuk sebagai {DEMO_ADMIN} / {DEMO_PASSWORD}.")
    if args.open:
        return _open_gui(data_dir, demo_hint=True)
    return 0


def _cmd_receipts(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.context import open_context
    from desktop.services.receipts import list_receipts

    ctx = open_context(data_dir, exclusive=False)
    try:
        rows = list_receipts(ctx, args.search, limit=1_000_000)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps([
            {"number": r.number, "date": r.local_time.isoformat(timespec="seconds"),
             "recorded_at": r.recorded_at, "donor": r.donor_name, "total": r.total, "status": r.status}
            for r in rows
        ], ensure_ascii=False, indent=1))
    else:
        from desktop.core.money import format_rupiah

        for r in rows:
            print(f"{r.number}\t{r.local_time:%Y-%m-%d %H:%M}\t{r.donor_name}\t{format_rupiah(r.total)}\t{r.status}")
    return 0


def _cmd_receipt(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.receipts.model import PaperFormat
    from desktop.services.context import open_context
    from desktop.services.receipts import save_receipt_pdf

    ctx = open_context(data_dir, exclusive=False)
    try:
        save_receipt_pdf(ctx, args.number, args.out, PaperFormat(args.format), copy=args.copy)
    finally:
        ctx.close()
    print(str(args.out))
    return 0


def _cmd_verify(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.context import open_context
    from desktop.services.status import verify_store

    ctx = open_context(data_dir, exclusive=False)
    try:
        report = verify_store(ctx)
    finally:
        ctx.close()
    if report.ok:
        print(f"OK: {report.events} events, chain intact (last hash {report.last_hash[:16]}…).")
        for base in report.rebases:  # a restored backup continued after the district's seq
            print(f"  base {base.base_seq}: continues the district's chain; {base.moved} event(s) moved, kept.")
        return 0
    print(f"BROKEN at seq {report.bad_seq}: {report.reason}", file=sys.stderr)
    return 1


def _cmd_status(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.context import open_context
    from desktop.services.status import store_status

    ctx = open_context(data_dir, exclusive=False)
    try:
        status = store_status(ctx)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=1))
    else:
        for key, value in status.items():
            print(f"{key}: {value}")
    return 0


def _open_gui(data_dir: Path, *, demo_hint: bool = False) -> int:
    from desktop.app import run_gui

    return run_gui(data_dir, demo_hint=demo_hint)


COMMANDS = {
    "init": _cmd_init, "demo": _cmd_demo, "receipts": _cmd_receipts, "receipt": _cmd_receipt,
    "verify": _cmd_verify, "status": _cmd_status, **cli_sync.COMMANDS,
    **cli_beneficiaries.COMMANDS,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    data_dir = args.data_dir or default_data_dir()
    try:
        if args.self_test:
            from desktop.selftest import run_self_test

            return run_self_test()
        if args.command in (None, "open"):
            return _open_gui(data_dir)
        return COMMANDS[args.command](args, data_dir)
    except AmilError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
