"""Batch upload against the real server: idempotency, refusals with their codes, review flags."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync.client import errors
from sync.protocol.canonical import GENESIS_HASH
from sync.protocol.events import compute_event_hash
from sync.protocol.wire import build_batch
from sync.server import admin
from tests.sync.conftest import Env
from tests.sync.journal import TestJournal
from tests.sync.serverproc import ServerProcess


def _post(env: Env, token: str, body: Any, *, gz: bool = True) -> tuple[int, dict[str, Any]]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if gz:
        raw = gzip.compress(raw)
        headers["Content-Encoding"] = "gzip"
    with env.http(token) as http:
        response = http.post("/api/v1/batches", content=raw, headers=headers)
    return response.status_code, response.json()


def _batch(journal: TestJournal, after: int = 0, limit: int = 1000, chained: bool = True) -> dict[str, Any]:
    return build_batch(journal.events_after(after, limit), device_id=journal.device_id(), app_version="t",
                       chained=chained)


def test_upload_then_resend_is_idempotent(env: Env) -> None:
    journal, token = env.device(env.office())
    for _ in range(30):
        journal.donation(50_000)
    with env.client(token) as client:
        result = client.sync(journal)
    assert result.complete and result.acked_seq == 30
    before = env.server_events(journal.device_id())
    assert [seq for seq, _ in before] == list(range(1, 31))
    assert [h for _, h in before] == [e["hash"] for e in journal.all_events()]
    # The same batch again (a lost ack) in both forms: same answer, nothing stored twice.
    for chained in (True, False):
        status, ack = _post(env, token, _batch(journal, 0, 30, chained=chained))
        assert status == 200, ack
        assert ack["acked_seq"] == 30 and ack["last_hash"] == journal.hash_at(30)
    # A batch straddling the mark: the known part is re-acked, the new part stored once.
    journal.donation(70_000)
    status, ack = _post(env, token, _batch(journal, 20, 50))
    assert status == 200 and ack["acked_seq"] == 31
    assert env.server_events(journal.device_id()) == [(e["seq"], e["hash"]) for e in journal.all_events()]


def test_broken_chain_is_refused_and_nothing_stored(env: Env) -> None:
    journal, token = env.device(env.office())
    for _ in range(5):
        journal.donation()
    full = _batch(journal, chained=False)
    full["events"][2]["payload"]["total"] += 1  # content changed, hash kept
    status, body = _post(env, token, full)
    assert (status, body["code"], body["details"]["seq"]) == (422, "chain_broken", 3)
    chained = _batch(journal)
    chained["events"][2]["payload"]["total"] += 1
    status, body = _post(env, token, chained)
    assert (status, body["code"]) == (422, "chain_broken")
    relinked = _batch(journal, chained=False)
    relinked["events"][3]["prev_hash"] = GENESIS_HASH
    status, body = _post(env, token, relinked)
    assert (status, body["code"]) == (422, "chain_broken")
    assert env.server_events(journal.device_id()) == []


def test_gap_is_refused_with_expected_seq(env: Env) -> None:
    journal, token = env.device(env.office())
    for _ in range(10):
        journal.donation()
    status, body = _post(env, token, _batch(journal, after=4))
    assert (status, body["code"], body["details"]) == (409, "seq_gap", {"expected_seq": 1})
    assert env.server_events(journal.device_id()) == []


def test_events_of_another_office_are_forbidden(env: Env) -> None:
    mine, token = env.device(env.office())
    other, _ = env.device(env.office())
    other.donation()
    # Another office's journal sent with my token, re-labelled with my device id: still 403.
    events = other.all_events()
    for event in events:
        event["device_id"] = mine.device_id()
        event["hash"] = compute_event_hash(event)
    status, body = _post(env, token, build_batch(events, device_id=mine.device_id(), app_version="t"))
    assert (status, body["code"]) == (403, "office_scope")
    status, body = _post(env, token, _batch(other))
    assert (status, body["code"]) == (403, "office_scope")
    assert env.server_events(mine.device_id()) == []


def test_revoked_token_gets_401_and_reenrollment_keeps_unsent(env: Env) -> None:
    office = env.office()
    journal, token = env.device(office)
    journal.donation()
    with env.client(token) as client:
        assert client.sync(journal).acked_seq == 1
    journal.donation()
    admin.revoke(env.engine, journal.device_id())
    with env.client(token) as client, pytest.raises(errors.AuthError) as caught:
        client.sync(journal)
    assert caught.value.code == "token_revoked"
    with env.client("amd1_not-a-token") as client, pytest.raises(errors.AuthError) as caught:
        client.sync(journal)
    assert caught.value.code == "invalid_token"
    # Re-enrollment of the same device: a new token, the mark kept, the unsent event delivered once.
    from sync.client.client import enroll

    answer = enroll(env.server.base_url, admin.issue_enroll_code(env.engine, office, journal.device_id()),
                    device_id=journal.device_id(), office_id=journal.office_id)
    assert answer["acked_seq"] == 1
    with env.client(answer["token"]) as client:
        assert client.sync(journal).acked_seq == 2
    assert [s for s, _ in env.server_events(journal.device_id())] == [1, 2]


def test_a_version_1_client_still_syncs(env: Env) -> None:
    """Old clients keep working: protocol 1 (chained) is accepted beside 2 and stores the same chain."""
    journal, token = env.device(env.office())
    for _ in range(30):
        journal.donation()
    voided = journal.void(journal.all_events()[3]["payload"]["receipt_number"])
    with env.client(token, protocol=1) as client:
        result = client.sync(journal)
        assert client.protocol == 1
    assert result.acked_seq == journal.high_seq() == voided["seq"] and result.flagged == []
    assert env.server_events(journal.device_id()) == [(e["seq"], e["hash"]) for e in journal.all_events()]


def test_a_new_client_falls_back_to_version_1_on_an_older_server(env: Env, tmp_path: Path) -> None:
    """A district that has not upgraded answers 426 naming only 1: the client sends version 1 from then on."""
    old = ServerProcess(env.server.database_url, tmp_path / "old.log")
    old.module = "tests.sync.old_server"
    old.start()
    try:
        assert httpx.get(f"{old.base_url}/api/v1/health").json()["protocol_versions"] == [1]
        journal, token = env.device(env.office(), base_url=old.base_url)
        for _ in range(20):
            journal.donation()
        with env.client(token, base_url=old.base_url) as client:
            assert client.protocol == 2
            result = client.sync(journal)
            assert client.protocol == 1
        assert result.complete and result.acked_seq == journal.high_seq() == 20
        assert env.server_events(journal.device_id()) == [(e["seq"], e["hash"]) for e in journal.all_events()]
    finally:
        old.stop()


def test_health_lists_both_versions(env: Env) -> None:
    with env.http() as http:
        assert http.get("/api/v1/health").json()["protocol_versions"] == [1, 2]


def test_unknown_protocol_version_gets_426(env: Env) -> None:
    journal, token = env.device(env.office())
    journal.donation()
    body = _batch(journal)
    body["protocol_version"] = 99
    status, answer = _post(env, token, body)
    assert (status, answer["code"], answer["details"]["supported"]) == (426, "protocol_version", [1, 2])


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"{not json", 400, "malformed_json"),
        (b"[]", 422, "malformed"),
        (b'{"protocol_version": 1}', 422, "malformed"),
        (b'{"protocol_version": "1"}', 422, "malformed"),
    ],
)
def test_malformed_bodies(env: Env, raw: bytes, status: int, code: str) -> None:
    _journal, token = env.device(env.office())
    got, body = _post(env, token, raw)
    assert (got, body["code"]) == (status, code)
    got, body = _post(env, token, raw, gz=False)
    assert (got, body["code"]) == (status, code)


def test_floats_and_bad_gzip_are_refused(env: Env) -> None:
    journal, token = env.device(env.office())
    journal.donation()
    body = _batch(journal)
    body["events"][0]["payload"]["extra"] = 1.5
    status, answer = _post(env, token, body)
    assert (status, answer["code"]) == (422, "malformed")
    with env.http(token) as http:
        response = http.post("/api/v1/batches", content=b"\x1f\x8bnot gzip",
                             headers={"Content-Encoding": "gzip"})
    assert (response.status_code, response.json()["code"]) == (400, "malformed_json")


def test_business_rule_breaches_are_flagged_not_blocking(env: Env) -> None:
    journal, token = env.device(env.office())
    journal.donation(10_000)
    journal.donation(10_000, total=9_000)  # lines do not sum to the total
    journal.donation(10_000, fund="zakat_bulan")  # unknown fund
    journal.donation(-5_000)  # negative
    journal.void(f"{journal.office_code}/2026/A/999999")  # void of a receipt the server never saw
    journal.append("donation.recorded", "x", {"id": "x"})  # payload that does not match the schema
    journal.append("future.thing", "f1", {"id": "f1"})  # a type from a newer app
    first = journal.donation(20_000)
    journal.void(first["payload"]["receipt_number"], first["payload"]["id"])
    with env.client(token) as client:
        result = client.sync(journal)
    assert result.acked_seq == journal.high_seq() == 9
    codes = {(f["seq"], f["code"]) for f in result.flagged}
    assert {(2, "total_mismatch"), (3, "unknown_fund"), (4, "negative_total"), (5, "void_unknown_receipt"),
            (6, "payload_invalid"), (7, "unknown_event_type")} <= codes
    assert not any(seq in (1, 8, 9) for seq, _ in codes)
    status = admin.status(env.engine)
    device = next(d for o in status["offices"] for d in o["devices"] if d["device_id"] == journal.device_id())
    assert device["events"] == 9 and device["needs_review"] >= 6
    # Voided on the server too; the flag survives a re-send unchanged.
    status_code, ack = _post(env, token, _batch(journal))
    assert status_code == 200 and {(f["seq"], f["code"]) for f in ack["flagged"]} == codes
