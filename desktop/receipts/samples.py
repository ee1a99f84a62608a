"""Example receipts: the printer set-up "test print", the benchmark and the tests use the same ones.

A test page that looks like a real receipt (two funds, zakat, masked NIK, QR) is the quickest way
for an office to see whether its printer and paper setting are right.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from desktop.core.terbilang import terbilang
from desktop.receipts.model import ReceiptDoc, ReceiptLine, ReceiptStatus

SAMPLE_NIK = "3201014508900003"


def sample_receipt(lines: int = 2, *, logo_path: str | None = None) -> ReceiptDoc:
    """An infak + zakat receipt with ``lines`` lines (2: Rp1.500.000 total)."""
    base = (
        ReceiptLine("Zakat Maal", "Indonesia Cerdas", 1_000_000, True),
        ReceiptLine("Infak/Sedekah Tidak Terikat", "Paser Berinfaq", 500_000, False),
        ReceiptLine("Zakat Fitrah", None, 100_000, True, quantity_text="2 jiwa"),
        ReceiptLine("Fidyah", None, 195_000, False, quantity_text="3 hari"),
        ReceiptLine("Infak Terikat Bencana Alam", "Peduli Banjir Kalimantan Timur", 250_000, False),
    )
    chosen = tuple(base[i % len(base)] for i in range(lines))
    total = sum(line.amount for line in chosen)
    return ReceiptDoc(
        institution_name="Lazismu Kabupaten Paser",
        institution_address="Jl. Jenderal Sudirman No. 12, Tanah Grogot, Kabupaten Paser, Kalimantan Timur",
        office_name="Kantor Layanan Lazismu Pasir Belengkong",
        office_code="KLL-PKS",
        number="KLL-PKS/2026/A/000123",
        issued_at=datetime(2026, 11, 25, 14, 5),
        donor_name="Siti Aminah binti Abdul Rahman",
        donor_id_label="NIK",
        donor_id_number=SAMPLE_NIK,
        donor_address="Desa Pasir Belengkong RT 03, Kec. Pasir Belengkong",
        lines=chosen,
        total=total,
        total_in_words=terbilang(total),
        payment_method="Transfer",
        payment_reference="BSI 7123456789",
        clerk_name="Ahmad Fauzi",
        verification_code="7F3K9Q",
        qr_payload="https://zis.example.id/v/KLL-PKS/2026/A/000123?c=7F3K9Q",
        logo_path=logo_path,
    )


def sample_copy() -> ReceiptDoc:
    return replace(sample_receipt(), is_copy=True)


def sample_void() -> ReceiptDoc:
    return replace(
        sample_receipt(),
        status=ReceiptStatus.VOID,
        void_reason="Salah input nominal, diganti KLL-PKS/2026/A/000124",
        voided_at=datetime(2026, 11, 25, 15, 30),
    )


def sample_anonymous() -> ReceiptDoc:
    """Hamba Allah: no identity number, no address, cash; the BSZ id field says "tidak ada"."""
    return replace(
        sample_receipt(),
        donor_name="Hamba Allah",
        donor_id_label=None,
        donor_id_number=None,
        donor_address=None,
        payment_method="Tunai",
        payment_reference=None,
    )
