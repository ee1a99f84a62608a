"""The local store's schema as SQLAlchemy Core tables.

Core tables (not ORM classes) because every write is a small, explicit use case and the hot paths
(saving a donation, donor type-ahead) must stay within a few milliseconds. The DDL that creates them
lives in the Alembic migrations (frozen per revision, with the triggers and the FTS5 index that Core
cannot express); tests/unit/store/test_schema.py checks that the migrated schema and these tables
agree.
"""

from __future__ import annotations

from sqlalchemy import (
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

office = Table(
    "office",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("code", String(16), nullable=False),
    Column("name", String(120), nullable=False),
    Column("institution_name", String(160), nullable=False),
    Column("institution_address", String(300), nullable=False),
    Column("logo_path", String(500)),
    Column("device_id", String(36), nullable=False),
    Column("device_letter", String(1), nullable=False),
    Column("created_at", String(32), nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),  # canonical JSON
    Column("updated_at", String(32), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("full_name", String(120), nullable=False),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

funds = Table(
    "funds",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("unit", String(10), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("sort_order", Integer, nullable=False),
)

programs = Table(
    "programs",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("pillar", String(60), nullable=False),
    Column("active", Boolean, nullable=False),
)

donors = Table(
    "donors",
    metadata,
    Column("rowid", Integer, primary_key=True),  # FTS5 content_rowid
    Column("id", String(36), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("nik", String(16)),
    Column("npwp", String(16)),
    Column("phone", String(20)),
    Column("address", String(300)),
    Column("village", String(120)),
    Column("anonymous", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("created_by", String(36)),
    Column("kind", String(12), nullable=False, server_default="person"),  # person / institution
    Column("institution_type", String(12)),  # sekolah / masjid / opd / perusahaan / lainnya
    Column("contact", String(120)),
    Column("nip", String(18)),  # civil servant number (18 digits), for OPD payroll payers
    Index("ix_donors_nik", "nik"),
    Index("ix_donors_nip", "nip"),
)

receipt_counters = Table(
    "receipt_counters",
    metadata,
    Column("office_code", String(16), nullable=False),
    Column("year", Integer, nullable=False),
    Column("device_letter", String(1), nullable=False),
    Column("last_seq", Integer, nullable=False),
    PrimaryKeyConstraint("office_code", "year", "device_letter"),
)

donations = Table(
    "donations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("receipt_number", String(40), nullable=False, unique=True),
    Column("donor_id", String(36), ForeignKey("donors.id"), index=True),
    Column("donor_name", String(120), nullable=False),
    Column("donor_nik", String(16)),
    Column("donor_npwp", String(16)),
    Column("donor_address", String(300)),
    Column("anonymous", Boolean, nullable=False),
    Column("total", Integer, nullable=False),
    Column("payment_method", String(10), nullable=False),
    Column("payment_reference", String(60)),
    Column("recorded_at", String(32), nullable=False, index=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False),
    Column("status", String(8), nullable=False),
    Column("void_reason", String(300)),
    Column("voided_at", String(32)),
    Column("voided_by", String(36)),
    Column("collective_id", String(36), index=True),  # the hand-over this payer's donation came in
)

donation_lines = Table(
    "donation_lines",
    metadata,
    Column("donation_id", String(36), ForeignKey("donations.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("fund_code", String(40), ForeignKey("funds.code"), nullable=False),
    Column("program_code", String(40), ForeignKey("programs.code")),
    Column("amount", Integer, nullable=False),
    Column("quantity", Integer),
    Column("unit", String(10)),
    Column("note", String(200)),
    PrimaryKeyConstraint("donation_id", "line_no"),
)

# An institution's payer list (issue 14): people who pay through a school, mosque or OPD.
institution_payers = Table(
    "institution_payers",
    metadata,
    Column("institution_id", String(36), ForeignKey("donors.id"), nullable=False),
    Column("donor_id", String(36), ForeignKey("donors.id"), nullable=False),
    Column("added_at", String(32), nullable=False),
    PrimaryKeyConstraint("institution_id", "donor_id"),
)

# One hand-over of many payers' money; the money itself is in the payers' own donations.
collectives = Table(
    "collectives",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("number", String(48), nullable=False, unique=True),
    Column("institution_id", String(36), ForeignKey("donors.id"), nullable=False),
    Column("institution_name", String(120), nullable=False),
    Column("period", String(7), nullable=False),  # YYYY-MM
    Column("payment_method", String(10), nullable=False),
    Column("payment_reference", String(60)),
    Column("total", Integer, nullable=False),
    Column("payer_count", Integer, nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False),
    Index("ix_collectives_institution_period", "institution_id", "period"),
)

print_jobs = Table(
    "print_jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("donation_id", String(36), ForeignKey("donations.id"), nullable=False, index=True),
    Column("copy", Boolean, nullable=False),
    Column("paper", String(8), nullable=False),
    Column("printer", String(200)),
    Column("status", String(10), nullable=False),  # pending / printed / failed
    Column("error", String(500)),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

journal = Table(
    "journal",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("type", String(64), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("occurred_at", String(32), nullable=False),
    Column("user_id", String(36)),
    Column("payload", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Each jump of the journal's numbering (a device restored from an older backup continues after the
# server's acked_seq/last_hash); migration 0003 explains the triggers around it.
journal_base = Table(
    "journal_base",
    metadata,
    Column("base_seq", Integer, primary_key=True, autoincrement=False),
    Column("base_hash", String(64), nullable=False),
    Column("fork_seq", Integer, nullable=False),  # first local seq that was moved (base_seq + 1: none)
    Column("local_high_seq", Integer, nullable=False),  # the journal's last seq before the rebase
    Column("moved", Integer, nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("reason", String(200), nullable=False),
)

# Events moved out of the journal by a rebase, verbatim (they are re-appended after the base).
journal_orphans = Table(
    "journal_orphans",
    metadata,
    Column("base_seq", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("type", String(64), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("occurred_at", String(32), nullable=False),
    Column("user_id", String(36)),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    PrimaryKeyConstraint("base_seq", "seq"),
)

# Every reference-data item the district sent, newest state, whatever its kind.
reference_items = Table(
    "reference_items",
    metadata,
    Column("kind", String(40), nullable=False),
    Column("item_id", String(200), nullable=False),
    Column("data", Text, nullable=False),  # canonical JSON
    Column("version", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("applied", Boolean, nullable=False),  # also written into the app's own tables
    Column("received_at", String(32), nullable=False),
    PrimaryKeyConstraint("kind", "item_id"),
)

# The office's backup key (derived from the recovery passphrase; migration 0005 explains).
backup_key = Table(
    "backup_key",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kdf", Text, nullable=False),  # JSON: scrypt salt and parameters
    Column("key_hex", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
)

# Events a replaced store had and the restored backup lacked, verbatim (desktop.services.restore).
restore_kept_events = Table(
    "restore_kept_events",
    metadata,
    Column("restored_at", String(32), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("type", String(64), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("occurred_at", String(32), nullable=False),
    Column("user_id", String(36)),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("at_district", Boolean, nullable=False),
    PrimaryKeyConstraint("restored_at", "seq"),
)

# Failed logins per user and the lock-out deadline.
login_guard = Table(
    "login_guard",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", String(32)),
    Column("last_failure_at", String(32)),
)

# Every reveal or export of a full NIK/KK/NPWP (append-only; also journalled as identity.accessed).
access_log = Table(
    "access_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False, index=True),
    Column("user_id", String(36)),
    Column("username", String(64)),
    Column("action", String(20), nullable=False),  # reveal / export / erase
    Column("subject_kind", String(20), nullable=False),  # donor / beneficiary
    Column("subject_id", String(36), nullable=False),
    Column("subject_name", String(120)),
    Column("fields", String(60), nullable=False),  # "nik,kk"
    Column("purpose", String(200), nullable=False),
    Column("event_id", String(36)),
)

# The beneficiary, report-totals and cash tables share this MetaData (declared apart to keep modules small).
from desktop.store import tables_beneficiaries, tables_cash, tables_reports  # noqa: E402, F401
