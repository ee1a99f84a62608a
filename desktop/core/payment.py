"""Payment methods accepted at the counter.

Transfer and QRIS payments need a bank reference so the daily closing can match them
against the account statement; cash is counted instead.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from desktop.core.errors import ValidationError


class PaymentMethod(StrEnum):
    """Stored values are stable: they appear in the ledger and in sync events."""

    TUNAI = "tunai"
    TRANSFER = "transfer"
    QRIS = "qris"


_LABELS: Final[dict[PaymentMethod, str]] = {
    PaymentMethod.TUNAI: "Tunai",
    PaymentMethod.TRANSFER: "Transfer",
    PaymentMethod.QRIS: "QRIS",
}


def label(method: PaymentMethod) -> str:
    """Indonesian label for screens and receipts."""
    return _LABELS[PaymentMethod(method)]


def requires_reference(method: PaymentMethod) -> bool:
    """Transfer and QRIS need a reference number; cash does not."""
    return PaymentMethod(method) is not PaymentMethod.TUNAI


def parse_payment_method(value: str) -> PaymentMethod:
    """Read a stored or imported method value; unknown values are a user-facing error."""
    try:
        return PaymentMethod(value.strip().lower())
    except ValueError:
        raise ValidationError("payment_method_unknown", method=value) from None
