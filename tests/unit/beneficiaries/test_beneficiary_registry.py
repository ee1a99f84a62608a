"""Mustahik registry on a real store: persons, KUBE groups, masking, search, versions, journal."""

from __future__ import annotations

import json

import pytest

from desktop.core.asnaf import Asnaf, asnaf_label, parse_asnaf
from desktop.core.errors import AmilError, NotFound, ValidationError
from desktop.services.beneficiaries import (
    GroupInput,
    PersonInput,
    get_beneficiary,
    groups_of,
    list_group_members,
    recent_beneficiaries,
    register_group,
    register_person,
    search_beneficiaries,
    set_beneficiary_status,
    update_beneficiary,
)
from desktop.services.context import AppContext, UserInfo
from desktop.services.status import verify_store
from desktop.store.journal import iter_events
from sync.protocol.events import BENEFICIARY_SAVED
from tests.unit.beneficiaries.conftest import make_kk, make_nik


def _events(ctx: AppContext, type_: str) -> list[dict[str, object]]:
    with ctx.store.read() as conn:
        return [e for e in iter_events(conn, ctx.office.identity) if e["type"] == type_]


def test_register_person_and_kube_group_with_members(ctx: AppContext) -> None:
    siti = register_person(ctx, PersonInput(
        name="  Siti   Aminah ", nik="3201 0145 0785 0003", kk=make_kk(1), birth_date="05-07-1985", sex="P",
        address="Jl. Mawar 3", village_code="32.01.01.2001", phone="0812-3456-7890", asnaf="Miskin", decile="2",
        needs_note="Janda, 3 anak usia sekolah",
    ))
    budi = register_person(ctx, PersonInput(name="Budi Santoso", nik=make_nik(7), sex="L"))
    assert siti.name == "Siti Aminah" and siti.nik == "3201014507850003"  # admin sees the full NIK
    assert (siti.birth_date, siti.sex, siti.village_code, siti.phone, siti.asnaf, siti.decile) == (
        "1985-07-05", "P", "3201012001", "081234567890", "miskin", 2)
    assert budi.asnaf is None  # allowed: such a person can receive only non-zakat aid

    kube = register_group(ctx, GroupInput(name="KUBE Jahit Mawar", group_type="KUBE", members=(siti.id, budi.id),
                                          leader_id=siti.id, asnaf="fakir", address="Kuaro"))
    assert kube.is_group and kube.group_type == "kube"
    assert {(m.id, m.role) for m in get_beneficiary(ctx, kube.id).members} == {
        (siti.id, "ketua"), (budi.id, "anggota")}
    members = list_group_members(ctx, kube.id)
    assert [m.name for m in members] == ["Budi Santoso", "Siti Aminah"]
    assert members[1].nik == "3201••••••••0003"  # a list, so masked even for the admin
    assert [g.name for g in groups_of(ctx, budi.id)] == ["KUBE Jahit Mawar"]

    saved = _events(ctx, BENEFICIARY_SAVED)
    assert [e["entity_id"] for e in saved] == [siti.id, budi.id, kube.id]
    group_payload = saved[2]["payload"]
    assert isinstance(group_payload, dict)
    assert group_payload["members"] == [{"id": siti.id, "role": "ketua"}, {"id": budi.id, "role": "anggota"}]
    assert group_payload["version"] == 1 and group_payload["base_version"] == 0
    assert verify_store(ctx).ok


def test_group_members_must_be_registered_persons(ctx: AppContext) -> None:
    person = register_person(ctx, PersonInput(name="Ani", nik=make_nik(1)))
    group = register_group(ctx, GroupInput(name="Masjid Al-Ikhlas", group_type="masjid"))
    for members in (("no-such-id",), (group.id,)):
        with pytest.raises(ValidationError) as excinfo:
            register_group(ctx, GroupInput(name="KUBE X", group_type="kube", members=(person.id, *members)))
        assert excinfo.value.code == "group_member_invalid"
    with pytest.raises(ValidationError) as bad_type:
        register_group(ctx, GroupInput(name="Arisan", group_type="arisan"))
    assert "KUBE" in str(bad_type.value)


def test_same_nik_registers_once(ctx: AppContext) -> None:
    register_person(ctx, PersonInput(name="Ani", nik=make_nik(1)))
    with pytest.raises(ValidationError) as excinfo:
        register_person(ctx, PersonInput(name="Ani Lain", nik=make_nik(1)))
    assert excinfo.value.code == "nik_already_registered" and "Ani" in str(excinfo.value)


@pytest.mark.parametrize(("field", "value", "code"), [
    ("nik", "320101450785", "nik_length"),
    ("kk", "9901010101010101", "kk_province"),
    ("sex", "X", "sex_invalid"),
    ("birth_date", "31-02-1990", "date_invalid"),
    ("birth_date", "2999-01-01", "birth_date_out_of_range"),
    ("asnaf", "dhuafa", "asnaf_unknown"),
    ("decile", "11", "decile_invalid"),
    ("village_code", "32.01", "village_code_invalid"),
    ("status", "pindah", "beneficiary_status_invalid"),
    ("name", "   ", "beneficiary_name_required"),
])
def test_invalid_fields_are_refused_with_their_code(ctx: AppContext, field: str, value: str, code: str) -> None:
    values = {"name": "Ani", "nik": make_nik(2), field: value}
    with pytest.raises(AmilError) as excinfo:
        register_person(ctx, PersonInput(**values))
    assert excinfo.value.code == code
    assert "{" not in str(excinfo.value)


def test_identity_is_masked_for_petugas_and_in_every_list(ctx: AppContext, clerk: UserInfo,
                                                            head: UserInfo) -> None:
    nik, kk = make_nik(3, female=True), make_kk(3)
    person = register_person(ctx, PersonInput(name="Fatimah Zahra", nik=nik, kk=kk))
    ctx.user = clerk
    shown = get_beneficiary(ctx, person.id)
    assert shown.nik == nik[:4] + "\u2022" * 8 + nik[-4:] and shown.kk is not None and kk not in shown.kk
    assert search_beneficiaries(ctx, "fatimah")[0].nik == shown.nik
    assert search_beneficiaries(ctx, nik)[0].id == person.id  # a clerk may search by the number typed
    ctx.user = head
    assert get_beneficiary(ctx, person.id).nik == nik  # the record itself: whole for the kepala
    listed = search_beneficiaries(ctx, "fat")[0]  # a list: masked for every role (the reveal is logged)
    assert (listed.nik, listed.kk) == (shown.nik, shown.kk)
    assert recent_beneficiaries(ctx)[0].nik == shown.nik


def test_search_prefixes_names_first_then_any_word_and_numbers(ctx: AppContext) -> None:
    names = ["Siti Rahmawati", "Nur Siti Hasanah", "Ahmad Siswanto", "Budi Sitorus", "Rina Lestari"]
    people = [register_person(ctx, PersonInput(name=n, nik=make_nik(i), phone=f"08123456{i:04d}"))
              for i, n in enumerate(names)]
    found = [b.name for b in search_beneficiaries(ctx, "sit")]
    assert found[0] == "Siti Rahmawati" and set(found) == {"Siti Rahmawati", "Nur Siti Hasanah", "Budi Sitorus"}
    assert [b.name for b in search_beneficiaries(ctx, "siti ha")] == ["Nur Siti Hasanah"]
    assert [b.id for b in search_beneficiaries(ctx, "081234560004")] == [people[4].id]
    assert search_beneficiaries(ctx, "  ") == [] and search_beneficiaries(ctx, "zzz") == []
    group = register_group(ctx, GroupInput(name="KUBE Sitimulyo", group_type="kube"))
    assert group.id in {b.id for b in search_beneficiaries(ctx, "sitim")}


def test_edit_status_and_versions_are_journalled(ctx: AppContext) -> None:
    person = register_person(ctx, PersonInput(name="Hasan", nik=make_nik(4), asnaf="gharimin"))
    edited = update_beneficiary(ctx, person.id, PersonInput(name="Hasan Basri", nik=make_nik(4), asnaf="gharim",
                                                            decile=1), base_version=1)
    assert edited.version == 2 and edited.asnaf == "gharimin" and edited.decile == 1
    with pytest.raises(ValidationError) as stale:
        update_beneficiary(ctx, person.id, PersonInput(name="Hasan B."), base_version=1)
    assert stale.value.code == "version_conflict"
    dead = set_beneficiary_status(ctx, person.id, "meninggal")
    assert dead.status == "meninggal" and dead.version == 3
    assert search_beneficiaries(ctx, "hasan basri")[0].status == "meninggal"
    payloads = [e["payload"] for e in _events(ctx, BENEFICIARY_SAVED)]
    assert [(p["version"], p["base_version"]) for p in payloads] == [(1, 0), (2, 1), (3, 2)]  # type: ignore[index]
    assert json.loads(json.dumps(payloads[-1]))["status"] == "meninggal"
    with pytest.raises(NotFound):
        get_beneficiary(ctx, "missing")


def test_asnaf_spellings() -> None:
    assert parse_asnaf("Ibnu Sabil") is Asnaf.IBNU_SABIL and parse_asnaf("ibnusabil") is Asnaf.IBNU_SABIL
    assert parse_asnaf("Muallaf") is Asnaf.MUALAF and parse_asnaf("fii sabilillah") is Asnaf.FISABILILLAH
    assert parse_asnaf("") is None and parse_asnaf(None) is None
    assert len(Asnaf) == 8 and asnaf_label("ibnu_sabil") == "Ibnu Sabil"


def test_clerk_edits_a_person_without_seeing_or_losing_the_nik(ctx: AppContext, clerk: UserInfo) -> None:
    from dataclasses import replace as _replace

    from desktop.services.beneficiaries import get_beneficiary, update_beneficiary

    person = register_person(ctx, PersonInput(name="Rahmat Hidayat", nik=make_nik(31), kk=make_kk(31),
                                              address="RT 01", asnaf="miskin"))
    ctx.user = clerk
    shown = get_beneficiary(ctx, person.id)
    assert shown.nik != person.nik and "••••" in (shown.nik or "")  # masked for a petugas
    edited = PersonInput(name=shown.name, nik=shown.nik, kk=shown.kk, address="RT 07, dekat masjid",
                         asnaf="miskin")
    update_beneficiary(ctx, person.id, edited, shown.version)
    with ctx.store.read() as conn:
        row = conn.exec_driver_sql("SELECT nik, kk, address FROM beneficiaries WHERE id = ?", (person.id,)).one()
    assert tuple(row) == (person.nik, person.kk, "RT 07, dekat masjid")
    again = get_beneficiary(ctx, person.id)
    update_beneficiary(ctx, person.id, _replace(edited, nik=make_nik(32)), again.version)  # a real correction
    with ctx.store.read() as conn:
        assert conn.exec_driver_sql("SELECT nik FROM beneficiaries WHERE id = ?", (person.id,)).scalar() == make_nik(32)
