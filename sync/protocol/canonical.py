"""Canonical JSON and hashing shared by the office app and the district server.

Both sides must hash byte-identical text, so the encoding is fixed here once: keys sorted, no
insignificant whitespace, UTF-8 (not ASCII escapes), and no floats (money is integer rupiah, amounts
of rice are integer grams), because float formatting differs between runtimes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


class NonCanonicalValue(TypeError):
    """A value that has no canonical JSON form (floats, bytes, sets, ...)."""


def _check(value: Any, path: str = "$") -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise NonCanonicalValue(f"float at {path}: use integer rupiah or grams")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NonCanonicalValue(f"non-string key at {path}")
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    raise NonCanonicalValue(f"{type(value).__name__} at {path}")


def canonical_json(value: Any) -> bytes:
    """Return the one canonical UTF-8 encoding of a JSON-compatible value."""
    _check(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_value(value: Any) -> str:
    """sha256 of the canonical JSON of ``value``, as 64 lowercase hex digits."""
    return sha256_hex(canonical_json(value))


def check_canonical(value: Any) -> None:
    """Raise NonCanonicalValue if ``value`` has no canonical JSON form (e.g. holds a float)."""
    _check(value)
