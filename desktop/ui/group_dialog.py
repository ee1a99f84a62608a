"""Registering or editing a group mustahik (KUBE, masjid, sekolah) and picking its members.

Members are registered persons, found by typing their name or NIK: a pick adds them to the list at
once and clears the search for the next one. The leader (ketua) is chosen among the members. The
group's aid is checked for duplicates against its members' NIK/KK, so members matter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.aid import GroupType
from desktop.ui.aid_labels import group_type_label
from desktop.ui.aid_widgets import asnaf_combo, note_edit, save_shortcuts, select_data, status_combo
from desktop.ui.beneficiary_picker import BeneficiaryPicker, beneficiary_summary
from desktop.ui.profile_dialog import ProfileDialog
from desktop.ui.widgets import EnterMovesOn, enter_moves_on, error_label, ok_cancel_row

if TYPE_CHECKING:
    from desktop.services.beneficiaries import Beneficiary, GroupInput, PersonInput
    from desktop.services.context import AppContext
    from desktop.ui.session import UiSession

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class GroupDialog(ProfileDialog):
    """Emits ``saved(beneficiary)`` after the service accepted the group and its members."""

    def __init__(self, session: UiSession, parent: QWidget | None = None, *, name: str = "",
                 existing: Beneficiary | None = None, members: list[Beneficiary] | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._existing = existing
        self.setWindowTitle(
            self.tr("Ubah Kelompok") if existing else self.tr("Tambah Kelompok (KUBE, Masjid, Sekolah)"))
        self.setMinimumWidth(660)
        self.name = QLineEdit(existing.name if existing else name)
        self.name.setMaxLength(120)
        self.group_type = QComboBox()
        for group_type in GroupType:
            self.group_type.addItem(group_type_label(group_type.value), group_type.value)
        self.picker = BeneficiaryPicker(session, persons_only=True,
                                        placeholder=self.tr("Ketik nama atau NIK anggota, pilih dengan Enter"))
        self.members = QListWidget()
        self.members.setObjectName("groupMembers")
        self.members.setMinimumHeight(110)
        self.remove_button = QPushButton(self.tr("&Hapus anggota (Del)"))
        self.remove_button.setAutoDefault(False)
        self.leader = QComboBox()
        self.leader.addItem(self.tr("— belum ditunjuk —"), None)
        self.address = QLineEdit(existing.address or "" if existing else "")
        self.address.setMaxLength(300)
        self.village = QLineEdit(existing.village_code or "" if existing else "")
        self.village.setMaxLength(16)
        self.village.setPlaceholderText(self.tr("10 digit kode Kemendagri"))
        self.phone = QLineEdit(existing.phone or "" if existing else "")
        self.phone.setMaxLength(20)
        self.asnaf = asnaf_combo(self.tr("— belum ditentukan —"))
        self.needs = note_edit(existing.needs_note if existing else None)
        self.status = status_combo()
        leader_id = None
        if existing:
            select_data(self.group_type, existing.group_type)
            select_data(self.asnaf, existing.asnaf)
            select_data(self.status, existing.status)
            leader_id = next((m.id for m in existing.members if m.role == "ketua"), None)
        for member in members or ():
            self._add_member(member)
        select_data(self.leader, leader_id)

        member_buttons = QHBoxLayout()
        self.count_label = QLabel()
        member_buttons.addWidget(self.count_label, 1)
        member_buttons.addWidget(self.remove_button)
        form = QFormLayout()
        form.addRow(self.tr("&Nama kelompok:"), self.name)
        form.addRow(self.tr("&Jenis:"), self.group_type)
        form.addRow(self.tr("Cari &anggota:"), self.picker)
        form.addRow(self.tr("Anggota:"), self.members)
        form.addRow("", member_buttons)
        form.addRow(self.tr("&Ketua:"), self.leader)
        form.addRow(self.tr("A&lamat:"), self.address)
        form.addRow(self.tr("Kode &desa:"), self.village)
        form.addRow(self.tr("&Telepon/HP:"), self.phone)
        form.addRow(self.tr("A&snaf:"), self.asnaf)
        form.addRow(self.tr("&Catatan kebutuhan:"), self.needs)
        if existing:
            form.addRow(self.tr("Stat&us:"), self.status)
        self.message = error_label("groupDialogMessage")
        buttons, self.save_button, cancel = ok_cancel_row(self.tr("&Simpan (Ctrl+S)"), self.tr("&Batal"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._enter = EnterMovesOn(self)
        enter_moves_on(self, self._enter)
        self.picker.search.removeEventFilter(self._enter)  # Enter there picks from the list
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.submit)
        save_shortcuts(self, self.submit)
        self.picker.chosen.connect(self._on_picked)
        self.remove_button.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.members)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self._update_count()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- members ----------------------------------------------------------------------------
    def member_ids(self) -> tuple[str, ...]:
        return tuple(str(self.members.item(row).data(ID_ROLE)) for row in range(self.members.count()))

    def _add_member(self, person: Beneficiary) -> bool:
        if person.id in self.member_ids():
            return False
        item = QListWidgetItem(beneficiary_summary(person))
        item.setData(ID_ROLE, person.id)
        self.members.addItem(item)
        self.leader.addItem(person.name, person.id)
        return True

    def _on_picked(self, person: Beneficiary | None) -> None:
        if person is None:
            return
        added = self._add_member(person)
        self._update_count()
        # The completer writes the picked name into the field after this signal: clear it after that.
        QTimer.singleShot(0, lambda: self._ready_for_next(person.name, added))

    def _ready_for_next(self, name: str, added: bool) -> None:
        self.picker.clear()
        self.picker.status.setText(self.tr("{name} ditambahkan.").format(name=name) if added
                                   else self.tr("{name} sudah menjadi anggota.").format(name=name))
        self.picker.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_selected(self) -> None:
        row = self.members.currentRow()
        if row < 0:
            return
        item = self.members.takeItem(row)
        self.leader.removeItem(self.leader.findData(item.data(ID_ROLE)))
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{count} anggota").format(count=self.members.count()))
        self.remove_button.setEnabled(self.members.count() > 0)

    # --- saving -----------------------------------------------------------------------------
    def group_input(self) -> GroupInput:
        from desktop.services.beneficiaries import GroupInput

        return GroupInput(
            name=self.name.text(), group_type=self.group_type.currentData(), members=self.member_ids(),
            leader_id=self.leader.currentData(), address=self.address.text() or None,
            village_code=self.village.text() or None, phone=self.phone.text() or None,
            asnaf=self.asnaf.currentData(), needs_note=self.needs.toPlainText() or None,
            status=self.status.currentData(),
        )

    def profile_input(self) -> PersonInput | GroupInput:
        return self.group_input()

    def register(self, ctx: AppContext, data: PersonInput | GroupInput) -> Beneficiary:
        from desktop.services.beneficiaries import GroupInput as Form
        from desktop.services.beneficiaries import register_group

        if not isinstance(data, Form):
            raise TypeError(f"{type(self).__name__} saves GroupInput, got {type(data).__name__}")
        return register_group(ctx, data)

