"""Journal base (rebase after a restored backup), moved events, district reference items.

A device restored from an older backup holds fewer events than the district already acknowledged.
The journal must then continue numbering after the server's ``acked_seq`` with ``prev_hash`` = the
server's ``last_hash``. ``journal_base`` records each such jump (written in the same transaction as
the rebase); the gap-free trigger lets the next seq follow ``max(max(seq), max(base_seq))``.

Events the restored device recorded before it learnt about the jump collide with seqs the server
already holds: they are *moved*, verbatim, into ``journal_orphans`` (append-only) and re-appended
after the base. The journal still never loses a row: a delete is refused unless it removes the last
row and an identical copy already sits in ``journal_orphans``.

``reference_items`` keeps every reference-data item the district sent (funds, programs, rates,
users, settings and kinds this version does not know yet), so no page is ever dropped.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DDL = [
    """CREATE TABLE journal_base (
        base_seq INTEGER NOT NULL PRIMARY KEY, base_hash VARCHAR(64) NOT NULL, fork_seq INTEGER NOT NULL,
        local_high_seq INTEGER NOT NULL, moved INTEGER NOT NULL, recorded_at VARCHAR(32) NOT NULL,
        reason VARCHAR(200) NOT NULL)""",
    """CREATE TRIGGER journal_base_no_update BEFORE UPDATE ON journal_base BEGIN
        SELECT RAISE(ABORT, 'journal base is append-only');
    END""",
    """CREATE TRIGGER journal_base_no_delete BEFORE DELETE ON journal_base BEGIN
        SELECT RAISE(ABORT, 'journal base is append-only');
    END""",
    # A base only ever lies beyond everything the journal holds (numbering moves forward only).
    """CREATE TRIGGER journal_base_forward BEFORE INSERT ON journal_base
        WHEN new.base_seq <= max(coalesce((SELECT max(seq) FROM journal), 0),
                                 coalesce((SELECT max(base_seq) FROM journal_base), 0)) BEGIN
        SELECT RAISE(ABORT, 'a journal base must lie beyond the last seq');
    END""",
    """CREATE TABLE journal_orphans (
        base_seq INTEGER NOT NULL, seq INTEGER NOT NULL, event_id VARCHAR(36) NOT NULL,
        type VARCHAR(64) NOT NULL, entity_id VARCHAR(64) NOT NULL, occurred_at VARCHAR(32) NOT NULL,
        user_id VARCHAR(36), payload TEXT NOT NULL, prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL,
        PRIMARY KEY (base_seq, seq))""",
    """CREATE TRIGGER journal_orphans_no_update BEFORE UPDATE ON journal_orphans BEGIN
        SELECT RAISE(ABORT, 'moved journal events are append-only');
    END""",
    """CREATE TRIGGER journal_orphans_no_delete BEFORE DELETE ON journal_orphans BEGIN
        SELECT RAISE(ABORT, 'moved journal events are append-only');
    END""",
    "DROP TRIGGER journal_gap_free",
    """CREATE TRIGGER journal_gap_free BEFORE INSERT ON journal
        WHEN new.seq <> max(coalesce((SELECT max(seq) FROM journal), 0),
                            coalesce((SELECT max(base_seq) FROM journal_base), 0)) + 1 BEGIN
        SELECT RAISE(ABORT, 'journal seq must follow the last one');
    END""",
    "DROP TRIGGER journal_no_delete",
    # Only a move is allowed: the last row, and only once its identical copy is in journal_orphans.
    """CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
        WHEN EXISTS (SELECT 1 FROM journal AS later WHERE later.seq > old.seq)
          OR NOT EXISTS (
            SELECT 1 FROM journal_orphans AS o
            WHERE o.seq = old.seq AND o.event_id = old.event_id AND o.type = old.type
              AND o.entity_id = old.entity_id AND o.occurred_at = old.occurred_at
              AND o.user_id IS old.user_id AND o.payload = old.payload
              AND o.prev_hash = old.prev_hash AND o.hash = old.hash) BEGIN
        SELECT RAISE(ABORT, 'journal is append-only');
    END""",
    """CREATE TABLE reference_items (
        kind VARCHAR(40) NOT NULL, item_id VARCHAR(200) NOT NULL, data TEXT NOT NULL, version INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL, applied BOOLEAN NOT NULL, received_at VARCHAR(32) NOT NULL,
        PRIMARY KEY (kind, item_id))""",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the office store never migrates down; restore a backup instead")
