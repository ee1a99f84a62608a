"""Voiding needs the right role and a reason; a voided receipt keeps its number and says BATAL."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services.context import open_context
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.receipts import list_receipts
from desktop.services.users import login
from desktop.ui.delivery import pdf_filename
from desktop.ui.void_dialog import VoidDialog
from tests.ui.conftest import PASSWORD, focused, press, take_message, type_text, wait_active, wait_ops
from tests.ui.helpers import pdf_text

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def receipt_number(office_dir: Path) -> str:
    ctx = open_context(office_dir)
    try:
        login(ctx, "admin", PASSWORD)
        return record_donation(ctx, DonationInput(
            lines=(LineInput("sedekah", 50_000),), anonymous=True)).receipt_number
    finally:
        ctx.close()


def _select_receipt(qtbot, window, number: str) -> None:
    press(qtbot, Qt.Key.Key_4, ALT)
    receipts = window.receipts
    qtbot.waitUntil(lambda: receipts.model.rowCount() == 1, timeout=10000)
    assert receipts.selected() is not None and receipts.selected().number == number
    receipts.table.setFocus()


def test_petugas_cannot_void(qtbot, open_app, receipt_number: str, store_view) -> None:
    window = open_app("kasir").window
    _select_receipt(qtbot, window, receipt_number)
    press(qtbot, Qt.Key.Key_K, ALT)  # "Batal&kan…"
    message = take_message(qtbot)
    assert message == "Anda tidak berwenang: membatalkan kuitansi hanya untuk Kepala Kantor, Admin."
    assert window.receipts.void_dialog is None, "a clerk is not asked for a reason in vain"
    [row] = list_receipts(store_view)
    assert row.status == "aktif"


def test_kepala_voids_with_reason_and_receipt_says_batal(qtbot, open_app, receipt_number: str,
                                                        office_dir: Path, store_view) -> None:
    window = open_app("kepala").window
    _select_receipt(qtbot, window, receipt_number)
    press(qtbot, Qt.Key.Key_K, ALT)
    receipts = window.receipts
    qtbot.waitUntil(lambda: isinstance(receipts.void_dialog, VoidDialog) and receipts.void_dialog.isVisible())
    dialog = receipts.void_dialog
    wait_active(qtbot, dialog)
    assert focused() is dialog.reason
    press(qtbot, Qt.Key.Key_Return)  # no reason yet
    assert dialog.isVisible() and dialog.message.text() == "Alasan pembatalan wajib diisi."
    type_text(qtbot, "Salah jumlah, diganti kuitansi baru")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_active(qtbot, window)
    qtbot.waitUntil(lambda: receipts.model.index(0, receipts.model.STATUS).data() == "BATAL", timeout=10000)
    assert "dibatalkan" in receipts.notice.text()
    [row] = list_receipts(store_view)
    assert row.status == "batal" and row.number == receipt_number

    # The number stays; its reprint says BATAL with the reason.
    receipts.table.setFocus()
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    pdf = office_dir / "receipts" / pdf_filename(receipt_number, copy=False)
    qtbot.waitUntil(pdf.exists, timeout=20000)
    wait_ops(qtbot)
    text = pdf_text(pdf)
    assert "BATAL" in text and "Salah jumlah" in text
