"""``StoreJournalSource``: the office store seen through ``sync.client.source.JournalSource``.

The sync client runs on a worker thread and reads the next batch on a helper thread of its own, so
every method opens its own short connection from the store's engine pool (SQLite connections are
not shared across threads here). Writes (the ack mark, a page of reference data with its cursor)
are small IMMEDIATE transactions, so a clerk saving a donation meanwhile waits milliseconds at most.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

from desktop.services.context import AppContext
from desktop.services.sync_apply import ApplyContext, apply_items
from desktop.services.sync_state import SyncProblem, read_state, write_state
from desktop.store import journal
from sync.client.source import JournalRows, WireEvents

BULK_PAGE_ITEMS = 1000  # pages at least this large are written as bulk pages (see _page_write)
BULK_CACHE_KIB = 64 * 1024
BULK_CHECKPOINT_PAGES = 16 * 1024  # 64 MiB of WAL at 4 KiB pages

# progress(phase, done, total): phase "upload" (events acked / to send) or "download" (items, 0).
Progress = Callable[[str, int, int], None]


class StoreJournalSource:
    """JournalSource over the real store; also counts what a sync did for its outcome."""

    def __init__(self, ctx: AppContext, progress: Progress | None = None) -> None:
        self.ctx = ctx
        self.progress = progress
        self.pulled = 0
        self.changed: set[str] = set()
        self._start_acked: int | None = None

    # -- JournalSource ----------------------------------------------------------------------
    def device_id(self) -> str:
        return self.ctx.office.device_id

    def high_seq(self) -> int:
        with self.ctx.store.read() as conn:
            return journal.high_seq(conn)

    def acked_seq(self) -> int:
        with self.ctx.store.read() as conn:
            return int(read_state(conn).get("acked_seq", "0") or 0)

    def hash_at(self, seq: int) -> str | None:
        with self.ctx.store.read() as conn:
            return journal.hash_at(conn, seq)

    def events_after(self, seq: int, limit: int) -> list[dict[str, Any]]:
        """Called on the client's helper thread: a connection of its own, one snapshot."""
        with self.ctx.store.read() as conn:
            events = list(journal.iter_events(conn, self.ctx.office.identity, after_seq=seq, limit=limit))
        if events and int(events[0]["seq"]) != seq + 1:
            # The server wants events this device no longer has (it lies inside a journal base:
            # the server was restored to before a rebase). Never loop on it: say so.
            raise SyncProblem("sync_diverged", seq=seq + 1)
        return events

    def wire_events_after(self, seq: int, limit: int) -> WireEvents | None:
        """``events_after`` as the chained wire text (``sync.client.source.WireJournalSource``): plain
        sqlite3 on the read transaction's connection, the stored payload text spliced in as it is."""
        with self.ctx.store.read() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            rows = journal.wire_events(raw, self.ctx.office.identity, after_seq=seq, limit=limit)
        if not rows:
            return None
        if rows[0][0] != seq + 1:
            raise SyncProblem("sync_diverged", seq=seq + 1)  # as in events_after
        count = len(rows)
        if rows[-1][0] != seq + count:  # a journal base inside the range: stop before the jump
            count = next(i for i, row in enumerate(rows) if row[0] != seq + 1 + i)
        return WireEvents(first_seq=seq + 1, prev_hash=rows[0][1], hashes=[row[2] for row in rows[:count]],
                          texts=[row[3] for row in rows[:count]])

    def rows_after(self, seq: int, limit: int) -> JournalRows | None:
        """``events_after`` as the stored rows (``sync.client.source.RowJournalSource``), for protocol-2
        batches: plain sqlite3 on the read transaction's connection, payloads left as stored text."""
        with self.ctx.store.read() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            rows = journal.journal_rows(raw, after_seq=seq, limit=limit)
        if not rows:
            return None
        if rows[0][0] != seq + 1:
            raise SyncProblem("sync_diverged", seq=seq + 1)  # as in events_after
        count = len(rows)
        if rows[-1][0] != seq + count:  # a journal base inside the range: stop before the jump
            count = next(i for i, row in enumerate(rows) if row[0] != seq + 1 + i)
        return JournalRows(first_seq=seq + 1, prev_hash=rows[0][1], office_id=self.ctx.office.identity.office_code,
                           hashes=[row[2] for row in rows[:count]], rows=[row[3:] for row in rows[:count]])

    def mark_acked(self, seq: int, last_hash: str) -> None:
        with self.ctx.store.write() as conn:
            write_state(conn, acked_seq=seq, acked_hash=last_hash)
            high = journal.high_seq(conn)
        if self._start_acked is None:
            self._start_acked = seq
        if self.progress is not None:
            start = min(self._start_acked, seq)
            self.progress("upload", seq - start, max(0, high - start))

    def cursor(self) -> int:
        with self.ctx.store.read() as conn:
            return int(read_state(conn).get("cursor", "0") or 0)

    def apply_changes_page(self, items: list[dict[str, Any]], next_cursor: int) -> None:
        """One transaction: every item (into reference_items and the app's tables) and the cursor."""
        if not items and next_cursor == self.cursor():
            return  # nothing new at the head: no write (and no fsync) for an idle sync
        with self._page_write(bulk=len(items) >= BULK_PAGE_ITEMS) as conn:
            acked = int(read_state(conn).get("acked_seq", "0") or 0)
            result = apply_items(conn, items, ApplyContext(now=self.ctx.now_iso(), acked_seq=acked))
            write_state(conn, cursor=next_cursor)
        self.pulled += result.items
        self.changed |= result.changed
        if self.progress is not None:
            self.progress("download", self.pulled, 0)

    @contextmanager
    def _page_write(self, *, bulk: bool) -> Iterator[Connection]:
        """The page's write transaction; a large page (the aid index's first pull: 40 pages of 5,000)
        gets a 64 MiB page cache and a WAL checkpoint every 64 MiB instead of every 4 MiB, on its
        connection and for this transaction only.

        Each page inserts at random places in seven B-trees (random ids and hashes): with the
        default 2 MiB cache most of those pages are read back from the OS for every row, and with
        the default checkpoint every commit copies the pages it touched back into the database file
        (and fsyncs it), only for the next page to touch most of them again. Measured on 200,000
        items: 7.2-8.4 s -> 5.0-5.2 s for the writes (one bare transaction: 4.2-4.4 s).
        """
        if not bulk:
            with self.ctx.store.write() as conn:
                yield conn
            return
        store = self.ctx.store
        with store.engine.connect() as conn:  # held through the commit, so its pragmas can be restored
            raw = conn.connection.driver_connection
            assert raw is not None
            cache = int(raw.execute("PRAGMA cache_size").fetchone()[0])
            checkpoint = int(raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
            raw.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
            raw.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")
            try:
                # as Store.write: BEGIN IMMEDIATE, and SQLite's errors as the clerk's StoreErrors
                with store._translated(), conn.execution_options(sqlite_begin="IMMEDIATE").begin():
                    yield conn
            finally:
                raw.execute(f"PRAGMA cache_size={cache}")
                raw.execute(f"PRAGMA wal_autocheckpoint={checkpoint}")
