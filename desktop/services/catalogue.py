"""Funds and programs as the donation form offers them (active ones, in catalogue order)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.core.funds import FundKind, FundUnit
from desktop.services.context import AppContext
from desktop.store.tables import funds, programs


@dataclass(frozen=True)
class FundChoice:
    code: str
    name: str
    kind: FundKind
    unit: FundUnit

    @property
    def is_zakat(self) -> bool:
        return self.kind == FundKind.ZAKAT


@dataclass(frozen=True)
class ProgramChoice:
    code: str
    name: str
    pillar: str


def list_funds(ctx: AppContext) -> list[FundChoice]:
    with ctx.store.read() as conn:
        rows = conn.execute(
            select(funds).where(funds.c.active.is_(True)).order_by(funds.c.sort_order)
        ).all()
    return [FundChoice(r.code, r.name, FundKind(r.kind), FundUnit(r.unit)) for r in rows]


def list_programs(ctx: AppContext) -> list[ProgramChoice]:
    with ctx.store.read() as conn:
        rows = conn.execute(
            select(programs).where(programs.c.active.is_(True)).order_by(programs.c.name)
        ).all()
    return [ProgramChoice(r.code, r.name, r.pillar) for r in rows]
