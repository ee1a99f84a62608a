"""No full NIK/KK/NPWP and no device token in logs, crash reports, CLI output or exports that do not
need them: a store seeded with known numbers, enrolled with the real server, every command run for
real, every output and file scanned. The exports whose purpose needs the numbers (the receipt's BSZ
block, the data subject export) are the only places they may appear, and the backup holds them only
encrypted; the store's own key is in neither, nor in its record (store-key.json)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from desktop.services.beneficiaries import PersonInput, register_person
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.donors import DonorInput, register_donor
from desktop.store import dbapi
from tests.e2e.offices import amildesk, clerk, enroll, new_office, office_code
from tests.sync.conftest import ROOT, Env

DONOR_NIK = "3201014507850003"
DONOR_NPWP = "012345678901000"
PERSON_NIK = "3201010101900007"
PERSON_KK = "3201000000000042"
IMPORT_NIK = "3201010202910008"


def _token(data: Path) -> str:

    conn = dbapi.connect(f"file:{data / 'amildesk.sqlite3'}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT value FROM sync_state WHERE key = 'token'").fetchone()[0])
    finally:
        conn.close()


def _secrets(data: Path) -> dict[str, str]:
    from desktop.core.identity import format_npwp
    from desktop.store.store_key import key_for_folder

    store_key = key_for_folder(data)
    assert store_key is not None  # every store is encrypted: its key is a secret like the token
    return {"donor NIK": DONOR_NIK, "donor NPWP": DONOR_NPWP, "donor NPWP as printed": format_npwp(DONOR_NPWP),
            "mustahik NIK": PERSON_NIK,
            "mustahik KK": PERSON_KK, "imported NIK": IMPORT_NIK, "device token": _token(data),
            "store key": store_key, "store key (upper case)": store_key.upper()}


def _scan(name: str, content: bytes | str, secrets: dict[str, str]) -> list[str]:
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    return [f"{label} in {name}" for label, value in secrets.items() if value in text]


def test_logs_crash_reports_cli_output_and_exports_hold_no_full_identity_or_token(env: Env, tmp_path: Path) -> None:
    from desktop.services.recovery import set_recovery_passphrase

    code = env.office(office_code())
    data = new_office(tmp_path / "office", code)
    set_recovery_passphrase(data, "frasa-pemulihan-uji", tmp_path / "sheet.pdf")
    with clerk(data) as ctx:
        donor = register_donor(ctx, DonorInput(name="Siti Aminah", nik=DONOR_NIK, npwp=DONOR_NPWP,
                                               phone="081234567890"))
        register_person(ctx, PersonInput(name="Budi Santoso", nik=PERSON_NIK, kk=PERSON_KK, asnaf="miskin"))
        receipt = record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount=2_500_000),),
                                                     donor_id=donor.id)).receipt_number
    enroll(env, data, code)
    secrets = _secrets(data)
    outputs: dict[str, str] = {}

    def run(*args: str, stdin: str = "") -> None:
        result = amildesk(data, *args, check=False) if not stdin else _with_stdin(data, stdin, *args)
        outputs[" ".join(args)] = result.stdout + result.stderr

    run("sync")
    run("status", "--json")
    run("receipts", "--json")
    run("verify")
    run("doctor")
    run("backup")
    run("unlock", stdin="frasa-pemulihan-uji\n")  # the sealed copy opened and kept again
    today = datetime.now(UTC)
    year = str(today.year)
    run("report", "daily", "--date", f"{today:%Y-%m-%d}", "--format", "csv", "--out", str(tmp_path / "harian.csv"))
    run("report", "audit", "--year", year, "--format", "csv", "--out", str(tmp_path / "audit.csv"))
    bad = tmp_path / "impor.csv"
    with open(bad, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nik", "nama", "asnaf"])
        writer.writerow([IMPORT_NIK, "Ani", "miskin"])
        writer.writerow([IMPORT_NIK, "Ani lagi", "miskin"])  # duplicate: the error report names it
        writer.writerow([PERSON_NIK, "Budi dua kali", "miskin"])  # already registered
    run("beneficiaries", "import", str(bad), "--errors-csv", str(tmp_path / "galat.csv"))
    backup = sorted((data / "backups").glob("*.amilbak"))[-1]
    run("restore", str(backup), "--data-dir", str(tmp_path / "pulih"), stdin="frasa-pemulihan-uji\n")
    _gui_session_and_crash_report(data, tmp_path)

    found: list[str] = []
    for name, text in outputs.items():
        found += _scan(f"output of `amildesk {name}`", text, secrets)
    files = [*sorted((data / "logs").glob("*")), tmp_path / "galat.csv", tmp_path / "harian.csv",
             tmp_path / "audit.csv", backup, data / "store-key.json"]
    assert (data / "logs" / "amildesk.log").exists() and "crash-probe" in (data / "logs" / "amildesk.log").read_text()
    for path in files:
        assert path.exists(), path
        found += _scan(str(path.relative_to(tmp_path)), path.read_bytes(), secrets)
    assert found == []
    assert "Cadangan dibuat" in outputs["backup"] and "OK" in outputs["verify"]
    assert "••••" in (tmp_path / "galat.csv").read_text(encoding="utf-8")  # the error report masks the NIK

    # The exports whose purpose needs the numbers do carry them (so the scan above could see them).
    pdf = tmp_path / "bsz.pdf"
    amildesk(data, "receipt", receipt, "--format", "a4", "--out", str(pdf))
    from pypdf import PdfReader

    from desktop.core.identity import format_npwp

    assert format_npwp(DONOR_NPWP) in "".join(page.extract_text() for page in PdfReader(pdf).pages)


def _with_stdin(data: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data), *args], input=stdin,
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


CRASH = """
import sys
from pathlib import Path
from desktop.app import _install_excepthook, configure_logging
data = Path(sys.argv[1])
configure_logging(data)
_install_excepthook()
from desktop.services.beneficiaries import PersonInput, register_person
from desktop.services.context import open_context
from desktop.services.users import login
ctx = open_context(data, exclusive=False)
login(ctx, "admin", "rahasia123")
try:
    register_person(ctx, PersonInput(name="crash-probe", nik=sys.argv[2], asnaf="miskin"))  # NIK already used
except Exception as exc:
    sys.excepthook(type(exc), exc, exc.__traceback__)  # what an escaping exception does in the app
import logging
logging.getLogger("crash-probe").error("crash-probe done")
ctx.close()
"""


def _gui_session_and_crash_report(data: Path, tmp_path: Path) -> None:
    """The window logs in and syncs (its log file), then an exception goes through the app's excepthook."""
    env = {**os.environ, "AMILDESK_BENCH_EXIT_ON_SHOW": "main", "AMILDESK_BENCH_AUTOLOGIN": "admin:rahasia123",
           "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    gui = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data)], env=env,
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert "AMILDESK_SHOWN" in gui.stdout, gui.stderr
    crash = subprocess.run([sys.executable, "-c", CRASH, str(data), PERSON_NIK], env=env, capture_output=True,
                           text=True, timeout=120, cwd=ROOT)
    assert crash.returncode == 0, crash.stderr
    assert "uncaught exception" in crash.stderr
    for stream in (gui.stdout, gui.stderr, crash.stdout, crash.stderr):
        assert PERSON_NIK not in stream and DONOR_NIK not in stream
