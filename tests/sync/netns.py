"""Run a command where there is no network: a fresh network namespace (``unshare -n``).

Inside, every interface but a downed loopback is absent, so connecting to any address fails at once
(ENETUNREACH) and no name can be resolved. A test can therefore prove that a refusal happened before
any connection was tried (had the code tried, the error would have been a network one), and nothing
can leave the machine whatever the code under test does. ``loopback=True`` brings ``lo`` up first, for
tests that also need a real server on 127.0.0.1 inside the namespace.

Creating a namespace needs root (or user namespaces); tests using it are skipped where it fails.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSIDE = "AMILDESK_TEST_NO_NETWORK"  # set in the environment of whatever runs in the namespace


@functools.cache
def available() -> bool:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    probe = subprocess.run(["unshare", "-n", "--", "ip", "link", "set", "lo", "up"], capture_output=True)
    return probe.returncode == 0


needs_netns = pytest.mark.skipif(not available(), reason="no network namespaces here (unshare -n needs root)")


def run(args: list[str], *, loopback: bool = False, timeout: float = 300,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``args`` in a new, empty network namespace (with ``lo`` up when ``loopback``)."""
    prefix = ["unshare", "-n", "--"]
    if loopback:
        prefix += ["sh", "-c", 'ip link set lo up && exec "$@"', "sh"]
    full_env = {**os.environ, **(env or {}), INSIDE: "1"}
    return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env=full_env)


def python(code: str, *, loopback: bool = False, timeout: float = 120) -> Any:
    """Run ``code`` with this interpreter in the namespace; it prints one JSON value last."""
    result = run([sys.executable, "-c", code], loopback=loopback, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def inside() -> bool:
    """True when this process runs in a namespace made by ``run``."""
    return os.environ.get(INSIDE) == "1"


def rerun_inside(nodeid: str) -> None:
    """Run the test ``nodeid`` again in a namespace with only loopback up; fail if it fails there.

    For tests whose code under test may reach for a public address (a link to one is stored): the
    outer run only delegates, the inner one (``inside()``) does the work with nowhere to send to.
    """
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", nodeid], loopback=True,
                 timeout=600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]
