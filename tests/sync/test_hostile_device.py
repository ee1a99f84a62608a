"""Issue 9: a device with a valid token (or a valid enrollment code) cannot damage the district.

Each test names the item of the issue it covers; all run against the real server process, on
SQLite and on PostgreSQL. A hostile event is stored (it is a chained fact) and flagged; it never
changes another office's rows, the district's keys or offices, and never blocks the device's queue.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from sync.client import errors
from sync.client.client import enroll
from sync.protocol.aid import SALT_SETTING
from sync.protocol.ids import uuid7
from sync.protocol.wire import build_batch
from sync.server import admin
from tests.sync import hostile
from tests.sync.conftest import FAST_RETRY, ROOT, Env
from tests.sync.journal import TestJournal


def _sync(env: Env, journal: TestJournal, token: str) -> Any:
    with env.client(token) as client:
        return client.sync(journal)


def _codes(result: Any) -> set[tuple[int, str]]:
    return {(int(f["seq"]), str(f["code"])) for f in result.flagged}


def _post_raw(env: Env, path: str, body: bytes, headers: dict[str, str], token: str | None = None) -> httpx.Response:
    with env.http(token) as http:
        return http.post(path, content=body, headers=headers)


# -- 1. enrollment never renames an office ------------------------------------------------------


def test_enrollment_cannot_rename_an_office(env: Env) -> None:
    office = env.office()
    before = hostile.office_snapshot(env.engine, office)
    code = admin.issue_enroll_code(env.engine, office)
    for office_id in ("JUNK-OFFICE", "0190a3f0-0000-7000-8000-000000000000"):
        with pytest.raises(errors.SyncFailure) as caught:
            enroll(env.server.base_url, code, device_id=uuid7(), office_id=office_id, policy=FAST_RETRY)
        assert caught.value.code == "enroll_conflict" and office in caught.value.message
    assert hostile.office_snapshot(env.engine, office) == before
    # The code stayed unspent: the office's real device enrolls with it, under the office's code.
    journal = TestJournal(env.tmp / "real.sqlite3", office_code=office, office_id=office)
    answer = enroll(env.server.base_url, code, device_id=journal.device_id(), office_id=office, policy=FAST_RETRY)
    assert (answer["office_id"], answer["office_code"]) == (office, office)
    journal.donation()
    assert _sync(env, journal, answer["token"]).acked_seq == 1


# -- 2. another office's donor ------------------------------------------------------------------


def test_a_donor_of_another_office_is_flagged_not_overwritten(env: Env) -> None:
    office_a, office_b = env.office(), env.office()
    b, token_b = env.device(office_b)
    donor_b = hostile.donor(b, name="Donatur B")
    _sync(env, b, token_b)
    before = hostile.office_snapshot(env.engine, b.office_id)
    a, token_a = env.device(office_a)
    hostile.donor(a, donor_b["entity_id"], name="Dibajak A", version=9)
    a.donation()
    result = _sync(env, a, token_a)
    assert result.acked_seq == 2 and (1, "office_mismatch") in _codes(result)
    assert hostile.office_snapshot(env.engine, b.office_id) == before


# -- 3. another office's (or device's) receipt number -------------------------------------------


def test_a_receipt_number_must_be_the_sending_devices(env: Env) -> None:
    office_a, office_b = env.office(), env.office()
    b, token_b = env.device(office_b)
    mine = b.donation(50_000)
    _sync(env, b, token_b)
    a, token_a = env.device(office_a)
    a2, token_a2 = env.device(office_a, letter="B")
    hostile.office_created(a2, code=office_a, office_id=a2.office_id, letter="B")
    _sync(env, a2, token_a2)
    hostile.donation_with(a, receipt_number=mine["payload"]["receipt_number"])  # office B's number
    hostile.donation_with(a, receipt_number=f"{office_a}/2026/B/000001")  # the other device's letter
    hostile.donation_with(a, receipt_number="garbage")
    a.donation()
    result = _sync(env, a, token_a)
    assert result.acked_seq == 4
    assert {(1, "receipt_other_office"), (2, "receipt_other_device"), (3, "receipt_other_office")} <= _codes(result)
    assert not any(seq == 4 for seq, _ in _codes(result))
    with env.engine.connect() as conn:
        numbers = conn.execute(text("SELECT receipt_number FROM donations WHERE office_id = :o"),
                               {"o": a.office_id}).scalars().all()
    assert len(numbers) == 1 and numbers[0].startswith(f"{office_a}/2026/A/")
    # Office B voids its own receipt: resolved against its own donation, nothing flagged.
    b.void(mine["payload"]["receipt_number"], mine["payload"]["id"])
    voided = _sync(env, b, token_b)
    assert voided.flagged == []
    with env.engine.connect() as conn:
        status = conn.execute(text("SELECT status FROM donations WHERE id = :d"), {"d": mine["payload"]["id"]})
        assert status.scalar_one() == "void"


def test_a_void_of_another_offices_receipt_changes_nothing(env: Env) -> None:
    office_a, office_b = env.office(), env.office()
    b, token_b = env.device(office_b)
    theirs = b.donation()
    _sync(env, b, token_b)
    before = hostile.office_snapshot(env.engine, b.office_id)
    a, token_a = env.device(office_a)
    a.void(theirs["payload"]["receipt_number"], theirs["payload"]["id"])
    result = _sync(env, a, token_a)
    assert (1, "void_other_office") in _codes(result)
    assert hostile.office_snapshot(env.engine, b.office_id) == before


# -- 4. bad values are flags (or a 4xx naming the event), never a 500, never a stuck queue -------


def test_out_of_range_numbers_and_bad_dates_are_flagged_and_the_queue_moves_on(env: Env) -> None:
    a, token = env.device(env.office())
    big_line = {"line_no": 1, "fund_code": "infak_tidak_terikat", "program_code": None, "amount": 2**62,
                "quantity": None, "unit": None}
    hostile.donation_with(a, total=2**63, lines=[dict(big_line, amount=2**63)])  # 1
    hostile.donation_with(a, total=2**63, lines=[big_line, dict(big_line, line_no=2)])  # 2
    hostile.donation_with(a, total=10**14, lines=[dict(big_line, amount=10**14)])  # 3: in JSON range, not money
    person = hostile.beneficiary(a)  # 4
    first = hostile.proposal(a, person["entity_id"])  # 5
    hostile.approval(a, first["entity_id"], at="not-a-date")  # 6
    second = hostile.proposal(a, person["entity_id"])  # 7
    hostile.approval(a, second["entity_id"], at="9999-12-31T23:59:59Z")  # 8
    hostile.donor(a, version=2**70)  # 9
    a.donation()  # 10
    result = _sync(env, a, token)
    assert result.acked_seq == 10
    codes = _codes(result)
    assert {(1, "number_out_of_range"), (2, "number_out_of_range"), (3, "amount_out_of_range"),
            (6, "bad_timestamp"), (8, "bad_timestamp"), (9, "number_out_of_range")} <= codes
    assert not any(seq == 10 for seq, _ in codes)
    assert not any(e["office_code"] == a.office_code for e in hostile.index_entries(env.engine).values())
    with env.engine.connect() as conn:
        totals = conn.execute(text("SELECT total FROM donations WHERE office_id = :o"), {"o": a.office_id})
        assert sorted(totals.scalars()) == [100_000]  # only the clean donation reached the money tables
        states = dict(conn.execute(text("SELECT id, status FROM distributions WHERE office_id = :o"),
                                   {"o": a.office_id}).all())
    assert states == {first["entity_id"]: "disetujui", second["entity_id"]: "disetujui"}  # facts, flagged


def test_a_payload_nested_a_thousand_deep_is_a_4xx_naming_the_event(env: Env) -> None:
    """No device can even hash such a payload (canonical JSON has no form for it): a 422 with its seq."""
    a, token = env.device(env.office())
    a.donation()
    batch = build_batch(a.events_after(0, 10), device_id=a.device_id(), app_version="t", chained=True)
    deep = dict(batch["events"][0], seq=2, event_id=uuid7(), type="future.thing", entity_id="deep",
                payload={"id": "deep", "n": "@"})
    batch.update(last_seq=2, events=[*batch["events"], deep])
    body = json.dumps(batch).replace('"@"', '{"x":' * 1000 + "{}" + "}" * 1000).encode()
    response = _post_raw(env, "/api/v1/batches", gzip.compress(body), {"Content-Encoding": "gzip"}, token)
    assert response.status_code == 422, response.text
    assert response.json()["details"]["seq"] == 2 and "nested deeper" in response.json()["message"]
    with env.client(token) as client:  # the device's own queue is unaffected
        assert client.sync(a).acked_seq == 1


# -- 5. unauthenticated and authenticated bodies cannot make the server parse gigabytes ----------


def test_enrollment_bodies_are_small_and_uncompressed(env: Env) -> None:
    bomb = gzip.compress(b"[" + b"{}," * (32 * 1024 * 1024 // 3) + b"{}]")
    started = time.monotonic()
    response = _post_raw(env, "/api/v1/devices/enroll", bomb,
                         {"Content-Encoding": "gzip", "Content-Type": "application/json"})
    assert response.status_code in (400, 413) and time.monotonic() - started < 5
    big = json.dumps({"code": "ABCD-EFGH-JKLM", "device_label": "x" * 20_000}).encode()
    assert _post_raw(env, "/api/v1/devices/enroll", big, {"Content-Type": "application/json"}).status_code == 413


def test_batch_bodies_are_capped_before_parsing(env: Env) -> None:
    _journal, token = env.device(env.office())
    bomb = gzip.compress(b"[" + b"{}," * (32 * 1024 * 1024 // 3) + b"{}]")
    response = _post_raw(env, "/api/v1/batches", bomb, {"Content-Encoding": "gzip"}, token)
    assert (response.status_code, response.json()["code"]) == (413, "too_large")
    shaped = gzip.compress(b"[" + b"{}," * 1_000_000 + b"{}]")  # under the byte cap, too many objects
    response = _post_raw(env, "/api/v1/batches", shaped, {"Content-Encoding": "gzip"}, token)
    assert (response.status_code, response.json()["code"]) == (413, "too_large")
    with env.http() as http:
        assert http.get("/api/v1/health").status_code == 200


# -- 7. re-enrollment of an existing device needs the admin's explicit say ----------------------


def test_an_ordinary_code_cannot_take_over_or_unrevoke_a_device(env: Env) -> None:
    office = env.office()
    journal, token = env.device(office)
    journal.donation()
    _sync(env, journal, token)
    admin.revoke(env.engine, journal.device_id())
    code = admin.issue_enroll_code(env.engine, office)
    with pytest.raises(errors.SyncFailure) as caught:
        enroll(env.server.base_url, code, device_id=journal.device_id(), office_id=journal.office_id,
               policy=FAST_RETRY)
    assert caught.value.code == "enroll_conflict"
    with env.http(token) as http:  # still revoked, and the ordinary code is still unspent
        assert http.get("/api/v1/devices/me").json()["code"] == "token_revoked"
    assert enroll(env.server.base_url, code, policy=FAST_RETRY)["device_id"] != journal.device_id()
    other_office = env.office()
    with pytest.raises(LookupError):
        admin.issue_enroll_code(env.engine, other_office, uuid7())
    with pytest.raises(ValueError, match="another office"):
        admin.issue_enroll_code(env.engine, other_office, journal.device_id())
    again = admin.issue_enroll_code(env.engine, office, journal.device_id())
    with pytest.raises(errors.SyncFailure):  # bound to that device: useless for any other
        enroll(env.server.base_url, again, device_id=uuid7(), policy=FAST_RETRY)
    answer = enroll(env.server.base_url, again, device_id=journal.device_id(), office_id=journal.office_id,
                    policy=FAST_RETRY)
    assert answer["acked_seq"] == 1
    journal.donation()
    assert _sync(env, journal, answer["token"]).acked_seq == 2


# -- 8. zakat outside the eight asnaf --------------------------------------------------------------


def test_zakat_to_a_non_asnaf_is_flagged_and_kept_out_of_the_index(env: Env) -> None:
    a, token = env.device(env.office())
    person = hostile.beneficiary(a)
    wrong = hostile.proposal(a, person["entity_id"], asnaf="pejabat")
    hostile.approval(a, wrong["entity_id"])
    infak = hostile.proposal(a, person["entity_id"], fund="infak_tidak_terikat", asnaf=None)
    hostile.approval(a, infak["entity_id"])
    result = _sync(env, a, token)
    assert {(2, "asnaf_invalid"), (3, "asnaf_invalid")} <= _codes(result)
    assert not any(seq in (4, 5) for seq, _ in _codes(result))
    ids = set(hostile.index_entries(env.engine))
    assert f"{infak['entity_id']}.0" in ids and f"{wrong['entity_id']}.0" not in ids


# -- 9. district-owned settings ----------------------------------------------------------------


def test_an_office_cannot_set_the_district_salt_or_any_district_setting(env: Env) -> None:
    a, token = env.device(env.office())
    hostile.setting(a, SALT_SETTING, "0" * 64)
    hostile.setting(a, "verify_url", "http://phishing.invalid/v")
    hostile.setting(a, "zakat_fitrah_uang", 1)  # a rate key: the district's rates are not settings, allowed
    result = _sync(env, a, token)
    assert {(1, "district_key"), (2, "district_key")} <= _codes(result)
    with env.http(token) as http:
        items = http.get("/api/v1/changes", params={"cursor": 0, "limit": 5000}).json()["items"]
    salts = [i for i in items if i["kind"] == "setting" and i["id"] == SALT_SETTING]
    assert len(salts) == 1 and salts[0]["data"]["value"] != "0" * 64
    assert not any(i["kind"] == "setting" and i["id"] == "verify_url" for i in items)


# -- 10. ids and labels that would rewrite the admin's terminal ---------------------------------


def test_control_characters_never_reach_the_admins_terminal(env: Env) -> None:
    office = env.office()
    code = admin.issue_enroll_code(env.engine, office)
    for request in ({"device_id": "\x1b[2J\x1b[31mrogue"}, {"device_label": "ok\x1b]0;pwned\x07"}):
        response = _post_raw(env, "/api/v1/devices/enroll", json.dumps({"code": code, **request}).encode(),
                             {"Content-Type": "application/json"})
        assert (response.status_code, response.json()["code"]) == (422, "malformed")
    journal, token = env.device(office)
    hostile.office_created(journal, code=office, office_id=office, name="Kantor\x1b[2J\x1b[31mX")
    _sync(env, journal, token)
    out = subprocess.run([sys.executable, "-m", "sync.server.cli", "status", "--database-url",
                          env.server.database_url], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "\x1b" not in out and "\\x1b[2J" in out


# -- 14. API documentation is an option ---------------------------------------------------------


def test_api_docs_are_off_unless_asked_for(env: Env, tmp_path: Any) -> None:
    from tests.sync.serverproc import ServerProcess

    plain = ServerProcess(env.server.database_url, tmp_path / "plain.log")
    plain.start()
    try:
        for path in ("/api/v1/openapi.json", "/api/v1/docs"):
            assert httpx.get(plain.base_url + path, timeout=10).status_code == 404
        assert httpx.get(plain.base_url + "/api/v1/health", timeout=10).status_code == 200
    finally:
        plain.stop()
    with env.http() as http:  # the test server runs with --api-docs
        assert http.get("/api/v1/openapi.json").status_code == 200


@pytest.mark.parametrize(("own", "taken", "number", "code"), [
    ("A", set(), "K1/2026/A/000001", None),
    ("A", set(), "K1/2026/A/0000001", None),
    ("A", set(), "K1/2026/B/000001", "receipt_other_device"),
    ("A", set(), "K1/2026/A/000001\n", "receipt_number_format"),
    ("A", set(), "K1/2026/A/00001", "receipt_number_format"),
    ("A", set(), "K1/2026/A/000001/2", "receipt_number_format"),
    ("A", set(), "K1/2026/a/000001", "receipt_number_format"),
    ("A", set(), "K1/٢٠٢٦/A/٠٠٠٠٠١", None),  # str.isdigit digits: the full check still takes them
    ("A", set(), "K2/2026/A/000001", "receipt_other_office"),
    ("AB", set(), "K1/2026/A/000001", "receipt_other_device"),  # a stored letter that is not one of A-Z
    (None, {"B"}, "K1/2026/C/000001", None),
    (None, {"B"}, "K1/2026/B/000001", "receipt_other_device"),
    (None, set("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), "K1/2026/C/000001", "receipt_other_device"),
])
def test_receipt_scope_fast_match_keeps_every_rule(own: str | None, taken: set[str], number: str,
                                                   code: str | None) -> None:
    """The one-regex match for the common receipt number accepts only what the full rules accept."""
    from sync.server.projection import ReceiptScope

    breach = ReceiptScope("K1", own, taken).breach(number)
    assert (breach.code if breach is not None else None) == code
