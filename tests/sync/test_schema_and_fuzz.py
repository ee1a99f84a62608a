"""The migrations build exactly the declared schema, and no input makes the server answer 5xx."""

from __future__ import annotations

import gzip
import json
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from sync.server.tables import metadata
from tests.sync.conftest import Env

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
event_like = st.fixed_dictionaries(
    {"seq": st.integers(-1, 3), "device_id": st.text(max_size=5), "office_id": st.text(max_size=5),
     "type": st.sampled_from(["donation.recorded", "donation.voided", "x"]), "payload": json_values},
    optional={"hash": st.text(max_size=64), "prev_hash": st.just("0" * 64), "event_id": st.text(max_size=3)},
)
batch_like = st.fixed_dictionaries(
    {"protocol_version": st.sampled_from([1, 0, 2, "1", None])},
    optional={"app_version": st.text(max_size=3), "device_id": st.text(max_size=40), "first_seq": st.integers(-2, 3),
              "last_seq": st.integers(-2, 3), "events": st.lists(event_like, max_size=3),
              "batch_hash": st.text(max_size=64), "prev_hash": st.text(max_size=64)},
)


def test_migrations_match_the_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(batch_like, json_values), gz=st.booleans(), raw=st.binary(max_size=40) | st.none())
def test_batches_never_answer_5xx(env: Env, body: Any, gz: bool, raw: bytes | None) -> None:
    token = _token(env)
    data = raw if raw is not None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if gz:
        data = gzip.compress(data)
        headers["Content-Encoding"] = "gzip"
    with env.http(token) as http:
        for path in ("/api/v1/batches", "/api/v1/devices/enroll"):
            response = http.post(path, content=data, headers=headers)
            assert response.status_code < 500, response.text
            assert set(response.json()) >= {"code", "message"} or response.status_code == 200


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cursor=st.text(max_size=25) | st.integers().map(str), limit=st.text(max_size=6) | st.integers().map(str),
       auth=st.sampled_from(["good", "Bearer nope", "", "Basic abc", "bearer"]))
def test_reads_never_answer_5xx(env: Env, cursor: str, limit: str, auth: str) -> None:
    token = _token(env)
    headers = {"Authorization": f"Bearer {token}" if auth == "good" else auth}
    with env.http() as http:
        for path in ("/api/v1/changes", "/api/v1/devices/me", "/api/v1/health", "/api/v1/nope"):
            response = http.get(path, params={"cursor": cursor, "limit": limit}, headers=headers)
            assert response.status_code < 500, response.text


_tokens: dict[str, str] = {}


def _token(env: Env) -> str:
    """One enrolled device per server, reused across examples."""
    key = env.server.base_url
    if key not in _tokens:
        _journal, _tokens[key] = env.device(env.office())
    return _tokens[key]


def test_openapi_schema_is_published(env: Env) -> None:
    with env.http() as http:
        spec = http.get("/api/v1/openapi.json").json()
    assert {"/api/v1/batches", "/api/v1/changes", "/api/v1/devices/me", "/api/v1/devices/enroll",
            "/api/v1/health"} <= set(spec["paths"])
    batch_schema = spec["paths"]["/api/v1/batches"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "events" in batch_schema["properties"]
