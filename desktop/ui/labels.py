"""Translated display labels for stored codes (roles, payment methods, paper, print status).

The stored values are stable codes from ``desktop.core``; what a clerk reads is decided here, in
the UI language, so English users never see "kepala_kantor".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.payment import PaymentMethod
from desktop.core.roles import Role
from desktop.receipts.model import PaperFormat

_CTX = "labels"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """Marks ``text`` for translation in ``context`` without translating it yet."""
    return text

ROLE_TEXT: dict[str, str] = {
    Role.PETUGAS.value: QT_TRANSLATE_NOOP("labels", "Petugas"),
    Role.KEPALA.value: QT_TRANSLATE_NOOP("labels", "Kepala Kantor"),
    Role.ADMIN.value: QT_TRANSLATE_NOOP("labels", "Admin"),
}

METHOD_TEXT: dict[str, str] = {
    PaymentMethod.TUNAI.value: QT_TRANSLATE_NOOP("labels", "Tunai"),
    PaymentMethod.TRANSFER.value: QT_TRANSLATE_NOOP("labels", "Transfer"),
    PaymentMethod.QRIS.value: QT_TRANSLATE_NOOP("labels", "QRIS"),
}

PAPER_TEXT: dict[str, str] = {
    PaperFormat.THERMAL_58.value: QT_TRANSLATE_NOOP("labels", "Struk 58 mm"),
    PaperFormat.THERMAL_80.value: QT_TRANSLATE_NOOP("labels", "Struk 80 mm"),
    PaperFormat.A5.value: QT_TRANSLATE_NOOP("labels", "A5 mendatar"),
    PaperFormat.A4.value: QT_TRANSLATE_NOOP("labels", "A4"),
}

PRINT_STATUS_TEXT: dict[str | None, str] = {
    None: QT_TRANSLATE_NOOP("labels", "Belum dicetak"),
    "pending": QT_TRANSLATE_NOOP("labels", "Belum selesai dicetak"),
    "printed": QT_TRANSLATE_NOOP("labels", "Tercetak"),
    "failed": QT_TRANSLATE_NOOP("labels", "Gagal cetak"),
}

VOID_TEXT = QT_TRANSLATE_NOOP("labels", "BATAL")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def role_label(role: str) -> str:
    return _tr(ROLE_TEXT.get(str(role), str(role)))


def method_label(method: str) -> str:
    return _tr(METHOD_TEXT.get(str(method), str(method)))


def paper_label(paper: str) -> str:
    return _tr(PAPER_TEXT.get(str(paper), str(paper)))


def receipt_status_label(status: str, last_print_status: str | None) -> str:
    """One status a clerk can act on: BATAL wins, then the print state."""
    if status == "batal":
        return _tr(VOID_TEXT)
    return _tr(PRINT_STATUS_TEXT.get(last_print_status, str(last_print_status)))
