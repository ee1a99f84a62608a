"""Data subject requests (UU 27/2022) from the Donatur and Mustahik pages, and the access log view.

The lists mask NIK/KK/NPWP for every role. "Tampilkan … lengkap" (a button and the table's context
menu) shows the selected record's full numbers, and the service logs that reveal in the same
transaction (who, whose record, which fields, when). "Ekspor data pribadi…" writes everything about
the selected donor or mustahik (JSON + PDF) and "Hapus data pribadi…" erases the registry's personal
fields after a reason is typed. All three are for kepala kantor and admin only, and all three are
journalled by the service. ``AccessLogDialog`` lists who saw or exported full identity numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.identity import format_npwp
from desktop.core.roles import can_see_full_identity
from desktop.ui.errors import error_text
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.privacy import AccessEntry, Revealed
    from desktop.ui.session import UiSession

Subject = tuple[str, str, str]  # kind ("donor"/"beneficiary"), id, name


NUMBER_LABELS = {"nik": "NIK", "kk": "KK", "npwp": "NPWP"}  # the same words in Indonesian and English


class PersonalDataActions(QWidget):
    """Reveal, export and erase for the selected record; ``subject()`` says who it is (None: nothing).

    Hidden for roles that may not see full numbers; the services refuse them too.
    """

    done = Signal(str, str)  # message, kind ("ok"/"error")
    erased = Signal()
    revealed = Signal(object)  # Revealed: the page puts the numbers in the selected row

    def __init__(self, session: UiSession, subject: Callable[[], Subject | None],
                 parent: QWidget | None = None, *, reveal_label: str = "") -> None:
        super().__init__(parent)
        self._session = session
        self._subject = subject
        self.allowed = can_see_full_identity(session.role)
        self.reveal_action = QAction(reveal_label or self.tr("Tampilkan NIK &lengkap"), self)
        self.reveal_action.setToolTip(self.tr(
            "Tampilkan nomor lengkap data yang dipilih; tercatat di log akses data pribadi"))
        self.reveal_button = QPushButton(self.reveal_action.text())
        self.reveal_button.setObjectName("revealIdentity")
        self.reveal_button.setToolTip(self.reveal_action.toolTip())
        # Export and erasure are rare (a data subject's request): one menu button keeps the page's
        # button row within the smallest window (960 px) in both languages.
        self.export_action = QAction(self.tr("Ekspor data &pribadi…"), self)
        self.erase_action = QAction(self.tr("Hapus data pribadi…"), self)
        self.requests_button = QPushButton(self.tr("Permintaan &data pribadi"))
        self.requests_button.setObjectName("personalDataRequests")
        self.requests_button.setToolTip(self.tr("Ekspor atau hapus data pribadi atas permintaan pemiliknya"))
        menu = QMenu(self.requests_button)
        menu.addAction(self.export_action)
        menu.addAction(self.erase_action)
        self.requests_button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reveal_button)
        layout.addWidget(self.requests_button)
        if not self.allowed:
            self.hide()
            self.reveal_action.setEnabled(False)
        self.reveal_button.clicked.connect(self.reveal_action.trigger)
        self.reveal_action.triggered.connect(self.reveal)
        self.export_action.triggered.connect(self._ask_export)
        self.erase_action.triggered.connect(self._ask_erase)

    def offer_in(self, view: QWidget) -> None:
        """Put "Tampilkan … lengkap" in ``view``'s context menu, for the roles that may use it."""
        if self.allowed:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            view.addAction(self.reveal_action)

    def reveal(self) -> None:
        subject = self._subject()
        if subject is None or not self.allowed:
            return
        ctx = self._session.ctx
        kind, subject_id, _name = subject

        def work() -> Revealed:
            from desktop.services.privacy import reveal_identity

            return reveal_identity(ctx, kind, subject_id)

        Op(self, work).success(self._on_revealed).failure(lambda exc: self.done.emit(error_text(exc), "error")).run()

    def _on_revealed(self, shown: Revealed) -> None:
        if not shown.numbers:
            self.done.emit(self.tr("Tidak ada nomor identitas tercatat untuk {name}.").format(
                name=shown.subject_name), "ok")
            return
        numbers = " · ".join(
            f"{NUMBER_LABELS.get(field, field.upper())} {format_npwp(value) if field == 'npwp' else value}"
            for field, value in shown.numbers.items())
        self.revealed.emit(shown)
        self.done.emit(self.tr("{name}: {numbers}. Tercatat di log akses data pribadi.").format(
            name=shown.subject_name, numbers=numbers), "ok")

    def _ask_export(self) -> None:
        if self._subject() is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Simpan data pribadi ke folder"),
                                                  str(self._session.data_dir))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path, purpose: str = "permintaan pemilik data") -> None:
        subject = self._subject()
        if subject is None:
            return
        ctx = self._session.ctx
        kind, subject_id, _name = subject

        def work() -> list[Path]:
            from desktop.services.privacy import export_subject

            return export_subject(ctx, kind, subject_id, folder, purpose)

        (Op(self, work)
         .success(lambda paths: self.done.emit(self.tr("Data pribadi disimpan: {paths}").format(
             paths=", ".join(str(p) for p in paths)), "ok"))
         .failure(lambda exc: self.done.emit(error_text(exc), "error")).run())

    def _ask_erase(self) -> None:
        subject = self._subject()
        if subject is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Hapus data pribadi"), self.tr(
            "Data pribadi {name} (NIK, KK, telepon, alamat, dsb.) akan dihapus dari daftar atas permintaannya.\n"
            "Kuitansi dan penyaluran tetap menyimpan yang diwajibkan hukum. Alasan / nomor surat permintaan:"
        ).format(name=subject[2]))
        if ok:
            self.erase_with(reason)

    def erase_with(self, reason: str) -> None:
        subject = self._subject()
        if subject is None:
            return
        ctx = self._session.ctx
        kind, subject_id, name = subject

        def work() -> list[str]:
            from desktop.services.privacy import erase_subject

            return erase_subject(ctx, kind, subject_id, reason)

        def erased(_fields: list[str]) -> None:
            self.done.emit(self.tr("Data pribadi {name} dihapus.").format(name=name), "ok")
            self.erased.emit()

        Op(self, work).success(erased).failure(lambda exc: self.done.emit(error_text(exc), "error")).run()


class AccessLogDialog(QDialog):
    """Who saw or exported full NIK/KK/NPWP, newest first (kepala kantor and admin)."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log akses data pribadi"))
        self.resize(820, 460)
        self._session = session
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Waktu"), self.tr("Pengguna"), self.tr("Tindakan"),
                                              self.tr("Data milik"), self.tr("Nomor"), self.tr("Keperluan")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("&Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def load(self) -> None:
        ctx = self._session.ctx

        def work() -> list[AccessEntry]:
            from desktop.services.privacy import access_entries

            return access_entries(ctx)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, self.windowTitle(), error_text(exc))

        Op(self, work).success(self._show).failure(failed).run()

    def _show(self, entries: list[AccessEntry]) -> None:
        actions = {"reveal": self.tr("dilihat"), "export": self.tr("diekspor"), "erase": self.tr("dihapus")}
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            when = self._session.ctx.local(_parse(e.at)).strftime("%d-%m-%Y %H:%M")
            values = (when, e.username, actions.get(e.action, e.action), e.subject_name, e.fields.upper(), e.purpose)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))


def _parse(text: str) -> datetime:
    from desktop.services.context import parse_iso_utc

    return parse_iso_utc(text)
