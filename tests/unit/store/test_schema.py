"""The migrated schema matches the Core tables, and the store refuses what it must refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import StoreError
from desktop.store import dbapi
from desktop.store.database import open_store
from desktop.store.migrate import HEAD_REVISION, MIGRATIONS_DIR, current_revision


def test_head_revision_constant_matches_alembic_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrated_schema_matches_tables(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop.store.tables import metadata

    store = open_store(tmp_path)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
            unique_columns = {
                (table.name, column.name)
                for table in metadata.sorted_tables for column in table.columns if column.unique
            }
            for table_name, column_name in unique_columns:
                indexes = conn.exec_driver_sql(f"PRAGMA index_list({table_name})").all()
                unique_sets = [
                    [r[2] for r in conn.exec_driver_sql(f"PRAGMA index_info('{ix[1]}')")]
                    for ix in indexes if ix[2]
                ]
                assert [column_name] in unique_sets, (table_name, column_name)
        diff = [d[0] if isinstance(d, list) else d for d in diff]
        # Not differences: FTS5 shadow tables are SQLite internals; SQLite reflects INTEGER PRIMARY
        # KEY as nullable and inline UNIQUE as an anonymous index (checked just above).
        diff = [
            d for d in diff
            if not (d[0] == "remove_table" and d[1].name.startswith(("donors_fts", "beneficiaries_fts")))
            and not (d[0] == "modify_nullable" and (d[2], d[3]) in {
                ("donors", "rowid"), ("journal", "seq"), ("print_jobs", "id")})
            and not (d[0] == "add_constraint" and len(d[1].columns) == 1
                     and (d[1].table.name, next(iter(d[1].columns)).name) in unique_columns)
        ]
        assert diff == []
    finally:
        store.close()


def test_wal_and_foreign_keys_are_on(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        store.close()


def test_store_newer_than_app_is_refused_and_left_untouched(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    db = store.paths.database
    store.close()
    conn = dbapi.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError) as excinfo:
        open_store(tmp_path)
    assert excinfo.value.code == "store_newer_than_app"
    assert "9999" in str(excinfo.value)
    assert db.read_bytes() == before
    assert current_revision(db) == "9999"


def test_second_instance_on_same_store_is_refused(tmp_path: Path) -> None:
    first = open_store(tmp_path)
    try:
        with pytest.raises(StoreError) as excinfo:
            open_store(tmp_path)
        assert excinfo.value.code == "store_locked_by_other_instance"
        reader = open_store(tmp_path, exclusive=False)  # read-only support commands still work
        reader.close()
    finally:
        first.close()
    open_store(tmp_path).close()  # released on close


def test_migration_from_older_revision_backs_up_first(tmp_path: Path) -> None:
    """A store left at the first revision is backed up, then really migrated to the head."""
    from alembic import command
    from alembic.config import Config

    from desktop.store import migrate

    db = tmp_path / "amildesk.sqlite3"
    engine = dbapi.create_engine(db)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, migrate.KNOWN_REVISIONS[0])
    engine.dispose()
    assert current_revision(db) == migrate.KNOWN_REVISIONS[0] != HEAD_REVISION

    assert migrate.ensure_schema(db, tmp_path / "backups") is True
    assert current_revision(db) == HEAD_REVISION
    backups = list((tmp_path / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    copy = dbapi.connect(backups[0])
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (migrate.KNOWN_REVISIONS[0],)
    copy.close()
    assert migrate.ensure_schema(db, tmp_path / "backups") is False  # idempotent
