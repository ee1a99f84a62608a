"""Projection of newly accepted events into the district's tables, inside the ingest transaction.

Rules: every event is stored whatever happens here; a breach of a business rule becomes a review
flag (the event is still projected when its payload parses, so the district sees the money);
references to records the server has not seen yet (a void of a receipt still on its way) are kept
unresolved and resolved when the record arrives, never refused. Donations are the hot path and are
written in bulk; the rarer types go row by row.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, or_, select

from sync.protocol import events as ev
from sync.protocol import payloads as pl
from sync.protocol.aid import SALT_SETTING
from sync.server import tables as t
from sync.server import totals
from sync.server.bulk import copy_text, insert_rows
from sync.server.cash import project_cash
from sync.server.projection_aid import project_aid
from sync.server.projection_collective import project_collective
from sync.server.records import ROW_PAYLOAD_JSON, CopyTexts, DonationRec, EventRow, Item
from sync.server.reference import GLOBAL, known_fund_codes, put_item

if TYPE_CHECKING:
    from sync.server.ingest import DeviceRef

log = logging.getLogger("amildesk.server")

Flag = tuple[int, str, str]  # seq, code, message
CHUNK = 500

DONATION_COLUMNS = (
    "id", "office_id", "device_id", "seq", "receipt_number", "donor_id", "donor_name", "donor_nik",
    "donor_npwp", "anonymous", "total", "payment_method", "payment_reference", "recorded_at", "user_id",
    "status", "needs_review",
)
HEAD_RECORDED_AT = DONATION_COLUMNS.index("recorded_at")
# Settings only the district sets (offices receive them; an office's settings.changed is flagged).
DISTRICT_SETTING_KEYS = frozenset({SALT_SETTING, "verify_url"})
LINE_COLUMNS = ("donation_id", "line_no", "fund_code", "program_code", "amount", "quantity", "unit")


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _existing(conn: Connection, column: Any, wanted: Iterable[str], *extra: Any,
              office: str | None = None) -> dict[str, Any]:
    """Rows whose ``column`` is in ``wanted`` (of ``office`` only, if given), keyed by that column
    (``extra`` columns as the value)."""
    found: dict[str, Any] = {}
    for part in _chunks(sorted(set(wanted))):
        query = select(column, *extra).where(column.in_(part))
        if office is not None:
            query = query.where(column.table.c.office_id == office)
        for row in conn.execute(query):
            found[row[0]] = row[1:] if extra else True
    return found


def project(conn: Connection, device: DeviceRef, new: list[Item], funds_used: set[str], received_at: str, *,
            check_taken: bool = False, careful: bool = False, copy: CopyTexts | None = None) -> list[Flag]:
    """Project ``new`` events (in seq order); returns review flags, sorted by seq.

    ``check_taken`` looks up already-stored donation ids first; without it the donations are inserted
    optimistically and a repeated id raises ``DuplicateRow`` (the caller retries with the look-up).
    ``careful`` projects each event in its own savepoint: an event whose projection fails for any
    reason is flagged ``projection_failed`` instead of failing the batch (the ingest's last resort
    when the fast bulk path raised something unexpected). ``copy``: ``new`` is a whole batch whose
    donation and line rows are also written as COPY text (used when every donation goes in as it came).
    """
    if careful:
        return _project_each(conn, device, new, received_at)
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
    for seq, _row, model in others:  # first: an office.created claims the device letter its receipts use
        if isinstance(model, pl.OfficeCreated):
            flags.extend(_project_office(conn, device, seq, model))
    if donations:
        flags.extend(_project_donations(conn, device, donations, funds_used, check_taken, received_at, copy))
    voids = [(seq, m) for seq, _row, m in others if isinstance(m, pl.DonationVoided)]
    if voids:
        flags.extend(_project_voids(conn, device, voids, received_at))
    donors = [(seq, row[ROW_PAYLOAD_JSON], m) for seq, row, m in others if isinstance(m, pl.DonorSaved)]
    if donors:
        flags.extend(_project_donors(conn, device, donors, received_at))
    for seq, _row, model in others:
        if isinstance(model, pl.UserSaved):
            if model.role not in pl.ROLES:
                flags.append((seq, "unknown_role", f"unknown role {model.role!r}"))
            put_item(conn, "user", model.id, model.model_dump(mode="json"), office_id=device.office_id)
        elif isinstance(model, pl.SettingsChanged):
            flags.extend(_project_setting(conn, device, seq, model))
    if others:  # beneficiaries, distributions, the district aid index, cash (never for a donations-only batch)
        flags.extend(project_aid(conn, device, others))
        flags.extend(project_collective(conn, device, others))
        flags.extend(project_cash(conn, device, others))
    flags.sort(key=lambda f: f[0])
    return flags


def _project_each(conn: Connection, device: DeviceRef, new: list[Item], received_at: str) -> list[Flag]:
    flags: list[Flag] = []
    for item in new:
        parsed = item[2]
        funds = {line[2] for line in parsed.lines} if type(parsed) is DonationRec else set()
        try:
            with conn.begin_nested():
                flags.extend(project(conn, device, [item], funds, received_at, check_taken=True))
        except Exception as exc:  # the last resort: anything a bad value can raise, as a flag
            log.warning("event %s/%s could not be projected: %s", device.device_id, item[0], type(exc).__name__)
            flags.append((item[0], "projection_failed",
                          f"the event could not be projected ({type(exc).__name__}); it is stored for review"))
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
    if type(donation) is str:  # the columnar lane's canonical payload text
        donation = json.loads(donation)
    if not isinstance(donation, pl.Donation):  # a fast-lane payload: parse it the ordinary way
        donation, _breach = pl.parse_payload(ev.DONATION_RECORDED, donation)
    return pl.donation_breaches(donation, funds)


def _project_donations(
    conn: Connection, device: DeviceRef, items: list[tuple[int, DonationRec]], funds_used: set[str],
    check_taken: bool, received_at: str, copy: CopyTexts | None = None,
) -> list[Flag]:
    """Bulk insert; a donation id seen before (in this batch, or stored when ``check_taken``) is flagged.

    A donation that names another office's or device's receipt number, or whose amounts are beyond
    what the district's totals can hold, is flagged and not projected (its event is stored).
    """
    funds = known_fund_codes(conn)
    all_known = funds_used <= funds
    seen = set(_existing(conn, t.donations.c.id, (rec.id for _, rec in items))) if check_taken else set()
    scope = ReceiptScope.of(conn, device)
    flags: list[Flag] = []
    rows: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    projected: list[DonationRec] = []
    receipts: set[str] = set()
    ok, review = ("recorded", False), ("recorded", True)
    for seq, rec in items:
        if rec.id in seen:
            flags.append((seq, "duplicate_id", f"donation {rec.id} was already recorded"))
            continue
        seen.add(rec.id)
        out_of_scope = scope.breach(rec.receipt_number)
        if out_of_scope is not None:
            flags.append((seq, out_of_scope.code, out_of_scope.message))
            continue
        if rec.clean and (all_known or all(line[2] in funds for line in rec.lines)):
            rows.append(rec.head + ok)
        else:
            breaches = _breaches(rec, funds)
            flags.extend((seq, b.code, b.message) for b in breaches)
            if any(b.code in pl.NOT_PROJECTED for b in breaches):
                continue
            rows.append(rec.head + (review if breaches else ok))
        lines.extend(rec.lines)
        projected.append(rec)
        receipts.add(rec.receipt_number)
    if copy is not None and not flags and len(projected) == len(items) == copy.donations.count("\n"):
        # Every donation as it came, none under review: exactly the rows the lane wrote as text.
        copy_text(conn, t.donations, DONATION_COLUMNS, copy.donations)
        copy_text(conn, t.donation_lines, LINE_COLUMNS, copy.lines)
    else:
        insert_rows(conn, t.donations, DONATION_COLUMNS, rows)
        insert_rows(conn, t.donation_lines, LINE_COLUMNS, lines)
    # Voids that arrived before their donation (from another device, or an earlier import).
    pending = conn.execute(
        select(t.voids.c.receipt_number)
        .where(t.voids.c.office_id == device.office_id, t.voids.c.resolved.is_(False))
    ).scalars().all()
    voided = set(pending) & receipts
    for receipt in voided:
        conn.execute(t.donations.update().where(t.donations.c.receipt_number == receipt)
                     .where(t.donations.c.office_id == device.office_id).values(status="void"))
        conn.execute(t.voids.update().where(t.voids.c.receipt_number == receipt)
                     .where(t.voids.c.office_id == device.office_id).values(resolved=True))
    totals.add_donations(conn, device.office_id, [
        (rec.head[HEAD_RECORDED_AT], rec.lines) for rec in projected
        if rec.receipt_number not in voided], received_at)
    return flags


class ReceiptScope:
    """Which receipt numbers a device may issue: ``OFFICE/YEAR/LETTER/NNNNNN`` with its office code and
    its own device letter (claimed by its office.created; until then, any letter no other device of
    the office has claimed)."""

    def __init__(self, office_code: str, own_letter: str | None, taken: set[str]) -> None:
        self.prefix = office_code + "/"
        self.own_letter = own_letter
        self.taken = taken
        # The common case in one regex match: ASCII digits and a letter this device may use. What it
        # does not match goes through ``breach``'s own checks (which also take other Unicode digits).
        all_letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
        if own_letter is None:
            letters = "".join(c for c in all_letters if c not in taken)
        else:  # a stored letter that is not one of A-Z matches no receipt number (see breach)
            letters = own_letter if own_letter in all_letters else ""
        self._plain = re.compile(f"{re.escape(self.prefix)}[0-9]{{4}}/[{letters}]/[0-9]{{6,}}").fullmatch \
            if letters else (lambda _number: None)

    @classmethod
    def of(cls, conn: Connection, device: DeviceRef) -> ReceiptScope:
        rows = conn.execute(select(t.devices.c.id, t.devices.c.letter).where(
            t.devices.c.office_id == device.office_id, t.devices.c.letter.is_not(None))).all()
        own = next((str(r.letter) for r in rows if r.id == device.device_id), None)
        return cls(device.office_code, own, {str(r.letter) for r in rows if r.id != device.device_id})

    def breach(self, number: str) -> pl.Breach | None:
        if self._plain(number) is not None:
            return None
        if not number.startswith(self.prefix):
            return pl.Breach("receipt_other_office", f"receipt number {number!r} is not this office's")
        parts = number[len(self.prefix):].split("/")
        if not (len(parts) == 3 and len(parts[0]) == 4 and parts[0].isdigit() and len(parts[1]) == 1
                and "A" <= parts[1] <= "Z" and len(parts[2]) >= 6 and parts[2].isdigit()):
            return pl.Breach("receipt_number_format", f"receipt number {number!r} is not OFFICE/YEAR/LETTER/NUMBER")
        letter = parts[1]
        if letter != self.own_letter and (self.own_letter is not None or letter in self.taken):
            return pl.Breach("receipt_other_device", f"receipt number {number!r} is another device's")
        return None


def _project_voids(conn: Connection, device: DeviceRef, items: list[tuple[int, pl.DonationVoided]],
                   received_at: str) -> list[Flag]:
    flags: list[Flag] = []
    # Only this office's donations: a receipt number is unique within its office, and another
    # office's donation is never touched from here.
    known = _existing(conn, t.donations.c.receipt_number, (m.receipt_number for _, m in items),
                      t.donations.c.id, office=device.office_id)
    for seq, v in items:
        match = known.get(v.receipt_number)
        resolved = match is not None
        donation_id = match[0] if match is not None else v.id
        if not v.receipt_number.startswith(device.office_code + "/"):
            flags.append((seq, "void_other_office", f"receipt {v.receipt_number!r} is another office's"))
            continue
        if match is None:
            flags.append((seq, "void_unknown_receipt", f"void of unknown receipt {v.receipt_number!r}"))
        elif conn.execute(t.donations.update().where(t.donations.c.id == donation_id)
                          .where(t.donations.c.status != "void").values(status="void")).rowcount:
            totals.subtract_donation(conn, device.office_id, donation_id, received_at)
        conn.execute(t.voids.insert().values(
            device_id=device.device_id, seq=seq, office_id=device.office_id,
            donation_id=donation_id, receipt_number=v.receipt_number, reason=v.reason,
            voided_at=v.voided_at, voided_by=v.voided_by, resolved=resolved,
        ))
    return flags


def _project_donors(
    conn: Connection, device: DeviceRef, items: list[tuple[int, str, pl.DonorSaved]], received_at: str
) -> list[Flag]:
    """Keep every version; the newest version wins for display; concurrent edits are flagged; another
    office's donor is flagged and left alone. One look-up per 500 ids and bulk writes: donors are a
    few percent of events but cost a dozen times a donation when written one statement at a time."""
    flags: list[Flag] = []
    state: dict[str, tuple[int, str]] = {
        key: (int(value[0]), str(value[1])) for key, value in _existing(
            conn, t.donors.c.id, (d.id for _, _, d in items), t.donors.c.version, t.donors.c.office_id).items()}
    stored = set(state)
    versions: list[tuple[Any, ...]] = []
    fresh: dict[str, tuple[Any, ...]] = {}
    changed: dict[str, dict[str, Any]] = {}
    for seq, data, d in items:
        current = state.get(d.id)
        if current is not None and current[1] != device.office_id:
            flags.append((seq, "office_mismatch", f"donor {d.id} belongs to another office"))
            continue
        versions.append((device.device_id, seq, device.office_id, d.id, d.version, d.base_version, data,
                         received_at))
        if current is not None and d.base_version is not None and d.base_version < current[0]:
            flags.append((seq, "concurrent_edit",
                          f"donor {d.id} edited from version {d.base_version}, server has {current[0]}"))
        if current is not None and d.version < current[0]:
            continue
        state[d.id] = (d.version, device.office_id)
        if d.id in stored:
            changed[d.id] = {"i": d.id, "office_id": device.office_id, "version": d.version, "name": d.name,
                             "nik": d.nik, "data": data, "updated_at": received_at}
        else:
            fresh[d.id] = (d.id, device.office_id, d.version, d.name, d.nik, data, received_at)
    insert_rows(conn, t.donor_versions, ("device_id", "seq", "office_id", "donor_id", "version", "base_version",
                                         "data", "received_at"), versions)
    insert_rows(conn, t.donors, ("id", "office_id", "version", "name", "nik", "data", "updated_at"),
                list(fresh.values()))
    if changed:
        conn.execute(t.donors.update().where(t.donors.c.id == bindparam("i")), list(changed.values()))
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
    # Only when it changes: every device of the office sends the same office.created, and an UPDATE
    # that matches the row locks it until commit, so the office's devices queued behind each other.
    conn.execute(t.offices.update().where(
        t.offices.c.id == device.office_id,
        or_(t.offices.c.institution_name.is_distinct_from(o.institution_name),
            t.offices.c.institution_address.is_distinct_from(o.institution_address)),
    ).values(institution_name=o.institution_name, institution_address=o.institution_address))
    values = {"label": f"{o.name} / {o.device_letter}"}
    letters = dict(conn.execute(select(t.devices.c.id, t.devices.c.letter).where(
        t.devices.c.office_id == device.office_id, t.devices.c.letter.is_not(None))).all())
    own = letters.pop(device.device_id, None)
    if not ("A" <= o.device_letter <= "Z"):
        flags.append((seq, "device_letter", f"device letter {o.device_letter!r} is not A-Z"))
    elif own is not None and own != o.device_letter:
        flags.append((seq, "device_letter", f"device letter {own!r} cannot become {o.device_letter!r}"))
    elif own is None and o.device_letter in letters.values():
        flags.append((seq, "device_letter_taken",
                      f"device letter {o.device_letter!r} is another device's in this office"))
    else:
        values["letter"] = o.device_letter
    conn.execute(t.devices.update().where(t.devices.c.id == device.device_id).values(**values))
    return flags


def _project_setting(conn: Connection, device: DeviceRef, seq: int, s: pl.SettingsChanged) -> list[Flag]:
    """An office setting, unless the key is the district's (reserved, or published to every office)."""
    district_owned = s.key in DISTRICT_SETTING_KEYS or conn.execute(select(t.ref_items.c.item_id).where(
        t.ref_items.c.kind == "setting", t.ref_items.c.item_id == s.key, t.ref_items.c.office_id == GLOBAL,
    )).first() is not None
    if district_owned:
        return [(seq, "district_key", f"setting {s.key!r} belongs to the district; not applied")]
    put_item(conn, "setting", s.key, {"key": s.key, "value": s.value}, office_id=device.office_id)
    return []
