"""Running totals the reports read instead of the raw rows (migration 0004 keeps them by trigger).

Keyed by the UTC hour (``YYYY-MM-DDTHH``) so any office-local day or month, in any Indonesian zone,
is an exact range of keys.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, PrimaryKeyConstraint, String, Table

from desktop.store.tables import metadata

donation_hour_totals = Table(
    "donation_hour_totals",
    metadata,
    Column("hour", String(13), nullable=False),
    Column("fund_code", String(40), nullable=False),
    Column("payment_method", String(10), nullable=False),
    Column("program_code", String(40), nullable=False),  # '' when the line names no program
    Column("recorded", Integer, nullable=False),  # every line recorded in this hour
    Column("voided", Integer, nullable=False),  # of those, the lines of receipts voided since
    Column("lines", Integer, nullable=False),
    PrimaryKeyConstraint("hour", "fund_code", "payment_method", "program_code"),
)

receipt_hour_totals = Table(
    "receipt_hour_totals",
    metadata,
    Column("hour", String(13), primary_key=True),
    Column("issued", Integer, nullable=False),
    Column("voided", Integer, nullable=False),
)

aid_hour_totals = Table(
    "aid_hour_totals",
    metadata,
    Column("hour", String(13), nullable=False),  # of the approval
    Column("fund_code", String(40), nullable=False),
    Column("program_code", String(40), nullable=False),
    Column("asnaf", String(12), nullable=False),  # the distribution's, else the recipient's; '' unknown
    Column("kind", String(8), nullable=False),  # tunai / barang
    Column("amount", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("hour", "fund_code", "program_code", "asnaf", "kind"),
)

donation_month_totals = Table(
    "donation_month_totals",
    metadata,
    Column("month", String(7), nullable=False),  # UTC month of recorded_at, YYYY-MM
    Column("fund_code", String(40), nullable=False),
    Column("recorded", Integer, nullable=False),
    Column("voided", Integer, nullable=False),
    PrimaryKeyConstraint("month", "fund_code"),
)

# Late voids (a receipt of a closed day voided afterwards), at the hour of the void (migration 0009).
late_void_hour_totals = Table(
    "late_void_hour_totals",
    metadata,
    Column("hour", String(13), nullable=False),
    Column("fund_code", String(40), nullable=False),
    Column("payment_method", String(10), nullable=False),
    Column("program_code", String(40), nullable=False),
    Column("amount", Integer, nullable=False),
    PrimaryKeyConstraint("hour", "fund_code", "payment_method", "program_code"),
)
