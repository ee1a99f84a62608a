"""Receipt text helpers: Indonesian dates without locale, WinAnsi folding, wrapping, QR runs."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import segno
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.receipts.qr import dark_runs, qr_matrix
from desktop.receipts.text import MONTHS_ID, format_date_id, format_datetime_id, winansi, wrap_text


def test_months_are_indonesian_and_complete() -> None:
    assert MONTHS_ID == (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    )  # fmt: skip
    for month, name in enumerate(MONTHS_ID, start=1):
        assert format_date_id(date(2026, month, 1)) == f"1 {name} 2026"


def test_datetime_format() -> None:
    assert format_datetime_id(datetime(2026, 11, 25, 14, 5)) == "25 November 2026 14:05"
    assert format_datetime_id(datetime(2027, 2, 3, 0, 0)) == "3 Februari 2027 00:00"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Ahmad Fauzi", "Ahmad Fauzi"),
        ("3201••••••••0003", "3201••••••••0003"),
        ("Rp1.000.000 · 2,5 kg – é", "Rp1.000.000 · 2,5 kg – é"),
        ("Muḥammad Ṣāliḥ", "Muhammad Salih"),
        ("Ōtsuka 李", "Otsuka ?"),
        ("tab\there", "tab here"),
    ],
)
def test_winansi_folds_only_what_helvetica_cannot_show(given: str, expected: str) -> None:
    assert winansi(given) == expected


@pytest.mark.parametrize("width", [40.0, 80.0, 136.0, 204.0])
def test_wrap_never_exceeds_width_and_keeps_every_word(width: float) -> None:
    text = (
        "Hj. Raden Ajeng Siti Khadijah Nurhalimah binti Haji Abdul Rahman "
        "TRX-2026112514050000000123456789ABCDEFGHIJKLMNOP"
    )
    lines = wrap_text(text, "Helvetica", 7.5, width)
    assert all(stringWidth(line, "Helvetica", 7.5) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_wrap_short_text_is_one_line() -> None:
    assert wrap_text("Zakat Maal", "Helvetica-Bold", 8, 100) == ["Zakat Maal"]
    assert wrap_text("", "Helvetica", 8, 100) == [""]


def test_qr_is_regular_level_m() -> None:
    payload = "KLL-PKS/2026/A/000123|7F3K9Q"
    matrix = qr_matrix(payload)
    reference = segno.make(payload, error="m", micro=False, boost_error=False)
    assert not reference.is_micro
    assert reference.error == "M"
    assert [list(r) for r in matrix] == [list(r) for r in reference.matrix]


def test_dark_runs_cover_exactly_the_dark_modules() -> None:
    matrix = qr_matrix("https://zis.example.id/v/KLL-PKS/2026/A/000123?c=7F3K9Q")
    rebuilt = [[0] * len(row) for row in matrix]
    for r, c, length in dark_runs(matrix):
        assert length >= 1
        for x in range(c, c + length):
            assert rebuilt[r][x] == 0, "runs must not overlap"
            rebuilt[r][x] = 1
    assert rebuilt == [[1 if v else 0 for v in row] for row in matrix]
    # Runs are maximal: each is followed by a light module or the row's end.
    for r, c, length in dark_runs(matrix):
        end = c + length
        assert end == len(matrix[r]) or not matrix[r][end]
