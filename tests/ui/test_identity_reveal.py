"""Full NIK/KK/NPWP only by an explicit, logged action (issue 13): the Donatur and Mustahik lists and
the donor type-ahead mask them for every role; "Tampilkan … lengkap" shows one record's numbers to
kepala kantor and admin and writes exactly one access-log row; a petugas has no such action; the
kepala reads the reveal in Pengaturan › Log akses data pribadi.

Real store in tmp_path, real windows (offscreen); what is checked is what the user sees and what the
store holds (read through a second, non-locking view).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop.services.auth import authenticate
from desktop.services.beneficiaries import PersonInput, register_person
from desktop.services.context import AppContext, open_context
from desktop.services.donors import DonorInput, register_donor
from desktop.store.tables import access_log, journal
from desktop.ui.personal_data import AccessLogDialog
from tests.ui.conftest import PASSWORD, press, type_text, wait_ops

ALT = Qt.KeyboardModifier.AltModifier
NIK = "3201014507850003"
NIK_MASKED = "3201••••••••0003"
NPWP = "012345678901000"
KK = "3201000000000007"
BENEFICIARY_NIK = "6401015507900004"  # Kalimantan Timur, woman born 15-07-1990
BENEFICIARY_MASKED = "6401••••••••0004"


def _seed(office_dir: Path) -> dict[str, str]:
    """Two donors and a mustahik, registered by the admin before anybody logs in to the app."""
    ctx = open_context(office_dir)
    try:
        ctx.user = authenticate(ctx.store, "admin", PASSWORD)
        siti = register_donor(ctx, DonorInput(name="Siti Rahmawati", nik=NIK, npwp=NPWP, phone="081234567890",
                                              address="Jl. Mawar 3", village="Kuaro"))
        register_donor(ctx, DonorInput(name="Budi Santoso", phone="081298765432", village="Long Ikis"))
        person = register_person(ctx, PersonInput(name="Aisyah Nur", nik=BENEFICIARY_NIK, kk=KK, asnaf="miskin"))
    finally:
        ctx.close()
    return {"siti": siti.id, "aisyah": person.id}


def _log_rows(store_view: AppContext) -> list[tuple[str, str, str, str, str]]:
    with store_view.store.read() as conn:
        rows = conn.execute(select(access_log.c.username, access_log.c.action, access_log.c.subject_id,
                                   access_log.c.subject_name, access_log.c.fields).order_by(access_log.c.id)).all()
    return [tuple(r) for r in rows]


def _accessed_events(store_view: AppContext) -> int:
    with store_view.store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(journal)
                                .where(journal.c.type == "identity.accessed")).scalar_one())


def _donor_rows(page) -> list[tuple[str, str]]:
    return [(page.table.item(r, 0).text(), page.table.item(r, 1).text()) for r in range(page.table.rowCount())]


def _open_donors(qtbot, window):
    press(qtbot, Qt.Key.Key_3, ALT)  # Donatur
    page = window.donors
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=10000)
    wait_ops(qtbot)
    return page


def test_kepala_sees_masked_lists_and_one_logged_reveal(qtbot, open_app, office_dir: Path, store_view,
                                                        tmp_path: Path) -> None:
    ids = _seed(office_dir)
    window = open_app("kepala").window
    page = _open_donors(qtbot, window)
    assert sorted(_donor_rows(page)) == [("Budi Santoso", ""), ("Siti Rahmawati", NIK_MASKED)]
    assert page.personal.reveal_button.isVisible() and page.personal.reveal_button.text() == \
        "Tampilkan NIK/NPWP &lengkap"
    assert page.personal.reveal_action in page.table.actions()  # also in the table's context menu
    assert _log_rows(store_view) == []  # listing is not a reveal

    # The type-ahead on the donation page masks the number for the kepala too.
    press(qtbot, Qt.Key.Key_2, ALT)
    picker = window.donation.picker
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, "siti")
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    shown = [picker.model.index(r).data() for r in range(picker.model.rowCount())]
    assert shown == [f"Siti Rahmawati · {NIK_MASKED} · 081234567890 · Jl. Mawar 3"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert NIK_MASKED in picker.chosen.text() and NIK not in picker.chosen.text()
    assert _log_rows(store_view) == []

    # "Tampilkan NIK/NPWP lengkap" on the selected donor: the whole numbers, and one row in the log.
    page = _open_donors(qtbot, window)
    row = next(r for r, (name, _) in enumerate(_donor_rows(page)) if name == "Siti Rahmawati")
    page.table.selectRow(row)
    qtbot.mouseClick(page.personal.reveal_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: page.table.item(row, 1).text() == NIK, timeout=5000)
    assert page.notice.text() == (f"Siti Rahmawati: NIK {NIK} · NPWP 01.234.567.8-901.000. "
                                  "Tercatat di log akses data pribadi.")
    assert _log_rows(store_view) == [("kepala", "reveal", ids["siti"], "Siti Rahmawati", "nik,npwp")]
    assert _accessed_events(store_view) == 1
    assert page.table.item(1 - row, 1).text() == ""  # only the chosen row changed
    shot = Path(os.environ.get("AMILDESK_SCREENSHOT_DIR", tmp_path)) / "donatur-reveal.png"
    window.resize(1100, 560)
    qtbot.wait(50)
    assert window.grab().save(str(shot))

    # A donor with no number on file: nothing to show, nothing logged.
    page.table.selectRow(1 - row)
    page.personal.reveal_action.trigger()
    wait_ops(qtbot)
    assert page.notice.text() == "Tidak ada nomor identitas tercatat untuk Budi Santoso."
    assert len(_log_rows(store_view)) == 1

    # Loading the list again masks again; the reveal stays in the log.
    page.refresh()
    wait_ops(qtbot)
    assert dict(_donor_rows(page))["Siti Rahmawati"] == NIK_MASKED

    # Mustahik: masked list, one logged reveal of NIK and KK.
    press(qtbot, Qt.Key.Key_5, ALT)
    mustahik = window.beneficiaries
    qtbot.waitUntil(lambda: mustahik.model.rowCount() == 1, timeout=10000)
    model = mustahik.model
    assert model.index(0, model.NIK).data() == BENEFICIARY_MASKED
    assert mustahik.personal.reveal_button.text() == "Tampilkan NIK/KK &lengkap"
    mustahik.table.selectRow(0)
    qtbot.mouseClick(mustahik.personal.reveal_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: model.index(0, model.NIK).data() == BENEFICIARY_NIK, timeout=5000)
    assert f"KK {KK}" in mustahik.notice.text()
    assert _log_rows(store_view)[1:] == [("kepala", "reveal", ids["aisyah"], "Aisyah Nur", "nik,kk")]
    assert _accessed_events(store_view) == 2

    # The kepala reads both reveals in the access log, newest first.
    dialog = AccessLogDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.load()
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    listed = [[dialog.table.item(r, c).text() for c in range(1, 6)] for r in range(2)]
    assert listed == [["kepala", "dilihat", "Aisyah Nur", "NIK,KK", "tampilkan dari daftar"],
                      ["kepala", "dilihat", "Siti Rahmawati", "NIK,NPWP", "tampilkan dari daftar"]]


def test_clerk_has_no_reveal_and_sees_masked_numbers(qtbot, open_app, office_dir: Path, store_view) -> None:
    _seed(office_dir)
    window = open_app("kasir").window
    page = _open_donors(qtbot, window)
    assert dict(_donor_rows(page))["Siti Rahmawati"] == NIK_MASKED
    assert not page.personal.isVisible() and not page.personal.reveal_button.isVisible()
    assert page.table.actions() == [] and not page.personal.reveal_action.isEnabled()
    page.table.selectRow(0)
    page.personal.reveal()  # even if called, the page does nothing for a petugas
    wait_ops(qtbot)
    press(qtbot, Qt.Key.Key_5, ALT)
    mustahik = window.beneficiaries
    qtbot.waitUntil(lambda: mustahik.model.rowCount() == 1, timeout=10000)
    assert mustahik.model.index(0, mustahik.model.NIK).data() == BENEFICIARY_MASKED
    assert mustahik.table.actions() == [] and not mustahik.personal.isVisible()
    assert _log_rows(store_view) == [] and _accessed_events(store_view) == 0
