"""Running totals for reports: donations and aid per UTC hour, kept by triggers.

Reports (daily, monthly, Beranda's 30-day chart) must not scan every donation line. These tables
hold sums per UTC hour × fund × payment method × program (donations) and per UTC hour × fund ×
program × asnaf × kind (approved aid), written by triggers in the same transaction as the donation,
the void or the approval, so they can never drift from the rows (tests compare them with plain SQL).

Why the UTC *hour* and not the local day: the office's zone (WIB/WITA/WIT) is a setting that may
change, and every Indonesian zone is a whole number of hours from UTC, so any local day or month is
an exact union of UTC hours. A month costs at most 744 hours × a few funds/methods/programs.

A void subtracts into ``voided`` of the receipt's own recording hour: the receipt never counted.
(Late voids after a day's closing are handled by the closing tables of a later revision.)
The ``donations.donor_id`` index serves donor statements (a donor's receipts of one year).

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DDL = [
    """CREATE TABLE donation_hour_totals (
        hour VARCHAR(13) NOT NULL, fund_code VARCHAR(40) NOT NULL, payment_method VARCHAR(10) NOT NULL,
        program_code VARCHAR(40) NOT NULL, recorded INTEGER NOT NULL, voided INTEGER NOT NULL,
        lines INTEGER NOT NULL, PRIMARY KEY (hour, fund_code, payment_method, program_code))""",
    """CREATE TABLE receipt_hour_totals (
        hour VARCHAR(13) NOT NULL PRIMARY KEY, issued INTEGER NOT NULL, voided INTEGER NOT NULL)""",
    """CREATE TABLE aid_hour_totals (
        hour VARCHAR(13) NOT NULL, fund_code VARCHAR(40) NOT NULL, program_code VARCHAR(40) NOT NULL,
        asnaf VARCHAR(12) NOT NULL, kind VARCHAR(8) NOT NULL, amount INTEGER NOT NULL,
        count INTEGER NOT NULL, PRIMARY KEY (hour, fund_code, program_code, asnaf, kind))""",
    "CREATE INDEX ix_donations_donor_id ON donations (donor_id)",
    """CREATE TRIGGER donation_lines_hour_ai AFTER INSERT ON donation_lines BEGIN
        INSERT INTO donation_hour_totals(hour, fund_code, payment_method, program_code, recorded, voided, lines)
        SELECT substr(d.recorded_at, 1, 13), new.fund_code, d.payment_method, coalesce(new.program_code, ''),
               new.amount, CASE WHEN d.status = 'aktif' THEN 0 ELSE new.amount END, 1
        FROM donations AS d WHERE d.id = new.donation_id
        ON CONFLICT(hour, fund_code, payment_method, program_code) DO UPDATE SET
            recorded = recorded + excluded.recorded, voided = voided + excluded.voided,
            lines = lines + 1;
    END""",
    """CREATE TRIGGER donations_hour_ai AFTER INSERT ON donations BEGIN
        INSERT INTO receipt_hour_totals(hour, issued, voided)
        VALUES (substr(new.recorded_at, 1, 13), 1, CASE WHEN new.status = 'aktif' THEN 0 ELSE 1 END)
        ON CONFLICT(hour) DO UPDATE SET issued = issued + 1, voided = voided + excluded.voided;
    END""",
    """CREATE TRIGGER donations_hour_void AFTER UPDATE OF status ON donations
        WHEN old.status = 'aktif' AND new.status <> 'aktif' BEGIN
        UPDATE receipt_hour_totals SET voided = voided + 1 WHERE hour = substr(new.recorded_at, 1, 13);
        UPDATE donation_hour_totals SET voided = voided + (
            SELECT coalesce(sum(l.amount), 0) FROM donation_lines AS l
            WHERE l.donation_id = new.id AND l.fund_code = donation_hour_totals.fund_code
              AND coalesce(l.program_code, '') = donation_hour_totals.program_code)
        WHERE hour = substr(new.recorded_at, 1, 13) AND payment_method = new.payment_method
          AND (fund_code, program_code) IN (
            SELECT fund_code, coalesce(program_code, '') FROM donation_lines WHERE donation_id = new.id);
    END""",
    """CREATE TRIGGER distributions_hour_ai AFTER INSERT ON distributions
        WHEN new.status = 'disetujui' BEGIN
        INSERT INTO aid_hour_totals(hour, fund_code, program_code, asnaf, kind, amount, count)
        VALUES (substr(coalesce(new.decided_at, new.proposed_at), 1, 13), new.fund_code, new.program_code,
                coalesce(new.asnaf, (SELECT b.asnaf FROM beneficiaries AS b WHERE b.id = new.beneficiary_id), ''),
                new.kind, new.amount, 1)
        ON CONFLICT(hour, fund_code, program_code, asnaf, kind) DO UPDATE SET
            amount = amount + excluded.amount, count = count + 1;
    END""",
    """CREATE TRIGGER distributions_hour_au AFTER UPDATE OF status ON distributions
        WHEN old.status <> 'disetujui' AND new.status = 'disetujui' BEGIN
        INSERT INTO aid_hour_totals(hour, fund_code, program_code, asnaf, kind, amount, count)
        VALUES (substr(coalesce(new.decided_at, new.proposed_at), 1, 13), new.fund_code, new.program_code,
                coalesce(new.asnaf, (SELECT b.asnaf FROM beneficiaries AS b WHERE b.id = new.beneficiary_id), ''),
                new.kind, new.amount, 1)
        ON CONFLICT(hour, fund_code, program_code, asnaf, kind) DO UPDATE SET
            amount = amount + excluded.amount, count = count + 1;
    END""",
    # What the store held before this revision.
    """INSERT INTO donation_hour_totals(hour, fund_code, payment_method, program_code, recorded, voided, lines)
        SELECT substr(d.recorded_at, 1, 13), l.fund_code, d.payment_method, coalesce(l.program_code, ''),
               sum(l.amount), sum(CASE WHEN d.status = 'aktif' THEN 0 ELSE l.amount END), count(*)
        FROM donation_lines AS l JOIN donations AS d ON d.id = l.donation_id
        GROUP BY 1, 2, 3, 4""",
    """INSERT INTO receipt_hour_totals(hour, issued, voided)
        SELECT substr(recorded_at, 1, 13), count(*), sum(CASE WHEN status = 'aktif' THEN 0 ELSE 1 END)
        FROM donations GROUP BY 1""",
    """INSERT INTO aid_hour_totals(hour, fund_code, program_code, asnaf, kind, amount, count)
        SELECT substr(coalesce(x.decided_at, x.proposed_at), 1, 13), x.fund_code, x.program_code,
               coalesce(x.asnaf, b.asnaf, ''), x.kind, sum(x.amount), count(*)
        FROM distributions AS x LEFT JOIN beneficiaries AS b ON b.id = x.beneficiary_id
        WHERE x.status = 'disetujui' GROUP BY 1, 2, 3, 4, 5""",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the office store never migrates down; restore a backup instead")
