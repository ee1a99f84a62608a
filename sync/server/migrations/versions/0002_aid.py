"""Aid projection tables and the district aid salt (frozen: later changes go in new revisions).

The salt is made here, once per database, because a migration runs in one process before the
server answers: generating it lazily on the first approval could let two PostgreSQL workers each
write a different salt, and devices would hash with one while the index used the other.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""
import json
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SALT_KEY = 'district_aid_salt'


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('beneficiaries',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('kk', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.create_index('ix_beneficiaries_nik', ['nik'], unique=False)

    op.create_table('distributions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('number', sa.String(length=48), nullable=False),
    sa.Column('beneficiary_id', sa.String(length=64), nullable=False),
    sa.Column('fund_code', sa.String(length=40), nullable=False),
    sa.Column('program_code', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('proposed_at', sa.String(length=40), nullable=False),
    sa.Column('decided_at', sa.String(length=40), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('distributions', schema=None) as batch_op:
        batch_op.create_index('ix_distributions_office_status', ['office_id', 'status'], unique=False)

    _insert_salt(op.get_bind())


def _insert_salt(conn: sa.Connection) -> None:
    """The salt as a global reference ``setting`` item (``{"key", "value"}``), with a fresh change id."""
    if conn.execute(sa.text("SELECT 1 FROM ref_items WHERE kind = 'setting' AND item_id = :k AND office_id = ''"),
                    {"k": SALT_KEY}).first():
        return
    bumped = conn.execute(sa.text("UPDATE counters SET value = value + 1 WHERE name = 'ref_change'")).rowcount
    if not bumped:
        conn.execute(sa.text("INSERT INTO counters (name, value) VALUES ('ref_change', 1)"))
    change_id = conn.execute(sa.text("SELECT value FROM counters WHERE name = 'ref_change'")).scalar_one()
    data = json.dumps({'key': SALT_KEY, 'value': secrets.token_hex(32)}, sort_keys=True, separators=(',', ':'))
    changed_at = datetime.now(UTC).isoformat(timespec='milliseconds').replace('+00:00', 'Z')
    conn.execute(sa.text(
        "INSERT INTO ref_items (kind, item_id, office_id, version, data, deleted, change_id, changed_at) "
        "VALUES ('setting', :k, '', 1, :data, :deleted, :change_id, :changed_at)"
    ), {"k": SALT_KEY, "data": data, "deleted": False, "change_id": change_id, "changed_at": changed_at})


def downgrade() -> None:
    """Downgrade schema."""
    op.get_bind().execute(sa.text("DELETE FROM ref_items WHERE kind = 'setting' AND item_id = :k"), {"k": SALT_KEY})
    with op.batch_alter_table('distributions', schema=None) as batch_op:
        batch_op.drop_index('ix_distributions_office_status')

    op.drop_table('distributions')
    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.drop_index('ix_beneficiaries_nik')

    op.drop_table('beneficiaries')
