"""Shared fixtures: real stores in temp dirs, nothing mocked."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

PASSWORD = "rahasia123"


@pytest.fixture
def office_dir(tmp_path: Path) -> Path:
    return tmp_path / "office"


@pytest.fixture
def ctx(office_dir: Path) -> Iterator[object]:
    """A freshly set-up office, logged in as its admin; closed after the test."""
    from desktop.services.setup import SetupInput, initialize_office

    context = initialize_office(office_dir, SetupInput(
        institution_name="BAZNAS Kabupaten Uji", institution_address="Jl. Merdeka 1",
        office_code="UPZ-UJI", office_name="UPZ Masjid Al-Ikhlas", device_letter="B",
        admin_username="admin", admin_password=PASSWORD, admin_full_name="Admin Uji",
    ))
    yield context
    context.close()
