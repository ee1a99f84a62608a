"""Projection of beneficiary and distribution events, and the district aid index they feed.

Called from ``projection.project`` inside the batch's transaction with the batch's non-donation
events, so a batch of donations never comes here and pays nothing for it.

* ``beneficiary.saved`` -> ``beneficiaries`` (newest version wins; an edit from an older base is
  flagged ``concurrent_edit`` like donors).
* ``distribution.proposed`` -> ``distributions`` (status ``diajukan``), keeping the proposal payload:
  it is the only event that carries the recipient's NIK/KK (a group's: its members' at that time).
* ``distribution.approved`` -> status ``disetujui`` and one reference item of kind ``beneficiary``
  per NIK/KK-bearing recipient, visible to every office of the district (``GLOBAL``), with the
  numbers hashed by ``sync.protocol.aid.identity_hash`` and the district salt. Offices pull the items
  and warn when they are about to aid the same person again (``desktop.services.duplicate_aid``).
  A device sends its events in order, so a proposal is stored before its approval arrives.
* ``distribution.rejected`` -> status ``ditolak`` (a rejected proposal never enters the index).

A rule breach flags the event (``needs_review``) and is never a refusal.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from sync.protocol import payloads as pl
from sync.protocol.aid import INDEX_KIND, SALT_SETTING, identity_hash, local_aid_date
from sync.server import tables as t
from sync.server.records import ROW_PAYLOAD_JSON, EventRow
from sync.server.reference import GLOBAL, fund_kinds, now_iso, put_item, put_items

if TYPE_CHECKING:
    from sync.server.ingest import DeviceRef

Flag = tuple[int, str, str]  # seq, code, message (as in sync.server.projection)
PROPOSED, APPROVED, REJECTED = "diajukan", "disetujui", "ditolak"
_AID_MODELS = (pl.BeneficiarySaved, pl.DistributionProposed, pl.DistributionApproved, pl.DistributionRejected)


def project_aid(conn: Connection, device: DeviceRef, others: list[tuple[int, EventRow, Any]]) -> list[Flag]:
    """Project the aid events among ``others`` (seq order, parsed payloads); returns review flags."""
    aid = [(seq, row, model) for seq, row, model in others if isinstance(model, _AID_MODELS)]
    if not aid:
        return []
    flags: list[Flag] = []
    index: list[tuple[str, dict[str, Any] | None]] = []
    funds: dict[str, str] | None = None
    for seq, row, model in aid:
        if isinstance(model, (pl.DistributionProposed, pl.DistributionApproved)) and funds is None:
            funds = fund_kinds(conn)
        if isinstance(model, pl.BeneficiarySaved):
            flags.extend(_beneficiary(conn, device, seq, row[ROW_PAYLOAD_JSON], model))
        elif isinstance(model, pl.DistributionProposed):
            flags.extend(_proposed(conn, device, seq, row[ROW_PAYLOAD_JSON], model, funds or {}))
        elif isinstance(model, pl.DistributionApproved):
            flags.extend(_decided(conn, device, seq, model.id, APPROVED, model.approved_at, index, funds or {}))
        elif isinstance(model, pl.DistributionRejected):
            flags.extend(_decided(conn, device, seq, model.id, REJECTED, model.rejected_at, None, {}))
    if index:
        put_items(conn, INDEX_KIND, index, office_id=GLOBAL)
        _record_overlap_rows(conn, index)
    return flags


def _record_overlap_rows(conn: Connection, index: list[tuple[str, dict[str, Any] | None]]) -> None:
    """The same entries as ``aid_index`` rows (with office id and asnaf) for the console's overlap report."""
    distribution_ids = sorted({item_id.rsplit(".", 1)[0] for item_id, _data in index})
    c = t.distributions.c
    known = {row.id: row for row in conn.execute(
        select(c.id, c.office_id, c.data).where(c.id.in_(distribution_ids)))}
    conn.execute(t.aid_index.delete().where(t.aid_index.c.item_id.in_([item_id for item_id, _ in index])))
    rows = []
    for item_id, data in index:
        dist = known.get(item_id.rsplit(".", 1)[0])
        if data is None or dist is None:
            continue
        asnaf = json.loads(dist.data).get("asnaf")
        rows.append({"item_id": item_id, "distribution_id": dist.id, "office_id": dist.office_id,
                     "nik_hash": data["nik_hash"], "kk_hash": data["kk_hash"], "aid_date": data["aid_date"],
                     "fund_code": data["fund_code"], "program_code": data["program_code"],
                     "asnaf": str(asnaf)[:40] if asnaf is not None else None, "amount": int(data["value"])})
    if rows:
        conn.execute(t.aid_index.insert(), rows)


def _beneficiary(conn: Connection, device: DeviceRef, seq: int, data: str, b: pl.BeneficiarySaved) -> list[Flag]:
    flags: list[Flag] = []
    current = conn.execute(select(t.beneficiaries.c.version, t.beneficiaries.c.office_id)
                           .where(t.beneficiaries.c.id == b.id)).first()
    if current is not None and current[1] != device.office_id:
        return [(seq, "office_mismatch", f"beneficiary {b.id} belongs to another office")]
    if current is not None and b.base_version is not None and b.base_version < current[0]:
        flags.append((seq, "concurrent_edit",
                      f"beneficiary {b.id} edited from version {b.base_version}, server has {current[0]}"))
    values = {"office_id": device.office_id, "version": b.version, "kind": b.kind, "name": b.name, "nik": b.nik,
              "kk": b.kk, "status": b.status, "data": data, "updated_at": now_iso()}
    if current is None:
        conn.execute(t.beneficiaries.insert().values(id=b.id, **values))
    elif b.version >= current[0]:
        conn.execute(t.beneficiaries.update().where(t.beneficiaries.c.id == b.id).values(**values))
    return flags


def _asnaf_breach(fund_kind: str | None, asnaf: Any) -> Flag | None:
    """Zakat goes to the eight asnaf only; anything else is for the district to review, not to index."""
    if fund_kind == "zakat" and asnaf not in pl.ASNAF:
        return (0, "asnaf_invalid", f"zakat given to {asnaf!r}, which is not one of the eight asnaf")
    return None


def _proposed(conn: Connection, device: DeviceRef, seq: int, data: str, d: pl.DistributionProposed,
              funds: dict[str, str]) -> list[Flag]:
    if conn.execute(select(t.distributions.c.id).where(t.distributions.c.id == d.id)).first() is not None:
        return [(seq, "duplicate_id", f"distribution {d.id} was already proposed")]
    flags: list[Flag] = []
    if d.fund_code not in funds:
        flags.append((seq, "unknown_fund", f"unknown fund {d.fund_code!r}"))
    asnaf = _asnaf_breach(funds.get(d.fund_code), d.asnaf)
    if asnaf is not None:
        flags.append((seq, *asnaf[1:]))
    if d.amount < 0:
        flags.append((seq, "negative_amount", f"amount {d.amount} is negative"))
    conn.execute(t.distributions.insert().values(
        id=d.id, office_id=device.office_id, device_id=device.device_id, seq=seq, number=d.number,
        beneficiary_id=d.beneficiary_id, fund_code=d.fund_code, program_code=d.program_code, amount=d.amount,
        status=PROPOSED, proposed_at=d.proposed_at, decided_at=None, data=data,
    ))
    return flags


def _decided(conn: Connection, device: DeviceRef, seq: int, distribution_id: str, status: str, at: str,
             index: list[tuple[str, dict[str, Any] | None]] | None, funds: dict[str, str]) -> list[Flag]:
    """Approve or reject a stored proposal; an approval appends its index entries to ``index``.

    The decision is a fact and always changes the status; an approval whose time cannot be read, lies
    in the future, or gives zakat outside the eight asnaf is flagged and kept out of the district
    aid index (every office would otherwise be warned by it).
    """
    c = t.distributions.c
    row = conn.execute(select(c.office_id, c.status, c.fund_code, c.program_code, c.amount, c.data)
                       .where(c.id == distribution_id)).first()
    if row is None:
        return [(seq, "distribution_unknown", f"decision on unknown distribution {distribution_id}")]
    if row.office_id != device.office_id:
        return [(seq, "distribution_other_office", f"distribution {distribution_id} is another office's")]
    if row.status != PROPOSED:
        return [(seq, "distribution_not_pending", f"distribution {distribution_id} is already {row.status}")]
    conn.execute(t.distributions.update().where(c.id == distribution_id).values(status=status, decided_at=at))
    if index is None:
        return []
    aid_date = _aid_date(at, _office_timezone(conn, device.office_id))
    if aid_date is None:
        return [(seq, "bad_timestamp", f"approval time {at[:40]!r} is not a valid past time")]
    asnaf = _asnaf_breach(funds.get(row.fund_code), json.loads(row.data).get("asnaf"))
    if asnaf is not None:
        return [(seq, *asnaf[1:])]
    index.extend(_index_entries(conn, device, distribution_id, aid_date, row))
    return []


def _aid_date(moment: str, timezone_name: str | None) -> str | None:
    """The office-local date of ``moment``, or None when it is not a time or lies after tomorrow."""
    try:
        aid_date = local_aid_date(moment, timezone_name)
    except (ValueError, OverflowError, TypeError):
        return None
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    return aid_date if aid_date <= tomorrow else None


def _index_entries(conn: Connection, device: DeviceRef, distribution_id: str, aid_date: str,
                   row: Any) -> list[tuple[str, dict[str, Any] | None]]:
    """One entry per recipient with a NIK or KK: ``<distribution id>.<n>`` (stable, so a re-send upserts)."""
    identities = json.loads(row.data).get("identities") or []
    wanted = [(i, x) for i, x in enumerate(identities) if isinstance(x, dict) and (x.get("nik") or x.get("kk"))]
    if not wanted:
        return []
    salt = district_salt(conn)
    return [(f"{distribution_id}.{i}", {
        "nik_hash": identity_hash(salt, str(x["nik"])) if x.get("nik") else None,
        "kk_hash": identity_hash(salt, str(x["kk"])) if x.get("kk") else None,
        "office_code": device.office_code, "aid_date": aid_date, "fund_code": row.fund_code,
        "program_code": row.program_code, "value": int(row.amount),
    }) for i, x in wanted]


def _office_timezone(conn: Connection, office_id: str) -> str | None:
    raw = conn.execute(select(t.ref_items.c.data).where(
        t.ref_items.c.kind == "setting", t.ref_items.c.item_id == "timezone", t.ref_items.c.office_id == office_id,
    )).scalar()
    value = json.loads(raw).get("value") if raw is not None else None
    return value if isinstance(value, str) else None


def district_salt(conn: Connection) -> str:
    """The district's salt (made once by migration 0002 and served as setting ``district_aid_salt``).

    Made here only if someone removed it: every index entry must be hashed with the salt the
    devices receive, so it is always read from the very item they pull.
    """
    raw = conn.execute(select(t.ref_items.c.data).where(
        t.ref_items.c.kind == "setting", t.ref_items.c.item_id == SALT_SETTING, t.ref_items.c.office_id == GLOBAL,
        t.ref_items.c.deleted.is_(False),
    )).scalar()
    value = json.loads(raw).get("value") if raw is not None else None
    if isinstance(value, str) and value:
        return value
    salt = secrets.token_hex(32)
    put_item(conn, "setting", SALT_SETTING, {"key": SALT_SETTING, "value": salt})
    return salt

