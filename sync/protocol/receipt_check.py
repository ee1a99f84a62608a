"""The receipt verification code and QR link: one formula for the office that prints the receipt and
the district server that checks it (``GET /v?n=NUMBER&c=CODE``)."""

from __future__ import annotations

import hashlib
import re
from typing import Final
from urllib.parse import quote

RECEIPT_NUMBER: Final = re.compile(r"[A-Z0-9-]{2,16}/[0-9]{4}/[A-Z]/[0-9]{6,10}")
CODE: Final = re.compile(r"[0-9A-Fa-f]{10}")


def verification_code(receipt_number: str, donation_id: str, total: int, recorded_at: str) -> str:
    """Short code printed beside the QR; the district recomputes it from the synced record."""
    digest = hashlib.sha256(f"{receipt_number}|{donation_id}|{total}|{recorded_at}".encode()).hexdigest()
    return digest[:10].upper()


def qr_payload(verify_url: str, receipt_number: str, code: str) -> str:
    """What the receipt's QR encodes: ``{verify_url}?n=NUMBER&c=CODE`` when the district published a
    verification address, else ``NUMBER|CODE`` (read by the office app or typed on the page)."""
    if not verify_url:
        return f"{receipt_number}|{code}"
    return f"{verify_url}?n={quote(receipt_number, safe='/')}&c={quote(code)}"
