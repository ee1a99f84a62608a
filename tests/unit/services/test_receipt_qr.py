"""The receipt QR carries the district's verification link when the district published one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.receipts.model import PaperFormat
from desktop.services.context import AppContext
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.receipts import build_receipt_doc, render_receipt
from desktop.store.tables import settings
from sync.protocol.canonical import canonical_json
from sync.protocol.receipt_check import verification_code


def _district_verify_url(ctx: AppContext, url: str) -> None:
    """As the sync applies the district's ``verify_url`` setting (it is never set in the office)."""
    raw = canonical_json(url).decode("utf-8")
    with ctx.store.write() as conn:
        conn.execute(sqlite_insert(settings).values(key="verify_url", value=raw, updated_at=ctx.now_iso())
                     .on_conflict_do_update(index_elements=["key"], set_={"value": raw}))


def test_qr_is_number_and_code_without_a_district_url(ctx: AppContext) -> None:
    recorded = record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount=50_000),), anonymous=True))
    doc = build_receipt_doc(ctx, recorded.receipt_number)
    assert doc.qr_payload == f"{recorded.receipt_number}|{doc.verification_code}"


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
                    reason="zbarimg (apt zbar-tools) or pdftoppm (poppler-utils) not installed")
def test_qr_encodes_the_verification_url(ctx: AppContext, tmp_path: Path) -> None:
    recorded = record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount=75_000),), anonymous=True))
    _district_verify_url(ctx, "https://zis.kabupaten.go.id/v")
    doc = build_receipt_doc(ctx, recorded.receipt_number)
    with ctx.store.read() as conn:
        row = conn.exec_driver_sql("SELECT id, total, recorded_at FROM donations WHERE receipt_number = ?",
                                   (recorded.receipt_number,)).one()
    code = verification_code(recorded.receipt_number, row[0], row[1], row[2])
    assert doc.verification_code == code
    assert doc.qr_payload == f"https://zis.kabupaten.go.id/v?n={recorded.receipt_number}&c={code}"
    pdf = tmp_path / "kuitansi.pdf"
    pdf.write_bytes(render_receipt(ctx, recorded.receipt_number, PaperFormat.A5))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True)
    assert scanned.stdout.strip() == doc.qr_payload
