"""Per office x day x fund x program money totals, kept as donations and voids are projected.

The console's Ringkasan and Kantor pages read these few thousand rows instead of summing millions
of donation lines on every page view (the design's rule: the console reads projections). Each batch
adds its donations grouped by key in one upsert (keys sorted, so two transactions touching the same
keys lock them in the same order); a void subtracts its donation's lines once, when the donation
turns from recorded to void.

The day is the office's local day (setting ``timezone``: WIB, WITA, WIT; WIB when unset), as the
office app shows its own daily totals; a time the device wrote that cannot be read counts on the
day the server received it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from sync.protocol.aid import OFFICE_UTC_OFFSETS
from sync.server import tables as t

Key = tuple[str, str, str]  # day, fund_code, program_code ("" = none)
LINE_FUND, LINE_PROGRAM, LINE_AMOUNT = 2, 3, 4  # positions in a donation_lines row tuple


def office_offset(conn: Connection, office_id: str) -> int:
    """Hours east of UTC of the office's time zone (its ``timezone`` setting; WIB by default)."""
    raw = conn.execute(select(t.ref_items.c.data).where(
        t.ref_items.c.kind == "setting", t.ref_items.c.item_id == "timezone", t.ref_items.c.office_id == office_id,
    )).scalar()
    value = json.loads(raw).get("value") if raw is not None else None
    return OFFICE_UTC_OFFSETS.get(value if isinstance(value, str) else "WIB", OFFICE_UTC_OFFSETS["WIB"])


class DayOf:
    """Local day of device timestamps; times within the same UTC hour share one parse."""

    def __init__(self, hours: int, fallback: str) -> None:
        self.shift = timedelta(hours=hours)
        self.fallback = fallback
        self._hours: dict[str, str] = {}

    def __call__(self, moment: str) -> str:
        hour = moment[:13]
        if len(moment) >= 20 and moment.endswith("Z") and moment[13:14] == ":":
            day = self._hours.get(hour)
            if day is None:
                day = self._hours[hour] = self._parse(moment)
            return day
        return self._parse(moment)

    def _parse(self, moment: str) -> str:
        try:
            when = datetime.fromisoformat(moment)
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return (when.astimezone(UTC) + self.shift).date().isoformat()
        except (ValueError, OverflowError, TypeError):
            return self.fallback


def add_donations(conn: Connection, office_id: str, donations: Iterable[tuple[str, Sequence[tuple[Any, ...]]]],
                  received_at: str, sign: int = 1) -> None:
    """Add (``sign`` 1) or take away (-1) donations given as (recorded_at, line rows)."""
    day_of = DayOf(office_offset(conn, office_id), received_at[:10])
    sums: dict[Key, list[int]] = {}
    for recorded_at, lines in donations:
        day = day_of(recorded_at)
        for line in lines:
            key = (day, line[LINE_FUND], line[LINE_PROGRAM] or "")
            acc = sums.get(key)
            if acc is None:
                sums[key] = [sign * int(line[LINE_AMOUNT]), sign]
            else:
                acc[0] += sign * int(line[LINE_AMOUNT])
                acc[1] += sign
    upsert(conn, office_id, sums)


def upsert(conn: Connection, office_id: str, sums: dict[Key, list[int]]) -> None:
    if not sums:
        return
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    conn.exec_driver_sql(
        "INSERT INTO day_totals (office_id, day, fund_code, program_code, amount, lines) "
        f"VALUES ({mark}, {mark}, {mark}, {mark}, {mark}, {mark}) "
        "ON CONFLICT (office_id, day, fund_code, program_code) DO UPDATE SET "
        "amount = day_totals.amount + excluded.amount, lines = day_totals.lines + excluded.lines",
        [(office_id, *key, acc[0], acc[1]) for key, acc in sorted(sums.items())],
    )


def subtract_donation(conn: Connection, office_id: str, donation_id: str, received_at: str) -> None:
    """Take a just-voided donation's lines out of the totals."""
    recorded_at = conn.execute(select(t.donations.c.recorded_at).where(t.donations.c.id == donation_id)).scalar()
    if recorded_at is None:
        return
    lines = conn.execute(select(t.donation_lines).where(t.donation_lines.c.donation_id == donation_id)).all()
    add_donations(conn, office_id, [(str(recorded_at), [tuple(r) for r in lines])], received_at, sign=-1)


def rebuild(conn: Connection) -> int:
    """Recompute every total from the donations (the migration's backfill); returns the rows written."""
    conn.execute(t.day_totals.delete())
    now = datetime.now(UTC).isoformat()
    offsets = {str(oid): DayOf(office_offset(conn, str(oid)), now[:10])
               for oid in conn.execute(select(t.donations.c.office_id).distinct()).scalars()}
    sums: dict[str, dict[Key, list[int]]] = {}
    d, ln = t.donations.c, t.donation_lines.c
    query = (select(d.office_id, d.recorded_at, ln.fund_code, ln.program_code, ln.amount)
             .join(t.donation_lines, ln.donation_id == d.id).where(d.status == "recorded"))
    for office_id, recorded_at, fund, program, amount in conn.execute(query.execution_options(yield_per=10_000)):
        key = (offsets[office_id](recorded_at), fund, program or "")
        acc = sums.setdefault(office_id, {}).get(key)
        if acc is None:
            sums[office_id][key] = [int(amount), 1]
        else:
            acc[0] += int(amount)
            acc[1] += 1
    for office_id, office_sums in sums.items():
        upsert(conn, office_id, office_sums)
    return sum(len(s) for s in sums.values())
