"""UUIDv7 ids (time-ordered), made on the device or the server without coordination.

Python 3.11 has no ``uuid.uuid7``; this follows RFC 9562: 48-bit Unix milliseconds, version 7,
74 random bits. Time order keeps B-tree inserts local and makes ids compress well on the wire.
"""

from __future__ import annotations

import os
import time
import uuid


def uuid7(unix_ms: int | None = None) -> str:
    """A new UUIDv7 as its canonical 36-character string."""
    ms = int(time.time() * 1000) if unix_ms is None else unix_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))
