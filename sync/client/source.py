"""What the sync client needs from the device's store; the desktop app implements it.

The client never touches the store's tables: keeping this interface small lets the desktop keep its
journal, triggers and transactions to itself, and lets tests use a tiny SQLite journal instead.
All methods are called from the thread running the sync, except ``events_after`` (and
``wire_events_after``), which run on the client's helper thread (one call at a time) so that reading
overlaps the network round trip: open a connection per call or guard a shared one.

A source may also offer ``rows_after`` (``RowJournalSource``): the journal's own columns with each
payload as its stored JSON text, from which the client builds protocol-2 (columnar) batches; only
the payloads are parsed. Or ``wire_events_after`` (``WireJournalSource``): the events already as the
JSON text of the chained wire form, which the client splices into the batch body as they are. A
journal that keeps each payload as canonical JSON text can build that text without decoding the
payload and encoding it again, which was most of the client's CPU time on a large upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


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


@dataclass(frozen=True, slots=True)
class WireEvents:
    """Consecutive events ``first_seq``..``first_seq + len(texts) - 1`` ready for a chained batch.

    ``texts[i]`` is the JSON object (text) of event ``first_seq + i`` with every ``WireEvent`` field
    except ``hash``/``prev_hash`` (any key order, any valid JSON escaping: the server parses it and
    recomputes the canonical form); ``hashes[i]`` is its stored hash; ``prev_hash`` is the hash of event
    ``first_seq - 1``.
    """

    first_seq: int
    prev_hash: str
    hashes: list[str]
    texts: list[str]


@runtime_checkable
class WireJournalSource(Protocol):
    def wire_events_after(self, seq: int, limit: int) -> WireEvents | None:
        """Up to ``limit`` events with seq > ``seq`` as wire text (None when there are none)."""
        ...


@dataclass(frozen=True, slots=True)
class JournalRows:
    """Consecutive events ``first_seq``..``first_seq + len(rows) - 1`` as the journal stores them.

    ``rows[i]`` is ``(event_id, type, entity_id, occurred_at, user_id, payload JSON text)`` of event
    ``first_seq + i``, all of this device and of ``office_id``; ``hashes``/``prev_hash`` as in
    ``WireEvents``.
    """

    first_seq: int
    prev_hash: str
    office_id: str
    hashes: list[str]
    rows: list[tuple[str, str, str, str, str | None, str]]


@runtime_checkable
class RowJournalSource(Protocol):
    def rows_after(self, seq: int, limit: int) -> JournalRows | None:
        """Up to ``limit`` events with seq > ``seq`` as stored rows (None when there are none)."""
        ...
