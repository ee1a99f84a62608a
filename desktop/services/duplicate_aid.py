"""Duplicate-aid warnings: the same NIK or KK aided within the configured period, here or elsewhere.

Two sources: this office's own distributions (proposed or approved, not rejected) and the district
aid index that sync pulls down (``district_aid_index``: NIK/KK as sha256 of a district-wide salt
plus the digits, office, date, fund, program, value; see ``desktop.core.aid.identity_hash``). Index
entries of this office are ignored, because its own distributions already answer for it.

Pulled index entries are reference data from the district, not changes made here, so applying them
writes no journal event (it would echo back to the server).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.core.aid import BeneficiaryKind, DistributionStatus, identity_hash
from desktop.core.errors import NotFound
from desktop.core.identity import mask_identity
from desktop.core.money import format_rupiah
from desktop.services.aid_settings import read_aid_settings
from desktop.services.context import AppContext, iso_utc, parse_iso_utc
from desktop.store.tables import funds, programs, reference_items, sync_state
from desktop.store.tables_beneficiaries import beneficiaries, beneficiary_members, distributions, district_aid_index

SALT_KEY = "district_aid_salt"
SOURCE_OFFICE = "kantor_ini"
SOURCE_DISTRICT = "kabupaten"


@dataclass(frozen=True)
class AidWarning:
    """One earlier aid to the same person or family: where, when and what."""

    source: str  # kantor_ini / kabupaten
    matched_on: str  # NIK / KK / kelompok (aid to a group the person belongs to) / penerima
    identity: str | None  # the matched NIK/KK, masked
    office_code: str
    aid_date: str  # YYYY-MM-DD, office-local
    fund: str | None
    program: str | None
    value: int | None
    status: str | None = None  # this office's distributions only
    number: str | None = None
    recipient: str | None = None

    @property
    def message(self) -> str:
        who = f"{self.matched_on} {self.identity}" if self.identity else (self.recipient or "Penerima ini")
        what = " / ".join(x for x in (self.fund, self.program) if x) or "bantuan"
        value = f" senilai {format_rupiah(self.value)}" if self.value else ""
        where = "kantor ini" if self.source == SOURCE_OFFICE else f"kantor {self.office_code}"
        state = f" ({self.number}, {self.status})" if self.number else ""
        return f"{who} sudah menerima {what}{value} pada {self.aid_date} dari {where}{state}."

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "message": self.message}


def read_district_salt(conn: Connection) -> str | None:
    """The salt set here, else the one the district sent as setting ``district_aid_salt`` (kept by
    the sync pull in ``reference_items`` as ``{"key": ..., "value": salt}``)."""
    salt = conn.execute(select(sync_state.c.value).where(sync_state.c.key == SALT_KEY)).scalar()
    if salt is not None:
        return str(salt)
    raw = conn.execute(select(reference_items.c.data).where(
        reference_items.c.kind == "setting", reference_items.c.item_id == SALT_KEY,
        reference_items.c.deleted.is_(False))).scalar()
    value = json.loads(raw).get("value") if raw is not None else None
    return str(value) if value else None


def set_district_salt(conn: Connection, salt: str) -> None:
    """Store the district-wide salt (delivered by the sync pull with the index)."""
    statement = sqlite_insert(sync_state).values(key=SALT_KEY, value=salt)
    conn.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": salt}))


def apply_district_index(conn: Connection, items: Iterable[dict[str, Any]]) -> int:
    """Apply pulled index items ``{id, version, deleted, data: {nik_hash, kk_hash, office_code, aid_date,
    fund_code, program_code, value}}`` in the caller's transaction; older versions never win."""
    count = 0
    for item in items:
        count += 1
        if item.get("deleted"):
            conn.execute(delete(district_aid_index).where(district_aid_index.c.id == str(item["id"])))
            continue
        data = item["data"]
        values = {
            "nik_hash": data.get("nik_hash"), "kk_hash": data.get("kk_hash"),
            "office_code": str(data["office_code"]), "aid_date": str(data["aid_date"])[:10],
            "fund_code": data.get("fund_code"), "program_code": data.get("program_code"),
            "value": data.get("value"), "version": int(item.get("version", 1)),
        }
        statement = sqlite_insert(district_aid_index).values(id=str(item["id"]), **values)
        conn.execute(statement.on_conflict_do_update(
            index_elements=["id"], set_=values,
            where=statement.excluded.version >= district_aid_index.c.version,
        ))
    return count


def apply_index_item(conn: Connection, item: dict[str, Any], _context: object = None) -> bool:
    """One pulled item of kind ``beneficiary``, in the shape of desktop.services.sync_apply's appliers
    (register it there as ``APPLIERS["beneficiary"]``)."""
    apply_district_index(conn, [item])
    return True


def _identities(conn: Connection, row: Any) -> list[tuple[str | None, str | None]]:
    if row.kind == BeneficiaryKind.PERSON:
        return [(row.nik, row.kk)]
    members = conn.execute(
        select(beneficiaries.c.nik, beneficiaries.c.kk)
        .join(beneficiary_members, beneficiary_members.c.member_id == beneficiaries.c.id)
        .where(beneficiary_members.c.group_id == row.id)
    ).all()
    return [(m.nik, m.kk) for m in members]


def find_duplicate_aid(ctx: AppContext, conn: Connection, beneficiary_id: str,
                       exclude_distribution_id: str | None = None) -> list[AidWarning]:
    """Earlier aid within the period to this recipient's NIK/KK (group: its members'), newest first."""
    row = conn.execute(select(beneficiaries).where(beneficiaries.c.id == beneficiary_id)).first()
    if row is None:
        raise NotFound("beneficiary_not_found")
    days = read_aid_settings(conn).duplicate_aid_days
    now = ctx.now()
    since_utc = iso_utc(now - timedelta(days=days))
    since_date = (ctx.local(now).date() - timedelta(days=days)).isoformat()
    identities = _identities(conn, row)
    niks = sorted({n for n, _ in identities if n})
    kks = sorted({k for _, k in identities if k})
    fund_names = {r.code: r.name for r in conn.execute(select(funds.c.code, funds.c.name))}
    program_names = {r.code: r.name for r in conn.execute(select(programs.c.code, programs.c.name))}
    warnings = _local(ctx, conn, beneficiary_id, niks, kks, since_utc, exclude_distribution_id,
                      fund_names, program_names)
    warnings += _district(ctx, conn, niks, kks, since_date, fund_names, program_names)
    return sorted(warnings, key=lambda w: w.aid_date, reverse=True)


def _local(ctx: AppContext, conn: Connection, beneficiary_id: str, niks: list[str], kks: list[str],
           since_utc: str, exclude_id: str | None, fund_names: dict[str, str],
           program_names: dict[str, str]) -> list[AidWarning]:
    aid_at = func.coalesce(distributions.c.decided_at, distributions.c.proposed_at)
    # Aid to a group counts for each member: a person whose KUBE got sewing machines last month
    # has had aid, even though the distribution names the group.
    group_ids = set(conn.execute(
        select(beneficiary_members.c.group_id).where(beneficiary_members.c.member_id == beneficiary_id)
    ).scalars())
    who = [distributions.c.beneficiary_id == beneficiary_id]
    if group_ids:
        who.append(distributions.c.beneficiary_id.in_(group_ids))
    if niks:
        who.append(beneficiaries.c.nik.in_(niks))
    if kks:
        who.append(beneficiaries.c.kk.in_(kks))
    query = (
        select(distributions, beneficiaries.c.name.label("recipient"), beneficiaries.c.nik.label("b_nik"),
               beneficiaries.c.kk.label("b_kk"), aid_at.label("aid_at"))
        .join(beneficiaries, beneficiaries.c.id == distributions.c.beneficiary_id)
        .where(or_(*who), distributions.c.status != DistributionStatus.REJECTED.value, aid_at >= since_utc)
    )
    if exclude_id is not None:
        query = query.where(distributions.c.id != exclude_id)
    found = []
    for r in conn.execute(query):
        if r.beneficiary_id in group_ids:
            matched, identity = "kelompok", None
        elif r.b_nik and r.b_nik in niks:
            matched, identity = "NIK", mask_identity(r.b_nik)
        elif r.b_kk and r.b_kk in kks:
            matched, identity = "KK", mask_identity(r.b_kk)
        else:
            matched, identity = "penerima", None
        found.append(AidWarning(
            source=SOURCE_OFFICE, matched_on=matched, identity=identity, office_code=ctx.office.code,
            aid_date=ctx.local(parse_iso_utc(r.aid_at)).date().isoformat(),
            fund=fund_names.get(r.fund_code, r.fund_code), program=program_names.get(r.program_code, r.program_code),
            value=int(r.amount), status=r.status, number=r.number, recipient=r.recipient,
        ))
    return found


def _district(ctx: AppContext, conn: Connection, niks: list[str], kks: list[str], since_date: str,
              fund_names: dict[str, str], program_names: dict[str, str]) -> list[AidWarning]:
    salt = read_district_salt(conn)
    if salt is None or not (niks or kks):
        return []
    nik_hashes = {identity_hash(salt, n): n for n in niks}
    kk_hashes = {identity_hash(salt, k): k for k in kks}
    rows = conn.execute(
        select(district_aid_index).where(
            or_(district_aid_index.c.nik_hash.in_(list(nik_hashes)), district_aid_index.c.kk_hash.in_(list(kk_hashes))),
            district_aid_index.c.aid_date >= since_date, district_aid_index.c.office_code != ctx.office.code,
        )
    )
    found = []
    for r in rows:
        if r.nik_hash in nik_hashes:
            matched, identity = "NIK", mask_identity(nik_hashes[r.nik_hash])
        else:
            matched, identity = "KK", mask_identity(kk_hashes[r.kk_hash])
        found.append(AidWarning(
            source=SOURCE_DISTRICT, matched_on=matched, identity=identity, office_code=r.office_code,
            aid_date=r.aid_date, fund=fund_names.get(r.fund_code, r.fund_code),
            program=program_names.get(r.program_code, r.program_code), value=r.value,
        ))
    return found


def beneficiary_aid_warnings(ctx: AppContext, beneficiary_id: str) -> list[AidWarning]:
    """Before proposing: earlier aid to this recipient within the period."""
    with ctx.store.read() as conn:
        return find_duplicate_aid(ctx, conn, beneficiary_id)


def duplicate_aid_warnings(ctx: AppContext, distribution_id: str) -> list[AidWarning]:
    """Before approving: earlier aid to this proposal's recipient (the proposal itself excluded)."""
    with ctx.store.read() as conn:
        beneficiary_id = conn.execute(
            select(distributions.c.beneficiary_id).where(distributions.c.id == distribution_id)).scalar()
        if beneficiary_id is None:
            raise NotFound("distribution_not_found", number=distribution_id)
        return find_duplicate_aid(ctx, conn, beneficiary_id, exclude_distribution_id=distribution_id)
