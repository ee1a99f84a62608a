"""Tests for desktop.core.funds: default catalogue, rates and per-person/per-day amounts."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.core.errors import ValidationError
from desktop.core.funds import (
    DEFAULT_FUNDS,
    DEFAULT_PROGRAMS,
    DEFAULT_RATES,
    Fund,
    FundKind,
    FundUnit,
    Program,
    Rates,
    fidyah_amount,
    fitrah_amount,
    fitrah_rice_grams,
    fund_by_code,
)

EXPECTED_CODES = [
    "zakat_maal", "zakat_penghasilan", "zakat_perdagangan", "zakat_pertanian", "zakat_emas_perak",
    "zakat_fitrah", "infak_tidak_terikat", "infak_terikat", "sedekah", "fidyah", "kurban", "kafarat",
    "dskl_lainnya",
]  # fmt: skip


def test_enum_values_are_stable() -> None:
    assert [k.value for k in FundKind] == ["zakat", "infak", "dskl"]
    assert [u.value for u in FundUnit] == ["money", "fitrah", "fidyah"]
    assert FundKind("zakat") is FundKind.ZAKAT
    assert FundKind.ZAKAT == "zakat"


def test_default_fund_codes() -> None:
    assert [f.code for f in DEFAULT_FUNDS] == EXPECTED_CODES


def test_fund_kinds_and_units() -> None:
    by_code = {f.code: f for f in DEFAULT_FUNDS}
    zakat = {c for c in EXPECTED_CODES if c.startswith("zakat_")}
    assert {c for c, f in by_code.items() if f.is_zakat} == zakat
    assert {c for c, f in by_code.items() if f.kind is FundKind.INFAK} == {
        "infak_tidak_terikat", "infak_terikat", "sedekah"
    }  # fmt: skip
    assert {c for c, f in by_code.items() if f.kind is FundKind.DSKL} == {
        "fidyah", "kurban", "kafarat", "dskl_lainnya"
    }  # fmt: skip
    assert by_code["zakat_fitrah"].unit is FundUnit.FITRAH
    assert by_code["fidyah"].unit is FundUnit.FIDYAH
    others = set(by_code) - {"zakat_fitrah", "fidyah"}
    assert all(by_code[c].unit is FundUnit.MONEY for c in others)
    assert all(f.name.strip() for f in DEFAULT_FUNDS)


def test_fund_is_frozen_and_hashable() -> None:
    fund = DEFAULT_FUNDS[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fund.code = "x"  # type: ignore[misc]
    assert len(set(DEFAULT_FUNDS)) == len(DEFAULT_FUNDS)
    assert Fund("a", "A", FundKind.INFAK, FundUnit.MONEY).is_zakat is False


def test_fund_by_code() -> None:
    assert fund_by_code("fidyah").kind is FundKind.DSKL
    custom = (Fund("paser_berinfaq", "Paser Berinfaq", FundKind.INFAK, FundUnit.MONEY),)
    assert fund_by_code("paser_berinfaq", custom).name == "Paser Berinfaq"
    with pytest.raises(ValidationError) as exc:
        fund_by_code("zakat_maal", custom)
    assert exc.value.code == "fund_unknown"
    assert exc.value.params == {"fund": "zakat_maal"}


def test_default_programs() -> None:
    pillars = {p.code: p.pillar for p in DEFAULT_PROGRAMS}
    assert pillars == {
        "umum": "umum",
        "indonesia_sejahtera": "ekonomi",
        "indonesia_cerdas": "pendidikan",
        "indonesia_sehat": "kesehatan",
        "indonesia_peduli": "kemanusiaan",
        "indonesia_taqwa": "dakwah",
    }
    names = {p.code: p.name for p in DEFAULT_PROGRAMS}
    assert names["indonesia_taqwa"] == "Indonesia Taqwa"
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_PROGRAMS[0].name = "x"  # type: ignore[misc]
    assert Program("p", "P", "lingkungan").pillar == "lingkungan"


def test_default_rates() -> None:
    assert (
        Rates(
            fitrah_money_per_person=50_000,
            fitrah_rice_grams_per_person=2_500,
            fidyah_per_day=65_000,
            amil_share_zakat_permille=125,
            amil_share_infak_permille=200,
        )
        == DEFAULT_RATES
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_RATES.fidyah_per_day = 1  # type: ignore[misc]


def test_amounts_with_default_rates() -> None:
    assert fitrah_amount(1, DEFAULT_RATES) == 50_000
    assert fitrah_amount(5, DEFAULT_RATES) == 250_000
    assert fitrah_rice_grams(1, DEFAULT_RATES) == 2_500
    assert fitrah_rice_grams(4, DEFAULT_RATES) == 10_000
    assert fidyah_amount(1, DEFAULT_RATES) == 65_000
    assert fidyah_amount(30, DEFAULT_RATES) == 1_950_000


def test_amounts_use_office_rates() -> None:
    local = dataclasses.replace(
        DEFAULT_RATES,
        fitrah_money_per_person=45_000,
        fitrah_rice_grams_per_person=3_000,
        fidyah_per_day=50_000,
    )
    assert fitrah_amount(3, local) == 135_000
    assert fitrah_rice_grams(3, local) == 9_000
    assert fidyah_amount(7, local) == 350_000


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "3"])
@pytest.mark.parametrize("func", [fitrah_amount, fitrah_rice_grams, fidyah_amount])
def test_counts_must_be_positive_ints(func: object, bad: object) -> None:
    with pytest.raises(ValidationError) as exc:
        func(bad, DEFAULT_RATES)  # type: ignore[operator]
    assert exc.value.code == "quantity_invalid"
