"""The password rule for office accounts: long enough, not the user name, not a common one.

A short list on purpose: the passwords clerks actually pick first (keyboard runs, "password",
the app's and institutions' names, "bismillah"), checked case-insensitively. Pure: no I/O.
"""

from __future__ import annotations

from desktop.core.errors import ValidationError

MIN_PASSWORD_LENGTH = 8

COMMON_PASSWORDS = frozenset({
    "password", "password1", "password123", "passw0rd", "12345678", "123456789", "1234567890", "87654321",
    "11111111", "00000000", "88888888", "12341234", "abcd1234", "abc12345", "qwerty123", "qwertyuiop",
    "asdfghjk", "iloveyou", "admin123", "admin1234", "administrator", "bismillah", "bismillah123",
    "alhamdulillah", "indonesia", "indonesia1", "katasandi", "sayangku", "rahasia1", "rahasiaku",
    "zakat123", "infak123", "amildesk", "amildesk1", "baznas123", "lazismu123", "kantor123", "petugas123",
})


def check_password(username: str, password: str) -> str:
    """Return ``password`` when it follows the rule, else raise the ValidationError that says why."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("password_too_short", min_len=MIN_PASSWORD_LENGTH)
    folded = password.strip().casefold()
    if folded == (username or "").strip().casefold():
        raise ValidationError("password_is_username")
    if folded in COMMON_PASSWORDS:
        raise ValidationError("password_too_common")
    return password
