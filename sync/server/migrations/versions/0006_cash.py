"""Cash projections (issue 11): day closings, deposits and their lines, per-office running totals.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('day_closings',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('expected', sa.BigInteger(), nullable=False),
    sa.Column('counted', sa.BigInteger(), nullable=False),
    sa.Column('difference', sa.BigInteger(), nullable=False),
    sa.Column('late_void_adjustment', sa.BigInteger(), nullable=False),
    sa.Column('methods', sa.Text(), nullable=False),
    sa.Column('denominations', sa.Text(), nullable=True),
    sa.Column('totals_by_fund', sa.Text(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('closed_by', sa.String(length=64), nullable=True),
    sa.Column('confirmed_by', sa.String(length=64), nullable=True),
    sa.Column('closed_at', sa.String(length=40), nullable=False),
    sa.Column('reopened_at', sa.String(length=40), nullable=True),
    sa.Column('reopened_by', sa.String(length=64), nullable=True),
    sa.Column('reopen_reason', sa.String(length=300), nullable=True),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('day_closings', schema=None) as batch_op:
        batch_op.create_index('ix_day_closings_office_day', ['office_id', 'day'], unique=False)

    op.create_table('deposits',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('deposited_on', sa.String(length=10), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('bank', sa.String(length=80), nullable=True),
    sa.Column('account', sa.String(length=40), nullable=True),
    sa.Column('reference', sa.String(length=60), nullable=True),
    sa.Column('recorded_by', sa.String(length=64), nullable=True),
    sa.Column('recorded_at', sa.String(length=40), nullable=False),
    sa.Column('confirmed_at', sa.String(length=40), nullable=True),
    sa.Column('confirmed_by', sa.String(length=120), nullable=True),
    sa.Column('confirm_note', sa.String(length=300), nullable=True),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('deposits', schema=None) as batch_op:
        batch_op.create_index('ix_deposits_office_date', ['office_id', 'deposited_on'], unique=False)

    op.create_table('deposit_lines',
    sa.Column('deposit_id', sa.String(length=64), nullable=False),
    sa.Column('fund_code', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('deposit_id', 'fund_code')
    )
    op.create_table('office_cash_totals',
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('closings', sa.Integer(), nullable=False),
    sa.Column('last_closed_day', sa.String(length=10), nullable=True),
    sa.Column('difference_total', sa.BigInteger(), nullable=False),
    sa.Column('deposited_total', sa.BigInteger(), nullable=False),
    sa.Column('confirmed_total', sa.BigInteger(), nullable=False),
    sa.Column('pending_deposits', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('office_id')
    )
    op.create_table('office_fund_deposits',
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('fund_code', sa.String(length=40), nullable=False),
    sa.Column('deposited', sa.BigInteger(), nullable=False),
    sa.Column('confirmed', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('office_id', 'fund_code')
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('office_fund_deposits')
    op.drop_table('office_cash_totals')
    op.drop_table('deposit_lines')
    with op.batch_alter_table('deposits', schema=None) as batch_op:
        batch_op.drop_index('ix_deposits_office_date')
    op.drop_table('deposits')
    with op.batch_alter_table('day_closings', schema=None) as batch_op:
        batch_op.drop_index('ix_day_closings_office_day')
    op.drop_table('day_closings')
