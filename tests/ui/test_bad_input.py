"""Bad input never crashes and never half-saves: the clerk is told what to fix, the form keeps
what was typed, and the store is unchanged (no donation, no donor, no journal event)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services.receipts import list_receipts
from desktop.store.paths import DB_FILENAME
from tests.ui.conftest import press, take_message, type_text, wait_ops
from tests.ui.helpers import counts

CTRL = Qt.KeyboardModifier.ControlModifier


def _donation_page(qtbot, open_app):
    window = open_app("admin").window
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    return window.donation


def _fill_line(page, index: int, fund: str, amount: str) -> None:
    line = page.editor.lines[index]
    line.fund.setCurrentIndex(line.fund.findText(fund))
    line.amount.setText(amount)


def _save_and_read_refusal(qtbot, page) -> str:
    page.save_button.setFocus()
    press(qtbot, Qt.Key.Key_S, CTRL)
    message = take_message(qtbot)
    wait_ops(qtbot)
    return message


@pytest.mark.parametrize(("amount", "expected"), [
    ("0", "Jumlah harus lebih dari nol."),
    ("-5.000", "Jumlah harus lebih dari nol."),
    ("99.999.999.999", "Jumlah Rp99.999.999.999 melebihi batas Rp10.000.000.000 per baris."),
    ("lima ribu", "Jumlah \u201clima ribu\u201d bukan angka rupiah yang sah."),
    ("", "Baris dana ke-1 kosong: pilih dana dan isi jumlahnya."),
])
def test_bad_amount_is_refused_and_nothing_saved(qtbot, open_app, store_view, amount: str, expected: str) -> None:
    page = _donation_page(qtbot, open_app)
    before = counts(store_view)
    page.picker.anonymous.setChecked(True)
    _fill_line(page, 0, "Zakat Maal", amount)
    assert _save_and_read_refusal(qtbot, page) == expected
    assert counts(store_view) == before
    assert page.editor.lines[0].amount.text() == amount and page.picker.anonymous.isChecked()


def test_empty_second_line_and_invalid_nik_in_quick_add(qtbot, open_app, store_view) -> None:
    page = _donation_page(qtbot, open_app)
    before = counts(store_view)
    press(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Donatur &baru
    qtbot.waitUntil(lambda: page.picker.quick.isVisible() and page.picker.new_name.hasFocus())
    type_text(qtbot, "Ahmad Fauzi")
    page.picker.new_identity.setFocus()
    type_text(qtbot, "3201 0141 0590")  # 12 digits
    _fill_line(page, 0, "Zakat Maal", "100.000")
    page.add_line()  # an empty second line
    assert _save_and_read_refusal(qtbot, page) == "Baris dana ke-2 kosong: pilih dana dan isi jumlahnya."
    page.editor.remove_line(page.editor.lines[1])
    assert _save_and_read_refusal(qtbot, page) == "NIK harus 16 digit, yang diketik 12 digit."
    assert page.picker.new_identity.hasFocus()
    assert counts(store_view) == before, "neither the donor nor the donation was saved"
    assert page.picker.new_name.text() == "Ahmad Fauzi"

    page.picker.new_identity.setText("3201014105900003")
    page.save()
    qtbot.waitUntil(lambda: "tersimpan" in page.notice.text() or "PDF" in page.notice.text(), timeout=15000)
    wait_ops(qtbot)
    assert [r.donor_name for r in list_receipts(store_view)] == ["Ahmad Fauzi"]


def test_donor_not_picked_from_list_is_explained(qtbot, open_app, store_view) -> None:
    page = _donation_page(qtbot, open_app)
    before = counts(store_view)
    page.picker.search.setFocus()
    type_text(qtbot, "Budi")
    _fill_line(page, 0, "Sedekah", "10.000")
    assert "belum dipilih dari daftar" in _save_and_read_refusal(qtbot, page)
    assert counts(store_view) == before


def _chattr(flag: str, *paths: Path) -> bool:
    existing = [str(p) for p in paths if p.exists()]
    result = subprocess.run(["chattr", flag, *existing], capture_output=True)
    return result.returncode == 0


def test_read_only_store_keeps_the_form_and_loses_nothing(qtbot, open_app, office_dir: Path, store_view) -> None:
    """The disk turns read-only while the app is open (USB stick write-protected, failing disk).

    As root, chmod cannot make a file read-only, so the test uses the honest kernel-level way:
    the immutable attribute (``chattr +i``) on the database and its WAL file.
    """
    if shutil.which("chattr") is None:
        pytest.skip("chattr not available")
    page = _donation_page(qtbot, open_app)
    page.picker.anonymous.setChecked(True)
    _fill_line(page, 0, "Zakat Maal", "250.000")
    before = counts(store_view)
    db = office_dir / DB_FILENAME
    files = (db, db.with_name(DB_FILENAME + "-wal"))
    if not _chattr("+i", *files):
        pytest.skip("this filesystem does not support the immutable attribute")
    try:
        message = _save_and_read_refusal(qtbot, page)
    finally:
        _chattr("-i", *files)
    assert message in (
        "Basis data tidak dapat ditulis (disk hanya-baca). Tidak ada data yang hilang; "
        "periksa disk lalu coba lagi.",
        "Basis data tidak dapat dibaca atau ditulis (disk I/O error). Data yang sudah tersimpan aman; "
        "periksa disk lalu coba lagi.",
    )
    assert page.editor.lines[0].amount.text() == "250.000", "the form keeps what was typed"
    assert counts(store_view) == before

    # The disk is writable again: the same form saves, nothing was lost.
    page.save()
    qtbot.waitUntil(lambda: "PDF" in page.notice.text(), timeout=15000)
    wait_ops(qtbot)
    assert counts(store_view)[0] == before[0] + 1
