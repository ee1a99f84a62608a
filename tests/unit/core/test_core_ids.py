"""Tests for desktop.core.ids: UUIDv7 layout and in-process monotonic ordering."""

from __future__ import annotations

import itertools
import re
import threading
import time
import uuid

import pytest

from desktop.core import ids
from desktop.core.ids import new_uuid7, uuid7_unix_ms

CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_canonical_lowercase_string() -> None:
    value = new_uuid7()
    assert isinstance(value, str)
    assert CANONICAL.fullmatch(value), value
    assert str(uuid.UUID(value)) == value


def test_version_and_variant_bits() -> None:
    for _ in range(1000):
        parsed = uuid.UUID(new_uuid7())
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
        assert (parsed.int >> 76) & 0xF == 0x7
        assert (parsed.int >> 62) & 0b11 == 0b10


def test_timestamp_is_unix_milliseconds() -> None:
    before = time.time_ns() // 1_000_000
    value = new_uuid7()
    after = time.time_ns() // 1_000_000
    # The counter may have carried into the next millisecond, hence +1.
    assert before <= uuid7_unix_ms(value) <= after + 1
    assert uuid7_unix_ms("017f22e2-79b0-7cc3-98c4-dc0c0c07398f") == 0x017F22E279B0  # RFC 9562 example


def test_uuid7_unix_ms_rejects_other_versions() -> None:
    with pytest.raises(ValueError):
        uuid7_unix_ms(str(uuid.uuid4()))


def test_ten_thousand_ids_strictly_increase() -> None:
    values = [new_uuid7() for _ in range(10_000)]
    assert all(a < b for a, b in itertools.pairwise(values))
    assert len(set(values)) == len(values)
    ints = [uuid.UUID(v).int for v in values]
    assert ints == sorted(ints)


def test_monotonic_within_one_frozen_millisecond(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ids, "_last_ms", -1)
    monkeypatch.setattr(ids, "_last_rand", 0)
    monkeypatch.setattr(ids, "_now_ms", lambda: 1_700_000_000_000)
    values = [new_uuid7() for _ in range(1000)]
    assert {uuid7_unix_ms(v) for v in values} == {1_700_000_000_000}
    assert all(a < b for a, b in itertools.pairwise(values))
    # Within one millisecond the random field counts up by one.
    rands = [uuid.UUID(v).int & ((1 << 62) - 1) | ((uuid.UUID(v).int >> 64) & 0xFFF) << 62 for v in values]
    assert all(b - a == 1 for a, b in itertools.pairwise(rands))


def test_clock_going_backwards_keeps_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ids, "_last_ms", -1)
    monkeypatch.setattr(ids, "_last_rand", 0)
    clock = iter([5_000, 5_001, 4_000, 3_000, 5_001, 5_002])
    monkeypatch.setattr(ids, "_now_ms", lambda: next(clock))
    values = [new_uuid7() for _ in range(6)]
    assert all(a < b for a, b in itertools.pairwise(values))
    assert [uuid7_unix_ms(v) for v in values] == [5_000, 5_001, 5_001, 5_001, 5_001, 5_002]


def test_counter_overflow_moves_to_next_millisecond(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ids, "_last_ms", 9_000)
    monkeypatch.setattr(ids, "_last_rand", (1 << 74) - 1)
    monkeypatch.setattr(ids, "_now_ms", lambda: 9_000)
    value = new_uuid7()
    assert uuid7_unix_ms(value) == 9_001
    parsed = uuid.UUID(value)
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122


def test_fresh_millisecond_leaves_counter_headroom(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ids, "_last_ms", -1)
    monkeypatch.setattr(ids, "_last_rand", 0)
    monkeypatch.setattr(ids, "_now_ms", lambda: 1)
    for _ in range(200):
        monkeypatch.setattr(ids, "_last_ms", -1)
        parsed = uuid.UUID(new_uuid7())
        assert (parsed.int >> 75) & 1 == 0  # top bit of rand_a starts clear


def test_random_part_differs_between_milliseconds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ids, "_last_ms", -1)
    monkeypatch.setattr(ids, "_last_rand", 0)
    clock = iter(range(100, 200))
    monkeypatch.setattr(ids, "_now_ms", lambda: next(clock))
    tails = {new_uuid7()[14:] for _ in range(100)}
    assert len(tails) == 100


def test_unique_across_threads() -> None:
    results: list[list[str]] = [[] for _ in range(4)]

    def work(bucket: list[str]) -> None:
        bucket.extend(new_uuid7() for _ in range(2000))

    threads = [threading.Thread(target=work, args=(b,)) for b in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [v for bucket in results for v in bucket]
    assert len(set(every)) == len(every) == 8000
    for bucket in results:
        assert bucket == sorted(bucket)
