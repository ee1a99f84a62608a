"""Restore a backup: everything is checked before anything is replaced, and nothing is lost.

Order matters. The backup is decrypted into a new file beside the store (the passphrase and every
chunk's authentication are checked while it streams), then that file's integrity, schema, manifest
and whole journal chain are checked. Only then, holding the one-instance lock (the app must be
closed), is the current store moved aside into ``before-restore-<time>/`` (never deleted) and the
restored file renamed into place.

Events the current store holds and the backup lacks (recorded after the backup) are listed for the
user and copied verbatim into the restored store's ``restore_kept_events``. Those the district
already acknowledged come back through the next sync: the district is ahead, so the existing journal
rebase (``desktop.services.sync_recover``) continues the journal after them. Those it never received
stay in the kept list and in the set-aside store, for support to re-enter; none is dropped silently.

An encrypted store's backup holds SQLCipher pages and the store key sealed under the backup key: the
candidate is checked under that key, and the restored store keeps it (a new ``store-key.json`` for
the folder; the replaced store's key record goes aside with it, so the set-aside store still opens).
A backup of a plain store (format 1) is restored plain and encrypted by the next start.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.core.errors import StoreError, ValidationError
from desktop.services.backups import journal_position
from desktop.store import dbapi
from desktop.store.backup_format import BackupFormatError, decrypt_file, read_header
from desktop.store.lock import InstanceLock
from desktop.store.migrate import KNOWN_REVISIONS
from desktop.store.paths import StorePaths
from desktop.store.store_encryption import seal_with_stored_backup_key
from desktop.store.store_key import KEY_FILE, KEY_JSON, create_store_key, forget_cached

# The same DDL as migration 0005 (a restore of an older backup makes the table before migrating it).
KEPT_EVENTS_DDL = (
    "CREATE TABLE IF NOT EXISTS restore_kept_events (restored_at VARCHAR(32) NOT NULL, "
    "seq INTEGER NOT NULL, event_id VARCHAR(36) NOT NULL, type VARCHAR(64) NOT NULL, "
    "entity_id VARCHAR(64) NOT NULL, occurred_at VARCHAR(32) NOT NULL, user_id VARCHAR(36), "
    "payload TEXT NOT NULL, prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL, "
    "at_district BOOLEAN NOT NULL, PRIMARY KEY (restored_at, seq))"
)
QUICK_CHECK_CACHE_KIB = 256 * 1024  # only while a restore checks its candidate (the app is closed)
_FORMAT_CODES = {"wrong_passphrase": "backup_wrong_passphrase", "corrupted": "backup_corrupted",
                 "truncated": "backup_truncated", "not_backup": "backup_not_a_backup"}


def _format_error(path: Path, exc: BackupFormatError) -> ValidationError:
    return ValidationError(_FORMAT_CODES.get(exc.code, "backup_corrupted"), path=str(path.name))


def read_backup_manifest(path: Path) -> dict[str, Any]:
    """The manifest shown before the passphrase is asked (ValidationError for a file that is no backup)."""
    try:
        with open(path, "rb") as handle:
            return read_header(handle).manifest
    except FileNotFoundError as exc:
        raise ValidationError("backup_not_found", path=str(path)) from exc
    except BackupFormatError as exc:
        raise _format_error(Path(path), exc) from exc


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raise ValidationError("backup_wrong_passphrase") at once, before the app closes its store."""
    from desktop.store.backup_format import unlock

    try:
        with open(path, "rb") as handle:
            unlock(read_header(handle), passphrase)
    except FileNotFoundError as exc:
        raise ValidationError("backup_not_found", path=str(path)) from exc
    except BackupFormatError as exc:
        raise _format_error(Path(path), exc) from exc


@dataclass(frozen=True)
class KeptEvent:
    seq: int
    type: str
    entity_id: str
    occurred_at: str
    at_district: bool  # the district acknowledged it: the next sync's rebase keeps it there
    summary: str  # e.g. the receipt number and total of a donation (no identity numbers)


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    database: Path
    set_aside: Path | None  # the folder holding the store that was replaced
    kept: tuple[KeptEvent, ...] = field(default=())
    events: int = 0  # journal events in the restored store


@contextmanager
def _connect(path: Path, *, readonly: bool = True, key: dbapi.KeyArg = dbapi.AUTO) -> Iterator[Any]:
    conn = dbapi.connect(f"file:{path}?mode={'ro' if readonly else 'rw'}", key=dbapi.key_of(path, key), uri=True,
                         timeout=30)
    try:
        yield conn
    finally:
        conn.close()


def _open_candidate(candidate: Path, key: str | None) -> Any:
    return dbapi.read_only(candidate, key=key, timeout=30)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes a file only through a handle that may write
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _quick_check(candidate: Path, key: str | None) -> list[str]:
    # quick_check reads every page and record (a damaged file fails it) without integrity_check's
    # index-to-table cross-check, which takes ~4x as long on a 1.4 GB store; the journal, the part
    # that matters, is re-hashed in full meanwhile.
    # An encrypted page is decrypted again each time it leaves SQLite's cache, and quick_check visits
    # pages more than once: a 256 MB cache halved it on a 1.4 GB SQLCipher store (26 s -> 13 s).
    with _connect(candidate, key=key) as conn:
        conn.execute(f"PRAGMA cache_size = -{QUICK_CHECK_CACHE_KIB}")
        return [str(row[0]) for row in conn.execute("PRAGMA quick_check")]


def check_restored(candidate: Path, manifest: dict[str, Any], key: str | None = None) -> int:
    """Integrity, schema, manifest and the full journal chain of a decrypted backup; returns its events.

    SQLite's quick_check runs on a second thread (it releases the GIL) while this one re-hashes the
    journal: the two are the bulk of a restore's time and need different resources. ``key`` is the
    candidate's SQLCipher key (None: a plain file).
    """
    from sqlalchemy.exc import DBAPIError

    try:
        with _connect(candidate, key=key) as conn:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            office = conn.execute("SELECT code, device_id FROM office LIMIT 1").fetchone()
            position = journal_position(conn)
    except dbapi.DATABASE_ERRORS as exc:
        raise ValidationError("restore_integrity_failed", detail=str(exc)) from exc
    if revision is None or str(revision[0]) not in KNOWN_REVISIONS:
        raise StoreError("store_newer_than_app", db_version=None if revision is None else revision[0])
    expected = (manifest.get("office_code"), manifest.get("device_id"), manifest.get("journal_high_seq"),
                manifest.get("journal_hash"))
    if office is None or (office[0], office[1], *position) != expected:
        raise ValidationError("restore_manifest_mismatch")
    with ThreadPoolExecutor(max_workers=1) as pool:
        integrity = pool.submit(_quick_check, candidate, key)
        try:
            events: int | None = _verify_chain(candidate, key)
            chain_error: Exception | None = None
        except (ValidationError, *dbapi.DATABASE_ERRORS, DBAPIError) as exc:
            events, chain_error = None, exc
        try:
            result = integrity.result()
        except dbapi.DATABASE_ERRORS as exc:
            result = [str(exc)]
    if result != ["ok"]:
        raise ValidationError("restore_integrity_failed", detail="; ".join(result[:3]))
    if isinstance(chain_error, (*dbapi.DATABASE_ERRORS, DBAPIError)):
        raise ValidationError("restore_integrity_failed", detail=str(chain_error)) from chain_error
    if chain_error is not None:
        raise chain_error
    assert events is not None
    return events


def _verify_chain(candidate: Path, key: str | None) -> int:
    """Re-check the whole hash chain of ``candidate`` with the app's own verifier.

    The file is private to this restore and unchanging, so the verifier's SQL pass may run on a
    second read-only connection beside the hashing.
    """
    from desktop.services.context import OfficeInfo
    from desktop.store.journal import verify_journal

    engine = dbapi.create_engine(candidate, key=key)
    try:
        with engine.connect() as conn:
            office = conn.exec_driver_sql(
                "SELECT id, code, name, institution_name, institution_address, logo_path, device_id, "
                "device_letter FROM office LIMIT 1").one()
            identity = OfficeInfo(*office).identity
            report = verify_journal(conn, identity, reader=lambda: _open_candidate(candidate, key))
    finally:
        engine.dispose()
    if not report.ok:
        raise ValidationError("restore_chain_broken", seq=report.bad_seq, reason=report.reason)
    return report.events


def _summary(event_type: str, payload: dict[str, Any]) -> str:
    if event_type == "donation.recorded":
        return f"{payload.get('receipt_number', '')} Rp{int(payload.get('total') or 0):,}".replace(",", ".")
    if event_type == "donation.voided":
        return f"batal {payload.get('receipt_number', '')}"
    for key in ("number", "name", "username", "key"):
        if isinstance(payload.get(key), str):
            return str(payload[key])
    return ""


def newer_events(current: Path, backup_high: int) -> tuple[list[dict[str, Any]], int]:
    """Events of the current store after the backup's last seq, and the district-acknowledged seq.

    A current store too damaged to read gives nothing here; it is still set aside whole.
    """
    try:
        with _connect(current) as conn:
            cursor = conn.execute("SELECT * FROM journal WHERE seq > ? ORDER BY seq", (backup_high,))
            names = [column[0] for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor]
            acked = conn.execute("SELECT value FROM sync_state WHERE key = 'acked_seq'").fetchone()
    except (*dbapi.DATABASE_ERRORS, StoreError):
        return [], 0
    return rows, int(acked[0]) if acked is not None and str(acked[0]).isdigit() else 0


def restore_backup(backup: Path, passphrase: str, data_dir: Path, *, replace: bool = False,
                   now: datetime | None = None) -> RestoreResult:
    """Restore ``backup`` into ``data_dir`` (see the module docstring for the order of checks)."""
    backup = Path(backup)
    paths = StorePaths(Path(data_dir))
    manifest = read_backup_manifest(backup)
    exists = paths.database.exists()
    if exists and not replace:
        raise ValidationError("restore_target_not_empty", path=str(paths.data_dir))
    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError("store_io_error", detail=str(exc)) from exc
    moment = now or datetime.now(UTC)
    stamp = moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = paths.data_dir / f".restore-{stamp}.sqlite3"
    lock = InstanceLock(paths.lock)
    lock.acquire()  # the app (or a writing command) holds it: refuse before doing any work
    try:
        try:
            with open(candidate, "wb") as out:
                key = decrypt_file(backup, passphrase, out).store_key
        except BackupFormatError as exc:
            raise _format_error(backup, exc) from exc
        except OSError as exc:
            raise StoreError("store_io_error", detail=str(exc)) from exc
        with ThreadPoolExecutor(max_workers=1) as flusher:
            # On disk before it replaces anything; the checks need only the OS cache, so they run meanwhile.
            synced = flusher.submit(_fsync, candidate)
            events = check_restored(candidate, manifest, key)
            try:
                synced.result()
            except OSError as exc:
                raise StoreError("store_io_error", detail=str(exc)) from exc
        kept_rows: list[dict[str, Any]] = []
        acked = 0
        aside: Path | None = None
        if exists:
            kept_rows, acked = newer_events(paths.database, int(manifest["journal_high_seq"]))
            _keep_events(candidate, kept_rows, acked, stamp, key)
            aside = _set_aside(paths, stamp)
        if key is not None:  # the restored store keeps the key it was made with
            create_store_key(paths.data_dir, key)
        forget_cached(paths.data_dir)
        try:
            os.replace(candidate, paths.database)
        except OSError as exc:  # put the old store back where it was: nothing replaced
            if aside is None:
                for name in (KEY_JSON, KEY_FILE):
                    (paths.data_dir / name).unlink(missing_ok=True)
            else:
                for moved in aside.iterdir():
                    os.replace(moved, paths.data_dir / moved.name)
                aside.rmdir()
            forget_cached(paths.data_dir)
            raise StoreError("store_io_error", detail=str(exc)) from exc
        _sync_dir(paths.data_dir)
        if key is not None:  # the same sheet opens the restored store's key, as it did the backup's
            seal_with_stored_backup_key(paths)
    finally:
        candidate.unlink(missing_ok=True)
        lock.release()
    kept = tuple(
        KeptEvent(int(r["seq"]), str(r["type"]), str(r["entity_id"]), str(r["occurred_at"]), int(r["seq"]) <= acked,
                  _summary(str(r["type"]), json.loads(r["payload"])))
        for r in kept_rows
    )
    return RestoreResult(manifest, paths.database, aside, kept, events)


def _keep_events(candidate: Path, rows: list[dict[str, Any]], acked: int, stamp: str, key: str | None) -> None:
    """Copy the current store's newer events verbatim into the restored file (the table is made here
    when the backup predates migration 0005, which makes it the same way)."""
    if not rows:
        return
    with _connect(candidate, readonly=False, key=key) as conn:
        conn.execute(KEPT_EVENTS_DDL)
        with conn:
            conn.executemany(
                "INSERT INTO restore_kept_events VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(stamp, r["seq"], r["event_id"], r["type"], r["entity_id"], r["occurred_at"], r["user_id"],
                  r["payload"], r["prev_hash"], r["hash"], int(r["seq"]) <= acked) for r in rows])


def _set_aside(paths: StorePaths, stamp: str) -> Path:
    """Move the current store (with its WAL and its key record) into ``before-restore-<stamp>/``;
    never deleted here. The record goes along so the set-aside store still opens (same key)."""
    aside = paths.data_dir / f"before-restore-{stamp}"
    aside.mkdir(exist_ok=False)
    names = [paths.database.name + suffix for suffix in ("", "-wal", "-shm")] + [KEY_JSON, KEY_FILE]
    for name in names:
        source = paths.data_dir / name
        if source.exists():
            os.replace(source, aside / name)
    _sync_dir(paths.data_dir)
    return aside


def _sync_dir(folder: Path) -> None:
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def kept_events(data_dir: Path) -> list[KeptEvent]:
    """Events a restore kept from the replaced store (shown on Beranda/Pengaturan and by ``doctor``)."""
    db = StorePaths(Path(data_dir)).database
    try:
        with _connect(db) as conn:
            rows = conn.execute("SELECT seq, type, entity_id, occurred_at, at_district, payload "
                                "FROM restore_kept_events ORDER BY restored_at, seq").fetchall()
    except (*dbapi.OPERATIONAL_ERRORS, StoreError):
        return []
    return [KeptEvent(int(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4]), _summary(str(r[1]), json.loads(r[5])))
            for r in rows]
