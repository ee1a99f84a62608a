"""The bulk ingest paths against the real server (SQLite and PostgreSQL): repeated donation ids on the
COPY path, acks of new batches equal to the stored flags, the district index served page by page."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from sync.protocol.aid import INDEX_KIND
from sync.protocol.wire import build_batch
from sync.server import db
from sync.server.reference import changes_page, changes_page_json, put_items
from tests.sync.conftest import Env


def _post(env: Env, token: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    with env.http(token) as http:
        response = http.post("/api/v1/batches", content=gzip.compress(json.dumps(body).encode()),
                             headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    return response.status_code, response.json()


def _count(env: Env, sql: str, **params: Any) -> int:
    with env.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def test_repeated_donation_ids_on_the_bulk_path_are_flagged(env: Env) -> None:
    office = env.office()
    first, token = env.device(office, "A")
    for _ in range(80):  # above the COPY threshold on PostgreSQL
        first.donation(25_000)
    with env.client(token) as client:
        assert client.sync(first).acked_seq == 80
    copied, token_b = env.device(office, "B")  # a second device replaying the same donations (same ids)
    copied.donation(10_000)
    for event in first.all_events()[:70]:
        copied.append("donation.recorded", event["entity_id"], event["payload"])
    copied.donation(10_000)
    with env.client(token_b) as client:
        result = client.sync(copied)
    assert result.complete and result.acked_seq == 72
    assert sorted(f["seq"] for f in result.flagged if f["code"] == "duplicate_id") == list(range(2, 72))
    assert _count(env, "SELECT COUNT(*) FROM events WHERE device_id = :d", d=copied.device_id()) == 72
    assert _count(env, "SELECT COUNT(*) FROM donations WHERE device_id = :d", d=copied.device_id()) == 2
    assert _count(env, "SELECT COUNT(*) FROM events WHERE device_id = :d AND status = 'needs_review'",
                  d=copied.device_id()) == 70


def test_ack_flags_of_a_new_batch_equal_the_stored_ones(env: Env) -> None:
    journal, token = env.device(env.office())
    journal.donation(10_000)
    journal.donation(-5_000, fund="zakat_bulan", total=1)  # several flags on one event
    journal.append("donor.saved", "p-1", {"id": "p-1", "name": "A", "version": 2, "base_version": 1})
    journal.donation(10_000, fund="zakat_bulan")
    for _ in range(70):
        journal.donation(10_000)
    body = build_batch(journal.all_events(), device_id=journal.device_id(), app_version="t")
    status, fresh = _post(env, token, body)
    assert status == 200 and fresh["acked_seq"] == 74
    status, again = _post(env, token, body)  # a re-send: flags read back from the database
    assert status == 200 and again["flagged"] == fresh["flagged"]
    codes = [(f["seq"], f["code"]) for f in fresh["flagged"]]
    assert codes == [(2, "total_mismatch"), (2, "negative_amount"), (2, "unknown_fund"), (4, "unknown_fund")]


def test_bulk_index_items_are_served_page_by_page(env: Env) -> None:
    journal, token = env.device(env.office())
    entries: list[tuple[str, dict[str, Any] | None]] = [
        (f"ix-{i:05d}", {"nik_hash": f"{i:064x}", "kk_hash": None, "office_code": "KLL-A", "aid_date": "2026-03-01",
                         "fund_code": "zakat_fitrah", "program_code": "umum", "value": 50_000}) for i in range(6_000)]
    with db.write_tx(env.engine) as conn:
        put_items(conn, INDEX_KIND, entries)
    with env.client(token) as client:
        assert client.pull(journal).pulled_items >= 6_000
    with db.write_tx(env.engine) as conn:  # a later change: one entry updated, one deleted
        changed = {**(entries[1][1] or {}), "fund_code": "fidyah"}
        put_items(conn, INDEX_KIND, [("ix-00001", changed), ("ix-00002", None)])
    with env.client(token) as client:
        assert client.pull(journal).pulled_items == 2
    index = journal.ref(INDEX_KIND)
    assert len(index) == 5_999 and "ix-00002" not in index
    assert index["ix-00001"]["fund_code"] == "fidyah" and index["ix-05999"] == entries[5999][1]
    with env.engine.connect() as conn:  # the spliced JSON says exactly what the dict form says
        for cursor in (0, 3_000, 6_010):
            assert json.loads(changes_page_json(conn, journal.office_id, cursor, 700)) == changes_page(
                conn, journal.office_id, cursor, 700)


def test_sqlite_wal_is_checkpointed_in_the_background(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}", background_checkpoints=True)
    db.migrate(engine)
    before = path.stat().st_size
    with db.write_tx(engine) as conn:  # ~1 MB: far below the commits' own 20,000-page checkpoint
        put_items(conn, INDEX_KIND, [(f"w-{i}", {"n": "x" * 300}) for i in range(3_000)])
    deadline = time.monotonic() + 10
    while path.stat().st_size < before + 500_000 and time.monotonic() < deadline:
        time.sleep(0.02)  # the pages reach the database file only through a checkpoint
    assert path.stat().st_size >= before + 500_000
    engine.dispose()
