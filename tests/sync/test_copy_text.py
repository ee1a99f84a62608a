"""The columnar lane's COPY texts: the rows they store are exactly the rows the driver stores from tuples
(PostgreSQL), and a value COPY's text format cannot carry as it is sends the batch back to the tuples."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from sqlalchemy import Engine, select

from sync.protocol import columnar, wire
from sync.protocol.canonical import GENESIS_HASH
from sync.protocol.events import compute_event_hash
from sync.protocol.ids import uuid7
from sync.protocol.wire import batch_hash
from sync.server import admin
from sync.server import tables as t
from sync.server.fastlane_columnar import prepare_fast_columnar
from sync.server.ingest import DeviceRef, ingest

_codes = itertools.count(1)


def _device(engine: Engine) -> DeviceRef:
    code = f"CT-{next(_codes):03d}"
    admin.create_office(engine, code, "Kantor")
    one_time = admin.issue_enroll_code(engine, code)
    answer = admin.enroll(engine, wire.EnrollRequest(code=one_time, device_id=uuid7(), office_id=code))
    return DeviceRef(answer["device_id"], answer["office_id"], answer["office_code"])


def _body(device: DeviceRef, name: str) -> dict[str, Any]:
    """An office.created, a donor.saved and 12 donations with ``name`` in the donor, a reference and a line."""
    donor = f"p-{device.device_id}"
    payloads: list[tuple[str, str, dict[str, Any]]] = [
        ("office.created", device.office_id, {
            "office_id": device.office_id, "code": device.office_code, "name": "Kantor", "device_id": device.device_id,
            "device_letter": "A", "institution_name": "Lazis", "institution_address": "Jl. 1"}),
        ("donor.saved", donor, {"id": donor, "name": name, "version": 1, "base_version": None})]
    for i in range(12):
        lines = [{"line_no": 1, "fund_code": "sedekah", "program_code": None if i % 2 else name, "amount": 10_000,
                  "quantity": None, "unit": None}]
        if i % 3 == 0:
            lines.append({"line_no": 2, "fund_code": "zakat_fitrah", "program_code": None, "amount": 5_000,
                          "quantity": 2, "unit": "jiwa"})
        payloads.append(("donation.recorded", f"d-{i}-{name}", {
            "id": f"d-{i}-{name}", "receipt_number": f"{device.office_code}/2026/A/{i + 1:06d}",
            "donor_id": None if i % 4 else donor, "donor_name": name if i % 2 else "Siti",
            "donor_nik": None, "donor_npwp": None if i % 5 else "01.234", "anonymous": i == 3,
            "total": sum(line["amount"] for line in lines), "payment_method": "tunai" if i % 2 else "transfer",
            "payment_reference": None if i % 2 else f"ref {name}", "recorded_at": f"2026-03-01T08:{i:02d}:00Z",
            "lines": lines}))
    events, prev = [], GENESIS_HASH
    for seq, (kind, entity, payload) in enumerate(payloads, start=1):
        event = {"seq": seq, "event_id": f"e-{seq}", "device_id": device.device_id, "office_id": device.office_id,
                 "type": kind, "entity_id": entity,
                 "occurred_at": payload.get("recorded_at", "2026-03-01T07:00:00Z"),
                 "user_id": None if seq % 2 else "u-1", "payload": payload, "prev_hash": prev}
        event["hash"] = prev = compute_event_hash(event)
        events.append(event)
    body = columnar.encode_batch(events, batch_hash(e["hash"] for e in events), prev_hash=GENESIS_HASH,
                                 device_id=device.device_id, office_id=device.office_id, app_version="t",
                                 sent_at="2026-03-01T09:00:00Z")
    return dict(json.loads(json.dumps(body)))


def _stored(engine: Engine, device: DeviceRef) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        events = [tuple(r)[:11] + tuple(r)[12:] for r in conn.execute(  # all but received_at
            select(t.events).where(t.events.c.device_id == device.device_id).order_by(t.events.c.seq))]
        donations = [tuple(r) for r in conn.execute(
            select(t.donations).where(t.donations.c.device_id == device.device_id).order_by(t.donations.c.seq))]
        ids = select(t.donations.c.id).where(t.donations.c.device_id == device.device_id)
        lines = [tuple(r) for r in conn.execute(select(t.donation_lines).where(t.donation_lines.c.donation_id.in_(ids))
                                                .order_by(t.donation_lines.c.donation_id, t.donation_lines.c.line_no))]
    return {"events": events, "donations": donations, "lines": lines}


NAMES = ["Siti", 'Hamba "Allah"', "back\\slash", "\\N", "end\\", "ünï ✓", "tab\there", "new\nline", "cr\rx"]


@pytest.mark.parametrize("name", NAMES)
def test_copy_texts_store_the_rows_the_tuples_store(engine: Engine, name: str,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    device = _device(engine)
    body = _body(device, name)
    prepared = prepare_fast_columnar(json.loads(json.dumps(body)), device)
    assert prepared is not None
    carried = not any(c in name for c in "\t\n\r")
    assert (prepared.copy is not None) == carried
    ack = ingest(engine, device, body)
    assert ack["acked_seq"] == 14 and ack["flagged"] == []
    stored = _stored(engine, device)
    # What the tuples say (the rows the driver formats when there is no COPY text).
    records = [item[2] for item in prepared.items if hasattr(item[2], "head")]
    assert stored["events"] == [(*row, "ok") for _seq, row, _parsed, _breach in prepared.items]
    assert stored["donations"] == [(*rec.head, "recorded", False) for rec in records]
    assert stored["lines"] == sorted(line for rec in records for line in rec.lines)
    assert any(name in row for row in stored["donations"])
    assert "bulk projection failed" not in caplog.text  # stored on the first try, not rescued row by row


def test_a_nul_in_a_value_leaves_the_copy_texts_out() -> None:
    device = DeviceRef("dev-nul", "NUL-1", "NUL-1")
    body = _body(device, "nul\x00x")
    prepared = prepare_fast_columnar(body, device)
    assert prepared is not None and prepared.copy is None
    assert prepare_fast_columnar(_body(device, "plain"), device).copy is not None  # type: ignore[union-attr]
