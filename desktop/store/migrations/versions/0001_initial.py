"""Initial office store: office, users, catalogue, donors (+FTS5), donations, journal.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

DDL = [
    """CREATE TABLE office (
        id VARCHAR(36) NOT NULL PRIMARY KEY, code VARCHAR(16) NOT NULL, name VARCHAR(120) NOT NULL,
        institution_name VARCHAR(160) NOT NULL, institution_address VARCHAR(300) NOT NULL,
        logo_path VARCHAR(500), device_id VARCHAR(36) NOT NULL, device_letter VARCHAR(1) NOT NULL,
        created_at VARCHAR(32) NOT NULL)""",
    """CREATE TABLE settings (
        key VARCHAR(64) NOT NULL PRIMARY KEY, value TEXT NOT NULL, updated_at VARCHAR(32) NOT NULL)""",
    """CREATE TABLE users (
        id VARCHAR(36) NOT NULL PRIMARY KEY, username VARCHAR(64) NOT NULL UNIQUE, full_name VARCHAR(120) NOT NULL,
        role VARCHAR(20) NOT NULL, password_hash VARCHAR(200) NOT NULL, active BOOLEAN NOT NULL,
        created_at VARCHAR(32) NOT NULL, updated_at VARCHAR(32) NOT NULL)""",
    """CREATE TABLE funds (
        code VARCHAR(40) NOT NULL PRIMARY KEY, name VARCHAR(120) NOT NULL, kind VARCHAR(10) NOT NULL,
        unit VARCHAR(10) NOT NULL, active BOOLEAN NOT NULL, sort_order INTEGER NOT NULL)""",
    """CREATE TABLE programs (
        code VARCHAR(40) NOT NULL PRIMARY KEY, name VARCHAR(120) NOT NULL, pillar VARCHAR(60) NOT NULL,
        active BOOLEAN NOT NULL)""",
    """CREATE TABLE donors (
        rowid INTEGER PRIMARY KEY, id VARCHAR(36) NOT NULL UNIQUE, name VARCHAR(120) NOT NULL,
        nik VARCHAR(16), npwp VARCHAR(16), phone VARCHAR(20), address VARCHAR(300), village VARCHAR(120),
        anonymous BOOLEAN NOT NULL, version INTEGER NOT NULL, created_at VARCHAR(32) NOT NULL,
        updated_at VARCHAR(32) NOT NULL, created_by VARCHAR(36))""",
    # Type-ahead index: external content (no second copy of the text), prefix indexes for the
    # 1-3 letter prefixes a clerk types, diacritics folded.
    """CREATE VIRTUAL TABLE donors_fts USING fts5(
        name, nik, phone, content='donors', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')""",
    """CREATE TRIGGER donors_fts_ai AFTER INSERT ON donors BEGIN
        INSERT INTO donors_fts(rowid, name, nik, phone) VALUES (new.rowid, new.name, new.nik, new.phone);
    END""",
    """CREATE TRIGGER donors_fts_ad AFTER DELETE ON donors BEGIN
        INSERT INTO donors_fts(donors_fts, rowid, name, nik, phone)
        VALUES ('delete', old.rowid, old.name, old.nik, old.phone);
    END""",
    """CREATE TRIGGER donors_fts_au AFTER UPDATE ON donors BEGIN
        INSERT INTO donors_fts(donors_fts, rowid, name, nik, phone)
        VALUES ('delete', old.rowid, old.name, old.nik, old.phone);
        INSERT INTO donors_fts(rowid, name, nik, phone) VALUES (new.rowid, new.name, new.nik, new.phone);
    END""",
    """CREATE TABLE receipt_counters (
        office_code VARCHAR(16) NOT NULL, year INTEGER NOT NULL, device_letter VARCHAR(1) NOT NULL,
        last_seq INTEGER NOT NULL, PRIMARY KEY (office_code, year, device_letter))""",
    # Counters only move forward: a receipt number is never handed out twice.
    """CREATE TRIGGER receipt_counters_forward BEFORE UPDATE ON receipt_counters
        WHEN new.last_seq <= old.last_seq BEGIN
        SELECT RAISE(ABORT, 'receipt counter may only move forward');
    END""",
    """CREATE TRIGGER receipt_counters_no_delete BEFORE DELETE ON receipt_counters BEGIN
        SELECT RAISE(ABORT, 'receipt counters are never deleted');
    END""",
    """CREATE TABLE donations (
        id VARCHAR(36) NOT NULL PRIMARY KEY, receipt_number VARCHAR(40) NOT NULL UNIQUE,
        donor_id VARCHAR(36) REFERENCES donors(id), donor_name VARCHAR(120) NOT NULL,
        donor_nik VARCHAR(16), donor_npwp VARCHAR(16), donor_address VARCHAR(300),
        anonymous BOOLEAN NOT NULL, total INTEGER NOT NULL, payment_method VARCHAR(10) NOT NULL,
        payment_reference VARCHAR(60), recorded_at VARCHAR(32) NOT NULL,
        user_id VARCHAR(36) NOT NULL REFERENCES users(id), status VARCHAR(8) NOT NULL,
        void_reason VARCHAR(300), voided_at VARCHAR(32), voided_by VARCHAR(36))""",
    "CREATE INDEX ix_donations_recorded_at ON donations (recorded_at)",
    # Donations are immutable: the only change ever allowed is one void (status and void fields).
    """CREATE TRIGGER donations_immutable BEFORE UPDATE ON donations
        WHEN old.status <> 'aktif' OR new.status <> 'batal'
          OR new.id IS NOT old.id OR new.receipt_number IS NOT old.receipt_number
          OR new.donor_id IS NOT old.donor_id OR new.donor_name IS NOT old.donor_name
          OR new.donor_nik IS NOT old.donor_nik OR new.donor_npwp IS NOT old.donor_npwp
          OR new.donor_address IS NOT old.donor_address OR new.anonymous IS NOT old.anonymous
          OR new.total IS NOT old.total OR new.payment_method IS NOT old.payment_method
          OR new.payment_reference IS NOT old.payment_reference
          OR new.recorded_at IS NOT old.recorded_at OR new.user_id IS NOT old.user_id BEGIN
        SELECT RAISE(ABORT, 'donations are immutable; only a void is allowed');
    END""",
    """CREATE TRIGGER donations_no_delete BEFORE DELETE ON donations BEGIN
        SELECT RAISE(ABORT, 'donations are never deleted');
    END""",
    """CREATE TABLE donation_lines (
        donation_id VARCHAR(36) NOT NULL REFERENCES donations(id), line_no INTEGER NOT NULL,
        fund_code VARCHAR(40) NOT NULL REFERENCES funds(code), program_code VARCHAR(40) REFERENCES programs(code),
        amount INTEGER NOT NULL, quantity INTEGER, unit VARCHAR(10), note VARCHAR(200),
        PRIMARY KEY (donation_id, line_no))""",
    """CREATE TRIGGER donation_lines_immutable BEFORE UPDATE ON donation_lines BEGIN
        SELECT RAISE(ABORT, 'donation lines are immutable');
    END""",
    """CREATE TRIGGER donation_lines_no_delete BEFORE DELETE ON donation_lines BEGIN
        SELECT RAISE(ABORT, 'donation lines are never deleted');
    END""",
    """CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, donation_id VARCHAR(36) NOT NULL REFERENCES donations(id),
        copy BOOLEAN NOT NULL, paper VARCHAR(8) NOT NULL, printer VARCHAR(200), status VARCHAR(10) NOT NULL,
        error VARCHAR(500), created_at VARCHAR(32) NOT NULL, updated_at VARCHAR(32) NOT NULL)""",
    "CREATE INDEX ix_print_jobs_donation_id ON print_jobs (donation_id)",
    """CREATE TABLE journal (
        seq INTEGER PRIMARY KEY, event_id VARCHAR(36) NOT NULL UNIQUE, type VARCHAR(64) NOT NULL,
        entity_id VARCHAR(64) NOT NULL, occurred_at VARCHAR(32) NOT NULL, user_id VARCHAR(36),
        payload TEXT NOT NULL, prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL)""",
    # The journal is the sync outbox and the tamper-evidence chain: append-only, gap-free.
    """CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
        SELECT RAISE(ABORT, 'journal is append-only');
    END""",
    """CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
        SELECT RAISE(ABORT, 'journal is append-only');
    END""",
    """CREATE TRIGGER journal_gap_free BEFORE INSERT ON journal
        WHEN new.seq <> coalesce((SELECT max(seq) FROM journal), 0) + 1 BEGIN
        SELECT RAISE(ABORT, 'journal seq must follow the last one');
    END""",
    """CREATE TABLE sync_state (key VARCHAR(64) NOT NULL PRIMARY KEY, value TEXT NOT NULL)""",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the office store never migrates down; restore a backup instead")
