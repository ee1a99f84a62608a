"""The key of an encrypted office store: made at setup, kept by the OS, recoverable from the sheet.

A store is encrypted (SQLCipher) when its folder holds ``store-key.json``. That file never holds the
key in clear; it says where the key is kept and carries a copy wrapped with the office's backup key:

* ``"kept_in": "keyring"``: the OS credential store through ``keyring`` (Windows Credential Manager
  of the account that runs the app, a Secret Service on Linux), entry ``AmilDesk`` / ``store:<id>``;
* ``"kept_in": "file"``: ``store.key`` beside it (mode 0600), used only where the OS offers no
  credential store (a headless Linux box); ``amildesk doctor`` warns, because a key beside the
  file protects a copied database file, not a stolen disk;
* ``"recovery"``: the key sealed with AES-GCM under the backup key, which the recovery passphrase
  derives (scrypt parameters alongside), so the recovery sheet opens the store when the account or
  its credential store is lost (``recover_store_key``).

The key is 32 random bytes, given to SQLCipher raw (``PRAGMA key = "x'…'"``), so opening costs no
key derivation. ``keyring`` is imported only when a key is kept there: its backend discovery takes
~0.1 s, which a start with a file-kept key should not pay.

``AMILDESK_PLAIN_STORE=1`` makes new stores plain and leaves plain stores plain. It exists for the
benchmarks' baseline (bench/bench_sqlcipher.py) and is not a setting an office uses.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import StoreError, ValidationError

if TYPE_CHECKING:
    from desktop.store.backup_format import KeyMaterial

KEY_JSON = "store-key.json"
KEY_FILE = "store.key"
KEYRING_SERVICE = "AmilDesk"
PLAIN_ENV = "AMILDESK_PLAIN_STORE"
_SEAL_INFO = b"amildesk store key"


@dataclass(frozen=True)
class KeyRecord:
    """What ``store-key.json`` says (never the key itself)."""

    store_id: str
    kept_in: str  # "keyring" | "file"
    recovery: dict[str, Any] | None

    @property
    def keyring_name(self) -> str:
        return f"store:{self.store_id}"


def plain_requested() -> bool:
    return os.environ.get(PLAIN_ENV, "").strip() in ("1", "true", "yes")


def key_json(folder: Path) -> Path:
    return Path(folder) / KEY_JSON


def read_record(folder: Path) -> KeyRecord | None:
    """The folder's key record, or None when the store in it is plain."""
    try:
        body = json.loads(key_json(folder).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StoreError("store_key_unreadable", detail=str(exc)) from exc
    try:
        return KeyRecord(store_id=str(body["store_id"]), kept_in=str(body["kept_in"]),
                         recovery=dict(body["recovery"]) if body.get("recovery") else None)
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError("store_key_unreadable", detail="store-key.json has no store_id/kept_in") from exc


def _write_record(folder: Path, record: KeyRecord) -> None:
    body = {"version": 1, "store_id": record.store_id, "kept_in": record.kept_in, "recovery": record.recovery,
            "note": "The store's key is not in this file; see docs/privacy.md."}
    target = key_json(folder)
    partial = target.with_name(target.name + ".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)


# --- where the key is kept ------------------------------------------------------------------------

_chosen_store: Any | None = None


def use_credential_store(backend: Any | None) -> None:
    """Use ``backend`` (a ``keyring`` backend) instead of the platform's; None goes back to it.

    For tests, which need a credential store on a machine that has none."""
    global _chosen_store
    _chosen_store = backend


def _keyring_backend() -> Any | None:
    """The platform's credential store, or None where there is none.

    Chosen by platform, not by ``keyring.get_keyring()``: its discovery scans entry points (~0.1 s
    more) and, in a PyInstaller bundle without keyring's metadata, finds nothing and would silently
    fall back to the file. A backend that is not viable here (no D-Bus session, a locked vault)
    raises on ``priority``: then there is none.
    """
    if _chosen_store is not None:
        return _chosen_store
    try:
        if sys.platform == "win32":
            from keyring.backends.Windows import WinVaultKeyring as Backend
        elif sys.platform == "darwin":
            from keyring.backends.macOS import Keyring as Backend
        else:
            from keyring.backends.SecretService import Keyring as Backend
        Backend.priority  # noqa: B018 - raises when the backend cannot work on this machine
        return Backend()
    except Exception:  # ImportError, RuntimeError: no credential store here
        return None


def _keep(folder: Path, record_id: str, key_hex: str) -> str:
    """Put the key in the keyring when there is one, else in ``store.key``; returns where."""
    backend = _keyring_backend()
    if backend is not None:
        try:
            backend.set_password(KEYRING_SERVICE, f"store:{record_id}", key_hex)
            return "keyring"
        except Exception:  # a locked or broken credential store: the file is the fallback
            pass
    path = Path(folder) / KEY_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key_hex)
        handle.flush()
        os.fsync(handle.fileno())
    return "file"


def _fetch(folder: Path, record: KeyRecord) -> str:
    key_hex: str | None
    if record.kept_in == "file":
        try:
            key_hex = (Path(folder) / KEY_FILE).read_text(encoding="ascii").strip()
        except OSError as exc:
            raise StoreError("store_key_missing", detail=f"{KEY_FILE}: {exc.strerror or exc}") from exc
    else:
        backend = _keyring_backend()
        key_hex = None if backend is None else backend.get_password(KEYRING_SERVICE, record.keyring_name)
        if not key_hex:
            raise StoreError("store_key_missing", detail=f"keyring {KEYRING_SERVICE}/{record.keyring_name}")
    if len(key_hex) != 64 or any(c not in "0123456789abcdefABCDEF" for c in key_hex):
        raise StoreError("store_key_unreadable", detail="the kept key is not 64 hex digits")
    return key_hex.lower()


_cache: dict[Path, tuple[int, str | None]] = {}
_cache_lock = threading.Lock()


def key_for_folder(folder: Path) -> str | None:
    """The hex key of the store in ``folder`` (None: plain). Cached per folder until store-key.json changes."""
    folder = Path(folder).resolve()
    try:
        stamp = key_json(folder).stat().st_mtime_ns
    except FileNotFoundError:
        return None
    with _cache_lock:
        cached = _cache.get(folder)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    record = read_record(folder)
    key = None if record is None else _fetch(folder, record)
    with _cache_lock:
        _cache[folder] = (stamp, key)
    return key


def key_for_database(db_path: Path) -> str | None:
    """The key of a store file: its own folder's, or, for copies in a store's ``backups/`` folder
    (pre-migration copies, backup snapshots), the store's."""
    folder = Path(db_path).parent
    key = key_for_folder(folder)
    if key is None and folder.name == "backups":
        key = key_for_folder(folder.parent)
    return key


def new_key() -> str:
    return secrets.token_hex(32)


def create_store_key(folder: Path, key_hex: str | None = None) -> str:
    """Make (or adopt, for a restore) the key of the store in ``folder`` and record where it is kept."""
    folder = Path(folder)
    key_hex = key_hex or new_key()
    store_id = uuid.uuid4().hex
    kept_in = _keep(folder, store_id, key_hex)
    _write_record(folder, KeyRecord(store_id=store_id, kept_in=kept_in, recovery=None))
    return key_hex


def forget_cached(folder: Path) -> None:
    with _cache_lock:
        _cache.pop(Path(folder).resolve(), None)


# --- the copy the recovery sheet opens -------------------------------------------------------------

def _seal_key(material: KeyMaterial) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_SEAL_INFO).derive(material.key)


def seal(key_hex: str, material: KeyMaterial) -> dict[str, Any]:
    """``key_hex`` sealed under the backup key, with how that key is derived from the passphrase."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = AESGCM(_seal_key(material)).encrypt(nonce, bytes.fromhex(key_hex), _SEAL_INFO)
    return {"kdf": material.kdf(), "key_check": material.check, "nonce": nonce.hex(), "sealed": sealed.hex()}


def open_sealed(sealed: dict[str, Any], material: KeyMaterial) -> str:
    """The key inside ``sealed``; ValidationError("store_key_wrong_passphrase") for another backup key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        plain = AESGCM(_seal_key(material)).decrypt(bytes.fromhex(sealed["nonce"]), bytes.fromhex(sealed["sealed"]),
                                                     _SEAL_INFO)
    except (InvalidTag, KeyError, ValueError, TypeError) as exc:
        raise ValidationError("store_key_wrong_passphrase") from exc
    return plain.hex()


def seal_for_recovery(folder: Path, material: KeyMaterial) -> None:
    """Keep a copy of the folder's store key sealed under ``material`` (set or changed passphrase)."""
    record = read_record(folder)
    key = key_for_folder(folder)
    if record is None or key is None:
        return
    _write_record(folder, KeyRecord(record.store_id, record.kept_in, seal(key, material)))
    forget_cached(folder)


def recover_store_key(folder: Path, passphrase: str) -> str:
    """Open the sealed copy with the recovery passphrase and keep the key again (a new account or PC)."""
    from desktop.store.backup_format import derive_key

    record = read_record(folder)
    if record is None:
        raise StoreError("store_key_not_encrypted")
    if not record.recovery:
        raise StoreError("store_key_no_recovery_copy")
    kdf = record.recovery["kdf"]
    material = derive_key(passphrase, bytes.fromhex(kdf["salt"]), n=int(kdf["n"]), r=int(kdf["r"]),
                          p=int(kdf["p"]))
    key_hex = open_sealed(record.recovery, material)
    kept_in = _keep(folder, record.store_id, key_hex)
    _write_record(folder, KeyRecord(record.store_id, kept_in, record.recovery))
    forget_cached(folder)
    return key_hex
