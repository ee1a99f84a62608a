"""Duplicate-aid warnings from this office's distributions and from the district index."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from desktop.core.aid import identity_hash
from desktop.core.errors import ValidationError
from desktop.services.beneficiaries import Beneficiary, GroupInput, PersonInput, register_group, register_person
from desktop.services.context import AppContext, UserInfo
from desktop.services.distributions import DistributionInput, approve_distribution, propose_distribution
from desktop.services.duplicate_aid import (
    apply_district_index,
    beneficiary_aid_warnings,
    duplicate_aid_warnings,
    set_district_salt,
)
from desktop.store.journal import iter_events
from sync.protocol.events import DISTRIBUTION_APPROVED
from tests.unit.beneficiaries.conftest import give, make_kk, make_nik

SALT = "garam-kabupaten-paser-2026"
NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def family(ctx: AppContext) -> tuple[Beneficiary, Beneficiary]:
    ctx.clock = lambda: NOW
    give(ctx, "sedekah", 10_000_000)
    kk = make_kk(42)
    father = register_person(ctx, PersonInput(name="Slamet Riyadi", nik=make_nik(10), kk=kk, asnaf="miskin"))
    mother = register_person(ctx, PersonInput(name="Sri Wahyuni", nik=make_nik(11, female=True), kk=kk,
                                              asnaf="miskin"))
    return father, mother


def _aid(ctx: AppContext, head: UserInfo, who: Beneficiary, amount: int = 200_000, reason: str | None = None) -> str:
    user = ctx.user
    proposal = propose_distribution(ctx, DistributionInput(who.id, "sedekah", "indonesia_peduli", amount=amount))
    ctx.user = head
    approve_distribution(ctx, proposal.distribution.id, reason=reason)
    ctx.user = user
    return proposal.distribution.id


def test_same_nik_or_kk_aided_here_warns_and_approval_needs_a_reason(
        ctx: AppContext, head: UserInfo, family: tuple[Beneficiary, Beneficiary]) -> None:
    father, mother = family
    _aid(ctx, head, father)
    ctx.clock = lambda: NOW + timedelta(days=20)
    again = propose_distribution(ctx, DistributionInput(father.id, "sedekah", "umum", amount=100_000))
    assert [(w.source, w.matched_on) for w in again.warnings] == [("kantor_ini", "NIK")]
    warning = again.warnings[0]
    assert (warning.office_code, warning.aid_date, warning.fund, warning.program, warning.value) == (
        "UPZ-UJI", "2026-03-10", "Sedekah", "Indonesia Peduli", 200_000)
    assert warning.message.startswith("NIK 3201") and "Rp200.000 pada 2026-03-10 dari kantor ini" in warning.message

    wife = propose_distribution(ctx, DistributionInput(mother.id, "sedekah", "umum", amount=100_000))
    kinds = sorted((w.matched_on, w.recipient) for w in wife.warnings)
    assert kinds == [("KK", "Slamet Riyadi"), ("KK", "Slamet Riyadi")]  # the approved aid and the open proposal

    ctx.user = head
    # Before approval: his earlier aid (NIK) and his wife's open proposal (KK); not the proposal itself.
    before = duplicate_aid_warnings(ctx, again.distribution.id)
    assert [(w.matched_on, w.status) for w in before] == [("KK", "diajukan"), ("NIK", "disetujui")]
    with pytest.raises(ValidationError) as excinfo:
        approve_distribution(ctx, again.distribution.id)
    assert excinfo.value.code == "duplicate_aid_reason_required" and "2 peringatan" in str(excinfo.value)
    approved = approve_distribution(ctx, again.distribution.id, reason="Rumah terbakar, bantuan darurat")
    assert approved.decision_reason == "Rumah terbakar, bantuan darurat"
    assert [w["matched_on"] for w in approved.warnings] == ["KK", "NIK"]
    with ctx.store.read() as conn:
        event = [e for e in iter_events(conn, ctx.office.identity) if e["type"] == DISTRIBUTION_APPROVED][-1]
    payload = json.loads(json.dumps(event["payload"]))
    assert payload["reason"] == "Rumah terbakar, bantuan darurat" and payload["warnings"][1]["value"] == 200_000


def test_aid_older_than_the_period_does_not_warn(ctx: AppContext, head: UserInfo,
                                                  family: tuple[Beneficiary, Beneficiary]) -> None:
    father, _ = family
    _aid(ctx, head, father)
    ctx.clock = lambda: NOW + timedelta(days=91)
    assert beneficiary_aid_warnings(ctx, father.id) == []
    ctx.clock = lambda: NOW + timedelta(days=89)
    assert len(beneficiary_aid_warnings(ctx, father.id)) == 1


def _index_item(item_id: str, *, nik: str | None = None, kk: str | None = None, office: str = "KLL-LAIN",
                day: str = "2026-02-20", version: int = 1, deleted: bool = False) -> dict[str, object]:
    return {"id": item_id, "version": version, "deleted": deleted, "data": {
        "nik_hash": identity_hash(SALT, nik) if nik else None, "kk_hash": identity_hash(SALT, kk) if kk else None,
        "office_code": office, "aid_date": day, "fund_code": "zakat_maal", "program_code": "indonesia_cerdas",
        "value": 750_000}}


def test_district_index_warns_about_aid_from_another_office(ctx: AppContext, head: UserInfo,
                                                            family: tuple[Beneficiary, Beneficiary]) -> None:
    father, mother = family
    with ctx.store.write() as conn:
        set_district_salt(conn, SALT)
        applied = apply_district_index(conn, [
            _index_item("a1", nik=father.nik),
            _index_item("a2", kk=father.kk, office="UPZ-UJI"),  # this office: its own rows answer for it
            _index_item("a3", nik=mother.nik, day="2025-10-01"),  # outside the 90 days
            _index_item("a4", nik=make_nik(99)),  # someone else
        ])
    assert applied == 4
    warnings = beneficiary_aid_warnings(ctx, father.id)
    assert [(w.source, w.office_code, w.matched_on, w.aid_date, w.fund, w.program, w.value) for w in warnings] == [
        ("kabupaten", "KLL-LAIN", "NIK", "2026-02-20", "Zakat Maal", "Indonesia Cerdas", 750_000)]
    assert "dari kantor KLL-LAIN" in warnings[0].message
    assert beneficiary_aid_warnings(ctx, mother.id) == []

    kube = register_group(ctx, GroupInput(name="KUBE Tani", group_type="kube", members=(mother.id, father.id)))
    assert [w.office_code for w in beneficiary_aid_warnings(ctx, kube.id)] == ["KLL-LAIN"]

    with ctx.store.write() as conn:
        apply_district_index(conn, [_index_item("a1", nik=father.nik, day="2026-03-01", version=0)])  # stale
        apply_district_index(conn, [_index_item("a3", nik=mother.nik, day="2026-03-05", version=2)])
    assert beneficiary_aid_warnings(ctx, father.id)[0].aid_date == "2026-02-20"
    assert [w.aid_date for w in beneficiary_aid_warnings(ctx, mother.id)] == ["2026-03-05"]
    with ctx.store.write() as conn:
        apply_district_index(conn, [_index_item("a1", deleted=True)])
    assert beneficiary_aid_warnings(ctx, father.id) == []


def test_no_salt_means_no_district_matches(ctx: AppContext, family: tuple[Beneficiary, Beneficiary]) -> None:
    father, _ = family
    with ctx.store.write() as conn:
        apply_district_index(conn, [_index_item("a1", nik=father.nik)])
    assert beneficiary_aid_warnings(ctx, father.id) == []


def test_index_and_salt_arrive_through_the_sync_pull(ctx: AppContext, family: tuple[Beneficiary, Beneficiary],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The district sends the salt as setting ``district_aid_salt`` and index items of kind ``beneficiary``."""
    from desktop.services import sync_apply
    from desktop.services.duplicate_aid import apply_index_item

    monkeypatch.setitem(sync_apply.APPLIERS, "beneficiary", apply_index_item)
    father, _ = family
    items = [{"kind": "setting", "id": "district_aid_salt", "version": 1,
              "data": {"key": "district_aid_salt", "value": SALT}},
             {"kind": "beneficiary", **_index_item("b1", nik=father.nik, office="UPZ-B")}]
    with ctx.store.write() as conn:
        result = sync_apply.apply_items(conn, items, sync_apply.ApplyContext(now=ctx.now_iso(), acked_seq=0))
    assert result.applied == 1  # the index item; the salt setting is kept for us in reference_items
    assert [w.office_code for w in beneficiary_aid_warnings(ctx, father.id)] == ["UPZ-B"]


def test_aid_to_a_group_warns_its_members(
        ctx: AppContext, head: UserInfo, family: tuple[Beneficiary, Beneficiary]) -> None:
    _father, mother = family
    outsider = register_person(ctx, PersonInput(name="Budi Santoso", nik=make_nik(12), kk=make_kk(43),
                                                asnaf="miskin"))
    kube = register_group(ctx, GroupInput(name="KUBE Jahit Melati", group_type="kube", members=(mother.id,)))
    _aid(ctx, head, kube, amount=500_000)
    ctx.clock = lambda: NOW + timedelta(days=5)
    warned = propose_distribution(ctx, DistributionInput(mother.id, "sedekah", "umum", amount=50_000))
    assert [(w.matched_on, w.recipient, w.value) for w in warned.warnings] == [
        ("kelompok", "KUBE Jahit Melati", 500_000)]
    assert "KUBE Jahit Melati" in warned.warnings[0].message
    clean = propose_distribution(ctx, DistributionInput(outsider.id, "sedekah", "umum", amount=50_000))
    assert clean.warnings == ()
