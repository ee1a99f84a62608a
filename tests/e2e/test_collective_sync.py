"""Issue 14 end to end: ``amildesk collective import`` (real CLI, password on stdin), then a real sync to
the district server on 127.0.0.1; the district's totals per fund equal the office's (a collective is
counted once, through its payers' lines). SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from desktop.services.institutions import InstitutionInput, create_institution
from desktop.store import dbapi
from tests.collective_data import payer_rows, rows_total, write_csv
from tests.e2e.offices import PASSWORD, amildesk, assert_exactly_once, clerk, donate, enroll, new_office, office_code
from tests.sync.conftest import ROOT, Env


def _collective(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data), "collective", "import",
                           *args, "--user", "admin", "--json"], input=PASSWORD + "\n", capture_output=True,
                          text=True, timeout=300, cwd=ROOT)


def _office_totals(data: Path) -> dict[str, int]:
    conn = dbapi.connect(data / "amildesk.sqlite3")
    try:
        return {str(code): int(amount) for code, amount in conn.execute(
            "SELECT l.fund_code, sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
            "WHERE d.status = 'aktif' GROUP BY l.fund_code")}
    finally:
        conn.close()


def test_cli_import_then_sync_district_totals_equal_the_office(env: Env, tmp_path: Path) -> None:
    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    with clerk(data) as ctx:
        create_institution(ctx, InstitutionInput("Dinas Pendidikan Kabupaten", "opd", contact="Pak Rahmat"))
        donate(ctx, 3)  # ordinary counter donations beside the collective ones
    rows = payer_rows(60)
    bad = [list(r) for r in rows]
    bad[4][1] = "12345"
    bad[9][3] = "-5000"
    path = write_csv(tmp_path / "gaji.csv", bad)
    common = ("--institution", "dinas pendidikan kabupaten", "--month", "2026-11", "--method", "transfer",
              "--reference", "SP2D-0042")

    refused = _collective(data, str(path), *common, "--amount", str(rows_total(rows)))
    assert refused.returncode == 1, refused.stderr
    out = json.loads(refused.stdout)
    assert [(e["row"], e["codes"]) for e in out["errors"]] == [(6, ["nik_or_nip_length"]),
                                                               (11, ["amount_zero_or_negative"])]
    assert out["receipts"] == [] and out["collective"] is None

    path = write_csv(tmp_path / "gaji.csv", rows)
    wrong = _collective(data, str(path), *common, "--amount", str(rows_total(rows) + 1000))
    assert wrong.returncode == 1 and json.loads(wrong.stdout)["refused"]["code"] == "collective_total_mismatch"
    dry = _collective(data, str(path), *common, "--amount", str(rows_total(rows)), "--dry-run")
    assert dry.returncode == 0 and json.loads(dry.stdout)["errors"] == [] and json.loads(dry.stdout)["receipts"] == []
    assert _office_totals(data) == {"zakat_maal": 25_000 * 3 + 3}

    done = _collective(data, str(path), *common, "--amount", f"Rp{rows_total(rows):,}".replace(",", "."),
                       "--receipts-dir", str(tmp_path / "pdf"), "--paper", "a4")
    assert done.returncode == 0, done.stderr
    saved = json.loads(done.stdout)
    assert saved["errors"] == [] and len(saved["receipts"]) == 60 and saved["collective"]["payers"] == 60
    assert saved["receipts"][0]["number"] == f"{code}/2026/A/000004"  # after the 3 counter receipts
    assert saved["files"]["payers"] == 60 and len(list((tmp_path / "pdf").glob("*.pdf"))) == 61

    enroll(env, data, code)
    amildesk(data, "sync")
    local = assert_exactly_once(env, data)
    office = _office_totals(data)
    with env.engine.connect() as conn:
        district = {str(c): int(a) for c, a in conn.execute(text(
            "SELECT l.fund_code, sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
            "WHERE d.office_id = :o AND d.status = 'recorded' GROUP BY l.fund_code"), {"o": code})}
        collective = conn.execute(text("SELECT total, payer_count, needs_review FROM collectives WHERE office_id = :o"),
                                  {"o": code}).one()
        linked = conn.execute(text("SELECT count(*) FROM collective_donations WHERE office_id = :o"),
                              {"o": code}).scalar_one()
        payers = conn.execute(text("SELECT count(*) FROM institution_payers WHERE office_id = :o"),
                              {"o": code}).scalar_one()
        flags = conn.execute(text("SELECT count(*) FROM review_flags WHERE device_id = :d"),
                             {"d": local["device_id"]}).scalar_one()
    assert district == office and sum(office.values()) == 75_003 + rows_total(rows)
    assert (int(collective[0]), int(collective[1]), bool(collective[2])) == (rows_total(rows), 60, False)
    assert (linked, payers, flags) == (60, 60, 0)


def test_void_a_whole_handover_then_sync_district_totals_equal_the_office_again(env: Env, tmp_path: Path) -> None:
    """A hand-over synced, then voided as a whole (``amildesk collective void``: one transaction, one
    ``donation.voided`` per still-active payer receipt, one voided earlier on its own) and synced again:
    the district counts none of its money, its totals for the office equal the office's."""
    from desktop.services.collective import CollectiveInput, PayerLine, record_collective
    from desktop.services.donations import void_donation

    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    rows = payer_rows(25)
    with clerk(data) as ctx:
        school = create_institution(ctx, InstitutionInput("SMP Negeri 2 Tanah Grogot", "sekolah"))
        donate(ctx, 2)
        saved = record_collective(ctx, CollectiveInput(
            school.id, "2026-11", rows_total(rows), "transfer",
            tuple(PayerLine(str(r[0]), str(r[1]), str(r[2]), r[3], row=i) for i, r in enumerate(rows, start=2)),
            payment_reference="TRF-12"))
    enroll(env, data, code)
    amildesk(data, "sync")
    with clerk(data) as ctx:
        void_donation(ctx, saved.receipts[3].number, "salah nama")  # one payer voided on its own first
    amildesk(data, "sync")

    voided = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data), "collective", "void",
                             saved.number, "--user", "admin", "--reason", "salah lembaga", "--json"],
                            input=PASSWORD + "\n", capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert voided.returncode == 0, voided.stderr
    assert len(json.loads(voided.stdout)["receipts"]) == 24
    listed = json.loads(amildesk(data, "collective", "list", "--json").stdout)
    assert [(c["number"], c["status"], c["active_total"]) for c in listed] == [(saved.number, "batal", 0)]
    amildesk(data, "sync")

    assert_exactly_once(env, data)
    office = _office_totals(data)
    assert office == {"zakat_maal": 25_000 * 2 + 1}
    with env.engine.connect() as conn:
        district = {str(c): int(a) for c, a in conn.execute(text(
            "SELECT l.fund_code, sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
            "WHERE d.office_id = :o AND d.status = 'recorded' GROUP BY l.fund_code"), {"o": code})}
        statuses = dict(conn.execute(text(
            "SELECT d.status, count(*) FROM donations d JOIN collective_donations c ON c.donation_id = d.id "
            "WHERE d.office_id = :o GROUP BY d.status"), {"o": code}).all())
    assert district == office
    assert {str(k): int(v) for k, v in statuses.items()} == {"void": 25}
