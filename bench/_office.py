"""Real office stores for the sync benchmarks: built through the office app's own services, cached.

A store of 100,000 donations takes minutes to record through ``record_donation`` (one IMMEDIATE
transaction per donation, as at the counter), so each store is built once and kept under
``bench/.cache/`` (gitignored), keyed by the app version, the store's schema head and a digest of
the services that write the events (donations, donors, the demo seeder): any change there builds a
new store. A benchmark works on a copy, never on the cached store itself.

While building, the store's connections use ``synchronous=OFF`` (no fsync per donation): the rows,
journal and hashes are exactly those of the counter; only the build's wall time differs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

from desktop.store import dbapi

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
_SOURCES = ("desktop/services/donations.py", "desktop/services/donors.py", "desktop/services/demo.py",
            "desktop/services/setup.py")


def cache_key() -> str:
    version = importlib.metadata.version("amildesk")
    versions = sorted(p.name for p in (ROOT / "desktop/store/migrations/versions").glob("[0-9]*.py"))
    digest = hashlib.sha256()
    for name in _SOURCES:
        digest.update((ROOT / name).read_bytes())
    return f"v{version}-schema{versions[-1].split('_')[0]}-{digest.hexdigest()[:10]}"


def _fast_build(ctx: Any) -> None:
    """No fsync per transaction while building (pooled connections are re-made with the pragma)."""
    from sqlalchemy import event

    engine = ctx.store.engine
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _no_sync(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


def _build(data_dir: Path, *, code: str, letter: str, donors: int, donations: int, seed: int) -> None:
    from desktop.core.roles import Role
    from desktop.services.demo import DEMO_PASSWORD, seed_demo
    from desktop.services.setup import SetupInput, initialize_office
    from desktop.services.users import create_user

    ctx = initialize_office(data_dir, SetupInput(
        institution_name="Lazismu Kabupaten Paser", institution_address="Jl. Jenderal Sudirman No. 12",
        office_code=code, office_name=f"Kantor {code}", device_letter=letter, admin_username="admin",
        admin_password=DEMO_PASSWORD, admin_full_name="Admin Bench"))
    try:
        create_user(ctx, username="kasir", full_name="Rudi Hartono", role=Role.PETUGAS.value, password=DEMO_PASSWORD)
        _fast_build(ctx)
        seed_demo(ctx, donors=donors, donations=donations, seed=seed)
    finally:
        ctx.close()
    conn = dbapi.connect(data_dir / "amildesk.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def cached_store(*, donations: int, donors: int, code: str = "KLL-PKS", letter: str = "A", seed: int = 7,
                 quiet: bool = False) -> Path:
    """The data dir of a cached, never-enrolled office store (built on first use)."""
    name = f"office-{cache_key()}-{code}-{letter}-{donations}d-{donors}p-s{seed}"
    target = CACHE / name
    if (target / "amildesk.sqlite3").exists() and (target / ".complete").exists():
        return target
    if target.exists():
        shutil.rmtree(target)
    building = CACHE / f".building-{uuid.uuid4().hex[:8]}"
    building.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    _build(building, code=code, letter=letter, donors=donors, donations=donations, seed=seed)
    (building / ".complete").write_text("ok\n")
    building.rename(target)
    if not quiet:
        print(f"  built office store {code}/{letter}: {donations:,} donations, {donors:,} donors through "
              f"record_donation in {time.perf_counter() - started:.0f} s (cached in {target.relative_to(ROOT)})",
              flush=True)
    return target


def copy_store(source: Path, target: Path) -> Path:
    """A working copy of a cached store (the cached one stays pristine and never enrolled)."""
    shutil.copytree(source, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("amildesk.lock", ".complete", "*-wal", "*-shm"))
    return target


def journal_counts(data_dir: Path) -> dict[str, int]:
    conn = dbapi.connect(f"file:{data_dir / 'amildesk.sqlite3'}?mode=ro", uri=True)
    try:
        return {str(t): int(n) for t, n in conn.execute("SELECT type, COUNT(*) FROM journal GROUP BY type")}
    finally:
        conn.close()
