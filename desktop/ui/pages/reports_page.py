"""Laporan: choose a report and its period, see its first page, save it (PDF/XLSX/CSV) or print it.

The numbers and files come from ``desktop.services.reports`` (the same as ``amildesk report``); this
page only collects the choice. Work runs through ``Op`` on the thread pool, so a year's audit never
freezes the window; a bad period is answered in words on the page and nothing is written.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_rupiah
from desktop.ui.errors import error_text
from desktop.ui.ops import Op
from desktop.ui.widgets import Notice

if TYPE_CHECKING:
    from desktop.services.reports import ReportRequest
    from desktop.ui.report_preview import Preview
    from desktop.ui.session import UiSession

PREVIEW_WIDTH = 760
ALL_DONORS = ""  # the statement combo's first item: one file per donor


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class _Progress(QObject):
    """Lives on the GUI thread; the worker's emits arrive queued (one per statement written)."""

    written = Signal(int)


class ReportsPage(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._serial = 0
        self.preview: Preview | None = None
        self.file_dialog: QFileDialog | None = None
        self._donor_count = 0
        self._progress = _Progress(self)
        self._progress.written.connect(self._show_progress)
        ctx = session.ctx
        today = ctx.local(ctx.now()).date()

        self.kind = QComboBox()
        for kind, text in (("daily", self.tr("Harian")), ("monthly", self.tr("Bulanan")),
                           ("audit", self.tr("Audit nomor kuitansi")),
                           ("statement", self.tr("Pernyataan zakat tahunan (donatur)"))):
            self.kind.addItem(text, kind)
        self.day = self._date_edit(today, "dd-MM-yyyy")
        self.day_to = self._date_edit(today, "dd-MM-yyyy")
        self.month = self._date_edit(today, "MMMM yyyy")
        self.year = QSpinBox()
        self.year.setRange(2000, 9999)
        self.year.setValue(today.year)
        self.donor = QComboBox()
        self.donor.setMinimumWidth(280)

        daily = QWidget()
        daily_row = QHBoxLayout(daily)
        daily_row.setContentsMargins(0, 0, 0, 0)
        daily_row.addWidget(self.day)
        daily_row.addWidget(QLabel(self.tr("sampai")))
        daily_row.addWidget(self.day_to)
        daily_row.addStretch(1)
        yearly = QWidget()
        year_row = QHBoxLayout(yearly)
        year_row.setContentsMargins(0, 0, 0, 0)
        year_row.addWidget(self.year)
        self.donor_label = QLabel(self.tr("Donatur:"))
        year_row.addWidget(self.donor_label)
        year_row.addWidget(self.donor, 1)
        self.period = QStackedWidget()
        for widget in (daily, self.month, yearly):
            self.period.addWidget(widget)

        self.kind.setMaximumWidth(420)
        self.period.setMaximumWidth(640)
        form = QFormLayout()
        form.addRow(self.tr("&Laporan:"), self.kind)
        form.addRow(self.tr("&Periode:"), self.period)

        self.show_button = QPushButton(self.tr("&Tampilkan"))
        self.show_button.setDefault(True)
        self.save_button = QPushButton(self.tr("&Simpan…"))
        self.print_button = QPushButton(self.tr("&Cetak"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)

        self.notice = Notice()
        self.notice.setObjectName("reportsNotice")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.image = QLabel(self.tr("Pilih laporan dan periode, lalu tekan Tampilkan."))
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setObjectName("reportPreview")
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("QScrollArea{background:#e9ecef;}")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)

        self.kind.currentIndexChanged.connect(self._on_kind)
        self.year.valueChanged.connect(lambda _v: self._load_donors())
        for edit in (self.day, self.day_to, self.month):
            edit.dateChanged.connect(lambda _d: self._clear())
        self.donor.currentIndexChanged.connect(lambda _i: self._clear())
        self.show_button.clicked.connect(self.show_report)
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_report)
        self._on_kind()

    def _date_edit(self, day: date, display: str) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(display)
        return edit

    # --- choice -----------------------------------------------------------------------------
    def kind_value(self) -> str:
        return str(self.kind.currentData())

    def request(self) -> ReportRequest:
        from desktop.services.reports import ReportRequest

        kind = self.kind_value()
        if kind == "daily":
            first, last = _day(self.day), _day(self.day_to)
            return ReportRequest(kind, first.isoformat(), until=last.isoformat() if last != first else None)
        if kind == "monthly":
            return ReportRequest(kind, _day(self.month).strftime("%Y-%m"))
        donor = self.donor.currentData() if kind == "statement" else None
        return ReportRequest(kind, str(self.year.value()), donor_id=donor or None)

    def _on_kind(self) -> None:
        kind = self.kind_value()
        self.period.setCurrentIndex({"daily": 0, "monthly": 1}.get(kind, 2))
        statement = kind == "statement"
        self.donor.setVisible(statement)
        self.donor_label.setVisible(statement)
        if statement:
            self._load_donors()
        self._clear()

    def _load_donors(self) -> None:
        if self.kind_value() != "statement":
            return
        ctx, year = self._session.ctx, str(self.year.value())
        self._serial += 1
        serial = self._serial

        def work() -> list[tuple[str, str, int]]:
            from desktop.services.report_periods import year_period
            from desktop.services.report_statement import donors_with_zakat

            return donors_with_zakat(ctx, year_period(ctx, year))

        Op(self, work).success(lambda rows: self._show_donors(serial, rows)).failure(self._failed).run()

    def _show_donors(self, serial: int, rows: list[tuple[str, str, int]]) -> None:
        if serial != self._serial:
            return
        self._donor_count = len(rows)
        self.donor.blockSignals(True)
        self.donor.clear()
        self.donor.addItem(self.tr("Semua donatur berzakat ({count}) — satu berkas per donatur").format(
            count=len(rows)), ALL_DONORS)
        for donor_id, name, total in rows:
            self.donor.addItem(f"{name} · {format_rupiah(total)}", donor_id)
        self.donor.blockSignals(False)
        self._clear()

    def _all_donors(self) -> bool:
        return self.kind_value() == "statement" and not self.donor.currentData()

    def _clear(self) -> None:
        self.preview = None
        self.summary.clear()
        self.notice.hide()
        self.image.setPixmap(QPixmap())
        self.image.setText(self.tr("Pilih laporan dan periode, lalu tekan Tampilkan."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.preview is not None
        self.save_button.setEnabled(ready or self._all_donors())
        self.print_button.setEnabled(ready)

    # --- preview ----------------------------------------------------------------------------
    def show_report(self) -> None:
        if self._all_donors():
            self.notice.show_message(self.tr("Pernyataan untuk semua donatur disimpan satu berkas per donatur: "
                                             "tekan Simpan… dan pilih folder. Pilih satu donatur untuk "
                                             "melihat pratinjau."), "warn")
            return
        ctx, request = self._session.ctx, self.request()
        self._serial += 1
        serial = self._serial
        self.notice.show_message(self.tr("Menyusun laporan…"), "ok")
        self.show_button.setEnabled(False)

        def work() -> Preview:
            from desktop.reports.pdf_out import render_pdf
            from desktop.services.reports import build_report
            from desktop.ui.report_preview import Preview, first_page_image

            doc = build_report(ctx, request)
            pdf = render_pdf(doc)
            started = time.perf_counter()
            image, pages = first_page_image(pdf, PREVIEW_WIDTH)
            return Preview(doc, pdf, image, pages, (time.perf_counter() - started) * 1000)

        Op(self, work).success(lambda preview: self._show_preview(serial, preview)).failure(self._failed).run()

    def _show_preview(self, serial: int, preview: Preview) -> None:
        self.show_button.setEnabled(True)
        if serial != self._serial:
            return
        self.preview = preview
        self.notice.hide()
        self.image.setPixmap(QPixmap.fromImage(preview.image))
        self.image.setToolTip(self.tr("Halaman pertama (digambar dalam {ms} ms)").format(
            ms=round(preview.render_ms)))
        self.summary.setText(self.tr("{title} · {period} · {pages} halaman").format(
            title=preview.doc.title, period=preview.doc.period, pages=preview.pages))
        self._update_buttons()

    def _failed(self, exc: object) -> None:
        self.show_button.setEnabled(True)
        self.notice.show_message(error_text(exc if isinstance(exc, BaseException) else Exception(str(exc))),
                                 "error")

    # --- save and print ---------------------------------------------------------------------
    def suggested_name(self) -> str:
        request = self.request()
        until = f"_{request.until}" if request.until else ""
        return f"laporan-{request.kind}-{request.period}{until}.pdf"

    def save(self) -> None:
        folder = self._session.data_dir / "laporan"
        if self._all_donors():
            dialog = QFileDialog(self, self.tr("Folder untuk pernyataan zakat"), str(folder))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
            dialog.fileSelected.connect(lambda path: self.save_to(Path(path)))
        else:
            suggested = folder / self.suggested_name()
            dialog = QFileDialog(self, self.tr("Simpan laporan"), str(suggested))
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilters([self.tr("PDF (*.pdf)"), self.tr("Excel (*.xlsx)"), self.tr("CSV (*.csv)")])
            dialog.setDefaultSuffix("pdf")
            dialog.filterSelected.connect(lambda f: dialog.setDefaultSuffix(f.split("*.")[-1].rstrip(")")))
            dialog.selectFile(str(suggested))
            dialog.fileSelected.connect(lambda path: self.save_to(Path(path)))
        folder.mkdir(parents=True, exist_ok=True)
        self.file_dialog = dialog
        dialog.open()

    def save_to(self, path: Path) -> None:
        """Write the report (or, for all donors, one statement per donor into the folder ``path``)."""
        ctx, request = self._session.ctx, self.request()
        all_donors = self._all_donors()
        doc = self.preview.doc if self.preview is not None else None
        self.notice.show_message(self.tr("Menyimpan…"), "ok")

        def work() -> str:
            from desktop.reports.output import ReportFormat
            from desktop.services.reports import build_report, check_format, save, save_all_statements

            if all_donors:
                files = save_all_statements(ctx, request.period, ReportFormat.PDF, path,
                                            progress=self._progress.written.emit)
                return self.tr("{count} pernyataan zakat disimpan di {path}").format(count=len(files), path=path)
            fmt = check_format(path.suffix.lstrip(".") or "pdf")
            save(doc if doc is not None else build_report(ctx, request), fmt, path)
            return self.tr("Laporan disimpan: {path}").format(path=path)

        Op(self, work).success(lambda text: self.notice.show_message(text, "ok")).failure(self._failed).run()

    def _show_progress(self, written: int) -> None:
        if written % 50 == 0 or written == self._donor_count:
            self.notice.show_message(self.tr("Menyimpan pernyataan zakat… {done} dari {total}").format(
                done=written, total=self._donor_count), "ok")

    def print_report(self) -> None:
        if self.preview is None:
            return
        from desktop.ui.delivery import chosen_printer

        printer = chosen_printer(self._session.settings)
        if printer is None:
            self.notice.show_message(self.tr("Tidak ada printer yang dipilih. Simpan laporan sebagai PDF lalu "
                                             "cetak dari komputer lain."), "warn")
            return
        pdf = self.preview.pdf
        self.notice.show_message(self.tr("Mengirim ke printer {printer}…").format(printer=printer), "ok")

        def work() -> str:
            from desktop.receipts.model import PaperFormat
            from desktop.receipts.printing import print_pdf

            print_pdf(pdf, printer, PaperFormat.A4)
            return printer

        Op(self, work).success(lambda name: self.notice.show_message(
            self.tr("Laporan dikirim ke printer {printer}.").format(printer=name), "ok")).failure(self._failed).run()
