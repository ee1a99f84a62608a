"""Small things a new user saw (issue 11): rice receipts, recent donors/mustahik, the sync box, a label."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.services.beneficiaries import PersonInput, register_person
from desktop.services.context import open_context
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.donors import DonorInput, register_donor
from desktop.services.users import login as service_login
from tests.ui.conftest import PASSWORD, press, wait_ops
from tests.unit.beneficiaries.conftest import make_nik


def _seed(office_dir: Path) -> str:
    """A rice-only zakat fitrah receipt (3 persons), a mixed one, 25 donors and 25 mustahik."""
    ctx = open_context(office_dir)
    try:
        service_login(ctx, "admin", PASSWORD)
        rice = record_donation(ctx, DonationInput(lines=(LineInput("zakat_fitrah", persons=3, rice=True),),
                                                  anonymous=True)).receipt_number
        record_donation(ctx, DonationInput(lines=(LineInput("zakat_fitrah", persons=1, rice=True),
                                                  LineInput("sedekah", amount=20_000)), anonymous=True))
        for i in range(25):
            register_donor(ctx, DonorInput(name=f"Donatur {i:02d}"))
            register_person(ctx, PersonInput(name=f"Mustahik {i:02d}", nik=make_nik(i + 1), asnaf="miskin"))
    finally:
        ctx.close()
    return rice


def test_rice_receipts_recent_lists_sync_box_and_ca_label(qtbot, open_app, office_dir: Path) -> None:
    rice_number = _seed(office_dir)
    window = open_app("admin").window

    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # Kwitansi
    wait_ops(qtbot)
    model = window.receipts.model
    totals = {model.receipt(r).number: model.data(model.index(r, model.TOTAL)) for r in range(model.rowCount())}
    assert totals[rice_number] == "7,5 kg beras"
    assert "Rp20.000 + 2,5 kg beras" in totals.values()

    press(qtbot, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # Donatur, nothing typed
    wait_ops(qtbot)
    donors = window.donors
    assert donors.search.text() == ""
    shown = [donors.table.item(r, 0).text() for r in range(donors.table.rowCount())]
    assert shown[:3] == ["Donatur 24", "Donatur 23", "Donatur 22"] and len(shown) == 20
    qtbot.keyClicks(donors.search, "Donatur 07")
    qtbot.waitUntil(lambda: donors.table.rowCount() >= 1 and donors.table.item(0, 0).text() == "Donatur 07",
                    timeout=5000)

    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)  # Mustahik, nothing typed
    qtbot.waitUntil(lambda: window.beneficiaries.model.rowCount() > 0, timeout=10000)
    wait_ops(qtbot)
    page = window.beneficiaries
    names = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    assert names[:2] == ["Mustahik 24", "Mustahik 23"]

    window.show_page(7)  # Pengaturan (Laporan sits before it)
    wait_ops(qtbot)
    section = window.settings.sync_section
    qtbot.waitUntil(lambda: bool(section.state_label.text()), timeout=10000)
    texts = [section.link_label.text(), section.state_label.text()]
    assert "\n".join(texts).count("Belum terhubung ke server kabupaten") == 1
    section.open_enroll_dialog()
    dialog = section.dialog
    qtbot.addWidget(dialog)
    label = next(w for w in dialog.findChildren(QLabel) if "Sertifikat" in w.text())
    assert label.buddy() is dialog.ca_bundle  # "&CA" is a shortcut (Alt+C), not a visible ampersand
    dialog.reject()


def _clipped_buttons(qtbot, window) -> list[tuple[str, str, int, int]]:
    """Visible push buttons and check boxes on each page (each tab of a page with tabs) whose text is
    wider than the widget, and pages that scroll sideways (which hides whatever is past the edge), at the window's
    minimum size."""
    from PySide6.QtWidgets import QCheckBox, QPushButton, QScrollArea, QTabWidget

    window.resize(window.minimumSize())
    clipped = []
    views = []
    for index in range(window.nav.count()):
        window.show_page(index)
        page = window.pages.currentWidget()
        views.append(index)
        views += [(index, tabs, tab) for tabs in page.findChildren(QTabWidget) for tab in range(1, tabs.count())]
    assert any(not isinstance(view, int) for view in views), "Kwitansi's Setoran lembaga tab is walked too"
    for view in views:
        index = view if isinstance(view, int) else view[0]
        window.show_page(index)
        if not isinstance(view, int):
            view[1].setCurrentIndex(view[2])
        wait_ops(qtbot)
        qtbot.wait(30)
        page = window.pages.currentWidget()
        for button in page.findChildren(QPushButton):
            if button.isVisible():
                text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
                needed = button.fontMetrics().horizontalAdvance(text) + 8
                if button.width() < needed:
                    clipped.append((window.nav.item(index).text(), text, button.width(), needed))
        for box in page.findChildren(QCheckBox):  # the indicator comes before the text
            if box.isVisible() and box.width() < box.sizeHint().width():
                clipped.append((window.nav.item(index).text(), box.text(), box.width(), box.sizeHint().width()))
        for area in page.findChildren(QScrollArea):
            if area.isVisible() and area.horizontalScrollBar().isVisible():
                clipped.append((window.nav.item(index).text(), "scrolls sideways", area.viewport().width(),
                                area.widget().sizeHint().width() if area.widget() else 0))
    return clipped


def test_no_button_is_clipped_at_the_smallest_window_in_either_language(qtbot, open_app) -> None:
    """At the window's minimum size (960x640, an old 1024x768 screen) every visible button of every
    page shows its whole text, for the kepala (who sees the most buttons), in Indonesian and English."""
    controller = open_app("kepala")
    window = controller.window
    assert _clipped_buttons(qtbot, window) == []
    assert window.donation.save_button.width() >= window.donation.save_button.minimumWidth() > 0

    window.show_page(7)  # Pengaturan: switch to English, the window is rebuilt
    settings = window.settings
    settings.language.setCurrentIndex(settings.language.findData("en"))
    settings.save_button.click()
    qtbot.waitUntil(lambda: controller.window is not window, timeout=10000)
    english = controller.window
    wait_ops(qtbot)
    assert english.nav.item(0).text() == "Home"
    assert _clipped_buttons(qtbot, english) == []
