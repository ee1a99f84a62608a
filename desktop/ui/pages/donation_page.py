"""Donasi: the counter screen. Pick a donor, enter lines, Simpan & Cetak, next donor.

Saving is one ``record_donation`` call; the receipt is printed (or saved as PDF) afterwards by a
second background op, so the clerk can already serve the next donor while the printer works.
A refused save keeps everything typed and says why.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import AmilError
from desktop.core.money import format_grams_as_kg, format_rupiah
from desktop.core.payment import PaymentMethod, requires_reference
from desktop.ui import ops
from desktop.ui.delivery import Delivery, deliver_receipt, delivery_message
from desktop.ui.donor_picker import DonorPicker
from desktop.ui.errors import show_error
from desktop.ui.labels import method_label
from desktop.ui.lines_editor import LinesEditor
from desktop.ui.ops import Op
from desktop.ui.widgets import EnterMovesOn, Notice, enter_moves_on

if TYPE_CHECKING:
    from desktop.services.catalogue import FundChoice, ProgramChoice
    from desktop.services.donations import DonationInput, RecordedDonation
    from desktop.ui.session import UiSession

class DonationPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._saving = False
        self.editor: LinesEditor | None = None
        self._enter = EnterMovesOn(self)

        self.notice = Notice()
        self.notice.setObjectName("donationNotice")
        self.picker = DonorPicker(session)
        donor_box = QGroupBox(self.tr("Donatur"))
        QVBoxLayout(donor_box).addWidget(self.picker)

        self._lines_box = QGroupBox(self.tr("Rincian donasi"))
        self._lines_layout = QVBoxLayout(self._lines_box)
        self._loading = QLabel(self.tr("Memuat daftar dana…"))
        self._lines_layout.addWidget(self._loading)
        self.add_line_button = QPushButton(self.tr("&Tambah baris (Ctrl+N)"))
        self.add_line_button.setAutoDefault(True)
        self.add_line_button.setEnabled(False)

        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        self.total_label.setStyleSheet("font-size:18pt;font-weight:bold;")
        self.words_label = QLabel()
        self.words_label.setObjectName("wordsLabel")
        self.words_label.setWordWrap(True)
        self.words_label.setStyleSheet("font-style:italic;color:#333;")

        self.method = QComboBox()
        for method in PaymentMethod:
            self.method.addItem(method_label(method.value), method.value)
        self.reference = QLineEdit()
        self.reference.setMaxLength(60)
        self.reference.setPlaceholderText(self.tr("nomor referensi transfer/QRIS"))
        method_label_widget = QLabel(self.tr("&Metode:"))
        method_label_widget.setBuddy(self.method)
        reference_label = QLabel(self.tr("&Referensi:"))
        reference_label.setBuddy(self.reference)
        self.clear_button = QPushButton(self.tr("&Kosongkan"))
        self.collective_button = QPushButton(self.tr("Setoran &lembaga… (Ctrl+K)"))
        self.collective_button.setObjectName("collectiveButton")
        self.collective_button.setToolTip(self.tr("Setoran kolektif sekolah, masjid, atau OPD: satu serahan, "
                                                  "kuitansi untuk setiap pembayar"))
        self.save_button = QPushButton(self.tr("&Simpan && Cetak (Ctrl+S)"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setAutoDefault(True)
        self.save_button.setStyleSheet("font-weight:bold;padding:6px 16px;")
        self.save_button.ensurePolished()
        # The main action is never squeezed: a narrow window shrinks the reference field instead.
        self.save_button.setMinimumWidth(self.save_button.sizeHint().width())
        self.save_button.setEnabled(False)

        payment = QHBoxLayout()
        payment.addWidget(method_label_widget)
        payment.addWidget(self.method)
        payment.addWidget(reference_label)
        payment.addWidget(self.reference, 1)
        payment.addStretch(1)
        payment.addWidget(self.clear_button)
        payment.addWidget(self.save_button)

        lines_footer = QHBoxLayout()
        lines_footer.addWidget(self.add_line_button)
        lines_footer.addStretch(1)
        lines_footer.addWidget(self.collective_button)
        self._lines_layout.addLayout(lines_footer)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(donor_box)
        layout.addWidget(self._lines_box, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.words_label)
        layout.addLayout(payment)

        self.add_line_button.clicked.connect(self.add_line)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.reset_form)
        self.collective_button.clicked.connect(self.open_collective)
        self.collective_dialog: QWidget | None = None
        self.method.currentIndexChanged.connect(self._on_method)
        self.picker.donor_changed.connect(self._apply_tab_order)
        for keys, slot in (
            ("Ctrl+S", self.save), ("Ctrl+Return", self.save), ("Ctrl+Enter", self.save),
            ("Ctrl+N", self.add_line), ("F2", self.picker.focus_search),
            ("Ctrl+Del", self._remove_focused_line),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._on_method()
        self._update_total()

    # --- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """Fetch the fund and program catalogue (after the window is shown)."""
        ctx = self._session.ctx

        def work() -> tuple[list[FundChoice], list[ProgramChoice]]:
            from desktop.services.catalogue import list_funds, list_programs

            return list_funds(ctx), list_programs(ctx)

        Op(self, work).success(self._build_editor).run()

    def _build_editor(self, catalogue: tuple[list[FundChoice], list[ProgramChoice]]) -> None:
        funds, programs = catalogue
        self.editor = LinesEditor(funds, programs, self._session.settings.rates)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.editor)
        self._lines_layout.replaceWidget(self._loading, scroll)
        self._loading.deleteLater()
        self.editor.totals_changed.connect(self._update_total)
        self.editor.rows_changed.connect(self._apply_tab_order)
        self.add_line_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self._apply_tab_order()
        self._update_total()
        self.picker.focus_search()

    def update_rates(self) -> None:
        if self.editor is not None:
            self.editor.rates = self._session.settings.rates
            self._update_total()

    # --- keyboard ---------------------------------------------------------------------------
    def _apply_tab_order(self) -> None:
        """Donor → lines → Tambah baris → payment → Simpan: the order a clerk works in."""
        picker = self.picker
        chain: list[QWidget] = [picker.search, picker.anonymous, picker.new_button]
        if picker.new_button.isChecked():
            chain += [picker.new_name, picker.new_identity, picker.new_phone, picker.new_address]
        if self.editor is not None:
            chain += self.editor.focus_chain()
        chain += [self.add_line_button, self.method, self.reference, self.save_button, self.clear_button,
                  self.collective_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        enter_moves_on(self, self._enter)

    def add_line(self) -> None:
        if self.editor is None:
            return
        line = self.editor.add_line()
        line.fund.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _remove_focused_line(self) -> None:
        if self.editor is not None:
            self.editor.remove_focused_line()

    def _on_method(self) -> None:
        needs = requires_reference(PaymentMethod(self.method.currentData()))
        self.reference.setEnabled(needs)
        if not needs:
            self.reference.clear()

    def _update_total(self) -> None:
        total = self.editor.total() if self.editor is not None else 0
        rice = self.editor.rice_grams() if self.editor is not None else 0
        text = self.tr("Total: {amount}").format(amount=format_rupiah(total))
        if rice:
            text += self.tr(" + beras {kg}").format(kg=format_grams_as_kg(rice))
        self.total_label.setText(text)
        words = ""
        if total > 0:  # terbilang pulls in num2words: not before the first paint (total 0 then)
            from desktop.core.terbilang import terbilang

            try:
                words = terbilang(total)
            except AmilError:
                words = ""
        self.words_label.setText(self.tr("Terbilang: {words}").format(words=words) if words else "")

    # --- saving -----------------------------------------------------------------------------
    def collect(self) -> DonationInput:
        """Read the form into a DonationInput; raises what the clerk must fix first."""
        from desktop.services.donations import DonationInput

        if self.editor is None:
            raise RuntimeError("the catalogue is not loaded yet")
        donor_id, new_donor, anonymous = self.picker.choice()
        return DonationInput(
            lines=self.editor.to_inputs(), payment_method=str(self.method.currentData()),
            payment_reference=self.reference.text() or None, donor_id=donor_id,
            new_donor=new_donor, anonymous=anonymous,
        )

    def save(self) -> None:
        if self._saving or self.editor is None:
            return
        try:
            data = self.collect()
        except Exception as exc:
            show_error(self, exc)
            return
        ctx = self._session.ctx
        self._saving = True
        self.save_button.setEnabled(False)
        self.notice.show_message(self.tr("Menyimpan…"), "ok")

        def work() -> RecordedDonation:
            from desktop.services.donations import record_donation

            return record_donation(ctx, data)

        changes = {ops.DONATIONS, ops.RECEIPTS} | ({ops.DONORS} if data.new_donor else set())
        (Op(self, work)
         .success(self._saved)
         .failure(self._save_failed)
         .finally_(self._save_finished)
         .run(changes=changes))

    def _save_finished(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    def _save_failed(self, exc: Exception) -> None:
        self.notice.hide()
        show_error(self, exc)
        code = getattr(exc, "code", "")
        if code.startswith(("nik_", "npwp_")) and self.picker.new_button.isChecked():
            self.picker.new_identity.setFocus()
        elif code == "payment_reference_required":
            self.reference.setFocus()
        elif code == "line_empty" and self.editor is not None:
            index = int(getattr(exc, "params", {}).get("index", 1)) - 1
            if 0 <= index < len(self.editor.lines):
                self.editor.lines[index].fund.setFocus()

    def _saved(self, recorded: RecordedDonation) -> None:
        settings = self._session.settings
        number = recorded.receipt_number
        self.reset_form()
        if not settings.print_after_save:
            self.notice.show_message(self.tr(
                "Kuitansi {number} tersimpan ({total}). Cetak dari halaman Kwitansi bila perlu.").format(
                number=number, total=format_rupiah(recorded.total)), "ok")
            return
        self.notice.show_message(self.tr("Kuitansi {number} tersimpan ({total}). Mencetak…").format(
            number=number, total=format_rupiah(recorded.total)), "ok")
        ctx, folder = self._session.ctx, self._session.receipts_dir

        def work() -> Delivery:
            return deliver_receipt(ctx, settings, number, folder=folder, copy=False)

        (Op(self, work)
         .success(self._delivered)
         .failure(self._delivery_failed)
         .run(changes={ops.PRINTS}))

    def _delivered(self, delivery: Delivery) -> None:
        text, kind = delivery_message(delivery)
        self.notice.show_message(text, kind)

    def _delivery_failed(self, exc: Exception) -> None:
        self.notice.show_message(self.tr(
            "Donasi sudah tersimpan, tetapi kuitansi belum tercetak. Cetak ulang dari halaman Kwitansi."),
            "error")
        show_error(self, exc)

    def open_collective(self) -> None:
        """The collective (institution) hand-over dialog, window-modal over the counter screen."""
        from desktop.ui.collective_dialog import CollectiveDialog

        dialog = CollectiveDialog(self._session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.collective_dialog = dialog
        dialog.open()

    def reset_form(self) -> None:
        self.picker.reset()
        if self.editor is not None:
            self.editor.reset()
        self.method.setCurrentIndex(0)
        self.reference.clear()
        self._update_total()
        self.picker.focus_search()
