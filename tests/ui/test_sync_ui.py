"""Sinkronkan in the real main window against the real district server (a process on 127.0.0.1).

Network faults are the only fakes: a port nothing listens on, the fault proxy, and (for public http
addresses) an empty network namespace the test re-runs itself in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import Engine

from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.sync_state import read_state, write_state
from desktop.ui import ops
from desktop.ui.sync_controller import AUTO_INTERVAL_MS
from sync.client.transport import RetryPolicy
from sync.server import admin, db
from tests.sync import netns
from tests.sync.faultproxy import FaultProxy, Faults
from tests.sync.serverproc import ServerProcess
from tests.ui.conftest import message_boxes, press, take_message, wait_ops

OFFICE = "KLL-PKS"  # the office of the UI template store
# The app waits 120 s for a district that never answers and says so after 10 s; the same logic, shorter.
UNREACHABLE = RetryPolicy(base_delay=0.05, max_delay=0.4, stall_timeout=4.0, connect_timeout=1.0, read_timeout=2.0,
                          unreachable_timeout=4.0, notice_after=1.0)
PUBLIC = "http://203.0.113.5:8080"


@pytest.fixture
def district(tmp_path: Path) -> Iterator[tuple[ServerProcess, Engine]]:
    """A fresh server per test: the template store's device id is the same in every copy."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = db.make_engine(url)
    db.migrate(engine)
    admin.create_office(engine, OFFICE, "Kantor Layanan Pasir Belengkong")
    server = ServerProcess(url, tmp_path / "server.log")
    server.start()
    yield server, engine
    server.stop()
    engine.dispose()


def test_enroll_in_settings_then_sinkronkan_sends_everything(qtbot, open_app, district) -> None:
    server, engine = district
    controller = open_app("admin")
    window = controller.window
    qtbot.waitUntil(lambda: window.sync.overview is not None, timeout=10000)
    assert window.unsent_label.text().startswith("Belum terkirim: ")
    assert window.unsent_label.text() != "Belum terkirim: 0"
    assert window.last_sync_label.text() == "Belum terhubung ke server kabupaten"

    press(qtbot, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)  # Pengaturan
    assert window.pages.currentWidget() is window.settings
    section = window.settings.sync_section
    section.enroll_button.click()
    dialog = section.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.server_url, server.base_url)
    qtbot.keyClicks(dialog.code, admin.issue_enroll_code(engine, OFFICE))
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15000)
    qtbot.waitUntil(lambda: "Terhubung ke" in section.link_label.text(), timeout=10000)

    # Linking starts an automatic sync; wait for it, then record one more donation.
    qtbot.waitUntil(lambda: window.unsent_label.text() == "Belum terkirim: 0", timeout=30000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    wait_ops(qtbot)
    record_donation(window.session.ctx, DonationInput(lines=(LineInput("zakat_maal", amount=75_000),),
                                                      anonymous=True))
    ops.change_bus().notify({ops.DONATIONS})
    qtbot.waitUntil(lambda: window.unsent_label.text() == "Belum terkirim: 1", timeout=10000)

    with qtbot.waitSignal(window.sync.finished, timeout=30000):
        qtbot.mouseClick(window.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.unsent_label.text() == "Belum terkirim: 0", timeout=10000)
    assert window.last_sync_label.text().startswith("Sinkron terakhir: ")
    assert "belum pernah" not in window.last_sync_label.text()
    assert not window.sync_error_label.isVisible()
    assert "Belum terkirim: 0" in window.home.sync_label.text()
    wait_ops(qtbot)

    device = next(d for o in admin.status(engine)["offices"] for d in o["devices"])
    overview = window.sync.overview
    assert overview is not None and device["acked_seq"] == overview.journal_high_seq == overview.acked_seq


def test_sinkronkan_failure_keeps_records_and_shows_why(qtbot, open_app, district) -> None:
    server, engine = district
    controller = open_app("admin")
    window = controller.window
    from desktop.services.sync_service import enroll

    enroll(window.session.ctx, server.base_url, admin.issue_enroll_code(engine, OFFICE))
    device_id = window.session.ctx.office.device_id
    admin.revoke(engine, device_id)
    window.sync.refresh()
    qtbot.waitUntil(lambda: window.sync.overview is not None and window.sync.overview.enrolled, timeout=10000)
    wait_ops(qtbot)
    before = window.unsent_label.text()

    with qtbot.waitSignal(window.sync.finished, timeout=30000):
        window.sync_button.click()
    qtbot.waitUntil(lambda: window.sync_error_label.isVisible(), timeout=10000)
    assert "dicabut" in window.sync_error_label.text()
    assert window.unsent_label.text() == before != "Belum terkirim: 0"
    from tests.ui.conftest import take_message

    assert "dicabut" in take_message(qtbot)


@pytest.mark.parametrize(("fault", "trigger"), [("closed_port", "sinkronkan"), ("proxy_cuts_every_request", "timer")])
def test_district_unreachable_keeps_the_busy_bar_says_data_safe_early_then_cannot_be_reached(
        qtbot, open_app, district, fault: str, trigger: str) -> None:
    server, engine = district
    controller = open_app("admin")
    window = controller.window
    window.sync.policy = UNREACHABLE
    from desktop.services.sync_service import enroll

    with FaultProxy(server.port) as proxy:
        enroll(window.session.ctx, f"http://127.0.0.1:{proxy.port}", admin.issue_enroll_code(engine, OFFICE))
        if fault == "closed_port":
            proxy.close()  # connection refused from now on
            reason = "koneksi ditolak"
        else:
            proxy.set_faults(Faults(drop_request=1.0, cut_window=64))  # connects, never reaches the server
            reason = "koneksi terputus"
        window.sync.refresh()
        qtbot.waitUntil(lambda: window.sync.overview is not None and window.sync.overview.enrolled, timeout=10000)
        wait_ops(qtbot)
        before = window.unsent_label.text()
        finished: list[object] = []
        window.sync.finished.connect(finished.append)

        started = time.monotonic()
        if trigger == "sinkronkan":
            qtbot.mouseClick(window.sync_button, Qt.MouseButton.LeftButton)
        else:  # the real 5-minute timer, made to fire now
            window.sync.started.connect(lambda: window.sync.timer.setInterval(AUTO_INTERVAL_MS))
            window.sync.timer.start(50)
        qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
        assert not window.sync_button.isEnabled() and window.sync_progress.isVisible()

        qtbot.waitUntil(lambda: "belum terjangkau" in window.statusBar().currentMessage(), timeout=5000)
        assert time.monotonic() - started < UNREACHABLE.notice_after + 1.0  # said early
        notice = window.statusBar().currentMessage()
        assert "data aman tersimpan" in notice and reason in notice and "mencoba lagi" in notice
        while not finished:  # still busy, still trying, until the window is over
            assert not window.sync_button.isEnabled() and window.sync_progress.isVisible(), time.monotonic() - started
            qtbot.wait(50)
        assert time.monotonic() - started >= UNREACHABLE.unreachable_timeout

    assert window.sync_button.isEnabled() and not window.sync_progress.isVisible()
    assert "tidak dapat dihubungi" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.sync_error_label.isVisible(), timeout=10000)
    assert "tidak dapat dihubungi" in window.sync_error_label.text() and reason in window.sync_error_label.text()
    if trigger == "sinkronkan":
        assert "tidak dapat dihubungi" in take_message(qtbot)
    else:
        assert message_boxes() == []  # automatic attempts only use the status bar
    assert window.unsent_label.text() == before != "Belum terkirim: 0"


@netns.needs_netns
def test_public_http_is_refused_in_the_dialog_and_a_link_allowed_to_use_it_is_warned(qtbot, request) -> None:
    if not netns.inside():  # a public address is involved: run where nothing can leave the machine
        netns.rerun_inside(request.node.nodeid)
        return
    open_app = request.getfixturevalue("open_app")
    server, engine = request.getfixturevalue("district")
    controller = open_app("admin")
    window = controller.window
    window.sync.policy = UNREACHABLE
    press(qtbot, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)  # Pengaturan
    section = window.settings.sync_section
    section.enroll_button.click()
    dialog = section.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.server_url, PUBLIC)
    qtbot.keyClicks(dialog.code, "ABCD-EFGH-JKMN")
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: "https://" in dialog.message.text(), timeout=10000)
    assert "tanpa enkripsi" in dialog.message.text() and dialog.isVisible()
    wait_ops(qtbot)

    # Ticked, to a loopback address (no flag needed there): enrolled, flag kept, no warning.
    dialog.server_url.setText(server.base_url)
    dialog.code.setText(admin.issue_enroll_code(engine, OFFICE))
    dialog.allow_http.setChecked(True)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15000)
    qtbot.waitUntil(lambda: not window.sync.running and window.unsent_label.text() == "Belum terkirim: 0",
                    timeout=30000)
    wait_ops(qtbot)
    ctx = window.session.ctx
    with ctx.store.read() as conn:
        assert read_state(conn)["allow_insecure_http"] == "1"
    assert not window.insecure_label.isVisible() and section.insecure_label.isHidden()

    # The same link at a public http address: warned in the status bar and on Pengaturan.
    with ctx.store.write() as conn:
        write_state(conn, server_url=PUBLIC)
    window.sync.refresh()
    qtbot.waitUntil(lambda: window.insecure_label.isVisible(), timeout=10000)
    warning = f"Peringatan: koneksi ke {PUBLIC} memakai http tanpa enkripsi"
    assert window.insecure_label.toolTip().startswith(warning)
    assert not section.insecure_label.isHidden() and section.insecure_label.text().startswith(warning)

    # Allowed, so Sinkronkan goes on to connect, and finds no network here.
    window.sync_button.click()
    assert "tidak dapat dihubungi (jaringan tidak terjangkau" in take_message(qtbot)


def test_enroll_dialog_says_not_reachable_yet_then_cannot_be_reached(qtbot, open_app) -> None:
    controller = open_app("admin")
    window = controller.window
    press(qtbot, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)  # Pengaturan
    section = window.settings.sync_section
    section.enroll_button.click()
    dialog = section.dialog
    assert dialog is not None
    dialog.policy = UNREACHABLE
    from tests.sync.serverproc import free_port

    qtbot.keyClicks(dialog.server_url, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    qtbot.keyClicks(dialog.code, "ABCD-EFGH-JKMN")
    started = time.monotonic()
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: "belum terjangkau" in dialog.message.text(), timeout=5000)
    assert time.monotonic() - started < UNREACHABLE.notice_after + 1.0
    assert "koneksi ditolak" in dialog.message.text() and not dialog.connect_button.isEnabled()
    qtbot.waitUntil(lambda: "tidak dapat dihubungi" in dialog.message.text(), timeout=10000)
    assert time.monotonic() - started >= UNREACHABLE.unreachable_timeout
    assert dialog.connect_button.isEnabled() and dialog.isVisible()
    dialog.reject()
