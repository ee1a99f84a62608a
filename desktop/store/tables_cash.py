"""Daily closings, late voids, deposit slips and per-fund cash totals (migration 0008).

Declared on the shared ``metadata`` like the other table modules; the DDL, the partial unique index
(one closed row per day) and the triggers that keep ``fund_cash_totals`` exact live in the migration.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, text

from desktop.store.tables import metadata

day_closings = Table(
    "day_closings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("day", String(10), nullable=False, index=True),  # office-local YYYY-MM-DD
    Column("status", String(8), nullable=False),  # tutup / dibuka (reopened)
    Column("expected", Integer, nullable=False),  # all methods, net of the late voids carried
    Column("counted", Integer, nullable=False),
    Column("difference", Integer, nullable=False),  # counted - expected
    Column("late_void_adjustment", Integer, nullable=False),
    Column("methods", Text, nullable=False),  # canonical JSON: the day.closed payload's "methods"
    Column("denominations", Text),  # canonical JSON {"100000": n, ...} or NULL
    Column("totals_by_fund", Text, nullable=False),  # canonical JSON [{"fund_code", "amount"}]
    Column("note", String(300)),
    Column("closed_at", String(32), nullable=False),
    Column("closed_by", String(36), ForeignKey("users.id"), nullable=False),
    Column("confirmed_by", String(36), ForeignKey("users.id"), nullable=False),
    Column("reopened_at", String(32)),
    Column("reopened_by", String(36), ForeignKey("users.id")),
    Column("reopen_reason", String(300)),
    Index("ux_day_closings_closed_day", "day", unique=True, sqlite_where=text("status = 'tutup'")),
)

late_voids = Table(
    "late_voids",
    metadata,
    Column("donation_id", String(36), ForeignKey("donations.id"), primary_key=True),
    Column("receipt_number", String(40), nullable=False),
    Column("day", String(10), nullable=False),  # the closed day the receipt belongs to
    Column("closing_id", String(36), ForeignKey("day_closings.id"), nullable=False),
    Column("void_day", String(10), nullable=False),  # office-local day of the void
    Column("payment_method", String(10), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("voided_at", String(32), nullable=False),
    Column("adjusted_in", String(36), ForeignKey("day_closings.id"), index=True),  # NULL: not carried yet
)

deposit_slips = Table(
    "deposit_slips",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("deposited_on", String(10), nullable=False, index=True),
    Column("total", Integer, nullable=False),
    Column("bank", String(80), nullable=False),
    Column("account", String(40)),
    Column("reference", String(60), nullable=False),
    Column("note", String(300)),
    Column("recorded_at", String(32), nullable=False),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False),
)

fund_cash_totals = Table(
    "fund_cash_totals",
    metadata,
    Column("fund_code", String(40), ForeignKey("funds.code"), primary_key=True),
    Column("collected", Integer, nullable=False),  # active cash (tunai) donation lines
    Column("distributed", Integer, nullable=False),  # approved cash (tunai) aid
)
