"""Lint, types and the architecture's dependency rules are part of the test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", "desktop", "sync", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_clean() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold() -> None:
    """desktop.ui -> services -> store/receipts/reports -> core; sync never imports desktop."""
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_qt_only_in_ui_app_and_printing() -> None:
    offenders = []
    for path in [*ROOT.joinpath("desktop").rglob("*.py"), *ROOT.joinpath("sync").rglob("*.py")]:
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("desktop/ui/") or relative in {"desktop/app.py", "desktop/receipts/printing.py"}:
            continue
        if "PySide6" in path.read_text(encoding="utf-8"):
            offenders.append(relative)
    assert offenders == []
