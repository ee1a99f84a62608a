"""Recording and voiding donations through the real services on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.core.errors import AmilError, NotFound, PermissionDenied, ValidationError
from desktop.services.context import AppContext
from desktop.services.donations import DonationInput, LineInput, record_donation, void_donation
from desktop.services.donors import DonorInput, register_donor, search_donors
from desktop.services.receipts import build_receipt_doc, list_receipts
from desktop.services.status import day_totals, store_status, verify_store
from desktop.services.users import create_user, login
from tests.conftest import PASSWORD


def test_two_line_donation_numbers_and_totals(ctx: AppContext) -> None:
    donor = register_donor(ctx, DonorInput(name="Siti Rahmawati", nik="3201014507850003", phone="0812 3456 7890"))
    first = record_donation(ctx, DonationInput(
        donor_id=donor.id,
        lines=(LineInput("zakat_maal", amount=1_250_000, program_code="indonesia_cerdas"),
               LineInput("infak_tidak_terikat", amount=50_000)),
    ))
    second = record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=10_000),), anonymous=True))
    year = datetime.now(UTC).year
    assert first.receipt_number == f"UPZ-UJI/{year}/B/000001"
    assert second.receipt_number == f"UPZ-UJI/{year}/B/000002"
    assert first.total == 1_300_000
    doc = build_receipt_doc(ctx, first.receipt_number)
    assert doc.donor_name == "Siti Rahmawati" and doc.donor_id_number == "3201014507850003"
    assert doc.total_in_words == "satu juta tiga ratus ribu rupiah"
    assert [line.amount for line in doc.lines] == [1_250_000, 50_000]
    assert doc.lines[0].is_zakat and not doc.lines[1].is_zakat
    assert build_receipt_doc(ctx, second.receipt_number).donor_name == "Hamba Allah"
    totals = day_totals(ctx)
    assert totals.receipts == 2 and totals.total == 1_310_000
    assert verify_store(ctx).ok


def test_fitrah_and_fidyah_use_configured_rates(ctx: AppContext) -> None:
    from desktop.services.settings import load_settings, update_settings

    rates = load_settings(ctx.store).rates
    money = record_donation(ctx, DonationInput(lines=(LineInput("zakat_fitrah", persons=4),), anonymous=True))
    rice = record_donation(ctx, DonationInput(lines=(LineInput("zakat_fitrah", persons=2, rice=True),),
                                              anonymous=True))
    fidyah = record_donation(ctx, DonationInput(lines=(LineInput("fidyah", days=3),), anonymous=True))
    assert money.total == 4 * rates.fitrah_money_per_person
    assert rice.total == 0 and rice.lines[0]["quantity"] == 2 * rates.fitrah_rice_grams_per_person
    assert fidyah.total == 3 * rates.fidyah_per_day
    assert build_receipt_doc(ctx, rice.receipt_number).lines[0].quantity_text == "5 kg beras"
    from dataclasses import replace
    update_settings(ctx, rates=replace(rates, fidyah_per_day=70_000))
    again = record_donation(ctx, DonationInput(lines=(LineInput("fidyah", days=2),), anonymous=True))
    assert again.total == 140_000


@pytest.mark.parametrize(("data", "code"), [
    (DonationInput(lines=(), anonymous=True), "no_lines"),
    (DonationInput(lines=(LineInput("infak_tidak_terikat", amount=0),), anonymous=True), "amount_zero_or_negative"),
    (DonationInput(lines=(LineInput("infak_tidak_terikat", amount=-5),), anonymous=True), "amount_zero_or_negative"),
    (DonationInput(lines=(LineInput("infak_tidak_terikat", amount=10**13),), anonymous=True), "amount_too_large"),
    (DonationInput(lines=(LineInput("infak_tidak_terikat"),), anonymous=True), "line_empty"),
    (DonationInput(lines=(LineInput("", amount=5),), anonymous=True), "line_empty"),
    (DonationInput(lines=(LineInput("zakat_rahasia", amount=5),), anonymous=True), "fund_unknown"),
    (DonationInput(lines=(LineInput("sedekah", amount=5, program_code="x"),), anonymous=True), "program_unknown"),
    (DonationInput(lines=(LineInput("zakat_fitrah"),), anonymous=True), "quantity_invalid"),
    (DonationInput(lines=(LineInput("fidyah", days=0),), anonymous=True), "quantity_invalid"),
    (DonationInput(lines=(LineInput("sedekah", amount=5),), payment_method="cek", anonymous=True),
     "payment_method_unknown"),
    (DonationInput(lines=(LineInput("sedekah", amount=5),), payment_method="transfer", anonymous=True),
     "payment_reference_required"),
    (DonationInput(lines=(LineInput("sedekah", amount=5),)), "donor_name_required"),
    (DonationInput(lines=(LineInput("sedekah", amount=5),), new_donor=DonorInput(name="Budi", nik="123")),
     "nik_length"),
])
def test_bad_input_is_refused_and_nothing_is_saved(ctx: AppContext, data: DonationInput, code: str) -> None:
    before = store_status(ctx)
    with pytest.raises(ValidationError) as excinfo:
        record_donation(ctx, data)
    assert excinfo.value.code == code
    assert str(excinfo.value)  # a sentence for the clerk, not a traceback
    after = store_status(ctx)
    assert after == before  # no donation, donor, journal event or receipt number consumed
    number = record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=5),), anonymous=True))
    assert number.receipt_number.endswith("/000001")


def test_unknown_donor_is_refused(ctx: AppContext) -> None:
    with pytest.raises(NotFound):
        record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=5),), donor_id="nope"))


def test_quick_add_donor_in_the_same_transaction(ctx: AppContext) -> None:
    recorded = record_donation(ctx, DonationInput(
        lines=(LineInput("zakat_penghasilan", amount=300_000),),
        new_donor=DonorInput(name="  Ahmad   Fauzi ", npwp="09.254.294.3-407.000"),
    ))
    doc = build_receipt_doc(ctx, recorded.receipt_number)
    assert doc.donor_name == "Ahmad Fauzi" and doc.donor_id_label == "NPWP"
    assert doc.donor_id_number == "092542943407000"
    assert [d.name for d in search_donors(ctx, "ahm fau")] == ["Ahmad Fauzi"]


def test_void_needs_role_and_reason_and_keeps_number(ctx: AppContext) -> None:
    create_user(ctx, username="kasir", full_name="Kasir", role="petugas", password=PASSWORD)
    create_user(ctx, username="kepala", full_name="Kepala", role="kepala_kantor", password=PASSWORD)
    login(ctx, "kasir", PASSWORD)
    number = record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=5_000),),
                                                anonymous=True)).receipt_number
    with pytest.raises(PermissionDenied) as refused:
        void_donation(ctx, number, "salah ketik jumlah")
    assert "Kepala Kantor" in str(refused.value)
    login(ctx, "kepala", PASSWORD)
    with pytest.raises(ValidationError) as no_reason:
        void_donation(ctx, number, "  ")
    assert no_reason.value.code == "void_reason_required"
    void_donation(ctx, number, "salah ketik jumlah")
    with pytest.raises(ValidationError):
        void_donation(ctx, number, "lagi")
    [row] = list_receipts(ctx, number)
    assert row.status == "batal"
    doc = build_receipt_doc(ctx, number)
    assert doc.void_reason == "salah ketik jumlah" and doc.status.value == "batal"
    assert day_totals(ctx).receipts == 0 and day_totals(ctx).voided == 1
    # The number is not reused.
    assert record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=5),),
                                              anonymous=True)).receipt_number.endswith("/000002")
    assert verify_store(ctx).ok


def test_login_rejects_wrong_password_with_one_message(ctx: AppContext) -> None:
    with pytest.raises(AmilError) as wrong:
        login(ctx, "admin", "salah")
    with pytest.raises(AmilError) as unknown:
        login(ctx, "siapa", "salah")
    assert wrong.value.code == unknown.value.code == "login_failed"


def test_receipt_list_filters_by_text_and_date(ctx: AppContext) -> None:
    register = register_donor(ctx, DonorInput(name="Nur Hidayat"))
    a = record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=5),), donor_id=register.id))
    record_donation(ctx, DonationInput(lines=(LineInput("sedekah", amount=6),), anonymous=True))
    assert [r.number for r in list_receipts(ctx, "hidayat")] == [a.receipt_number]
    today = ctx.local(ctx.now()).date()
    assert len(list_receipts(ctx, "", today, today)) == 2
    from datetime import timedelta
    assert list_receipts(ctx, "", today + timedelta(days=1), None) == []
