"""User roles at an office and what each may do.

Kept as plain predicates so the UI (hiding buttons) and the services (enforcing) ask the
same question and cannot drift apart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Role(StrEnum):
    """Stored values are stable: they appear in the user table and in sync events."""

    PETUGAS = "petugas"
    KEPALA = "kepala_kantor"
    ADMIN = "admin"


ROLE_LABELS: Final[dict[Role, str]] = {
    Role.PETUGAS: "Petugas",
    Role.KEPALA: "Kepala Kantor",
    Role.ADMIN: "Admin",
}


def can_void(role: Role) -> bool:
    """Voiding a receipt hides money, so only the office head or an admin may do it."""
    return Role(role) in (Role.KEPALA, Role.ADMIN)


def can_manage_users(role: Role) -> bool:
    """Only an admin creates accounts and assigns roles."""
    return Role(role) is Role.ADMIN


def can_see_full_identity(role: Role) -> bool:
    """Full NIK/KK are personal data (UU PDP); clerks see them masked."""
    return Role(role) in (Role.KEPALA, Role.ADMIN)
