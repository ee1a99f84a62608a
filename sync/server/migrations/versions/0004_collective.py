"""Collective collection (issue 14): collectives, the donations each groups, institutions' payer lists.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'collectives',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('office_id', sa.String(length=64), nullable=False),
        sa.Column('device_id', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('number', sa.String(length=48), nullable=False),
        sa.Column('institution_id', sa.String(length=64), nullable=False),
        sa.Column('institution_name', sa.String(length=120), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('payment_method', sa.String(length=10), nullable=False),
        sa.Column('payment_reference', sa.String(length=60), nullable=True),
        sa.Column('total', sa.BigInteger(), nullable=False),
        sa.Column('payer_count', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.String(length=40), nullable=False),
        sa.Column('needs_review', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_collectives_office_period', 'collectives', ['office_id', 'period'], unique=False)
    op.create_table(
        'collective_donations',
        sa.Column('donation_id', sa.String(length=64), nullable=False),
        sa.Column('collective_id', sa.String(length=64), nullable=False),
        sa.Column('office_id', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('donation_id'),
    )
    op.create_index('ix_collective_donations_collective', 'collective_donations', ['collective_id'], unique=False)
    op.create_table(
        'institution_payers',
        sa.Column('office_id', sa.String(length=64), nullable=False),
        sa.Column('institution_id', sa.String(length=64), nullable=False),
        sa.Column('donor_id', sa.String(length=64), nullable=False),
        sa.Column('added_at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('office_id', 'institution_id', 'donor_id'),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('institution_payers')
    op.drop_index('ix_collective_donations_collective', table_name='collective_donations')
    op.drop_table('collective_donations')
    op.drop_index('ix_collectives_office_period', table_name='collectives')
    op.drop_table('collectives')
