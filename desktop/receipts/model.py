"""The receipt as a printer sees it: plain data, already formatted where the domain decides the format.

Services build a ``ReceiptDoc`` from the store; renderers (PDF per paper format, ESC/POS) only lay it
out. Nothing here touches the database or Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class PaperFormat(StrEnum):
    THERMAL_58 = "58mm"
    THERMAL_80 = "80mm"
    A5 = "a5"  # landscape
    A4 = "a4"


class ReceiptStatus(StrEnum):
    ACTIVE = "aktif"
    VOID = "batal"


@dataclass(frozen=True)
class ReceiptLine:
    fund_name: str              # e.g. "Zakat Maal"
    program_name: str | None    # e.g. "Indonesia Cerdas"
    amount: int                 # rupiah received in money for this line (0 for rice-only lines)
    is_zakat: bool              # zakat lines carry the BSZ fields
    quantity_text: str | None = None  # e.g. "2 jiwa", "3 hari", "2,5 kg beras"
    note: str | None = None


@dataclass(frozen=True)
class ReceiptDoc:
    institution_name: str
    institution_address: str
    office_name: str
    office_code: str
    number: str                 # "KLL-PKS/2026/A/000123"
    issued_at: datetime         # local wall-clock time of the office
    donor_name: str             # "Hamba Allah" when anonymous
    donor_id_label: str | None  # "NIK" / "NPWP" or None
    donor_id_number: str | None # digits only; printed in full only in the BSZ block
    donor_address: str | None
    lines: tuple[ReceiptLine, ...]
    total: int                  # sum of line amounts, rupiah
    total_in_words: str         # terbilang of total, e.g. "satu juta rupiah"
    payment_method: str         # "Tunai" / "Transfer" / "QRIS"
    payment_reference: str | None
    clerk_name: str
    verification_code: str      # short hash printed and encoded in the QR
    qr_payload: str             # what the QR encodes (URL or "number|code")
    is_copy: bool = False       # reprint: "SALINAN"
    status: ReceiptStatus = ReceiptStatus.ACTIVE
    void_reason: str | None = None
    voided_at: datetime | None = None
    logo_path: str | None = None
    extra_notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_zakat(self) -> bool:
        return any(line.is_zakat for line in self.lines)

    @property
    def zakat_total(self) -> int:
        return sum(line.amount for line in self.lines if line.is_zakat)
