"""Initial schema of the district server (frozen: later changes go in new revisions).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('alerts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=True),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('counters',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('donation_lines',
    sa.Column('donation_id', sa.String(length=64), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('fund_code', sa.String(length=40), nullable=False),
    sa.Column('program_code', sa.String(length=40), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=True),
    sa.Column('unit', sa.String(length=10), nullable=True),
    sa.PrimaryKeyConstraint('donation_id', 'line_no'),
    sqlite_with_rowid=False
    )
    op.create_table('donations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('receipt_number', sa.String(length=40), nullable=False),
    sa.Column('donor_id', sa.String(length=64), nullable=True),
    sa.Column('donor_name', sa.String(length=120), nullable=False),
    sa.Column('donor_nik', sa.String(length=16), nullable=True),
    sa.Column('donor_npwp', sa.String(length=16), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('payment_method', sa.String(length=10), nullable=False),
    sa.Column('payment_reference', sa.String(length=60), nullable=True),
    sa.Column('recorded_at', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('donations', schema=None) as batch_op:
        batch_op.create_index('ix_donations_office_time', ['office_id', 'recorded_at'], unique=False)
        batch_op.create_index('ix_donations_receipt', ['receipt_number'], unique=False)

    op.create_table('donor_versions',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('donor_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'seq')
    )
    with op.batch_alter_table('donor_versions', schema=None) as batch_op:
        batch_op.create_index('ix_donor_versions_donor', ['donor_id'], unique=False)

    op.create_table('donors',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('events',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('occurred_at', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'seq')
    )
    op.create_table('offices',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('institution_name', sa.String(length=160), nullable=True),
    sa.Column('institution_address', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('ref_items',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_id', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'item_id', 'office_id'),
    sa.UniqueConstraint('change_id')
    )
    op.create_table('review_flags',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('resolved_at', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.create_index('ix_review_flags_device_seq', ['device_id', 'seq'], unique=False)

    op.create_table('voids',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('donation_id', sa.String(length=64), nullable=False),
    sa.Column('receipt_number', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('voided_at', sa.String(length=40), nullable=False),
    sa.Column('voided_by', sa.String(length=64), nullable=True),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'seq')
    )
    with op.batch_alter_table('voids', schema=None) as batch_op:
        batch_op.create_index('ix_voids_receipt', ['receipt_number'], unique=False)

    op.create_table('devices',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('enrolled_at', sa.String(length=40), nullable=False),
    sa.Column('revoked_at', sa.String(length=40), nullable=True),
    sa.Column('acked_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.Column('last_contact_at', sa.String(length=40), nullable=True),
    sa.Column('last_device_time', sa.String(length=40), nullable=True),
    sa.Column('app_version', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], onupdate='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('enroll_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('expires_at', sa.String(length=40), nullable=False),
    sa.Column('used_at', sa.String(length=40), nullable=True),
    sa.Column('used_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], onupdate='CASCADE'),
    sa.PrimaryKeyConstraint('code_hash')
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('enroll_codes')
    op.drop_table('devices')
    with op.batch_alter_table('voids', schema=None) as batch_op:
        batch_op.drop_index('ix_voids_receipt')

    op.drop_table('voids')
    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.drop_index('ix_review_flags_device_seq')

    op.drop_table('review_flags')
    op.drop_table('ref_items')
    op.drop_table('offices')
    op.drop_table('events')
    op.drop_table('donors')
    with op.batch_alter_table('donor_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_donor_versions_donor')

    op.drop_table('donor_versions')
    with op.batch_alter_table('donations', schema=None) as batch_op:
        batch_op.drop_index('ix_donations_receipt')
        batch_op.drop_index('ix_donations_office_time')

    op.drop_table('donations')
    op.drop_table('donation_lines')
    op.drop_table('counters')
    op.drop_table('alerts')
