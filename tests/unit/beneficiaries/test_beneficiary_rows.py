"""Column-by-column checking of imported rows: every problem of a row, in the form's order."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.services.beneficiary_rows import FIELDS, SOURCE_COLUMN, check_rows
from tests.unit.beneficiaries.conftest import make_kk, make_nik

TODAY = date(2026, 1, 1)


def _check(rows: list[dict[str, Any]], **options: Any) -> Any:
    columns = {column: [row.get(column) for row in rows] for column in SOURCE_COLUMN.values()}
    options = {"default_asnaf": None, "require_asnaf": True, **options}
    return check_rows(columns, len(rows), TODAY, **options)


def test_a_good_row_gives_every_field() -> None:
    checked = _check([{"nik": make_nik(1), "no_kk": make_kk(1), "nama": "  Siti   Aminah ", "jenis_kelamin": "P",
                       "tanggal_lahir": "05-07-1985", "alamat": "RT 1", "kode_desa": "64.01.01.2001",
                       "telepon": 81234567890, "desil": "3", "asnaf": "Ibnu Sabil"}])
    assert checked.errors == [None]
    assert [checked.values[f][0] for f in FIELDS] == [
        make_nik(1), make_kk(1), "Siti Aminah", "P", "1985-07-05", "RT 1", "6401012001", "081234567890", 3,
        "ibnu_sabil"]


def test_every_problem_of_a_row_in_the_forms_order() -> None:
    bad = {"nik": "123", "no_kk": "99", "nama": " ", "jenis_kelamin": "X", "tanggal_lahir": "31-02-1990",
           "alamat": "y" * 301, "kode_desa": "123", "telepon": "12", "desil": "11", "asnaf": "dhuafa"}
    checked = _check([bad, {"nik": "", "nama": "Ani", "asnaf": ""}])
    assert [e.code for e in checked.errors[0]] == [
        "nik_length", "kk_length", "beneficiary_name_required", "sex_invalid", "date_invalid", "text_too_long",
        "village_code_invalid", "phone_invalid", "decile_invalid", "asnaf_unknown"]
    assert [e.code for e in checked.errors[1]] == ["import_nik_required", "import_asnaf_required"]
    assert all(checked.values[f] == [None, None] for f in FIELDS if f != "name") and checked.values["name"][1] == "Ani"


def test_a_repeated_bad_text_is_refused_on_every_row() -> None:
    rows = [{"nik": make_nik(i), "nama": "Ani", "jenis_kelamin": "X" if i % 2 else "L", "asnaf": "fakir"}
            for i in range(1, 7)]
    checked = _check(rows)
    assert [[e.code for e in errors] if errors else None for errors in checked.errors] == [
        ["sex_invalid"], None, ["sex_invalid"], None, ["sex_invalid"], None]
    assert checked.values["sex"] == [None, "L"] * 3


def test_equal_but_different_values_are_not_confused() -> None:
    """1, 1.0 and True are one dict key; only texts are remembered, so True stays a bad decile."""
    rows = [{"nik": make_nik(i), "nama": "Ani", "desil": value} for i, value in enumerate(["1", 1, 1.0, True], 1)]
    checked = _check(rows, require_asnaf=False)
    assert checked.values["decile"] == [1, 1, 1, None]
    assert checked.errors[:3] == [None] * 3 and checked.errors[3] is not None
    assert [e.code for e in checked.errors[3]] == ["decile_invalid"]


def test_missing_columns_and_default_asnaf() -> None:
    columns = {"nik": [make_nik(1), make_nik(2)], "nama": ["Ani", "Budi"]}
    checked = check_rows(columns, 2, TODAY, default_asnaf="miskin", require_asnaf=False)
    assert checked.errors == [None, None] and checked.values["asnaf"] == ["miskin", "miskin"]
    assert checked.values["kk"] == [None, None] and checked.values["decile"] == [None, None]
