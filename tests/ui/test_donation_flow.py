"""A clerk's day with the keyboard only: log in, add a donor, take a two-line donation, print it
(to PDF, as this office has no printer), then reprint it from the receipt list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.core.terbilang import terbilang
from desktop.services.receipts import list_receipts
from desktop.ui.delivery import pdf_filename
from desktop.ui.donor_dialog import DonorDialog
from tests.ui.conftest import focused, press, type_text, wait_active, wait_ops
from tests.ui.helpers import pdf_text

NIK = "3201014105900003"  # Jawa Barat, woman born 01-05-1990, serial 0003
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _add_donor_with_keyboard(qtbot, window) -> None:
    press(qtbot, Qt.Key.Key_3, ALT)  # Donatur page
    assert window.pages.currentWidget() is window.donors
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(window.donors.dialog, DonorDialog) and window.donors.dialog.isVisible())
    dialog = window.donors.dialog
    wait_active(qtbot, dialog)
    assert focused() is dialog.name
    type_text(qtbot, "Siti Rahmawati")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, NIK)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "0812-3456-7890")
    press(qtbot, Qt.Key.Key_Return)  # the dialog's default button: Simpan
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    wait_ops(qtbot)
    wait_active(qtbot, window)  # what the window manager does when a dialog closes
    names = [window.donors.table.item(r, 0).text() for r in range(window.donors.table.rowCount())]
    assert "Siti Rahmawati" in names


def test_keyboard_donation_prints_pdf_with_every_line(qtbot, open_app, office_dir: Path, store_view) -> None:
    controller = open_app("admin")
    window = controller.window
    _add_donor_with_keyboard(qtbot, window)

    press(qtbot, Qt.Key.Key_2, ALT)  # Donasi page
    page = window.donation
    press(qtbot, Qt.Key.Key_F2)
    assert focused() is page.picker.search
    type_text(qtbot, "siti rah")
    popup = page.picker.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert "Siti Rahmawati" in page.picker.chosen.text()

    # Tab past "Hamba Allah" and "Donatur baru" to the first line's fund.
    editor = page.editor
    for _ in range(3):
        if focused() is editor.lines[0].fund:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.lines[0].fund
    type_text(qtbot, "zakat")  # a combo box jumps to the first fund starting with what is typed
    assert editor.lines[0].fund.currentText() == "Zakat Maal"
    press(qtbot, Qt.Key.Key_Return)  # Enter moves on: program
    assert focused() is editor.lines[0].program
    press(qtbot, Qt.Key.Key_Return)  # amount (persons/days are skipped for a money fund)
    assert focused() is editor.lines[0].amount
    type_text(qtbot, "1.250.000")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is page.add_line_button
    press(qtbot, Qt.Key.Key_Return)  # Enter on "Tambah baris" adds a line
    assert len(editor.lines) == 2 and focused() is editor.lines[1].fund
    type_text(qtbot, "infak/sedekah")
    assert editor.lines[1].fund.currentText() == "Infak/Sedekah Tidak Terikat"
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Rp 75000")
    assert "Rp1.325.000" in page.total_label.text()
    assert terbilang(1_325_000) in page.words_label.text()

    press(qtbot, Qt.Key.Key_S, CTRL)  # Simpan & Cetak
    qtbot.waitUntil(lambda: "PDF" in page.notice.text(), timeout=20000)
    wait_ops(qtbot)

    [receipt] = list_receipts(store_view)
    assert receipt.number in page.notice.text() and receipt.donor_name == "Siti Rahmawati"
    pdf = office_dir / "receipts" / pdf_filename(receipt.number, copy=False)
    assert str(pdf) in page.notice.text()
    text = pdf_text(pdf)
    for expected in (receipt.number, "Siti Rahmawati", "Zakat Maal", "Rp1.250.000",
                     "Infak/Sedekah Tidak Terikat", "Rp75.000", "Rp1.325.000", terbilang(1_325_000)):
        assert expected.lower() in text.lower(), f"{expected!r} missing from the receipt PDF"
    assert "SALINAN" not in text

    # The form is ready for the next donor.
    assert focused() is page.picker.search and page.picker.search.text() == ""
    assert len(editor.lines) == 1 and editor.lines[0].amount.text() == ""

    # (b) Reprint from Kwitansi: a copy, marked SALINAN.
    press(qtbot, Qt.Key.Key_4, ALT)
    receipts = window.receipts
    qtbot.waitUntil(lambda: receipts.model.rowCount() == 1, timeout=10000)
    assert receipts.model.index(0, receipts.model.STATUS).data() == "Tercetak"
    receipts.table.setFocus()
    press(qtbot, Qt.Key.Key_P, CTRL)
    copy_pdf = office_dir / "receipts" / pdf_filename(receipt.number, copy=True)
    qtbot.waitUntil(copy_pdf.exists, timeout=20000)
    wait_ops(qtbot)
    assert "SALINAN" in pdf_text(copy_pdf)
    assert "Salinan kuitansi" in receipts.notice.text()
