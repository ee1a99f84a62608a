"""With AMILDESK_REQUIRE_PG=1 (CI) a PostgreSQL test that cannot run fails the session; without it, it skips
with the reason. Checked by running pytest on a one-test file that uses the real ``database_url`` fixture
and the real hooks, against a port nothing listens on (127.0.0.1:1: refused at once, the real server
is not touched)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLOSED = "postgresql+psycopg://postgres@127.0.0.1:1/test"

CONFTEST = """
from tests.conftest import pytest_runtest_makereport, pytest_terminal_summary  # noqa: F401  (hooks under test)
from tests.sync.conftest import database_url  # noqa: F401  (sqlite and [pg] params)
"""
TEST = """
def test_needs_a_database(database_url):
    assert database_url
"""
INI = """[pytest]
markers =
    pg: needs PostgreSQL
"""


@pytest.mark.parametrize(("require", "url", "code", "outcome", "said"), [
    ("1", CLOSED, 1, "1 passed, 1 error", "127.0.0.1:1"),
    ("1", None, 1, "1 passed, 1 error", "AMILDESK_TEST_PG_URL not set"),
    (None, CLOSED, 0, "1 passed, 1 skipped", "127.0.0.1:1"),
])
def test_pg_requirement_turns_skips_into_failures(tmp_path: Path, require: str | None, url: str | None, code: int,
                                                  outcome: str, said: str) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(TEST, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(INI, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("AMILDESK_REQUIRE_PG", "AMILDESK_TEST_PG_URL")}
    env["PYTHONPATH"] = str(ROOT)
    if require is not None:
        env["AMILDESK_REQUIRE_PG"] = require
    if url is not None:
        env["AMILDESK_TEST_PG_URL"] = url
    result = subprocess.run([sys.executable, "-m", "pytest", "-ra", "-p", "no:cacheprovider", "test_tiny.py"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    out = result.stdout + result.stderr
    assert result.returncode == code, out
    assert outcome in out, out
    assert said in out, out
    if require:
        assert "AMILDESK_REQUIRE_PG is set" in out, out
