"""District-admin operations shared by the HTTP API and the CLI: offices, enrollment, tokens, status.

Secrets (device tokens, enrollment codes) are random, shown once, and stored only as sha256
digests: a leaked database does not let anyone act as a device. Lookups hash the presented secret and
compare digests with ``hmac.compare_digest``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from sync.protocol import batchfile, wire
from sync.protocol.canonical import GENESIS_HASH
from sync.protocol.events import SUPPORTED_PROTOCOL_VERSIONS
from sync.protocol.ids import uuid7
from sync.server import tables as t
from sync.server.db import write_tx
from sync.server.ingest import DeviceRef, SyncError
from sync.server.reference import now_iso

TOKEN_PREFIX = "amd1_"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
ENROLL_CODE_TTL = timedelta(days=7)
OFFICE_CODE = re.compile(r"[A-Z0-9-]{2,16}")  # as desktop.core.receipt_numbers: part of every receipt number


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_enroll_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def create_office(engine: Engine, code: str, name: str, office_id: str | None = None) -> str:
    """Register an office; its id is its code (what every event of its devices names as office_id)."""
    if not OFFICE_CODE.fullmatch(code):
        raise ValueError(f"office code must be 2-16 of A-Z, 0-9 and '-': {code!r}")
    with write_tx(engine) as conn:
        if conn.execute(select(t.offices.c.id).where(t.offices.c.code == code)).first():
            raise ValueError(f"office {code} already exists")
        oid = office_id or code
        conn.execute(t.offices.insert().values(id=oid, code=code, name=name, created_at=now_iso()))
    return oid


def issue_enroll_code(engine: Engine, office_code: str, device_id: str | None = None) -> str:
    """A one-time code for a new device of the office, or (``device_id``) to re-enroll that device.

    Re-enrolling gives the device a new token and lifts a revocation, so it is never implied by an
    ordinary code: the admin names the device.
    """
    code = new_enroll_code()
    now = datetime.now(UTC)
    with write_tx(engine) as conn:
        office_id = conn.execute(select(t.offices.c.id).where(t.offices.c.code == office_code)).scalar()
        if office_id is None:
            raise LookupError(f"no office {office_code}")
        if device_id is not None:
            owner = conn.execute(select(t.devices.c.office_id).where(t.devices.c.id == device_id)).scalar()
            if owner is None:
                raise LookupError(f"no device {device_id}")
            if owner != office_id:
                raise ValueError(f"device {device_id} belongs to another office")
        conn.execute(t.enroll_codes.insert().values(
            code_hash=digest(code), office_id=office_id, device_id=device_id, created_at=now.isoformat(),
            expires_at=(now + ENROLL_CODE_TTL).isoformat(),
        ))
    return code


def _valid_code(conn: Connection, code_hash: str, *, lock: bool) -> Any:
    query = select(t.enroll_codes).where(t.enroll_codes.c.code_hash == code_hash)
    row = conn.execute(query.with_for_update() if lock else query).mappings().first()
    if row is None or row["used_at"] is not None or row["expires_at"] < datetime.now(UTC).isoformat():
        raise SyncError(400, wire.ERR_ENROLL_CODE, "enrollment code is unknown, used or expired")
    return row


def enroll(engine: Engine, request: wire.EnrollRequest) -> dict[str, Any]:
    """Spend a one-time code; returns the EnrollResponse body (the only time the token is shown).

    The code decides the office; a device never renames or re-points an office. A device that already
    has a journal sends its ids: its ``office_id`` must name the code's office (else 409, the code stays
    unspent). A device id the server already knows is re-enrolled (new token, revocation lifted,
    ``acked_seq`` kept so nothing is re-sent or lost) only with a code the admin issued for that device.
    Unknown codes are refused without taking the write lock, so guessing costs the server nothing.
    """
    code_hash = digest(normalise_code(request.code))
    with engine.connect() as conn:
        _valid_code(conn, code_hash, lock=False)
    token = new_token()
    now = now_iso()
    with write_tx(engine) as conn:
        code = _valid_code(conn, code_hash, lock=True)
        office = conn.execute(select(t.offices).where(t.offices.c.id == code["office_id"])).mappings().one()
        office_id = str(office["id"])
        if request.office_id and request.office_id not in (office_id, office["code"]):
            raise SyncError(409, wire.ERR_ENROLL_CONFLICT,
                            f"this enrollment code is for office {office['code']}, not {request.office_id}")
        device_id = request.device_id or code["device_id"] or uuid7()
        if code["device_id"] is not None and code["device_id"] != device_id:
            raise SyncError(409, wire.ERR_ENROLL_CONFLICT, "this enrollment code is for another device")
        existing = conn.execute(select(t.devices).where(t.devices.c.id == device_id)).mappings().first()
        if existing is not None and existing["office_id"] != office_id:
            raise SyncError(409, wire.ERR_ENROLL_CONFLICT, "this device id is enrolled in another office")
        if existing is not None and code["device_id"] != device_id:
            raise SyncError(409, wire.ERR_ENROLL_CONFLICT,
                            "this device is already enrolled: the district admin must issue a re-enrollment "
                            "code for it (amildesk-server enroll-code OFFICE --device DEVICE_ID)",
                            {"device_id": device_id})
        file_key = batchfile.public_key_hex(token)
        if existing is None:
            conn.execute(t.devices.insert().values(
                id=device_id, office_id=office_id, label=request.device_label, token_hash=digest(token),
                file_key=file_key, enrolled_at=now, acked_seq=0, last_hash=GENESIS_HASH,
                app_version=request.app_version,
            ))
            acked, last_hash = 0, GENESIS_HASH
        else:
            conn.execute(t.devices.update().where(t.devices.c.id == device_id).values(
                token_hash=digest(token), file_key=file_key, revoked_at=None, enrolled_at=now,
            ))
            acked, last_hash = int(existing["acked_seq"]), str(existing["last_hash"])
        conn.execute(t.enroll_codes.update().where(t.enroll_codes.c.code_hash == code_hash)
                     .values(used_at=now, used_by=device_id))
    return {
        "device_id": device_id, "office_id": office_id, "office_code": office["code"],
        "office_name": office["name"], "token": token, "acked_seq": acked, "last_hash": last_hash,
        "protocol_version": max(SUPPORTED_PROTOCOL_VERSIONS),
    }


def record_enroll_lockout(engine: Engine, address: str) -> None:
    """An alert for the district admin: someone keeps presenting wrong enrollment codes."""
    with write_tx(engine) as conn:
        conn.execute(t.alerts.insert().values(
            kind="enroll_guessing", office_id=None, device_id=None, created_at=now_iso(),
            message=f"repeated wrong enrollment codes from {address[:60]}", details=json.dumps({"address": address}),
        ))


def authenticate(engine: Engine, token: str | None) -> DeviceRef:
    """The device a bearer token belongs to; 401 ``invalid_token`` or ``token_revoked`` otherwise."""
    if not token:
        raise SyncError(401, wire.ERR_INVALID_TOKEN, "missing bearer token")
    wanted = digest(token)
    with engine.connect() as conn:
        row = conn.execute(
            select(t.devices.c.id, t.devices.c.office_id, t.devices.c.token_hash, t.devices.c.revoked_at,
                   t.offices.c.code)
            .join(t.offices, t.offices.c.id == t.devices.c.office_id)
            .where(t.devices.c.token_hash == wanted)
        ).first()
    if row is None or not hmac.compare_digest(str(row.token_hash), wanted):
        raise SyncError(401, wire.ERR_INVALID_TOKEN, "unknown device token")
    if row.revoked_at is not None:
        raise SyncError(401, wire.ERR_TOKEN_REVOKED, "this device's token has been revoked")
    return DeviceRef(device_id=row.id, office_id=row.office_id, office_code=row.code)


def revoke(engine: Engine, device_id: str) -> None:
    """Revoke a device's token; its stored events and acked_seq stay (re-enrollment resumes)."""
    with write_tx(engine) as conn:
        done = conn.execute(t.devices.update().where(t.devices.c.id == device_id)
                            .values(revoked_at=now_iso())).rowcount
    if not done:
        raise LookupError(f"no device {device_id}")


def device_me(engine: Engine, device: DeviceRef) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(select(t.devices.c.acked_seq, t.devices.c.last_hash)
                           .where(t.devices.c.id == device.device_id)).one()
    return {"device_id": device.device_id, "office_id": device.office_id, "office_code": device.office_code,
            "acked_seq": int(row.acked_seq), "last_hash": row.last_hash, "server_time": now_iso()}


def _count_by(conn: Connection, column: Any, *where: Any) -> dict[str, int]:
    rows = conn.execute(select(column, func.count()).where(*where).group_by(column)).all()
    return {str(key): int(count) for key, count in rows}


def status(engine: Engine) -> dict[str, Any]:
    """Per office and device: acked_seq, record counts, last contact, alerts and review flags."""
    with engine.connect() as conn:
        counts = _count_by(conn, t.events.c.device_id)
        donations = _count_by(conn, t.donations.c.device_id)
        flags = _count_by(conn, t.review_flags.c.device_id, t.review_flags.c.resolved_at.is_(None))
        alerts = _count_by(conn, t.alerts.c.device_id)
        offices = conn.execute(select(t.offices).order_by(t.offices.c.code)).mappings().all()
        devices = conn.execute(select(t.devices).order_by(t.devices.c.enrolled_at)).mappings().all()
    out = []
    for office in offices:
        devs = [
            {"device_id": d["id"], "label": d["label"], "acked_seq": int(d["acked_seq"]),
             "last_hash": d["last_hash"], "events": int(counts.get(d["id"], 0)),
             "donations": int(donations.get(d["id"], 0)), "needs_review": int(flags.get(d["id"], 0)),
             "alerts": int(alerts.get(d["id"], 0)), "last_contact_at": d["last_contact_at"],
             "last_device_time": d["last_device_time"], "revoked": d["revoked_at"] is not None}
            for d in devices if d["office_id"] == office["id"]
        ]
        out.append({"office_id": office["id"], "code": office["code"], "name": office["name"],
                    "events": sum(d["events"] for d in devs), "donations": sum(d["donations"] for d in devs),
                    "devices": devs})
    return {"offices": out, "server_time": now_iso()}
