"""Headless commands of the district link, merged into ``amildesk``.

``register(subparsers)`` adds ``enroll``, ``sync`` and ``export-batch``; ``COMMANDS`` maps them to
handlers with the ``(args, data_dir) -> exit code`` shape of desktop/cli.py. Each takes the store's
instance lock, so they are refused while the window (or another command) has the store open.
``sync`` exits 0 only when everything is acknowledged and the pull reached the server head, so a
script can loop on it. The device token is never printed. While the district does not answer, a
notice goes to stderr after 10 s (the data is safe, still trying); plain http to a public host needs
``--allow-insecure-http``, which is kept with the link and warned about on every sync.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.context import AppContext


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: when not given here, the top-level --data-dir (or its default) stays in effect.
    parser.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="folder of this office's data")


def register(subparsers: argparse._SubParsersAction) -> None:
    enroll = subparsers.add_parser("enroll", help="link this device to the district server (one-time code)")
    enroll.add_argument("--server", required=True, help="district server URL, e.g. https://zis.kab.go.id")
    enroll.add_argument("--code", required=True, help="one-time enrollment code from the district admin")
    enroll.add_argument("--ca-bundle", default=None, help="PEM file of the district's private CA")
    enroll.add_argument("--allow-insecure-http", action="store_true",
                        help="allow plain http:// to a host outside this machine and private networks "
                             "(token and records travel unencrypted; kept with the link)")
    enroll.add_argument("--stall-timeout", type=float, default=None,
                        help="give up after this many seconds without progress or without any answer (default 30)")
    _data_dir_option(enroll)

    sync = subparsers.add_parser("sync", help="send unsent records and pull reference data now")
    sync.add_argument("--json", action="store_true")
    sync.add_argument("--stall-timeout", type=float, default=None,
                      help="give up after this many seconds without progress or without any answer (default 120)")
    sync.add_argument("--allow-insecure-http", action=argparse.BooleanOptionalAction, default=None,
                      help="allow (or no longer allow) plain http:// to a public host for this link; kept")
    _data_dir_option(sync)

    export = subparsers.add_parser("export-batch", help="write unsent records to a signed file (no link)")
    export.add_argument("--out", type=Path, required=True)
    _data_dir_option(export)


def _say(problem: Exception) -> None:
    """A notice or warning on stderr (the catalogue's Indonesian sentence), as soon as it is known."""
    print(str(problem), file=sys.stderr, flush=True)


def _warn_if_insecure(ctx: AppContext) -> None:
    from desktop.services.sync_service import sync_overview
    from desktop.services.sync_state import SyncProblem

    overview = sync_overview(ctx)
    if overview.insecure_http:
        _say(SyncProblem("sync_insecure_http", url=overview.server_url))


def _cmd_enroll(args: argparse.Namespace, data_dir: Path) -> int:
    from dataclasses import replace

    from desktop.services.context import open_context
    from desktop.services.sync_service import ENROLL_POLICY, enroll

    policy = ENROLL_POLICY if args.stall_timeout is None else replace(
        ENROLL_POLICY, stall_timeout=args.stall_timeout, unreachable_timeout=args.stall_timeout)
    ctx = open_context(data_dir)
    try:
        result = enroll(ctx, args.server, args.code, args.ca_bundle, allow_insecure_http=args.allow_insecure_http,
                        on_waiting=_say, policy=policy)
        _warn_if_insecure(ctx)
    finally:
        ctx.close()
    print(f"Terhubung ke {result.server_url}: kantor {result.office_code} ({result.office_name}), "
          f"perangkat {result.device_id}.")
    return 0


def _cmd_sync(args: argparse.Namespace, data_dir: Path) -> int:
    from dataclasses import replace

    from desktop.services.context import open_context
    from desktop.services.sync_service import DEFAULT_POLICY, set_allow_insecure_http, sync_now

    policy = DEFAULT_POLICY if args.stall_timeout is None else replace(
        DEFAULT_POLICY, stall_timeout=args.stall_timeout, unreachable_timeout=args.stall_timeout)
    ctx = open_context(data_dir)
    try:
        if args.allow_insecure_http is not None:
            set_allow_insecure_http(ctx, args.allow_insecure_http)
        _warn_if_insecure(ctx)
        outcome = sync_now(ctx, policy=policy, on_waiting=_say)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({
            "complete": outcome.complete, "sent": outcome.sent, "acked_seq": outcome.acked_seq,
            "unsent": outcome.unsent, "pulled": outcome.pulled, "flagged": list(outcome.flagged),
            "rebased": None if outcome.rebased is None else vars(outcome.rebased),
            "error": None if outcome.error is None else outcome.error.code,
            "error_message": None if outcome.error is None else str(outcome.error),
        }, ensure_ascii=False, indent=1))
    else:
        print(f"Terkirim {outcome.sent} catatan, diakui sampai {outcome.acked_seq}, belum terkirim {outcome.unsent}; "
              f"{outcome.pulled} data referensi diterima.")
        if outcome.rebased is not None:
            print(f"Perangkat dipulihkan dari cadangan: jurnal dilanjutkan setelah {outcome.rebased.base_seq}, "
                  f"{outcome.rebased.moved} catatan dipindahkan ke sana.")
        if outcome.flagged:
            print(f"{len(outcome.flagged)} catatan ditandai untuk diperiksa kabupaten.")
    if outcome.error is not None:
        print(f"Galat: {outcome.error}", file=sys.stderr)
    elif outcome.complete and not args.json:
        print("Sinkron selesai.")
    return 0 if outcome.complete else 1


def _cmd_export_batch(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.context import open_context
    from desktop.services.sync_service import export_batch

    ctx = open_context(data_dir)
    try:
        result = export_batch(ctx, args.out)
    finally:
        ctx.close()
    if result.path is None:
        print("Tidak ada catatan yang belum terkirim; tidak ada berkas yang dibuat.")
    else:
        print(f"{result.events} catatan (urutan {result.first_seq}–{result.last_seq}) diekspor ke {result.path}; "
              "diekspor, belum dikonfirmasi sampai kabupaten mengimpornya.")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "enroll": _cmd_enroll, "sync": _cmd_sync, "export-batch": _cmd_export_batch,
}
