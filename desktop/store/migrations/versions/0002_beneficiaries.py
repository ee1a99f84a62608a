"""Beneficiaries (+FTS5), group members, distributions, deposits, fund totals, district aid index.

``fund_totals`` holds each fund's running sums (collected, distributed, pending, deposited), kept
exact by triggers in the same transaction as the row that changes them, so a balance is read from a
dozen rows instead of summing a million donation lines. Existing donations are summed once here.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DDL = [
    """CREATE TABLE beneficiaries (
        rowid INTEGER NOT NULL PRIMARY KEY, id VARCHAR(36) NOT NULL UNIQUE, kind VARCHAR(10) NOT NULL,
        group_type VARCHAR(10), name VARCHAR(120) NOT NULL, nik VARCHAR(16) UNIQUE, kk VARCHAR(16),
        birth_date VARCHAR(10), sex VARCHAR(1), address VARCHAR(300), village_code VARCHAR(10),
        phone VARCHAR(20), asnaf VARCHAR(12), decile INTEGER, needs_note VARCHAR(1000),
        status VARCHAR(12) NOT NULL, version INTEGER NOT NULL, created_at VARCHAR(32) NOT NULL,
        updated_at VARCHAR(32) NOT NULL, created_by VARCHAR(36))""",
    "CREATE INDEX ix_beneficiaries_kk ON beneficiaries (kk)",
    # Same type-ahead design as donors_fts: external content, prefix indexes, diacritics folded.
    """CREATE VIRTUAL TABLE beneficiaries_fts USING fts5(
        name, nik, kk, phone, content='beneficiaries', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')""",
    """CREATE TRIGGER beneficiaries_fts_ai AFTER INSERT ON beneficiaries BEGIN
        INSERT INTO beneficiaries_fts(rowid, name, nik, kk, phone)
        VALUES (new.rowid, new.name, new.nik, new.kk, new.phone);
    END""",
    """CREATE TRIGGER beneficiaries_fts_ad AFTER DELETE ON beneficiaries BEGIN
        INSERT INTO beneficiaries_fts(beneficiaries_fts, rowid, name, nik, kk, phone)
        VALUES ('delete', old.rowid, old.name, old.nik, old.kk, old.phone);
    END""",
    # Only the indexed columns: a status or note change must not churn the index.
    """CREATE TRIGGER beneficiaries_fts_au AFTER UPDATE OF name, nik, kk, phone ON beneficiaries BEGIN
        INSERT INTO beneficiaries_fts(beneficiaries_fts, rowid, name, nik, kk, phone)
        VALUES ('delete', old.rowid, old.name, old.nik, old.kk, old.phone);
        INSERT INTO beneficiaries_fts(rowid, name, nik, kk, phone)
        VALUES (new.rowid, new.name, new.nik, new.kk, new.phone);
    END""",
    """CREATE TABLE beneficiary_members (
        group_id VARCHAR(36) NOT NULL REFERENCES beneficiaries(id),
        member_id VARCHAR(36) NOT NULL REFERENCES beneficiaries(id), role VARCHAR(20) NOT NULL,
        added_at VARCHAR(32) NOT NULL, PRIMARY KEY (group_id, member_id))""",
    "CREATE INDEX ix_beneficiary_members_member_id ON beneficiary_members (member_id)",
    """CREATE TABLE distributions (
        id VARCHAR(36) NOT NULL PRIMARY KEY, number VARCHAR(48) NOT NULL UNIQUE,
        beneficiary_id VARCHAR(36) NOT NULL REFERENCES beneficiaries(id),
        fund_code VARCHAR(40) NOT NULL REFERENCES funds(code),
        program_code VARCHAR(40) NOT NULL REFERENCES programs(code), kind VARCHAR(8) NOT NULL,
        amount INTEGER NOT NULL, item VARCHAR(120), quantity VARCHAR(20), unit VARCHAR(20),
        asnaf VARCHAR(12), note VARCHAR(300), status VARCHAR(10) NOT NULL,
        proposed_at VARCHAR(32) NOT NULL, proposed_by VARCHAR(36) REFERENCES users(id),
        decided_at VARCHAR(32), decided_by VARCHAR(36) REFERENCES users(id),
        decision_reason VARCHAR(300), warnings TEXT)""",
    "CREATE INDEX ix_distributions_beneficiary_id ON distributions (beneficiary_id)",
    "CREATE INDEX ix_distributions_status ON distributions (status)",
    # A proposal is decided once (approved or rejected); what was proposed never changes.
    """CREATE TRIGGER distributions_immutable BEFORE UPDATE ON distributions
        WHEN old.status <> 'diajukan' OR new.status NOT IN ('disetujui', 'ditolak')
          OR new.id IS NOT old.id OR new.number IS NOT old.number
          OR new.beneficiary_id IS NOT old.beneficiary_id OR new.fund_code IS NOT old.fund_code
          OR new.program_code IS NOT old.program_code OR new.kind IS NOT old.kind
          OR new.amount IS NOT old.amount OR new.item IS NOT old.item
          OR new.quantity IS NOT old.quantity OR new.unit IS NOT old.unit OR new.asnaf IS NOT old.asnaf
          OR new.note IS NOT old.note OR new.proposed_at IS NOT old.proposed_at
          OR new.proposed_by IS NOT old.proposed_by BEGIN
        SELECT RAISE(ABORT, 'distributions are immutable; a proposal is only approved or rejected once');
    END""",
    """CREATE TRIGGER distributions_no_delete BEFORE DELETE ON distributions BEGIN
        SELECT RAISE(ABORT, 'distributions are never deleted');
    END""",
    """CREATE TABLE deposits (
        id VARCHAR(36) NOT NULL PRIMARY KEY, fund_code VARCHAR(40) NOT NULL REFERENCES funds(code),
        amount INTEGER NOT NULL, deposited_on VARCHAR(10) NOT NULL, reference VARCHAR(60),
        note VARCHAR(300), recorded_at VARCHAR(32) NOT NULL, user_id VARCHAR(36) REFERENCES users(id))""",
    """CREATE TABLE fund_totals (
        fund_code VARCHAR(40) NOT NULL PRIMARY KEY REFERENCES funds(code),
        collected INTEGER NOT NULL DEFAULT 0, distributed INTEGER NOT NULL DEFAULT 0,
        pending INTEGER NOT NULL DEFAULT 0, deposited INTEGER NOT NULL DEFAULT 0)""",
    # Running totals, maintained in the writing transaction (so they cannot drift from the rows).
    """CREATE TRIGGER donation_lines_totals_ai AFTER INSERT ON donation_lines
        WHEN (SELECT status FROM donations WHERE id = new.donation_id) = 'aktif' BEGIN
        INSERT INTO fund_totals(fund_code, collected, distributed, pending, deposited)
        VALUES (new.fund_code, new.amount, 0, 0, 0)
        ON CONFLICT(fund_code) DO UPDATE SET collected = collected + excluded.collected;
    END""",
    """CREATE TRIGGER donations_totals_void AFTER UPDATE OF status ON donations
        WHEN old.status = 'aktif' AND new.status <> 'aktif' BEGIN
        UPDATE fund_totals SET collected = collected - (
            SELECT coalesce(sum(l.amount), 0) FROM donation_lines AS l
            WHERE l.donation_id = new.id AND l.fund_code = fund_totals.fund_code)
        WHERE fund_code IN (SELECT fund_code FROM donation_lines WHERE donation_id = new.id);
    END""",
    """CREATE TRIGGER distributions_totals_ai AFTER INSERT ON distributions BEGIN
        INSERT INTO fund_totals(fund_code, collected, distributed, pending, deposited)
        VALUES (new.fund_code, 0, CASE WHEN new.status = 'disetujui' THEN new.amount ELSE 0 END,
                CASE WHEN new.status = 'diajukan' THEN new.amount ELSE 0 END, 0)
        ON CONFLICT(fund_code) DO UPDATE SET distributed = distributed + excluded.distributed,
            pending = pending + excluded.pending;
    END""",
    """CREATE TRIGGER distributions_totals_au AFTER UPDATE OF status ON distributions BEGIN
        UPDATE fund_totals SET
            pending = pending - CASE WHEN old.status = 'diajukan' THEN old.amount ELSE 0 END
                              + CASE WHEN new.status = 'diajukan' THEN new.amount ELSE 0 END,
            distributed = distributed - CASE WHEN old.status = 'disetujui' THEN old.amount ELSE 0 END
                                      + CASE WHEN new.status = 'disetujui' THEN new.amount ELSE 0 END
        WHERE fund_code = new.fund_code;
    END""",
    """CREATE TRIGGER deposits_totals_ai AFTER INSERT ON deposits BEGIN
        INSERT INTO fund_totals(fund_code, collected, distributed, pending, deposited)
        VALUES (new.fund_code, 0, 0, 0, new.amount)
        ON CONFLICT(fund_code) DO UPDATE SET deposited = deposited + excluded.deposited;
    END""",
    """CREATE TRIGGER deposits_totals_au AFTER UPDATE OF amount, fund_code ON deposits BEGIN
        UPDATE fund_totals SET deposited = deposited - old.amount WHERE fund_code = old.fund_code;
        INSERT INTO fund_totals(fund_code, collected, distributed, pending, deposited)
        VALUES (new.fund_code, 0, 0, 0, new.amount)
        ON CONFLICT(fund_code) DO UPDATE SET deposited = deposited + excluded.deposited;
    END""",
    """CREATE TRIGGER deposits_totals_ad AFTER DELETE ON deposits BEGIN
        UPDATE fund_totals SET deposited = deposited - old.amount WHERE fund_code = old.fund_code;
    END""",
    # Donations recorded before this revision.
    """INSERT INTO fund_totals(fund_code, collected, distributed, pending, deposited)
        SELECT f.code, coalesce((SELECT sum(l.amount) FROM donation_lines AS l
                                 JOIN donations AS d ON d.id = l.donation_id
                                 WHERE l.fund_code = f.code AND d.status = 'aktif'), 0), 0, 0, 0
        FROM funds AS f""",
    """CREATE TABLE district_aid_index (
        id VARCHAR(64) NOT NULL PRIMARY KEY, nik_hash VARCHAR(64), kk_hash VARCHAR(64),
        office_code VARCHAR(16) NOT NULL, aid_date VARCHAR(10) NOT NULL, fund_code VARCHAR(40),
        program_code VARCHAR(40), value INTEGER, version INTEGER NOT NULL)""",
    "CREATE INDEX ix_district_aid_index_nik_hash ON district_aid_index (nik_hash)",
    "CREATE INDEX ix_district_aid_index_kk_hash ON district_aid_index (kk_hash)",
    "CREATE INDEX ix_district_aid_index_aid_date ON district_aid_index (aid_date)",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the office store never migrates down; restore a backup instead")
