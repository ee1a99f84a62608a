"""``amildesk collective list`` and ``amildesk collective void`` as real processes (password on stdin):
the list in text and JSON with each hand-over's status, a clerk refused, the kepala voiding a whole
hand-over in one go, a second void refused with a clear message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop.core.roles import Role
from desktop.services.collective import CollectiveInput, PayerLine, record_collective
from desktop.services.donations import void_donation
from desktop.services.institutions import InstitutionInput, create_institution
from desktop.services.users import create_user
from tests.collective_data import payer_nik
from tests.e2e.offices import PASSWORD, amildesk, clerk, new_office, office_code
from tests.sync.conftest import ROOT


def _void(data: Path, number: str, user: str, *extra: str,
          password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data), "collective", "void",
                           number, "--user", user, *extra], input=password + "\n", capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_list_and_void_from_the_command_line(tmp_path: Path) -> None:
    data = new_office(tmp_path / "office", office_code())
    with clerk(data) as ctx:
        create_user(ctx, username="kepala", full_name="Hj. Aminah", role=Role.KEPALA.value, password=PASSWORD)
        create_user(ctx, username="petugas", full_name="Rudi", role=Role.PETUGAS.value, password=PASSWORD)
        mosque = create_institution(ctx, InstitutionInput("Masjid Al-Ikhlas", "masjid"))
        lines = tuple(PayerLine(f"Jamaah {i}", payer_nik(i), "infak_tidak_terikat", 20_000 * i, row=i)
                      for i in range(1, 5))
        saved = record_collective(ctx, CollectiveInput(mosque.id, "2026-10", 200_000, "tunai", lines))
        void_donation(ctx, saved.receipts[0].number, "salah nama")

    text = amildesk(data, "collective", "list").stdout
    assert saved.number in text and "Masjid Al-Ikhlas" in text and "sebagian batal (1 dari 4)" in text
    [row] = json.loads(amildesk(data, "collective", "list", "--json").stdout)
    assert (row["number"], row["status"], row["payers"], row["active_payers"], row["total"], row["active_total"]) == (
        saved.number, "sebagian_batal", 4, 3, 200_000, 180_000)

    refused = _void(data, saved.number, "petugas", "--reason", "salah lembaga")
    assert refused.returncode == 2 and "tidak berwenang" in refused.stderr
    wrong = _void(data, saved.number, "kepala", "--reason", "salah lembaga", password="salah")
    assert wrong.returncode == 2
    no_reason = _void(data, saved.number, "kepala", "--reason", " ")
    assert no_reason.returncode == 2 and "Alasan pembatalan" in no_reason.stderr
    assert json.loads(amildesk(data, "collective", "list", "--json").stdout)[0]["active_payers"] == 3

    done = _void(data, saved.number, "kepala", "--reason", "salah lembaga", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["receipts"] == [r.number for r in saved.receipts[1:]] and out["amount"] == 180_000
    assert out["late_voids"] == []
    [row] = json.loads(amildesk(data, "collective", "list", "--json").stdout)
    assert (row["status"], row["active_payers"], row["active_total"]) == ("batal", 0, 0)

    again = _void(data, saved.id, "kepala", "--reason", "salah lembaga")
    assert again.returncode == 2 and f"Semua kuitansi setoran {saved.number} sudah dibatalkan" in again.stderr
