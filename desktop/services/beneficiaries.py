"""Mustahik registry: persons and groups (KUBE, mosque, school), their members, status and search.

Every save writes the row and a full ``beneficiary.saved`` snapshot (with ``version`` and
``base_version``) in one transaction, so the district can keep every version and spot concurrent
edits. NIK/KK leave this module masked unless the signed-in role may see them (UU PDP): the UI never
has to remember to mask. Search is the donor search's design (unranked FTS5 prefix query with a
LIMIT, asked twice: names starting with the typed word first, then any word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update

from desktop.core.aid import (
    BeneficiaryKind,
    BeneficiaryStatus,
    GroupType,
    parse_birth_date,
    parse_decile,
    parse_sex,
    validate_village_code,
)
from desktop.core.asnaf import parse_asnaf
from desktop.core.errors import NotFound, ValidationError
from desktop.core.identity import mask_identity, mask_optional, validate_kk, validate_nik
from desktop.core.ids import new_uuid7
from desktop.core.roles import can_see_full_identity
from desktop.core.text import clean_text, normalize_phone
from desktop.services.context import AppContext
from desktop.store.journal import append_event
from desktop.store.tables_beneficiaries import beneficiaries, beneficiary_members
from sync.protocol.events import BENEFICIARY_SAVED

ROLE_LEADER = "ketua"
ROLE_MEMBER = "anggota"
SNAPSHOT_FIELDS = (
    "kind", "group_type", "name", "nik", "kk", "birth_date", "sex", "address", "village_code", "phone",
    "asnaf", "decile", "needs_note", "status",
)


@dataclass(frozen=True)
class PersonInput:
    name: str
    nik: str | None = None
    kk: str | None = None
    birth_date: str | date | None = None
    sex: str | None = None
    address: str | None = None
    village_code: str | None = None
    phone: str | None = None
    asnaf: str | None = None  # optional: required only when zakat is given
    decile: int | str | None = None
    needs_note: str | None = None
    status: str = BeneficiaryStatus.AKTIF.value


@dataclass(frozen=True)
class GroupInput:
    name: str
    group_type: str
    members: tuple[str, ...] = ()  # person ids
    leader_id: str | None = None
    address: str | None = None
    village_code: str | None = None
    phone: str | None = None
    asnaf: str | None = None
    needs_note: str | None = None
    status: str = BeneficiaryStatus.AKTIF.value


@dataclass(frozen=True)
class Member:
    id: str
    role: str


@dataclass(frozen=True)
class Beneficiary:
    id: str
    kind: str
    name: str
    nik: str | None
    kk: str | None
    birth_date: str | None
    sex: str | None
    address: str | None
    village_code: str | None
    phone: str | None
    asnaf: str | None
    decile: int | None
    needs_note: str | None
    status: str
    group_type: str | None
    version: int
    members: tuple[Member, ...] = ()

    @property
    def is_group(self) -> bool:
        return self.kind == BeneficiaryKind.GROUP


def _status(value: str) -> str:
    try:
        return BeneficiaryStatus(str(value).strip().lower().replace(" ", "_")).value
    except ValueError as exc:
        raise ValidationError("beneficiary_status_invalid", text=str(value)) from exc


def _optional(value: str | None, check: Any) -> Any:
    return check(value) if value is not None and str(value).strip() else None


def clean_person(data: PersonInput, today: date) -> dict[str, Any]:
    """Validated, normalised column values of a person (shared with the importer)."""
    name = clean_text(data.name, max_len=120, field="Nama")
    if not name:
        raise ValidationError("beneficiary_name_required")
    asnaf = parse_asnaf(data.asnaf)
    return {
        "kind": BeneficiaryKind.PERSON.value, "group_type": None, "name": name,
        "nik": _optional(data.nik, validate_nik), "kk": _optional(data.kk, validate_kk),
        "birth_date": parse_birth_date(data.birth_date, today=today), "sex": parse_sex(data.sex),
        "address": clean_text(data.address, max_len=300, field="Alamat"),
        "village_code": validate_village_code(data.village_code), "phone": normalize_phone(data.phone),
        "asnaf": asnaf.value if asnaf else None, "decile": parse_decile(data.decile),
        "needs_note": clean_text(data.needs_note, max_len=1000, field="Catatan kebutuhan"),
        "status": _status(data.status),
    }


def _clean_group(data: GroupInput) -> dict[str, Any]:
    name = clean_text(data.name, max_len=120, field="Nama kelompok")
    if not name:
        raise ValidationError("beneficiary_name_required")
    try:
        group_type = GroupType(str(data.group_type).strip().lower()).value
    except ValueError as exc:
        raise ValidationError("group_type_invalid", text=str(data.group_type)) from exc
    asnaf = parse_asnaf(data.asnaf)
    return {
        "kind": BeneficiaryKind.GROUP.value, "group_type": group_type, "name": name, "nik": None, "kk": None,
        "birth_date": None, "sex": None, "address": clean_text(data.address, max_len=300, field="Alamat"),
        "village_code": validate_village_code(data.village_code), "phone": normalize_phone(data.phone),
        "asnaf": asnaf.value if asnaf else None, "decile": None,
        "needs_note": clean_text(data.needs_note, max_len=1000, field="Catatan kebutuhan"),
        "status": _status(data.status),
    }


def _check_nik_free(conn: Connection, nik: str | None, own_id: str | None = None) -> None:
    if nik is None:
        return
    row = conn.execute(select(beneficiaries.c.id, beneficiaries.c.name).where(beneficiaries.c.nik == nik)).first()
    if row is not None and row.id != own_id:
        raise ValidationError("nik_already_registered", nik=mask_identity(nik), name=row.name)


def _members(conn: Connection, group_id: str) -> tuple[Member, ...]:
    rows = conn.execute(
        select(beneficiary_members.c.member_id, beneficiary_members.c.role)
        .where(beneficiary_members.c.group_id == group_id).order_by(beneficiary_members.c.added_at,
                                                                   beneficiary_members.c.member_id)
    )
    return tuple(Member(r.member_id, r.role) for r in rows)


def _write_members(conn: Connection, group_id: str, member_ids: tuple[str, ...], leader_id: str | None,
                   now: str) -> tuple[Member, ...]:
    unique_ids = tuple(dict.fromkeys(member_ids))
    if leader_id is not None and leader_id not in unique_ids:
        unique_ids = (leader_id, *unique_ids)
    if unique_ids:
        found = conn.execute(select(func.count()).select_from(beneficiaries).where(
            beneficiaries.c.id.in_(unique_ids) & (beneficiaries.c.kind == BeneficiaryKind.PERSON.value)
        )).scalar_one()
        if found != len(unique_ids):
            raise ValidationError("group_member_invalid")
    conn.execute(beneficiary_members.delete().where(beneficiary_members.c.group_id == group_id))
    members = tuple(Member(m, ROLE_LEADER if m == leader_id else ROLE_MEMBER) for m in unique_ids)
    if members:
        conn.execute(insert(beneficiary_members), [
            {"group_id": group_id, "member_id": m.id, "role": m.role, "added_at": now} for m in members
        ])
    return members


def snapshot_payload(beneficiary_id: str, version: int, values: dict[str, Any],
                     members: tuple[Member, ...] | None) -> dict[str, Any]:
    """The ``beneficiary.saved`` payload: the full record, so the server never needs history."""
    payload = {"id": beneficiary_id, "version": version, "base_version": version - 1,
               **{k: values[k] for k in SNAPSHOT_FIELDS}}
    if members is not None:
        payload["members"] = [{"id": m.id, "role": m.role} for m in members]
    return payload


def _insert(ctx: AppContext, values: dict[str, Any], group: GroupInput | None) -> Beneficiary:
    user = ctx.require_user()
    now = ctx.now_iso()
    new_id = new_uuid7()
    with ctx.store.write() as conn:
        _check_nik_free(conn, values["nik"])
        conn.execute(insert(beneficiaries).values(
            id=new_id, version=1, created_at=now, updated_at=now, created_by=user.id, **values))
        members = _write_members(conn, new_id, group.members, group.leader_id, now) if group else None
        append_event(conn, ctx.office.identity, type=BENEFICIARY_SAVED, entity_id=new_id,
                     payload=snapshot_payload(new_id, 1, values, members), user_id=user.id, occurred_at=now)
    return _for_viewer(ctx, Beneficiary(id=new_id, version=1, members=members or (), **values))


def register_person(ctx: AppContext, data: PersonInput) -> Beneficiary:
    """Register one person; a NIK already registered is refused (one record per person)."""
    return _insert(ctx, clean_person(data, ctx.local(ctx.now()).date()), None)


def register_group(ctx: AppContext, data: GroupInput) -> Beneficiary:
    """Register a group (KUBE, mosque, school) with its members (registered persons)."""
    return _insert(ctx, _clean_group(data), data)


def _keep_masked_identity(data: PersonInput, row: Any) -> PersonInput:
    """A clerk edits a person seeing NIK/KK masked: a masked value sent back means "unchanged".

    Without this a petugas could not correct an address without the full NIK they may not see.
    """
    nik = row.nik if row.nik and data.nik == mask_identity(row.nik) else data.nik
    kk = row.kk if row.kk and data.kk == mask_identity(row.kk) else data.kk
    return replace(data, nik=nik, kk=kk)


def update_beneficiary(ctx: AppContext, beneficiary_id: str, data: PersonInput | GroupInput,
                       base_version: int) -> Beneficiary:
    """Save an edited profile; refused when someone saved a newer version meanwhile."""
    user = ctx.require_user()
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        row = _row(conn, beneficiary_id)
        if isinstance(data, PersonInput):
            data = _keep_masked_identity(data, row)
        values = _clean_group(data) if isinstance(data, GroupInput) else clean_person(data, ctx.local(ctx.now()).date())
        if row.kind != values["kind"]:
            raise NotFound("beneficiary_not_found")
        if row.version != base_version:
            raise ValidationError("version_conflict", name=row.name)
        _check_nik_free(conn, values["nik"], beneficiary_id)
        version = row.version + 1
        conn.execute(update(beneficiaries).where(beneficiaries.c.id == beneficiary_id).values(
            version=version, updated_at=now, **values))
        members = (_write_members(conn, beneficiary_id, data.members, data.leader_id, now)
                   if isinstance(data, GroupInput) else None)
        append_event(conn, ctx.office.identity, type=BENEFICIARY_SAVED, entity_id=beneficiary_id,
                     payload=snapshot_payload(beneficiary_id, version, values, members),
                     user_id=user.id, occurred_at=now)
    return _for_viewer(ctx, Beneficiary(id=beneficiary_id, version=version, members=members or (), **values))


def set_beneficiary_status(ctx: AppContext, beneficiary_id: str, status: str) -> Beneficiary:
    """aktif / tidak_aktif / meninggal: a new version, journalled like any edit."""
    user = ctx.require_user()
    new_status = _status(status)
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        row = _row(conn, beneficiary_id)
        version = row.version + 1
        conn.execute(update(beneficiaries).where(beneficiaries.c.id == beneficiary_id).values(
            status=new_status, version=version, updated_at=now))
        values = {**{k: getattr(row, k) for k in SNAPSHOT_FIELDS}, "status": new_status}
        members = _members(conn, beneficiary_id) if row.kind == BeneficiaryKind.GROUP else None
        append_event(conn, ctx.office.identity, type=BENEFICIARY_SAVED, entity_id=beneficiary_id,
                     payload=snapshot_payload(beneficiary_id, version, values, members),
                     user_id=user.id, occurred_at=now)
    return _for_viewer(ctx, Beneficiary(id=beneficiary_id, version=version, members=members or (), **values))


def _row(conn: Connection, beneficiary_id: str) -> Any:
    row = conn.execute(select(beneficiaries).where(beneficiaries.c.id == beneficiary_id)).first()
    if row is None:
        raise NotFound("beneficiary_not_found")
    return row


def beneficiary_from_row(row: Any, members: tuple[Member, ...] = ()) -> Beneficiary:
    return Beneficiary(id=row.id, version=row.version, members=members,
                       **{k: getattr(row, k) for k in SNAPSHOT_FIELDS})


def may_see_identity(ctx: AppContext) -> bool:
    return ctx.user is not None and can_see_full_identity(ctx.user.role)


def shown_identity(ctx: AppContext, digits: str | None) -> str | None:
    """NIK/KK as this user may see it: full for kepala kantor and admin, masked for others."""
    if digits is None:
        return None
    return digits if may_see_identity(ctx) else mask_identity(digits)


def _for_viewer(ctx: AppContext, item: Beneficiary) -> Beneficiary:
    if may_see_identity(ctx):
        return item
    return replace(item, nik=shown_identity(ctx, item.nik), kk=shown_identity(ctx, item.kk))


def listed(item: Beneficiary) -> Beneficiary:
    """A list row: NIK/KK masked for every role; the whole number is shown only by an action that logs it
    (``open_beneficiary``, ``privacy.reveal_identity``), so the access log misses no reveal."""
    return replace(item, nik=mask_optional(item.nik), kk=mask_optional(item.kk))


def get_beneficiary(ctx: AppContext, beneficiary_id: str) -> Beneficiary:
    with ctx.store.read() as conn:
        row = _row(conn, beneficiary_id)
        members = _members(conn, beneficiary_id) if row.kind == BeneficiaryKind.GROUP else ()
    return _for_viewer(ctx, beneficiary_from_row(row, members))


def open_beneficiary(ctx: AppContext, beneficiary_id: str) -> Beneficiary:
    """A record opened for viewing or editing; showing its full NIK/KK is logged (UU PDP access log)."""
    item = get_beneficiary(ctx, beneficiary_id)
    fields = [name for name in ("nik", "kk") if getattr(item, name)] if may_see_identity(ctx) else []
    if fields:
        from desktop.services.privacy import BENEFICIARY, log_reveal

        log_reveal(ctx, BENEFICIARY, beneficiary_id, item.name, fields, purpose="membuka data penerima")
    return item


def list_group_members(ctx: AppContext, group_id: str) -> list[Beneficiary]:
    with ctx.store.read() as conn:
        rows = conn.execute(
            select(beneficiaries).join(beneficiary_members, beneficiary_members.c.member_id == beneficiaries.c.id)
            .where(beneficiary_members.c.group_id == group_id).order_by(beneficiaries.c.name)
        ).all()
    return [listed(beneficiary_from_row(r)) for r in rows]


def groups_of(ctx: AppContext, person_id: str) -> list[Beneficiary]:
    """The groups a person belongs to (for the profile page and the duplicate-aid check)."""
    with ctx.store.read() as conn:
        rows = conn.execute(
            select(beneficiaries).join(beneficiary_members, beneficiary_members.c.group_id == beneficiaries.c.id)
            .where(beneficiary_members.c.member_id == person_id).order_by(beneficiaries.c.name)
        ).all()
    return [listed(beneficiary_from_row(r)) for r in rows]


_TOKEN = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")


def fts_query(typed: str, *, anchored: bool) -> str | None:
    """FTS5 query: every typed word as a prefix, AND-ed; digits search NIK, KK and phone."""
    tokens = _TOKEN.findall(typed.lower())
    if not tokens:
        return None
    terms = [f'"{token}"*' for token in tokens[:6]]
    if tokens[0].isdigit():
        return "{nik kk phone} : " + terms[0]
    if anchored:
        return "name : (^" + " ".join(terms) + ")"
    return "name : (" + " ".join(terms) + ")"


_SEARCH_SQL = text(
    "SELECT b.* FROM beneficiaries_fts JOIN beneficiaries AS b ON b.rowid = beneficiaries_fts.rowid "
    "WHERE beneficiaries_fts MATCH :query LIMIT :limit"
)


def search_beneficiaries(ctx: AppContext, typed: str, limit: int = 20) -> list[Beneficiary]:
    """Type-ahead over persons and groups; NIK/KK masked for every role (``listed``)."""
    anchored = fts_query(typed, anchored=True)
    if anchored is None:
        return []
    found: dict[str, Beneficiary] = {}
    with ctx.store.read() as conn:
        for query in (anchored, fts_query(typed, anchored=False)):
            if len(found) >= limit or query is None:
                break
            for row in conn.execute(_SEARCH_SQL, {"query": query, "limit": limit}):
                if row.id not in found:
                    found[row.id] = listed(beneficiary_from_row(row))
                    if len(found) >= limit:
                        break
            if anchored.startswith("{nik"):
                break
    return list(found.values())


def recent_beneficiaries(ctx: AppContext, limit: int = 20) -> list[Beneficiary]:
    """The most recently registered mustahik (the page before anything is typed), newest first."""
    with ctx.store.read() as conn:
        rows = conn.execute(text("SELECT b.* FROM beneficiaries AS b ORDER BY b.rowid DESC LIMIT :limit"),
                            {"limit": limit}).all()
    return [listed(beneficiary_from_row(row)) for row in rows]


def count_beneficiaries(ctx: AppContext) -> int:
    with ctx.store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(beneficiaries)).scalar_one())
