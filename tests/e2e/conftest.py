"""The real district server for end-to-end sync tests: the fixtures of tests/sync, shared here.

``server``/``env`` start ``amildesk-server serve`` on 127.0.0.1 once per module, on SQLite and, when
AMILDESK_TEST_PG_URL is set, on a fresh PostgreSQL schema; tests that do not ask for them are not
affected.
"""

from tests.sync.conftest import database_url, engine, env, server  # noqa: F401  (fixtures)
