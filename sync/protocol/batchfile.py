"""Signed batch files: the journal carried on a USB stick when an office has no link at all.

Layout (version 2)::

    AMILDESK-BATCH-FILE 2\\n
    {header: canonical JSON, one line}\\n
    <gzip of one batch per line (JSON), the same bodies as POST /batches>

The header names the device and carries ``body_sha256`` of the gzip bytes and an Ed25519
``signature`` over the rest of the header. The signing key is derived from the device token
(HKDF-SHA256), so only the device can sign; the server stores only the public key, which it computed
when it issued the token. A leaked server database therefore lets nobody forge a file (version 1
used an HMAC keyed by the stored token hash, which did). The importer checks the signature and the
body hash *before* inflating anything, then streams the batches one line at a time, each bounded
like an upload, so a hostile file can cost neither memory nor time.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sync.protocol.canonical import canonical_json

FILE_FORMAT = "amildesk-batch-file"
FILE_VERSION = 2
MAGIC = b"AMILDESK-BATCH-FILE 2\n"
MAX_HEADER_BYTES = 4096
_KDF_INFO = b"amildesk batch file signing v2"


class BatchFileError(ValueError):
    """The file is not a batch file this version can read, or is damaged (message for the admin)."""


def signing_key(token: str) -> Ed25519PrivateKey:
    """The device's file-signing key, derived from its token (never stored anywhere)."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KDF_INFO).derive(token.encode("utf-8"))
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_hex(token: str) -> str:
    """What the server keeps to verify the device's files (computed when it issues the token)."""
    return signing_key(token).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _signed_part(header: dict[str, Any]) -> bytes:
    return canonical_json({k: v for k, v in header.items() if k != "signature"})


def write_file(path: Path, *, token: str, device_id: str, office_id: str, created_at: str,
               batches: Iterable[bytes]) -> None:
    """Write ``batches`` (JSON bodies, one per line) as a signed file; atomic (temp file, then rename)."""
    body_path = path.with_name(path.name + ".body.tmp")
    count = 0
    try:
        with gzip.open(body_path, "wb") as body:
            for raw in batches:
                body.write(raw.rstrip(b"\n") + b"\n")
                count += 1
        digest = hashlib.sha256()
        with body_path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        header: dict[str, Any] = {
            "format": FILE_FORMAT, "version": FILE_VERSION, "device_id": device_id, "office_id": office_id,
            "created_at": created_at, "batches": count, "body_sha256": digest.hexdigest(),
            "body_bytes": body_path.stat().st_size,
        }
        header["signature"] = signing_key(token).sign(_signed_part(header)).hex()
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as out, body_path.open("rb") as handle:
            out.write(MAGIC + canonical_json(header) + b"\n")
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    finally:
        body_path.unlink(missing_ok=True)


def read_header(handle: IO[bytes]) -> dict[str, Any]:
    """The header of an open file (positioned at its start); BatchFileError if it is not one."""
    magic = handle.read(len(MAGIC))
    if magic != MAGIC:
        if magic[:2] == b"\x1f\x8b" or magic[:1] == b"{":
            raise BatchFileError("batch file version 1 is no longer accepted: export it again with the current app")
        raise BatchFileError("not an AmilDesk batch file")
    line = handle.readline(MAX_HEADER_BYTES + 1)
    if len(line) > MAX_HEADER_BYTES or not line.endswith(b"\n"):
        raise BatchFileError("batch file header is damaged")
    try:
        header = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise BatchFileError("batch file header is damaged") from exc
    if not isinstance(header, dict) or header.get("format") != FILE_FORMAT or header.get("version") != FILE_VERSION:
        raise BatchFileError("not an AmilDesk batch file of version 2")
    for key, kind in (("device_id", str), ("office_id", str), ("body_sha256", str), ("signature", str),
                      ("body_bytes", int), ("batches", int)):
        if type(header.get(key)) is not kind:
            raise BatchFileError(f"batch file header lacks {key}")
    return header


def signature_valid(header: dict[str, Any], public_key: str) -> bool:
    """True when ``header`` was signed by the holder of the token behind ``public_key`` (hex)."""
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(bytes.fromhex(header["signature"]), _signed_part(header))
    except (InvalidSignature, ValueError):
        return False
    return True


def body_matches(handle: IO[bytes], header: dict[str, Any], max_bytes: int) -> bool:
    """Hash the rest of the file (at most ``max_bytes``) and compare it with the signed header."""
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        size += len(chunk)
        if size > max_bytes or size > header["body_bytes"]:
            return False
        digest.update(chunk)
    return size == header["body_bytes"] and digest.hexdigest() == header["body_sha256"]


def iter_batch_lines(handle: IO[bytes], *, max_line: int, max_total: int) -> Iterator[bytes]:
    """The inflated batch bodies of a body positioned at its start, each at most ``max_line`` bytes."""
    total = 0
    with gzip.GzipFile(fileobj=handle, mode="rb") as body:
        while True:
            line = body.readline(max_line + 1)
            if not line:
                return
            total += len(line)
            if len(line) > max_line or total > max_total:
                raise BatchFileError("a batch in the file is larger than the server accepts")
            yield line
