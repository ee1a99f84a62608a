"""Tutup Kas and Setoran dialogs driven with qtbot on the real window and store (issue 11)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop.services.closing import CloseDayInput, close_day
from desktop.services.context import AppContext, open_context
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.users import login as service_login
from desktop.store.tables import journal
from desktop.store.tables_beneficiaries import deposits
from desktop.store.tables_cash import day_closings, deposit_slips
from desktop.ui.closing_dialog import ClosingDialog
from desktop.ui.deposit_dialog import DepositDialog
from tests.ui.conftest import PASSWORD, press, wait_active, wait_ops

SHOTS = Path(os.environ.get("AMILDESK_SCREENSHOTS", "/tmp/amildesk-shots"))


def _yesterday_donations(office_dir: Path) -> date:
    """Yesterday (office time): cash 1.000.000 + 250.000 and a transfer of 300.000."""
    ctx = open_context(office_dir)
    try:
        service_login(ctx, "admin", PASSWORD)
        day = (ctx.local(datetime.now(UTC)) - timedelta(days=1)).date()
        ctx.clock = lambda: datetime.combine(day, time(10), ctx.tz).astimezone(UTC)
        for fund, amount, method in (("zakat_maal", 1_000_000, "tunai"), ("infak_tidak_terikat", 250_000, "tunai"),
                                     ("sedekah", 300_000, "transfer")):
            record_donation(ctx, DonationInput(lines=(LineInput(fund, amount=amount),), anonymous=True,
                                               payment_method=method,
                                               payment_reference=None if method == "tunai" else "TRF-9"))
    finally:
        ctx.close()
    return day


def _counts(ctx: AppContext) -> tuple[int, int, int, int]:
    with ctx.store.read() as conn:
        return tuple(int(conn.execute(select(func.count()).select_from(t)).scalar_one())  # type: ignore[return-value]
                     for t in (day_closings, deposit_slips, deposits, journal))


def _shot(widget: object, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    widget.grab().save(str(path))  # type: ignore[attr-defined]
    return path


def _closing_dialog(qtbot: object, window: object) -> ClosingDialog:
    wait_active(qtbot, window)  # type: ignore[arg-type]
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # Beranda
    home = window.home  # type: ignore[attr-defined]
    wait_ops(qtbot)
    qtbot.mouseClick(home.cash.close_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    dialog = home.cash.dialog
    assert isinstance(dialog, ClosingDialog)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    wait_ops(qtbot)
    return dialog


def _type(qtbot: object, field: object, text: str) -> None:
    field.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)  # type: ignore[attr-defined]


def test_clerk_counts_head_confirms_in_the_same_dialog(qtbot, open_app, office_dir: Path, store_view) -> None:
    day = _yesterday_donations(office_dir)
    window = open_app("kasir").window
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    wait_ops(qtbot)
    warning = window.home.cash.warning
    assert warning.isVisible() and warning.text().startswith("⚠ 1 hari belum tutup kas")
    _shot(window, "beranda-belum-tutup-kas")

    dialog = _closing_dialog(qtbot, window)
    assert dialog.day() == day
    rows = dialog.rows
    assert rows["tunai"].expected.text() == "Rp1.250.000" and rows["transfer"].expected.text() == "Rp300.000"
    assert rows["qris"].expected.text() == "Rp0"
    before = _counts(store_view)

    _type(qtbot, rows["tunai"].counted, "1.245.000")
    _type(qtbot, rows["transfer"].counted, "300000")
    assert rows["tunai"].difference.text() == "-Rp5.000" and rows["transfer"].difference.text() == "Rp0"
    assert "selisih -Rp5.000" in dialog.total.text()

    dialog.ok_button.click()  # nobody confirmed yet
    assert "Kepala kantor harus mengonfirmasi" in dialog.message.text()
    _type(qtbot, dialog.head_user, "kepala")
    _type(qtbot, dialog.head_password, "salah")
    dialog.ok_button.click()
    wait_ops(qtbot)
    assert dialog.message.text() == "Nama pengguna atau kata sandi salah."
    assert dialog.head_password.text() == ""  # asked again
    _type(qtbot, dialog.head_password, PASSWORD)
    dialog.ok_button.click()
    wait_ops(qtbot)
    assert dialog.message.text() == "Ada selisih -Rp5.000: tulis catatan yang menjelaskan selisih itu."
    assert _counts(store_view) == before
    _shot(dialog, "tutup-kas-selisih-tanpa-catatan")

    _type(qtbot, dialog.note, "uang kembalian kurang")
    _type(qtbot, dialog.head_password, PASSWORD)
    dialog.ok_button.click()
    wait_ops(qtbot)
    assert dialog.result() == ClosingDialog.DialogCode.Accepted
    closing = dialog.closing
    assert closing is not None and (closing.closed_by, closing.confirmed_by) == ("Rudi Kasir", "Aminah Kepala")
    assert (closing.expected, closing.counted, closing.difference) == (1_550_000, 1_545_000, -5_000)
    assert _counts(store_view)[0] == before[0] + 1 and _counts(store_view)[3] == before[3] + 1
    wait_ops(qtbot)
    assert not window.home.cash.warning.isVisible()

    again = _closing_dialog(qtbot, window)  # the closed day is shown as it was closed, read-only
    assert again.day() == day + timedelta(days=1)  # nothing left open: it offers today
    from PySide6.QtCore import QDate

    again.date.setDate(QDate(day.year, day.month, day.day))
    wait_ops(qtbot)
    assert again.state.text() == "Sudah ditutup oleh Rudi Kasir, dikonfirmasi Aminah Kepala."
    assert again.rows["tunai"].counted.isReadOnly() and not again.ok_button.isEnabled()
    assert not again.reopen_box.isVisible()  # a clerk cannot reopen
    _shot(again, "tutup-kas-sudah-ditutup")
    again.reject()


@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "Jumlah “abc” bukan angka rupiah yang sah."),
    ("-5.000", "Jumlah -Rp5.000 tidak boleh negatif."),
    ("1.250.000,50", "Jumlah rupiah tidak boleh memiliki sen (“1.250.000,50”)."),
])
def test_bad_counts_are_refused_in_words_and_nothing_is_saved(qtbot, open_app, office_dir: Path, store_view,
                                                              typed: str, message: str) -> None:
    _yesterday_donations(office_dir)
    window = open_app("kepala").window
    dialog = _closing_dialog(qtbot, window)
    before = _counts(store_view)
    _type(qtbot, dialog.rows["tunai"].counted, typed)
    _type(qtbot, dialog.rows["transfer"].counted, "300.000")
    assert dialog.head_user.text() == "kepala"  # the head is logged in: their name is filled in
    _type(qtbot, dialog.head_password, PASSWORD)
    dialog.ok_button.click()
    wait_ops(qtbot)
    assert dialog.message.text() == message
    assert dialog.isVisible() and _counts(store_view) == before
    dialog.reject()


def test_cash_by_denomination_and_reopening_by_the_head(qtbot, open_app, office_dir: Path, store_view) -> None:
    day = _yesterday_donations(office_dir)
    window = open_app("kepala").window
    dialog = _closing_dialog(qtbot, window)
    dialog.by_pieces.setChecked(True)
    assert dialog.rows["tunai"].counted.isReadOnly()
    dialog.pieces[100_000].setValue(12)
    dialog.pieces[50_000].setValue(1)
    assert dialog.rows["tunai"].counted.text() == "1.250.000" and dialog.rows["tunai"].difference.text() == "Rp0"
    _type(qtbot, dialog.rows["transfer"].counted, "300.000")
    _type(qtbot, dialog.head_password, PASSWORD)
    _shot(dialog, "tutup-kas-per-pecahan")
    dialog.ok_button.click()
    wait_ops(qtbot)
    assert dialog.closing is not None and dialog.closing.denominations == {100_000: 12, 50_000: 1}

    shown = _closing_dialog(qtbot, window)
    from PySide6.QtCore import QDate

    shown.date.setDate(QDate(day.year, day.month, day.day))
    wait_ops(qtbot)
    assert shown.reopen_box.isVisible()
    shown.reopen_button.click()
    wait_ops(qtbot)
    assert shown.message.text() == "Alasan membuka kembali tutup kas wajib diisi."
    _type(qtbot, shown.reopen_reason, "uang di laci kedua belum dihitung")
    shown.reopen_button.click()
    wait_ops(qtbot)
    assert shown.ok_button.isEnabled() and not shown.rows["tunai"].counted.isReadOnly()
    assert shown.rows["tunai"].counted.text() == ""
    with store_view.store.read() as conn:
        assert conn.execute(select(day_closings.c.status)).scalar_one() == "dibuka"
    shown.reject()


def test_a_closing_typed_while_another_clerk_closed_the_same_day(qtbot, open_app, office_dir: Path,
                                                                 store_view) -> None:
    day = _yesterday_donations(office_dir)
    window = open_app("kasir").window
    dialog = _closing_dialog(qtbot, window)
    _type(qtbot, dialog.rows["tunai"].counted, "1.250.000")
    _type(qtbot, dialog.rows["transfer"].counted, "300.000")
    _type(qtbot, dialog.head_user, "kepala")
    _type(qtbot, dialog.head_password, PASSWORD)
    # Meanwhile the other clerk, at the same store, closes the day first.
    service_login(store_view, "admin", PASSWORD)
    close_day(store_view, CloseDayInput(day=day, counted={"tunai": 1_250_000, "transfer": 300_000}),
              head_username="kepala", head_password=PASSWORD)
    before = _counts(store_view)
    dialog.ok_button.click()
    wait_ops(qtbot)
    assert dialog.message.text().startswith(f"Kas tanggal {day.isoformat()} sudah ditutup (oleh Admin Kantor).")
    assert dialog.isVisible() and _counts(store_view) == before  # nothing partial
    assert dialog.state.text() == "Sudah ditutup oleh Admin Kantor, dikonfirmasi Aminah Kepala."
    _shot(dialog, "tutup-kas-sudah-ditutup-petugas-lain")
    dialog.reject()


def test_future_dates_cannot_be_picked(qtbot, open_app, office_dir: Path) -> None:
    window = open_app("kepala").window
    dialog = _closing_dialog(qtbot, window)
    today = dialog.day()
    from PySide6.QtCore import QDate

    dialog.date.setDate(QDate(today.year, today.month, today.day).addDays(3))
    assert dialog.day() == today  # the date field stops at today
    dialog.reject()


def test_deposit_dialog_limits_to_cash_on_hand_and_shows_the_confirmation(qtbot, open_app, office_dir: Path,
                                                                          store_view) -> None:
    _yesterday_donations(office_dir)
    window = open_app("kasir").window
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    wait_ops(qtbot)
    qtbot.mouseClick(window.home.cash.deposit_button, Qt.MouseButton.LeftButton)
    dialog = window.home.cash.dialog
    assert isinstance(dialog, DepositDialog)
    qtbot.addWidget(dialog)
    wait_ops(qtbot)
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert rows["Zakat Maal"] == "Rp875.000" and rows["Infak/Sedekah Tidak Terikat"] == "Rp200.000"
    assert "Sedekah" not in rows  # transfers are not cash on hand
    before = _counts(store_view)

    _type(qtbot, dialog.amounts["zakat_maal"], "875.001")
    _type(qtbot, dialog.amounts["infak_tidak_terikat"], "200.000")
    _type(qtbot, dialog.reference, "BSI-20261201-7")
    _type(qtbot, dialog.bank, "BSI KCP Tanah Grogot")
    assert dialog.total.text() == "Jumlah setoran: Rp1.075.001"
    dialog.ok_button.click()
    wait_ops(qtbot)
    assert dialog.message.text() == ("Setoran dana Zakat Maal sebesar Rp875.001 melebihi uang tunai di tangan "
                                     "(Rp875.000). Tidak ada yang disimpan.")
    assert _counts(store_view) == before
    _shot(dialog, "setoran-melebihi-tunai")
    _type(qtbot, dialog.amounts["zakat_maal"], "800.000")
    dialog.ok_button.click()
    wait_ops(qtbot)
    assert dialog.deposit is not None and dialog.deposit.total == 1_000_000
    assert _counts(store_view)[1:3] == (before[1] + 1, before[2] + 2)

    # The district confirms; the next look shows it.
    from desktop.services.sync_apply import ApplyContext, apply_items

    with store_view.store.write() as conn:
        apply_items(conn, [{"kind": "deposit_confirmation", "id": dialog.deposit.id, "version": 1, "deleted": False,
                            "data": {"deposit_id": dialog.deposit.id, "confirmed_at": "2026-12-03T01:00:00.000Z",
                                     "confirmed_by": "Bendahara", "note": ""}}],
                    ApplyContext(now="2026-12-03T01:00:00.000Z", acked_seq=0))
    qtbot.mouseClick(window.home.cash.deposit_button, Qt.MouseButton.LeftButton)
    again = window.home.cash.dialog
    qtbot.addWidget(again)
    wait_ops(qtbot)
    assert again.history.item(0, 1).text() == "BSI-20261201-7" and again.history.item(0, 3).text() == "dikonfirmasi"
    rows = {again.table.item(r, 0).text(): again.table.item(r, 1).text() for r in range(again.table.rowCount())}
    assert rows["Zakat Maal"] == "Rp75.000" and rows["Infak/Sedekah Tidak Terikat"] == "Rp0"
    _shot(again, "setoran-dikonfirmasi")
    again.reject()
    # Penyaluran's fund balances: "Disetor" reflects the deposit.
    window.show_page(5)
    wait_ops(qtbot)
    from desktop.services.balances import fund_balances

    deposited = {b.fund_code: b.deposited for b in fund_balances(store_view)}
    assert deposited["zakat_maal"] == 800_000 and deposited["infak_tidak_terikat"] == 200_000


def test_voiding_a_receipt_of_a_closed_day_says_it_is_a_late_void(qtbot, open_app, office_dir: Path,
                                                                  store_view) -> None:
    day = _yesterday_donations(office_dir)
    service_login(store_view, "kepala", PASSWORD)
    closed = close_day(store_view, CloseDayInput(day=day, counted={"tunai": 1_250_000, "transfer": 300_000}),
                       head_username="kepala", head_password=PASSWORD)
    from desktop.services.closing import get_closing
    from desktop.services.receipts import list_receipts

    number = next(r.number for r in list_receipts(store_view) if r.total == 250_000)
    window = open_app("kepala").window
    receipts = window.receipts
    window.show_page(3)
    wait_ops(qtbot)
    receipts._run_void(number, "donatur membatalkan")  # the reason dialog is covered by tests/ui/test_void.py
    wait_ops(qtbot)
    assert receipts.notice.text() == (
        f"Kuitansi {number} dibatalkan. Kas tanggal {day.isoformat()} sudah ditutup: pembatalan ini dicatat "
        f"sebagai penyesuaian pada tutup kas berikutnya, angka tutup kas {day.isoformat()} tidak berubah.")
    assert get_closing(store_view, day) == closed  # the closed figures stay as they were
    dialog = _closing_dialog(qtbot, window)  # today's closing carries it
    assert dialog.day() == day + timedelta(days=1)
    assert dialog.rows["tunai"].late.text() == "-Rp250.000" and dialog.rows["tunai"].expected.text() == "-Rp250.000"
    assert number in dialog.late_note.text()
    _shot(dialog, "tutup-kas-pembatalan-susulan")
    dialog.reject()
