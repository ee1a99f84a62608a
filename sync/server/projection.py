"""Projection of newly accepted events into the district's tables, inside the ingest transaction.

Rules: every event is stored whatever happens here; a breach of a business rule becomes a review
flag (the event is still projected when its payload parses, so the district sees the money);
references to records the server has not seen yet (a void of a receipt still on its way) are kept
unresolved and resolved when the record arrives, never refused. Donations are the hot path and are
written in bulk; the rarer types go row by row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from sync.protocol import events as ev
from sync.protocol import payloads as pl
from sync.server import tables as t
from sync.server.bulk import insert_rows
from sync.server.projection_aid import project_aid
from sync.server.records import ROW_PAYLOAD_JSON, DonationRec, EventRow, Item
from sync.server.reference import known_fund_codes, put_item

if TYPE_CHECKING:
    from sync.server.ingest import DeviceRef

Flag = tuple[int, str, str]  # seq, code, message
CHUNK = 500

DONATION_COLUMNS = (
    "id", "office_id", "device_id", "seq", "receipt_number", "donor_id", "donor_name", "donor_nik",
    "donor_npwp", "anonymous", "total", "payment_method", "payment_reference", "recorded_at", "user_id",
    "status", "needs_review",
)
LINE_COLUMNS = ("donation_id", "line_no", "fund_code", "program_code", "amount", "quantity", "unit")


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _existing(conn: Connection, column: Any, wanted: Iterable[str], *extra: Any) -> dict[str, Any]:
    """Rows whose ``column`` is in ``wanted``, keyed by that column (``extra`` columns as the value)."""
    found: dict[str, Any] = {}
    for part in _chunks(sorted(set(wanted))):
        for row in conn.execute(select(column, *extra).where(column.in_(part))):
            found[row[0]] = row[1:] if extra else True
    return found


def project(conn: Connection, device: DeviceRef, new: list[Item], funds_used: set[str], received_at: str, *,
            check_taken: bool = False) -> list[Flag]:
    """Project ``new`` events (in seq order); returns review flags, sorted by seq.

    ``check_taken`` looks up already-stored donation ids first; without it the donations are inserted
    optimistically and a repeated id raises ``DuplicateRow`` (the caller retries with the look-up).
    """
    flags: list[Flag] = []
    donations: list[tuple[int, DonationRec]] = []
    others: list[tuple[int, EventRow, Any]] = []
    for seq, row, parsed, breach in new:
        if breach is not None:
            flags.append((seq, breach.code, breach.message))
        elif type(parsed) is DonationRec:
            donations.append((seq, parsed))
        else:
            others.append((seq, row, parsed))
    if donations:
        flags.extend(_project_donations(conn, device, donations, funds_used, check_taken))
    voids = [(seq, m) for seq, _row, m in others if isinstance(m, pl.DonationVoided)]
    if voids:
        flags.extend(_project_voids(conn, device, voids))
    for seq, row, model in others:
        if isinstance(model, pl.DonorSaved):
            flags.extend(_project_donor(conn, device, seq, row[ROW_PAYLOAD_JSON], model, received_at))
        elif isinstance(model, pl.UserSaved):
            if model.role not in pl.ROLES:
                flags.append((seq, "unknown_role", f"unknown role {model.role!r}"))
            put_item(conn, "user", model.id, model.model_dump(mode="json"), office_id=device.office_id)
        elif isinstance(model, pl.SettingsChanged):
            put_item(conn, "setting", model.key, {"key": model.key, "value": model.value},
                     office_id=device.office_id)
        elif isinstance(model, pl.OfficeCreated):
            flags.extend(_project_office(conn, device, seq, model))
    if others:  # beneficiaries, distributions, the district aid index (never for a donations-only batch)
        flags.extend(project_aid(conn, device, others))
    flags.sort(key=lambda f: f[0])
    return flags


def donation_record(d: pl.Donation, seq: int, user_id: str | None, device: DeviceRef) -> DonationRec:
    """Rows of a donation parsed by the general path (its money rules are checked in the transaction)."""
    numbers: set[int] = set()
    lines: list[tuple[Any, ...]] = []
    for line in d.lines:
        if line.line_no not in numbers:
            numbers.add(line.line_no)
            lines.append((d.id, line.line_no, line.fund_code, line.program_code, line.amount, line.quantity,
                          line.unit))
    head = (d.id, device.office_id, device.device_id, seq, d.receipt_number, d.donor_id, d.donor_name,
            d.donor_nik, d.donor_npwp, d.anonymous, d.total, d.payment_method, d.payment_reference,
            d.recorded_at, user_id)
    return DonationRec(d.id, d.receipt_number, head, lines, False, d)


def _breaches(rec: DonationRec, funds: set[str]) -> list[pl.Breach]:
    donation = rec.source
    if not isinstance(donation, pl.Donation):  # a fast-lane payload: parse it the ordinary way
        donation, _breach = pl.parse_payload(ev.DONATION_RECORDED, donation)
    return pl.donation_breaches(donation, funds)


def _project_donations(
    conn: Connection, device: DeviceRef, items: list[tuple[int, DonationRec]], funds_used: set[str],
    check_taken: bool,
) -> list[Flag]:
    """Bulk insert; a donation id seen before (in this batch, or stored when ``check_taken``) is flagged."""
    funds = known_fund_codes(conn)
    all_known = funds_used <= funds
    seen = set(_existing(conn, t.donations.c.id, (rec.id for _, rec in items))) if check_taken else set()
    flags: list[Flag] = []
    rows: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    receipts: set[str] = set()
    ok, review = ("recorded", False), ("recorded", True)
    for seq, rec in items:
        if rec.id in seen:
            flags.append((seq, "duplicate_id", f"donation {rec.id} was already recorded"))
            continue
        seen.add(rec.id)
        if rec.clean and (all_known or all(line[2] in funds for line in rec.lines)):
            rows.append(rec.head + ok)
        else:
            breaches = _breaches(rec, funds)
            flags.extend((seq, b.code, b.message) for b in breaches)
            rows.append(rec.head + (review if breaches else ok))
        lines.extend(rec.lines)
        receipts.add(rec.receipt_number)
    insert_rows(conn, t.donations, DONATION_COLUMNS, rows)
    insert_rows(conn, t.donation_lines, LINE_COLUMNS, lines)
    # Voids that arrived before their donation (from another device, or an earlier import).
    pending = conn.execute(
        select(t.voids.c.receipt_number)
        .where(t.voids.c.office_id == device.office_id, t.voids.c.resolved.is_(False))
    ).scalars().all()
    for receipt in set(pending) & receipts:
        conn.execute(t.donations.update().where(t.donations.c.receipt_number == receipt)
                     .where(t.donations.c.office_id == device.office_id).values(status="void"))
        conn.execute(t.voids.update().where(t.voids.c.receipt_number == receipt)
                     .where(t.voids.c.office_id == device.office_id).values(resolved=True))
    return flags


def _project_voids(conn: Connection, device: DeviceRef, items: list[tuple[int, pl.DonationVoided]]) -> list[Flag]:
    flags: list[Flag] = []
    known = _existing(conn, t.donations.c.receipt_number, (m.receipt_number for _, m in items),
                      t.donations.c.id, t.donations.c.office_id)
    for seq, v in items:
        match = known.get(v.receipt_number)
        resolved = match is not None and match[1] == device.office_id
        donation_id = match[0] if match is not None and resolved else v.id
        if match is None:
            flags.append((seq, "void_unknown_receipt", f"void of unknown receipt {v.receipt_number!r}"))
        elif not resolved:
            flags.append((seq, "void_other_office", f"receipt {v.receipt_number!r} is another office's"))
        else:
            conn.execute(t.donations.update().where(t.donations.c.id == donation_id).values(status="void"))
        conn.execute(t.voids.insert().values(
            device_id=device.device_id, seq=seq, office_id=device.office_id,
            donation_id=donation_id, receipt_number=v.receipt_number, reason=v.reason,
            voided_at=v.voided_at, voided_by=v.voided_by, resolved=resolved,
        ))
    return flags


def _project_donor(
    conn: Connection, device: DeviceRef, seq: int, data: str, d: pl.DonorSaved, received_at: str
) -> list[Flag]:
    """Keep every version; the newest version wins for display; concurrent edits are flagged."""
    flags: list[Flag] = []
    conn.execute(t.donor_versions.insert().values(
        device_id=device.device_id, seq=seq, office_id=device.office_id, donor_id=d.id,
        version=d.version, base_version=d.base_version, data=data, received_at=received_at,
    ))
    current = conn.execute(select(t.donors.c.version).where(t.donors.c.id == d.id)).scalar()
    if current is not None and d.base_version is not None and d.base_version < current:
        flags.append((seq, "concurrent_edit",
                      f"donor {d.id} edited from version {d.base_version}, server has {current}"))
    values = {"office_id": device.office_id, "version": d.version, "name": d.name, "nik": d.nik,
              "data": data, "updated_at": received_at}
    if current is None:
        conn.execute(t.donors.insert().values(id=d.id, **values))
    elif d.version >= current:
        conn.execute(t.donors.update().where(t.donors.c.id == d.id).values(**values))
    return flags


def _project_office(conn: Connection, device: DeviceRef, seq: int, o: pl.OfficeCreated) -> list[Flag]:
    flags: list[Flag] = []
    # The office app names its office by the district code in every event and keeps its own local id
    # in this payload; either naming the device's office is the same office.
    same_office = o.office_id == device.office_id or o.code in (device.office_id, device.office_code)
    if not same_office or o.device_id != device.device_id:
        flags.append((seq, "office_mismatch", "office.created names another office or device"))
        return flags
    if o.code != device.office_code:
        flags.append((seq, "office_code_mismatch",
                      f"device calls the office {o.code!r}, the server {device.office_code!r}"))
    conn.execute(t.offices.update().where(t.offices.c.id == device.office_id).values(
        institution_name=o.institution_name, institution_address=o.institution_address,
    ))
    conn.execute(t.devices.update().where(t.devices.c.id == device.device_id).values(
        label=f"{o.name} / {o.device_letter}",
    ))
    return flags

