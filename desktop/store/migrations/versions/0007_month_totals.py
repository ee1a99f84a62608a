"""Donations per UTC month × fund, for balances at a month's end without summing every hour.

A month-end balance is everything recorded before one UTC hour (the local month's end). Summing the
hour totals of migration 0004 from the beginning grows with the store's age (600,000 hour rows for
1,000,000 dense donation lines); with this table it is the whole UTC months before that hour (a few
rows per fund) plus at most 744 hours of the boundary's own month. Kept by triggers like 0004.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

DDL = [
    """CREATE TABLE donation_month_totals (
        month VARCHAR(7) NOT NULL, fund_code VARCHAR(40) NOT NULL, recorded INTEGER NOT NULL,
        voided INTEGER NOT NULL, PRIMARY KEY (month, fund_code))""",
    """CREATE TRIGGER donation_lines_month_ai AFTER INSERT ON donation_lines BEGIN
        INSERT INTO donation_month_totals(month, fund_code, recorded, voided)
        SELECT substr(d.recorded_at, 1, 7), new.fund_code, new.amount,
               CASE WHEN d.status = 'aktif' THEN 0 ELSE new.amount END
        FROM donations AS d WHERE d.id = new.donation_id
        ON CONFLICT(month, fund_code) DO UPDATE SET
            recorded = recorded + excluded.recorded, voided = voided + excluded.voided;
    END""",
    """CREATE TRIGGER donations_month_void AFTER UPDATE OF status ON donations
        WHEN old.status = 'aktif' AND new.status <> 'aktif' BEGIN
        UPDATE donation_month_totals SET voided = voided + (
            SELECT coalesce(sum(l.amount), 0) FROM donation_lines AS l
            WHERE l.donation_id = new.id AND l.fund_code = donation_month_totals.fund_code)
        WHERE month = substr(new.recorded_at, 1, 7)
          AND fund_code IN (SELECT fund_code FROM donation_lines WHERE donation_id = new.id);
    END""",
    """INSERT INTO donation_month_totals(month, fund_code, recorded, voided)
        SELECT substr(d.recorded_at, 1, 7), l.fund_code, sum(l.amount),
               sum(CASE WHEN d.status = 'aktif' THEN 0 ELSE l.amount END)
        FROM donation_lines AS l JOIN donations AS d ON d.id = l.donation_id GROUP BY 1, 2""",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the office store never migrates down; restore a backup instead")
