"""Setoran lembaga on the Kwitansi page: a hand-over recorded earlier is found again, its collective
receipt (and every payer's) reprinted as SALINAN PDFs (read back), and the kepala voids the whole
hand-over from the keyboard; the list's status follows. A clerk is refused without being asked a reason.

Screenshots go to $AMILDESK_SHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services.collective import CollectiveInput, PayerLine, record_collective
from desktop.services.context import open_context
from desktop.services.donations import void_donation
from desktop.services.institutions import InstitutionInput, create_institution
from desktop.services.receipts import list_receipts
from desktop.services.settings import load_settings
from desktop.services.users import login
from desktop.ui.collective_delivery import collective_pdf_names, deliver_collective
from desktop.ui.void_dialog import VoidDialog
from tests.collective_data import payer_nik
from tests.ui.conftest import PASSWORD, focused, press, take_message, type_text, wait_active, wait_ops
from tests.ui.helpers import pdf_text

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def handover(office_dir: Path) -> tuple[str, str]:
    """A school's 3-payer hand-over, delivered once after saving (the original, as the dialog does)."""
    ctx = open_context(office_dir)
    try:
        login(ctx, "admin", PASSWORD)
        school = create_institution(ctx, InstitutionInput("SD Negeri 012 Pasir Belengkong", "sekolah",
                                                          contact="Bu Rahmah"))
        lines = tuple(PayerLine(name, payer_nik(i), fund, amount, row=i) for i, (name, fund, amount) in enumerate((
            ("Ahmad Fauzi", "zakat_penghasilan", 150_000), ("Budi Santoso", "infak_tidak_terikat", 100_000),
            ("Citra Lestari", "sedekah", 25_000)), start=1))
        saved = record_collective(ctx, CollectiveInput(school.id, "2026-11", 275_000, "transfer", lines,
                                                       payment_reference="TRF-0077"))
        first = deliver_collective(ctx, load_settings(ctx.store), saved.id, folder=office_dir / "receipts",
                                   force_pdf=True)
        assert not first.copy and "SALINAN" not in pdf_text(first.paths[0])
        return saved.id, saved.number
    finally:
        ctx.close()


def _open_list(qtbot, window):
    press(qtbot, Qt.Key.Key_4, ALT)
    receipts = window.receipts
    wait_active(qtbot, window)
    press(qtbot, Qt.Key.Key_L, ALT)  # the "Setoran &lembaga" tab
    section = receipts.collectives
    qtbot.waitUntil(lambda: section.isVisible() and section.model.rowCount() == 1, timeout=10000)
    wait_ops(qtbot)
    return section


def _row_texts(section) -> list[str]:
    model = section.model
    return [model.index(0, c).data() for c in range(model.columnCount())]


def test_list_reprint_salinan_and_void_the_whole_handover(qtbot, open_app, handover, office_dir: Path,
                                                         store_view) -> None:
    _collective_id, number = handover
    window = open_app("kepala").window
    window.resize(1100, 560)
    section = _open_list(qtbot, window)
    assert focused() is section.table
    texts = _row_texts(section)
    assert texts[0] == number and texts[2:] == ["SD Negeri 012 Pasir Belengkong", "November 2026", "3",
                                                "Rp275.000", "Aktif"]
    shots = os.environ.get("AMILDESK_SHOTS")
    if shots:
        window.grab().save(str(Path(shots) / "collective_list.png"))

    # Cetak ulang with the payer receipts: no printer here, so two SALINAN PDFs in the receipts folder.
    press(qtbot, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(section.with_payers.isChecked)  # a mnemonic clicks after a short animation
    section.table.setFocus()
    press(qtbot, Qt.Key.Key_P, CTRL)
    head_name, batch_name = collective_pdf_names(number, copy=True)
    head, batch = office_dir / "receipts" / head_name, office_dir / "receipts" / batch_name
    qtbot.waitUntil(lambda: section.last_delivery is not None, timeout=20000)
    wait_ops(qtbot)
    assert section.last_delivery.copy and section.last_delivery.paths == (head, batch)
    head_text, batch_text = pdf_text(head), pdf_text(batch)
    assert "KWITANSI SETORAN KOLEKTIF" in head_text and "SALINAN" in head_text and number in head_text
    assert batch_text.count("SALINAN") >= 3 and "Citra Lestari" in batch_text
    assert "(SALINAN)" in section.notice.text()

    # Batalkan setoran: the reason dialog says how many receipts; Enter voids them all.
    section.table.setFocus()
    press(qtbot, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: isinstance(section.void_dialog, VoidDialog) and section.void_dialog.isVisible())
    dialog = section.void_dialog
    wait_active(qtbot, dialog)
    explain = dialog.findChildren(type(dialog.message))[0].text()
    assert "3 kuitansi pembayar" in explain and "Rp275.000" in explain
    assert focused() is dialog.reason
    type_text(qtbot, "Salah lembaga, seharusnya SD 013")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_active(qtbot, window)
    qtbot.waitUntil(lambda: _row_texts(section)[-1] == "Batal", timeout=10000)
    assert "3 kuitansi pembayar (Rp275.000)" in section.notice.text()
    assert "ditutup" not in section.notice.text()  # no late void: the day is not closed
    assert {r.status for r in list_receipts(store_view)} == {"batal"}
    assert not section.void_button.isEnabled()
    if shots:
        window.grab().save(str(Path(shots) / "collective_list_voided.png"))

    # The collective receipt alone, reprinted: it now says BATAL as well.
    section.with_payers.setChecked(False)
    section.table.setFocus()
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: section.last_delivery is not None and section.last_delivery.receipts == 0,
                    timeout=20000)
    wait_ops(qtbot)
    assert "BATAL" in pdf_text(head)
    assert "Kwitansi kolektif" in section.notice.text() and "pembayar" not in section.notice.text()


def test_partly_voided_status_and_clerk_refused(qtbot, open_app, handover, store_view) -> None:
    _collective_id, number = handover
    ctx = store_view
    login(ctx, "admin", PASSWORD)
    void_donation(ctx, list_receipts(ctx, "Budi")[0].number, "salah nama")
    window = open_app("kasir").window
    section = _open_list(qtbot, window)
    assert _row_texts(section)[-1] == "Sebagian batal (1 dari 3)"
    press(qtbot, Qt.Key.Key_K, ALT)
    message = take_message(qtbot)
    assert message == "Anda tidak berwenang: membatalkan kuitansi hanya untuk Kepala Kantor, Admin."
    assert section.void_dialog is None
    assert sorted(r.status for r in list_receipts(ctx)) == ["aktif", "aktif", "batal"]
    assert number in _row_texts(section)[0]
