"""Registering or editing one person (mustahik). The dialog stays open when a field is refused.

Only the name is required: a field office often meets a family before it has seen the KK. Asnaf
is optional here because it matters only for zakat; the distribution refuses zakat to a person
without one, with a message saying so. Enter moves to the next field; Ctrl+S saves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.aid import MAX_DECILE
from desktop.core.errors import ValidationError
from desktop.core.identity import nik_is_female
from desktop.ui.aid_labels import sex_label
from desktop.ui.aid_widgets import asnaf_combo, fit_height, note_edit, save_shortcuts, select_data, status_combo
from desktop.ui.errors import error_text
from desktop.ui.profile_dialog import ProfileDialog
from desktop.ui.widgets import EnterMovesOn, enter_moves_on, error_label, ok_cancel_row

if TYPE_CHECKING:
    from desktop.services.beneficiaries import Beneficiary, GroupInput, PersonInput
    from desktop.services.context import AppContext
    from desktop.ui.session import UiSession


class BeneficiaryDialog(ProfileDialog):
    """Emits ``saved(beneficiary)`` after the service accepted the data."""

    def __init__(self, session: UiSession, parent: QWidget | None = None, *, name: str = "",
                 existing: Beneficiary | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._existing = existing
        self.setWindowTitle(self.tr("Ubah Data Mustahik") if existing else self.tr("Tambah Mustahik (Orang)"))
        self.setMinimumWidth(520)
        self.name = QLineEdit(existing.name if existing else name)
        self.name.setMaxLength(120)
        self.nik = QLineEdit(existing.nik or "" if existing else "")
        self.nik.setMaxLength(30)
        self.nik.setPlaceholderText(self.tr("16 digit, dari KTP atau KK"))
        self.kk = QLineEdit(existing.kk or "" if existing else "")
        self.kk.setMaxLength(30)
        self.kk.setPlaceholderText(self.tr("16 digit, dari kartu keluarga"))
        self.birth_date = QLineEdit(_dmy(existing.birth_date) if existing else "")
        self.birth_date.setMaxLength(10)
        self.birth_date.setPlaceholderText(self.tr("HH-BB-TTTT, mis. 17-08-1965"))
        self.sex = QComboBox()
        self.sex.addItem(self.tr("— belum diisi —"), None)
        for code in ("L", "P"):
            self.sex.addItem(sex_label(code), code)
        self.address = QLineEdit(existing.address or "" if existing else "")
        self.address.setMaxLength(300)
        self.village = QLineEdit(existing.village_code or "" if existing else "")
        self.village.setMaxLength(16)
        self.village.setPlaceholderText(self.tr("10 digit kode Kemendagri, mis. 64.01.01.2001"))
        self.phone = QLineEdit(existing.phone or "" if existing else "")
        self.phone.setMaxLength(20)
        self.asnaf = asnaf_combo(self.tr("— belum ditentukan —"))
        self.decile = QComboBox()
        self.decile.addItem(self.tr("— tidak diketahui —"), None)
        for decile in range(1, MAX_DECILE + 1):
            text = str(decile)
            if decile == 1:
                text = self.tr("1 (paling miskin)")
            elif decile == MAX_DECILE:
                text = self.tr("10 (paling sejahtera)")
            self.decile.addItem(text, decile)
        self.needs = note_edit(existing.needs_note if existing else None)
        self.status = status_combo()
        if existing:
            select_data(self.sex, existing.sex)
            select_data(self.asnaf, existing.asnaf)
            select_data(self.decile, existing.decile)
            select_data(self.status, existing.status)

        form = QFormLayout()
        form.addRow(self.tr("&Nama lengkap:"), self.name)
        form.addRow(self.tr("N&IK:"), self.nik)
        form.addRow(self.tr("Nomor &KK:"), self.kk)
        form.addRow(self.tr("Tanggal &lahir:"), self.birth_date)
        form.addRow(self.tr("&Jenis kelamin:"), self.sex)
        form.addRow(self.tr("&Alamat:"), self.address)
        form.addRow(self.tr("Kode &desa:"), self.village)
        form.addRow(self.tr("&Telepon/HP:"), self.phone)
        form.addRow(self.tr("A&snaf:"), self.asnaf)
        hint = QLabel(self.tr("Asnaf wajib bila orang ini akan menerima zakat."))
        hint.setStyleSheet("color:#555;")
        form.addRow("", hint)
        form.addRow(self.tr("D&esil (DTSEN/P3KE):"), self.decile)
        form.addRow(self.tr("&Catatan kebutuhan:"), self.needs)
        form.addRow(self.tr("Stat&us:"), self.status)
        self.message = error_label("beneficiaryDialogMessage")
        buttons, self.save_button, cancel = ok_cancel_row(self.tr("&Simpan (Ctrl+S)"), self.tr("&Batal"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._enter = EnterMovesOn(self)
        enter_moves_on(self, self._enter)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.submit)
        save_shortcuts(self, self.submit)
        self.nik.editingFinished.connect(self._sex_from_nik)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _sex_from_nik(self) -> None:
        """The NIK already says L or P (day + 40 for women): fill it in when still blank."""
        if self.sex.currentData() is not None:
            return
        try:
            select_data(self.sex, "P" if nik_is_female(self.nik.text()) else "L")
        except ValidationError:
            return  # an unfinished or faulty NIK is reported when saving

    def person_input(self) -> PersonInput:
        from desktop.services.beneficiaries import PersonInput

        return PersonInput(
            name=self.name.text(), nik=self.nik.text() or None, kk=self.kk.text() or None,
            birth_date=self.birth_date.text() or None, sex=self.sex.currentData(),
            address=self.address.text() or None, village_code=self.village.text() or None,
            phone=self.phone.text() or None, asnaf=self.asnaf.currentData(), decile=self.decile.currentData(),
            needs_note=self.needs.toPlainText() or None, status=self.status.currentData(),
        )

    def profile_input(self) -> PersonInput | GroupInput:
        return self.person_input()

    def register(self, ctx: AppContext, data: PersonInput | GroupInput) -> Beneficiary:
        from desktop.services.beneficiaries import PersonInput as Form
        from desktop.services.beneficiaries import register_person

        if not isinstance(data, Form):
            raise TypeError(f"{type(self).__name__} saves PersonInput, got {type(data).__name__}")
        return register_person(ctx, data)

    def _refused(self, exc: Exception) -> None:
        """Say what is wrong and put the cursor where it is, so the clerk fixes it at once."""
        self.message.setText(error_text(exc))
        fit_height(self)
        code = getattr(exc, "code", "")
        field = next((getattr(self, name) for prefix, name in _FIELD_OF_ERROR if code.startswith(prefix)), None)
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(field, QLineEdit):
                field.selectAll()



# Error code prefix -> the field it is about (codes from desktop.core.errors).
_FIELD_OF_ERROR = (
    ("nik_", "nik"), ("kk_", "kk"), ("date_invalid", "birth_date"), ("birth_date", "birth_date"),
    ("sex_", "sex"), ("village_code", "village"), ("phone_", "phone"), ("decile", "decile"),
    ("beneficiary_name", "name"),
)


def _dmy(iso: str | None) -> str:
    """YYYY-MM-DD as the clerk types it (DD-MM-YYYY); the service reads both."""
    if not iso or len(iso) != 10:
        return iso or ""
    return f"{iso[8:10]}-{iso[5:7]}-{iso[:4]}"
