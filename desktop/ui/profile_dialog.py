"""The save path shared by the person and group dialogs: one save at a time, off the GUI thread.

A refusal stays in the dialog (message under the form, contents kept); a success emits ``saved``
and closes. Subclasses say how to read their form and which service registers a new profile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QPushButton

from desktop.ui.aid_labels import BENEFICIARIES
from desktop.ui.aid_widgets import fit_height
from desktop.ui.errors import error_text
from desktop.ui.ops import Op

if TYPE_CHECKING:
    from desktop.services.beneficiaries import Beneficiary, GroupInput, PersonInput
    from desktop.services.context import AppContext
    from desktop.ui.session import UiSession


class ProfileDialog(QDialog):
    saved = Signal(object)  # Beneficiary

    save_button: QPushButton
    message: QLabel
    _session: UiSession
    _existing: Beneficiary | None

    def profile_input(self) -> PersonInput | GroupInput:
        """The form as a service input (raises UiMessage/ValidationError for what the form can tell)."""
        raise NotImplementedError

    def register(self, ctx: AppContext, data: PersonInput | GroupInput) -> Beneficiary:
        """Save a new profile through its service (runs on a worker thread)."""
        raise NotImplementedError

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return  # a save is already on its way
        data = self.profile_input()
        ctx = self._session.ctx
        existing = self._existing
        self.message.clear()
        self.save_button.setEnabled(False)

        def work() -> Beneficiary:
            from desktop.services.beneficiaries import update_beneficiary

            if existing is None:
                return self.register(ctx, data)
            return update_beneficiary(ctx, existing.id, data, existing.version)

        (Op(self, work)
         .success(self._on_saved)
         .failure(self._refused)
         .finally_(lambda: self.save_button.setEnabled(True))
         .run(changes={BENEFICIARIES}))

    def _refused(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))
        fit_height(self)

    def _on_saved(self, item: Beneficiary) -> None:
        self.saved.emit(item)
        self.accept()
