"""Issue 9 item 5: worst-case bodies, eight at once, against a real server process (protocol 1 and 2).

The server must stay under 512 MB resident and keep answering /health within a second; every
worst-case request gets a 4xx (or a 503 "busy, retry"), never a crash. The largest real batch
must still fit every limit.
"""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

import httpx

from sync.client.client import enroll
from sync.protocol import columnar, limits
from sync.protocol.wire import MAX_BATCH_EVENTS, batch_hash, build_batch
from sync.server import admin
from tests.sync import hostile
from tests.sync.conftest import FAST_RETRY, Env
from tests.sync.hostile_load import run_load, worst_batch_body, worst_columnar_body
from tests.sync.journal import TestJournal
from tests.sync.serverproc import ServerProcess
from tests.sync.test_columnar import HOSTILE, _hostile


def test_the_largest_real_batch_fits_every_limit(tmp_path: Path) -> None:
    journal = TestJournal(tmp_path / "big.sqlite3", office_code="KLL-BIG")
    journal.many_donations(MAX_BATCH_EVENTS)
    body = json.dumps(build_batch(journal.events_after(0, MAX_BATCH_EVENTS), device_id=journal.device_id(),
                                  app_version="t", chained=False)).encode()
    assert len(body) < limits.MAX_INFLATED_BYTES
    assert not limits.json_shape_too_costly(body)
    assert limits.json_shape_too_costly(worst_batch_body() + b",{}" * limits.MAX_JSON_CONTAINERS)


def test_eight_worst_case_requests_keep_the_server_small_and_alive(env: Env, lone_server: ServerProcess) -> None:
    office = env.office()
    token = enroll(lone_server.base_url, admin.issue_enroll_code(env.engine, office), policy=FAST_RETRY)["token"]
    assert lone_server.proc is not None
    result = run_load(lone_server.base_url, lone_server.proc.pid, token, parallel=8, rounds=2)
    assert set(result.statuses) <= {400, 403, 413, 422, 503}, result.statuses
    assert result.peak_rss_mib < 512, result
    assert result.health_failures == 0 and result.worst_health_s < 1.0, result
    assert lone_server.proc.poll() is None
    print(f"\n8 parallel worst-case x2: {result}")


def _columnar_body(journal: TestJournal) -> dict[str, Any]:
    events = journal.all_events()
    body = columnar.encode_batch(events, batch_hash(e["hash"] for e in events), prev_hash=events[0]["prev_hash"],
                                 device_id=journal.device_id(), office_id=journal.office_id, app_version="t",
                                 sent_at=None)
    return dict(json.loads(json.dumps(body)))


def _post(env: Env, token: str, body: bytes) -> httpx.Response:
    with env.http(token) as http:
        return http.post("/api/v1/batches", content=gzip.compress(body),
                         headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})


def test_hostile_columnar_bodies_get_a_4xx_store_nothing_and_the_queue_moves_on(env: Env) -> None:
    """Protocol 2 is untrusted input too: every broken column, index or item is a 4xx, never a 500."""
    journal, token = env.device(env.office())
    for _ in range(3):
        journal.donation()
    hostile.setting(journal, "theme", "gelap")
    journal.donation()
    clean = _columnar_body(journal)
    assert clean["events"] == [0, 0, 0, {**clean["events"][3]}, 0]  # rows and an object: both are hit
    for how in HOSTILE:
        body = copy.deepcopy(clean)
        if how == "donations_without_rows":
            body["events"] = [body["events"][3]]
            del body["donations"]
            body["last_seq"] = body["first_seq"]
        assert _hostile(body, how, 1), how
        response = _post(env, token, json.dumps(body).encode())
        assert 400 <= response.status_code < 500, (how, response.status_code, response.text)
        assert response.json()["code"] in {"malformed", "chain_broken", "office_scope", "malformed_json"}, how
    assert env.server_events(journal.device_id()) == []
    with env.client(token) as client:
        result = client.sync(journal)
    assert result.acked_seq == 5 and result.flagged == []
    assert env.server_events(journal.device_id()) == [(e["seq"], e["hash"]) for e in journal.all_events()]


def test_a_columnar_body_over_the_json_limits_is_refused_before_parsing(env: Env) -> None:
    _journal, token = env.device(env.office())
    items = ",".join(["0"] * (limits.MAX_JSON_SEPARATORS + 2))
    body = (f'{{"protocol_version":2,"events":[{items}]}}').encode()
    response = _post(env, token, body)
    assert (response.status_code, response.json()["code"]) == (413, "too_large")
    assert limits.json_shape_too_costly(worst_columnar_body() + b",{}" * limits.MAX_JSON_CONTAINERS)
    assert not limits.json_shape_too_costly(worst_columnar_body())
