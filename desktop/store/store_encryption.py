"""Give a store its key: a new store is made encrypted, a plain one is encrypted once, in place.

Runs from ``open_store`` under the one-instance lock, before the schema is touched. Encrypting an
existing store is crash-safe by ordering: the key is kept and ``store-key.json`` written first; then
``sqlcipher_export`` copies the plain file into a keyed file beside it, which replaces the plain one
in one rename. A crash before the rename leaves the plain store and the record: the next open sees
"record but plain file" and does the copy again. Measured: 1.3 s for a 220 MB store (1,000,000
donations). The plain copies taken before schema migrations (``backups/*-before-migration-*``) are
deleted with it: a plain copy beside an encrypted store would undo the point. On an SSD a deleted
file is not erased (docs/privacy.md says so).
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from contextlib import suppress
from pathlib import Path

import sqlcipher3

from desktop.core.errors import StoreError
from desktop.store import dbapi
from desktop.store.backup_format import KeyMaterial
from desktop.store.dbapi import is_encrypted_file
from desktop.store.paths import StorePaths
from desktop.store.store_key import (
    create_store_key,
    key_for_folder,
    plain_requested,
    read_record,
    seal_for_recovery,
)

log = logging.getLogger("amildesk.store")


def prepare_store_key(paths: StorePaths) -> None:
    """Make sure the store in ``paths`` is (or will be created) encrypted; the caller holds the lock.

    Also seals the key for the recovery sheet when the store has a backup key and no sealed copy yet
    (an office encrypted here, a restore): sealing needs the backup key, not the passphrase.
    """
    if plain_requested():
        return
    record = read_record(paths.data_dir)
    exists = paths.database.exists()
    if record is None:
        if exists and is_encrypted_file(paths.database):
            # Encrypted, but store-key.json (and the sealed copy in it) is gone: only a backup helps.
            raise StoreError("store_key_record_missing", path=str(paths.data_dir))
        key = create_store_key(paths.data_dir)
        if not exists:
            return
        encrypt_in_place(paths, key)
    elif exists and not is_encrypted_file(paths.database):
        kept = key_for_folder(paths.data_dir)  # an encryption cut short: do it again
        assert kept is not None
        encrypt_in_place(paths, kept)
    elif not exists or record.recovery is not None:
        return
    seal_with_stored_backup_key(paths)


def stored_backup_key(db_path: Path) -> KeyMaterial | None:
    """The office's backup key kept in the store, or None when no recovery passphrase was ever set."""
    conn = dbapi.read_only(db_path, timeout=10)
    try:
        row = conn.execute("SELECT kdf, key_hex FROM backup_key WHERE id = 1").fetchone()
    except dbapi.OPERATIONAL_ERRORS:  # a store older than migration 0005
        return None
    finally:
        conn.close()
    if row is None:
        return None
    kdf = json.loads(row[0])
    return KeyMaterial(key=bytes.fromhex(row[1]), salt=bytes.fromhex(kdf["salt"]), n=int(kdf["n"]),
                       r=int(kdf["r"]), p=int(kdf["p"]))


def seal_with_stored_backup_key(paths: StorePaths) -> None:
    """Seal the store key for the recovery sheet with the backup key the store holds (if any)."""
    material = stored_backup_key(paths.database)
    if material is not None:
        seal_for_recovery(paths.data_dir, material)


def encrypt_in_place(paths: StorePaths, key_hex: str) -> None:
    """Replace the plain store with an encrypted copy keyed ``key_hex`` (see the module docstring)."""
    if len(key_hex) != 64 or any(c not in "0123456789abcdef" for c in key_hex):
        raise ValueError("a store key is 64 lower-case hex digits")  # it is spliced into the SQL below
    database = paths.database
    for leftover in database.parent.glob(".encrypting-*.sqlite3"):  # from a run cut short
        leftover.unlink(missing_ok=True)
    target = database.with_name(f".encrypting-{uuid.uuid4().hex}.sqlite3")
    plain = sqlcipher3.connect(str(database), isolation_level=None)  # no key: SQLCipher reads plain files
    try:
        plain.execute("PRAGMA journal_mode=DELETE")  # checkpoints and removes the WAL
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key_hex}'\"", (str(target),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    except BaseException:
        plain.close()
        target.unlink(missing_ok=True)
        raise
    plain.close()
    fd = os.open(target, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(target, database)
    for stale in (database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        stale.unlink(missing_ok=True)
    with suppress(OSError, AttributeError):
        fd = os.open(paths.data_dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    removed = 0
    if paths.backups.is_dir():
        for copy in paths.backups.glob("*-before-migration-*.sqlite3"):
            if not is_encrypted_file(copy):
                copy.unlink(missing_ok=True)
                removed += 1
    log.info("store encrypted in place (%d plain pre-migration copies deleted)", removed)
