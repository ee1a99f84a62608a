"""Daily closing (tutup kas harian): expected vs counted per payment method, confirmed by the head.

Why it is shaped like this:

* **Expected** per method is what the day's non-void receipts recorded, less the *late voids* carried
  into this closing (receipts of an earlier, already closed day voided afterwards: their money left
  the drawer on the day of the void, so the next closing on or after that day carries them).
* **Counted** is typed by the clerk (cash optionally by denomination); the difference needs a note.
* The head (kepala kantor, or an admin) confirms in the same dialog with their own password, so a
  closing always names two people.
* The closing is one row and one ``day.closed`` journal event, written in one IMMEDIATE transaction.
  The figures are stored as they were and never change (a trigger refuses it): a later void of that
  day's receipt becomes a ``late_voids`` row, never an edit of the closed figures.
* A day is closed once (a partial unique index backs the check, so two clerks closing the same day
  on the same store cannot both succeed); a kepala may reopen it with a reason (``day.reopened``).
* While a day is closed no donation can be recorded on it (``ensure_day_open``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.ids import new_uuid7
from desktop.core.money import format_rupiah
from desktop.core.payment import PaymentMethod
from desktop.core.roles import ROLE_LABELS, Role
from desktop.core.text import clean_text
from desktop.services.auth import verify_credentials
from desktop.services.context import AppContext, UserInfo, iso_utc, parse_iso_utc
from desktop.store.journal import append_event
from desktop.store.tables import donation_lines, donations, funds, users
from desktop.store.tables_cash import day_closings, late_voids
from sync.protocol.canonical import canonical_json
from sync.protocol.events import DAY_CLOSED, DAY_REOPENED

# Rupiah notes and coins a clerk counts (Rp1.000 covers the note and the coin).
DENOMINATIONS: tuple[int, ...] = (100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500)
MAX_COUNTED = 10**13  # a guard against extra zeros, far above any office's day
MAX_PIECES = 1_000_000
CLOSED, REOPENED = "tutup", "dibuka"
CONFIRM_ROLES = (Role.KEPALA, Role.ADMIN)
UNCLOSED_LOOKBACK_DAYS = 90
METHODS: tuple[str, ...] = tuple(m.value for m in PaymentMethod)


@dataclass(frozen=True)
class MethodFigures:
    method: str
    recorded: int  # the day's non-void receipts
    late_void: int  # late voids carried into this closing
    counted: int | None = None

    @property
    def expected(self) -> int:
        return self.recorded - self.late_void

    @property
    def difference(self) -> int | None:
        return None if self.counted is None else self.counted - self.expected


@dataclass(frozen=True)
class LateVoid:
    receipt_number: str
    day: date  # the closed day the receipt belongs to
    void_day: date
    payment_method: str
    amount: int


@dataclass(frozen=True)
class DayClosing:
    """A stored closing (``status`` tutup, or dibuka once reopened)."""

    id: str
    day: date
    status: str
    methods: tuple[MethodFigures, ...]
    denominations: dict[int, int] | None
    totals_by_fund: tuple[tuple[str, int], ...]
    late_void_adjustment: int
    note: str | None
    closed_at: str
    closed_by: str  # full names
    confirmed_by: str
    reopened_at: str | None = None
    reopened_by: str | None = None
    reopen_reason: str | None = None

    @property
    def expected(self) -> int:
        return sum(m.expected for m in self.methods)

    @property
    def counted(self) -> int:
        return sum(m.counted or 0 for m in self.methods)

    @property
    def difference(self) -> int:
        return self.counted - self.expected


@dataclass(frozen=True)
class DayExpectation:
    """What a closing of ``day`` would expect now, and the closing if the day is already closed."""

    day: date
    receipts: int
    methods: tuple[MethodFigures, ...]
    totals_by_fund: tuple[tuple[str, str, int], ...]  # (code, name, rupiah)
    late_voids: tuple[LateVoid, ...]
    closing: DayClosing | None

    @property
    def expected(self) -> int:
        return sum(m.expected for m in self.methods)

    @property
    def late_void_adjustment(self) -> int:
        return sum(v.amount for v in self.late_voids)

    def expected_by_method(self) -> dict[str, int]:
        return {m.method: m.expected for m in self.methods}


@dataclass(frozen=True)
class CloseDayInput:
    day: date
    counted: Mapping[str, int]  # method -> rupiah; "tunai" may be left out when denominations are given
    denominations: Mapping[int, int] | None = None  # note/coin value -> pieces
    note: str | None = None
    seen_expected: Mapping[str, int] | None = None  # what the clerk saw: refused if it changed meanwhile


def day_bounds(ctx: AppContext, day: date) -> tuple[str, str]:
    """UTC text bounds [start, end) of an office-local day, comparable with ``recorded_at``."""
    start = datetime.combine(day, time.min, ctx.tz)
    return iso_utc(start), iso_utc(start + timedelta(days=1))


def local_day(ctx: AppContext, moment_iso: str) -> date:
    return ctx.local(parse_iso_utc(moment_iso)).date()


def today(ctx: AppContext) -> date:
    return ctx.local(ctx.now()).date()


def parse_day(text: str) -> date:
    """YYYY-MM-DD as typed on the command line; anything else is the clerk's error."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValidationError("date_invalid", text=str(text)) from None


def _check_day(ctx: AppContext, day: date) -> None:
    if day > today(ctx):
        raise ValidationError("closing_future_day", day=day.isoformat())


def _closed_row(conn: Connection, day: date) -> Any:
    return conn.execute(select(day_closings).where(
        day_closings.c.day == day.isoformat(), day_closings.c.status == CLOSED)).first()


def _names(conn: Connection, ids: set[str]) -> dict[str, str]:
    ids.discard("")
    if not ids:
        return {}
    return {r.id: r.full_name for r in conn.execute(select(users.c.id, users.c.full_name).where(users.c.id.in_(ids)))}


def _closing_from_row(conn: Connection, row: Any) -> DayClosing:
    names = _names(conn, {row.closed_by, row.confirmed_by, row.reopened_by or ""})
    methods = tuple(MethodFigures(m["method"], int(m.get("recorded", m["expected"] + m.get("late_void", 0))),
                                  int(m.get("late_void", 0)), int(m["counted"]))
                    for m in json.loads(row.methods))
    denominations = None if row.denominations is None else {
        int(k): int(v) for k, v in json.loads(row.denominations).items()}
    return DayClosing(
        id=row.id, day=date.fromisoformat(row.day), status=row.status, methods=methods,
        denominations=denominations,
        totals_by_fund=tuple((str(f["fund_code"]), int(f["amount"])) for f in json.loads(row.totals_by_fund)),
        late_void_adjustment=int(row.late_void_adjustment), note=row.note, closed_at=row.closed_at,
        closed_by=names.get(row.closed_by, row.closed_by), confirmed_by=names.get(row.confirmed_by, row.confirmed_by),
        reopened_at=row.reopened_at, reopened_by=names.get(row.reopened_by or "", row.reopened_by),
        reopen_reason=row.reopen_reason,
    )


def _pending_late_voids(conn: Connection, day: date) -> list[LateVoid]:
    """Late voids not carried yet whose void happened on or before ``day`` (and not of ``day`` itself:
    a reopened day's own receipts are already out of its recorded figures)."""
    rows = conn.execute(select(late_voids).where(
        late_voids.c.adjusted_in.is_(None), late_voids.c.void_day <= day.isoformat(),
        late_voids.c.day != day.isoformat()).order_by(late_voids.c.voided_at)).all()
    return [LateVoid(r.receipt_number, date.fromisoformat(r.day), date.fromisoformat(r.void_day), r.payment_method,
                     int(r.amount)) for r in rows]


def _expectation(conn: Connection, ctx: AppContext, day: date) -> DayExpectation:
    start, end = day_bounds(ctx, day)
    active = and_(donations.c.recorded_at >= start, donations.c.recorded_at < end, donations.c.status == "aktif")
    recorded = {str(m): (int(n), int(total)) for m, n, total in conn.execute(
        select(donations.c.payment_method, func.count(), func.coalesce(func.sum(donations.c.total), 0))
        .where(active).group_by(donations.c.payment_method))}
    by_fund = conn.execute(
        select(funds.c.code, funds.c.name, func.sum(donation_lines.c.amount))
        .select_from(donation_lines.join(donations, donations.c.id == donation_lines.c.donation_id)
                     .join(funds, funds.c.code == donation_lines.c.fund_code))
        .where(active).group_by(funds.c.code, funds.c.name, funds.c.sort_order).order_by(funds.c.sort_order)
    ).all()
    row = _closed_row(conn, day)
    closing = None if row is None else _closing_from_row(conn, row)
    pending = [] if closing is not None else _pending_late_voids(conn, day)
    late_by_method: dict[str, int] = {}
    for v in pending:
        late_by_method[v.payment_method] = late_by_method.get(v.payment_method, 0) + v.amount
    methods = tuple(MethodFigures(m, recorded.get(m, (0, 0))[1], late_by_method.get(m, 0))
                    for m in (*METHODS, *sorted(set(recorded) - set(METHODS))))
    return DayExpectation(
        day=day, receipts=sum(n for n, _ in recorded.values()), methods=methods,
        totals_by_fund=tuple((str(c), str(n), int(a)) for c, n, a in by_fund), late_voids=tuple(pending),
        closing=closing,
    )


def day_expectation(ctx: AppContext, day: date) -> DayExpectation:
    """The figures the closing dialog shows for ``day`` (and the closing itself once closed)."""
    with ctx.store.read() as conn:
        return _expectation(conn, ctx, day)


def get_closing(ctx: AppContext, day: date) -> DayClosing | None:
    """The day's closed closing, or None (reopened closings are history, see ``closings_of``)."""
    with ctx.store.read() as conn:
        row = _closed_row(conn, day)
        return None if row is None else _closing_from_row(conn, row)


def closings_of(ctx: AppContext, first: date, last: date) -> list[DayClosing]:
    """Every closing (closed or reopened) of the days ``first``..``last``, oldest first (reports)."""
    with ctx.store.read() as conn:
        rows = conn.execute(select(day_closings).where(
            day_closings.c.day >= first.isoformat(), day_closings.c.day <= last.isoformat())
            .order_by(day_closings.c.day, day_closings.c.closed_at)).all()
        return [_closing_from_row(conn, r) for r in rows]


def late_voids_between(ctx: AppContext, first: date, last: date) -> list[LateVoid]:
    """Late voids made on the days ``first``..``last`` (reports list them as adjustments)."""
    with ctx.store.read() as conn:
        rows = conn.execute(select(late_voids).where(
            late_voids.c.void_day >= first.isoformat(), late_voids.c.void_day <= last.isoformat())
            .order_by(late_voids.c.voided_at)).all()
    return [LateVoid(r.receipt_number, date.fromisoformat(r.day), date.fromisoformat(r.void_day), r.payment_method,
                     int(r.amount)) for r in rows]


def _count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("amount_not_number", text=f"{what}={value}")
    if value < 0:
        raise ValidationError("amount_negative", amount=format_rupiah(value))
    if value > MAX_COUNTED:
        raise ValidationError("amount_too_large", amount=format_rupiah(value), limit=format_rupiah(MAX_COUNTED))
    return value


def _denominations(raw: Mapping[int, int] | None) -> dict[int, int] | None:
    if raw is None:
        return None
    clean: dict[int, int] = {}
    for value, pieces in raw.items():
        if value not in DENOMINATIONS:
            raise ValidationError("denomination_unknown", value=str(value))
        if isinstance(pieces, bool) or not isinstance(pieces, int) or not 0 <= pieces <= MAX_PIECES:
            raise ValidationError("denomination_count_invalid", value=format_rupiah(value), text=str(pieces))
        if pieces:
            clean[value] = pieces
    return clean


def _counted(data: CloseDayInput, expected: DayExpectation) -> tuple[dict[str, int], dict[int, int] | None]:
    """Counted rupiah per method (cash from the denominations when given), every input checked."""
    counted: dict[str, int] = {}
    for method, value in data.counted.items():
        if method not in METHODS:
            raise ValidationError("payment_method_unknown", method=method)
        counted[method] = _count(value, method)
    denominations = _denominations(data.denominations)
    if denominations is not None:
        cash = sum(v * n for v, n in denominations.items())
        tunai = PaymentMethod.TUNAI.value
        if tunai in counted and counted[tunai] != cash:
            raise ValidationError("denominations_mismatch", counted=format_rupiah(counted[tunai]),
                                  total=format_rupiah(cash))
        counted[tunai] = cash
    for m in expected.methods:
        if m.method not in counted:
            if m.expected != 0:
                raise ValidationError("closing_count_missing", method=m.method)
            counted[m.method] = 0
    return counted, denominations


def confirming_head(ctx: AppContext, username: str, password: str) -> UserInfo:
    """The head's own password, checked now: a closing always names who confirmed it."""
    head = verify_credentials(ctx, username, password)  # under the lock-out rule (issue 13)
    if head.role not in CONFIRM_ROLES:
        raise PermissionDenied("permission_denied", action="mengonfirmasi tutup kas",
                               roles=tuple(ROLE_LABELS[r] for r in CONFIRM_ROLES))
    return head


def close_day(ctx: AppContext, data: CloseDayInput, *, head_username: str, head_password: str) -> DayClosing:
    """Close ``data.day``: one row, the late voids it carries, one ``day.closed`` event; all or nothing."""
    user = ctx.require_user()
    head = confirming_head(ctx, head_username, head_password)
    _check_day(ctx, data.day)
    note = clean_text(data.note, max_len=300, field="Catatan")
    now_iso = ctx.now_iso()
    closing_id = new_uuid7()
    try:
        with ctx.store.write() as conn:
            existing = _closed_row(conn, data.day)
            if existing is not None:
                raise _already_closed(conn, existing)
            expected = _expectation(conn, ctx, data.day)
            if data.seen_expected is not None and dict(data.seen_expected) != expected.expected_by_method():
                raise ValidationError("closing_figures_changed", day=data.day.isoformat())
            counted, denominations = _counted(data, expected)
            methods: list[dict[str, Any]] = [
                {"method": m.method, "recorded": m.recorded, "late_void": m.late_void, "expected": m.expected,
                 "counted": counted[m.method], "difference": counted[m.method] - m.expected}
                for m in expected.methods
            ]
            difference = sum(int(m["difference"]) for m in methods)
            if any(m["difference"] for m in methods) and not note:
                raise ValidationError("closing_note_required", difference=format_rupiah(difference))
            fund_totals = [{"fund_code": code, "amount": amount} for code, _name, amount in expected.totals_by_fund]
            denomination_json = None if denominations is None else {str(k): v for k, v in denominations.items()}
            conn.execute(insert(day_closings).values(
                id=closing_id, day=data.day.isoformat(), status=CLOSED, expected=expected.expected,
                counted=sum(counted.values()), difference=difference,
                late_void_adjustment=expected.late_void_adjustment,
                methods=canonical_json(methods).decode("utf-8"),
                denominations=None if denomination_json is None else canonical_json(denomination_json).decode("utf-8"),
                totals_by_fund=canonical_json(fund_totals).decode("utf-8"), note=note, closed_at=now_iso,
                closed_by=user.id, confirmed_by=head.id,
            ))
            if expected.late_voids:
                numbers = [v.receipt_number for v in expected.late_voids]
                conn.execute(update(late_voids).where(late_voids.c.receipt_number.in_(numbers),
                                                      late_voids.c.adjusted_in.is_(None))
                             .values(adjusted_in=closing_id))
            append_event(
                conn, ctx.office.identity, type=DAY_CLOSED, entity_id=closing_id,
                payload={
                    "closing_id": closing_id, "office_id": ctx.office.code, "date": data.day.isoformat(),
                    "methods": methods, "denominations": denomination_json, "note": note,
                    "closed_by": user.id, "confirmed_by": head.id,
                    "late_void_adjustment": expected.late_void_adjustment, "totals_by_fund": fund_totals,
                    "late_voids": [v.receipt_number for v in expected.late_voids],
                },
                user_id=user.id, occurred_at=now_iso,
            )
            row = conn.execute(select(day_closings).where(day_closings.c.id == closing_id)).one()
            return _closing_from_row(conn, row)
    except IntegrityError as exc:  # the unique index: another writer closed the day first
        if "day_closings" not in str(exc.orig):
            raise
        with ctx.store.read() as conn:
            row = _closed_row(conn, data.day)
            by = "?" if row is None else _closing_from_row(conn, row).closed_by
        raise ValidationError("day_already_closed", day=data.day.isoformat(), by=by) from exc


def _already_closed(conn: Connection, row: Any) -> ValidationError:
    closing = _closing_from_row(conn, row)
    return ValidationError("day_already_closed", day=closing.day.isoformat(), by=closing.closed_by)


def reopen_day(ctx: AppContext, day: date, reason: str) -> DayClosing:
    """Reopen a closed day (kepala kantor or admin) with a reason; the late voids it carried wait again."""
    user = ctx.require_role("membuka kembali tutup kas", CONFIRM_ROLES)
    clean_reason = clean_text(reason, max_len=300, field="Alasan")
    if not clean_reason or len(clean_reason) < 3:
        raise ValidationError("reopen_reason_required")
    now_iso = ctx.now_iso()
    with ctx.store.write() as conn:
        row = _closed_row(conn, day)
        if row is None:
            raise ValidationError("day_not_closed", day=day.isoformat())
        conn.execute(update(day_closings).where(day_closings.c.id == row.id).values(
            status=REOPENED, reopened_at=now_iso, reopened_by=user.id, reopen_reason=clean_reason))
        conn.execute(update(late_voids).where(late_voids.c.adjusted_in == row.id).values(adjusted_in=None))
        append_event(
            conn, ctx.office.identity, type=DAY_REOPENED, entity_id=row.id,
            payload={"closing_id": row.id, "date": day.isoformat(), "reason": clean_reason, "by": user.id},
            user_id=user.id, occurred_at=now_iso,
        )
        return _closing_from_row(conn, conn.execute(select(day_closings).where(day_closings.c.id == row.id)).one())


_DAY_CLOSED_SQL = "SELECT 1 FROM day_closings WHERE day = ? AND status = 'tutup'"


def ensure_day_open(conn: Connection, ctx: AppContext, moment_iso: str) -> None:
    """Refuse a new record on a closed day (called inside the recording transaction)."""
    day = local_day(ctx, moment_iso).isoformat()
    # Plain SQL on the save path: one partial-index probe, without building a Core statement each time.
    if conn.exec_driver_sql(_DAY_CLOSED_SQL, (day,)).first() is not None:
        raise ValidationError("day_closed_no_new", day=day)


def late_void_of(conn: Connection, ctx: AppContext, donation: Any, now_iso: str) -> dict[str, object] | None:
    """If ``donation`` (id, receipt_number, recorded_at, payment_method, total) belongs to a closed day,
    record its void as late (inside the void's transaction) and return the fields its event carries."""
    day = local_day(ctx, donation.recorded_at)
    closed = _closed_row(conn, day)
    if closed is None:
        return None
    conn.execute(insert(late_voids).values(
        donation_id=donation.id, receipt_number=donation.receipt_number, day=day.isoformat(), closing_id=closed.id,
        void_day=local_day(ctx, now_iso).isoformat(), payment_method=donation.payment_method,
        amount=int(donation.total), voided_at=now_iso, adjusted_in=None,
    ))
    return {"late_void": True, "closing_id": closed.id, "closed_day": day.isoformat()}


def unclosed_days(ctx: AppContext, *, lookback_days: int = UNCLOSED_LOOKBACK_DAYS) -> list[date]:
    """Past days (within ``lookback_days``, before today) with non-void donations and no closing.

    Bounded by the ``recorded_at`` index, so Beranda asks it cheaply however old the store is.
    """
    now_day = today(ctx)
    start, _ = day_bounds(ctx, now_day - timedelta(days=lookback_days))
    end, _ = day_bounds(ctx, now_day)
    offset = int(ctx.tz.utcoffset(None).total_seconds())
    local = func.date(func.substr(donations.c.recorded_at, 1, 19), f"{offset:+d} seconds")
    with ctx.store.read() as conn:
        days = {str(d) for (d,) in conn.execute(
            select(local).where(donations.c.recorded_at >= start, donations.c.recorded_at < end,
                                donations.c.status == "aktif").distinct())}
        closed = {str(d) for (d,) in conn.execute(select(day_closings.c.day).where(
            day_closings.c.status == CLOSED, day_closings.c.day.in_(sorted(days))))} if days else set()
    return sorted(date.fromisoformat(d) for d in days - closed)
