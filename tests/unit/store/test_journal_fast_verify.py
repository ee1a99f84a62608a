"""verify_journal hashes text SQLite builds around the stored payload; any spelling SQLite quotes
differently from canonical_json is re-checked the slow way, so a valid journal always verifies and a
changed one never does."""

from __future__ import annotations

from desktop.services.context import AppContext
from desktop.store import dbapi
from desktop.store.journal import append_event, verify_journal


def test_non_ascii_and_control_characters_verify_and_tampering_still_breaks(ctx: AppContext) -> None:
    with ctx.store.write() as conn:
        for entity, payload in (("donor-Ñ", {"name": "Ṣāliḥ Ñúñez", "note": "baris\nbaru\ttab"}),
                                ("x\u0001y\u007f", {"name": "kontrol \u0001 \u001f \u2028 ok"}),
                                ("plain", {"emoji": "🕌", "quote": "\"kutip\" \\ /"})):
            append_event(conn, ctx.office.identity, type="settings.changed", entity_id=entity, payload=payload,
                         user_id=None, occurred_at=ctx.now_iso())
    with ctx.store.read() as conn:
        report = verify_journal(conn, ctx.office.identity)
    assert report.ok, report
    high = report.events
    raw = dbapi.connect(ctx.store.paths.database)
    try:
        raw.executescript("DROP TRIGGER journal_no_update;")
        raw.execute("UPDATE journal SET payload = replace(payload, 'Ñúñez', 'Nunez') WHERE entity_id = 'donor-Ñ'")
        raw.commit()
    finally:
        raw.close()
    with ctx.store.read() as conn:
        broken = verify_journal(conn, ctx.office.identity)
    assert not broken.ok and broken.bad_seq == high - 2 and "hash" in (broken.reason or "")
