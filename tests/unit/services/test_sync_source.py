"""The upload's fast read: the journal's stored payload text spliced into the batch body.

The body the client builds from ``StoreJournalSource.wire_events_after`` must mean exactly what the
dict path (``events_after`` + ``build_batch``) means: the server parses either and recomputes every
hash from the parsed values.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest

from desktop.services.context import AppContext
from desktop.services.donations import DonationInput, LineInput, record_donation, void_donation
from desktop.services.donors import DonorInput, register_donor
from desktop.services.sync_source import StoreJournalSource
from desktop.services.sync_state import SyncProblem
from desktop.store.journal import append_event
from sync.client.client import BatchSizer, SyncClient
from sync.client.source import RowJournalSource, WireJournalSource
from sync.protocol import columnar
from sync.protocol.events import verify_chain
from sync.protocol.wire import build_batch


def _record(ctx: AppContext) -> None:
    donor = register_donor(ctx, DonorInput(name='Ni "Made" Ayu \\ Śrī 😀', phone="081234567890",
                                           address="Jl.\tMawar\n1"))
    record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount=250_000),
                                              LineInput("infak_tidak_terikat", amount=20_000)), donor_id=donor.id))
    record_donation(ctx, DonationInput(lines=(LineInput("zakat_fitrah", persons=3, rice=True),), anonymous=True))
    done = record_donation(ctx, DonationInput(lines=(LineInput("fidyah", days=2),), anonymous=True))
    void_donation(ctx, done.receipt_number, "salah input \u0001 ulang")
    with ctx.store.write() as conn:  # an event without a user (as some system events are)
        append_event(conn, ctx.office.identity, type="settings.changed", entity_id="timezone",
                     payload={"key": "timezone", "value": "WITA"}, user_id=None, occurred_at=ctx.now_iso())


def _client(protocol: int = 1) -> SyncClient:
    return SyncClient("http://127.0.0.1:9", "amd1_test", sizer=BatchSizer(events=100, max_bytes=1 << 20),
                      protocol=protocol)


def _meaning(body: dict[str, Any]) -> dict[str, Any]:
    """A decoded batch body as the protocol-1 chained body it stands for."""
    return columnar.expand_batch(body, 5000) if body["protocol_version"] == 2 else body


@pytest.mark.parametrize("after", [0, 2])
def test_columnar_batch_from_rows_means_what_the_dict_batch_means(ctx: AppContext, after: int) -> None:
    """Protocol 2 from the store's rows: the donations travel as rows and stand for the same events."""
    _record(ctx)
    source = StoreJournalSource(ctx)
    assert isinstance(source, RowJournalSource)
    events = source.events_after(after, 100)
    client = _client(protocol=2)
    try:
        encoded = client._read_encode(source, after, source.device_id(), 100)
    finally:
        client.close()
    assert encoded is not None and (encoded.first_seq, encoded.last_seq) == (after + 1, events[-1]["seq"])
    body = json.loads(gzip.decompress(encoded.body))
    assert body["protocol_version"] == 2 and body["events"].count(0) == 3  # the three donations
    expected = build_batch(events, device_id=source.device_id(), app_version=body["app_version"], chained=True,
                           sent_at=body["sent_at"])
    assert columnar.expand_batch(body, 5000) == json.loads(json.dumps({**expected, "protocol_version": 2}))


@pytest.mark.parametrize("after", [0, 2])
def test_spliced_batch_means_what_the_dict_batch_means(ctx: AppContext, after: int) -> None:
    _record(ctx)
    source = StoreJournalSource(ctx)
    assert isinstance(source, WireJournalSource)
    events = source.events_after(after, 100)
    verify_chain(events, expected_first_seq=after + 1, prev_hash=events[0]["prev_hash"])
    client = _client()
    try:
        encoded = client._read_encode(source, after, source.device_id(), 100)
    finally:
        client.close()
    assert encoded is not None and (encoded.first_seq, encoded.last_seq) == (after + 1, events[-1]["seq"])
    spliced = json.loads(gzip.decompress(encoded.body))
    expected = build_batch(events, device_id=source.device_id(), app_version=spliced["app_version"], chained=True,
                           sent_at=spliced["sent_at"])
    assert spliced == json.loads(json.dumps(expected))
    assert any(e["user_id"] is None for e in spliced["events"])


@pytest.mark.parametrize("protocol", [1, 2])
def test_spliced_batches_are_trimmed_to_the_byte_limit(ctx: AppContext, protocol: int) -> None:
    for i in range(40 * protocol):
        record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=1_000 + i),), anonymous=True))
    source = StoreJournalSource(ctx)
    client = SyncClient("http://127.0.0.1:9", "amd1_test", sizer=BatchSizer(events=100, max_bytes=600),
                        protocol=protocol)
    try:
        encoded = client._read_encode(source, 0, source.device_id(), 100)
    finally:
        client.close()
    assert encoded is not None and len(encoded.body) <= 600 and encoded.first_seq == 1
    body = json.loads(gzip.decompress(encoded.body))
    assert body["last_seq"] == encoded.last_seq == len(body["events"]) < source.high_seq()
    expected = build_batch(source.events_after(0, encoded.last_seq), device_id=source.device_id(),
                           app_version=body["app_version"], sent_at=body["sent_at"])
    assert _meaning(body) == json.loads(json.dumps({**expected, "protocol_version": protocol}))


def test_nothing_after_the_end_and_a_missing_start_is_divergence(ctx: AppContext) -> None:
    source = StoreJournalSource(ctx)
    high = source.high_seq()
    assert source.wire_events_after(high, 10) is None
    with ctx.store.write() as conn:  # the journal continues after a base: seqs up to it are not here
        conn.exec_driver_sql("INSERT INTO journal_base (base_seq, base_hash, fork_seq, local_high_seq, moved, "
                             f"recorded_at, reason) VALUES (50, '{'ab' * 32}', {high + 1}, {high}, 0, 'x', 'test')")
    record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=1_000),), anonymous=True))
    with pytest.raises(SyncProblem):
        source.wire_events_after(high, 10)
    wire = source.wire_events_after(0, 100)
    assert wire is not None and wire.first_seq == 1 and len(wire.texts) == high  # stops before the jump
    after_base = source.wire_events_after(50, 10)
    assert after_base is not None and after_base.first_seq == 51 and after_base.prev_hash == "ab" * 32
    # The same for the stored rows protocol 2 is built from.
    with pytest.raises(SyncProblem):
        source.rows_after(high, 10)
    rows = source.rows_after(0, 100)
    assert rows is not None and rows.first_seq == 1 and len(rows.rows) == len(rows.hashes) == high
    rows_after_base = source.rows_after(50, 10)
    assert rows_after_base is not None and rows_after_base.first_seq == 51 and rows_after_base.prev_hash == "ab" * 32
    assert source.rows_after(51, 10) is None


@pytest.mark.parametrize("protocol", [1, 2])
def test_a_batch_stays_under_the_inflated_size_limit(ctx: AppContext, protocol: int) -> None:
    for i in range(30 * protocol):
        record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=1_000 + i),), anonymous=True))
    source = StoreJournalSource(ctx)
    client = SyncClient("http://127.0.0.1:9", "amd1_test",
                        sizer=BatchSizer(events=100, max_bytes=1 << 20, max_raw=8_000 // protocol),
                        protocol=protocol)
    try:
        encoded = client._read_encode(source, 0, source.device_id(), 100)
        events = client._encode(source.events_after(0, 100), source.device_id())
    finally:
        client.close()
    for batch in (encoded, events):
        assert batch is not None and len(gzip.decompress(batch.body)) <= 8_000 and batch.first_seq == 1
        assert 1 < batch.last_seq < source.high_seq()
