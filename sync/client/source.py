"""What the sync client needs from the device's store; the desktop app implements it.

The client never touches the store's tables: keeping this interface small lets the desktop keep its
journal, triggers and transactions to itself, and lets tests use a tiny SQLite journal instead.
All methods are called from the thread running the sync, except ``events_after``, which runs on the
client's helper thread (one call at a time) so that reading overlaps the network round trip: open a
connection per call or guard a shared one.
"""

from __future__ import annotations

from typing import Any, Protocol


class JournalSource(Protocol):
    def device_id(self) -> str:
        """This device's id (as in its events)."""
        ...

    def high_seq(self) -> int:
        """The highest seq in the journal (0 when empty)."""
        ...

    def acked_seq(self) -> int:
        """The highest seq the server is known to have committed (as last recorded by mark_acked)."""
        ...

    def hash_at(self, seq: int) -> str | None:
        """The stored hash of event ``seq`` (GENESIS_HASH for 0, None if the journal has no such seq)."""
        ...

    def events_after(self, seq: int, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` full events with seq > ``seq``, in order (dicts with every Event field)."""
        ...

    def mark_acked(self, seq: int, last_hash: str) -> None:
        """Persist that the server holds everything up to ``seq``. May move backwards (server restore)."""
        ...

    def cursor(self) -> int:
        """The reference-data cursor last applied (0 before the first pull)."""
        ...

    def apply_changes_page(self, items: list[dict[str, Any]], next_cursor: int) -> None:
        """Upsert (or delete) the items and store ``next_cursor``, in one local transaction."""
        ...
