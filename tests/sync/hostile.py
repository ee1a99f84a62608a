"""Event builders and district snapshots for the hostile-device tests (issue 9).

The builders write schema-valid events into a ``TestJournal`` (so they are hash-chained like the
app's): a hostile device is one that holds a valid token and sends well-formed events that name
another office's ids, numbers or the district's keys.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, text

from sync.protocol.ids import uuid7
from tests.sync.journal import TestJournal

NIK = "6401011203850001"
KK = "6401010101090001"


def donor(journal: TestJournal, donor_id: str | None = None, *, name: str = "Siti Aminah", version: int = 1,
          nik: str | None = NIK) -> dict[str, Any]:
    donor_id = donor_id or uuid7()
    return journal.append("donor.saved", donor_id, {
        "id": donor_id, "name": name, "nik": nik, "npwp": None, "phone": None, "address": None, "village": None,
        "anonymous": False, "version": version, "base_version": version - 1 or None})


def beneficiary(journal: TestJournal, beneficiary_id: str | None = None, *, name: str = "Pak Udin",
                version: int = 1) -> dict[str, Any]:
    beneficiary_id = beneficiary_id or uuid7()
    return journal.append("beneficiary.saved", beneficiary_id, {
        "id": beneficiary_id, "version": version, "base_version": version - 1 or None, "kind": "orang",
        "name": name, "nik": NIK, "kk": KK, "status": "aktif", "asnaf": "miskin"})


def proposal(journal: TestJournal, beneficiary_id: str, *, fund: str = "zakat_maal", asnaf: str | None = "miskin",
             amount: int = 300_000, distribution_id: str | None = None) -> dict[str, Any]:
    distribution_id = distribution_id or uuid7()
    return journal.append("distribution.proposed", distribution_id, {
        "id": distribution_id, "number": f"{journal.office_code}/PS/2026/{distribution_id[-6:]}",
        "beneficiary_id": beneficiary_id, "fund_code": fund, "program_code": "umum", "kind": "tunai",
        "amount": amount, "asnaf": asnaf, "proposed_at": "2026-03-01T08:00:00Z",
        "identities": [{"nik": NIK, "kk": KK}]})


def approval(journal: TestJournal, distribution_id: str, *, at: str = "2026-03-02T08:00:00Z") -> dict[str, Any]:
    return journal.append("distribution.approved", distribution_id, {
        "id": distribution_id, "number": f"{journal.office_code}/PS/2026/{distribution_id[-6:]}", "approved_at": at,
        "approved_by": journal.user_id})


def rejection(journal: TestJournal, distribution_id: str) -> dict[str, Any]:
    return journal.append("distribution.rejected", distribution_id, {
        "id": distribution_id, "number": "X", "rejected_at": "2026-03-02T08:00:00Z", "reason": "bukan haknya"})


def setting(journal: TestJournal, key: str, value: Any) -> dict[str, Any]:
    return journal.append("settings.changed", key, {"key": key, "value": value})


def office_created(journal: TestJournal, *, code: str, office_id: str, letter: str = "A",
                   name: str = "Kantor", device_id: str | None = None) -> dict[str, Any]:
    return journal.append("office.created", office_id, {
        "office_id": office_id, "code": code, "name": name, "institution_name": "BAZNAS Kabupaten Paser",
        "institution_address": "Jl. Jenderal Sudirman", "device_letter": letter,
        "device_id": device_id or journal.device_id()})


def donation_with(journal: TestJournal, **overrides: Any) -> dict[str, Any]:
    """A one-line donation whose payload fields are replaced by ``overrides``."""
    did = str(overrides.pop("id", uuid7()))
    payload: dict[str, Any] = {
        "id": did, "receipt_number": f"{journal.office_code}/2026/A/{900000 + journal.high_seq():06d}",
        "donor_id": None, "donor_name": "Hamba Allah", "donor_nik": None, "donor_npwp": None, "anonymous": True,
        "total": 10_000, "payment_method": "tunai", "payment_reference": None,
        "recorded_at": "2026-03-01T08:00:00Z",
        "lines": [{"line_no": 1, "fund_code": "infak_tidak_terikat", "program_code": None, "amount": 10_000,
                   "quantity": None, "unit": None}],
    }
    payload.update(overrides)
    return journal.append("donation.recorded", did, payload)


OFFICE_TABLES = ("donations", "donors", "donor_versions", "voids", "beneficiaries", "distributions",
                 "day_closings", "deposits", "office_cash_totals", "office_fund_deposits")


def office_snapshot(engine: Engine, office_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every projected row of one office, the office row itself, and the district-wide reference items."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in OFFICE_TABLES:
            rows = conn.execute(text(f"SELECT * FROM {table} WHERE office_id = :o"), {"o": office_id}).all()
            out[table] = sorted((tuple(r) for r in rows), key=repr)
        out["offices"] = [tuple(r) for r in conn.execute(
            text("SELECT id, code, name FROM offices WHERE id = :o"), {"o": office_id})]
        out["ref_items"] = sorted((tuple(r) for r in conn.execute(text(
            "SELECT kind, item_id, office_id, version, data FROM ref_items WHERE office_id IN ('', :o) "
            "AND kind <> 'beneficiary'"), {"o": office_id})), key=repr)
        out["lines"] = sorted((tuple(r) for r in conn.execute(text(
            "SELECT l.* FROM donation_lines l JOIN donations d ON d.id = l.donation_id WHERE d.office_id = :o"),
            {"o": office_id})), key=repr)
        out["deposit_lines"] = sorted((tuple(r) for r in conn.execute(text(
            "SELECT l.* FROM deposit_lines l JOIN deposits d ON d.id = l.deposit_id WHERE d.office_id = :o"),
            {"o": office_id})), key=repr)
    return out


def closing(journal: TestJournal, *, day: str = "2026-03-01", closing_id: str | None = None,
            office_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    """A ``day.closed`` as the office app writes it (cash 500.000 expected, 495.000 counted)."""
    closing_id = closing_id or uuid7()
    payload: dict[str, Any] = {
        "closing_id": closing_id, "office_id": office_id or journal.office_code, "date": day,
        "methods": [{"method": "tunai", "expected": 500_000, "counted": 495_000, "difference": -5_000},
                    {"method": "transfer", "expected": 200_000, "counted": 200_000, "difference": 0}],
        "denominations": {"100000": 4, "50000": 1, "20000": 2, "5000": 1}, "note": "kurang 5.000",
        "closed_by": journal.user_id, "confirmed_by": journal.user_id, "late_void_adjustment": 0,
        "totals_by_fund": [{"fund_code": "zakat_maal", "amount": 700_000}],
    }
    payload.update(overrides)
    return journal.append("day.closed", closing_id, payload)


def reopening(journal: TestJournal, closing_id: str, *, day: str = "2026-03-01") -> dict[str, Any]:
    return journal.append("day.reopened", closing_id, {"closing_id": closing_id, "date": day,
                                                       "reason": "salah hitung", "by": journal.user_id})


def deposit(journal: TestJournal, *, deposit_id: str | None = None, office_id: str | None = None,
            lines: list[dict[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    deposit_id = deposit_id or uuid7()
    lines = lines if lines is not None else [{"fund_code": "zakat_maal", "amount": 400_000},
                                             {"fund_code": "infak_tidak_terikat", "amount": 50_000}]
    payload: dict[str, Any] = {
        "deposit_id": deposit_id, "office_id": office_id or journal.office_code, "date": "2026-03-02",
        "lines": lines, "total": sum(int(x["amount"]) for x in lines if isinstance(x.get("amount"), int)),
        "bank": "BSI", "account": "7123456789", "reference": "SETOR-001", "by": journal.user_id,
    }
    payload.update(overrides)
    return journal.append("deposit.recorded", deposit_id, payload)


def index_entries(engine: Engine) -> dict[str, dict[str, Any]]:
    """The district aid index as stored (id -> data)."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT item_id, data FROM ref_items WHERE kind = 'beneficiary'")).all()
    return {str(r[0]): json.loads(r[1]) for r in rows}
