"""Institutions (lembaga/UPZ: schools, mosques, OPD, companies) and their payer lists.

An institution is a donor of kind ``institution``: it appears in the donor registry and syncs as a
``donor.saved`` snapshot (with ``kind``, ``institution_type`` and ``contact`` added). The people who
pay through it are ordinary donors, linked to it in ``institution_payers`` and journalled with
``institution.payers_added``, so the district sees the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.core.errors import NotFound, ValidationError
from desktop.core.identity import validate_nik_or_nip
from desktop.core.ids import new_uuid7
from desktop.core.text import clean_text, normalize_phone
from desktop.services.context import AppContext
from desktop.store.journal import append_event
from desktop.store.tables import donors, institution_payers
from sync.protocol.events import DONOR_SAVED, INSTITUTION_PAYERS_ADDED

KIND_PERSON = "person"
KIND_INSTITUTION = "institution"


class InstitutionType(StrEnum):
    SEKOLAH = "sekolah"
    MASJID = "masjid"
    OPD = "opd"
    PERUSAHAAN = "perusahaan"
    LAINNYA = "lainnya"


INSTITUTION_TYPE_LABELS: dict[InstitutionType, str] = {
    InstitutionType.SEKOLAH: "Sekolah", InstitutionType.MASJID: "Masjid", InstitutionType.OPD: "OPD",
    InstitutionType.PERUSAHAAN: "Perusahaan", InstitutionType.LAINNYA: "Lainnya",
}


def institution_type_label(value: str) -> str:
    try:
        return INSTITUTION_TYPE_LABELS[InstitutionType(value)]
    except ValueError:
        return value


def parse_institution_type(text: str | None) -> InstitutionType:
    value = (text or "").strip().lower()
    for kind in InstitutionType:
        if value in (kind.value, INSTITUTION_TYPE_LABELS[kind].lower()):
            return kind
    raise ValidationError("institution_type_invalid", text=text or "")


@dataclass(frozen=True)
class InstitutionInput:
    name: str
    institution_type: str
    contact: str | None = None
    phone: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    institution_type: InstitutionType
    contact: str | None
    phone: str | None
    address: str | None
    payer_count: int = 0


@dataclass(frozen=True)
class Payer:
    id: str
    name: str
    nik: str | None
    nip: str | None
    phone: str | None


def donor_payload(donor_id: str, values: dict[str, object]) -> dict[str, object]:
    """The ``donor.saved`` snapshot (version 1) of a donor inserted here, extra keys only when set."""
    payload: dict[str, object] = {
        "id": donor_id, "version": 1, "base_version": 0, "name": values["name"], "nik": values.get("nik"),
        "npwp": values.get("npwp"), "phone": values.get("phone"), "address": values.get("address"),
        "village": values.get("village"), "anonymous": False,
    }
    for key in ("nip", "institution_type", "contact"):
        if values.get(key) is not None:
            payload[key] = values[key]
    if values.get("kind", KIND_PERSON) != KIND_PERSON:
        payload["kind"] = values["kind"]
    return payload


def create_institution(ctx: AppContext, data: InstitutionInput) -> Institution:
    """Register an institution (a donor of kind ``institution``) with its journal snapshot."""
    user = ctx.require_user()
    name = clean_text(data.name, max_len=120, field="Nama lembaga")
    if not name:
        raise ValidationError("institution_name_required")
    kind = parse_institution_type(data.institution_type)
    values: dict[str, object] = {
        "name": name, "nik": None, "npwp": None, "phone": normalize_phone(data.phone),
        "address": clean_text(data.address, max_len=300, field="Alamat"), "village": None,
        "anonymous": False, "kind": KIND_INSTITUTION, "institution_type": kind.value,
        "contact": clean_text(data.contact, max_len=120, field="Kontak"),
    }
    donor_id = new_uuid7()
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        conn.execute(insert(donors).values(id=donor_id, version=1, created_at=now, updated_at=now,
                                           created_by=user.id, **values))
        append_event(conn, ctx.office.identity, type=DONOR_SAVED, entity_id=donor_id,
                     payload=donor_payload(donor_id, values), user_id=user.id, occurred_at=now)
    return Institution(donor_id, name, kind, values["contact"], values["phone"], values["address"])  # type: ignore[arg-type]


def _institution(row: object, payer_count: int = 0) -> Institution:
    return Institution(
        id=row.id, name=row.name, institution_type=InstitutionType(row.institution_type),  # type: ignore[attr-defined]
        contact=row.contact, phone=row.phone, address=row.address, payer_count=payer_count,  # type: ignore[attr-defined]
    )


def list_institutions(ctx: AppContext) -> list[Institution]:
    from sqlalchemy import func

    count = (select(func.count()).select_from(institution_payers)
             .where(institution_payers.c.institution_id == donors.c.id).scalar_subquery())
    with ctx.store.read() as conn:
        rows = conn.execute(select(donors, count.label("payers")).where(donors.c.kind == KIND_INSTITUTION)
                            .order_by(donors.c.name)).all()
    return [_institution(row, int(row.payers)) for row in rows]


def load_institution(conn: Connection, institution_id: str) -> Institution:
    row = conn.execute(select(donors).where(donors.c.id == institution_id,
                                            donors.c.kind == KIND_INSTITUTION)).first()
    if row is None:
        raise NotFound("institution_not_found")
    return _institution(row)


def find_institution(ctx: AppContext, name_or_id: str) -> Institution:
    """By id, or by name (case-insensitive, exact): what the CLI's ``--institution`` names."""
    wanted = " ".join((name_or_id or "").split()).casefold()
    with ctx.store.read() as conn:
        rows = conn.execute(select(donors).where(donors.c.kind == KIND_INSTITUTION)).all()
    for row in rows:
        if row.id == name_or_id or row.name.casefold() == wanted:
            return _institution(row)
    raise NotFound("institution_not_found_named", name=name_or_id)


def payers_of(conn: Connection, institution_id: str) -> list[Payer]:
    rows = conn.execute(
        select(donors.c.id, donors.c.name, donors.c.nik, donors.c.nip, donors.c.phone)
        .join(institution_payers, institution_payers.c.donor_id == donors.c.id)
        .where(institution_payers.c.institution_id == institution_id).order_by(donors.c.name)
    ).all()
    return [Payer(r.id, r.name, r.nik, r.nip, r.phone) for r in rows]


def list_payers(ctx: AppContext, institution_id: str) -> list[Payer]:
    with ctx.store.read() as conn:
        load_institution(conn, institution_id)
        return payers_of(conn, institution_id)


def link_payers(conn: Connection, ctx: AppContext, institution_id: str, donor_ids: list[str],
                user_id: str | None) -> list[str]:
    """Add ``donor_ids`` to the institution's list inside the caller's transaction; journal the new ones."""
    if not donor_ids:
        return []
    now = ctx.now_iso()
    known = set(conn.execute(select(institution_payers.c.donor_id)
                             .where(institution_payers.c.institution_id == institution_id)).scalars())
    added = [d for d in dict.fromkeys(donor_ids) if d not in known]
    if not added:
        return []
    conn.execute(sqlite_insert(institution_payers).on_conflict_do_nothing(),
                 [{"institution_id": institution_id, "donor_id": d, "added_at": now} for d in added])
    append_event(conn, ctx.office.identity, type=INSTITUTION_PAYERS_ADDED, entity_id=institution_id,
                 payload={"institution_id": institution_id, "donor_ids": added, "added_at": now},
                 user_id=user_id, occurred_at=now)
    return added


def add_payer(ctx: AppContext, institution_id: str, name: str, identity: str | None = None,
              phone: str | None = None) -> Payer:
    """Type a person onto an institution's list (an existing donor with the same NIK/NIP is reused)."""
    user = ctx.require_user()
    clean_name = clean_text(name, max_len=120, field="Nama")
    if not clean_name:
        raise ValidationError("collective_payer_name_required")
    kind, digits = validate_nik_or_nip(identity) if identity and identity.strip() else (None, None)
    clean_phone = normalize_phone(phone)
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        load_institution(conn, institution_id)
        row = None
        if kind is not None:
            column = donors.c.nik if kind == "nik" else donors.c.nip
            row = conn.execute(select(donors.c.id, donors.c.name, donors.c.nik, donors.c.nip, donors.c.phone)
                               .where(column == digits, donors.c.kind == KIND_PERSON).limit(1)).first()
        if row is not None:
            payer = Payer(row.id, row.name, row.nik, row.nip, row.phone)
        else:
            values: dict[str, object] = {"name": clean_name, "nik": digits if kind == "nik" else None,
                                         "nip": digits if kind == "nip" else None, "npwp": None,
                                         "phone": clean_phone, "address": None, "village": None,
                                         "anonymous": False}
            donor_id = new_uuid7()
            conn.execute(insert(donors).values(id=donor_id, version=1, created_at=now, updated_at=now,
                                               created_by=user.id, **values))
            append_event(conn, ctx.office.identity, type=DONOR_SAVED, entity_id=donor_id,
                         payload=donor_payload(donor_id, values), user_id=user.id, occurred_at=now)
            payer = Payer(donor_id, clean_name, values["nik"], values["nip"], clean_phone)  # type: ignore[arg-type]
        link_payers(conn, ctx, institution_id, [payer.id], user.id)
    return payer
