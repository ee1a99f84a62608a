"""Signed batch files: the journal carried on a USB stick when an office has no link at all.

The file holds ordinary batches, so the district imports it through the same ingest path with the
same idempotency as an upload. It is signed with HMAC-SHA256 keyed by sha256(token): the device
knows its token, the server keeps only that digest, so both can sign/verify while the token itself
never leaves the device. (A leaked server database would allow forging files, not API calls; the
hash chain still makes any change to already-acknowledged history detectable.)
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sync.protocol.canonical import canonical_json

FILE_FORMAT = "amildesk-batch-file"
FILE_VERSION = 1


def signing_key_from_token(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def sign(document: dict[str, Any], key: bytes) -> str:
    """HMAC over the canonical JSON of the document without its ``signature``."""
    body = {k: v for k, v in document.items() if k != "signature"}
    return hmac.new(key, canonical_json(body), hashlib.sha256).hexdigest()


def make_file(*, device_id: str, office_id: str, created_at: str, batches: list[dict[str, Any]],
              key: bytes) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FILE_FORMAT, "version": FILE_VERSION, "device_id": device_id, "office_id": office_id,
        "created_at": created_at, "batches": batches,
    }
    document["signature"] = sign(document, key)
    return document


def verify(document: dict[str, Any], key: bytes) -> bool:
    claimed = document.get("signature")
    return isinstance(claimed, str) and hmac.compare_digest(claimed, sign(document, key))
