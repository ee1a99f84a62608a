"""Default catalogue of funds (jenis dana), programs and rates.

These are seed values only: the district pushes its own catalogue down and each office sets
its rates from its decree (SK), so logic must take a ``Rates`` argument rather than read
``DEFAULT_RATES`` directly. Fund codes are stable identifiers stored in the ledger: never
rename one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from desktop.core.errors import ValidationError


class FundKind(StrEnum):
    """Broad family of a fund; funds of different kinds never mix in balances."""

    ZAKAT = "zakat"
    INFAK = "infak"
    DSKL = "dskl"


class FundUnit(StrEnum):
    """How a fund's amount is counted at the counter."""

    MONEY = "money"
    FITRAH = "fitrah"  # per person, paid in money or in rice
    FIDYAH = "fidyah"  # per day of missed fasting


@dataclass(frozen=True)
class Fund:
    """One fund a donation line can name."""

    code: str
    name: str
    kind: FundKind
    unit: FundUnit

    @property
    def is_zakat(self) -> bool:
        """Zakat may only go to the 8 asnaf and qualifies for the BSZ tax receipt."""
        return self.kind is FundKind.ZAKAT


DEFAULT_FUNDS: Final[tuple[Fund, ...]] = (
    Fund("zakat_maal", "Zakat Maal", FundKind.ZAKAT, FundUnit.MONEY),
    Fund("zakat_penghasilan", "Zakat Penghasilan/Profesi", FundKind.ZAKAT, FundUnit.MONEY),
    Fund("zakat_perdagangan", "Zakat Perdagangan", FundKind.ZAKAT, FundUnit.MONEY),
    Fund("zakat_pertanian", "Zakat Pertanian", FundKind.ZAKAT, FundUnit.MONEY),
    Fund("zakat_emas_perak", "Zakat Emas/Perak", FundKind.ZAKAT, FundUnit.MONEY),
    Fund("zakat_fitrah", "Zakat Fitrah", FundKind.ZAKAT, FundUnit.FITRAH),
    Fund("infak_tidak_terikat", "Infak/Sedekah Tidak Terikat", FundKind.INFAK, FundUnit.MONEY),
    Fund("infak_terikat", "Infak/Sedekah Terikat", FundKind.INFAK, FundUnit.MONEY),
    Fund("sedekah", "Sedekah", FundKind.INFAK, FundUnit.MONEY),
    Fund("fidyah", "Fidyah", FundKind.DSKL, FundUnit.FIDYAH),
    Fund("kurban", "Kurban", FundKind.DSKL, FundUnit.MONEY),
    Fund("kafarat", "Kafarat", FundKind.DSKL, FundUnit.MONEY),
    Fund("dskl_lainnya", "DSKL Lainnya", FundKind.DSKL, FundUnit.MONEY),
)


@dataclass(frozen=True)
class Program:
    """A program donations can be earmarked for, grouped under a pillar for reporting."""

    code: str
    name: str
    pillar: str


DEFAULT_PROGRAMS: Final[tuple[Program, ...]] = (
    Program("umum", "Umum", "umum"),
    Program("indonesia_sejahtera", "Indonesia Sejahtera", "ekonomi"),
    Program("indonesia_cerdas", "Indonesia Cerdas", "pendidikan"),
    Program("indonesia_sehat", "Indonesia Sehat", "kesehatan"),
    Program("indonesia_peduli", "Indonesia Peduli", "kemanusiaan"),
    Program("indonesia_taqwa", "Indonesia Taqwa", "dakwah"),
)


@dataclass(frozen=True)
class Rates:
    """Per-office rates from its SK. Money in whole rupiah, rice in grams, shares in permille."""

    fitrah_money_per_person: int = 50_000
    fitrah_rice_grams_per_person: int = 2_500
    fidyah_per_day: int = 65_000
    amil_share_zakat_permille: int = 125
    amil_share_infak_permille: int = 200


DEFAULT_RATES: Final[Rates] = Rates()
"""BAZNAS RI 2026 defaults; offices override them."""


def fund_by_code(code: str, funds: tuple[Fund, ...] = DEFAULT_FUNDS) -> Fund:
    """Look a fund up by its stable code; unknown codes are a user-facing error."""
    for fund in funds:
        if fund.code == code:
            return fund
    raise ValidationError("fund_unknown", fund=code)


def _check_count(count: int) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
        raise ValidationError("quantity_invalid", text=str(count))
    return count


def fitrah_amount(persons: int, rates: Rates) -> int:
    """Zakat fitrah in rupiah for a number of people paying in money."""
    return _check_count(persons) * rates.fitrah_money_per_person


def fitrah_rice_grams(persons: int, rates: Rates) -> int:
    """Zakat fitrah in grams of rice for a number of people paying in kind."""
    return _check_count(persons) * rates.fitrah_rice_grams_per_person


def fidyah_amount(days: int, rates: Rates) -> int:
    """Fidyah in rupiah for a number of missed fasting days."""
    return _check_count(days) * rates.fidyah_per_day
