"""Issue 5 acceptance: office B is warned about a beneficiary that office A aided, after both synced.

Two real office stores, the real ``amildesk sync`` and the real district server (SQLite, and
PostgreSQL when AMILDESK_TEST_PG_URL is set). Office A aids a person; the server turns the approval
into a district index entry (NIK/KK salted and hashed); office B pulls it and its duplicate-aid check
names office A, the date and the fund/program. Only hashes reach office B, never the numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from desktop.core.roles import Role
from desktop.services.beneficiaries import PersonInput, register_person
from desktop.services.context import parse_iso_utc
from desktop.services.distributions import (
    DistributionInput,
    approve_distribution,
    propose_distribution,
    reject_distribution,
)
from desktop.services.duplicate_aid import SOURCE_DISTRICT, beneficiary_aid_warnings, duplicate_aid_warnings
from desktop.services.users import create_user, login
from sync.protocol.aid import identity_hash
from tests.e2e.offices import PASSWORD, amildesk, clerk, enroll, new_office, office_code
from tests.sync.conftest import Env
from tests.unit.beneficiaries.conftest import give, make_kk, make_nik


def _events_status(env: Env, office: str) -> dict[str, str]:
    """Event type -> status of the office's events on the server (``needs_review`` if any is flagged)."""
    with env.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT e.type, e.status FROM events e JOIN offices o ON o.id = e.office_id WHERE o.code = :c"
        ), {"c": office}).all()
    found: dict[str, str] = {}
    for kind, state in rows:
        if found.get(str(kind)) != "needs_review":
            found[str(kind)] = str(state)
    return found


def test_office_b_is_warned_about_a_beneficiary_office_a_aided(env: Env, tmp_path: Path) -> None:
    code_a, code_b = env.office(office_code()), env.office(office_code())
    office_a, office_b = new_office(tmp_path / "a", code_a), new_office(tmp_path / "b", code_b)
    enroll(env, office_a, code_a)
    enroll(env, office_b, code_b)
    nik, kk = make_nik(501), make_kk(501)
    sister_nik, stranger_nik = make_nik(502, female=True), make_nik(503)

    with clerk(office_a) as ctx:  # office A: register, propose, approve (kepala kantor), one rejected
        give(ctx, "sedekah", 5_000_000)
        create_user(ctx, username="kepala", full_name="Hj. Aminah", role=Role.KEPALA.value, password=PASSWORD)
        person = register_person(ctx, PersonInput(name="Slamet Riyadi", nik=nik, kk=kk, asnaf="miskin"))
        other = register_person(ctx, PersonInput(name="Budi", nik=stranger_nik, asnaf="miskin"))
        aided = propose_distribution(ctx, DistributionInput(person.id, "sedekah", "indonesia_peduli", amount=300_000))
        refused = propose_distribution(ctx, DistributionInput(other.id, "sedekah", "umum", amount=100_000))
        login(ctx, "kepala", PASSWORD)
        approved = approve_distribution(ctx, aided.distribution.id)
        reject_distribution(ctx, refused.distribution.id, "tidak memenuhi syarat")
        assert approved.decided_at is not None
        aid_date = ctx.local(parse_iso_utc(approved.decided_at)).date().isoformat()
    assert "Sinkron selesai" in amildesk(office_a, "sync").stdout

    statuses = _events_status(env, code_a)
    aid_types = ("beneficiary.saved", "distribution.proposed", "distribution.approved", "distribution.rejected")
    assert {t: statuses.get(t) for t in aid_types} == dict.fromkeys(aid_types, "ok")  # not unknown_event_type
    with env.engine.connect() as conn:
        states = dict(conn.execute(text("SELECT number, status FROM distributions WHERE office_id IN "
                                        "(SELECT id FROM offices WHERE code = :c)"), {"c": code_a}).all())
        index = [json.loads(r[0]) for r in conn.execute(text(
            "SELECT data FROM ref_items WHERE kind = 'beneficiary' AND office_id = ''")).all()]
        salt = json.loads(conn.execute(text(
            "SELECT data FROM ref_items WHERE kind = 'setting' AND item_id = 'district_aid_salt' AND office_id = ''"
        )).scalar_one())["value"]
    assert sorted(states.values()) == ["disetujui", "ditolak"]
    mine = [e for e in index if e["office_code"] == code_a]
    assert mine == [{"nik_hash": identity_hash(salt, nik), "kk_hash": identity_hash(salt, kk), "office_code": code_a,
                     "aid_date": aid_date, "fund_code": "sedekah", "program_code": "indonesia_peduli",
                     "value": 300_000}]  # only the approved aid, and no plain number anywhere
    assert len(salt) == 64 and nik not in json.dumps(index) and kk not in json.dumps(index)

    with clerk(office_b) as ctx:  # office B registers the same NIK (a sister on the same KK, a stranger)
        give(ctx, "sedekah", 5_000_000)
        same = register_person(ctx, PersonInput(name="Slamet R.", nik=nik, asnaf="miskin"))
        sister = register_person(ctx, PersonInput(name="Sri", nik=sister_nik, kk=kk, asnaf="miskin"))
        stranger = register_person(ctx, PersonInput(name="Budi", nik=stranger_nik, asnaf="miskin"))
        assert beneficiary_aid_warnings(ctx, same.id) == []  # not synced yet: the index is empty here
    assert "Sinkron selesai" in amildesk(office_b, "sync").stdout

    with clerk(office_b) as ctx:
        proposal = propose_distribution(ctx, DistributionInput(same.id, "sedekah", "umum", amount=150_000))
        assert [(w.source, w.matched_on, w.office_code) for w in proposal.warnings] == [
            (SOURCE_DISTRICT, "NIK", code_a)]
        warning = duplicate_aid_warnings(ctx, proposal.distribution.id)[0]  # what the approver sees
        assert (warning.office_code, warning.aid_date, warning.fund, warning.program, warning.value) == (
            code_a, aid_date, "Sedekah", "Indonesia Peduli", 300_000)
        assert f"dari kantor {code_a}" in warning.message and aid_date in warning.message
        assert "Sedekah / Indonesia Peduli" in warning.message
        family = beneficiary_aid_warnings(ctx, sister.id)
        assert [(w.matched_on, w.office_code) for w in family] == [("KK", code_a)]
        # Negative: office A only proposed (then rejected) aid to this NIK; nobody aided it.
        assert beneficiary_aid_warnings(ctx, stranger.id) == []


def test_aid_index_is_not_sent_for_a_proposal_without_approval(env: Env, tmp_path: Path) -> None:
    """A proposal still pending when the office syncs is not aid yet: no index entry, no warning."""
    code_a = env.office(office_code())
    office_a = new_office(tmp_path / "a", code_a)
    enroll(env, office_a, code_a)
    with clerk(office_a) as ctx:
        give(ctx, "sedekah", 1_000_000)
        person = register_person(ctx, PersonInput(name="Slamet", nik=make_nik(601), asnaf="miskin"))
        propose_distribution(ctx, DistributionInput(person.id, "sedekah", "umum", amount=100_000))
    assert "Sinkron selesai" in amildesk(office_a, "sync").stdout
    with env.engine.connect() as conn:
        entries = conn.execute(text("SELECT data FROM ref_items WHERE kind = 'beneficiary'")).all()
        pending = conn.execute(text("SELECT status FROM distributions WHERE office_id IN "
                                    "(SELECT id FROM offices WHERE code = :c)"), {"c": code_a}).scalars().all()
    assert pending == ["diajukan"]
    assert all(json.loads(r[0])["office_code"] != code_a for r in entries)
