"""The store's one connection seam and its encryption: every store is SQLCipher, keyed per folder.

Real files throughout: a store made by ``open_store`` is encrypted (no readable SQLite header, plain
sqlite3 and a wrong key read "not a database"), a plain store is encrypted in place on the next
exclusive open (and an encryption cut short is finished), the key is kept outside ``store-key.json``,
the recovery passphrase opens the sealed copy, and a credential store is used when the OS has one.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from jaraco.classes import properties
from keyring.backend import KeyringBackend

from desktop.core.errors import StoreError, ValidationError
from desktop.store import dbapi, store_key
from desktop.store.backup_format import derive_key
from desktop.store.database import open_store
from desktop.store.paths import StorePaths
from desktop.store.probe import is_initialized
from desktop.store.store_encryption import encrypt_in_place, prepare_store_key

PLAIN_HEADER = b"SQLite format 3\x00"


@pytest.fixture(autouse=True)
def _encrypted_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about encryption: a benchmark's plain-store switch must not reach them."""
    monkeypatch.delenv(store_key.PLAIN_ENV, raising=False)


def _header(path: Path) -> bytes:
    return path.read_bytes()[:16]


def _write_and_read(data_dir: Path) -> None:
    store = open_store(data_dir)  # migrations (SQLAlchemy engine), then the raw reader
    try:
        with store.write() as conn:
            conn.exec_driver_sql("INSERT INTO settings(key, value, updated_at) VALUES ('probe', '\"x\"', 'now')")
        with store.raw_read() as raw:
            assert raw.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone()["value"] == '"x"'
    finally:
        store.close()


def test_a_new_store_is_encrypted_and_only_its_key_opens_it(tmp_path: Path) -> None:
    _write_and_read(tmp_path)
    db = StorePaths(tmp_path).database
    assert _header(db) != PLAIN_HEADER
    record = json.loads((tmp_path / store_key.KEY_JSON).read_text())
    key = store_key.key_for_folder(tmp_path)
    assert key is not None and key not in json.dumps(record)  # the record never holds the key
    plain = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()
    with pytest.raises(dbapi.DATABASE_ERRORS, match="not a database"):
        dbapi.read_only(db, key="00" * 32).execute("SELECT count(*) FROM sqlite_master").fetchone()
    assert is_initialized(tmp_path) is False  # read through the seam: keyed, no office yet
    # A copy in the store's backups folder (pre-migration copies, snapshots) opens with the store's key.
    (tmp_path / "backups").mkdir()
    copy = tmp_path / "backups" / "copy.sqlite3"
    source = dbapi.read_only(db)
    target = dbapi.connect(copy)
    source.backup(target)
    target.close()
    source.close()
    assert _header(copy) != PLAIN_HEADER
    assert dbapi.read_only(copy).execute("SELECT value FROM settings WHERE key = 'probe'").fetchone()[0] == '"x"'


def test_a_plain_store_is_encrypted_in_place_on_the_next_open(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store_key.PLAIN_ENV, "1")
    _write_and_read(tmp_path)
    db = StorePaths(tmp_path).database
    assert _header(db) == PLAIN_HEADER and not (tmp_path / store_key.KEY_JSON).exists()
    (tmp_path / "backups").mkdir()
    old_copy = tmp_path / "backups" / "amildesk-20260101T000000Z-before-migration-0001.sqlite3"
    old_copy.write_bytes(db.read_bytes())
    monkeypatch.delenv(store_key.PLAIN_ENV)
    store = open_store(tmp_path)
    try:
        with store.raw_read() as raw:
            assert raw.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone()["value"] == '"x"'
    finally:
        store.close()
    assert _header(db) != PLAIN_HEADER
    assert not old_copy.exists(), "a plain pre-migration copy must not outlive the encryption"
    assert not list(tmp_path.glob(".encrypting-*"))


def test_an_encryption_cut_short_is_finished_by_the_next_open(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store_key.PLAIN_ENV, "1")
    _write_and_read(tmp_path)
    monkeypatch.delenv(store_key.PLAIN_ENV)
    paths = StorePaths(tmp_path)
    store_key.create_store_key(tmp_path)  # the record is written first; the crash came before the rename
    (tmp_path / ".encrypting-0123.sqlite3").write_bytes(b"half a copy")
    assert _header(paths.database) == PLAIN_HEADER
    prepare_store_key(paths)
    assert _header(paths.database) != PLAIN_HEADER
    assert not list(tmp_path.glob(".encrypting-*"))
    assert dbapi.read_only(paths.database).execute("SELECT count(*) FROM settings").fetchone()[0] >= 1


def test_a_malformed_key_is_refused_before_anything_changes(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store_key.PLAIN_ENV, "1")
    _write_and_read(tmp_path)
    paths = StorePaths(tmp_path)
    before = paths.database.read_bytes()
    with pytest.raises(ValueError, match="64 lower-case hex"):
        encrypt_in_place(paths, "x'; DROP TABLE office; --")
    assert paths.database.read_bytes() == before
    assert not list(tmp_path.glob(".encrypting-*"))


def test_a_missing_key_is_a_clear_store_error_and_the_sheet_brings_it_back(tmp_path: Path) -> None:
    _write_and_read(tmp_path)
    material = derive_key("frasa-pemulihan-uji", n=1 << 10)
    store_key.seal_for_recovery(tmp_path, material)
    (tmp_path / store_key.KEY_FILE).unlink()
    store_key.forget_cached(tmp_path)
    with pytest.raises(StoreError) as caught:
        is_initialized(tmp_path)
    assert caught.value.code == "store_key_missing"
    with pytest.raises(ValidationError) as wrong:
        store_key.recover_store_key(tmp_path, "frasa-yang-salah")
    assert wrong.value.code == "store_key_wrong_passphrase"
    store_key.recover_store_key(tmp_path, "frasa-pemulihan-uji")
    assert is_initialized(tmp_path) is False  # opens again (no office in this bare store)


class _CredentialStore(KeyringBackend):
    """A credential store in memory, standing in for Windows Credential Manager / a Secret Service."""

    @properties.classproperty
    def priority(cls) -> float:
        # Never chosen by keyring's own discovery (every KeyringBackend subclass is a candidate):
        # only ``use_credential_store`` in the fixture below puts it in use.
        raise RuntimeError("a test credential store, set explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def credential_store() -> Any:
    backend = _CredentialStore()
    store_key.use_credential_store(backend)
    yield backend
    store_key.use_credential_store(None)


def test_with_a_credential_store_the_key_lives_there_not_beside_the_file(tmp_path: Path,
                                                                        credential_store: Any) -> None:
    _write_and_read(tmp_path)
    record = store_key.read_record(tmp_path)
    assert record is not None and record.kept_in == "keyring"
    assert not (tmp_path / store_key.KEY_FILE).exists()
    assert credential_store.items[(store_key.KEYRING_SERVICE, record.keyring_name)] == \
        store_key.key_for_folder(tmp_path)
    credential_store.items.clear()  # another Windows account, a reinstalled PC
    store_key.forget_cached(tmp_path)
    with pytest.raises(StoreError) as caught:
        is_initialized(tmp_path)
    assert caught.value.code == "store_key_missing"


def test_an_encrypted_store_without_its_record_says_a_backup_is_needed(tmp_path: Path) -> None:
    _write_and_read(tmp_path)
    (tmp_path / store_key.KEY_JSON).unlink()  # deleted by hand, with the sealed copy in it
    store_key.forget_cached(tmp_path)
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path)
    assert caught.value.code == "store_key_record_missing"
    assert not (tmp_path / store_key.KEY_JSON).exists()  # no new key made over the old store
