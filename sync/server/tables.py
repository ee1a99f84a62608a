"""The district server's schema as SQLAlchemy Core tables.

Core, not ORM classes: ingest writes tens of thousands of rows a second with executemany/COPY, and
per-row objects would cost more than the rest of the pipeline. The DDL is owned by the Alembic
migrations in ``sync/server/migrations``; tests/sync/test_schema.py checks they agree with this file.
Times are UTC ISO 8601 text (same format as on the device), ids are UUID strings.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

offices = Table(
    "offices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("institution_name", String(160)),
    Column("institution_address", String(300)),
    Column("created_at", String(40), nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("office_id", String(64), ForeignKey("offices.id", onupdate="CASCADE"), nullable=False),
    Column("label", String(120)),
    Column("token_hash", String(64), unique=True),
    Column("enrolled_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
    Column("acked_seq", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("last_contact_at", String(40)),
    Column("last_device_time", String(40)),
    Column("app_version", String(40)),
    Column("letter", String(1)),  # the device letter of its receipt numbers, from its office.created
    Column("file_key", String(64)),  # Ed25519 public key (hex) that verifies its exported batch files
)

enroll_codes = Table(
    "enroll_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("office_id", String(64), ForeignKey("offices.id", onupdate="CASCADE"), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("used_at", String(40)),
    Column("used_by", String(64)),
    Column("device_id", String(64)),  # set: a re-enrollment code for this device only
)

events = Table(
    "events",
    metadata,
    Column("device_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("office_id", String(64), nullable=False),
    Column("type", String(64), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("occurred_at", String(40), nullable=False),
    Column("user_id", String(64)),
    Column("payload", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("status", String(12), nullable=False),  # ok / needs_review
    PrimaryKeyConstraint("device_id", "seq"),
)

donations = Table(
    "donations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("receipt_number", String(40), nullable=False),
    Column("donor_id", String(64)),
    Column("donor_name", String(120), nullable=False),
    Column("donor_nik", String(16)),
    Column("donor_npwp", String(16)),
    Column("anonymous", Boolean, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("payment_method", String(10), nullable=False),
    Column("payment_reference", String(60)),
    Column("recorded_at", String(40), nullable=False),
    Column("user_id", String(64)),
    Column("status", String(8), nullable=False),  # recorded / void
    Column("needs_review", Boolean, nullable=False),
    Index("ix_donations_receipt", "receipt_number"),
    Index("ix_donations_office_time", "office_id", "recorded_at"),
)

donation_lines = Table(
    "donation_lines",
    metadata,
    Column("donation_id", String(64), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("fund_code", String(40), nullable=False),
    Column("program_code", String(40)),
    Column("amount", BigInteger, nullable=False),
    Column("quantity", BigInteger),
    Column("unit", String(10)),
    PrimaryKeyConstraint("donation_id", "line_no"),
    sqlite_with_rowid=False,  # small rows: the primary key b-tree is the table
)

voids = Table(
    "voids",
    metadata,
    Column("device_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("office_id", String(64), nullable=False),
    Column("donation_id", String(64), nullable=False),
    Column("receipt_number", String(40), nullable=False),
    Column("reason", String(300), nullable=False),
    Column("voided_at", String(40), nullable=False),
    Column("voided_by", String(64)),
    Column("resolved", Boolean, nullable=False),  # false: the voided receipt is not on the server yet
    PrimaryKeyConstraint("device_id", "seq"),
    Index("ix_voids_receipt", "receipt_number"),
)

# Every version of every donor snapshot; ``donors`` holds the newest for display.
donor_versions = Table(
    "donor_versions",
    metadata,
    Column("device_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("office_id", String(64), nullable=False),
    Column("donor_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("base_version", Integer),
    Column("data", Text, nullable=False),
    Column("received_at", String(40), nullable=False),
    PrimaryKeyConstraint("device_id", "seq"),
    Index("ix_donor_versions_donor", "donor_id"),
)

donors = Table(
    "donors",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("name", String(120), nullable=False),
    Column("nik", String(16)),
    Column("data", Text, nullable=False),
    Column("updated_at", String(40), nullable=False),
)

review_flags = Table(
    "review_flags",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("device_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("office_id", String(64), nullable=False),
    Column("code", String(40), nullable=False),
    Column("message", String(500), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("resolved_at", String(40)),
    Column("resolved_by", String(40)),
    Column("resolution_note", String(500)),
    Index("ix_review_flags_device_seq", "device_id", "seq"),
    Index("ix_review_flags_open", "resolved_at", "office_id"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("office_id", String(64)),
    Column("device_id", String(64)),
    Column("message", String(500), nullable=False),
    Column("details", Text, nullable=False),  # JSON
    Column("created_at", String(40), nullable=False),
)

# Reference data pushed down to devices; one row per record, newest state. ``change_id`` is bumped
# from ``counters`` on every change, so ``GET /changes?cursor=N`` is ``change_id > N`` in order.
ref_items = Table(
    "ref_items",
    metadata,
    Column("kind", String(20), nullable=False),
    Column("item_id", String(64), nullable=False),
    Column("office_id", String(64), nullable=False),  # "" = every office
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("change_id", BigInteger, nullable=False, unique=True),
    Column("changed_at", String(40), nullable=False),
    PrimaryKeyConstraint("kind", "item_id", "office_id"),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Aid (issue 5): the newest snapshot of each beneficiary, and each distribution with its proposal
# (``data``: the canonical ``distribution.proposed`` payload, whose NIK/KK feed the district index
# when the approval arrives). Written by ``sync.server.projection_aid``.
beneficiaries = Table(
    "beneficiaries",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("name", String(120), nullable=False),
    Column("nik", String(16)),
    Column("kk", String(16)),
    Column("status", String(12), nullable=False),
    Column("data", Text, nullable=False),
    Column("updated_at", String(40), nullable=False),
    Index("ix_beneficiaries_nik", "nik"),
)

distributions = Table(
    "distributions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("number", String(48), nullable=False),
    Column("beneficiary_id", String(64), nullable=False),
    Column("fund_code", String(40), nullable=False),
    Column("program_code", String(40), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("status", String(10), nullable=False),  # diajukan / disetujui / ditolak
    Column("proposed_at", String(40), nullable=False),
    Column("decided_at", String(40)),
    Column("data", Text, nullable=False),
    Index("ix_distributions_office_status", "office_id", "status"),
)

# Collective collection (issue 14). A collective groups donations that are projected on their own (the
# money is counted there, once); these tables only say which institution handed which ones over.
collectives = Table(
    "collectives",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("number", String(48), nullable=False),
    Column("institution_id", String(64), nullable=False),
    Column("institution_name", String(120), nullable=False),
    Column("period", String(7), nullable=False),
    Column("payment_method", String(10), nullable=False),
    Column("payment_reference", String(60)),
    Column("total", BigInteger, nullable=False),
    Column("payer_count", Integer, nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("needs_review", Boolean, nullable=False),
    Index("ix_collectives_office_period", "office_id", "period"),
)

collective_donations = Table(
    "collective_donations",
    metadata,
    Column("donation_id", String(64), primary_key=True),  # a donation is in one collective at most
    Column("collective_id", String(64), nullable=False),
    Column("office_id", String(64), nullable=False),
    Index("ix_collective_donations_collective", "collective_id"),
)

institution_payers = Table(
    "institution_payers",
    metadata,
    Column("office_id", String(64), nullable=False),
    Column("institution_id", String(64), nullable=False),
    Column("donor_id", String(64), nullable=False),
    Column("added_at", String(40), nullable=False),
    PrimaryKeyConstraint("office_id", "institution_id", "donor_id"),
)

# Console projections (issue 12), kept at ingest so no console page scans the donations.
# Money collected per office x office-local day x fund x program ("" = no program); voids subtract.
day_totals = Table(
    "day_totals",
    metadata,
    Column("office_id", String(64), nullable=False),
    Column("day", String(10), nullable=False),  # YYYY-MM-DD in the office's time zone
    Column("fund_code", String(40), nullable=False),
    Column("program_code", String(40), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("lines", BigInteger, nullable=False),
    PrimaryKeyConstraint("office_id", "day", "fund_code", "program_code"),
    Index("ix_day_totals_day", "day", "office_id"),
)

# One row per entry of the district aid index (the hashed NIK/KK of an approved distribution's
# recipient), with what the overlap report filters on.
aid_index = Table(
    "aid_index",
    metadata,
    Column("item_id", String(80), primary_key=True),  # "<distribution id>.<n>", as the reference item
    Column("distribution_id", String(64), nullable=False),
    Column("office_id", String(64), nullable=False),
    Column("nik_hash", String(64)),
    Column("kk_hash", String(64)),
    Column("aid_date", String(10), nullable=False),
    Column("fund_code", String(40), nullable=False),
    Column("program_code", String(40), nullable=False),
    Column("asnaf", String(40)),
    Column("amount", BigInteger, nullable=False),
    Index("ix_aid_index_nik", "nik_hash"),
    Index("ix_aid_index_kk", "kk_hash"),
    Index("ix_aid_index_date", "aid_date"),
)

# Public verification: a known receipt number presented with a wrong code (possible forgery).
verify_mismatches = Table(
    "verify_mismatches",
    metadata,
    Column("receipt_number", String(40), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("count", BigInteger, nullable=False),
    Column("first_at", String(40), nullable=False),
    Column("last_at", String(40), nullable=False),
)

# District console users (not office users), their sessions, login lockouts, and the journal of
# every change made through the console.
console_users = Table(
    "console_users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("role", String(12), nullable=False),  # admin / pimpinan / auditor
    Column("password_hash", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("disabled_at", String(40)),
)

console_sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the cookie value
    Column("user_id", String(64), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("last_seen_at", String(40), nullable=False),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("key", String(120), primary_key=True),  # "u:<username>" or "a:<address>"
    Column("failures", Integer, nullable=False),
    Column("first_at", String(40), nullable=False),
    Column("locked_until", String(40)),
)

console_journal = Table(
    "console_journal",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("username", String(40), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(200), nullable=False),
    Column("details", Text, nullable=False),  # JSON
)

# Cash (issue 11), written by ``sync.server.cash`` and read by the console (docs/sync-protocol.md,
# "Closings and deposits"). Every row belongs to one office; a device of another office never
# touches it.
day_closings = Table(  # one row per day.closed event; a day.reopened marks it
    "day_closings",
    metadata,
    Column("id", String(64), primary_key=True),  # the device's closing_id
    Column("office_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),  # each device closes its own drawer
    Column("seq", BigInteger, nullable=False),
    Column("day", String(10), nullable=False),
    Column("status", String(10), nullable=False),  # closed / reopened
    Column("expected", BigInteger, nullable=False),
    Column("counted", BigInteger, nullable=False),
    Column("difference", BigInteger, nullable=False),
    Column("late_void_adjustment", BigInteger, nullable=False),
    Column("methods", Text, nullable=False),  # canonical JSON, as sent
    Column("denominations", Text),
    Column("totals_by_fund", Text, nullable=False),
    Column("note", String(300)),
    Column("closed_by", String(64)),
    Column("confirmed_by", String(64)),
    Column("closed_at", String(40), nullable=False),  # the event's occurred_at
    Column("reopened_at", String(40)),
    Column("reopened_by", String(64)),
    Column("reopen_reason", String(300)),
    Column("needs_review", Boolean, nullable=False),
    Index("ix_day_closings_office_day", "office_id", "day"),
)

deposits = Table(  # one row per deposit.recorded event
    "deposits",
    metadata,
    Column("id", String(64), primary_key=True),  # the device's deposit_id
    Column("office_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("deposited_on", String(10), nullable=False),
    Column("total", BigInteger, nullable=False),  # the sum of the projected lines
    Column("bank", String(80)),
    Column("account", String(40)),
    Column("reference", String(60)),
    Column("recorded_by", String(64)),
    Column("recorded_at", String(40), nullable=False),
    Column("confirmed_at", String(40)),  # set by the district (confirm_deposit)
    Column("confirmed_by", String(120)),
    Column("confirm_note", String(300)),
    Column("needs_review", Boolean, nullable=False),
    Index("ix_deposits_office_date", "office_id", "deposited_on"),
)

deposit_lines = Table(
    "deposit_lines",
    metadata,
    Column("deposit_id", String(64), nullable=False),
    Column("fund_code", String(40), nullable=False),
    Column("amount", BigInteger, nullable=False),
    PrimaryKeyConstraint("deposit_id", "fund_code"),
)

office_cash_totals = Table(  # running totals per office: the console's Ringkasan/Kantor read one row
    "office_cash_totals",
    metadata,
    Column("office_id", String(64), primary_key=True),
    Column("closings", Integer, nullable=False),  # closed days (reopened ones not counted)
    Column("last_closed_day", String(10)),
    Column("difference_total", BigInteger, nullable=False),  # sum of differences of closed days
    Column("deposited_total", BigInteger, nullable=False),
    Column("confirmed_total", BigInteger, nullable=False),
    Column("pending_deposits", Integer, nullable=False),  # deposits awaiting the district's confirmation
    Column("updated_at", String(40), nullable=False),
)

office_fund_deposits = Table(  # running totals per office and fund
    "office_fund_deposits",
    metadata,
    Column("office_id", String(64), nullable=False),
    Column("fund_code", String(40), nullable=False),
    Column("deposited", BigInteger, nullable=False),
    Column("confirmed", BigInteger, nullable=False),
    PrimaryKeyConstraint("office_id", "fund_code"),
)
