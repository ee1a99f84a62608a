"""Backup and restore of a store with 1,000,000 donations vs. the bare sqlite3 online backup of it.

Run: .venv/bin/python bench/bench_backup.py [--donations 1000000] [--runs 3]
Targets (issue 13): ``create_backup`` (online backup + lz4 + AES-256-GCM + fsync, the real service)
<= 3x the bare ``sqlite3`` online backup of the same file to the same disk (the store is
SQLCipher-encrypted as every store now is, so the bare backup is SQLCipher's, keyed;
``AMILDESK_PLAIN_STORE=1`` measures a plain store); ``restore_backup``
(decrypt + decompress + fsync + integrity_check + manifest check + full journal chain re-walk +
rename, the real service) <= 3x the same bare backup. Medians of ``--runs`` alternating runs; the
parts of the restore are printed too. Prints PASS/FAIL and exits 1 on FAIL.

The store is built once and cached in bench/.cache/ (delete it to rebuild): 500 donations recorded
through ``record_donation``, then copied with new ids and receipt numbers up to ``--donations`` with
their ``donation.recorded`` events appended by ``journal_bulk.append_events`` (the same chain the
counter makes; every trigger fires), so the file and its journal are those of a busy office.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._verdict import status, verdict
from desktop.core.ids import new_uuid7
from desktop.services.backups import create_backup
from desktop.services.demo import DEMO_PASSPHRASE, ensure_demo_office, seed_demo
from desktop.services.restore import restore_backup
from desktop.store import dbapi
from desktop.store.journal_bulk import append_events, canonical_payload

TARGET = 3.0
CACHE = Path(__file__).resolve().parent / ".cache"


def build(data_dir: Path, count: int) -> None:
    ctx = ensure_demo_office(data_dir)
    try:
        seed_demo(ctx, donors=50, donations=min(500, count))
        with ctx.store.read() as conn:
            templates = conn.exec_driver_sql(
                "SELECT j.payload, d.* FROM donations d JOIN journal j ON j.entity_id = d.id "
                "AND j.type = 'donation.recorded' ORDER BY d.receipt_number").all()
            lines = {}
            for row in conn.exec_driver_sql("SELECT * FROM donation_lines"):
                lines.setdefault(row.donation_id, []).append(tuple(row))
        made = len(templates)
        chunk = 50_000
        while made < count:
            donations, donation_lines, events = [], [], []
            for i in range(made, min(count, made + chunk)):
                template = templates[i % len(templates)]
                payload = json.loads(template.payload)
                new_id = new_uuid7()
                number = f"KLL-PKS/{2000 + i // 900_000}/A/{i % 900_000 + 1:06d}"
                payload["id"], payload["receipt_number"] = new_id, number
                row = dict(template._mapping)
                row.pop("payload")
                row["id"], row["receipt_number"] = new_id, number
                donations.append(row)
                donation_lines += [(new_id, *line[1:]) for line in lines[template.id]]
                events.append((new_id, canonical_payload(payload)))
            with ctx.store.write() as conn:
                columns = list(donations[0])
                conn.exec_driver_sql(
                    f"INSERT INTO donations ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    [tuple(d[c] for c in columns) for d in donations])
                width = len(donation_lines[0])
                conn.exec_driver_sql(f"INSERT INTO donation_lines VALUES ({', '.join('?' * width)})", donation_lines)
                append_events(conn, ctx.office.identity, type="donation.recorded", items=events,
                              user_id=ctx.require_user().id, occurred_at="2026-01-01T00:00:00.000000Z")
            made += len(donations)
            print(f"  built {made:,} donations", flush=True)
    finally:
        ctx.close()
    conn = dbapi.connect(data_dir / "amildesk.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def cached(count: int) -> Path:
    from desktop.store.store_key import plain_requested

    target = CACHE / f"backup-store-{count}{'-plain' if plain_requested() else ''}"
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    build(target, count)
    (target / ".complete").write_text("ok\n")
    print(f"  store built in {time.perf_counter() - started:.0f} s", flush=True)
    return target


def bare_backup(source: Path, target: Path) -> float:
    """SQLite's online backup of the store file, nothing else (an encrypted store: keyed, as it must be)."""
    key = dbapi.key_of(source)
    started = time.perf_counter()
    src = dbapi.read_only(source, key=key)
    dst = dbapi.connect(target, key=key)
    src.backup(dst)
    dst.close()
    src.close()
    return time.perf_counter() - started


def restore_parts(backup: Path, folder: Path) -> dict[str, float]:
    """The steps of ``restore_backup`` timed one by one (the same functions, in the same order)."""
    from desktop.services.restore import _quick_check, _verify_chain, check_restored, read_backup_manifest
    from desktop.store.backup_format import decrypt_file

    folder.mkdir()
    candidate = folder / "candidate.sqlite3"
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with open(candidate, "wb") as out:
        key = decrypt_file(backup, DEMO_PASSPHRASE, out).store_key
        out.flush()
        timings["decrypt + decompress + write"] = time.perf_counter() - started
        started = time.perf_counter()
        os.fsync(out.fileno())
    timings["fsync (beside the checks in restore_backup)"] = time.perf_counter() - started
    for name, step in (("quick_check alone", lambda: _quick_check(candidate, key)),
                       ("journal chain + donation rows alone (verify_journal)", lambda: _verify_chain(candidate, key)),
                       ("check_restored (both at once + schema/manifest)",
                        lambda: check_restored(candidate, read_backup_manifest(backup), key))):
        started = time.perf_counter()
        step()
        timings[name] = time.perf_counter() - started
    shutil.rmtree(folder)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--donations", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    store = cached(args.donations)
    size = (store / "amildesk.sqlite3").stat().st_size
    tmp = Path(tempfile.mkdtemp(prefix="amildesk-bench-backup-", dir=CACHE))
    bare, ours, restores = [], [], []
    parts: dict[str, float] = {}
    try:
        for run in range(args.runs):
            plain = tmp / f"bare-{run}.sqlite3"
            bare.append(bare_backup(store / "amildesk.sqlite3", plain))
            plain.unlink()
            started = time.perf_counter()
            result = create_backup(store, to=tmp / "out", policy=None)
            ours.append(time.perf_counter() - started)
            target = tmp / f"restored-{run}"
            started = time.perf_counter()
            restored = restore_backup(result.path, DEMO_PASSPHRASE, target)
            restores.append(time.perf_counter() - started)
            assert restored.events == result.manifest["journal_high_seq"]
            encrypted = result.path.stat().st_size
            shutil.rmtree(target)
            if run == args.runs - 1:
                parts = restore_parts(result.path, tmp / "parts")
            result.path.unlink()
        print(f"store: {args.donations:,} donations, {size / 2**20:.0f} MiB; backup file {encrypted / 2**20:.0f} MiB "
              f"({size / encrypted:.1f}x smaller)")
        base = statistics.median(bare)
        print("restore, step by step (last run, timed separately):")
        for name, seconds in parts.items():
            print(f"  {name}: {seconds:.2f} s ({seconds / base:.2f}x the bare backup)")
        ok = True
        figures = (("backup (create_backup)", ours), ("restore (restore_backup, checks included)", restores))
        for name, samples in figures:
            figure = statistics.median(samples)
            passed = figure <= TARGET * base
            ok = ok and passed
            print(f"{name}: median {figure:.2f} s | bare sqlite3 online backup median {base:.2f} s, "
                  f"ratio {figure / base:.2f}x | target <= {TARGET}x {verdict(passed)}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("overall:", verdict(ok))
    return status(ok)


if __name__ == "__main__":
    sys.exit(main())
