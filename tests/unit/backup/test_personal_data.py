"""Personal data on real stores: password rule, lock-out, access log, data subject export and erasure."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.errors import AuthError, PermissionDenied, ValidationError
from desktop.core.passwords import check_password
from desktop.core.roles import Role
from desktop.services.auth import login
from desktop.services.beneficiaries import PersonInput, open_beneficiary, register_person
from desktop.services.context import AppContext, utc_now
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.donors import DonorInput, recent_donors, register_donor, search_donors
from desktop.services.privacy import access_entries, erase_subject, export_subject, reveal_identity
from desktop.services.users import create_user
from desktop.store import dbapi
from desktop.store.journal import iter_events, verify_journal

PASSWORD = "rahasia123"
NIK = "3201014507850003"
KK = "3201000000000007"
NPWP = "012345678901000"


def _types(ctx: AppContext) -> list[str]:
    with ctx.store.read() as conn:
        return [str(e["type"]) for e in iter_events(conn, ctx.office.identity)]


@pytest.mark.parametrize(("username", "password", "code"), [
    ("kasir", "pendek1", "password_too_short"), ("kasir.satu", "Kasir.Satu", "password_is_username"),
    ("kasir", "Bismillah123", "password_too_common"), ("kasir", "12345678", "password_too_common"),
])
def test_password_rule_refuses_short_name_and_common_passwords(username: str, password: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_password(username, password)
    assert refused.value.code == code


def test_password_rule_accepts_the_demo_and_test_passwords(ctx: AppContext) -> None:
    for password in ("demo12345", "rahasia123", "uji-mandiri-123"):
        assert check_password("admin", password) == password
    with pytest.raises(ValidationError):
        create_user(ctx, username="kasir", full_name="Kasir", role=Role.PETUGAS.value, password="password")


def test_five_failures_lock_the_user_for_five_minutes_and_journal_it(ctx: AppContext) -> None:
    create_user(ctx, username="kasir", full_name="Kasir", role=Role.PETUGAS.value, password=PASSWORD)
    for attempt in range(4):
        with pytest.raises(AuthError) as wrong:
            login(ctx, "kasir", f"salah-{attempt}")
        assert wrong.value.code == "login_failed"
    with pytest.raises(AuthError) as locked:
        login(ctx, "kasir", "salah-5")
    assert locked.value.code == "user_locked" and locked.value.params["minutes"] == 5
    with pytest.raises(AuthError) as still:
        login(ctx, "kasir", PASSWORD)
    assert still.value.code == "user_locked"
    assert _types(ctx).count("user.locked") == 1
    assert login(ctx, "admin", PASSWORD).username == "admin"  # another user is not affected
    later = utc_now() + timedelta(minutes=5, seconds=5)
    ctx.clock = lambda: later
    assert login(ctx, "kasir", PASSWORD).username == "kasir"
    with pytest.raises(AuthError) as unknown:
        login(ctx, "tidak-ada", "apa-saja-123")  # unknown names give the same message and lock nothing
    assert unknown.value.code == "login_failed"


def _donor_with_donations(ctx: AppContext) -> str:
    donor = register_donor(ctx, DonorInput(name="Siti Aminah", nik=NIK, npwp=NPWP, phone="081234567890",
                                           address="Jl. Mawar 3", village="Kuaro"))
    record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount=500_000),), donor_id=donor.id))
    return donor.id


def test_export_of_a_donor_is_complete_and_journalled_without_the_numbers(ctx: AppContext, tmp_path: Path) -> None:
    donor_id = _donor_with_donations(ctx)
    json_path, pdf_path = export_subject(ctx, "donor", donor_id, tmp_path / "out", "surat permintaan 12/2026")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["registry"]["nik"] == NIK and len(data["donations"]) == 1  # the subject's own data, in full
    assert data["donations"][0]["lines"][0]["amount"] == 500_000
    assert [h["type"] for h in data["history"]] == ["donor.saved"]
    text = "\n".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert "Siti Aminah" in text and data["donations"][0]["receipt_number"] in text
    entries = access_entries(ctx)
    assert [(e.action, e.subject_name, e.fields) for e in entries] == [("export", "Siti Aminah", "nik,npwp")]
    with ctx.store.read() as conn:
        accessed = [e for e in iter_events(conn, ctx.office.identity) if e["type"] == "identity.accessed"]
    assert len(accessed) == 1 and NIK not in json.dumps(accessed) and accessed[0]["user_id"] == ctx.user.id


def test_lists_mask_for_every_role_and_only_the_logged_reveal_shows_the_numbers(ctx: AppContext) -> None:
    donor_id = _donor_with_donations(ctx)
    plain = register_donor(ctx, DonorInput(name="Budi Tanpa Nomor"))
    listed = [d for d in (*search_donors(ctx, "siti"), *search_donors(ctx, NIK[:6]), *recent_donors(ctx))
              if d.id == donor_id]
    assert len(listed) == 3  # the admin may see whole numbers, yet every list masks them
    assert {(d.nik, d.npwp) for d in listed} == {("3201••••••••0003", "0123•••••••1000")}
    assert access_entries(ctx) == []  # listing is not a reveal

    shown = reveal_identity(ctx, "donor", donor_id)
    assert (shown.subject_name, shown.numbers) == ("Siti Aminah", {"nik": NIK, "npwp": NPWP})
    assert [(e.username, e.action, e.subject_name, e.fields, e.purpose) for e in access_entries(ctx)] == [
        ("admin", "reveal", "Siti Aminah", "nik,npwp", "tampilkan dari daftar")]
    with ctx.store.read() as conn:
        accessed = [e for e in iter_events(conn, ctx.office.identity) if e["type"] == "identity.accessed"]
    assert len(accessed) == 1 and NIK not in json.dumps(accessed) and NPWP not in json.dumps(accessed)
    assert accessed[0]["payload"]["subject_id"] == donor_id

    assert reveal_identity(ctx, "donor", plain.id).numbers == {}  # nothing on file: nothing shown or logged
    create_user(ctx, username="kasir", full_name="Kasir", role=Role.PETUGAS.value, password=PASSWORD)
    login(ctx, "kasir", PASSWORD)
    with pytest.raises(PermissionDenied):
        reveal_identity(ctx, "donor", donor_id)
    login(ctx, "admin", PASSWORD)
    assert len(access_entries(ctx)) == 1


def test_erasure_blanks_the_registry_and_keeps_the_receipts(ctx: AppContext) -> None:
    donor_id = _donor_with_donations(ctx)
    cleared = erase_subject(ctx, "donor", donor_id, "surat permintaan 13/2026")
    assert set(cleared) == {"nik", "npwp", "phone", "address", "village"}
    with ctx.store.read() as conn:
        row = conn.exec_driver_sql("SELECT name, nik, npwp, phone, address FROM donors WHERE id = ?",
                                   (donor_id,)).one()
        receipt = conn.exec_driver_sql("SELECT donor_name, donor_nik FROM donations").one()
        report = verify_journal(conn, ctx.office.identity)
    assert tuple(row) == ("(dihapus atas permintaan)", None, None, None, None)
    assert tuple(receipt) == ("Siti Aminah", NIK)  # the receipt is a tax/zakat record (docs/privacy.md)
    assert report.ok
    assert _types(ctx)[-2:] == ["donor.saved", "personal_data.erased"]
    assert search_donors(ctx, NIK[:8]) == []  # no longer found by the number
    with pytest.raises(ValidationError):
        erase_subject(ctx, "donor", donor_id, "  ")


def test_beneficiary_reveal_export_erase_and_who_may(ctx: AppContext, tmp_path: Path) -> None:
    person = register_person(ctx, PersonInput(name="Budi Santoso", nik=NIK, kk=KK, phone="081298765432",
                                              address="RT 02 Kuaro", asnaf="miskin"))
    create_user(ctx, username="kasir", full_name="Kasir", role=Role.PETUGAS.value, password=PASSWORD)
    create_user(ctx, username="kepala", full_name="Kepala", role=Role.KEPALA.value, password=PASSWORD)
    assert open_beneficiary(ctx, person.id).nik == NIK  # admin opens the record: logged
    login(ctx, "kasir", PASSWORD)
    assert open_beneficiary(ctx, person.id).nik != NIK  # masked for a petugas: nothing revealed, nothing logged
    with pytest.raises(PermissionDenied):
        access_entries(ctx)
    with pytest.raises(PermissionDenied):
        export_subject(ctx, "beneficiary", person.id, tmp_path, "x")
    with pytest.raises(PermissionDenied):
        erase_subject(ctx, "beneficiary", person.id, "x")
    login(ctx, "kepala", PASSWORD)
    export_subject(ctx, "beneficiary", person.id, tmp_path, "permintaan")
    erase_subject(ctx, "beneficiary", person.id, "permintaan")
    entries = access_entries(ctx)
    assert [(e.username, e.action, e.fields) for e in entries] == [
        ("kepala", "erase", "nik,kk,address,phone"), ("kepala", "export", "nik,kk"), ("admin", "reveal", "nik,kk")]
    conn = dbapi.connect(ctx.store.paths.database)
    try:
        row = conn.execute("SELECT name, nik, kk, phone, asnaf FROM beneficiaries").fetchone()
        with pytest.raises(dbapi.DATABASE_ERRORS):
            conn.execute("DELETE FROM access_log")  # append-only
    finally:
        conn.close()
    assert row == ("(dihapus atas permintaan)", None, None, None, "miskin")


def test_the_kepalas_confirmation_of_a_closing_counts_towards_the_lock(ctx: AppContext) -> None:
    from desktop.services.closing import confirming_head

    create_user(ctx, username="kepala", full_name="Kepala", role=Role.KEPALA.value, password=PASSWORD)
    for attempt in range(4):
        with pytest.raises(AuthError):
            confirming_head(ctx, "kepala", f"tebakan-{attempt}")
    with pytest.raises(AuthError) as locked:
        confirming_head(ctx, "kepala", "tebakan-5")
    assert locked.value.code == "user_locked"
    with pytest.raises(AuthError):
        login(ctx, "kepala", PASSWORD)  # the same lock stops the login too
