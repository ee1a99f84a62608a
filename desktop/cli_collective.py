"""Headless commands of collective collection (issue 14), merged into ``amildesk``.

    amildesk collective institution NAME --type sekolah [--contact TEXT] --user NAME
    amildesk collective import FILE --institution NAME --month YYYY-MM --method METHOD --amount N --user NAME
                               [--reference REF] [--dry-run] [--json] [--receipts-dir DIR] [--paper a4|a5]
    amildesk collective list [--institution NAME] [--json]
    amildesk collective void NUMBER --user NAME --reason TEXT

The user's password is read from standard input (one line), as the window would ask for it: every
record names the clerk who took it (``list`` only reads, and asks for no one). ``void`` voids every
still-active payer receipt of a hand-over in one transaction (kepala kantor or admin). An import list
with any bad row, or whose lines do not add up to ``--amount``, stores nothing and exits 1; ``--json``
then lists one ``errors`` entry per bad row.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:
    collective = subparsers.add_parser("collective", help="collection through institutions (UPZ)")
    actions = collective.add_subparsers(dest="collective_command", required=True)
    imp = actions.add_parser("import", help="record an institution's hand-over from a CSV/XLSX payer list")
    imp.add_argument("file", type=Path)
    imp.add_argument("--institution", required=True, help="institution name (or id)")
    imp.add_argument("--month", required=True, help="period YYYY-MM")
    imp.add_argument("--method", required=True, help="tunai, transfer or qris")
    imp.add_argument("--reference", default=None, help="transfer/QRIS reference")
    imp.add_argument("--amount", required=True, help="amount handed over (rupiah)")
    imp.add_argument("--user", required=True, help="the clerk's user name (password on stdin)")
    imp.add_argument("--dry-run", action="store_true", help="check only: nothing is written")
    imp.add_argument("--json", action="store_true")
    imp.add_argument("--receipts-dir", type=Path, default=None,
                     help="also write the collective receipt and one PDF per payer here")
    imp.add_argument("--paper", choices=["a4", "a5"], default=None)
    imp.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="folder of this office's data")

    lst = actions.add_parser("list", help="the hand-overs recorded, newest first, with their status")
    lst.add_argument("--institution", default=None, help="only this institution (name or id)")
    lst.add_argument("--limit", type=int, default=200)
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="folder of this office's data")

    void = actions.add_parser("void", help="void a whole hand-over: every still-active payer receipt, at once")
    void.add_argument("number", help="the hand-over's number (…/KOL-000001) or id")
    void.add_argument("--user", required=True, help="kepala kantor or admin (password on stdin)")
    void.add_argument("--reason", required=True, help="why (printed on the BATAL receipts)")
    void.add_argument("--json", action="store_true")
    void.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="folder of this office's data")

    inst = actions.add_parser("institution", help="register an institution (school, mosque, OPD, ...)")
    inst.add_argument("name")
    inst.add_argument("--type", required=True, help="sekolah, masjid, opd, perusahaan or lainnya")
    inst.add_argument("--contact", default=None, help="contact person (treasurer)")
    inst.add_argument("--phone", default=None)
    inst.add_argument("--user", required=True, help="the clerk's user name (password on stdin)")
    inst.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="folder of this office's data")


def _password() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def _cmd_collective(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.auth import login
    from desktop.services.context import open_context

    if args.collective_command == "list":
        return _list(data_dir, args)
    ctx = open_context(data_dir, exclusive=not getattr(args, "dry_run", False))
    try:
        login(ctx, args.user, _password())
        if args.collective_command == "void":
            return _void(ctx, args)
        if args.collective_command == "institution":
            from desktop.services.institutions import InstitutionInput, create_institution

            made = create_institution(ctx, InstitutionInput(args.name, args.type, args.contact, args.phone))
            print(json.dumps({"id": made.id, "name": made.name, "type": made.institution_type.value}))
            return 0
        return _import(ctx, args)
    finally:
        ctx.close()


def _summary_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "number": row.number, "recorded_at": row.recorded_at, "institution": row.institution_name,
            "institution_id": row.institution_id, "period": row.period, "payment_method": row.payment_method,
            "payment_reference": row.payment_reference, "payers": row.payer_count, "total": row.total,
            "active_payers": row.active_count, "active_total": row.active_total, "status": row.status}


def _list(data_dir: Path, args: argparse.Namespace) -> int:
    from desktop.services.collective import STATUS_ACTIVE, STATUS_VOID, list_collectives
    from desktop.services.context import open_context, parse_iso_utc

    ctx = open_context(data_dir, exclusive=False)
    try:
        institution_id = None
        if args.institution:
            from desktop.services.institutions import find_institution

            institution_id = find_institution(ctx, args.institution).id
        rows = list_collectives(ctx, institution_id, limit=args.limit)
        if args.json:
            print(json.dumps([_summary_json(r) for r in rows], ensure_ascii=False, indent=1))
            return 0
        for r in rows:
            status = {STATUS_ACTIVE: "aktif", STATUS_VOID: "batal"}.get(
                r.status, f"sebagian batal ({r.payer_count - r.active_count} dari {r.payer_count})")
            day = ctx.local(parse_iso_utc(r.recorded_at)).strftime("%d-%m-%Y")
            print(f"{r.number}  {day}  {r.institution_name}  {r.period}  {r.payer_count} pembayar  "
                  f"{_rp(r.total)}  {status}")
        if not rows:
            print("Belum ada setoran lembaga.")
        return 0
    finally:
        ctx.close()


def _void(ctx: Any, args: argparse.Namespace) -> int:
    from desktop.services.collective import void_collective

    done = void_collective(ctx, args.number, args.reason)
    out = {"id": done.id, "number": done.number, "receipts": list(done.receipts), "amount": done.amount,
           "late_voids": [{"receipt": number, "closed_day": day} for number, day in done.late]}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"Setoran {done.number} dibatalkan: {len(done.receipts)} kuitansi pembayar ({_rp(done.amount)}).")
    if done.late:
        print(f"{len(done.late)} di antaranya dari hari yang kasnya sudah ditutup ({', '.join(done.late_days)}): "
              f"dicatat sebagai penyesuaian pada tutup kas berikutnya.")
    return 0


def _import(ctx: Any, args: argparse.Namespace) -> int:
    from desktop.core.errors import ValidationError
    from desktop.core.money import parse_rupiah
    from desktop.services.collective import (
        CollectiveInput,
        CollectiveRefused,
        preview_collective,
        record_collective,
    )
    from desktop.services.collective_import import read_payer_lines
    from desktop.services.institutions import find_institution

    institution = find_institution(ctx, args.institution)
    data = CollectiveInput(
        institution_id=institution.id, period=args.month, amount=parse_rupiah(args.amount),
        payment_method=args.method.strip().lower(), payment_reference=args.reference,
        lines=tuple(read_payer_lines(args.file)),
    )
    plan = preview_collective(ctx, data)
    out: dict[str, Any] = {
        "dry_run": args.dry_run, "institution": institution.name, "period": plan.period, "amount": plan.amount,
        "total": plan.total, "difference": plan.difference, "rows": len(data.lines), "payers": plan.payers,
        "new_payers": plan.new_payers, "collective": None, "receipts": [], "refused": None,
        "errors": [{"row": e.row, "name": e.name, "message": e.message, "codes": list(e.codes)} for e in plan.errors],
    }
    status = 0
    if plan.errors:
        status = 1
        out["refused"] = {"code": "collective_has_errors",
                          "message": str(CollectiveRefused(plan.errors))}
    elif plan.difference != 0:
        status = 1
        mismatch = ValidationError("collective_total_mismatch", lines=_rp(plan.total), amount=_rp(plan.amount),
                                   difference=_rp(plan.difference))
        out["refused"] = {"code": mismatch.code, "message": str(mismatch)}
    elif not args.dry_run:
        saved = record_collective(ctx, data)
        out["collective"] = {"id": saved.id, "number": saved.number, "total": saved.total,
                             "payers": saved.payer_count, "new_payers": saved.new_payers}
        out["receipts"] = [{"number": r.number, "donor": r.donor_name, "total": r.total} for r in saved.receipts]
        if args.receipts_dir is not None:
            from desktop.receipts.model import PaperFormat
            from desktop.services.collective_receipts import save_collective_receipts

            files = save_collective_receipts(ctx, saved.id, args.receipts_dir,
                                             PaperFormat(args.paper) if args.paper else None)
            out["files"] = {"collective": str(files.collective_pdf), "payers": len(files.payer_pdfs)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        _print_text(out)
    return status


def _rp(amount: int) -> str:
    from desktop.core.money import format_rupiah

    return format_rupiah(amount)


def _print_text(out: dict[str, Any]) -> None:
    for error in out["errors"]:
        print(f"  baris {error['row']}: {error['message']}", file=sys.stderr)
    if out["refused"]:
        print(f"Ditolak: {out['refused']['message']}", file=sys.stderr)
    elif out["collective"]:
        c = out["collective"]
        print(f"Tersimpan: kwitansi kolektif {c['number']}, {c['payers']} pembayar, {_rp(c['total'])}; "
              f"kuitansi {out['receipts'][0]['number']} s.d. {out['receipts'][-1]['number']}.")
    else:
        print(f"Periksa saja: {out['payers']} pembayar ({out['new_payers']} baru), {_rp(out['total'])}; "
              f"tidak ada yang ditulis.")


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {"collective": _cmd_collective}
