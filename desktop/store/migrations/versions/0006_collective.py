"""Collective collection (issue 14): institutions as donors, their payer lists, collective donations.

An institution (school, mosque, OPD, company) is a donor row of kind ``institution``; the people who
pay through it are ordinary donors linked in ``institution_payers``. A collective donation is one row
in ``collectives`` plus one ordinary donation per payer (each with its own receipt number) that
points back at it through ``donations.collective_id``: the per-payer lines are the ledger, the
collective is only the hand-over that groups them, so nothing is ever counted twice.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DDL = [
    "ALTER TABLE donors ADD COLUMN kind VARCHAR(12) NOT NULL DEFAULT 'person'",
    "ALTER TABLE donors ADD COLUMN institution_type VARCHAR(12)",
    "ALTER TABLE donors ADD COLUMN contact VARCHAR(120)",
    "ALTER TABLE donors ADD COLUMN nip VARCHAR(18)",
    "CREATE INDEX ix_donors_nik ON donors (nik)",
    "CREATE INDEX ix_donors_nip ON donors (nip)",
    "ALTER TABLE donations ADD COLUMN collective_id VARCHAR(36)",
    "CREATE INDEX ix_donations_collective_id ON donations (collective_id)",
    """CREATE TABLE institution_payers (
        institution_id VARCHAR(36) NOT NULL REFERENCES donors(id),
        donor_id VARCHAR(36) NOT NULL REFERENCES donors(id),
        added_at VARCHAR(32) NOT NULL,
        PRIMARY KEY (institution_id, donor_id))""",
    """CREATE TABLE collectives (
        id VARCHAR(36) NOT NULL PRIMARY KEY, number VARCHAR(48) NOT NULL UNIQUE,
        institution_id VARCHAR(36) NOT NULL REFERENCES donors(id), institution_name VARCHAR(120) NOT NULL,
        period VARCHAR(7) NOT NULL, payment_method VARCHAR(10) NOT NULL, payment_reference VARCHAR(60),
        total INTEGER NOT NULL, payer_count INTEGER NOT NULL, recorded_at VARCHAR(32) NOT NULL,
        user_id VARCHAR(36) NOT NULL REFERENCES users(id))""",
    "CREATE INDEX ix_collectives_institution_period ON collectives (institution_id, period)",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the office store never migrates down; restore a backup instead")
