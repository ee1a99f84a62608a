"""``amildesk-server``: run the district server and administer offices and devices.

Every command takes ``--database-url`` (default: a SQLite file in the platform's user data dir, or in
``--data-dir``), before or after the command name, and migrates the database first, so a fresh
machine needs no set-up step. Output piped into a reader that stops early (``| head``) ends quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from sync.server import admin, db

EXIT_OK, EXIT_USAGE, EXIT_FAILED = 0, 2, 1


def default_database_url(data_dir: str | None) -> str:
    if data_dir:
        base = Path(data_dir)
    else:
        from platformdirs import user_data_dir

        base = Path(user_data_dir("amildesk-server", appauthor=False))
    return f"sqlite:///{(base / 'server.sqlite3').resolve()}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="amildesk-server", description="AmilDesk district server")
    parser.add_argument("--database-url", help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db")
    parser.add_argument("--data-dir", help="folder of the default SQLite database")
    # SUPPRESS: given after the command they win; not given there, the ones before it stay in effect.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", default=argparse.SUPPRESS,
                        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db")
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="folder of the default SQLite database")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", parents=[common], help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (PostgreSQL only)")
    serve.add_argument("--ssl-certfile")
    serve.add_argument("--ssl-keyfile")
    serve.add_argument("--api-docs", action="store_true",
                       help="publish /api/v1/openapi.json and /api/v1/docs (off by default)")
    office = sub.add_parser("create-office", parents=[common], help="register an office")
    office.add_argument("code")
    office.add_argument("--name", required=True)
    code = sub.add_parser("enroll-code", parents=[common], help="print a one-time enrollment code")
    code.add_argument("code", help="office code")
    code.add_argument("--device", metavar="DEVICE_ID",
                      help="re-enroll this existing device (new token; lifts a revocation)")
    revoke = sub.add_parser("revoke", parents=[common], help="revoke a device's token")
    revoke.add_argument("device_id")
    imp = sub.add_parser("import", parents=[common], help="import a batch file exported by an office")
    imp.add_argument("file")
    user = sub.add_parser("create-user", parents=[common], help="add a district console user (password on stdin)")
    user.add_argument("name")
    user.add_argument("--role", required=True, choices=("admin", "pimpinan", "auditor"))
    passwd = sub.add_parser("set-password", parents=[common], help="set a console user's password (from stdin)")
    passwd.add_argument("name")
    disable = sub.add_parser("disable-user", parents=[common], help="stop a console user from logging in")
    disable.add_argument("name")
    stat = sub.add_parser("status", parents=[common], help="offices, devices, acked seqs, alerts")
    stat.add_argument("--json", action="store_true", help="machine-readable output")
    confirm = sub.add_parser("confirm-deposit", parents=[common],
                             help="confirm an office's deposit arrived in the district account")
    confirm.add_argument("deposit_id")
    confirm.add_argument("--by", required=True, help="who at the district confirms (name)")
    confirm.add_argument("--note", default="")
    return parser


def printable(value: Any) -> str:
    """``value`` for a terminal: control characters (ANSI escapes, carriage returns) shown escaped.

    Office names, labels and versions come from devices; printed raw, an escape sequence in one
    could rewrite the admin's terminal.
    """
    text = str(value)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _print_status(data: dict[str, Any]) -> None:
    p = printable
    for office in data["offices"]:
        print(f"{p(office['code'])}  {p(office['name'])}  events={office['events']} donations={office['donations']}")
        for dev in office["devices"]:
            state = "REVOKED" if dev["revoked"] else "active"
            print(f"  {p(dev['device_id'])}  {p(dev['label'] or '')}  {state}  acked_seq={dev['acked_seq']} "
                  f"needs_review={dev['needs_review']} alerts={dev['alerts']} "
                  f"last_contact={p(dev['last_contact_at'])}")


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # the reader went away (``| head``): stop without a traceback
        import os

        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    url = args.database_url or default_database_url(args.data_dir)
    if args.command == "serve":
        return _serve(args, url)
    engine = db.make_engine(url)
    db.migrate(engine)
    try:
        if args.command == "create-office":
            print(admin.create_office(engine, args.code, args.name))
        elif args.command == "enroll-code":
            print(admin.issue_enroll_code(engine, args.code, args.device))
        elif args.command == "revoke":
            admin.revoke(engine, args.device_id)
            print(f"revoked {printable(args.device_id)}")
        elif args.command == "import":
            from sync.server.batchfile import import_file

            print(json.dumps(import_file(engine, Path(args.file))))
        elif args.command in ("create-user", "set-password", "disable-user"):
            _console_user(engine, args)
        elif args.command == "confirm-deposit":
            from sync.server.cash import confirm_deposit

            print(json.dumps(confirm_deposit(engine, args.deposit_id, by=args.by, note=args.note)))
        elif args.command == "status":
            data = admin.status(engine)
            if args.json:
                print(json.dumps(data, indent=2))
            else:
                _print_status(data)
    except (ValueError, LookupError) as exc:
        print(f"error: {printable(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        engine.dispose()
    return EXIT_OK


def _read_password() -> str:
    """The password from stdin: one line (piped), or typed twice without echo at a terminal."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _console_user(engine: Any, args: argparse.Namespace) -> None:
    from sync.server.console import users

    if args.command == "create-user":
        users.create_user(engine, args.name, args.role, _read_password())
        print(f"created {printable(args.name)} ({args.role})")
    elif args.command == "set-password":
        users.set_password(engine, args.name, _read_password())
        print(f"password set for {printable(args.name)}")
    else:
        users.disable_user(engine, args.name)
        print(f"disabled {printable(args.name)}")


def _serve(args: argparse.Namespace, url: str) -> int:
    import os

    import uvicorn

    engine = db.make_engine(url)
    db.migrate(engine)  # once, before workers start
    engine.dispose()
    os.environ["AMILDESK_SERVER_DATABASE_URL"] = url
    if args.api_docs:
        os.environ["AMILDESK_SERVER_API_DOCS"] = "1"
    uvicorn.run(
        "sync.server.asgi:app", host=args.host, port=args.port, workers=args.workers,
        log_level="warning", access_log=False, ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
        timeout_keep_alive=30,
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
