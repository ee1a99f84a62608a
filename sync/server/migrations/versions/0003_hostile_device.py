"""Trust-boundary columns: device letters, batch-file verification keys, device-bound enrollment codes.

Offices registered with a generated id are renamed to their code while they have no events yet: the
office app names its office by code in every event, and only the district (this migration, never a
device) may change an office's id.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letter', sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column('file_key', sa.String(length=64), nullable=True))
    with op.batch_alter_table('enroll_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.String(length=64), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, code FROM offices WHERE id <> code AND NOT EXISTS "
        "(SELECT 1 FROM events WHERE events.office_id = offices.id) "
        "AND NOT EXISTS (SELECT 1 FROM offices AS o2 WHERE o2.id = offices.code)")).all()
    for old, code in rows:
        conn.execute(sa.text("INSERT INTO offices (id, code, name, institution_name, institution_address, "
                             "created_at) SELECT :code, :tmp, name, institution_name, institution_address, "
                             "created_at FROM offices WHERE id = :old"),
                     {"code": code, "old": old, "tmp": f"~{old}"[:16]})
        for table in ('devices', 'enroll_codes', 'ref_items'):
            conn.execute(sa.text(f"UPDATE {table} SET office_id = :code WHERE office_id = :old"),
                         {"code": code, "old": old})
        conn.execute(sa.text("DELETE FROM offices WHERE id = :old"), {"old": old})
        conn.execute(sa.text("UPDATE offices SET code = :code WHERE id = :code"), {"code": code})


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('enroll_codes', schema=None) as batch_op:
        batch_op.drop_column('device_id')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('file_key')
        batch_op.drop_column('letter')
