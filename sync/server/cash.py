"""Projection of ``day.closed``, ``day.reopened`` and ``deposit.recorded``, and the district's confirmation.

Called from ``projection.project`` inside the batch's transaction (rare events: row by row). Every
value is untrusted: a closing or deposit that names another office, repeats an id the server holds,
or breaks a money rule is flagged; it is projected (``needs_review``) when it is this office's and
its figures can be stored, so the district still sees the money, and left out when it is not the
sending office's (another office's ids are never touched).

Running totals per office (``office_cash_totals``) and per office and fund (``office_fund_deposits``)
move in the same transaction, so the console reads one row per office instead of summing.

``confirm_deposit`` is the district's side: it marks the deposit and publishes a reference item of
kind ``deposit_confirmation`` (office-scoped, item id = deposit id) that the office pulls.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, select

from sync.protocol import payloads as pl
from sync.protocol.canonical import canonical_json
from sync.server import tables as t
from sync.server.db import write_tx
from sync.server.reference import known_fund_codes, now_iso, put_item

if TYPE_CHECKING:
    from sync.server.ingest import DeviceRef

Flag = tuple[int, str, str]  # seq, code, message (as in sync.server.projection)
CLOSED, REOPENED = "closed", "reopened"
CONFIRMATION_KIND = "deposit_confirmation"
_CASH_MODELS = (pl.DayClosed, pl.DayReopened, pl.DepositRecorded)


def project_cash(conn: Connection, device: DeviceRef, others: Iterable[tuple[int, Any, Any]]) -> list[Flag]:
    """Project the cash events among ``others`` (seq order, parsed payloads); returns review flags."""
    cash = [(seq, row, model) for seq, row, model in others if isinstance(model, _CASH_MODELS)]
    if not cash:
        return []
    flags: list[Flag] = []
    funds: set[str] | None = None
    for seq, row, model in cash:
        at = str(row[6]) if row is not None else now_iso()  # the event's occurred_at
        if isinstance(model, pl.DayClosed):
            funds = known_fund_codes(conn) if funds is None else funds
            flags.extend(_closed(conn, device, seq, at, model, funds))
        elif isinstance(model, pl.DayReopened):
            flags.extend(_reopened(conn, device, seq, at, model))
        else:
            funds = known_fund_codes(conn) if funds is None else funds
            flags.extend(_deposit(conn, device, seq, at, model, funds))
    return flags


def _own_office(device: DeviceRef, office_id: str) -> bool:
    """The office app names its office by code; the server's id is the code too (migration 0003)."""
    return office_id in (device.office_id, device.office_code)


def _date_problem(text: str) -> str | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return f"date {text!r} is not YYYY-MM-DD"
    if day > (datetime.now(UTC) + timedelta(days=1)).date():
        return f"date {text} lies in the future"
    return None


def _totals_row(conn: Connection, office_id: str) -> dict[str, Any]:
    row = conn.execute(select(t.office_cash_totals).where(t.office_cash_totals.c.office_id == office_id)).first()
    if row is None:
        values = {"office_id": office_id, "closings": 0, "last_closed_day": None, "difference_total": 0,
                  "deposited_total": 0, "confirmed_total": 0, "pending_deposits": 0, "updated_at": now_iso()}
        conn.execute(t.office_cash_totals.insert().values(**values))
        return values
    return dict(row._mapping)


def _bump_totals(conn: Connection, office_id: str, **delta: int) -> None:
    current = _totals_row(conn, office_id)
    values: dict[str, Any] = {key: int(current[key]) + change for key, change in delta.items()}
    values["updated_at"] = now_iso()
    conn.execute(t.office_cash_totals.update().where(t.office_cash_totals.c.office_id == office_id).values(**values))


def _refresh_last_closed(conn: Connection, office_id: str) -> None:
    c = t.day_closings.c
    last = conn.execute(select(c.day).where(c.office_id == office_id, c.status == CLOSED)
                        .order_by(c.day.desc()).limit(1)).scalar()
    _totals_row(conn, office_id)
    conn.execute(t.office_cash_totals.update().where(t.office_cash_totals.c.office_id == office_id)
                 .values(last_closed_day=last, updated_at=now_iso()))


def _closed(conn: Connection, device: DeviceRef, seq: int, at: str, m: pl.DayClosed, funds: set[str]) -> list[Flag]:
    if not _own_office(device, m.office_id):
        return [(seq, "office_mismatch", f"closing names office {m.office_id!r}, not the sending device's")]
    existing = conn.execute(select(t.day_closings.c.office_id).where(t.day_closings.c.id == m.closing_id)).first()
    if existing is not None:
        code = "duplicate_id" if existing.office_id == device.office_id else "closing_other_office"
        return [(seq, code, f"closing {m.closing_id} is already stored")]
    flags: list[Flag] = []
    problem = _date_problem(m.date)
    if problem is not None:
        flags.append((seq, "bad_date", problem))
    methods = [x.method for x in m.methods]
    if len(set(methods)) != len(methods):
        flags.append((seq, "duplicate_method", "a payment method is listed twice"))
    for x in m.methods:
        if x.method not in pl.PAYMENT_METHODS:
            flags.append((seq, "payment_method", f"unknown payment method {x.method!r}"))
        if x.counted < 0:
            flags.append((seq, "negative_amount", f"{x.method}: counted {x.counted} is negative"))
        if x.difference != x.counted - x.expected:
            flags.append((seq, "difference_mismatch",
                          f"{x.method}: difference {x.difference} is not counted - expected"))
    for value, pieces in (m.denominations or {}).items():
        if pieces < 0:
            flags.append((seq, "negative_amount", f"denomination {value[:20]!r}: {pieces} pieces"))
    for f in m.totals_by_fund:
        if f.fund_code not in funds:
            flags.append((seq, "unknown_fund", f"unknown fund {f.fund_code!r}"))
    if m.late_void_adjustment < 0:
        flags.append((seq, "negative_amount", f"late void adjustment {m.late_void_adjustment} is negative"))
    c = t.day_closings.c
    if conn.execute(select(c.id).where(c.office_id == device.office_id, c.device_id == device.device_id,
                                       c.day == m.date, c.status == CLOSED)).first() is not None:
        flags.append((seq, "day_already_closed", f"this device already closed {m.date}"))
    expected = sum(x.expected for x in m.methods)
    counted = sum(x.counted for x in m.methods)
    conn.execute(t.day_closings.insert().values(
        id=m.closing_id, office_id=device.office_id, device_id=device.device_id, seq=seq, day=m.date,
        status=CLOSED, expected=expected, counted=counted, difference=counted - expected,
        late_void_adjustment=m.late_void_adjustment,
        methods=canonical_json([x.model_dump(mode="json") for x in m.methods]).decode("utf-8"),
        denominations=None if m.denominations is None else canonical_json(m.denominations).decode("utf-8"),
        totals_by_fund=canonical_json([f.model_dump(mode="json") for f in m.totals_by_fund]).decode("utf-8"),
        note=m.note, closed_by=m.closed_by, confirmed_by=m.confirmed_by, closed_at=at[:40],
        needs_review=bool(flags),
    ))
    _bump_totals(conn, device.office_id, closings=1, difference_total=counted - expected)
    _refresh_last_closed(conn, device.office_id)
    return flags


def _reopened(conn: Connection, device: DeviceRef, seq: int, at: str, m: pl.DayReopened) -> list[Flag]:
    c = t.day_closings.c
    row = conn.execute(select(c.office_id, c.device_id, c.status, c.day, c.counted, c.expected)
                       .where(c.id == m.closing_id)).first()
    if row is None:
        return [(seq, "closing_unknown", f"reopening of unknown closing {m.closing_id}")]
    if row.office_id != device.office_id:
        return [(seq, "closing_other_office", f"closing {m.closing_id} is another office's")]
    if row.status != CLOSED:
        return [(seq, "closing_not_closed", f"closing {m.closing_id} is already {row.status}")]
    flags: list[Flag] = []
    if row.day != m.date:
        flags.append((seq, "date_mismatch", f"closing {m.closing_id} is of {row.day}, not {m.date}"))
    conn.execute(t.day_closings.update().where(c.id == m.closing_id).values(
        status=REOPENED, reopened_at=at[:40], reopened_by=m.by, reopen_reason=m.reason))
    _bump_totals(conn, device.office_id, closings=-1, difference_total=-(int(row.counted) - int(row.expected)))
    _refresh_last_closed(conn, device.office_id)
    return flags


def _deposit(conn: Connection, device: DeviceRef, seq: int, at: str, m: pl.DepositRecorded,
             funds: set[str]) -> list[Flag]:
    if not _own_office(device, m.office_id):
        return [(seq, "office_mismatch", f"deposit names office {m.office_id!r}, not the sending device's")]
    existing = conn.execute(select(t.deposits.c.office_id).where(t.deposits.c.id == m.deposit_id)).first()
    if existing is not None:
        code = "duplicate_id" if existing.office_id == device.office_id else "deposit_other_office"
        return [(seq, code, f"deposit {m.deposit_id} is already stored")]
    flags: list[Flag] = []
    problem = _date_problem(m.date)
    if problem is not None:
        flags.append((seq, "bad_date", problem))
    lines: dict[str, int] = {}
    for line in m.lines:
        if line.amount <= 0:
            flags.append((seq, "negative_amount", f"{line.fund_code}: amount {line.amount} is not positive"))
        if line.fund_code not in funds:
            flags.append((seq, "unknown_fund", f"unknown fund {line.fund_code!r}"))
        if line.fund_code in lines:
            flags.append((seq, "duplicate_fund", f"fund {line.fund_code!r} is listed twice"))
        lines[line.fund_code] = lines.get(line.fund_code, 0) + line.amount
    total = sum(lines.values())
    if total != m.total:
        flags.append((seq, "total_mismatch", f"lines sum to {total}, total is {m.total}"))
    conn.execute(t.deposits.insert().values(
        id=m.deposit_id, office_id=device.office_id, device_id=device.device_id, seq=seq, deposited_on=m.date,
        total=total, bank=m.bank, account=m.account, reference=m.reference, recorded_by=m.by, recorded_at=at[:40],
        needs_review=bool(flags),
    ))
    conn.execute(t.deposit_lines.insert(), [{"deposit_id": m.deposit_id, "fund_code": code, "amount": amount}
                                            for code, amount in lines.items()])
    for code, amount in lines.items():
        _bump_fund(conn, device.office_id, code, deposited=amount)
    _bump_totals(conn, device.office_id, deposited_total=total, pending_deposits=1)
    return flags


def _bump_fund(conn: Connection, office_id: str, fund_code: str, *, deposited: int = 0, confirmed: int = 0) -> None:
    c = t.office_fund_deposits.c
    row = conn.execute(select(c.deposited, c.confirmed)
                       .where(c.office_id == office_id, c.fund_code == fund_code)).first()
    if row is None:
        conn.execute(t.office_fund_deposits.insert().values(office_id=office_id, fund_code=fund_code,
                                                            deposited=deposited, confirmed=confirmed))
    else:
        conn.execute(t.office_fund_deposits.update().where(c.office_id == office_id, c.fund_code == fund_code)
                     .values(deposited=int(row.deposited) + deposited, confirmed=int(row.confirmed) + confirmed))


def confirm_deposit_in(conn: Connection, deposit_id: str, *, by: str, note: str = "",
                       office_id: str | None = None) -> dict[str, Any]:
    """Mark a deposit as received (in the caller's transaction) and publish the confirmation to its office.

    ``office_id`` (the console's Kantor page) refuses a deposit of another office. Confirming again
    changes nothing and returns the first confirmation. Raises LookupError / ValueError.
    """
    who = " ".join((by or "").split())
    if not who or len(who) > 120:
        raise ValueError("--by must name who confirms (1-120 characters)")
    clean_note = " ".join((note or "").split())[:300]
    c = t.deposits.c
    row = conn.execute(select(c.id, c.office_id, c.total, c.confirmed_at, c.confirmed_by, c.confirm_note)
                       .where(c.id == deposit_id)).first()
    if row is None or (office_id is not None and row.office_id != office_id):
        raise LookupError(f"no deposit {deposit_id}")
    if row.confirmed_at is not None:
        return {"deposit_id": row.id, "confirmed_at": row.confirmed_at, "confirmed_by": row.confirmed_by,
                "note": row.confirm_note or ""}
    at = now_iso()
    conn.execute(t.deposits.update().where(c.id == deposit_id).values(
        confirmed_at=at, confirmed_by=who, confirm_note=clean_note))
    for code, amount in conn.execute(select(t.deposit_lines.c.fund_code, t.deposit_lines.c.amount)
                                     .where(t.deposit_lines.c.deposit_id == deposit_id)).all():
        _bump_fund(conn, row.office_id, code, confirmed=int(amount))
    _bump_totals(conn, row.office_id, confirmed_total=int(row.total), pending_deposits=-1)
    data = {"deposit_id": deposit_id, "confirmed_at": at, "confirmed_by": who, "note": clean_note}
    put_item(conn, CONFIRMATION_KIND, deposit_id, data, office_id=row.office_id)
    return data


def confirm_deposit(engine: Engine, deposit_id: str, *, by: str, note: str = "",
                    office_id: str | None = None) -> dict[str, Any]:
    """``confirm_deposit_in`` in its own transaction (the ``amildesk-server confirm-deposit`` command)."""
    with write_tx(engine) as conn:
        return confirm_deposit_in(conn, deposit_id, by=by, note=note, office_id=office_id)


def office_deposits(conn: Connection, office_id: str, *, limit: int = 100) -> list[dict[str, Any]]:
    """The newest deposits of an office with their lines (the console's Kantor page)."""
    c = t.deposits.c
    rows = conn.execute(select(t.deposits).where(c.office_id == office_id)
                        .order_by(c.deposited_on.desc(), c.recorded_at.desc()).limit(limit)).all()
    result = []
    for r in rows:
        lines = conn.execute(select(t.deposit_lines.c.fund_code, t.deposit_lines.c.amount)
                             .where(t.deposit_lines.c.deposit_id == r.id)).all()
        item = dict(r._mapping)
        item["lines"] = [{"fund_code": code, "amount": int(amount)} for code, amount in lines]
        result.append(item)
    return result


def closing_methods(row: Any) -> list[dict[str, Any]]:
    """The stored per-method figures of a ``day_closings`` row."""
    value = json.loads(row.methods)
    return value if isinstance(value, list) else []
