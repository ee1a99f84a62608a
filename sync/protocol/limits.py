"""Hard limits of the sync protocol, shared by the client and the server (see docs/threat-model.md).

A device token proves only "a device of office X": everything a device sends is untrusted input.
These limits keep one request's cost bounded (memory, CPU, database integer ranges) before any
business rule runs. The app itself stays far inside every one of them.
"""

from __future__ import annotations

from typing import Any

# Integers in events: the interoperable JSON range (RFC 7493 I-JSON), well inside the 64-bit database
# columns, so no stored number and no sum of a batch of them can overflow a BIGINT.
MAX_SAFE_INT = 2**53 - 1
MAX_SEQ = MAX_SAFE_INT
# Money: the app refuses lines above Rp10 miliar; the server flags anything above these (and does not
# project it into the district's totals) instead of overflowing a column or a SUM.
MAX_LINE_AMOUNT = 10**12
MAX_DONATION_TOTAL = 10**13
MAX_QUANTITY = 10**9  # persons, days, grams
MAX_PAYLOAD_DEPTH = 16  # the deepest real payload (a group's members) is 3 levels

# Request bodies (bytes on the wire, and after gzip inflation) and the JSON they may hold. A batch of
# 5,000 donations is ~3 MiB inflated with ~30,000 objects and ~150,000 commas.
MAX_WIRE_BYTES = 8 * 1024 * 1024
MAX_INFLATED_BYTES = 8 * 1024 * 1024
MAX_JSON_CONTAINERS = 200_000  # '{' + '[' in a body
MAX_JSON_SEPARATORS = 500_000  # ',' in a body: bounds the number of values a body can expand to
MAX_ENROLL_BYTES = 8 * 1024  # enrollment is unauthenticated: small, uncompressed
MAX_BATCH_FILE_BYTES = 512 * 1024 * 1024  # an exported journal file, compressed on disk
MAX_BATCH_FILE_INFLATED = 2 * 1024 * 1024 * 1024  # streamed, never held whole

NUMBER_OUT_OF_RANGE = "number_out_of_range"
TOO_DEEP = "too_deep"
FLOAT = "float"


def json_shape_too_costly(body: bytes) -> bool:
    """True when a JSON body holds more objects or values than any real batch (counted in C, ~1 ms/MiB).

    Braces or commas inside strings are counted too, so this errs on the side of refusing; a real
    batch stays an order of magnitude below both limits.
    """
    return (body.count(b"{") + body.count(b"[") > MAX_JSON_CONTAINERS
            or body.count(b",") > MAX_JSON_SEPARATORS)


def payload_problem(value: Any) -> str | None:
    """The first reason a parsed payload cannot be taken as it is, or None.

    ``FLOAT`` (the protocol has integers only) and ``TOO_DEEP`` are protocol faults; an integer beyond
    ``MAX_SAFE_INT`` is ``NUMBER_OUT_OF_RANGE``, which the server flags instead of refusing (the event
    is a chained fact the device can never change). Walks iteratively: a hostile payload nested a
    thousand levels deep cannot exhaust the stack.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    out_of_range = False
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is dict or kind is list:
            if depth > MAX_PAYLOAD_DEPTH:
                return TOO_DEEP
            children = item.values() if kind is dict else item
            stack.extend((child, depth + 1) for child in children if type(child) in _WALKED)
        elif kind is int:
            if not -MAX_SAFE_INT <= item <= MAX_SAFE_INT:
                out_of_range = True
        elif kind is float:
            return FLOAT
    return NUMBER_OUT_OF_RANGE if out_of_range else None


_WALKED = frozenset({dict, list, int, float})
