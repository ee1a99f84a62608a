"""UI tests drive the real window on a real store in tmp_path (no mocks), headless."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.core.roles import Role
from desktop.services.context import AppContext, open_context
from desktop.services.settings import update_settings
from desktop.services.setup import SetupInput, initialize_office
from desktop.services.users import create_user
from desktop.ui.delivery import SAVE_AS_PDF
from desktop.ui.i18n import install_language
from desktop.ui.ops import pending_ops
from desktop.ui.startup import AppController

PASSWORD = "rahasia123"
USERS = {"admin": Role.ADMIN, "kasir": Role.PETUGAS, "kepala": Role.KEPALA}


@pytest.fixture(scope="session")
def app(qapp: QApplication) -> QApplication:
    from desktop.app import build_application

    return build_application()


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised office with admin, kasir (petugas) and kepala; receipts go to PDF.

    Made once (argon2 hashing is slow on purpose) and copied for each test.
    """
    data_dir = tmp_path_factory.mktemp("template") / "office"
    ctx = initialize_office(data_dir, SetupInput(
        institution_name="Lazismu Kabupaten Paser", institution_address="Jl. Jenderal Sudirman 1",
        office_code="KLL-PKS", office_name="Kantor Layanan Pasir Belengkong", device_letter="A",
        admin_username="admin", admin_password=PASSWORD, admin_full_name="Admin Kantor",
    ))
    try:
        create_user(ctx, username="kasir", full_name="Rudi Kasir", role=Role.PETUGAS.value, password=PASSWORD)
        create_user(ctx, username="kepala", full_name="Aminah Kepala", role=Role.KEPALA.value,
                    password=PASSWORD)
        update_settings(ctx, printer_name=SAVE_AS_PDF)
    finally:
        ctx.close()
    return data_dir


@pytest.fixture
def office_dir(tmp_path: Path, app: QApplication, office_template: Path) -> Path:
    data_dir = tmp_path / "office"
    shutil.copytree(office_template, data_dir, ignore=shutil.ignore_patterns("*.lock"))
    install_language("id")
    return data_dir


def wait_ops(qtbot: object) -> None:
    qtbot.waitUntil(lambda: pending_ops() == 0, timeout=15000)  # type: ignore[attr-defined]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def type_text(qtbot: object, text: str) -> None:
    """Type into whatever has focus, as a clerk would."""
    qtbot.keyClicks(focused(), text)  # type: ignore[attr-defined]


def press(qtbot: object, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)  # type: ignore[attr-defined]


def wait_active(qtbot: object, window: QWidget) -> None:
    """Wait until ``window`` has the keyboard (window activation is asynchronous)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)  # type: ignore[attr-defined]


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def take_message(qtbot: object) -> str:
    """Wait for the message box the user is shown, read it, close it."""
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=15000)  # type: ignore[attr-defined]
    box = message_boxes()[0]
    text = box.text()
    parent = box.parentWidget()
    box.done(0)
    qtbot.waitUntil(lambda: not message_boxes(), timeout=5000)  # type: ignore[attr-defined]
    if parent is not None:
        wait_active(qtbot, parent.window())  # what the window manager does when a box closes
    return text


@pytest.fixture
def store_view(office_dir: Path) -> Iterator[AppContext]:
    """A second, non-locking view of the store for checking what was (not) saved."""
    ctx = open_context(office_dir, exclusive=False)
    yield ctx
    ctx.close()


def login(qtbot: object, office_dir: Path, username: str) -> AppController:
    """Start the app like a user does and log in through the login dialog with the keyboard."""
    controller = AppController(office_dir)
    controller.start()
    dialog = controller.login_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: controller.ctx is not None, timeout=15000)  # type: ignore[attr-defined]
    dialog.activateWindow()
    dialog.username.setFocus()
    qtbot.keyClicks(dialog.username, username)  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert dialog.password.hasFocus() or QApplication.focusWidget() in (None, dialog.password)
    qtbot.keyClicks(dialog.password, PASSWORD)  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: controller.window is not None, timeout=15000)  # type: ignore[attr-defined]
    window = controller.window
    assert window is not None  # closed by the open_app fixture (the controller may replace it)
    wait_active(qtbot, window)
    qtbot.waitUntil(lambda: window.donation.editor is not None, timeout=15000)  # type: ignore[attr-defined]
    wait_ops(qtbot)
    return controller


@pytest.fixture
def open_app(qtbot: object, office_dir: Path) -> Iterator[object]:
    """Factory: ``open_app("kasir")`` logs in; everything is closed and the store released after."""
    controllers: list[AppController] = []

    def opener(username: str = "admin") -> AppController:
        controller = login(qtbot, office_dir, username)
        controllers.append(controller)
        return controller

    yield opener
    wait_ops(qtbot)
    for box in message_boxes():
        box.done(0)
    for controller in controllers:
        if controller.window is not None:
            controller.window.close()
        controller.shutdown()
    install_language("id")
