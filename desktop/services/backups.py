"""Encrypted backups of the office store: made while the app runs, rotated, copied to a second disk.

A backup is a consistent snapshot (SQLite's online backup API under one read transaction, so the
app keeps saving meanwhile) written as an ``.amilbak`` file: compressed and AES-GCM encrypted with
the office's backup key (``desktop.store.backup_format``). The key is derived once from the
recovery passphrase chosen at setup and kept in the store (``backup_key``); the passphrase is never
stored, so a copy that leaves the office (a USB disk, a stolen bag) is unreadable without the
recovery sheet, while the app can back up every day without asking for it.

DB-API connections throughout (``desktop.store.dbapi``, keyed for an encrypted store): the automatic
backup runs on a background thread right after start-up and must not pull SQLAlchemy into the cold
start. The snapshot of an encrypted store stays encrypted under the store's key (SQLite's backup API
copies pages as they are, so no plain copy is ever written); the backup carries that key sealed
under the backup key, so the recovery sheet alone opens it on a new PC.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from desktop.core.errors import StoreError, ValidationError
from desktop.store import dbapi
from desktop.store.backup_format import KeyMaterial, derive_key, encrypt_file, read_manifest
from desktop.store.backup_rotation import Policy, to_keep
from desktop.store.paths import DB_FILENAME, StorePaths
from desktop.store.store_encryption import stored_backup_key
from sync.protocol.canonical import GENESIS_HASH

log = logging.getLogger("amildesk.backup")

SUFFIX = ".amilbak"
MIN_PASSPHRASE = 10
SECOND_FOLDER_MAX_AGE = timedelta(days=7)
_NAME = re.compile(r"^amildesk-(?P<office>[A-Z0-9-]+)-(?P<letter>[A-Z])-(?P<stamp>\d{8}T\d{9}Z)-(?P<reason>[a-z-]+)"
                   + re.escape(SUFFIX) + "$")
DEFAULT_POLICY = Policy()


def app_version() -> str:
    try:
        return importlib.metadata.version("amildesk")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


# --- the backup key ----------------------------------------------------------------------------

def validate_passphrase(passphrase: str) -> str:
    """The recovery passphrase: at least 10 characters (it protects every copy that leaves the office)."""
    if len((passphrase or "").strip()) < MIN_PASSPHRASE:
        raise ValidationError("recovery_passphrase_too_short", min_len=MIN_PASSPHRASE)
    return passphrase


def store_backup_key(conn: Any, passphrase: str, now: str) -> KeyMaterial:
    """Derive the key from ``passphrase`` and keep it (replacing an older one) in the caller's transaction.

    ``conn`` is a DB-API connection or a SQLAlchemy one (setup writes it with the office). The caller
    then seals the store's key under it (``store_key.seal_for_recovery``) once the transaction commits.
    """
    material = derive_key(validate_passphrase(passphrase))
    kdf = json.dumps(material.kdf(), sort_keys=True)
    sql = ("INSERT INTO backup_key (id, kdf, key_hex, created_at) VALUES (1, ?, ?, ?) "
           "ON CONFLICT(id) DO UPDATE SET kdf = excluded.kdf, key_hex = excluded.key_hex, "
           "created_at = excluded.created_at")
    if hasattr(conn, "exec_driver_sql"):
        conn.exec_driver_sql(sql, (kdf, material.key.hex(), now))
    else:
        conn.execute(sql, (kdf, material.key.hex(), now))
    return material


def load_backup_key(db_path: Path) -> KeyMaterial | None:
    """The office's backup key, or None when no recovery passphrase was ever set."""
    return stored_backup_key(db_path)


@contextmanager
def _read_only(db_path: Path, key: dbapi.KeyArg = dbapi.AUTO) -> Iterator[Any]:
    conn = dbapi.read_only(db_path, key=key, timeout=10)
    try:
        yield conn
    finally:
        conn.close()


# --- manifest ----------------------------------------------------------------------------------

def journal_position(conn: Any) -> tuple[int, str]:
    """(high seq, its hash) of a store, honouring a journal base (as ``journal.high_seq`` does)."""
    last = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    seq, digest = (0, GENESIS_HASH) if last is None else (int(last[0]), str(last[1]))
    with suppress(*dbapi.OPERATIONAL_ERRORS):  # journal_base came with migration 0003
        base = conn.execute("SELECT base_seq, base_hash FROM journal_base ORDER BY base_seq DESC LIMIT 1").fetchone()
        if base is not None and int(base[0]) > seq:
            seq, digest = int(base[0]), str(base[1])
    return seq, digest


def snapshot_manifest(snapshot: Path, *, reason: str, created_at: str,
                      key: dbapi.KeyArg = dbapi.AUTO) -> dict[str, Any]:
    """What a backup holds, read from the snapshot itself (so it describes exactly that copy)."""
    with _read_only(snapshot, key) as conn:
        office = conn.execute("SELECT id, code, name, device_id, device_letter FROM office LIMIT 1").fetchone()
        if office is None:
            raise StoreError("not_initialized")
        high, digest = journal_position(conn)
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        donations = conn.execute("SELECT count(*) FROM donations").fetchone()[0]
    return {
        "office_id": office[0], "office_code": office[1], "office_name": office[2], "device_id": office[3],
        "device_letter": office[4], "journal_high_seq": high, "journal_hash": digest,
        "schema_revision": None if revision is None else str(revision[0]), "donations": int(donations),
        "app_version": app_version(), "created_at": created_at, "reason": reason,
        "db_bytes": snapshot.stat().st_size,
    }


# --- making one ------------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupResult:
    path: Path
    copies: tuple[Path, ...]  # the same file on the second folder(s)
    manifest: dict[str, Any]
    size: int
    seconds: float
    removed: int  # older backups rotated out


def backup_name(manifest: dict[str, Any], moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    stamp = f"{utc:%Y%m%dT%H%M%S}{utc.microsecond // 1000:03d}Z"  # milliseconds: two backups never share a name
    reason = re.sub(r"[^a-z-]", "-", str(manifest["reason"]).lower())[:30] or "manual"
    return f"amildesk-{manifest['office_code']}-{manifest['device_letter']}-{stamp}-{reason}{SUFFIX}"


def snapshot(db_path: Path, target: Path) -> str | None:
    """SQLite's online backup of ``db_path`` into ``target``: one consistent read snapshot, writers go on.

    Returns the store's key (None: plain); the snapshot is keyed with it (pages are copied as they are).
    """
    key = dbapi.key_of(db_path)
    source = dbapi.read_only(db_path, key=key, timeout=30)
    try:
        destination = dbapi.connect(target, key=key)
        try:
            source.backup(destination)  # pages=-1: in one step, under one read transaction
            # A rollback-journal file: reading it later leaves no -wal/-shm beside it.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    finally:
        source.close()
    return key


def create_backup(data_dir: Path, *, reason: str = "manual", to: Path | None = None,
                  second_folder: Path | None = None, now: datetime | None = None,
                  policy: Policy | None = DEFAULT_POLICY) -> BackupResult:
    """Back up the store in ``data_dir`` to ``to`` (default: its backups folder), copy it to
    ``second_folder`` when given, and rotate both folders. Nothing half-written is ever left with the
    backup name: files are written as ``.partial`` and renamed once complete and synced to disk.

    Raises ValidationError("backup_no_key") when the office has no recovery passphrase yet.
    """
    started = time.perf_counter()
    paths = StorePaths(Path(data_dir))
    if not paths.database.exists():
        raise StoreError("not_initialized")
    material = load_backup_key(paths.database)
    if material is None:
        raise ValidationError("backup_no_key")
    moment = now or datetime.now(UTC)
    folder = Path(to) if to is not None else paths.backups
    work = paths.backups  # the snapshot stays on the store's own disk, never on the USB disk
    try:
        folder.mkdir(parents=True, exist_ok=True)
        work.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError("backup_folder_unwritable", path=str(folder), detail=exc.strerror or str(exc)) from exc
    snap = work / f".snapshot-{uuid.uuid4().hex}.sqlite3"
    try:
        store_key = snapshot(paths.database, snap)
        manifest = snapshot_manifest(snap, reason=reason, created_at=moment.astimezone(UTC).isoformat(),
                                     key=store_key)
        target = folder / backup_name(manifest, moment)
        size = _write_encrypted(snap, target, manifest, material, store_key)
    except dbapi.OPERATIONAL_ERRORS as exc:
        from desktop.store.database import translate_sqlite_error

        raise (translate_sqlite_error(exc, paths.database) or StoreError("store_io_error", detail=str(exc))) from exc
    except dbapi.DATABASE_ERRORS as exc:  # a damaged page (an encrypted page fails its HMAC as it is read)
        raise StoreError("backup_source_damaged", detail=str(exc)) from exc
    finally:
        for leftover in (snap, snap.with_name(snap.name + "-wal"), snap.with_name(snap.name + "-shm")):
            leftover.unlink(missing_ok=True)
    copies: list[Path] = []
    zone = office_timezone(paths.database)
    removed = rotate(folder, manifest["office_code"], policy, zone) if policy else 0
    if second_folder is not None and Path(second_folder) != folder:
        copies.append(copy_to(target, Path(second_folder)))
        removed += rotate(Path(second_folder), manifest["office_code"], policy, zone) if policy else 0
    seconds = time.perf_counter() - started
    log.info("backup %s: %d bytes in %.1f s (journal seq %s)", target.name, size, seconds,
             manifest["journal_high_seq"])
    return BackupResult(target, tuple(copies), manifest, size, seconds, removed)


def _write_encrypted(snap: Path, target: Path, manifest: dict[str, Any], material: KeyMaterial,
                     store_key: str | None) -> int:
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "wb") as handle:
            size = encrypt_file(snap, handle, manifest, material, store_key=store_key)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise StoreError("backup_folder_unwritable", path=str(target.parent), detail=exc.strerror or str(exc)) from exc
    except BaseException:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    return size


def copy_to(backup: Path, folder: Path) -> Path:
    """Copy a finished backup to ``folder`` (the USB disk), atomically under its final name."""
    target = folder / backup.name
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(backup, "rb") as source, open(partial, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as exc:
        with suppress(OSError):  # the folder itself may be what failed
            partial.unlink(missing_ok=True)
        raise StoreError("backup_folder_unwritable", path=str(folder), detail=exc.strerror or str(exc)) from exc
    return target


# --- the files on a folder ---------------------------------------------------------------------

@dataclass(frozen=True)
class BackupFile:
    path: Path
    office_code: str
    created_at: datetime
    reason: str


def list_backups(folder: Path, office_code: str | None = None) -> list[BackupFile]:
    """Backups in ``folder`` by their names (oldest first); other files are ignored."""
    found: list[BackupFile] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is None or (office_code is not None and match["office"] != office_code):
            continue
        stamp = match["stamp"]
        created = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S").replace(
            tzinfo=UTC, microsecond=int(stamp[15:18]) * 1000)
        found.append(BackupFile(entry, match["office"], created, match["reason"]))
    return sorted(found, key=lambda b: b.created_at)


def rotate(folder: Path, office_code: str, policy: Policy = DEFAULT_POLICY, office_tz: tzinfo = UTC) -> int:
    """Delete this office's backups in ``folder`` that ``policy`` does not keep; returns how many.

    Days, weeks and months are the office's own (a backup at 06:00 WIB belongs to that WIB day).
    """
    files = list_backups(folder, office_code)
    keep = to_keep(files, lambda b: b.created_at.astimezone(office_tz), policy)
    removed = 0
    for index, item in enumerate(files):
        if index not in keep:
            with suppress(OSError):
                item.path.unlink()
                removed += 1
    return removed


def newest_backup(folder: Path, office_code: str | None = None) -> BackupFile | None:
    files = list_backups(folder, office_code)
    return files[-1] if files else None


# --- when -----------------------------------------------------------------------------------

def backup_due_today(data_dir: Path, office_code: str, office_tz: tzinfo, now: datetime) -> bool:
    """True when the data folder has no backup made on the office's current local day."""
    newest = newest_backup(StorePaths(Path(data_dir)).backups, office_code)
    return newest is None or newest.created_at.astimezone(office_tz).date() != now.astimezone(office_tz).date()


def _office_code(db_path: Path) -> str | None:
    with _read_only(db_path) as conn:
        row = conn.execute("SELECT code FROM office LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def office_timezone(db_path: Path) -> tzinfo:
    """The office's zone from its settings (WIB when unset), read without SQLAlchemy."""
    from datetime import timezone

    from desktop.services.context import OFFICE_TIMEZONES

    with _read_only(db_path) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
    name = str(json.loads(row[0])) if row is not None else "WIB"
    return timezone(timedelta(hours=OFFICE_TIMEZONES.get(name, 7)), name)


def second_folder_of(db_path: Path) -> Path | None:
    """The second destination (USB disk) from the settings, None when not set."""
    with _read_only(db_path) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = 'backup_folder'").fetchone()
    value = json.loads(row[0]) if row is not None else ""
    return Path(value) if isinstance(value, str) and value.strip() else None


def auto_backup_if_due(data_dir: Path, office_tz: tzinfo, *, now: datetime | None = None) -> BackupResult | None:
    """The first start of each day: back up when today has no backup yet (and a key exists).

    Runs on a background thread; a failure is logged and returned to nobody: the next start tries
    again, and ``amildesk doctor`` and Beranda show the age of the newest copy.
    """
    now = now or datetime.now(UTC)
    db_path = StorePaths(Path(data_dir)).database
    code = _office_code(db_path)
    if code is None or load_backup_key(db_path) is None or not backup_due_today(data_dir, code, office_tz, now):
        return None
    second = second_folder_of(db_path)
    try:
        return create_backup(data_dir, reason="daily", second_folder=second, now=now)
    except StoreError as exc:
        if exc.code != "backup_folder_unwritable" or second is None:
            raise
        log.warning("second backup folder %s unavailable: %s; backing up to the data folder only", second, exc)
        return create_backup(data_dir, reason="daily", now=now)


def backups_folder(data_dir: Path) -> Path:
    return StorePaths(Path(data_dir)).backups


def backup_now(data_dir: Path) -> BackupResult:
    """Pengaturan's "Cadangkan sekarang": the data folder and, when set and present, the second folder."""
    second = second_folder_of(StorePaths(Path(data_dir)).database)
    return create_backup(data_dir, reason="manual", second_folder=second)


def backup_after_closing(data_dir: Path) -> BackupResult | None:
    """For the daily closing (issue 11): a ``closing`` backup to the data folder and the second folder.

    Call it after the closing's transaction committed, off the GUI thread. Returns None when the
    office has no recovery passphrase yet (nothing to encrypt with); raises StoreError when the
    data folder cannot be written. A missing USB disk only skips the copy (Beranda warns).
    """
    db_path = StorePaths(Path(data_dir)).database
    if load_backup_key(db_path) is None:
        return None
    second = second_folder_of(db_path)
    try:
        return create_backup(data_dir, reason="closing", second_folder=second)
    except StoreError as exc:
        if exc.code != "backup_folder_unwritable" or second is None:
            raise
        return create_backup(data_dir, reason="closing")


@dataclass(frozen=True)
class SecondFolderState:
    """What Beranda says about the copy that leaves the office: ``code`` None means all is well."""

    code: str | None  # backup_second_missing / backup_second_stale / backup_second_unset
    folder: Path | None
    newest: datetime | None


def second_folder_state(data_dir: Path, office_code: str, now: datetime | None = None) -> SecondFolderState:
    now = now or datetime.now(UTC)
    folder = second_folder_of(StorePaths(Path(data_dir)).database)
    if folder is None:
        return SecondFolderState("backup_second_unset", None, None)
    if not folder.is_dir():
        return SecondFolderState("backup_second_missing", folder, None)
    newest = newest_backup(folder, office_code)
    if newest is None or now - newest.created_at > SECOND_FOLDER_MAX_AGE:
        return SecondFolderState("backup_second_stale", folder, None if newest is None else newest.created_at)
    return SecondFolderState(None, folder, newest.created_at)


def describe(path: Path) -> dict[str, Any]:
    """The manifest of a backup file (readable without the passphrase)."""
    return read_manifest(path)


__all__ = ["DB_FILENAME", "SUFFIX", "BackupFile", "BackupResult", "auto_backup_if_due",
           "backup_after_closing", "create_backup", "list_backups", "load_backup_key", "rotate",
           "second_folder_state", "store_backup_key", "validate_passphrase"]
