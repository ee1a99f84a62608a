"""Issue 11 on the district server: closings and deposits are projected, confirmed, and untrusted.

Against the real server process on SQLite and PostgreSQL, like tests/sync/test_hostile_device.py: a
well-formed event of this office is projected (flagged when it breaks a money rule); one that names
another office's office, closing or deposit is flagged and changes nothing of that office; no bad
value ever blocks the device's queue.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from sqlalchemy import text

from sync.protocol.ids import uuid7
from sync.server.cash import confirm_deposit
from tests.sync import hostile
from tests.sync.conftest import ROOT, Env
from tests.sync.journal import TestJournal


def _sync(env: Env, journal: TestJournal, token: str) -> Any:
    with env.client(token) as client:
        return client.sync(journal)


def _codes(result: Any) -> set[tuple[int, str]]:
    return {(int(f["seq"]), str(f["code"])) for f in result.flagged}


def _rows(env: Env, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with env.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def test_closing_reopening_and_deposit_are_projected_and_the_confirmation_comes_back(env: Env) -> None:
    office = env.office()
    device, token = env.device(office)
    first = hostile.closing(device, day="2026-03-01")
    hostile.closing(device, day="2026-03-02", methods=[
        {"method": "tunai", "expected": 100_000, "counted": 100_000, "difference": 0}], denominations=None)
    hostile.reopening(device, first["entity_id"])
    dep = hostile.deposit(device)
    result = _sync(env, device, token)
    assert result.acked_seq == 4 and result.flagged == []

    closings = _rows(env, "SELECT day, status, expected, counted, difference, reopen_reason, needs_review "
                          "FROM day_closings WHERE office_id = :o ORDER BY day", o=office)
    assert closings == [("2026-03-01", "reopened", 700_000, 695_000, -5_000, "salah hitung", False),
                        ("2026-03-02", "closed", 100_000, 100_000, 0, None, False)]
    assert _rows(env, "SELECT total, bank, reference, confirmed_at FROM deposits WHERE office_id = :o", o=office) == [
        (450_000, "BSI", "SETOR-001", None)]
    assert sorted(_rows(env, "SELECT fund_code, amount FROM deposit_lines WHERE deposit_id = :d",
                        d=dep["entity_id"])) == [("infak_tidak_terikat", 50_000), ("zakat_maal", 400_000)]
    totals = _rows(env, "SELECT closings, last_closed_day, difference_total, deposited_total, confirmed_total, "
                        "pending_deposits FROM office_cash_totals WHERE office_id = :o", o=office)
    assert totals == [(1, "2026-03-02", 0, 450_000, 0, 1)]

    confirmed = confirm_deposit(env.engine, dep["entity_id"], by="Bendahara BAZNAS Paser", note="masuk rekening")
    again = confirm_deposit(env.engine, dep["entity_id"], by="Orang lain")  # idempotent: the first one stands
    assert again == confirmed
    assert _rows(env, "SELECT confirmed, deposited FROM office_fund_deposits WHERE office_id = :o "
                      "ORDER BY fund_code", o=office) == [(50_000, 50_000), (400_000, 400_000)]
    assert _rows(env, "SELECT confirmed_total, pending_deposits FROM office_cash_totals WHERE office_id = :o",
                 o=office) == [(450_000, 0)]
    result = _sync(env, device, token)  # the confirmation travels back as reference data
    item = device.ref("deposit_confirmation")[dep["entity_id"]]
    assert item["confirmed_by"] == "Bendahara BAZNAS Paser" and item["deposit_id"] == dep["entity_id"]

    other_office = env.office()
    other, other_token = env.device(other_office)
    _sync(env, other, other_token)
    assert dep["entity_id"] not in other.ref("deposit_confirmation")  # office-scoped
    with pytest.raises(LookupError):
        confirm_deposit(env.engine, dep["entity_id"], by="X", office_id=other_office)


def test_another_offices_closing_and_deposit_are_flagged_and_left_alone(env: Env) -> None:
    office_a, office_b = env.office(), env.office()
    b, token_b = env.device(office_b)
    closing_b = hostile.closing(b)
    deposit_b = hostile.deposit(b)
    _sync(env, b, token_b)
    before = hostile.office_snapshot(env.engine, office_b)

    a, token_a = env.device(office_a)
    hostile.closing(a, office_id=office_b)  # names office B
    hostile.closing(a, closing_id=closing_b["entity_id"])  # B's closing id
    hostile.reopening(a, closing_b["entity_id"])  # reopens B's day
    hostile.deposit(a, office_id=office_b)
    hostile.deposit(a, deposit_id=deposit_b["entity_id"], lines=[{"fund_code": "zakat_maal", "amount": 1}])
    hostile.reopening(a, uuid7())  # a closing nobody has
    a.donation()
    result = _sync(env, a, token_a)
    assert result.acked_seq == 7
    assert _codes(result) == {(1, "office_mismatch"), (2, "closing_other_office"), (3, "closing_other_office"),
                              (4, "office_mismatch"), (5, "deposit_other_office"), (6, "closing_unknown")}
    assert hostile.office_snapshot(env.engine, office_b) == before
    assert _rows(env, "SELECT count(*) FROM day_closings WHERE office_id = :o", o=office_a) == [(0,)]
    assert _rows(env, "SELECT count(*) FROM deposits WHERE office_id = :o", o=office_a) == [(0,)]
    with pytest.raises(LookupError):  # the console's office-scoped confirmation
        confirm_deposit(env.engine, deposit_b["entity_id"], by="Admin", office_id=office_a)


@pytest.mark.parametrize(("build", "codes"), [
    (lambda j: hostile.closing(j, methods=[{"method": "tunai", "expected": 10, "counted": -5, "difference": -15}]),
     {"negative_amount"}),
    (lambda j: hostile.closing(j, methods=[{"method": "tunai", "expected": 10, "counted": 5, "difference": 99}]),
     {"difference_mismatch"}),
    (lambda j: hostile.closing(j, methods=[{"method": "cek", "expected": 0, "counted": 0, "difference": 0}]),
     {"payment_method"}),
    (lambda j: hostile.closing(j, day="2999-01-01"), {"bad_date"}),
    (lambda j: hostile.closing(j, day="2026-13-45"), {"bad_date"}),
    (lambda j: hostile.closing(j, totals_by_fund=[{"fund_code": "emas_batangan", "amount": 1}]), {"unknown_fund"}),
    (lambda j: hostile.closing(j, methods=[{"method": "tunai", "expected": "banyak", "counted": 0,
                                            "difference": 0}]), {"payload_invalid"}),
    (lambda j: hostile.closing(j, date="kemarin"), {"payload_invalid"}),
    (lambda j: hostile.deposit(j, lines=[{"fund_code": "zakat_maal", "amount": -400}]), {"negative_amount"}),
    (lambda j: hostile.deposit(j, total=1), {"total_mismatch"}),
    (lambda j: hostile.deposit(j, lines=[{"fund_code": "zakat_maal", "amount": 5},
                                         {"fund_code": "zakat_maal", "amount": 5}]), {"duplicate_fund"}),
    (lambda j: hostile.deposit(j, lines=[{"fund_code": "emas_batangan", "amount": 5}]), {"unknown_fund"}),
    (lambda j: hostile.deposit(j, lines=[{"fund_code": "zakat_maal", "amount": "5000"}]), {"payload_invalid"}),
    (lambda j: hostile.deposit(j, lines=[{"fund_code": "zakat_maal", "amount": 2**60}]), {"number_out_of_range"}),
    (lambda j: hostile.deposit(j, lines=[]), {"payload_invalid"}),
])
def test_bad_values_become_flags_and_never_block_the_queue(env: Env, build: Any, codes: set[str]) -> None:
    office = env.office()
    device, token = env.device(office)
    build(device)
    device.donation()  # the event after it must still arrive
    result = _sync(env, device, token)
    assert result.acked_seq == 2
    assert {code for seq, code in _codes(result) if seq == 1} == codes
    assert all(seq == 1 for seq, _code in _codes(result))
    statuses = _rows(env, "SELECT seq, status FROM events WHERE device_id = :d ORDER BY seq", d=device.device_id())
    assert statuses == [(1, "needs_review"), (2, "ok")]
    # A flagged closing or deposit of this office is kept for review, never silently merged into the totals
    # with a wrong figure: whatever was projected carries needs_review.
    projected = _rows(env, "SELECT needs_review FROM day_closings WHERE office_id = :o UNION ALL "
                           "SELECT needs_review FROM deposits WHERE office_id = :o", o=office)
    assert all(bool(flag) for (flag,) in projected)


def test_the_second_closing_of_a_day_by_the_same_device_is_flagged(env: Env) -> None:
    office = env.office()
    device, token = env.device(office)
    hostile.closing(device)
    hostile.closing(device)
    result = _sync(env, device, token)
    assert _codes(result) == {(2, "day_already_closed")}


def test_confirm_deposit_command(env: Env) -> None:
    office = env.office()
    device, token = env.device(office)
    dep = hostile.deposit(device)
    _sync(env, device, token)
    url = env.server.database_url

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "sync.server.cli", *args], capture_output=True, text=True,
                              timeout=120, cwd=ROOT)

    missing = run("confirm-deposit", uuid7(), "--by", "Bendahara", "--database-url", url)
    assert missing.returncode == 1 and "no deposit" in missing.stderr
    done = run("--database-url", url, "confirm-deposit", dep["entity_id"], "--by", "Bendahara Kabupaten")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["deposit_id"] == dep["entity_id"] and data["confirmed_by"] == "Bendahara Kabupaten"
    assert _rows(env, "SELECT confirmed_by FROM deposits WHERE id = :d", d=dep["entity_id"]) == [
        ("Bendahara Kabupaten",)]
