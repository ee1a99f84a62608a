"""Migration 0005 on a district that already holds donations and an aid index: the console's
projections are filled from them (the backfill), so Ringkasan is right from the first page view."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import text

from sync.server import db


def test_upgrade_backfills_day_totals_and_aid_rows(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with db.write_tx(engine) as conn:
        command.upgrade(db._alembic_config(conn), "0004")
    with db.write_tx(engine) as conn:
        conn.execute(text("INSERT INTO offices (id, code, name, created_at) VALUES ('K1', 'K1', 'Kantor', 'x')"))
        rows = [("a", "2026-03-01T20:00:00.000Z", 100_000, "recorded", "zakat_maal", None),  # 03:00 WIB on the 2nd
                ("b", "2026-03-01T10:00:00.000Z", 50_000, "recorded", "zakat_maal", "umum"),
                ("c", "2026-03-01T11:00:00.000Z", 70_000, "void", "zakat_maal", None)]
        for i, (did, at, amount, status, fund, program) in enumerate(rows, start=1):
            conn.execute(text(
                "INSERT INTO donations (id, office_id, device_id, seq, receipt_number, donor_name, anonymous, total, "
                "payment_method, recorded_at, status, needs_review) VALUES (:id, 'K1', 'dev', :seq, :n, 'Hamba Allah', "
                "1, :t, 'tunai', :at, :s, 0)"), {"id": did, "seq": i, "n": f"K1/2026/A/{i:06d}", "t": amount,
                                                  "at": at, "s": status})
            conn.execute(text("INSERT INTO donation_lines (donation_id, line_no, fund_code, program_code, amount) "
                              "VALUES (:id, 1, :f, :p, :t)"), {"id": did, "f": fund, "p": program, "t": amount})
        conn.execute(text(
            "INSERT INTO distributions (id, office_id, device_id, seq, number, beneficiary_id, fund_code, "
            "program_code, amount, status, proposed_at, data) VALUES ('dist1', 'K1', 'dev', 9, 'K1/PS/1', 'b1', "
            "'zakat_maal', 'umum', 300000, 'disetujui', 'x', :data)"), {"data": json.dumps({"asnaf": "miskin"})})
        conn.execute(text(
            "INSERT INTO ref_items (kind, item_id, office_id, version, data, deleted, change_id, changed_at) VALUES "
            "('beneficiary', 'dist1.0', '', 1, :data, 0, 999, 'x')"), {"data": json.dumps({
                "nik_hash": "ab" * 32, "kk_hash": None, "office_code": "K1", "aid_date": "2026-03-02",
                "fund_code": "zakat_maal", "program_code": "umum", "value": 300_000})})
    db.migrate(engine)
    with engine.connect() as conn:
        totals = conn.execute(text("SELECT day, fund_code, program_code, amount, lines FROM day_totals "
                                   "ORDER BY day, program_code")).all()
        aid = conn.execute(text("SELECT item_id, office_id, nik_hash, asnaf, amount FROM aid_index")).all()
    assert [tuple(r) for r in totals] == [("2026-03-01", "zakat_maal", "umum", 50_000, 1),
                                          ("2026-03-02", "zakat_maal", "", 100_000, 1)]
    assert [tuple(r) for r in aid] == [("dist1.0", "K1", "ab" * 32, "miskin", 300_000)]
    engine.dispose()
