"""A statement shows NIK/NPWP in full, so making one is logged in the access log (UU 27/2022)."""

from __future__ import annotations

from pathlib import Path

from desktop.reports.output import ReportFormat
from desktop.services.reports import ReportRequest, build_report, save_all_statements
from desktop.store import dbapi
from tests.unit.reports.conftest import Month


def test_statements_are_logged_as_identity_access(month: Month, tmp_path: Path) -> None:
    doc = build_report(month.ctx, ReportRequest("statement", "2026", donor_id=month.donor_ids[0]))
    assert ("NPWP", "012345678901234") in doc.intro
    files = save_all_statements(month.ctx, "2026", ReportFormat.PDF, tmp_path / "bukti")
    assert len(files) == 3
    conn = dbapi.connect(month.ctx.store.paths.database)
    rows = conn.execute("SELECT action, subject_name, fields, purpose FROM access_log ORDER BY rowid").fetchall()
    events = conn.execute("SELECT count(*) FROM journal WHERE type = 'identity.accessed'").fetchone()[0]
    conn.close()
    # Ahmad (NIK + NPWP) once for the preview, then Ahmad and Siti (NIK) for the batch; Budi has neither.
    assert rows == [("export", "Ahmad Hidayat", "nik,npwp", "pernyataan zakat tahunan 2026"),
                    ("export", "Ahmad Hidayat", "nik,npwp", "pernyataan zakat tahunan 2026"),
                    ("export", "Siti Rahmawati", "nik", "pernyataan zakat tahunan 2026")]
    assert events == 3
