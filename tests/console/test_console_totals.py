"""The console's projections: day totals kept at ingest equal a naive sum over the donations (voids
taken out once, in the office's local day), the migration's rebuild gives the same table, and the
aid index rows feed the overlap report."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import openpyxl
from sqlalchemy import text

from sync.server.totals import rebuild
from tests.console.conftest import Console
from tests.sync import hostile
from tests.sync.conftest import Env

MakeConsole = Callable[..., Console]
WIB = timezone(timedelta(hours=7))


def naive(env: Env, office: str) -> dict[tuple[str, str, str], tuple[int, int]]:
    """The baseline the projection replaces: every live donation line, summed by WIB day."""
    sums: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    with env.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT d.recorded_at, l.fund_code, l.program_code, l.amount FROM donations d "
            "JOIN donation_lines l ON l.donation_id = d.id WHERE d.status = 'recorded' AND d.office_id = :o"),
            {"o": office}).all()
    for recorded_at, fund, program, amount in rows:
        day = datetime.fromisoformat(recorded_at).astimezone(WIB).date().isoformat()
        acc = sums[(day, fund, program or "")]
        acc[0] += int(amount)
        acc[1] += 1
    return {k: (v[0], v[1]) for k, v in sums.items()}


def stored(env: Env, office: str) -> dict[tuple[str, str, str], tuple[int, int]]:
    with env.engine.connect() as conn:
        rows = conn.execute(text("SELECT day, fund_code, program_code, amount, lines FROM day_totals "
                                 "WHERE office_id = :o AND (amount <> 0 OR lines <> 0)"), {"o": office}).all()
    return {(d, f, p): (int(a), int(n)) for d, f, p, a, n in rows}


def test_day_totals_follow_donations_and_voids(env: Env) -> None:
    code = env.office()
    journal, token = env.device(code)
    client = env.client(token)
    journal.clock = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)  # 03:30 WIB on the 2nd
    journal.donation(100_000)
    journal.donation(50_000, fund="infak_tidak_terikat")
    journal.clock = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    journal.donation(25_000)
    voided = journal.donation(40_000)
    journal.void(voided["payload"]["receipt_number"])
    journal.void(f"{code}/2026/A/000009")  # a void that arrives before its donation
    client.sync(journal)
    assert stored(env, code) == naive(env, code)
    for _ in range(5):  # donations 5..9; number 9 was voided already
        journal.donation(10_000)
    journal.void(voided["payload"]["receipt_number"])  # voided twice: taken out once
    client.sync(journal)
    got = stored(env, code)
    assert got == naive(env, code)
    assert got[("2026-03-02", "zakat_maal", "")] == (100_000, 1)
    assert got[("2026-03-02", "infak_tidak_terikat", "")] == (50_000, 1)
    assert got[("2026-03-01", "zakat_maal", "")] == (25_000 + 4 * 10_000, 5)
    with env.engine.begin() as conn:  # the migration's backfill computes the same table from scratch
        rebuild(conn)
    assert stored(env, code) == got


def test_overlap_report_lists_a_person_aided_by_two_offices(env: Env, console: MakeConsole,
                                                             users: dict[str, str]) -> None:
    offices = []
    for letter in ("A", "B"):
        code = env.office()
        journal, token = env.device(code, letter)
        person = hostile.beneficiary(journal)["payload"]["id"]
        dist = hostile.proposal(journal, person, asnaf="miskin")["payload"]["id"]
        hostile.approval(journal, dist, at="2026-03-02T08:00:00Z")
        assert env.client(token).sync(journal).acked_seq == 3
        offices.append(code)
    admin = console(users["admin"])
    page = admin.get("/tumpang-tindih?from=2026-03-01&to=2026-03-31&asnaf=miskin")
    assert page.status_code == 200
    for code in offices:
        assert code in page.text
    assert hostile.NIK not in page.text and hostile.KK not in page.text  # hashes only, never the numbers
    narrowed = admin.get("/tumpang-tindih?from=2026-03-01&to=2026-03-31&asnaf=fakir")
    assert not any(code in narrowed.text for code in offices)
    sheet = admin.get("/tumpang-tindih.xlsx?from=2026-03-01&to=2026-03-31&asnaf=miskin")
    assert sheet.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    listed = [r for r in rows[1:] if r[2] in offices]
    assert {r[0] for r in listed} == {"NIK", "KK"} and {r[2] for r in listed} == set(offices)
    assert all(r[9] == 300_000 and r[8] == "miskin" for r in listed)
