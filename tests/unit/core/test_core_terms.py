"""Every word a service passes into a message (action, role, field) is in TERMS, so it gets English."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.errors import TERMS, PermissionDenied
from desktop.core.roles import ROLE_LABELS

ROOT = Path(__file__).resolve().parents[3]
LITERALS = re.compile(r'require_role\(\s*"([^"]+)"|field="([^"]+)"')


def test_terms_cover_every_literal_in_the_code() -> None:
    used = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        for match in LITERALS.finditer(path.read_text(encoding="utf-8")):
            used.add(match.group(1) or match.group(2))
    assert used, "the scan found nothing: has the pattern changed?"
    assert sorted(used - set(TERMS)) == []
    assert set(ROLE_LABELS.values()) <= set(TERMS)


def test_lists_read_as_words_in_the_message() -> None:
    error = PermissionDenied("permission_denied", action="membatalkan kuitansi", roles=("Kepala Kantor", "Admin"))
    assert str(error) == "Anda tidak berwenang: membatalkan kuitansi hanya untuk Kepala Kantor, Admin."
