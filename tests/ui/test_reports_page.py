"""Laporan page driven like a clerk: choose, preview (first page rendered), save XLSX/PDF, bad period, print."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.context import open_context
from desktop.services.donations import DonationInput, LineInput, record_donation, void_donation
from desktop.services.donors import DonorInput, register_donor
from desktop.services.users import login
from desktop.ui.main_window import REPORTS, MainWindow
from tests.ui.conftest import PASSWORD, wait_ops

LEFT = Qt.MouseButton.LeftButton
SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"


@pytest.fixture
def seeded(office_dir: Path) -> Path:
    ctx = open_context(office_dir)
    try:
        login(ctx, "admin", PASSWORD)
        budi = register_donor(ctx, DonorInput(name="Budi Santoso", nik="6401011203850002"))
        for amount in (250_000, 1_000_000):
            record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount), LineInput("sedekah", 20_000)),
                                               donor_id=budi.id))
        wrong = record_donation(ctx, DonationInput(lines=(LineInput("sedekah", 999_000),), anonymous=True))
        void_donation(ctx, wrong.receipt_number, "Nominal salah ketik")
    finally:
        ctx.close()
    return office_dir


def _page(open_app: object) -> tuple[MainWindow, object]:
    window = open_app("admin").window  # type: ignore[operator]
    window.resize(1200, 800)
    window.show_page(REPORTS)
    return window, window.reports


def _choose(page: object, kind: str) -> None:
    page.kind.setCurrentIndex(page.kind.findData(kind))  # type: ignore[attr-defined]


def test_monthly_preview_then_save_xlsx_and_pdf(qtbot: QtBot, open_app: object, seeded: Path,
                                                tmp_path: Path) -> None:
    window, page = _page(open_app)
    assert window.nav.item(REPORTS).text() == "Laporan"
    _choose(page, "monthly")
    qtbot.mouseClick(page.show_button, LEFT)
    wait_ops(qtbot)
    assert page.preview is not None and not page.image.pixmap().isNull()
    assert page.image.pixmap().width() >= 700 and page.preview.pages >= 1
    assert "Laporan Bulanan" in page.summary.text()
    assert page.preview.doc.summary["total"] == 1_250_000 + 40_000  # the void is not counted
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "laporan-bulanan.png"))

    out = tmp_path / "bulanan.xlsx"
    page.save()
    assert page.file_dialog is not None
    page.file_dialog.fileSelected.emit(str(out))
    page.file_dialog.close()
    wait_ops(qtbot)
    assert "disimpan" in page.notice.text()
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book["Ringkasan per jenis dana"].iter_rows(values_only=True))
    assert next(r for r in rows if r[0] == "Jumlah")[1] == 1_290_000
    book.close()

    _choose(page, "daily")
    qtbot.mouseClick(page.show_button, LEFT)
    wait_ops(qtbot)
    pdf = tmp_path / "harian.pdf"
    page.save_to(pdf)
    wait_ops(qtbot)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Nominal salah ketik" in text and "1.290.000" in text
    window.grab().save(str(SHOTS / "laporan-harian.png"))


def test_future_period_is_refused_in_words_and_nothing_saved(qtbot: QtBot, open_app: object, seeded: Path,
                                                             tmp_path: Path) -> None:
    _window, page = _page(open_app)
    _choose(page, "monthly")
    page.month.setDate(page.month.date().addMonths(2))
    qtbot.mouseClick(page.show_button, LEFT)
    wait_ops(qtbot)
    assert page.preview is None and "belum terjadi" in page.notice.text()
    assert not page.save_button.isEnabled() and not page.print_button.isEnabled()
    _choose(page, "daily")
    page.day_to.setDate(page.day.date().addDays(-3))
    qtbot.mouseClick(page.show_button, LEFT)
    wait_ops(qtbot)
    assert "terbalik" in page.notice.text()
    out = tmp_path / "out"
    out.mkdir()
    page.save_to(out / "x.pdf")  # even if called directly: the service refuses, nothing written
    wait_ops(qtbot)
    assert list(out.iterdir()) == []


def test_statements_for_all_donors_and_one(qtbot: QtBot, open_app: object, seeded: Path, tmp_path: Path) -> None:
    window, page = _page(open_app)
    _choose(page, "statement")
    wait_ops(qtbot)
    assert page.donor.count() == 2 and "Budi Santoso" in page.donor.itemText(1)
    assert page.save_button.isEnabled() and not page.print_button.isEnabled()  # all donors: save only
    folder = tmp_path / "bukti"
    page.save_to(folder)
    wait_ops(qtbot)
    files = list(folder.glob("*.pdf"))
    assert len(files) == 1
    assert "1 pernyataan zakat disimpan" in page.notice.text()  # after "… 1 dari 1" while writing
    text = PdfReader(files[0]).pages[0].extract_text()
    assert "6401011203850002" in text and "1.250.000" in text  # NIK in full, zakat only
    page.donor.setCurrentIndex(1)
    qtbot.mouseClick(page.show_button, LEFT)
    wait_ops(qtbot)
    assert page.preview is not None and page.preview.doc.summary["total"] == 1_250_000
    window.grab().save(str(SHOTS / "laporan-zakat.png"))


def test_print_without_a_printer_says_so(qtbot: QtBot, open_app: object, seeded: Path) -> None:
    _window, page = _page(open_app)
    _choose(page, "audit")
    qtbot.mouseClick(page.show_button, LEFT)
    wait_ops(qtbot)
    assert page.preview is not None and page.preview.doc.summary["issued"] == 3
    qtbot.mouseClick(page.print_button, LEFT)
    assert "Tidak ada printer" in page.notice.text()  # the office chose PDF output (fixture)


def test_page_is_built_only_when_opened(qtbot: QtBot, open_app: object, seeded: Path) -> None:
    window = open_app("kasir").window  # type: ignore[operator]
    assert window.pages.built_page(REPORTS) is None

