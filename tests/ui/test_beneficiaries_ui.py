"""Mustahik and penyaluran as an office uses them: register people and a KUBE, import a register
export, propose and approve aid, print the tanda terima, and be refused what the rules forbid.

Real store in tmp_path, real windows, keyboard and mouse through qtbot; assertions are about what
the clerk sees and what the store holds.
"""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.services.beneficiaries import count_beneficiaries, get_beneficiary, search_beneficiaries
from desktop.services.distributions import list_distributions
from desktop.ui.approval_dialog import ApprovalDialog
from desktop.ui.beneficiary_dialog import BeneficiaryDialog
from desktop.ui.delivery import pdf_filename
from desktop.ui.distribution_dialog import DistributionDialog
from desktop.ui.group_dialog import GroupDialog
from desktop.ui.import_dialog import ImportDialog
from tests.ui.beneficiary_helpers import (
    ANI,
    SITI,
    SITI_NIK,
    SITI_NIK_MASKED,
    Seed,
    seed_office,
    stored_counts,
    stored_person,
)
from tests.ui.conftest import focused, press, type_text, wait_active, wait_ops
from tests.ui.helpers import pdf_text
from tests.unit.beneficiaries.conftest import make_kk
from tests.unit.beneficiaries.test_beneficiary_import import thousand_rows

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _open_page(qtbot, open_app, user: str, key: Qt.Key):
    window = open_app(user).window
    press(qtbot, key, ALT)
    wait_ops(qtbot)
    return window


def _table_rows(view) -> list[list[str]]:
    model = view.model()
    return [[model.index(r, c).data() or "" for c in range(model.columnCount())] for r in range(model.rowCount())]


def _wait_dialog(qtbot, page, kind):
    qtbot.waitUntil(lambda: isinstance(page.dialog, kind) and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    wait_active(qtbot, dialog)
    return dialog


def _pick(qtbot, picker, typed: str) -> None:
    """Type into a beneficiary picker and choose the first match with the keyboard."""
    picker.search.setFocus()
    type_text(qtbot, typed)
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def _closed(qtbot, dialog, window) -> None:
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    wait_ops(qtbot)
    wait_active(qtbot, window)


# --- registry -----------------------------------------------------------------------------------
def test_register_person_and_kube_group_through_dialogs(qtbot, open_app, office_dir: Path, store_view) -> None:
    seed_office(office_dir, Seed(persons=[ANI]))
    window = _open_page(qtbot, open_app, "kasir", Qt.Key.Key_5)  # Mustahik
    page = window.beneficiaries
    assert window.pages.currentWidget() is page and focused() is page.search
    qtbot.waitUntil(lambda: "1 mustahik terdaftar" in page.count_label.text())

    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = _wait_dialog(qtbot, page, BeneficiaryDialog)
    assert focused() is dialog.name
    for text in ("Siti Aminah", SITI_NIK, make_kk(1), "05-07-1985"):
        type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)  # Enter moves on
    assert focused() is dialog.sex and dialog.sex.currentData() == "P"  # read from the NIK (day + 40)
    press(qtbot, Qt.Key.Key_Return)
    for text in ("Jl. Mawar 3, Kuaro", "64.01.01.2001", "0812-3456-7890"):
        type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.asnaf
    type_text(qtbot, "Mi")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Janda, tiga anak usia sekolah")
    press(qtbot, Qt.Key.Key_S, CTRL)
    _closed(qtbot, dialog, window)

    assert page.notice.text() == "Siti Aminah tersimpan."
    rows = _table_rows(page.table)
    assert rows == [["Siti Aminah", "Orang", SITI_NIK_MASKED, "64.01.01.2001", "Miskin", "2", "Aktif"]]
    stored = stored_person(store_view, "Siti Aminah")
    assert (stored["nik"], stored["kk"], stored["birth_date"], stored["sex"], stored["phone"]) == (
        SITI_NIK, make_kk(1), "1985-07-05", "P", "081234567890")
    assert (stored["asnaf"], stored["decile"], stored["needs_note"]) == ("miskin", 2, "Janda, tiga anak usia sekolah")

    # A KUBE with both women as members, Siti as its leader, members picked by typing.
    qtbot.mouseClick(page.add_group_button, Qt.MouseButton.LeftButton)
    group = _wait_dialog(qtbot, page, GroupDialog)
    type_text(qtbot, "KUBE Jahit Mawar")
    assert group.group_type.currentText() == "KUBE"
    _pick(qtbot, group.picker, "siti")
    qtbot.waitUntil(lambda: group.picker.search.text() == "")  # ready for the next member
    assert group.members.count() == 1 and focused() is group.picker.search
    assert group.picker.status.text() == "Siti Aminah ditambahkan."
    _pick(qtbot, group.picker, "ani les")
    assert group.count_label.text() == "2 anggota"
    assert [group.members.item(i).text() for i in range(2)] == [
        f"Siti Aminah · {SITI_NIK_MASKED} · Miskin · Aktif", "Ani Lestari · 3201••••••••0007 · Aktif"]
    group.leader.setCurrentIndex(group.leader.findText("Siti Aminah"))
    press(qtbot, Qt.Key.Key_S, CTRL)
    _closed(qtbot, group, window)

    assert _table_rows(page.table) == [["KUBE Jahit Mawar", "KUBE", "", "", "", "", "Aktif"]]
    [kube] = [b for b in search_beneficiaries(store_view, "kube jahit") if b.is_group]
    saved = get_beneficiary(store_view, kube.id)
    siti_id = stored_person(store_view, "Siti Aminah")["id"]
    assert {(m.id == siti_id, m.role) for m in saved.members} == {(True, "ketua"), (False, "anggota")}

    # A clerk may mark a person as deceased; the change is saved and shown.
    page.search.clear()
    page.search.setFocus()
    type_text(qtbot, "ani")
    qtbot.waitUntil(lambda: [r[0] for r in _table_rows(page.table)] == ["Ani Lestari"])
    page.table.selectRow(0)
    assert page.edit_button.isEnabled()  # a clerk may edit; NIK/KK stay masked and unchanged
    page.status_menu.actions()[2].trigger()  # Meninggal
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: _table_rows(page.table)[0][-1] == "Meninggal")
    assert page.notice.text() == "Status Ani Lestari sekarang: Meninggal."


# --- import -------------------------------------------------------------------------------------
def _import_file(qtbot, window, path: Path) -> ImportDialog:
    page = window.beneficiaries
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = _wait_dialog(qtbot, page, ImportDialog)
    assert focused() is dialog.path
    type_text(qtbot, str(path))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "baris dibaca" in dialog.summary.text(), timeout=20000)
    return dialog


def test_import_1000_rows_with_20_bad_then_again_adds_nobody(qtbot, open_app, tmp_path: Path, store_view) -> None:
    path, bad = thousand_rows(tmp_path)
    window = _open_page(qtbot, open_app, "admin", Qt.Key.Key_5)
    dialog = _import_file(qtbot, window, path)
    assert dialog.summary.text() == ("1.000 baris dibaca: 980 siap diimpor, 0 sudah terdaftar (dilewati), "
                                     "20 bermasalah.")
    listed = {int(r[0]): r for r in _table_rows(dialog.errors)}
    assert listed.keys() == {i + 2 for i in bad}  # the spreadsheet's own row numbers (header on row 1)
    for row, (_, nik, _, message) in listed.items():
        assert bad[row - 2][1] in message and ("••••" in nik or not nik)
    assert count_beneficiaries(store_view) == 0  # the preview wrote nothing

    assert dialog.import_button.text() == "&Impor 980 baris" and dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Selesai"), timeout=30000)
    assert dialog.summary.text() == ("Selesai: 980 orang diimpor, 0 dilewati karena sudah terdaftar, "
                                     "20 baris bermasalah tidak diimpor.")
    assert count_beneficiaries(store_view) == 980

    report = tmp_path / "galat.csv"
    qtbot.mouseClick(dialog.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.file_dialog is not None and dialog.file_dialog.isVisible())
    dialog.file_dialog.selectFile(str(report))
    dialog.file_dialog.accept()
    qtbot.waitUntil(lambda: "disimpan" in dialog.notice.text())
    with report.open(encoding="utf-8-sig") as fh:
        lines = list(csv.reader(fh, delimiter=";"))
    assert lines[0] == ["baris", "nik", "nama", "kesalahan"] and len(lines) == 21
    assert not any(SITI_NIK[:6] in line[1] and "•" not in line[1] for line in lines[1:])

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    _closed(qtbot, dialog, window)
    page = window.beneficiaries
    qtbot.waitUntil(lambda: "980 mustahik terdaftar" in page.count_label.text())
    before = stored_counts(store_view)

    again = _import_file(qtbot, window, path)
    assert again.summary.text() == ("1.000 baris dibaca: 0 siap diimpor, 984 sudah terdaftar (dilewati), "
                                    "16 bermasalah.")
    assert again.import_button.text() == "&Impor 0 baris" and not again.import_button.isEnabled()
    assert stored_counts(store_view) == before
    again.reject()


# --- distributions ------------------------------------------------------------------------------
def _balances(page) -> dict[str, list[str]]:
    return page.balances.shown_rows()


def _propose(qtbot, window, recipient: str, fund: str, program: str, *, amount: str | None = None,
             goods: tuple[str, str, str, str] | None = None) -> DistributionDialog:
    page = window.distributions
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = _wait_dialog(qtbot, page, DistributionDialog)
    qtbot.waitUntil(lambda: dialog.fund.count() > 1 and dialog.program.count() > 1)
    assert focused() is dialog.picker.search
    _pick(qtbot, dialog.picker, recipient)
    assert focused() is dialog.fund
    type_text(qtbot, fund)  # a combo box jumps to the first entry starting with it (no spaces: Space opens it)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.program
    type_text(qtbot, program)
    if goods is None:
        press(qtbot, Qt.Key.Key_Return)  # to "Uang tunai"
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.amount
        type_text(qtbot, amount or "")
    else:
        press(qtbot, Qt.Key.Key_R, ALT)  # Barang
        qtbot.waitUntil(lambda: dialog.item.isVisible())  # a mnemonic "clicks" after a short animation
        item, quantity, unit, value = goods
        dialog.item.setFocus()
        for text in (item, quantity, unit, value):
            type_text(qtbot, text)
            press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_S, CTRL)
    return dialog


def _decide(qtbot, window, reason: str = "") -> ApprovalDialog:
    page = window.distributions
    qtbot.waitUntil(page.approve_button.isEnabled)
    press(qtbot, Qt.Key.Key_S, ALT)  # Setujui…
    dialog = _wait_dialog(qtbot, page, ApprovalDialog)
    qtbot.waitUntil(dialog.ok_button.isEnabled)  # the duplicate-aid check has answered
    assert focused() is dialog.reason
    type_text(qtbot, reason)
    press(qtbot, Qt.Key.Key_Return)  # the default button: Setujui
    return dialog


def test_cash_and_in_kind_aid_approved_and_balances_follow(qtbot, open_app, office_dir: Path, store_view) -> None:
    seed_office(office_dir, Seed(donations=[("zakat_maal", 1_000_000), ("infak_tidak_terikat", 500_000)],
                                 persons=[SITI, ANI], groups=[("KUBE Jahit Mawar", "kube", ("Ani Lestari",))]))
    window = _open_page(qtbot, open_app, "kepala", Qt.Key.Key_6)  # Penyaluran
    page = window.distributions
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: "Zakat Maal" in _balances(page))
    assert _balances(page)["Zakat Maal"] == ["Rp1.000.000", "Rp125.000", "Rp0", "Rp0", "Rp875.000", "Rp0"]
    assert _balances(page)["Infak/Sedekah Tidak Terikat"][4] == "Rp400.000"  # 20 % amil share

    dialog = _propose(qtbot, window, "siti", "zakat", "umum", amount="300.000")
    _closed(qtbot, dialog, window)
    assert "untuk Siti Aminah tersimpan" in page.notice.text()
    qtbot.waitUntil(lambda: _balances(page)["Zakat Maal"][5] == "Rp300.000")  # awaiting decision
    [row] = _table_rows(page.table)
    assert row[2:] == ["Siti Aminah", "Zakat Maal", "Umum", "Tunai", "Rp300.000", "Diajukan"]
    assert "1 menunggu persetujuan Anda" in page.count_label.text()

    approval = _decide(qtbot, window)
    assert approval.warning_title.text().startswith("Tidak ada bantuan lain")
    _closed(qtbot, approval, window)
    qtbot.waitUntil(lambda: _balances(page)["Zakat Maal"][2] == "Rp300.000")
    assert _balances(page)["Zakat Maal"] == ["Rp1.000.000", "Rp125.000", "Rp300.000", "Rp0", "Rp575.000", "Rp0"]
    assert _table_rows(page.table)[0][-1] == "Disetujui"

    press(qtbot, Qt.Key.Key_P, CTRL)  # tanda terima: no printer here, so a PDF
    qtbot.waitUntil(lambda: ".pdf" in page.notice.text(), timeout=10000)
    [cash] = list_distributions(store_view)
    pdf = window.session.receipts_dir / pdf_filename(cash.number, copy=False)
    assert str(pdf) in page.notice.text()
    text = pdf_text(pdf)
    for expected in ("TANDA TERIMA BANTUAN", cash.number, "Siti Aminah", "Rp300.000", "Miskin", "Cap jempol"):
        assert expected in text, expected
    assert "NIK 3201" in text and SITI_NIK not in text  # masked on paper (pypdf drops the bullets)

    dialog = _propose(qtbot, window, "kube", "infak/sedekah", "umum",
                      goods=("Mesin jahit", "2", "unit", "1.500.000"))
    qtbot.waitUntil(lambda: bool(dialog.message.text()))
    assert dialog.message.text() == ("Saldo dana Infak/Sedekah Tidak Terikat tidak cukup: tersedia Rp400.000, "
                                     "diminta Rp1.500.000.")
    dialog.value.setText("150.000")
    press(qtbot, Qt.Key.Key_S, CTRL)
    _closed(qtbot, dialog, window)
    [row] = [r for r in _table_rows(page.table) if r[2] == "KUBE Jahit Mawar"]
    assert row[5:] == ["2 unit Mesin jahit", "Rp150.000", "Diajukan"]
    page.select_number(row[0])
    _closed(qtbot, _decide(qtbot, window), window)
    qtbot.waitUntil(lambda: _balances(page)["Infak/Sedekah Tidak Terikat"][4] == "Rp250.000")
    assert _balances(page)["Infak/Sedekah Tidak Terikat"] == [
        "Rp500.000", "Rp100.000", "Rp150.000", "Rp0", "Rp250.000", "Rp0"]

    # Aid to Siti again: the head sees where, when and what, and must give a reason.
    dialog = _propose(qtbot, window, "siti", "zakat", "umum", amount="100.000")
    qtbot.waitUntil(lambda: "Peringatan bantuan ganda" in dialog.warnings.text())
    assert f"NIK {SITI_NIK_MASKED} sudah menerima bantuan" in dialog.warnings.text()
    _closed(qtbot, dialog, window)
    approval = _decide(qtbot, window, reason="")
    assert approval.warning_title.text().startswith("Peringatan bantuan ganda")
    [warning] = _table_rows(approval.table)
    assert warning[1:3] == ["Kantor ini", f"NIK {SITI_NIK_MASKED}"]
    assert warning[3] == f"Zakat Maal / Umum · Rp300.000 · {cash.number} (Disetujui)"
    qtbot.waitUntil(lambda: bool(approval.message.text()))
    assert approval.message.text() == ("Ada 1 peringatan bantuan ganda; tulis alasan untuk tetap menyetujui "
                                       "penyaluran ini.")
    assert list_distributions(store_view)[0].status == "diajukan"  # nothing approved without a reason
    type_text(qtbot, "Biaya berobat anak, disetujui rapat amil")
    press(qtbot, Qt.Key.Key_Return)
    _closed(qtbot, approval, window)
    latest = list_distributions(store_view)[0]
    assert (latest.status, latest.decision_reason) == ("disetujui", "Biaya berobat anak, disetujui rapat amil")
    assert latest.warnings[0]["number"] == cash.number
    qtbot.waitUntil(lambda: _balances(page)["Zakat Maal"][4] == "Rp475.000")


def test_zakat_to_non_asnaf_and_overdraft_refused_nothing_saved(qtbot, open_app, office_dir: Path,
                                                                store_view) -> None:
    seed_office(office_dir, Seed(donations=[("zakat_maal", 100_000)], persons=[SITI, ANI]))
    window = _open_page(qtbot, open_app, "kasir", Qt.Key.Key_6)
    page = window.distributions
    before = stored_counts(store_view)

    dialog = _propose(qtbot, window, "ani", "zakat", "umum", amount="50.000")
    qtbot.waitUntil(lambda: bool(dialog.message.text()))
    assert dialog.message.text() == (
        "Zakat hanya boleh disalurkan kepada 8 asnaf: Ani Lestari belum tercatat sebagai salah satu asnaf "
        "(fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah, ibnu sabil).")
    assert dialog.isVisible() and dialog.amount.text() == "50.000"  # the form keeps what was typed
    assert stored_counts(store_view) == before

    dialog.picker.clear()
    _pick(qtbot, dialog.picker, "siti")
    dialog.amount.setText("100.000")
    dialog.message.clear()
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(dialog.message.text()))
    assert dialog.message.text() == "Saldo dana Zakat Maal tidak cukup: tersedia Rp87.500, diminta Rp100.000."
    assert stored_counts(store_view) == before

    dialog.amount.setText("80.000")
    press(qtbot, Qt.Key.Key_S, CTRL)
    _closed(qtbot, dialog, window)
    assert stored_counts(store_view)[1] == before[1] + 1
    qtbot.waitUntil(lambda: "1 menunggu persetujuan Kepala Kantor" in page.count_label.text())
    assert not page.approve_button.isEnabled() and not page.reject_button.isEnabled()  # a clerk proposes only
    assert page.approve_button.toolTip() == "Hanya Kepala Kantor yang dapat menyetujui atau menolak."


def test_english_office_gets_english_aid_screens_and_refusals(qtbot, open_app, office_dir: Path,
                                                               store_view) -> None:
    seed_office(office_dir, Seed(donations=[("zakat_maal", 100_000)], persons=[ANI], language="en"))
    window = _open_page(qtbot, open_app, "kasir", Qt.Key.Key_6)
    page = window.distributions
    assert [window.nav.item(i).text() for i in (4, 5)] == ["Beneficiaries", "Distributions"]
    qtbot.waitUntil(lambda: "Zakat Maal" in _balances(page))
    headers = [page.balances.table.horizontalHeaderItem(c).text() for c in range(7)]
    assert headers == ["Fund", "Collected", "Amil share", "Distributed", "Deposited", "Balance", "Proposed"]
    dialog = _propose(qtbot, window, "ani", "zakat", "umum", amount="50.000")
    qtbot.waitUntil(lambda: bool(dialog.message.text()))
    assert dialog.message.text() == ("Zakat may only go to the 8 asnaf: Ani Lestari is not recorded as one of them "
                                     "(fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah, ibnu sabil).")
    assert dialog.picker.status.text() == "Chosen: Ani Lestari · 3201••••••••0007 · Active"
    assert stored_counts(store_view)[1] == 0


def test_page_and_service_agree_on_who_approves() -> None:
    from desktop.services.distributions import APPROVER_ROLES as SERVICE_ROLES
    from desktop.ui.pages.distributions_page import APPROVER_ROLES as PAGE_ROLES

    assert PAGE_ROLES == SERVICE_ROLES  # the page only greys out what the service would refuse
