"""Loading the UI language. Source strings are Indonesian; English comes from ``amildesk_en.qm``.

Only one app translator is installed at a time, so switching language is: remove the old one,
install the new one, rebuild the windows (they read ``tr()`` when built).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop.ui.paths import translations_dir

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
_installed: QTranslator | None = None
_current = "id"


def current_language() -> str:
    return _current


def install_language(language: str) -> bool:
    """Switch the app's translator; returns False (and stays Indonesian) if the .qm is missing."""
    global _installed, _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None
    _current = "id"
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    if language == "id":
        return True
    translator = QTranslator(app)
    path = translations_dir() / f"amildesk_{language}.qm"
    if not translator.load(str(path)):
        log.error("translation file %s could not be loaded; staying in Indonesian", path)
        return False
    QCoreApplication.installTranslator(translator)
    _installed = translator
    _current = language
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return True


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate`` for module-level code (lupdate sees the literal calls)."""
    return QCoreApplication.translate(context, text)
