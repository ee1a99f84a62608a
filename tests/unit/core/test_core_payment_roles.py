"""Tests for desktop.core.payment and desktop.core.roles."""

from __future__ import annotations

import pytest

from desktop.core.errors import ValidationError
from desktop.core.payment import PaymentMethod, label, parse_payment_method, requires_reference
from desktop.core.roles import ROLE_LABELS, Role, can_manage_users, can_see_full_identity, can_void


def test_payment_values_and_labels() -> None:
    assert [m.value for m in PaymentMethod] == ["tunai", "transfer", "qris"]
    assert label(PaymentMethod.TUNAI) == "Tunai"
    assert label(PaymentMethod.TRANSFER) == "Transfer"
    assert label(PaymentMethod.QRIS) == "QRIS"
    assert label("qris") == "QRIS"  # type: ignore[arg-type]  # stored raw values work too


@pytest.mark.parametrize(
    ("method", "needed"),
    [(PaymentMethod.TUNAI, False), (PaymentMethod.TRANSFER, True), (PaymentMethod.QRIS, True)],
)
def test_requires_reference(method: PaymentMethod, needed: bool) -> None:
    assert requires_reference(method) is needed


def test_parse_payment_method() -> None:
    assert parse_payment_method(" QRIS ") is PaymentMethod.QRIS
    assert parse_payment_method("tunai") is PaymentMethod.TUNAI
    with pytest.raises(ValidationError) as exc:
        parse_payment_method("cek")
    assert exc.value.code == "payment_method_unknown"
    assert exc.value.params == {"method": "cek"}


def test_unknown_method_in_label_is_an_error() -> None:
    with pytest.raises(ValueError):
        label("cek")  # type: ignore[arg-type]


def test_role_values_and_labels() -> None:
    assert [r.value for r in Role] == ["petugas", "kepala_kantor", "admin"]
    assert ROLE_LABELS == {Role.PETUGAS: "Petugas", Role.KEPALA: "Kepala Kantor", Role.ADMIN: "Admin"}


@pytest.mark.parametrize(
    ("role", "void", "users", "identity"),
    [
        (Role.PETUGAS, False, False, False),
        (Role.KEPALA, True, False, True),
        (Role.ADMIN, True, True, True),
    ],
)
def test_permissions(role: Role, void: bool, users: bool, identity: bool) -> None:
    assert can_void(role) is void
    assert can_manage_users(role) is users
    assert can_see_full_identity(role) is identity
    assert can_void(role.value) is void  # type: ignore[arg-type]  # raw stored value


def test_unknown_role_is_an_error() -> None:
    with pytest.raises(ValueError):
        can_void("bendahara")  # type: ignore[arg-type]
