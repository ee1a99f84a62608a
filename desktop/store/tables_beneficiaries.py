"""Beneficiaries, aid distributions, deposits, per-fund running totals and the district aid index.

Declared on the shared ``metadata`` of ``desktop.store.tables`` so one MetaData describes the whole
store (the schema test compares it with the migrated file). The DDL, its FTS5 index and the triggers
that keep ``fund_totals`` exact live in migration 0002.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, PrimaryKeyConstraint, String, Table, Text

from desktop.store.tables import metadata

beneficiaries = Table(
    "beneficiaries",
    metadata,
    Column("rowid", Integer, primary_key=True),  # FTS5 content_rowid
    Column("id", String(36), nullable=False, unique=True),
    Column("kind", String(10), nullable=False),  # orang / kelompok
    Column("group_type", String(10)),  # kube / masjid / sekolah / lainnya (groups only)
    Column("name", String(120), nullable=False),
    Column("nik", String(16), unique=True),
    Column("kk", String(16), index=True),
    Column("birth_date", String(10)),  # YYYY-MM-DD
    Column("sex", String(1)),  # L / P
    Column("address", String(300)),
    Column("village_code", String(10)),
    Column("phone", String(20)),
    Column("asnaf", String(12)),
    Column("decile", Integer),
    Column("needs_note", String(1000)),
    Column("status", String(12), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("created_by", String(36)),
)

beneficiary_members = Table(
    "beneficiary_members",
    metadata,
    Column("group_id", String(36), ForeignKey("beneficiaries.id"), nullable=False),
    Column("member_id", String(36), ForeignKey("beneficiaries.id"), nullable=False, index=True),
    Column("role", String(20), nullable=False),  # ketua / anggota
    Column("added_at", String(32), nullable=False),
    PrimaryKeyConstraint("group_id", "member_id"),
)

distributions = Table(
    "distributions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("number", String(48), nullable=False, unique=True),
    Column("beneficiary_id", String(36), ForeignKey("beneficiaries.id"), nullable=False, index=True),
    Column("fund_code", String(40), ForeignKey("funds.code"), nullable=False),
    Column("program_code", String(40), ForeignKey("programs.code"), nullable=False),
    Column("kind", String(8), nullable=False),  # tunai / barang
    Column("amount", Integer, nullable=False),  # cash, or the goods' estimated value
    Column("item", String(120)),
    Column("quantity", String(20)),  # exact decimal text
    Column("unit", String(20)),
    Column("asnaf", String(12)),  # the recipient's asnaf when given
    Column("note", String(300)),
    Column("status", String(10), nullable=False, index=True),  # diajukan / disetujui / ditolak
    Column("proposed_at", String(32), nullable=False),
    Column("proposed_by", String(36), ForeignKey("users.id")),
    Column("decided_at", String(32)),
    Column("decided_by", String(36), ForeignKey("users.id")),
    Column("decision_reason", String(300)),
    Column("warnings", Text),  # canonical JSON of the duplicate-aid warnings seen at approval
)

deposits = Table(
    "deposits",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fund_code", String(40), ForeignKey("funds.code"), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("deposited_on", String(10), nullable=False),
    Column("reference", String(60)),
    Column("note", String(300)),
    Column("recorded_at", String(32), nullable=False),
    Column("user_id", String(36), ForeignKey("users.id")),
    Column("deposit_id", String(36), ForeignKey("deposit_slips.id"), index=True),  # its slip (migration 0008)
)

fund_totals = Table(
    "fund_totals",
    metadata,
    Column("fund_code", String(40), ForeignKey("funds.code"), primary_key=True),
    Column("collected", Integer, nullable=False),
    Column("distributed", Integer, nullable=False),
    Column("pending", Integer, nullable=False),
    Column("deposited", Integer, nullable=False),
)

district_aid_index = Table(
    "district_aid_index",
    metadata,
    Column("id", String(64), primary_key=True),  # the district's item id: re-applying is idempotent
    Column("nik_hash", String(64), index=True),
    Column("kk_hash", String(64), index=True),
    Column("office_code", String(16), nullable=False),
    Column("aid_date", String(10), nullable=False, index=True),
    Column("fund_code", String(40)),
    Column("program_code", String(40)),
    Column("value", Integer),
    Column("version", Integer, nullable=False),
)
