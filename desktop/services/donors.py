"""Donor registry (muzakki/munfiq): register and type-ahead search.

Search results and the recent list carry NIK/NPWP masked for every role (UU 27/2022): a list shows
many people at once, so a whole number is shown only for one chosen donor by
``privacy.reveal_identity``, which writes the access log.

Search is an unranked FTS5 prefix query with a LIMIT: SQLite stops after the first matches, so it
stays around a millisecond at a million donors, where bm25 ranking would score every match (tens
to hundreds of ms). Relevance comes from asking twice: first names that *start* with what was
typed, then any word that does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import Connection, insert, select, text

from desktop.core.errors import NotFound, ValidationError
from desktop.core.identity import mask_optional, validate_nik, validate_npwp
from desktop.core.ids import new_uuid7
from desktop.core.text import clean_text, normalize_phone
from desktop.services.context import AppContext
from desktop.store.journal import append_event
from desktop.store.tables import donors
from sync.protocol.events import DONOR_SAVED

ANONYMOUS_NAME = "Hamba Allah"


@dataclass(frozen=True)
class DonorInput:
    name: str
    nik: str | None = None
    npwp: str | None = None
    phone: str | None = None
    address: str | None = None
    village: str | None = None
    anonymous: bool = False


@dataclass(frozen=True)
class Donor:
    id: str
    name: str
    nik: str | None
    npwp: str | None
    phone: str | None
    address: str | None
    village: str | None
    anonymous: bool
    version: int


def _clean_donor(data: DonorInput) -> dict[str, object]:
    name = clean_text(data.name, max_len=120, field="Nama donatur")
    if data.anonymous and not name:
        name = ANONYMOUS_NAME
    if not name:
        raise ValidationError("donor_name_required")
    nik = validate_nik(data.nik) if data.nik and data.nik.strip() else None
    npwp = validate_npwp(data.npwp) if data.npwp and data.npwp.strip() else None
    return {
        "name": name, "nik": nik, "npwp": npwp, "phone": normalize_phone(data.phone),
        "address": clean_text(data.address, max_len=300, field="Alamat"),
        "village": clean_text(data.village, max_len=120, field="Desa/kelurahan"),
        "anonymous": bool(data.anonymous),
    }


def insert_donor(conn: Connection, ctx: AppContext, data: DonorInput, user_id: str) -> Donor:
    """Insert a donor with its journal snapshot inside the caller's transaction."""
    values = _clean_donor(data)
    donor_id = new_uuid7()
    now = ctx.now_iso()
    conn.execute(insert(donors).values(
        id=donor_id, version=1, created_at=now, updated_at=now, created_by=user_id, **values
    ))
    append_event(
        conn, ctx.office.identity, type=DONOR_SAVED, entity_id=donor_id,
        payload={"id": donor_id, "version": 1, "base_version": 0, **values},
        user_id=user_id, occurred_at=now,
    )
    return Donor(id=donor_id, version=1, **values)  # type: ignore[arg-type]


def register_donor(ctx: AppContext, data: DonorInput) -> Donor:
    user = ctx.require_user()
    with ctx.store.write() as conn:
        return insert_donor(conn, ctx, data, user.id)


def get_donor(ctx: AppContext, donor_id: str) -> Donor:
    with ctx.store.read() as conn:
        row = conn.execute(select(donors).where(donors.c.id == donor_id)).first()
    if row is None:
        raise NotFound("donor_not_found")
    return _donor_from_row(row)


def _donor_from_row(row: object) -> Donor:
    return Donor(
        id=row.id, name=row.name, nik=row.nik, npwp=row.npwp, phone=row.phone,  # type: ignore[attr-defined]
        address=row.address, village=row.village, anonymous=bool(row.anonymous),  # type: ignore[attr-defined]
        version=row.version,  # type: ignore[attr-defined]
    )


def listed_donor(donor: Donor) -> Donor:
    """A list row: NIK and NPWP masked whatever the role (see the module docstring)."""
    return replace(donor, nik=mask_optional(donor.nik), npwp=mask_optional(donor.npwp))


_TOKEN = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")


def fts_prefix_query(typed: str, *, anchored: bool) -> str | None:
    """FTS5 query for what a clerk typed: every word as a prefix, AND-ed; None when nothing usable.

    ``anchored`` asks for names whose first word starts with the first typed word.
    """
    tokens = _TOKEN.findall(typed.lower())
    if not tokens:
        return None
    terms = [f'"{token}"*' for token in tokens[:6]]
    if tokens[0].isdigit():
        return "{nik phone} : " + terms[0]
    if anchored:
        return "name : (^" + " ".join(terms) + ")"
    return "name : (" + " ".join(terms) + ")"


_SEARCH_SQL = text(
    "SELECT d.id, d.name, d.nik, d.npwp, d.phone, d.address, d.village, d.anonymous, d.version "
    "FROM donors_fts JOIN donors AS d ON d.rowid = donors_fts.rowid "
    "WHERE donors_fts MATCH :query LIMIT :limit"
)


def search_donors(ctx: AppContext, typed: str, limit: int = 20) -> list[Donor]:
    """Type-ahead: names starting with the first typed word first, then other word matches (masked)."""
    anchored = fts_prefix_query(typed, anchored=True)
    if anchored is None:
        return []
    found: dict[str, Donor] = {}
    with ctx.store.read() as conn:
        for query in (anchored, fts_prefix_query(typed, anchored=False)):
            if len(found) >= limit or query is None:
                break
            for row in conn.execute(_SEARCH_SQL, {"query": query, "limit": limit}):
                if row.id not in found:
                    found[row.id] = listed_donor(_donor_from_row(row))
                    if len(found) >= limit:
                        break
            if query == anchored and anchored.startswith("{nik"):
                break
    return list(found.values())


_RECENT_SQL = text(
    "SELECT d.id, d.name, d.nik, d.npwp, d.phone, d.address, d.village, d.anonymous, d.version "
    "FROM donors AS d ORDER BY d.rowid DESC LIMIT :limit"
)


def recent_donors(ctx: AppContext, limit: int = 20) -> list[Donor]:
    """The most recently registered donors (the Donatur page before anything is typed); newest first, masked.

    ``rowid`` grows with every insert, so this reads ``limit`` rows off the primary key.
    """
    with ctx.store.read() as conn:
        return [listed_donor(_donor_from_row(row)) for row in conn.execute(_RECENT_SQL, {"limit": limit})]


def count_donors(ctx: AppContext) -> int:
    from sqlalchemy import func

    with ctx.store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(donors)).scalar_one())
