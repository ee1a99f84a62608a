"""The office's recovery passphrase: set or changed, and its recovery sheet written.

The passphrase derives the backup key (``desktop.services.backups.store_backup_key``); only the
key is kept, and the store's own key is sealed under it (``store_key.seal_for_recovery``) so the
sheet also opens an encrypted store whose key the OS lost (``amildesk unlock``). The sheet is the
one place the passphrase is written down: the caller prints it and is told to delete the file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop.core.errors import NotFound, StoreError
from desktop.core.roles import Role
from desktop.reports.recovery_sheet import RecoverySheet, recovery_sheet_pdf
from desktop.services.backups import store_backup_key, validate_passphrase
from desktop.services.context import AppContext, iso_utc
from desktop.store import dbapi
from desktop.store.paths import StorePaths
from desktop.store.store_key import seal_for_recovery


def sheet_pdf(data_dir: Path, passphrase: str) -> bytes:
    db = StorePaths(Path(data_dir)).database
    conn = dbapi.read_only(db)
    try:
        row = conn.execute("SELECT institution_name, code, name FROM office LIMIT 1").fetchone()
    finally:
        conn.close()
    if row is None:
        raise NotFound("not_initialized")
    stamp = datetime.now().astimezone().strftime("%d-%m-%Y %H:%M")
    return recovery_sheet_pdf(RecoverySheet(institution_name=row[0], office_code=row[1], office_name=row[2],
                                            passphrase=passphrase, created_at=stamp))


def write_sheet(data_dir: Path, passphrase: str, target: Path | None = None) -> Path:
    target = Path(target) if target is not None else Path(data_dir) / "lembar-pemulihan.pdf"
    try:
        target.write_bytes(sheet_pdf(data_dir, passphrase))
    except OSError as exc:
        raise StoreError("export_write_failed", path=str(target), detail=exc.strerror or str(exc)) from exc
    return target


def set_recovery_passphrase(data_dir: Path, passphrase: str, sheet: Path | None = None) -> Path:
    """Store the backup key from ``passphrase`` (support's ``amildesk backup --new-passphrase``)."""
    validate_passphrase(passphrase)
    db = StorePaths(Path(data_dir)).database
    if not db.exists():
        raise NotFound("not_initialized")
    conn = dbapi.connect(db, timeout=30, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        material = store_backup_key(conn, passphrase, iso_utc(datetime.now(UTC)))
        conn.execute("COMMIT")
    finally:
        conn.close()
    seal_for_recovery(Path(data_dir), material)
    return write_sheet(data_dir, passphrase, sheet)


def change_recovery_passphrase(ctx: AppContext, passphrase: str) -> None:
    """An admin sets a new passphrase in Pengaturan (older backups keep the old one)."""
    ctx.require_role("ubah frasa pemulihan", (Role.ADMIN,))
    validate_passphrase(passphrase)
    with ctx.store.write() as conn:
        material = store_backup_key(conn, passphrase, ctx.now_iso())
    seal_for_recovery(ctx.store.paths.data_dir, material)
