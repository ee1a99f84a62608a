"""``amildesk --self-test`` from the source tree: the same checks CI runs in the built bundle.

Run here (a few seconds) so a change that breaks the self-test shows up with the other tests, not
only minutes later in ``.ci/bundle``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import selftest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_self_test_passes_from_source(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--self-test"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[1].split(" (")[0].strip() for line in lines if line.startswith("ok:")] == [
        name for name, _check in selftest.CHECKS
    ]
    assert "number found by pypdf" in result.stdout  # pypdf is a dev dependency: the text is read back
    assert "logo embedded" in result.stdout
    assert lines[-1].startswith("self-test passed")
    assert list(tmp_path.glob("amildesk-selftest-*")) == []  # the temp store is removed


def test_failure_names_the_check_and_skips_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    def ok(_state: selftest.SelfTest) -> str:
        return "fine"

    def broken(_state: selftest.SelfTest) -> str:
        raise selftest.CheckFailed("the PDF is empty")

    monkeypatch.setattr(selftest, "CHECKS", (("first", ok), ("second", broken), ("third", ok)))
    printed: list[str] = []
    assert selftest.run_self_test(printed.append) == 1
    assert printed[0].startswith("ok: first (fine)")
    assert printed[1] == "FAIL: second: CheckFailed: the PDF is empty"
    assert printed[2] == "skipped: third"
    assert printed[3].startswith("self-test FAILED at 'second'")


def test_offscreen_only_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert selftest.choose_qt_platform() == "offscreen"
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert selftest.choose_qt_platform() == "xcb"
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":0")
    assert selftest.choose_qt_platform() == "(default)"
    assert "QT_QPA_PLATFORM" not in os.environ
