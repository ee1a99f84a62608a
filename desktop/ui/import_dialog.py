"""Importing mustahik from a spreadsheet: choose a file, see what would happen, import the good rows.

The preview writes nothing; it counts new rows, rows already registered (skipped: importing the
same file twice adds nobody) and refused rows, listed with the spreadsheet's own row numbers so the
clerk can find them in Excel. "Impor N baris" then puts all good rows in at once (one transaction:
all or nothing). The refused rows can be saved as a CSV report (NIK masked) to fix and re-import.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.money import format_number
from desktop.ui.aid_labels import BENEFICIARIES
from desktop.ui.aid_widgets import asnaf_combo
from desktop.ui.errors import error_text
from desktop.ui.ops import Op
from desktop.ui.widgets import Notice, save_file_dialog

if TYPE_CHECKING:
    from desktop.services.beneficiary_import import ImportResult
    from desktop.ui.session import UiSession

SHOWN_ERRORS = 2000  # the report file has them all; a longer table only slows the window down


class ImportDialog(QDialog):
    """Emits ``imported(result)`` after rows went in."""

    imported = Signal(object)  # ImportResult

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._serial = 0
        self._result: ImportResult | None = None
        self._busy = False
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Impor Mustahik dari CSV/XLSX"))
        self.setMinimumSize(860, 560)
        explain = QLabel(self.tr(
            "Pilih berkas CSV atau XLSX: templat AmilDesk (kolom nik, no_kk, nama, jenis_kelamin, "
            "tanggal_lahir, alamat, kode_desa, telepon, asnaf, desil) atau ekspor P3KE/DTSEN. "
            "Belum ada yang disimpan sampai Anda menekan \u201cImpor\u201d."))
        explain.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText(self.tr("ketik lokasi berkas lalu Enter, atau tekan Pilih berkas"))
        self.browse_button = QPushButton(self.tr("&Pilih berkas…"))
        self.browse_button.setAutoDefault(False)
        self.default_asnaf = asnaf_combo(self.tr("— tidak diisi —"))
        self.default_asnaf.setToolTip(self.tr(
            "Dipakai untuk baris yang kolom asnafnya kosong atau tidak ada (mis. ekspor P3KE)."))
        self.summary = QLabel(self.tr("Belum ada berkas dipilih."))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight:bold;")
        self.errors = QTableWidget(0, 4)
        self.errors.setObjectName("importErrors")
        self.errors.setHorizontalHeaderLabels([self.tr("Baris"), self.tr("NIK"), self.tr("Nama"),
                                               self.tr("Kesalahan")])
        self.errors.verticalHeader().setVisible(False)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.errors.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.errors.setWordWrap(True)  # a row's message lists every problem in it: let it wrap
        header = self.errors.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.notice = Notice()
        self.notice.setObjectName("importNotice")
        self.report_button = QPushButton(self.tr("Simpan &laporan galat…"))
        self.report_button.setAutoDefault(False)
        self.close_button = QPushButton(self.tr("&Tutup"))
        self.close_button.setAutoDefault(False)
        self.import_button = QPushButton(self.tr("&Impor"))
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse_button)
        form = QFormLayout()
        file_label = QLabel(self.tr("&Berkas:"))
        file_label.setBuddy(self.path)  # a row holding a layout gets no buddy of its own
        form.addRow(file_label, file_row)
        form.addRow(self.tr("&Asnaf bila kosong:"), self.default_asnaf)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)

        self.browse_button.clicked.connect(self.browse)
        self.path.returnPressed.connect(self.preview)
        self.default_asnaf.currentIndexChanged.connect(lambda _i: self.preview() if self.path.text() else None)
        self.report_button.clicked.connect(self.ask_report_path)
        self.close_button.clicked.connect(self.accept)
        self.import_button.clicked.connect(self.run_import)
        self._update_buttons()
        self.path.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- choosing and previewing ------------------------------------------------------------
    def browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Pilih berkas mustahik"), str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Lembar kerja (*.xlsx *.csv)"), self.tr("Semua berkas (*)")])
        dialog.fileSelected.connect(self.choose_file)
        self.file_dialog = dialog
        dialog.open()

    def choose_file(self, path: str) -> None:
        self.path.setText(path)
        self.preview()

    def _file(self) -> Path:
        return Path(self.path.text().strip().strip('"'))

    def preview(self) -> None:
        if not self.path.text().strip():
            return
        self._start(self.tr("Membaca {name}…").format(name=self._file().name))
        ctx, path, asnaf = self._session.ctx, self._file(), self.default_asnaf.currentData()
        serial = self._serial

        def work() -> ImportResult:
            from desktop.services.beneficiary_import import preview_import

            return preview_import(ctx, path, default_asnaf=asnaf)

        Op(self, work).success(lambda r: self._show_preview(serial, r)).failure(
            lambda exc: self._failed(serial, exc)).run()

    def _start(self, text: str) -> None:
        self._serial += 1
        self._result = None
        self._busy = True
        self.notice.hide()
        self.summary.setText(text)
        self.errors.setRowCount(0)
        self._update_buttons()

    def _failed(self, serial: int, exc: Exception) -> None:
        if serial != self._serial:
            return
        self._busy = False
        self.summary.setText("")
        self.notice.show_message(error_text(exc), "error")
        self._update_buttons()

    def _show_preview(self, serial: int, result: ImportResult) -> None:
        if serial != self._serial:
            return  # another file was chosen meanwhile
        self._busy = False
        self._result = result
        text = self.tr("{rows} baris dibaca: {new} siap diimpor, {skipped} sudah terdaftar (dilewati), "
                       "{bad} bermasalah.").format(
            rows=format_number(result.rows), new=format_number(result.to_import),
            skipped=format_number(result.skipped_duplicates), bad=format_number(len(result.errors)))
        if "asnaf" not in result.columns and self.default_asnaf.currentData() is None:
            text += " " + self.tr("Berkas tanpa kolom asnaf: orang-orang ini hanya dapat menerima bantuan "
                                  "non-zakat sampai asnafnya diisi.")
        self.summary.setText(text)
        self._fill_errors(result)
        self._update_buttons()

    def _fill_errors(self, result: ImportResult) -> None:
        shown = result.errors[:SHOWN_ERRORS]
        self.errors.setRowCount(len(shown))
        for row, error in enumerate(shown):
            values = (str(error.row), error.nik or "", error.name or "", error.message)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.errors.setItem(row, column, item)
        self.errors.resizeRowsToContents()
        if len(result.errors) > SHOWN_ERRORS:
            self.notice.show_message(self.tr(
                "{shown} galat pertama ditampilkan dari {count}; simpan laporan galat untuk daftar "
                "lengkap.").format(shown=SHOWN_ERRORS, count=format_number(len(result.errors))), "warn")

    # --- importing --------------------------------------------------------------------------
    def run_import(self) -> None:
        result = self._result
        if result is None or result.dry_run is False or result.to_import == 0 or self._busy:
            return
        self._start(self.tr("Mengimpor {count} baris…").format(count=format_number(result.to_import)))
        ctx, path, asnaf = self._session.ctx, self._file(), self.default_asnaf.currentData()
        serial = self._serial

        def work() -> ImportResult:
            from desktop.services.beneficiary_import import import_beneficiaries

            return import_beneficiaries(ctx, path, default_asnaf=asnaf)

        Op(self, work).success(lambda r: self._show_imported(serial, r)).failure(
            lambda exc: self._failed(serial, exc)).run(changes={BENEFICIARIES})

    def _show_imported(self, serial: int, result: ImportResult) -> None:
        if serial != self._serial:
            return
        self._busy = False
        self._result = result
        self.summary.setText(self.tr(
            "Selesai: {imported} orang diimpor, {skipped} dilewati karena sudah terdaftar, "
            "{bad} baris bermasalah tidak diimpor.").format(
            imported=format_number(result.imported), skipped=format_number(result.skipped_duplicates),
            bad=format_number(len(result.errors))))
        self._fill_errors(result)
        self.notice.show_message(self.tr("{count} mustahik baru tersimpan.").format(
            count=format_number(result.imported)), "ok")
        self._update_buttons()
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.imported.emit(result)

    # --- error report -----------------------------------------------------------------------
    def ask_report_path(self) -> None:
        if self._result is None or not self._result.errors:
            return
        suggested = self._file().with_name(self._file().stem + "-galat.csv")
        self.file_dialog = save_file_dialog(self, self.tr("Simpan laporan galat"), suggested,
                                            self.tr("Berkas CSV (*.csv)"), "csv", self.save_report)

    def save_report(self, target: Path) -> None:
        result = self._result
        if result is None:
            return

        def work() -> Path:
            from desktop.services.beneficiary_import import write_error_report

            write_error_report(result, target)
            return target

        Op(self, work).success(lambda p: self.notice.show_message(
            self.tr("Laporan {count} baris bermasalah disimpan: {path}").format(
                count=len(result.errors), path=p), "ok")).failure(self._report_failed).run()

    def _report_failed(self, exc: Exception) -> None:
        if isinstance(exc, OSError):  # a full disk, a read-only stick, a folder that vanished
            text = self.tr("Laporan tidak dapat disimpan: {reason}").format(reason=exc.strerror or exc)
        else:
            text = error_text(exc)
        self.notice.show_message(text, "error")

    def _update_buttons(self) -> None:
        result = self._result
        ready = result is not None and result.dry_run and result.to_import > 0 and not self._busy
        count = result.to_import if result is not None and result.dry_run else 0
        self.import_button.setText(self.tr("&Impor {count} baris").format(count=format_number(count)))
        self.import_button.setEnabled(ready)
        self.report_button.setEnabled(result is not None and bool(result.errors) and not self._busy)
        self.browse_button.setEnabled(not self._busy)
        self.path.setEnabled(not self._busy)
