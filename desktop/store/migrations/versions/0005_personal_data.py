"""Backup key, events kept by a restore, login guard, identity access log.

``backup_key`` holds the office's backup key, derived once (scrypt) from the recovery passphrase
chosen at setup, so the app can encrypt its daily backups without asking for the passphrase; the
passphrase itself is never stored. One row at most.

``restore_kept_events`` holds, verbatim, the events a replaced store had and the restored backup
lacked (``desktop.services.restore``); IF NOT EXISTS because a restore of an older backup creates it
before this migration runs.

``login_guard`` counts failed logins per user and holds the lock-out deadline (five failures lock
that user for five minutes); a success clears it.

``access_log`` lists every reveal or export of a full NIK/KK/NPWP (who, what, when, why), written in
the same transaction as its ``identity.accessed`` journal event, so the kepala's view needs no scan
of the journal. Append-only, like the journal.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DDL = [
    """CREATE TABLE backup_key (
        id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), kdf TEXT NOT NULL, key_hex VARCHAR(64) NOT NULL,
        created_at VARCHAR(32) NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS restore_kept_events (restored_at VARCHAR(32) NOT NULL,
        seq INTEGER NOT NULL, event_id VARCHAR(36) NOT NULL, type VARCHAR(64) NOT NULL,
        entity_id VARCHAR(64) NOT NULL, occurred_at VARCHAR(32) NOT NULL, user_id VARCHAR(36),
        payload TEXT NOT NULL, prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL,
        at_district BOOLEAN NOT NULL, PRIMARY KEY (restored_at, seq))""",
    """CREATE TABLE login_guard (
        user_id VARCHAR(36) NOT NULL PRIMARY KEY, failures INTEGER NOT NULL, locked_until VARCHAR(32),
        last_failure_at VARCHAR(32))""",
    """CREATE TABLE access_log (
        id INTEGER NOT NULL PRIMARY KEY, at VARCHAR(32) NOT NULL, user_id VARCHAR(36), username VARCHAR(64),
        action VARCHAR(20) NOT NULL, subject_kind VARCHAR(20) NOT NULL, subject_id VARCHAR(36) NOT NULL,
        subject_name VARCHAR(120), fields VARCHAR(60) NOT NULL, purpose VARCHAR(200) NOT NULL,
        event_id VARCHAR(36))""",
    "CREATE INDEX ix_access_log_at ON access_log (at)",
    """CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log BEGIN
        SELECT RAISE(ABORT, 'the access log is append-only');
    END""",
    """CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log BEGIN
        SELECT RAISE(ABORT, 'the access log is append-only');
    END""",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the office store never migrates down; restore a backup instead")
