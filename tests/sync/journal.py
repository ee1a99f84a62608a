"""A small device journal in a SQLite file, for sync tests and benchmarks.

It stands in for the desktop store (wired in later): a valid hash chain built with
``compute_event_hash``, an ack mark, a reference-data cursor, and the JournalSource methods the sync
client needs. It also writes donations the way the app does, so tests can count what should arrive.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sync.protocol.canonical import GENESIS_HASH, canonical_json
from sync.protocol.events import compute_event_hash
from sync.protocol.ids import uuid7

SCHEMA = """
CREATE TABLE IF NOT EXISTS journal (
    seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, type TEXT NOT NULL, entity_id TEXT NOT NULL,
    occurred_at TEXT NOT NULL, user_id TEXT, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ref (kind TEXT, id TEXT, data TEXT, version INTEGER, PRIMARY KEY (kind, id));
"""


class TestJournal:
    """Device journal + sync state; implements ``sync.client.source.JournalSource``."""

    __test__ = False  # not a pytest class

    def __init__(self, path: Path, *, device_id: str | None = None, office_id: str | None = None,
                 office_code: str = "KLL-TST", letter: str = "A") -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        self.lock = threading.RLock()
        if self._meta("device_id") is None:
            self._set("device_id", device_id or uuid7())
            self._set("office_id", office_id or uuid7())
            self._set("office_code", office_code)
            self._set("letter", letter)
            self._set("acked_seq", "0")
            self._set("acked_hash", GENESIS_HASH)
            self._set("cursor", "0")
            self._set("user_id", uuid7())
        self.office_code = str(self._meta("office_code"))
        self.user_id = str(self._meta("user_id"))
        self.clock = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
        self._donations = self.count("donation.recorded")

    # -- meta -----------------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    @property
    def office_id(self) -> str:
        return str(self._meta("office_id"))

    def set_ids(self, device_id: str, office_id: str) -> None:
        """Adopt server-assigned ids (only before the first event, like a fresh install)."""
        assert self.high_seq() == 0
        self._set("device_id", device_id)
        self._set("office_id", office_id)

    # -- writing ----------------------------------------------------------------------------
    def append(self, type_: str, entity_id: str, payload: dict[str, Any], *, tick: bool = True) -> dict[str, Any]:
        """Chain one event at the clock, advanced by 37 s first unless ``tick`` is False."""
        with self.lock:
            row = self.db.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS_HASH)
            if tick:
                self.clock += timedelta(seconds=37)
            event = {
                "seq": seq, "event_id": uuid7(int(self.clock.timestamp() * 1000)), "device_id": self.device_id(),
                "office_id": self.office_id, "type": type_, "entity_id": entity_id,
                "occurred_at": self.clock.isoformat().replace("+00:00", "Z"), "user_id": self.user_id,
                "payload": payload, "prev_hash": prev,
            }
            event["hash"] = compute_event_hash(event)
            self.db.execute(
                "INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (seq, event["event_id"], type_, entity_id, event["occurred_at"], self.user_id,
                 canonical_json(payload).decode("utf-8"), prev, event["hash"]),
            )
            return event

    def donation(self, amount: int = 100_000, *, fund: str = "zakat_maal", donor: tuple[str, str, str] | None = None,
                 total: int | None = None) -> dict[str, Any]:
        """Record a one-line donation (``total`` overrides the header total, to break the rules).

        As in the app, the event's ``entity_id`` is the donation's id and its ``occurred_at`` the
        donation's ``recorded_at`` (so protocol 2 sends it as a row).
        """
        self.clock += timedelta(seconds=37)
        did = uuid7(int(self.clock.timestamp() * 1000))
        self._donations += 1
        n = self._donations
        anonymous = donor is None
        payload = {
            "id": did, "receipt_number": f"{self.office_code}/2026/{self._meta('letter')}/{n:06d}",
            "donor_id": None if anonymous else donor[0], "donor_name": "Hamba Allah" if anonymous else donor[1],
            "donor_nik": None if anonymous else donor[2], "donor_npwp": None, "anonymous": anonymous,
            "total": amount if total is None else total, "payment_method": "tunai", "payment_reference": None,
            "recorded_at": self.clock.isoformat().replace("+00:00", "Z"),
            "lines": [{"line_no": 1, "fund_code": fund, "program_code": None, "amount": amount,
                       "quantity": None, "unit": None}],
        }
        return self.append("donation.recorded", did, payload, tick=False)

    def void(self, receipt_number: str, donation_id: str | None = None) -> dict[str, Any]:
        vid = donation_id or uuid7()
        return self.append("donation.voided", vid, {
            "id": vid, "receipt_number": receipt_number, "reason": "salah input",
            "voided_at": self.clock.isoformat().replace("+00:00", "Z"), "voided_by": self.user_id})

    def many_donations(self, count: int, *, donors: int = 500, seed: int = 7) -> None:
        """Bulk-write ``count`` realistic donations (40 % anonymous) in one transaction."""
        rng = random.Random(seed)
        pool = [(uuid7(), f"Donatur {i}", f"3201{rng.randint(10**11, 10**12 - 1)}") for i in range(donors)]
        with self.lock:
            self.db.execute("BEGIN")
            try:
                for _ in range(count):
                    amount = rng.randint(1, 200) * 5_000
                    self.donation(amount, donor=None if rng.random() < 0.4 else rng.choice(pool))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def count(self, type_: str | None = None) -> int:
        if type_ is None:
            return int(self.db.execute("SELECT COUNT(*) FROM journal").fetchone()[0])
        return int(self.db.execute("SELECT COUNT(*) FROM journal WHERE type = ?", (type_,)).fetchone()[0])

    def all_events(self) -> list[dict[str, Any]]:
        return self.events_after(0, 10**9)

    # -- JournalSource ----------------------------------------------------------------------
    def device_id(self) -> str:
        return str(self._meta("device_id"))

    def high_seq(self) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM journal").fetchone()[0])

    def acked_seq(self) -> int:
        return int(self._meta("acked_seq") or 0)

    def hash_at(self, seq: int) -> str | None:
        if seq == 0:
            return GENESIS_HASH
        row = self.db.execute("SELECT hash FROM journal WHERE seq = ?", (seq,)).fetchone()
        return None if row is None else str(row[0])

    def events_after(self, seq: int, limit: int) -> list[dict[str, Any]]:
        """Reads on a connection of its own: the sync client calls this from its helper thread."""
        device_id, office_id = self.device_id(), self.office_id
        reader = sqlite3.connect(str(self.path))
        try:
            rows = reader.execute(
                "SELECT seq, event_id, type, entity_id, occurred_at, user_id, payload, prev_hash, hash "
                "FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)).fetchall()
        finally:
            reader.close()
        return [
            {"seq": r[0], "event_id": r[1], "device_id": device_id, "office_id": office_id, "type": r[2],
             "entity_id": r[3], "occurred_at": r[4], "user_id": r[5], "payload": json.loads(r[6]),
             "prev_hash": r[7], "hash": r[8]}
            for r in rows
        ]

    def mark_acked(self, seq: int, last_hash: str) -> None:
        with self.lock:
            self._set("acked_seq", str(seq))
            self._set("acked_hash", last_hash)

    def cursor(self) -> int:
        return int(self._meta("cursor") or 0)

    def apply_changes_page(self, items: list[dict[str, Any]], next_cursor: int) -> None:
        with self.lock:
            self.db.execute("BEGIN")
            for item in items:
                if item.get("deleted"):
                    self.db.execute("DELETE FROM ref WHERE kind = ? AND id = ?", (item["kind"], item["id"]))
                else:
                    self.db.execute("INSERT OR REPLACE INTO ref VALUES (?, ?, ?, ?)",
                                    (item["kind"], item["id"], json.dumps(item["data"]), item["version"]))
            self._set("cursor", str(next_cursor))
            self.db.execute("COMMIT")

    def ref(self, kind: str) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT id, data FROM ref WHERE kind = ?", (kind,)).fetchall()
        return {r[0]: json.loads(r[1]) for r in rows}

    def backup_to(self, path: Path) -> None:
        """A consistent copy (online backup API: a plain file copy would miss the WAL)."""
        target = sqlite3.connect(str(path))
        with self.lock:
            self.db.backup(target)
        target.close()

    def close(self) -> None:
        self.db.close()
