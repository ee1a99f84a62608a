"""The one way the UI shows a failure: a translated message for AmilError, a generic one otherwise.

Services raise ``AmilError`` with a stable code, an Indonesian template and parameters; the
template is the translation source (context ``"errors"``), so the English .qm carries every
message. Anything else is a bug: the user gets a plain apology and the traceback goes to the log.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.errors import AmilError

log = logging.getLogger(__name__)


class UiMessage(Exception):
    """A refusal decided by the UI itself (already translated), e.g. "pick a donor from the list"."""


def _translated_param(value: object) -> object:
    """Domain words (desktop.core.errors.TERMS) in the UI language; lists joined; anything else as is."""
    if isinstance(value, list | tuple):
        return ", ".join(str(_translated_param(item)) for item in value)
    if isinstance(value, str):
        return QCoreApplication.translate("terms", value)
    return value


def error_text(exc: BaseException) -> str:
    """What the clerk reads for ``exc``, in the current UI language (unexpected ones are logged)."""
    if isinstance(exc, UiMessage):
        return str(exc)
    if isinstance(exc, AmilError):
        template = QCoreApplication.translate("errors", exc.template)
        try:
            return template.format(**{key: _translated_param(value) for key, value in exc.params.items()})
        except (KeyError, IndexError, ValueError):
            log.warning("message for %s lacks parameters %r", exc.code, exc.params)
            return template
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    return QCoreApplication.translate(
        "errors",
        "Terjadi kesalahan yang tidak terduga. Data yang sudah tersimpan aman. "
        "Catat waktu kejadian dan hubungi pendamping TI.",
    )


def show_error(parent: QWidget | None, exc: BaseException, *, title: str | None = None) -> QMessageBox:
    """Show ``exc`` in a window-modal message box without blocking; returns the box (tests read it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or QCoreApplication.translate("errors", "AmilDesk"))
    box.setText(error_text(exc))
    ok = box.addButton(QCoreApplication.translate("errors", "Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
