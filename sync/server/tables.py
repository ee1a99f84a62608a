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
    Index("ix_review_flags_device_seq", "device_id", "seq"),
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
