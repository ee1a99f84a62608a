"""Collective donations: one hand-over by an institution, one ordinary donation per payer.

Why per-payer donations: each payer needs their own numbered receipt (and BSZ, for their tax), and
every report, balance and the district's totals already count donation lines by fund. So the
collective writes, in ONE transaction: the payers not yet known (``donor.saved``) and their link to
the institution (``institution.payers_added``), one donation per payer with its own receipt number
from the device's counter (``donation.recorded``, exactly the shape ``record_donation`` writes), and
the ``collectives`` row that groups them (``collective.recorded``, last, so the district can check it
against the donations that came before). The money is in the payers' lines only: never counted twice.

Lines are checked row by row with the beneficiary import's error style: every bad row gets all its
problems at once, and nothing is stored while any row is bad (unless the caller explicitly skips
them) or while the lines do not add up to the amount handed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.core.errors import AmilError, NotFound, ValidationError
from desktop.core.funds import FundUnit
from desktop.core.identity import validate_nik_or_nip
from desktop.core.ids import new_uuid7
from desktop.core.money import check_line_amount, format_rupiah, parse_rupiah
from desktop.core.payment import PaymentMethod, requires_reference
from desktop.core.receipt_number import format_receipt_number
from desktop.core.roles import Role
from desktop.core.text import clean_text
from desktop.services.beneficiary_rows import phone_cell
from desktop.services.closing import ensure_day_open
from desktop.services.context import AppContext
from desktop.services.donations import MAX_LINES, UNIT_DAYS, UNIT_PERSONS, VOID_COLUMNS, void_reason, void_row
from desktop.services.institutions import KIND_PERSON, Institution, donor_payload, link_payers, load_institution
from desktop.services.settings import load_settings
from desktop.store.journal import append_event
from desktop.store.journal_bulk import append_events, canonical_payload
from desktop.store.tables import (
    collectives,
    donation_lines,
    donations,
    donors,
    funds,
    institution_payers,
    receipt_counters,
)
from sync.protocol.events import COLLECTIVE_RECORDED, DONATION_RECORDED, DONOR_SAVED

MAX_PAYER_LINES = 20_000
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_CHUNK = 500


@dataclass(frozen=True)
class PayerLine:
    """One line as typed or imported: a payer, a fund (code or name) and an amount (number or text)."""

    name: str | None
    identity: str | None = None  # NIK (16 digits) or NIP (18 digits), as typed
    fund: str | None = None
    amount: Any = None           # int, or text as typed ("Rp50.000"), or a spreadsheet cell
    phone: Any = None
    row: int = 0                 # spreadsheet row or table row, for the error list
    donor_id: str | None = None  # a payer already on the list (copy last month, picked from the list)


@dataclass(frozen=True)
class CollectiveInput:
    institution_id: str
    period: str                  # YYYY-MM
    amount: int                  # the amount handed over
    payment_method: str
    lines: tuple[PayerLine, ...]
    payment_reference: str | None = None
    skip_bad_rows: bool = False  # store the good rows only (an explicit choice after seeing the errors)


@dataclass(frozen=True)
class LineError:
    row: int
    message: str
    codes: tuple[str, ...]
    name: str | None = None
    problems: tuple[AmilError, ...] = ()  # the errors themselves, for the window to translate


@dataclass
class _Good:
    row: int
    key: tuple[str, str]         # payer key: ("id", donor id) / ("nik", ...) / ("nip", ...) / ("name", ...)
    name: str
    nik: str | None
    nip: str | None
    phone: str | None
    fund_code: str
    amount: int
    quantity: int | None
    unit: str | None


@dataclass
class CollectivePlan:
    """What saving would do: the good lines, the bad rows, and whether the money adds up."""

    institution: Institution
    period: str
    amount: int
    lines: list[_Good] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    payers: int = 0
    new_payers: int = 0

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def difference(self) -> int:
        """Amount handed over minus the lines' sum: must be zero to save."""
        return self.amount - self.total

    def totals_by_fund(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for line in self.lines:
            found[line.fund_code] = found.get(line.fund_code, 0) + line.amount
        return found


@dataclass(frozen=True)
class IssuedReceipt:
    number: str
    donation_id: str
    donor_name: str
    total: int


@dataclass(frozen=True)
class RecordedCollective:
    id: str
    number: str
    total: int
    payer_count: int
    new_payers: int
    receipts: tuple[IssuedReceipt, ...]


class CollectiveRefused(ValidationError):
    """Rows are bad (``errors``): nothing was stored."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("collective_has_errors", count=len(errors))
        self.errors = errors


def check_period(text: str) -> str:
    match = _PERIOD.match((text or "").strip())
    if match is None or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError("collective_period_invalid", text=text or "")
    return match.group(0)


def previous_period(period: str) -> str:
    year, month = (int(part) for part in check_period(period).split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def _amount(value: Any) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError("collective_amount_required")
    if isinstance(value, bool):
        raise ValidationError("amount_not_number", text=str(value))
    if isinstance(value, int):
        return check_line_amount(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError("amount_has_decimals", text=str(value))
        return check_line_amount(int(value))
    return check_line_amount(parse_rupiah(str(value)))


def _identity(value: Any) -> tuple[str | None, str | None]:
    """(nik, nip) from a typed or imported cell; a spreadsheet number may have lost digits."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, float) or (type(value) is int and value % 10 == 0 and len(str(value)) >= 15):
        raise ValidationError("import_nik_numeric")
    kind, digits = validate_nik_or_nip(str(value))
    return (digits, None) if kind == "nik" else (None, digits)


@dataclass
class _Catalogue:
    units: dict[str, str]
    by_name: dict[str, str]
    fitrah_rate: int
    fidyah_rate: int

    def resolve(self, text: Any) -> str:
        raw = " ".join(str(text or "").split())
        if not raw:
            raise ValidationError("collective_fund_required")
        if raw in self.units:
            return raw
        found = self.by_name.get(raw.casefold())
        if found is not None:
            return found
        # What a clerk types or a treasurer's sheet says: "zakat penghasilan" for "Zakat Penghasilan/Profesi".
        wanted = raw.casefold()
        starts = {code for name, code in self.by_name.items() if name.startswith(wanted)}
        if len(starts) == 1:
            return starts.pop()
        if len(starts) > 1:
            raise ValidationError("collective_fund_ambiguous", fund=raw, count=len(starts))
        raise ValidationError("fund_unknown", fund=raw)


def _catalogue(ctx: AppContext, conn: Connection) -> _Catalogue:
    rates = load_settings(ctx.store).rates
    rows = conn.execute(select(funds.c.code, funds.c.name, funds.c.unit).where(funds.c.active.is_(True))).all()
    by_name: dict[str, str] = {}
    for row in rows:
        by_name.setdefault(row.name.casefold(), row.code)
        by_name.setdefault(row.code.casefold(), row.code)
    return _Catalogue({r.code: r.unit for r in rows}, by_name, rates.fitrah_money_per_person, rates.fidyah_per_day)


def _quantity(catalogue: _Catalogue, fund_code: str, amount: int) -> tuple[int | None, str | None]:
    """Fitrah/fidyah lines need persons/days: the amount must be a whole number of the office's rate."""
    unit = catalogue.units[fund_code]
    if unit == FundUnit.FITRAH.value:
        rate, label = catalogue.fitrah_rate, UNIT_PERSONS
    elif unit == FundUnit.FIDYAH.value:
        rate, label = catalogue.fidyah_rate, UNIT_DAYS
    else:
        return None, None
    if rate <= 0 or amount % rate:
        raise ValidationError("collective_rate_multiple", fund=fund_code, rate=format_rupiah(rate))
    return amount // rate, label


def _existing_by(conn: Connection, column: Any, values: set[str]) -> dict[str, tuple[str, str]]:
    """Person donors whose ``column`` is one of ``values``: value -> (id, name)."""
    found: dict[str, tuple[str, str]] = {}
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        part = ordered[start:start + _CHUNK]
        for row in conn.execute(select(column, donors.c.id, donors.c.name)
                                .where(column.in_(part), donors.c.kind == KIND_PERSON)
                                .order_by(donors.c.rowid)):
            found.setdefault(row[0], (row[1], row[2]))
    return found


def plan_collective(ctx: AppContext, conn: Connection, data: CollectiveInput) -> CollectivePlan:
    """Check every line (nothing written): per-row errors, payers matched to the list or new."""
    institution = load_institution(conn, data.institution_id)
    period = check_period(data.period)
    if isinstance(data.amount, bool) or not isinstance(data.amount, int) or data.amount < 0:
        raise ValidationError("amount_not_number", text=str(data.amount))
    if len(data.lines) > MAX_PAYER_LINES:
        raise ValidationError("import_too_many_rows", max_rows=MAX_PAYER_LINES)
    plan = CollectivePlan(institution=institution, period=period, amount=data.amount)
    catalogue = _catalogue(ctx, conn)
    listed = conn.execute(
        select(donors.c.id, donors.c.name, donors.c.nik, donors.c.nip)
        .join(institution_payers, institution_payers.c.donor_id == donors.c.id)
        .where(institution_payers.c.institution_id == institution.id)
    ).all()
    listed_ids = {r.id: r for r in listed}
    by_nik = {r.nik: r.id for r in listed if r.nik}
    by_nip = {r.nip: r.id for r in listed if r.nip}
    by_name: dict[str, str] = {}
    for r in listed:
        by_name.setdefault(r.name.casefold(), r.id)

    checked: list[tuple[PayerLine, list[AmilError], dict[str, Any]]] = []
    for line in data.lines:
        problems: list[AmilError] = []
        values: dict[str, Any] = {}
        for part, check in (
            ("name", lambda ln: clean_text(None if ln.name is None else str(ln.name), max_len=120, field="Nama")),
            ("identity", lambda ln: _identity(ln.identity)),
            ("fund", lambda ln: catalogue.resolve(ln.fund)),
            ("amount", lambda ln: _amount(ln.amount)),
            ("phone", lambda ln: phone_cell(ln.phone)),
        ):
            try:
                values[part] = check(line)
            except AmilError as exc:
                problems.append(exc)
        if "name" in values and not values["name"] and line.donor_id is None:
            problems.insert(0, ValidationError("collective_payer_name_required"))
        if line.donor_id is not None and line.donor_id not in listed_ids:
            problems.append(ValidationError("collective_payer_not_listed"))
        if "fund" in values and "amount" in values:
            try:
                values["quantity"] = _quantity(catalogue, values["fund"], values["amount"])
            except AmilError as exc:
                problems.append(exc)
        checked.append((line, problems, values))

    wanted_nik = {v["identity"][0] for _, p, v in checked if "identity" in v and v["identity"][0]} - set(by_nik)
    wanted_nip = {v["identity"][1] for _, p, v in checked if "identity" in v and v["identity"][1]} - set(by_nip)
    known_nik = _existing_by(conn, donors.c.nik, wanted_nik) if wanted_nik else {}
    known_nip = _existing_by(conn, donors.c.nip, wanted_nip) if wanted_nip else {}

    first_row: dict[tuple[tuple[str, str], str], int] = {}
    payer_keys: dict[tuple[str, str], bool] = {}  # key -> is new
    for line, problems, values in checked:
        nik, nip = values.get("identity", (None, None))
        name = values.get("name") or None
        key: tuple[str, str] | None = None
        if line.donor_id is not None and line.donor_id in listed_ids:
            row = listed_ids[line.donor_id]
            key, name, nik, nip = ("id", row.id), row.name, row.nik, row.nip
        elif nik and nik in by_nik:
            key = ("id", by_nik[nik])
        elif nip and nip in by_nip:
            key = ("id", by_nip[nip])
        elif nik and nik in known_nik:
            key = ("id", known_nik[nik][0])
        elif nip and nip in known_nip:
            key = ("id", known_nip[nip][0])
        elif nik:
            key = ("nik", nik)
        elif nip:
            key = ("nip", nip)
        elif name and name.casefold() in by_name:
            key = ("id", by_name[name.casefold()])
        elif name:
            key = ("name", name.casefold())
        if key is not None and "fund" in values:
            first = first_row.setdefault((key, values["fund"]), line.row)
            if first != line.row:
                problems.append(ValidationError("collective_line_duplicate", fund=values["fund"], first_row=first))
        if problems or key is None:
            plan.errors.append(LineError(line.row, "; ".join(str(p) for p in problems),
                                         tuple(p.code for p in problems), name or (line.name and str(line.name)),
                                         tuple(problems)))
            continue
        quantity, unit = values["quantity"]
        payer_keys.setdefault(key, key[0] != "id" or key[1] not in listed_ids)
        plan.lines.append(_Good(line.row, key, name or "", nik, nip, values.get("phone"), values["fund"],
                                values["amount"], quantity, unit))
    per_payer: dict[tuple[str, str], int] = {}
    for good in plan.lines:
        per_payer[good.key] = per_payer.get(good.key, 0) + 1
    crowded = {key for key, count in per_payer.items() if count > MAX_LINES}
    if crowded:
        for good in [g for g in plan.lines if g.key in crowded]:
            plan.errors.append(LineError(good.row, str(ValidationError("too_many_lines", max_lines=MAX_LINES)),
                                         ("too_many_lines",), good.name))
        plan.lines = [g for g in plan.lines if g.key not in crowded]
    plan.errors.sort(key=lambda e: e.row)
    plan.payers = len({g.key for g in plan.lines})
    plan.new_payers = sum(1 for key, new in payer_keys.items() if new and key not in crowded)
    return plan


def preview_collective(ctx: AppContext, data: CollectiveInput) -> CollectivePlan:
    """Dry run: the plan, nothing written."""
    with ctx.store.read() as conn:
        return plan_collective(ctx, conn, data)


def _check_payment(data: CollectiveInput) -> tuple[PaymentMethod, str | None]:
    try:
        method = PaymentMethod(data.payment_method)
    except ValueError as exc:
        raise ValidationError("payment_method_unknown", method=data.payment_method) from exc
    reference = clean_text(data.payment_reference, max_len=60, field="Referensi pembayaran")
    if requires_reference(method) and not reference:
        raise ValidationError("payment_reference_required")
    return method, reference


def _reserve_receipts(conn: Connection, office_code: str, year: int, letter: str, count: int) -> int:
    """Take ``count`` consecutive receipt numbers from the device's counter; returns the first seq."""
    upsert = sqlite_insert(receipt_counters).values(
        office_code=office_code, year=year, device_letter=letter, last_seq=count)
    statement = upsert.on_conflict_do_update(
        index_elements=["office_code", "year", "device_letter"],
        set_={"last_seq": receipt_counters.c.last_seq + count},
    ).returning(receipt_counters.c.last_seq)
    return int(conn.execute(statement).scalar_one()) - count + 1


def _collective_number(conn: Connection, ctx: AppContext, year: int) -> str:
    prefix = f"{ctx.office.code}/{year}/{ctx.office.device_letter}/KOL-"
    last = conn.execute(select(collectives.c.number).where(collectives.c.number.like(prefix + "%"))
                        .order_by(collectives.c.number.desc()).limit(1)).scalar_one_or_none()
    seq = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def record_collective(ctx: AppContext, data: CollectiveInput) -> RecordedCollective:
    """Check, then store the whole hand-over in one transaction (all or nothing); see the module doc."""
    user = ctx.require_user()
    method, reference = _check_payment(data)
    now = ctx.now()
    now_iso = ctx.now_iso()
    year = ctx.local(now).year
    with ctx.store.write() as conn:
        ensure_day_open(conn, ctx, now_iso)  # a closed day takes no new receipts, collective or not
        plan = plan_collective(ctx, conn, data)
        if plan.errors and not data.skip_bad_rows:
            raise CollectiveRefused(plan.errors)
        if not plan.lines:
            raise ValidationError("collective_no_lines")
        if plan.difference != 0:
            raise ValidationError("collective_total_mismatch", lines=format_rupiah(plan.total),
                                  amount=format_rupiah(plan.amount), difference=format_rupiah(plan.difference))
        institution = plan.institution

        # 1. Payers not known yet: new donors, each with its snapshot.
        payer_ids: dict[tuple[str, str], str] = {}
        new_rows: list[dict[str, Any]] = []
        for good in plan.lines:
            if good.key in payer_ids:
                continue
            if good.key[0] == "id":
                payer_ids[good.key] = good.key[1]
                continue
            donor_id = new_uuid7()
            payer_ids[good.key] = donor_id
            new_rows.append({"id": donor_id, "name": good.name, "nik": good.nik, "nip": good.nip, "npwp": None,
                             "phone": good.phone, "address": None, "village": None, "anonymous": False,
                             "version": 1, "created_at": now_iso, "updated_at": now_iso, "created_by": user.id,
                             "kind": KIND_PERSON})
        if new_rows:
            conn.execute(insert(donors), new_rows)
            append_events(conn, ctx.office.identity, type=DONOR_SAVED, user_id=user.id, occurred_at=now_iso,
                          items=[(r["id"], canonical_payload(donor_payload(r["id"], r))) for r in new_rows])
        # 2. Everyone who paid is on the institution's list from now on.
        link_payers(conn, ctx, institution.id, list(payer_ids.values()), user.id)

        # 3. One donation per payer, numbered from the device's counter in list order.
        donor_rows = _donor_snapshots(conn, list(payer_ids.values()))
        grouped: dict[str, list[_Good]] = {}
        for good in plan.lines:
            grouped.setdefault(payer_ids[good.key], []).append(good)
        first_seq = _reserve_receipts(conn, ctx.office.code, year, ctx.office.device_letter, len(grouped))
        collective_id = new_uuid7()
        heads: list[dict[str, Any]] = []
        line_rows: list[dict[str, Any]] = []
        events: list[tuple[str, Any]] = []
        issued: list[IssuedReceipt] = []
        for offset, (donor_id, lines) in enumerate(grouped.items()):
            snapshot = donor_rows[donor_id]
            number = format_receipt_number(ctx.office.code, year, ctx.office.device_letter, first_seq + offset)
            donation_id = new_uuid7()
            total = sum(g.amount for g in lines)
            resolved = [{"line_no": i, "fund_code": g.fund_code, "program_code": None, "amount": g.amount,
                         "quantity": g.quantity, "unit": g.unit} for i, g in enumerate(lines, start=1)]
            heads.append({"id": donation_id, "receipt_number": number, "donor_id": donor_id,
                          "donor_name": snapshot["name"], "donor_nik": snapshot["nik"], "donor_npwp": snapshot["npwp"],
                          "donor_address": snapshot["address"], "anonymous": False, "total": total,
                          "payment_method": method.value, "payment_reference": reference, "recorded_at": now_iso,
                          "user_id": user.id, "status": "aktif", "collective_id": collective_id})
            line_rows.extend({"donation_id": donation_id, "note": None, **line} for line in resolved)
            events.append((donation_id, canonical_payload({
                "id": donation_id, "receipt_number": number, "donor_id": donor_id, "donor_name": snapshot["name"],
                "donor_nik": snapshot["nik"], "donor_npwp": snapshot["npwp"], "anonymous": False, "total": total,
                "payment_method": method.value, "payment_reference": reference, "recorded_at": now_iso,
                "lines": resolved,
            })))
            issued.append(IssuedReceipt(number, donation_id, snapshot["name"], total))
        conn.execute(insert(collectives).values(
            id=collective_id, number=_collective_number(conn, ctx, year), institution_id=institution.id,
            institution_name=institution.name, period=plan.period, payment_method=method.value,
            payment_reference=reference, total=plan.total, payer_count=len(grouped), recorded_at=now_iso,
            user_id=user.id,
        ))
        conn.execute(insert(donations), heads)
        conn.execute(insert(donation_lines), line_rows)
        append_events(conn, ctx.office.identity, type=DONATION_RECORDED, items=events, user_id=user.id,
                      occurred_at=now_iso)
        # 4. The hand-over itself, last: the district checks it against the donations above.
        number = conn.execute(select(collectives.c.number).where(collectives.c.id == collective_id)).scalar_one()
        append_event(
            conn, ctx.office.identity, type=COLLECTIVE_RECORDED, entity_id=collective_id,
            payload={
                "id": collective_id, "number": number, "institution_id": institution.id,
                "institution_name": institution.name, "period": plan.period, "payment_method": method.value,
                "payment_reference": reference, "total": plan.total, "payer_count": len(grouped),
                "totals_by_fund": [{"fund_code": code, "amount": amount}
                                   for code, amount in sorted(plan.totals_by_fund().items())],
                "donation_ids": [r.donation_id for r in issued], "recorded_at": now_iso,
            },
            user_id=user.id, occurred_at=now_iso,
        )
    return RecordedCollective(collective_id, number, plan.total, len(grouped), plan.new_payers, tuple(issued))


def _donor_snapshots(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        part = ids[start:start + _CHUNK]
        for row in conn.execute(select(donors.c.id, donors.c.name, donors.c.nik, donors.c.npwp, donors.c.address)
                                .where(donors.c.id.in_(part))):
            found[row.id] = {"name": row.name, "nik": row.nik, "npwp": row.npwp, "address": row.address}
    return found


# A hand-over's status, from its payer receipts: all active, some voided, none active.
STATUS_ACTIVE = "aktif"
STATUS_PARTLY_VOID = "sebagian_batal"
STATUS_VOID = "batal"


@dataclass(frozen=True)
class CollectiveSummary:
    id: str
    number: str
    institution_id: str
    institution_name: str
    period: str
    payment_method: str
    payment_reference: str | None
    total: int            # as handed over (recorded); the active part is ``active_total``
    payer_count: int
    recorded_at: str
    active_count: int = 0
    active_total: int = 0

    @property
    def status(self) -> str:
        if self.active_count == 0:
            return STATUS_VOID
        return STATUS_ACTIVE if self.active_count == self.payer_count else STATUS_PARTLY_VOID


def _summaries(conn: Connection, where: Any, limit: int) -> list[CollectiveSummary]:
    """Hand-overs with the count and money of their still-active payer receipts (one grouped query)."""
    active = (select(donations.c.collective_id, func.count().label("n"), func.sum(donations.c.total).label("amount"))
              .where(donations.c.collective_id.is_not(None), donations.c.status == "aktif")
              .group_by(donations.c.collective_id).subquery())
    query = (select(collectives, active.c.n, active.c.amount)
             .outerjoin(active, active.c.collective_id == collectives.c.id)
             .order_by(collectives.c.recorded_at.desc(), collectives.c.number.desc()).limit(limit))
    if where is not None:
        query = query.where(where)
    return [CollectiveSummary(r.id, r.number, r.institution_id, r.institution_name, r.period, r.payment_method,
                              r.payment_reference, r.total, r.payer_count, r.recorded_at, int(r.n or 0),
                              int(r.amount or 0)) for r in conn.execute(query)]


def list_collectives(ctx: AppContext, institution_id: str | None = None, limit: int = 200) -> list[CollectiveSummary]:
    """Newest first, each with its status (aktif / sebagian batal / batal), for the Setoran lembaga list."""
    where = collectives.c.institution_id == institution_id if institution_id is not None else None
    with ctx.store.read() as conn:
        return _summaries(conn, where, limit)


def get_collective(ctx: AppContext, collective_id_or_number: str) -> CollectiveSummary:
    """One hand-over by id or by its number (``.../KOL-000001``, as typed on the command line)."""
    key = collective_id_or_number.strip()
    with ctx.store.read() as conn:
        found = _summaries(conn, (collectives.c.id == key) | (collectives.c.number == key), 1)
    if not found:
        raise NotFound("collective_not_found")
    return found[0]


@dataclass(frozen=True)
class VoidedCollective:
    """What ``void_collective`` did: the receipts voided now, and which of them were late voids."""

    id: str
    number: str
    receipts: tuple[str, ...]                   # receipt numbers voided by this call
    amount: int                                 # their money
    late: tuple[tuple[str, str], ...] = ()      # (receipt number, closed day) of each late void

    @property
    def late_days(self) -> tuple[str, ...]:
        return tuple(sorted({day for _number, day in self.late}))


def void_collective(ctx: AppContext, collective_id_or_number: str, reason: str) -> VoidedCollective:
    """Void a whole hand-over entered wrongly (kepala kantor or admin): every still-active payer receipt,
    in ONE transaction, so a crash never leaves half of it voided.

    Each receipt is voided exactly as ``void_donation`` does it (same reason rules, a late void for a
    receipt of a closed day, one ``donation.voided`` event each: the district needs nothing new).
    Receipts already voided one by one are left as they are; a hand-over with nothing active is refused.
    """
    user = ctx.require_role("membatalkan kuitansi", (Role.KEPALA, Role.ADMIN))
    clean_reason = void_reason(reason)
    key = collective_id_or_number.strip()
    now_iso = ctx.now_iso()
    with ctx.store.write() as conn:
        head = conn.execute(select(collectives.c.id, collectives.c.number)
                            .where((collectives.c.id == key) | (collectives.c.number == key))).first()
        if head is None:
            raise NotFound("collective_not_found")
        rows = conn.execute(select(*VOID_COLUMNS).where(donations.c.collective_id == head.id,
                                                        donations.c.status == "aktif")
                            .order_by(donations.c.receipt_number)).all()
        if not rows:
            raise ValidationError("collective_nothing_active", number=head.number)
        late: list[tuple[str, str]] = []
        for row in rows:
            closed_day = void_row(conn, ctx, row, clean_reason, user.id, now_iso)
            if closed_day is not None:
                late.append((row.receipt_number, closed_day))
    return VoidedCollective(head.id, head.number, tuple(r.receipt_number for r in rows),
                            sum(int(r.total) for r in rows), tuple(late))


def copy_last_month(ctx: AppContext, institution_id: str, period: str) -> list[PayerLine]:
    """The lines of the institution's previous month (or, failing that, its latest earlier month).

    Same payers (by donor id, so no NIK needs showing), funds and amounts; voided receipts are left out.
    The clerk edits them before saving.
    """
    wanted = previous_period(period)
    with ctx.store.read() as conn:
        load_institution(conn, institution_id)
        found = conn.execute(
            select(collectives.c.id).where(collectives.c.institution_id == institution_id,
                                           collectives.c.period <= wanted)
            .order_by(collectives.c.period.desc(), collectives.c.recorded_at.desc()).limit(1)
        ).scalar_one_or_none()
        if found is None:
            raise ValidationError("collective_nothing_last_month", period=wanted)
        rows = conn.execute(
            select(donations.c.donor_id, donors.c.name, donors.c.nik, donors.c.nip, donors.c.phone,
                   donation_lines.c.fund_code, donation_lines.c.amount)
            .join(donation_lines, donation_lines.c.donation_id == donations.c.id)
            .join(donors, donors.c.id == donations.c.donor_id)
            .where(donations.c.collective_id == found, donations.c.status == "aktif")
            .order_by(donations.c.receipt_number, donation_lines.c.line_no)
        ).all()
    return [PayerLine(name=r.name, identity=r.nik or r.nip, fund=r.fund_code, amount=r.amount, phone=r.phone,
                      row=i, donor_id=r.donor_id) for i, r in enumerate(rows, start=1)]


def lines_total(lines: Iterable[PayerLine]) -> int:
    """Sum of the amounts that read as money (for a live difference while typing); others count 0."""
    total = 0
    for line in lines:
        try:
            total += _amount(line.amount)
        except AmilError:
            continue
    return total


@dataclass(frozen=True)
class InstitutionMonth:
    """One institution's collective hand-overs recorded in a report period (voided payer receipts left out)."""

    institution_id: str
    name: str
    institution_type: str
    handovers: int
    payers: int
    amount: int


def institutions_between(conn: Connection, start: str, end: str) -> list[InstitutionMonth]:
    """Per institution: hand-overs recorded in [start, end) (UTC ISO prefixes), payers and money of their
    active payer receipts. The money is the same as in the fund totals (it is those lines), shown by source."""
    from sqlalchemy import distinct

    rows = conn.execute(
        select(collectives.c.institution_id, donors.c.name, donors.c.institution_type,
               func.count(distinct(collectives.c.id)), func.count(donations.c.id), func.sum(donations.c.total))
        .join(donations, donations.c.collective_id == collectives.c.id)
        .join(donors, donors.c.id == collectives.c.institution_id)
        .where(collectives.c.recorded_at >= start, collectives.c.recorded_at < end, donations.c.status == "aktif")
        .group_by(collectives.c.institution_id, donors.c.name, donors.c.institution_type)
        .order_by(donors.c.name)
    ).all()
    return [InstitutionMonth(str(r[0]), str(r[1]), str(r[2] or "lainnya"), int(r[3]), int(r[4]), int(r[5] or 0))
            for r in rows]
