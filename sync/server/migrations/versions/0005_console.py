"""District console: day totals and aid-index projections (backfilled), verification mismatches,
console users, sessions, login lockouts, the console journal, and who resolved a review flag.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('day_totals',
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('fund_code', sa.String(length=40), nullable=False),
    sa.Column('program_code', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('lines', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('office_id', 'day', 'fund_code', 'program_code')
    )
    op.create_index('ix_day_totals_day', 'day_totals', ['day', 'office_id'], unique=False)
    op.create_table('aid_index',
    sa.Column('item_id', sa.String(length=80), nullable=False),
    sa.Column('distribution_id', sa.String(length=64), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('nik_hash', sa.String(length=64), nullable=True),
    sa.Column('kk_hash', sa.String(length=64), nullable=True),
    sa.Column('aid_date', sa.String(length=10), nullable=False),
    sa.Column('fund_code', sa.String(length=40), nullable=False),
    sa.Column('program_code', sa.String(length=40), nullable=False),
    sa.Column('asnaf', sa.String(length=40), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('item_id')
    )
    op.create_index('ix_aid_index_nik', 'aid_index', ['nik_hash'], unique=False)
    op.create_index('ix_aid_index_kk', 'aid_index', ['kk_hash'], unique=False)
    op.create_index('ix_aid_index_date', 'aid_index', ['aid_date'], unique=False)
    op.create_table('verify_mismatches',
    sa.Column('receipt_number', sa.String(length=40), nullable=False),
    sa.Column('office_id', sa.String(length=64), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=False),
    sa.Column('first_at', sa.String(length=40), nullable=False),
    sa.Column('last_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('receipt_number')
    )
    op.create_table('console_users',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('disabled_at', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('console_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('last_seen_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_table('login_failures',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('first_at', sa.String(length=40), nullable=False),
    sa.Column('locked_until', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('console_journal',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_by', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('resolution_note', sa.String(length=500), nullable=True))
        batch_op.create_index('ix_review_flags_open', ['resolved_at', 'office_id'], unique=False)
    _backfill()


def _backfill() -> None:
    """Totals of the donations already stored, and overlap rows of the aid index already published."""
    from sync.server.totals import rebuild

    conn = op.get_bind()
    rebuild(conn)
    rows: list[dict[str, object]] = []
    index = conn.execute(sa.text(
        "SELECT item_id, data FROM ref_items WHERE kind = 'beneficiary' AND office_id = '' AND deleted = :f"),
        {"f": False}).all()
    for item_id, raw in index:
        dist_id = str(item_id).rsplit(".", 1)[0]
        dist = conn.execute(sa.text("SELECT office_id, data FROM distributions WHERE id = :i"), {"i": dist_id}).first()
        if dist is None:
            continue
        data = json.loads(raw)
        asnaf = json.loads(dist[1]).get("asnaf")
        rows.append({"item_id": item_id, "distribution_id": dist_id, "office_id": dist[0],
                     "nik_hash": data.get("nik_hash"), "kk_hash": data.get("kk_hash"),
                     "aid_date": str(data.get("aid_date", ""))[:10], "fund_code": str(data.get("fund_code", "")),
                     "program_code": str(data.get("program_code", "")),
                     "asnaf": str(asnaf)[:40] if asnaf is not None else None, "amount": int(data.get("value", 0))})
    if rows:
        conn.execute(sa.text(
            "INSERT INTO aid_index (item_id, distribution_id, office_id, nik_hash, kk_hash, aid_date, fund_code, "
            "program_code, asnaf, amount) VALUES (:item_id, :distribution_id, :office_id, :nik_hash, :kk_hash, "
            ":aid_date, :fund_code, :program_code, :asnaf, :amount)"), rows)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.drop_index('ix_review_flags_open')
        batch_op.drop_column('resolution_note')
        batch_op.drop_column('resolved_by')
    for table in ('console_journal', 'login_failures', 'console_sessions', 'console_users', 'verify_mismatches',
                  'aid_index', 'day_totals'):
        op.drop_table(table)
