"""The store's one connection seam: plain SQLite by default, SQLCipher when a raw key is set."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.store import dbapi
from desktop.store.database import open_store
from desktop.store.probe import is_initialized

KEY = "5e" * 32


def _header(path: Path) -> bytes:
    return path.read_bytes()[:16]


def test_without_a_key_the_store_is_a_plain_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(dbapi.KEY_ENV, raising=False)
    store = open_store(tmp_path)
    store.close()
    assert dbapi.driver() is sqlite3
    assert _header(store.paths.database) == b"SQLite format 3\x00"


def test_a_malformed_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(dbapi.KEY_ENV, "not-hex")
    with pytest.raises(ValueError, match="64 hex digits"):
        dbapi.cipher_key()


def test_with_a_key_every_store_path_reads_an_encrypted_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sqlcipher3")  # an evaluation dependency, not in pyproject
    monkeypatch.setenv(dbapi.KEY_ENV, KEY)
    store = open_store(tmp_path)  # migrations (SQLAlchemy engine), then the raw reader
    try:
        with store.write() as conn:
            conn.exec_driver_sql("INSERT INTO settings(key, value, updated_at) VALUES ('probe', '\"x\"', 'now')")
        with store.raw_read() as raw:
            assert raw.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone()["value"] == '"x"'
    finally:
        store.close()
    db = store.paths.database
    assert _header(db) != b"SQLite format 3\x00"
    plain = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()
    monkeypatch.setenv(dbapi.KEY_ENV, "00" * 32)  # the wrong key reads nothing either
    with pytest.raises(dbapi.driver().DatabaseError, match="not a database"):
        is_initialized(tmp_path)
