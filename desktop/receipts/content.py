"""What a receipt says, as finished strings: one source of wording for every paper format.

Layouts decide only where things go. Keeping the wording here means a 58 mm roll and an A4 sheet
can never disagree on a label, and the personal-data rule lives in one place: the full NIK/NPWP is
produced only for the BSZ block, every other place gets the masked form.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.identity import format_npwp, mask_identity
from desktop.core.money import format_rupiah
from desktop.receipts.model import ReceiptDoc, ReceiptStatus
from desktop.receipts.qr import QrMatrix, qr_matrix
from desktop.receipts.text import format_date_id, format_datetime_id

TITLE = "KWITANSI"
BSZ_TITLE = "BUKTI SETOR ZAKAT (BSZ)"
BSZ_BASIS = "PER-6/PJ/2011"
COPY_MARK = "SALINAN"
VOID_MARK = "BATAL"
SIGNATURE_LABEL = "Petugas"
DETAIL_SEPARATOR = " · "


@dataclass(frozen=True, slots=True)
class LineText:
    fund: str
    detail: str | None  # program, quantity and note joined, or None
    amount: str


@dataclass(frozen=True, slots=True)
class ReceiptText:
    institution: str
    address: str
    office: str
    title: str
    subtitle: str | None
    number: str
    issued: str
    donor_rows: tuple[tuple[str, str], ...]  # ("Nama", ...), ("NIK", masked), ("Alamat", ...)
    lines: tuple[LineText, ...]
    total: str
    terbilang: str
    payment_rows: tuple[tuple[str, str], ...]
    bsz_rows: tuple[tuple[str, str], ...]  # empty when the receipt has no zakat line
    is_copy: bool
    is_void: bool
    void_rows: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    clerk: str
    verification_code: str
    qr: QrMatrix
    logo_path: str | None


def _id_label(digits: str, given: str | None) -> str:
    if len(digits) == 16:
        return "NIK" if given in (None, "NIK") else given
    if len(digits) == 15:
        return "NPWP"
    return given or "No. Identitas"


def _full_id(digits: str) -> str:
    """The complete number, for the BSZ field only (tax offices need it to accept the deduction)."""
    return format_npwp(digits) if len(digits) == 15 else digits


def _bsz_id_label(digits: str) -> str:
    # For individuals the NPWP *is* the 16-digit NIK since 2024 (PMK 112/2022).
    if len(digits) == 16:
        return "NPWP/NIK"
    if len(digits) == 15:
        return "NPWP"
    if len(digits) == 18:
        return "NIP"  # a civil servant paying through an OPD (issue 14); the NIK is not on the payroll list
    return "No. Identitas"


def build_text(doc: ReceiptDoc) -> ReceiptText:
    """Format every value of ``doc`` once, before any layout runs."""
    digits = "".join(ch for ch in (doc.donor_id_number or "") if ch.isdigit())
    donor_rows: list[tuple[str, str]] = [("Nama", doc.donor_name)]
    if digits:
        donor_rows.append((_id_label(digits, doc.donor_id_label), mask_identity(digits)))
    if doc.donor_address:
        donor_rows.append(("Alamat", doc.donor_address))

    lines = tuple(
        LineText(
            fund=line.fund_name,
            detail=DETAIL_SEPARATOR.join(part for part in (line.program_name, line.quantity_text, line.note) if part)
            or None,
            amount=format_rupiah(line.amount),
        )
        for line in doc.lines
    )

    payment_rows: list[tuple[str, str]] = [("Pembayaran", doc.payment_method)]
    if doc.payment_reference:
        payment_rows.append(("Referensi", doc.payment_reference))

    bsz_rows: tuple[tuple[str, str], ...] = ()
    if doc.has_zakat:
        zakat_funds = ", ".join(dict.fromkeys(line.fund_name for line in doc.lines if line.is_zakat))
        bsz_rows = (
            ("Nama Muzakki", doc.donor_name),
            (_bsz_id_label(digits), _full_id(digits) if digits else "tidak ada"),
            ("Jenis Zakat", zakat_funds),
            ("Jumlah Zakat", format_rupiah(doc.zakat_total)),
            ("Tanggal Setor", format_date_id(doc.issued_at)),
            ("Lembaga Amil", doc.institution_name),
        )

    is_void = doc.status == ReceiptStatus.VOID
    void_rows: list[tuple[str, str]] = []
    if is_void:
        void_rows.append(("Alasan", doc.void_reason or "(tidak diisi)"))
        if doc.voided_at is not None:
            void_rows.append(("Dibatalkan", format_datetime_id(doc.voided_at)))

    return ReceiptText(
        institution=doc.institution_name,
        address=doc.institution_address,
        office=doc.office_name,
        title=TITLE,
        subtitle=BSZ_TITLE if doc.has_zakat else None,
        number=doc.number,
        issued=format_datetime_id(doc.issued_at),
        donor_rows=tuple(donor_rows),
        lines=lines,
        total=format_rupiah(doc.total),
        terbilang=f"Terbilang: {doc.total_in_words}",
        payment_rows=tuple(payment_rows),
        bsz_rows=bsz_rows,
        is_copy=doc.is_copy,
        is_void=is_void,
        void_rows=tuple(void_rows),
        notes=doc.extra_notes,
        clerk=doc.clerk_name,
        verification_code=doc.verification_code,
        qr=qr_matrix(doc.qr_payload),
        logo_path=doc.logo_path,
    )
