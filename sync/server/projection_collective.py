"""Projection of collective collection events (issue 14): ``institution.payers_added`` and
``collective.recorded``.

The money of a collective is in its payers' own ``donation.recorded`` events, projected like any other
donation; a collective only records which institution handed which of them over, so the district's
totals count every payer line once. Both events are untrusted input:

* a collective is checked against the donations it names: they must be this office's (another
  office's or an unknown id is flagged and not linked), in no other collective, and their count, sum
  and sums per fund must equal what the collective says; any mismatch flags it for review;
* a collective number outside the office's own series, or an institution that is another office's
  donor, is flagged and not projected; a payer list only ever links this office's donors.

A device sends events in order, and a collective comes after its donations, so they are already
projected (earlier batch, or earlier in this one: ``projection.project`` writes donations first).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from sync.protocol import payloads as pl
from sync.protocol.limits import MAX_DONATION_TOTAL
from sync.server import tables as t
from sync.server.bulk import insert_rows

if TYPE_CHECKING:
    from sync.server.ingest import DeviceRef

Flag = tuple[int, str, str]
CHUNK = 500
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def project_collective(conn: Connection, device: DeviceRef, others: list[tuple[int, Any, Any]]) -> list[Flag]:
    flags: list[Flag] = []
    for seq, _row, model in others:
        if isinstance(model, pl.InstitutionPayersAdded):
            flags.extend(_payers(conn, device, seq, model))
        elif isinstance(model, pl.CollectiveRecorded):
            flags.extend(_collective(conn, device, seq, model))
    return flags


def _donor_offices(conn: Connection, ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        part = unique[start:start + CHUNK]
        found.update({str(r[0]): str(r[1]) for r in conn.execute(
            select(t.donors.c.id, t.donors.c.office_id).where(t.donors.c.id.in_(part)))})
    return found


def _institution_breach(conn: Connection, device: DeviceRef, seq: int, institution_id: str) -> Flag | None:
    office = _donor_offices(conn, [institution_id]).get(institution_id)
    if office is None:
        return (seq, "institution_unknown", f"institution {institution_id} is no donor the district has seen")
    if office != device.office_id:
        return (seq, "office_mismatch", f"institution {institution_id} belongs to another office")
    return None


def _payers(conn: Connection, device: DeviceRef, seq: int, m: pl.InstitutionPayersAdded) -> list[Flag]:
    breach = _institution_breach(conn, device, seq, m.institution_id)
    if breach is not None:
        return [breach]
    flags: list[Flag] = []
    offices = _donor_offices(conn, m.donor_ids)
    own = [d for d in dict.fromkeys(m.donor_ids) if offices.get(d) == device.office_id]
    foreign = [d for d in dict.fromkeys(m.donor_ids) if offices.get(d) not in (None, device.office_id)]
    unknown = [d for d in dict.fromkeys(m.donor_ids) if d not in offices]
    if foreign:
        flags.append((seq, "office_mismatch", f"{len(foreign)} payer(s) belong to another office; not listed"))
    if unknown:
        flags.append((seq, "donor_unknown", f"{len(unknown)} payer(s) are no donor the district has seen"))
    listed: set[str] = set()
    for start in range(0, len(own), CHUNK):
        part = own[start:start + CHUNK]
        listed.update(str(r[0]) for r in conn.execute(select(t.institution_payers.c.donor_id).where(
            t.institution_payers.c.office_id == device.office_id,
            t.institution_payers.c.institution_id == m.institution_id, t.institution_payers.c.donor_id.in_(part))))
    insert_rows(conn, t.institution_payers, ("office_id", "institution_id", "donor_id", "added_at"),
                [(device.office_id, m.institution_id, d, m.added_at[:40]) for d in own if d not in listed])
    return flags


def _collective(conn: Connection, device: DeviceRef, seq: int, m: pl.CollectiveRecorded) -> list[Flag]:
    if not m.number.startswith(device.office_code + "/"):
        return [(seq, "collective_other_office", f"collective number {m.number!r} is not this office's")]
    if conn.execute(select(t.collectives.c.id).where(t.collectives.c.id == m.id)).first() is not None:
        return [(seq, "duplicate_id", f"collective {m.id} was already recorded")]
    breach = _institution_breach(conn, device, seq, m.institution_id)
    if breach is not None and breach[1] == "office_mismatch":
        return [breach]
    flags: list[Flag] = [breach] if breach is not None else []
    if not _PERIOD.match(m.period):
        flags.append((seq, "collective_period", f"period {m.period!r} is not YYYY-MM"))
    if m.payment_method not in pl.PAYMENT_METHODS:
        flags.append((seq, "payment_method", f"unknown payment method {m.payment_method!r}"))
    if not 0 <= m.total <= MAX_DONATION_TOTAL * 1000:
        flags.append((seq, pl.AMOUNT_OUT_OF_RANGE, f"total {m.total} is out of range"))

    ids = list(dict.fromkeys(m.donation_ids))
    if len(ids) != len(m.donation_ids):
        flags.append((seq, "collective_repeated_donation", "a donation is named twice"))
    found: dict[str, tuple[int, str]] = {}  # id -> (total, status), this office's only
    taken: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        for row in conn.execute(select(t.donations.c.id, t.donations.c.total, t.donations.c.status).where(
                t.donations.c.id.in_(part), t.donations.c.office_id == device.office_id)):
            found[str(row.id)] = (int(row.total), str(row.status))
        taken.update(str(r[0]) for r in conn.execute(
            select(t.collective_donations.c.donation_id).where(t.collective_donations.c.donation_id.in_(part))))
    missing = [d for d in ids if d not in found]
    if missing:
        flags.append((seq, "collective_unknown_donation",
                      f"{len(missing)} donation(s) named are not this office's recorded donations"))
    if taken:
        flags.append((seq, "collective_donation_taken", f"{len(taken)} donation(s) are in another collective"))
    linked = [d for d in ids if d in found and d not in taken]
    total = sum(found[d][0] for d in linked)
    by_fund: dict[str, int] = {}
    for start in range(0, len(linked), CHUNK):
        part = linked[start:start + CHUNK]
        for code, amount in conn.execute(
                select(t.donation_lines.c.fund_code, func.sum(t.donation_lines.c.amount))
                .where(t.donation_lines.c.donation_id.in_(part)).group_by(t.donation_lines.c.fund_code)):
            by_fund[str(code)] = by_fund.get(str(code), 0) + int(amount)
    stated: dict[str, int] = {}
    for line in m.totals_by_fund:
        stated[line.fund_code] = stated.get(line.fund_code, 0) + line.amount
    if total != m.total or len(ids) != m.payer_count or by_fund != stated:
        flags.append((seq, "collective_mismatch",
                      f"collective says {m.payer_count} payers, Rp{m.total:,}; its donations hold {len(linked)}, "
                      f"Rp{total:,}" + ("" if by_fund == stated else " (totals per fund differ)")))
    insert_rows(conn, t.collectives, (
        "id", "office_id", "device_id", "seq", "number", "institution_id", "institution_name", "period",
        "payment_method", "payment_reference", "total", "payer_count", "recorded_at", "needs_review",
    ), [(m.id, device.office_id, device.device_id, seq, m.number, m.institution_id, m.institution_name, m.period,
         m.payment_method, m.payment_reference, m.total, m.payer_count, m.recorded_at, bool(flags))])
    insert_rows(conn, t.collective_donations, ("donation_id", "collective_id", "office_id"),
                [(d, m.id, device.office_id) for d in linked])
    return flags
