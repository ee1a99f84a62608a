"""Issue 14: collective events from a device are untrusted like every other event.

A collective never adds money (its payers' donations hold it); it may only link this office's own
donations and donors; a lie about its totals, another office's donation or institution, a number from
another office's series, or a bad value is flagged (never a 500, never a stuck queue). SQLite and
PostgreSQL, against the real server process.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from sync.protocol.ids import uuid7
from tests.sync import hostile
from tests.sync.conftest import Env
from tests.sync.journal import TestJournal


def _sync(env: Env, journal: TestJournal, token: str) -> Any:
    with env.client(token) as client:
        return client.sync(journal)


def _codes(result: Any) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for flag in result.flagged:
        found.setdefault(int(flag["seq"]), set()).add(str(flag["code"]))
    return found


def _collective(journal: TestJournal, institution_id: str, donations: list[dict[str, Any]], **overrides: Any
                ) -> dict[str, Any]:
    totals: dict[str, int] = {}
    for event in donations:
        for line in event["payload"]["lines"]:
            totals[line["fund_code"]] = totals.get(line["fund_code"], 0) + line["amount"]
    cid = uuid7()
    payload = {
        "id": cid, "number": f"{journal.office_code}/2026/A/KOL-000001", "institution_id": institution_id,
        "institution_name": "SDN 1", "period": "2026-11", "payment_method": "transfer", "payment_reference": "TRF-9",
        "total": sum(e["payload"]["total"] for e in donations), "payer_count": len(donations),
        "totals_by_fund": [{"fund_code": k, "amount": v} for k, v in sorted(totals.items())],
        "donation_ids": [e["payload"]["id"] for e in donations], "recorded_at": "2026-11-05T02:00:00Z",
    }
    payload.update(overrides)
    return journal.append("collective.recorded", cid, payload)


def _money(env: Env, office: str) -> int:
    with env.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT coalesce(sum(l.amount), 0) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
            "WHERE d.office_id = :o"), {"o": office}).scalar_one())


def test_collective_counts_its_donations_once_and_links_them(env: Env) -> None:
    office = env.office()
    journal, token = env.device(office)
    institution = hostile.donor(journal, name="SDN 1 Tanah Grogot")["payload"]["id"]
    payers = [hostile.donor(journal, name=f"Guru {i}")["payload"]["id"] for i in range(3)]
    journal.append("institution.payers_added", institution,
                   {"institution_id": institution, "donor_ids": payers, "added_at": "2026-11-05T02:00:00Z"})
    gifts = [journal.donation(50_000 * (i + 1), fund="zakat_penghasilan" if i else "infak_tidak_terikat")
             for i in range(3)]
    honest = _collective(journal, institution, gifts)
    result = _sync(env, journal, token)
    assert _codes(result) == {}
    assert _money(env, office) == 300_000  # the payers' lines, once; the collective adds nothing
    with env.engine.connect() as conn:
        row = conn.execute(text("SELECT total, payer_count, needs_review FROM collectives WHERE id = :i"),
                           {"i": honest["payload"]["id"]}).one()
        linked = conn.execute(text("SELECT count(*) FROM collective_donations WHERE collective_id = :i"),
                              {"i": honest["payload"]["id"]}).scalar_one()
        listed = conn.execute(text("SELECT count(*) FROM institution_payers WHERE institution_id = :i"),
                              {"i": institution}).scalar_one()
    assert (row[0], row[1], bool(row[2]), linked, listed) == (300_000, 3, False, 3, 3)


def test_hostile_collectives_are_flagged_and_never_touch_other_offices(env: Env) -> None:
    victim = env.office()
    victim_journal, victim_token = env.device(victim)
    victim_institution = hostile.donor(victim_journal, name="Masjid Korban")["payload"]["id"]
    victim_donor = hostile.donor(victim_journal, name="Korban")["payload"]["id"]
    victim_gift = victim_journal.donation(75_000)
    assert _codes(_sync(env, victim_journal, victim_token)) == {}
    before = hostile.office_snapshot(env.engine, victim)
    victim_money = _money(env, victim)

    office = env.office()
    journal, token = env.device(office)
    institution = hostile.donor(journal, name="SMP 2")["payload"]["id"]
    own_payer = hostile.donor(journal, name="Guru A")["payload"]["id"]
    gifts = [journal.donation(10_000), journal.donation(20_000)]
    seqs: dict[str, int] = {}
    seqs["foreign payers"] = journal.append("institution.payers_added", institution, {
        "institution_id": institution, "donor_ids": [own_payer, victim_donor, uuid7()],
        "added_at": "2026-11-05T02:00:00Z"})["seq"]
    seqs["foreign institution"] = journal.append("institution.payers_added", victim_institution, {
        "institution_id": victim_institution, "donor_ids": [own_payer], "added_at": "2026-11-05T02:00:00Z"})["seq"]
    seqs["inflated"] = _collective(journal, institution, gifts, total=9_000_000, payer_count=5)["seq"]
    seqs["steals"] = _collective(journal, institution, [victim_gift])["seq"]
    seqs["other series"] = _collective(journal, institution, gifts[:1], number=f"{victim}/2026/A/KOL-000001")["seq"]
    seqs["their institution"] = _collective(journal, victim_institution, gifts[:1])["seq"]
    seqs["bad values"] = _collective(journal, institution, gifts[1:], period="2026-13", payment_method="emas",
                                     totals_by_fund=[{"fund_code": "zakat_maal", "amount": 1}])["seq"]
    seqs["wrong types"] = journal.append("collective.recorded", uuid7(), {"id": "x", "total": "banyak"})["seq"]
    seqs["twice"] = _collective(journal, institution, gifts[:1])["seq"]
    after = journal.donation(5_000)  # the queue goes on past all of it

    result = _sync(env, journal, token)
    codes = _codes(result)
    assert result.acked_seq == after["seq"]
    assert {"office_mismatch", "donor_unknown"} <= codes[seqs["foreign payers"]]
    assert codes[seqs["foreign institution"]] == {"office_mismatch"}
    assert "collective_mismatch" in codes[seqs["inflated"]]
    assert {"collective_unknown_donation", "collective_mismatch"} <= codes[seqs["steals"]]
    assert codes[seqs["other series"]] == {"collective_other_office"}
    assert codes[seqs["their institution"]] == {"office_mismatch"}
    assert {"collective_period", "payment_method", "collective_mismatch"} <= codes[seqs["bad values"]]
    assert codes[seqs["wrong types"]] == {"payload_invalid"}
    assert "collective_donation_taken" in codes[seqs["twice"]]

    # The victim office is untouched: its rows, its money, its payer lists, its donations' links.
    assert hostile.office_snapshot(env.engine, victim) == before
    assert _money(env, victim) == victim_money
    with env.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM institution_payers WHERE office_id = :o OR donor_id = :d"),
                            {"o": victim, "d": victim_donor}).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM collective_donations WHERE donation_id = :d"),
                            {"d": victim_gift["payload"]["id"]}).scalar_one() == 0
        # Only the office's own payer was listed, and the money is the donations' alone.
        assert conn.execute(text("SELECT donor_id FROM institution_payers WHERE office_id = :o"),
                            {"o": office}).scalars().all() == [own_payer]
        flagged = conn.execute(text("SELECT count(*) FROM collectives WHERE office_id = :o AND needs_review"),
                               {"o": office}).scalar_one()
    assert flagged == 4  # inflated, steals, bad values, twice: stored for review, never as money
    assert _money(env, office) == 35_000
