"""Daily closing (tutup kas), late voids, deposit slips (setoran) and per-fund cash running totals.

* ``day_closings``: one row per closing of an office-local day, with the figures as they were when
  the head confirmed (per payment method, per fund, the cash count by denomination). The row never
  changes except once, when a kepala reopens it (status ``tutup`` -> ``dibuka`` with a reason); a
  partial unique index allows one *closed* row per day, so two clerks closing the same day on the
  same store cannot both succeed.
* ``late_voids``: a receipt of a closed day voided afterwards. The closed figures stay as they were;
  the void is carried as an adjustment by the next closing (``adjusted_in``).
* ``deposit_slips``: one deposit to the district account (date, bank, account, reference, who);
  its per-fund amounts stay in ``deposits`` (migration 0002, whose triggers keep ``fund_totals``
  exact), now pointing at their slip.
* ``fund_cash_totals``: per fund, cash (tunai) collected and cash aid approved, kept exact by
  triggers like ``fund_totals``, so "cash on hand" is read from a dozen rows.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DDL = [
    """CREATE TABLE day_closings (
        id VARCHAR(36) NOT NULL PRIMARY KEY, day VARCHAR(10) NOT NULL, status VARCHAR(8) NOT NULL,
        expected INTEGER NOT NULL, counted INTEGER NOT NULL, difference INTEGER NOT NULL,
        late_void_adjustment INTEGER NOT NULL, methods TEXT NOT NULL, denominations TEXT,
        totals_by_fund TEXT NOT NULL, note VARCHAR(300), closed_at VARCHAR(32) NOT NULL,
        closed_by VARCHAR(36) NOT NULL REFERENCES users(id),
        confirmed_by VARCHAR(36) NOT NULL REFERENCES users(id),
        reopened_at VARCHAR(32), reopened_by VARCHAR(36) REFERENCES users(id), reopen_reason VARCHAR(300))""",
    "CREATE INDEX ix_day_closings_day ON day_closings (day)",
    # One closed row per day: the second of two concurrent closings fails here even if it passed every check.
    "CREATE UNIQUE INDEX ux_day_closings_closed_day ON day_closings (day) WHERE status = 'tutup'",
    # A closing's figures never change; the only change is one reopening, with who, when and why.
    """CREATE TRIGGER day_closings_immutable BEFORE UPDATE ON day_closings
        WHEN old.status <> 'tutup' OR new.status <> 'dibuka' OR new.reopened_at IS NULL
          OR new.reopened_by IS NULL OR new.reopen_reason IS NULL
          OR new.id IS NOT old.id OR new.day IS NOT old.day OR new.expected IS NOT old.expected
          OR new.counted IS NOT old.counted OR new.difference IS NOT old.difference
          OR new.late_void_adjustment IS NOT old.late_void_adjustment OR new.methods IS NOT old.methods
          OR new.denominations IS NOT old.denominations OR new.totals_by_fund IS NOT old.totals_by_fund
          OR new.note IS NOT old.note OR new.closed_at IS NOT old.closed_at
          OR new.closed_by IS NOT old.closed_by OR new.confirmed_by IS NOT old.confirmed_by BEGIN
        SELECT RAISE(ABORT, 'a day closing never changes; it is only reopened once');
    END""",
    """CREATE TRIGGER day_closings_no_delete BEFORE DELETE ON day_closings BEGIN
        SELECT RAISE(ABORT, 'day closings are never deleted');
    END""",
    """CREATE TABLE late_voids (
        donation_id VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES donations(id),
        receipt_number VARCHAR(40) NOT NULL, day VARCHAR(10) NOT NULL,
        closing_id VARCHAR(36) NOT NULL REFERENCES day_closings(id), void_day VARCHAR(10) NOT NULL,
        payment_method VARCHAR(10) NOT NULL, amount INTEGER NOT NULL, voided_at VARCHAR(32) NOT NULL,
        adjusted_in VARCHAR(36) REFERENCES day_closings(id))""",
    "CREATE INDEX ix_late_voids_adjusted_in ON late_voids (adjusted_in)",
    """CREATE TRIGGER late_voids_no_delete BEFORE DELETE ON late_voids BEGIN
        SELECT RAISE(ABORT, 'late voids are never deleted');
    END""",
    # Only ``adjusted_in`` moves (set by a closing, cleared when that closing is reopened).
    """CREATE TRIGGER late_voids_immutable BEFORE UPDATE ON late_voids
        WHEN new.donation_id IS NOT old.donation_id OR new.receipt_number IS NOT old.receipt_number
          OR new.day IS NOT old.day OR new.closing_id IS NOT old.closing_id OR new.void_day IS NOT old.void_day
          OR new.payment_method IS NOT old.payment_method OR new.amount IS NOT old.amount
          OR new.voided_at IS NOT old.voided_at BEGIN
        SELECT RAISE(ABORT, 'a late void never changes');
    END""",
    """CREATE TABLE deposit_slips (
        id VARCHAR(36) NOT NULL PRIMARY KEY, deposited_on VARCHAR(10) NOT NULL, total INTEGER NOT NULL,
        bank VARCHAR(80) NOT NULL, account VARCHAR(40), reference VARCHAR(60) NOT NULL, note VARCHAR(300),
        recorded_at VARCHAR(32) NOT NULL, user_id VARCHAR(36) NOT NULL REFERENCES users(id))""",
    "CREATE INDEX ix_deposit_slips_deposited_on ON deposit_slips (deposited_on)",
    """CREATE TRIGGER deposit_slips_immutable BEFORE UPDATE ON deposit_slips BEGIN
        SELECT RAISE(ABORT, 'a deposit is never changed');
    END""",
    """CREATE TRIGGER deposit_slips_no_delete BEFORE DELETE ON deposit_slips BEGIN
        SELECT RAISE(ABORT, 'a deposit is never deleted');
    END""",
    "ALTER TABLE deposits ADD COLUMN deposit_id VARCHAR(36) REFERENCES deposit_slips(id)",
    "CREATE INDEX ix_deposits_deposit_id ON deposits (deposit_id)",
    """CREATE TABLE fund_cash_totals (
        fund_code VARCHAR(40) NOT NULL PRIMARY KEY REFERENCES funds(code),
        collected INTEGER NOT NULL DEFAULT 0, distributed INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TRIGGER donation_lines_cash_ai AFTER INSERT ON donation_lines
        WHEN (SELECT status = 'aktif' AND payment_method = 'tunai' FROM donations WHERE id = new.donation_id) BEGIN
        INSERT INTO fund_cash_totals(fund_code, collected, distributed) VALUES (new.fund_code, new.amount, 0)
        ON CONFLICT(fund_code) DO UPDATE SET collected = collected + excluded.collected;
    END""",
    """CREATE TRIGGER donations_cash_void AFTER UPDATE OF status ON donations
        WHEN old.status = 'aktif' AND new.status <> 'aktif' AND new.payment_method = 'tunai' BEGIN
        UPDATE fund_cash_totals SET collected = collected - (
            SELECT coalesce(sum(l.amount), 0) FROM donation_lines AS l
            WHERE l.donation_id = new.id AND l.fund_code = fund_cash_totals.fund_code)
        WHERE fund_code IN (SELECT fund_code FROM donation_lines WHERE donation_id = new.id);
    END""",
    """CREATE TRIGGER distributions_cash_ai AFTER INSERT ON distributions
        WHEN new.kind = 'tunai' AND new.status = 'disetujui' BEGIN
        INSERT INTO fund_cash_totals(fund_code, collected, distributed) VALUES (new.fund_code, 0, new.amount)
        ON CONFLICT(fund_code) DO UPDATE SET distributed = distributed + excluded.distributed;
    END""",
    """CREATE TRIGGER distributions_cash_au AFTER UPDATE OF status ON distributions WHEN new.kind = 'tunai' BEGIN
        INSERT INTO fund_cash_totals(fund_code, collected, distributed) VALUES (new.fund_code, 0,
            CASE WHEN new.status = 'disetujui' THEN new.amount ELSE 0 END
            - CASE WHEN old.status = 'disetujui' THEN old.amount ELSE 0 END)
        ON CONFLICT(fund_code) DO UPDATE SET distributed = distributed + excluded.distributed;
    END""",
    # Cash already in the store before this revision.
    """INSERT INTO fund_cash_totals(fund_code, collected, distributed)
        SELECT f.code,
            coalesce((SELECT sum(l.amount) FROM donation_lines AS l JOIN donations AS d ON d.id = l.donation_id
                      WHERE l.fund_code = f.code AND d.status = 'aktif' AND d.payment_method = 'tunai'), 0),
            coalesce((SELECT sum(x.amount) FROM distributions AS x
                      WHERE x.fund_code = f.code AND x.kind = 'tunai' AND x.status = 'disetujui'), 0)
        FROM funds AS f""",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the office store never migrates down; restore a backup instead")
