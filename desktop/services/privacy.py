"""Personal data (UU 27/2022): the identity access log, data subject exports and erasure.

Every reveal or export of a full NIK/KK/NPWP writes an ``access_log`` row and an
``identity.accessed`` journal event in one transaction (who, what, when, why; never the numbers),
so the district sees them too and a kepala reads them in Pengaturan. A data subject (a donor or a
mustahik) may ask for everything the office holds about them (JSON + PDF, full numbers: the export's
purpose needs them) and for the registry's personal fields to be erased. Erasure blanks the
registry row and journals it; the financial records (receipts, distributions) keep what the law
requires them to keep: docs/privacy.md explains which and why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update

from desktop.core.errors import NotFound, StoreError, ValidationError
from desktop.core.roles import Role
from desktop.services.context import AppContext
from desktop.store.journal import append_event
from desktop.store.tables import access_log, donation_lines, donations, donors, journal
from desktop.store.tables_beneficiaries import beneficiaries, distributions
from sync.protocol.events import BENEFICIARY_SAVED, DONOR_SAVED, IDENTITY_ACCESSED, PERSONAL_DATA_ERASED

DONOR, BENEFICIARY = "donor", "beneficiary"
KINDS = (DONOR, BENEFICIARY)
_HEADS = (Role.KEPALA, Role.ADMIN)
ERASED_NAME = "(dihapus atas permintaan)"
# Registry fields erased on request; the rest (kind, asnaf, status, version) carry no identity.
DONOR_ERASED = ("nik", "npwp", "phone", "address", "village", "contact", "nip")  # nip, contact: payers (issue 14)
BENEFICIARY_ERASED = ("nik", "kk", "birth_date", "sex", "address", "village_code", "phone", "decile", "needs_note")


def record_access(conn: Connection, ctx: AppContext, *, action: str, subject_kind: str, subject_id: str,
                  subject_name: str | None, fields: list[str], purpose: str) -> None:
    """One access-log row and its journal event, in the caller's transaction."""
    user = ctx.require_user()
    now = ctx.now_iso()
    event = append_event(conn, ctx.office.identity, type=IDENTITY_ACCESSED, entity_id=subject_id,
                         payload={"action": action, "subject_kind": subject_kind, "subject_id": subject_id,
                                  "fields": fields, "purpose": purpose[:200]},
                         user_id=user.id, occurred_at=now)
    conn.execute(insert(access_log).values(
        at=now, user_id=user.id, username=user.username, action=action, subject_kind=subject_kind,
        subject_id=subject_id, subject_name=(subject_name or "")[:120], fields=",".join(fields),
        purpose=purpose[:200], event_id=event["event_id"]))


def log_reveal(ctx: AppContext, subject_kind: str, subject_id: str, subject_name: str | None, fields: list[str],
               purpose: str = "membuka data") -> None:
    """A full identity number shown for one record (opening it for editing, for instance)."""
    if not fields:
        return
    with ctx.store.write() as conn:
        record_access(conn, ctx, action="reveal", subject_kind=subject_kind, subject_id=subject_id,
                      subject_name=subject_name, fields=fields, purpose=purpose)


IDENTITY_FIELDS = {DONOR: ("nik", "npwp"), BENEFICIARY: ("nik", "kk")}
"""The full numbers a list keeps masked and ``reveal_identity`` shows, per kind of record."""
REVEAL_PURPOSE = "tampilkan dari daftar"


@dataclass(frozen=True)
class Revealed:
    """One record's full identity numbers (field -> digits; empty when none are on record)."""

    subject_kind: str
    subject_id: str
    subject_name: str
    numbers: dict[str, str]


def reveal_identity(ctx: AppContext, subject_kind: str, subject_id: str,
                    purpose: str = REVEAL_PURPOSE) -> Revealed:
    """The explicit "show" of a list row: read and log in one transaction, so no reveal goes unlogged.

    Lists mask every number for every role; this is the only way a list shows one whole, and only
    to kepala kantor and admin. A record with no number on file reveals nothing and logs nothing.
    """
    ctx.require_role("lihat NIK lengkap", _HEADS)
    if subject_kind not in KINDS:
        raise ValidationError("setting_invalid", key="subject_kind", value=subject_kind)
    table = donors if subject_kind == DONOR else beneficiaries
    fields = IDENTITY_FIELDS[subject_kind]
    with ctx.store.write() as conn:
        row = conn.execute(select(table.c.name, *(table.c[f] for f in fields))
                           .where(table.c.id == subject_id)).first()
        if row is None:
            raise NotFound("subject_not_found", kind="donatur" if subject_kind == DONOR else "penerima manfaat")
        numbers = {f: str(getattr(row, f)) for f in fields if getattr(row, f)}
        if numbers:
            record_access(conn, ctx, action="reveal", subject_kind=subject_kind, subject_id=subject_id,
                          subject_name=row.name, fields=list(numbers), purpose=purpose)
    return Revealed(subject_kind, subject_id, row.name or "", numbers)


@dataclass(frozen=True)
class AccessEntry:
    at: str
    username: str
    action: str
    subject_kind: str
    subject_name: str
    fields: str
    purpose: str


def access_entries(ctx: AppContext, limit: int = 500) -> list[AccessEntry]:
    """The newest entries of the access log (kepala kantor and admin only)."""
    ctx.require_role("lihat log akses", _HEADS)
    with ctx.store.read() as conn:
        rows = conn.execute(select(access_log).order_by(access_log.c.id.desc()).limit(limit)).all()
    return [AccessEntry(r.at, r.username or "", r.action, r.subject_kind, r.subject_name or "", r.fields, r.purpose)
            for r in rows]


def _plain(row: Any) -> dict[str, Any]:
    return {key: value for key, value in row._mapping.items() if key != "rowid"}


def subject_data(ctx: AppContext, subject_kind: str, subject_id: str) -> dict[str, Any]:
    """Everything the office holds about one donor or mustahik, as plain JSON-ready data."""
    if subject_kind not in KINDS:
        raise ValidationError("setting_invalid", key="subject_kind", value=subject_kind)
    with ctx.store.read() as conn:
        table = donors if subject_kind == DONOR else beneficiaries
        row = conn.execute(select(table).where(table.c.id == subject_id)).first()
        if row is None:
            raise NotFound("subject_not_found", kind="donatur" if subject_kind == DONOR else "penerima manfaat")
        data: dict[str, Any] = {"subject_kind": subject_kind, "registry": _plain(row)}
        if subject_kind == DONOR:
            rows = conn.execute(select(donations).where(donations.c.donor_id == subject_id)
                                .order_by(donations.c.recorded_at)).all()
            lines = conn.execute(select(donation_lines).where(donation_lines.c.donation_id.in_([r.id for r in rows]))
                                 .order_by(donation_lines.c.donation_id, donation_lines.c.line_no)).all()
            by_donation: dict[str, list[dict[str, Any]]] = {}
            for line in lines:
                by_donation.setdefault(line.donation_id, []).append(_plain(line))
            data["donations"] = [{**_plain(r), "lines": by_donation.get(r.id, [])} for r in rows]
        else:
            data["distributions"] = [_plain(r) for r in conn.execute(
                select(distributions).where(distributions.c.beneficiary_id == subject_id)
                .order_by(distributions.c.proposed_at))]
        data["history"] = [
            {"seq": r.seq, "type": r.type, "occurred_at": r.occurred_at, "payload": json.loads(r.payload)}
            for r in conn.execute(select(journal).where(journal.c.entity_id == subject_id).order_by(journal.c.seq))
        ]
    return data


def export_subject(ctx: AppContext, subject_kind: str, subject_id: str, folder: Path, purpose: str) -> list[Path]:
    """Write ``<kind>-<id>.json`` and ``.pdf`` for a data subject's request; journalled as an export."""
    ctx.require_role("ekspor data pribadi", _HEADS)
    data = subject_data(ctx, subject_kind, subject_id)
    registry = data["registry"]
    fields = [f for f in ("nik", "kk", "npwp", "nip") if registry.get(f)]
    base = Path(folder) / f"data-pribadi-{subject_kind}-{subject_id}"
    from desktop.reports.subject_report import subject_report_pdf

    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        json_path = base.with_suffix(".json")
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        pdf_path = base.with_suffix(".pdf")
        pdf_path.write_bytes(subject_report_pdf(ctx.office.institution_name, ctx.office.name, data))
    except OSError as exc:
        raise StoreError("export_write_failed", path=str(base), detail=exc.strerror or str(exc)) from exc
    with ctx.store.write() as conn:
        record_access(conn, ctx, action="export", subject_kind=subject_kind, subject_id=subject_id,
                      subject_name=str(registry.get("name") or ""), fields=fields or ["-"], purpose=purpose)
    return [json_path, pdf_path]


def erase_subject(ctx: AppContext, subject_kind: str, subject_id: str, reason: str) -> list[str]:
    """Blank a donor's or mustahik's personal registry fields on their request; returns the fields erased.

    The registry row stays (donations and distributions point at it) with the name replaced; receipts
    and distributions keep their own snapshot (docs/privacy.md: retention for zakat and tax records).
    """
    user = ctx.require_role("hapus data pribadi", _HEADS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("erase_reason_required")
    now = ctx.now_iso()
    table, erased = (donors, DONOR_ERASED) if subject_kind == DONOR else (beneficiaries, BENEFICIARY_ERASED)
    with ctx.store.write() as conn:
        row = conn.execute(select(table).where(table.c.id == subject_id)).first()
        if row is None:
            raise NotFound("subject_not_found", kind="donatur" if subject_kind == DONOR else "penerima manfaat")
        cleared = [f for f in erased if getattr(row, f) is not None]
        version = int(row.version) + 1
        values: dict[str, Any] = {f: None for f in erased}
        values.update(name=ERASED_NAME, version=version, updated_at=now)
        conn.execute(update(table).where(table.c.id == subject_id).values(**values))
        fresh = conn.execute(select(table).where(table.c.id == subject_id)).one()
        if subject_kind == DONOR:
            payload = {"id": subject_id, "version": version, "base_version": version - 1,
                       **{k: getattr(fresh, k) for k in ("name", "nik", "npwp", "phone", "address", "village",
                                                         "anonymous")}}
            append_event(conn, ctx.office.identity, type=DONOR_SAVED, entity_id=subject_id, payload=payload,
                         user_id=user.id, occurred_at=now)
        else:
            from desktop.services.beneficiaries import SNAPSHOT_FIELDS, _members, snapshot_payload

            members = _members(conn, subject_id) if fresh.kind == "kelompok" else None
            append_event(conn, ctx.office.identity, type=BENEFICIARY_SAVED, entity_id=subject_id,
                         payload=snapshot_payload(subject_id, version, {k: getattr(fresh, k) for k in SNAPSHOT_FIELDS},
                                                  members),
                         user_id=user.id, occurred_at=now)
        append_event(conn, ctx.office.identity, type=PERSONAL_DATA_ERASED, entity_id=subject_id,
                     payload={"subject_kind": subject_kind, "subject_id": subject_id, "fields": [*cleared, "name"],
                              "reason": reason[:300]},
                     user_id=user.id, occurred_at=now)
        conn.execute(insert(access_log).values(
            at=now, user_id=user.id, username=user.username, action="erase", subject_kind=subject_kind,
            subject_id=subject_id, subject_name=str(row.name)[:120], fields=",".join(cleared) or "-",
            purpose=reason[:200], event_id=None))
    return cleared
