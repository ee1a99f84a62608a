"""Late voids leave a closed day's running totals as they were and count on the day of the void.

A receipt of a closed day voided afterwards is recorded in ``late_voids`` (revision 0008) in the
same transaction as the void. The void triggers of 0004/0007 have just taken it out of its recording
hour and month; this trigger puts it back there (so the daily and monthly reports of the closed day
keep the figures the head confirmed) and books it in ``late_void_hour_totals`` at the hour of the
void instead: the reports show it there as an adjustment, like the next closing does.

Stores that already hold late voids are rebuilt from the rows.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_LINE_SUM = """(SELECT coalesce(sum(l.amount), 0) FROM donation_lines AS l
            WHERE l.donation_id = new.donation_id AND l.fund_code = {table}.fund_code{program})"""
_RECORDED = "(SELECT substr(d.recorded_at, 1, {n}) FROM donations AS d WHERE d.id = new.donation_id)"

DDL = [
    """CREATE TABLE late_void_hour_totals (
        hour VARCHAR(13) NOT NULL, fund_code VARCHAR(40) NOT NULL, payment_method VARCHAR(10) NOT NULL,
        program_code VARCHAR(40) NOT NULL, amount INTEGER NOT NULL,
        PRIMARY KEY (hour, fund_code, payment_method, program_code))""",
    f"""CREATE TRIGGER late_voids_totals_ai AFTER INSERT ON late_voids BEGIN
        UPDATE donation_hour_totals SET voided = voided - {_LINE_SUM.format(
            table="donation_hour_totals",
            program=" AND coalesce(l.program_code, '') = donation_hour_totals.program_code")}
        WHERE hour = {_RECORDED.format(n=13)} AND payment_method = new.payment_method
          AND (fund_code, program_code) IN (
            SELECT fund_code, coalesce(program_code, '') FROM donation_lines WHERE donation_id = new.donation_id);
        UPDATE donation_month_totals SET voided = voided - {_LINE_SUM.format(table="donation_month_totals",
                                                                             program="")}
        WHERE month = {_RECORDED.format(n=7)}
          AND fund_code IN (SELECT fund_code FROM donation_lines WHERE donation_id = new.donation_id);
        UPDATE receipt_hour_totals SET voided = voided - 1 WHERE hour = {_RECORDED.format(n=13)};
        INSERT INTO late_void_hour_totals(hour, fund_code, payment_method, program_code, amount)
        SELECT substr(new.voided_at, 1, 13), l.fund_code, new.payment_method, coalesce(l.program_code, ''),
               sum(l.amount)
        FROM donation_lines AS l WHERE l.donation_id = new.donation_id GROUP BY l.fund_code, l.program_code
        ON CONFLICT(hour, fund_code, payment_method, program_code) DO UPDATE SET amount = amount + excluded.amount;
    END""",
    # Rebuild what 0004/0007 summed for stores that already hold late voids.
    "DELETE FROM donation_hour_totals",
    """INSERT INTO donation_hour_totals(hour, fund_code, payment_method, program_code, recorded, voided, lines)
        SELECT substr(d.recorded_at, 1, 13), l.fund_code, d.payment_method, coalesce(l.program_code, ''),
               sum(l.amount), sum(CASE WHEN d.status = 'aktif' OR v.donation_id IS NOT NULL THEN 0 ELSE l.amount END),
               count(*)
        FROM donation_lines AS l JOIN donations AS d ON d.id = l.donation_id
        LEFT JOIN late_voids AS v ON v.donation_id = d.id GROUP BY 1, 2, 3, 4""",
    "DELETE FROM donation_month_totals",
    """INSERT INTO donation_month_totals(month, fund_code, recorded, voided)
        SELECT substr(d.recorded_at, 1, 7), l.fund_code, sum(l.amount),
               sum(CASE WHEN d.status = 'aktif' OR v.donation_id IS NOT NULL THEN 0 ELSE l.amount END)
        FROM donation_lines AS l JOIN donations AS d ON d.id = l.donation_id
        LEFT JOIN late_voids AS v ON v.donation_id = d.id GROUP BY 1, 2""",
    "DELETE FROM receipt_hour_totals",
    """INSERT INTO receipt_hour_totals(hour, issued, voided)
        SELECT substr(d.recorded_at, 1, 13), count(*),
               sum(CASE WHEN d.status = 'aktif' OR v.donation_id IS NOT NULL THEN 0 ELSE 1 END)
        FROM donations AS d LEFT JOIN late_voids AS v ON v.donation_id = d.id GROUP BY 1""",
    """INSERT INTO late_void_hour_totals(hour, fund_code, payment_method, program_code, amount)
        SELECT substr(v.voided_at, 1, 13), l.fund_code, v.payment_method, coalesce(l.program_code, ''), sum(l.amount)
        FROM late_voids AS v JOIN donation_lines AS l ON l.donation_id = v.donation_id GROUP BY 1, 2, 3, 4""",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the office store never migrates down; restore a backup instead")
