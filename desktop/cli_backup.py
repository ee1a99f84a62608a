"""``amildesk backup``, ``restore``, ``doctor`` and ``unlock``, merged into ``amildesk``.

``backup`` works beside a running app (SQLite's online backup; it takes no instance lock) and needs
no passphrase: the office's backup key is in the store. ``restore`` and ``backup --new-passphrase``
read the recovery passphrase from the terminal, or from the first line of stdin when it is not one
(scripts, tests). ``restore`` refuses while the app has the store open. ``doctor`` exits 1 when any
check FAILs, so a support script can act on it. ``unlock`` opens the store key's sealed copy with the
recovery passphrase and keeps the key again (a new Windows account, a reinstalled PC).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from desktop.cli_sync import _data_dir_option


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="write an encrypted backup of the store now")
    backup.add_argument("--to", type=Path, default=None, help="folder to write it to (default: data folder)")
    backup.add_argument("--new-passphrase", action="store_true",
                        help="set (or change) the office's recovery passphrase first and write its recovery sheet")
    backup.add_argument("--sheet", type=Path, default=None, help="where to write the recovery sheet PDF")
    backup.add_argument("--json", action="store_true")
    _data_dir_option(backup)

    restore = subparsers.add_parser("restore", help="restore an encrypted backup into the data folder")
    restore.add_argument("file", type=Path)
    restore.add_argument("--replace", action="store_true",
                         help="replace the office data already in the folder (it is kept aside, not deleted)")
    restore.add_argument("--json", action="store_true")
    _data_dir_option(restore)

    unlock = subparsers.add_parser("unlock", help="keep the store's key again from the recovery passphrase")
    _data_dir_option(unlock)

    doctor = subparsers.add_parser("doctor", help="check the store, journal, disk, backups, printer and server")
    doctor.add_argument("--offline", action="store_true", help="skip the district server check")
    doctor.add_argument("--json", action="store_true")
    _data_dir_option(doctor)


def read_passphrase(prompt: str, *, confirm: bool = False) -> str:
    """From the terminal (hidden), or the first line of stdin when it is not a terminal."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Ulangi frasa pemulihan: ") != first:
            raise SystemExit("Frasa pemulihan tidak sama.")
        return first
    return (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")


def _cmd_backup(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.backups import create_backup, second_folder_of
    from desktop.store.paths import StorePaths

    db = StorePaths(data_dir).database
    if args.new_passphrase:
        sheet = set_passphrase_with_sheet(data_dir, read_passphrase("Frasa pemulihan baru: ", confirm=True),
                                          args.sheet)
        print(f"Frasa pemulihan disimpan. Lembar pemulihan: {sheet} — cetak, simpan di tempat aman, "
              "lalu hapus berkasnya.")
    second = None if args.to is not None or not db.exists() else second_folder_of(db)
    result = create_backup(data_dir, reason="manual", to=args.to, second_folder=second)
    if args.json:
        print(json.dumps({"path": str(result.path), "copies": [str(c) for c in result.copies], "bytes": result.size,
                          "seconds": round(result.seconds, 3), "manifest": result.manifest}, ensure_ascii=False))
        return 0
    manifest = result.manifest
    print(f"Cadangan dibuat: {result.path} ({result.size / (1 << 20):.1f} MB, {result.seconds:.1f} detik)")
    print(f"  kantor {manifest['office_code']}, perangkat {manifest['device_letter']}, "
          f"jurnal sampai urutan {manifest['journal_high_seq']}, {manifest['donations']} donasi")
    for copy in result.copies:
        print(f"  salinan: {copy}")
    if result.removed:
        print(f"  {result.removed} cadangan lama dihapus (disimpan: 7 harian, 4 mingguan, 12 bulanan)")
    return 0


def set_passphrase_with_sheet(data_dir: Path, passphrase: str, sheet: Path | None) -> Path:
    """Store the key from ``passphrase`` and write the recovery sheet PDF; returns the sheet's path."""
    from desktop.services.recovery import set_recovery_passphrase

    return set_recovery_passphrase(data_dir, passphrase, sheet)


def _print_manifest(manifest: dict[str, object]) -> None:
    print(f"Cadangan kantor {manifest.get('office_code')} ({manifest.get('office_name')}), "
          f"perangkat {manifest.get('device_letter')}")
    print(f"  dibuat {manifest.get('created_at')} oleh AmilDesk {manifest.get('app_version')}; "
          f"jurnal sampai urutan {manifest.get('journal_high_seq')}, {manifest.get('donations')} donasi")


def _cmd_restore(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.restore import read_backup_manifest, restore_backup

    manifest = read_backup_manifest(args.file)
    if not args.json:
        _print_manifest(manifest)
    passphrase = read_passphrase("Frasa pemulihan: ")
    result = restore_backup(args.file, passphrase, data_dir, replace=args.replace)
    if args.json:
        print(json.dumps({
            "database": str(result.database), "set_aside": None if result.set_aside is None else str(result.set_aside),
            "events": result.events, "manifest": result.manifest,
            "kept": [{"seq": k.seq, "type": k.type, "entity_id": k.entity_id, "occurred_at": k.occurred_at,
                      "at_district": k.at_district, "summary": k.summary} for k in result.kept],
        }, ensure_ascii=False))
        return 0
    print(f"Dipulihkan: {result.database} ({result.events} kejadian jurnal, rantai utuh).")
    if result.set_aside is not None:
        print(f"  Data sebelumnya disimpan utuh di {result.set_aside}")
    if result.kept:
        at_district = sum(1 for k in result.kept if k.at_district)
        print(f"  {len(result.kept)} catatan baru di data sebelumnya tidak ada di cadangan; semuanya disimpan:")
        for kept in result.kept:
            where = "sudah di server kabupaten" if kept.at_district else "belum terkirim"
            print(f"    #{kept.seq} {kept.type} {kept.summary} ({kept.occurred_at}, {where})")
        if at_district:
            print(f"  {at_district} di antaranya sudah di server kabupaten: sinkron berikutnya menyambungkan jurnal "
                  "setelahnya (tidak ada yang hilang).")
        if at_district < len(result.kept):
            print("  Yang belum terkirim tetap tersimpan di daftar di atas dan di data sebelumnya; "
                  "catat ulang atau serahkan ke dukungan.")
    return 0


def _cmd_doctor(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.services.context import open_context
    from desktop.services.doctor import FAIL, run_doctor

    ctx = open_context(data_dir, exclusive=False)
    try:
        checks = run_doctor(ctx, network=not args.offline)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps([c.__dict__ for c in checks], ensure_ascii=False, indent=1))
    else:
        for check in checks:
            print(f"{check.level:<4}  {check.name}: {check.detail}")
            if check.action:
                print(f"      -> {check.action}")
    return 1 if any(c.level == FAIL for c in checks) else 0


def _cmd_unlock(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop.store.store_key import recover_store_key

    recover_store_key(data_dir, read_passphrase("Frasa pemulihan: "))
    print("Kunci basis data disimpan lagi di komputer ini; AmilDesk dapat dibuka.")
    return 0


COMMANDS = {"backup": _cmd_backup, "restore": _cmd_restore, "doctor": _cmd_doctor, "unlock": _cmd_unlock}
