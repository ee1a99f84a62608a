"""``amildesk-server``: run the district server and administer offices and devices.

Every command takes ``--database-url`` (default: a SQLite file in the platform's user data dir, or in
``--data-dir``) and migrates the database first, so a fresh machine needs no set-up step.
"""

from __future__ import annotations

import argparse
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
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db")
    common.add_argument("--data-dir", help="folder of the default SQLite database")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", parents=[common], help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (PostgreSQL only)")
    serve.add_argument("--ssl-certfile")
    serve.add_argument("--ssl-keyfile")
    office = sub.add_parser("create-office", parents=[common], help="register an office")
    office.add_argument("code")
    office.add_argument("--name", required=True)
    code = sub.add_parser("enroll-code", parents=[common], help="print a one-time enrollment code")
    code.add_argument("code", help="office code")
    revoke = sub.add_parser("revoke", parents=[common], help="revoke a device's token")
    revoke.add_argument("device_id")
    imp = sub.add_parser("import", parents=[common], help="import a batch file exported by an office")
    imp.add_argument("file")
    stat = sub.add_parser("status", parents=[common], help="offices, devices, acked seqs, alerts")
    stat.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def _print_status(data: dict[str, Any]) -> None:
    for office in data["offices"]:
        print(f"{office['code']}  {office['name']}  events={office['events']} donations={office['donations']}")
        for dev in office["devices"]:
            state = "REVOKED" if dev["revoked"] else "active"
            print(f"  {dev['device_id']}  {state}  acked_seq={dev['acked_seq']} "
                  f"needs_review={dev['needs_review']} alerts={dev['alerts']} last_contact={dev['last_contact_at']}")


def main(argv: list[str] | None = None) -> int:
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
            print(admin.issue_enroll_code(engine, args.code))
        elif args.command == "revoke":
            admin.revoke(engine, args.device_id)
            print(f"revoked {args.device_id}")
        elif args.command == "import":
            from sync.server.batchfile import import_file

            print(json.dumps(import_file(engine, Path(args.file))))
        elif args.command == "status":
            data = admin.status(engine)
            if args.json:
                print(json.dumps(data, indent=2))
            else:
                _print_status(data)
    except (ValueError, LookupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        engine.dispose()
    return EXIT_OK


def _serve(args: argparse.Namespace, url: str) -> int:
    import os

    import uvicorn

    engine = db.make_engine(url)
    db.migrate(engine)  # once, before workers start
    engine.dispose()
    os.environ["AMILDESK_SERVER_DATABASE_URL"] = url
    uvicorn.run(
        "sync.server.asgi:app", host=args.host, port=args.port, workers=args.workers,
        log_level="warning", access_log=False, ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
        timeout_keep_alive=30,
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
