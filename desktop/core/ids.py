"""Record identifiers created offline: UUIDv7 (RFC 9562).

Offices create records without the server, so ids must be globally unique without
coordination; UUIDv7 also sorts by creation time, which keeps database indexes compact and
lets sync replay records in order.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from typing import Final

_VERSION: Final[int] = 7
_VARIANT: Final[int] = 0b10
_RAND_BITS: Final[int] = 74  # 12 bits rand_a + 62 bits rand_b
_RAND_MAX: Final[int] = (1 << _RAND_BITS) - 1
_RAND_B_BITS: Final[int] = 62

_lock = threading.Lock()
_last_ms: int = -1
_last_rand: int = 0


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _fresh_rand() -> int:
    # The top random bit starts at zero so increments within one millisecond have room.
    return int.from_bytes(os.urandom(10), "big") & (_RAND_MAX >> 1)


def _next_state(now_ms: int) -> tuple[int, int]:
    """Advance (ms, random) so each id is greater than the previous one in this process.

    Within the same millisecond, or if the clock steps back, the random field is treated as
    a counter (RFC 9562 section 6.2, method 2); on the rare overflow the timestamp moves on.
    """
    global _last_ms, _last_rand
    if now_ms > _last_ms:
        ms, rand = now_ms, _fresh_rand()
    elif _last_rand < _RAND_MAX:
        ms, rand = _last_ms, _last_rand + 1
    else:
        ms, rand = _last_ms + 1, _fresh_rand()
    _last_ms, _last_rand = ms, rand
    return ms, rand


def _pack(ms: int, rand: int) -> uuid.UUID:
    rand_a = rand >> _RAND_B_BITS
    rand_b = rand & ((1 << _RAND_B_BITS) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= _VERSION << 76 | rand_a << 64 | _VARIANT << 62 | rand_b
    return uuid.UUID(int=value)


def new_uuid7() -> str:
    """A new UUIDv7 as the canonical lowercase string, increasing within this process."""
    with _lock:
        ms, rand = _next_state(_now_ms())
    return str(_pack(ms, rand))


def uuid7_unix_ms(value: str) -> int:
    """The Unix timestamp in milliseconds embedded in a UUIDv7 string."""
    parsed = uuid.UUID(value)
    if parsed.version != _VERSION:
        raise ValueError(f"not a UUIDv7: {value}")
    return parsed.int >> 80
