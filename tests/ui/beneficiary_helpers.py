"""Seeding an office for the mustahik/penyaluran UI tests and reading back what was saved.

Seeding goes through the real services before the app opens the store (the app holds it
exclusively while it runs); everything checked afterwards is read through a second, non-locking
view of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from desktop.services.auth import authenticate
from desktop.services.beneficiaries import GroupInput, PersonInput, register_group, register_person
from desktop.services.context import AppContext, open_context
from desktop.services.settings import update_settings
from desktop.store.journal import high_seq
from desktop.store.tables_beneficiaries import beneficiaries, distributions
from tests.ui.conftest import PASSWORD
from tests.unit.beneficiaries.conftest import give, make_kk

SITI_NIK = "3201014507850003"  # Jawa Barat, woman born 05-07-1985, serial 0003
SITI_NIK_MASKED = "3201••••••••0003"
ANI_NIK = "3201014101900007"  # woman born 01-01-1990


@dataclass
class Seed:
    """What to put in the office before the clerk logs in."""

    donations: list[tuple[str, int]] = field(default_factory=list)
    persons: list[PersonInput] = field(default_factory=list)
    groups: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # name, type, member names
    language: str | None = None  # the office's UI language ("en"), applied at login


SITI = PersonInput(name="Siti Aminah", nik=SITI_NIK, kk=make_kk(1), asnaf="miskin", address="Jl. Mawar 3, Kuaro",
                   village_code="6401012001", decile=2)
ANI = PersonInput(name="Ani Lestari", nik=ANI_NIK, kk=make_kk(2), address="RT 04 Long Ikis")  # no asnaf


def seed_office(office_dir: Path, seed: Seed) -> dict[str, str]:
    """Record donations and register beneficiaries as the admin; returns name -> id."""
    ctx = open_context(office_dir)
    ids: dict[str, str] = {}
    try:
        ctx.user = authenticate(ctx.store, "admin", PASSWORD)
        if seed.language:
            update_settings(ctx, language=seed.language)
        for fund, amount in seed.donations:
            give(ctx, fund, amount)
        for person in seed.persons:
            ids[person.name] = register_person(ctx, person).id
        for name, group_type, members in seed.groups:
            member_ids = tuple(ids[m] for m in members)
            ids[name] = register_group(ctx, GroupInput(name=name, group_type=group_type, members=member_ids,
                                                       leader_id=member_ids[0] if member_ids else None)).id
    finally:
        ctx.close()
    return ids


def stored_counts(ctx: AppContext) -> tuple[int, int, int]:
    """(beneficiaries, distributions, journal high seq): all three stay put when a save is refused."""
    with ctx.store.read() as conn:
        people = conn.execute(select(func.count()).select_from(beneficiaries)).scalar_one()
        aid = conn.execute(select(func.count()).select_from(distributions)).scalar_one()
        return int(people), int(aid), high_seq(conn)


def stored_person(ctx: AppContext, name: str) -> dict[str, object]:
    """The stored row (full NIK/KK, as the database keeps them) of the person called ``name``."""
    with ctx.store.read() as conn:
        row = conn.execute(select(beneficiaries).where(beneficiaries.c.name == name)).one()
    return dict(row._mapping)
