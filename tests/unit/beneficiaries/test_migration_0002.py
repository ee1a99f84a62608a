"""Migration 0002 on a store that already holds donations: fund totals are summed once, exactly."""

from __future__ import annotations

from pathlib import Path

from desktop.store import dbapi
from desktop.store.database import open_store
from desktop.store.migrate import HEAD_REVISION, MIGRATIONS_DIR, current_revision

NOW = "2026-01-05T01:02:03.000000Z"


def _store_at_0001(db: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()


def test_upgrade_from_0001_sums_existing_donations(tmp_path: Path) -> None:
    db = tmp_path / "amildesk.sqlite3"
    _store_at_0001(db)
    conn = dbapi.connect(db)
    conn.executemany("INSERT INTO funds VALUES (?, ?, ?, 'money', 1, ?)",
                     [("zakat_maal", "Zakat Maal", "zakat", 0), ("sedekah", "Sedekah", "infak", 1),
                      ("kurban", "Kurban", "dskl", 2)])
    conn.execute("INSERT INTO users VALUES ('u1', 'admin', 'Admin', 'admin', 'x', 1, ?, ?)", (NOW, NOW))
    donations = [("d1", "aktif", [("zakat_maal", 1_000_000), ("sedekah", 30_000)]),
                 ("d2", "aktif", [("zakat_maal", 200_000)]),
                 ("d3", "batal", [("sedekah", 70_000)])]
    for number, (donation_id, status, lines) in enumerate(donations, start=1):
        conn.execute("INSERT INTO donations (id, receipt_number, donor_name, anonymous, total, payment_method, "
                     "recorded_at, user_id, status) VALUES (?, ?, 'Hamba Allah', 1, ?, 'tunai', ?, 'u1', ?)",
                     (donation_id, f"UPZ/2026/A/{number:06d}", sum(a for _, a in lines), NOW, status))
        conn.executemany("INSERT INTO donation_lines (donation_id, line_no, fund_code, amount) VALUES (?, ?, ?, ?)",
                         [(donation_id, i, fund, amount) for i, (fund, amount) in enumerate(lines, start=1)])
    conn.commit()
    conn.close()

    store = open_store(tmp_path)  # migrates to the head, after a backup
    try:
        assert current_revision(db) == HEAD_REVISION
        assert len(list(store.paths.backups.glob("*.sqlite3"))) == 1
        from desktop.services.balances import recompute_totals, stored_totals

        with store.read() as read:
            assert stored_totals(read) == {"zakat_maal": (1_200_000, 0, 0, 0), "sedekah": (30_000, 0, 0, 0)}
            assert recompute_totals(read) == stored_totals(read)
            assert read.exec_driver_sql("SELECT count(*) FROM fund_totals").scalar() == 3  # a row per fund
    finally:
        store.close()
