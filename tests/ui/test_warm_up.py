"""The login warm-up: what the first paint needs is always imported, the rest only while nobody waits."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.warm_up import FIRST_LOAD, FIRST_PAINT, WarmUp
from tests.ui.conftest import wait_ops

GATE = '''
import threading
reached = threading.Event()
proceed = threading.Event()
'''


@pytest.fixture
def modules(tmp_path: Path) -> Iterator[Path]:
    """warm_gate (two events), paint_mod (blocks on the gate while imported), load_a and load_b."""
    (tmp_path / "warm_gate.py").write_text(GATE)
    (tmp_path / "paint_mod.py").write_text("import warm_gate\nwarm_gate.reached.set()\nwarm_gate.proceed.wait(10)\n")
    (tmp_path / "load_a.py").write_text("")
    (tmp_path / "load_b.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in ("warm_gate", "paint_mod", "load_a", "load_b"):
        sys.modules.pop(name, None)


def test_a_login_skips_the_first_load_imports_until_it_is_refused(qtbot: QtBot, app: QApplication,
                                                                  modules: Path) -> None:
    import warm_gate

    warm_up = WarmUp(first_paint=("paint_mod",), first_load=("load_a", "load_b"))
    warm_up.start()
    assert warm_gate.reached.wait(10)
    warm_up.give_way()  # the clerk pressed Enter while paint_mod was being imported
    warm_gate.proceed.set()
    wait_ops(qtbot)
    assert "paint_mod" in sys.modules  # the first paint needs it anyway
    assert "load_a" not in sys.modules and "load_b" not in sys.modules

    warm_up.start()  # the password was wrong: the clerk types again
    wait_ops(qtbot)
    assert "load_a" in sys.modules and "load_b" in sys.modules


def test_the_named_modules_exist() -> None:
    """A renamed module would only show as a failed warm-up at run time."""
    from importlib.util import find_spec

    assert all(find_spec(name) is not None for name in (*FIRST_PAINT, *FIRST_LOAD))
