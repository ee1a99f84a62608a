"""``amildesk demo`` makes an office where every page has content, in WITA (Kabupaten Paser)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop.store import dbapi


def test_demo_office_has_content_everywhere(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data), "demo"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "60 hari terakhir" in result.stdout
    conn = dbapi.connect(data / "amildesk.sqlite3")
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT value FROM settings WHERE key = 'timezone'") == '"WITA"'
    days = one("SELECT count(DISTINCT date(recorded_at, '+8 hours')) FROM donations")
    span = one("SELECT julianday(max(recorded_at)) - julianday(min(recorded_at)) FROM donations")
    assert days >= 40 and 55 <= span <= 61
    assert one("SELECT count(*) FROM donations WHERE status = 'batal' AND void_reason <> ''") == 1
    assert one("SELECT count(DISTINCT payment_method) FROM donations") == 3
    assert one("SELECT count(DISTINCT p.pillar) FROM donation_lines l JOIN programs p "
               "ON p.code = l.program_code") >= 4
    assert one("SELECT count(*) FROM beneficiaries WHERE kind = 'orang'") >= 5
    assert one("SELECT count(*) FROM beneficiaries WHERE kind = 'kelompok'") == 1
    assert one("SELECT count(*) FROM beneficiary_members") == 3
    assert one("SELECT count(*) FROM distributions WHERE status = 'disetujui'") == 3
    assert one("SELECT count(*) FROM distributions WHERE status = 'diajukan'") == 1
    assert one("SELECT count(*) FROM donors") >= 30
    # Every past day with donations is closed (Beranda opens without a backlog), today is not;
    # cash went to the bank every Friday and after the last closing.
    past_days = one("SELECT count(DISTINCT date(recorded_at, '+8 hours')) FROM donations WHERE status = 'aktif' "
                    "AND date(recorded_at, '+8 hours') < date('now', '+8 hours')")
    assert one("SELECT count(*) FROM day_closings WHERE status = 'tutup'") == past_days
    assert one("SELECT count(*) FROM day_closings WHERE day = date('now', '+8 hours')") == 0
    # A school's handover in each of the last two months, the second copied from the first.
    assert one("SELECT count(*) FROM collectives") == 2 and one("SELECT count(DISTINCT total) FROM collectives") == 1
    assert one("SELECT count(DISTINCT institution_id) FROM collectives") == 1
    assert one("SELECT count(*) FROM donations WHERE collective_id IS NOT NULL") == 16
    assert one("SELECT count(*) FROM deposit_slips") >= 8 and one("SELECT sum(amount) FROM deposits") > 0
    conn.close()
    # The reports have something to say about it, and a second run adds today's donations only.
    report = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data), "report", "audit",
                             "--year", "2026", "--json"], capture_output=True, text=True, timeout=120)
    assert report.returncode == 0 and '"gaps": 0' in report.stdout
    again = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data), "demo",
                            "--donations", "3"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "60 hari" not in again.stdout
