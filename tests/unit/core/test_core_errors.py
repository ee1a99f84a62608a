"""Tests for desktop.core.errors: codes, templates and the exception hierarchy."""

from __future__ import annotations

import pickle
import string

import pytest

from desktop.core.errors import (
    MESSAGES,
    AmilError,
    AuthError,
    NotFound,
    PermissionDenied,
    StoreError,
    ValidationError,
)

REQUIRED_CODES = [
    "nik_length", "nik_not_digits", "nik_province", "nik_month", "nik_day", "nik_serial",
    "kk_length", "kk_not_digits", "kk_province", "npwp_length", "npwp_not_digits",
    "amount_not_number", "amount_zero_or_negative", "amount_too_large", "amount_has_decimals",
    "quantity_invalid", "no_lines", "line_empty", "fund_unknown", "program_unknown",
    "payment_method_unknown", "payment_reference_required", "donor_name_required",
    "donor_not_found", "receipt_not_found", "already_void", "void_reason_required",
    "permission_denied", "login_failed", "user_inactive", "username_taken", "password_too_short",
    "office_code_invalid", "device_letter_invalid", "store_newer_than_app", "store_read_only",
    "store_disk_full", "store_locked_by_other_instance", "not_initialized", "already_initialized",
    "rice_quantity_required", "text_too_long", "phone_invalid", "too_many_lines", "username_invalid",
    "login_required", "institution_required", "office_name_required", "setting_invalid", "store_busy",
    "store_io_error",
]  # fmt: skip


@pytest.mark.parametrize("code", REQUIRED_CODES)
def test_required_codes_have_templates(code: str) -> None:
    assert MESSAGES[code].strip()
    assert MESSAGES[code] != code


def test_exact_templates_from_brief() -> None:
    assert MESSAGES["nik_length"] == "NIK harus 16 digit, yang diketik {count} digit."
    assert MESSAGES["amount_zero_or_negative"] == "Jumlah harus lebih dari nol."
    assert MESSAGES["amount_too_large"] == "Jumlah {amount} melebihi batas {limit} per baris."
    assert MESSAGES["no_lines"] == "Donasi harus memiliki minimal satu baris dana."
    assert MESSAGES["payment_reference_required"] == "Nomor referensi wajib untuk transfer/QRIS."
    assert MESSAGES["permission_denied"] == "Anda tidak berwenang: {action} hanya untuk {roles}."
    assert MESSAGES["store_newer_than_app"] == (
        "Basis data dibuat oleh versi AmilDesk yang lebih baru ({db_version}); perbarui aplikasi."
    )
    assert MESSAGES["store_read_only"] == (
        "Basis data tidak dapat ditulis (disk hanya-baca). Tidak ada data yang hilang; periksa disk lalu coba lagi."
    )
    assert MESSAGES["store_disk_full"] == (
        "Disk penuh. Data yang sudah tersimpan aman; kosongkan ruang disk lalu coba lagi."
    )
    assert MESSAGES["store_locked_by_other_instance"] == ("AmilDesk sudah terbuka di jendela lain untuk data ini.")


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_template_is_well_formed(code: str) -> None:
    """Placeholders are plain names so str.format(**params) works and translators see them."""
    fields = [f for _, f, spec, conv in string.Formatter().parse(MESSAGES[code]) if f is not None]
    for name in fields:
        assert name.isidentifier(), (code, name)
    dummy = {name: "X" for name in fields}
    assert "{" not in MESSAGES[code].format(**dummy)


def test_str_formats_params() -> None:
    err = AmilError("nik_length", count=12)
    assert err.code == "nik_length"
    assert err.params == {"count": 12}
    assert err.template == "NIK harus 16 digit, yang diketik {count} digit."
    assert str(err) == "NIK harus 16 digit, yang diketik 12 digit."


def test_permission_denied_message() -> None:
    err = PermissionDenied("permission_denied", action="Membatalkan kuitansi", roles="Kepala Kantor, Admin")
    assert str(err) == "Anda tidak berwenang: Membatalkan kuitansi hanya untuk Kepala Kantor, Admin."


def test_unknown_code_uses_code_as_template() -> None:
    err = AmilError("something_new", x=1)
    assert err.template == "something_new"
    assert str(err) == "something_new"


def test_missing_param_does_not_crash() -> None:
    err = AmilError("nik_length")
    assert str(err) == MESSAGES["nik_length"]


def test_params_are_copied() -> None:
    params: dict[str, object] = {"count": 3}
    err = AmilError("nik_length", **params)
    params["count"] = 99
    assert err.params == {"count": 3}


def test_hierarchy() -> None:
    for cls in (ValidationError, PermissionDenied, NotFound, StoreError, AuthError):
        assert issubclass(cls, AmilError)
        assert issubclass(cls, Exception)
    assert issubclass(ValidationError, ValueError)
    assert not issubclass(PermissionDenied, ValueError)


def test_validation_error_caught_as_value_error() -> None:
    with pytest.raises(ValueError, match="Jumlah harus lebih dari nol"):
        raise ValidationError("amount_zero_or_negative")


def test_subclass_keeps_code_and_params() -> None:
    err = StoreError("store_newer_than_app", db_version="2.0")
    assert err.code == "store_newer_than_app"
    assert "(2.0)" in str(err)
    assert repr(err) == "StoreError('store_newer_than_app', **{'db_version': '2.0'})"


def test_errors_survive_pickling() -> None:
    from desktop.core.identity import InvalidIdentity

    for err in (
        ValidationError("amount_too_large", amount="Rp1", limit="Rp2"),
        InvalidIdentity("nik_length", count=3),
        AuthError("login_failed"),
    ):
        copy = pickle.loads(pickle.dumps(err))
        assert type(copy) is type(err)
        assert copy.code == err.code
        assert copy.params == err.params
        assert str(copy) == str(err)


@pytest.mark.parametrize(
    ("code", "params", "expected"),
    [
        ("too_many_lines", {"max_lines": 20}, "Donasi paling banyak 20 baris dana."),
        ("store_busy", {}, "Basis data sedang sibuk. Tunggu sebentar lalu coba lagi."),
        ("setting_invalid", {"key": "language", "value": "fr"}, "Pengaturan language tidak sah: \u201cfr\u201d."),
        ("line_empty", {"index": 2}, "Baris dana ke-2 kosong: pilih dana dan isi jumlahnya."),
    ],
)
def test_formatted_messages(code: str, params: dict[str, object], expected: str) -> None:
    assert str(AmilError(code, **params)) == expected
