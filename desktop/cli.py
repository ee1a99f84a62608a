"""``amildesk``: the office app's entry point, with headless commands for support staff and scripts.

Without a command it opens the window. Every command takes ``--data-dir`` (default: the platform's
user data folder), before or after the command name, and uses the same services as the window.
Errors print the clerk's message and exit 2; ``verify`` exits 1 on a broken chain. Output piped into
a reader that stops early (``| head``) ends quietly.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from desktop import cli_backup, cli_beneficiaries, cli_cash, cli_collective, cli_reports, cli_sync
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
    init.add_argument("--sheet", type=Path, default=None,
                      help="where to write the recovery sheet PDF (default: the data folder)")

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
    cli_reports.register(commands)
    cli_backup.register(commands)
    cli_collective.register(commands)
    cli_cash.register(commands)
    accept_data_dir_anywhere(parser)
    return parser


def accept_data_dir_anywhere(parser: argparse.ArgumentParser) -> None:
    """Give every (sub)command its own ``--data-dir`` so it may follow the command name.

    SUPPRESS: when not given there, the top-level ``--data-dir`` (or its default) stays in effect.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                if "--data-dir" not in sub._option_string_actions:
                    sub.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                                     help="folder of this office's data")
                accept_data_dir_anywhere(sub)


def quiet_broken_pipe() -> int:
    """The reader of our output went away (``amildesk receipts | head``): stop without a traceback.

    stdout is pointed at devnull so the interpreter's final flush cannot raise again.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 1


def _read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Ulangi kata sandi: ") != first:
            raise SystemExit("Kata sandi tidak sama.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _cmd_init(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.recovery import write_sheet
    from desktop.services.setup import SetupInput, initialize_office

    password = _read_password("Kata sandi admin: ")
    # The recovery passphrase encrypts every backup: asked once (second stdin line in scripts).
    passphrase = cli_backup.read_passphrase("Frasa pemulihan kantor (min. 10 karakter): ", confirm=True)
    ctx = initialize_office(data_dir, SetupInput(
        institution_name=args.institution, institution_address=args.address,
        office_code=args.office_code, office_name=args.office_name, device_letter=args.device,
        admin_username=args.admin, admin_password=password, admin_full_name=args.admin_name,
        recovery_passphrase=passphrase or None,
    ))
    print(f"Kantor {ctx.office.code} siap di {data_dir} (perangkat {ctx.office.device_letter}).")
    ctx.close()
    if not passphrase:
        print("Peringatan: frasa pemulihan belum dibuat, jadi cadangan belum dapat dibuat. "
              "Jalankan `amildesk backup --new-passphrase`.", file=sys.stderr)
        return 0
    sheet = write_sheet(data_dir, passphrase, args.sheet)
    print(f"Lembar pemulihan: {sheet} — cetak sekali, simpan di tempat aman, lalu hapus berkasnya.")
    return 0


def _cmd_demo(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.demo import DEMO_ADMIN, DEMO_PASSPHRASE, DEMO_PASSWORD, ensure_demo_office, seed_demo
    from desktop.store.probe import is_initialized

    new = not is_initialized(data_dir)
    ctx = ensure_demo_office(data_dir)
    made: dict[str, int] = {}
    try:
        if new:  # WITA, two months at the counter, beneficiaries, aid: every page has content
            from desktop.services.demo_office import furnish_demo_office

            made = furnish_demo_office(ctx)
        numbers = seed_demo(ctx, donors=args.donors, donations=args.donations)
    finally:
        ctx.close()
    extra = (f" (+{made['donations']} selama 60 hari terakhir, {made['beneficiaries']} mustahik, "
             f"{made['distributions']} penyaluran, {made['closed_days']} hari tutup kas, {made['deposits']} setoran, "
             f"{made['collectives']} setoran lembaga)"
             ) if made else ""
    print(f"Demo: {len(numbers)} donasi hari ini{extra} di {data_dir}. "
          f"Masuk sebagai {DEMO_ADMIN} / {DEMO_PASSWORD}.")
    print(f"Frasa pemulihan cadangan kantor demo: {DEMO_PASSPHRASE}")
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
    **cli_beneficiaries.COMMANDS, **cli_reports.COMMANDS, **cli_backup.COMMANDS, **cli_collective.COMMANDS,
    **cli_cash.COMMANDS,
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
    except BrokenPipeError:
        return quiet_broken_pipe()


if __name__ == "__main__":
    sys.exit(main())
