"""``StoreJournalSource``: the office store seen through ``sync.client.source.JournalSource``.

The sync client runs on a worker thread and reads the next batch on a helper thread of its own, so
every method opens its own short connection from the store's engine pool (SQLite connections are
not shared across threads here). Writes (the ack mark, a page of reference data with its cursor)
are small IMMEDIATE transactions, so a clerk saving a donation meanwhile waits milliseconds at most.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.services.context import AppContext
from desktop.services.sync_apply import ApplyContext, apply_items
from desktop.services.sync_state import SyncProblem, read_state, write_state
from desktop.store import journal

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
        with self.ctx.store.write() as conn:
            acked = int(read_state(conn).get("acked_seq", "0") or 0)
            result = apply_items(conn, items, ApplyContext(now=self.ctx.now_iso(), acked_seq=acked))
            write_state(conn, cursor=next_cursor)
        self.pulled += result.items
        self.changed |= result.changed
        if self.progress is not None:
            self.progress("download", self.pulled, 0)
