"""Payer lists for the collective collection tests and benchmark: valid NIKs and NIPs, CSV/XLSX files."""

from __future__ import annotations

import csv
from pathlib import Path

FUNDS = ("zakat_penghasilan", "Infak/Sedekah Tidak Terikat", "sedekah")


def payer_nik(i: int) -> str:
    """A valid, distinct NIK per i (< 10,000 * 28): Kalimantan Timur, born 1 Jan 19xx, serial i."""
    return f"6401{(i // 9999) % 28 + 1:02d}0101{80 + i % 10:02d}{i % 9999 + 1:04d}"


def payer_nip(i: int) -> str:
    """A valid, distinct NIP per i (< 999 * 30): born 1 Jan 1970+, appointed 2005-01."""
    return f"{1970 + i // 999}0101200501{1 + i % 2}{i % 999 + 1:03d}"


def payer_rows(count: int, *, nip_every: int = 4) -> list[list[object]]:
    """``count`` rows of ``nama,nik,dana,jumlah``: every ``nip_every``-th payer by NIP, funds rotating."""
    rows: list[list[object]] = []
    for i in range(count):
        identity = payer_nip(i) if nip_every and i % nip_every == nip_every - 1 else payer_nik(i)
        rows.append([f"Pembayar {i + 1:04d}", identity, FUNDS[i % len(FUNDS)], 25_000 + (i % 7) * 5_000])
    return rows


def rows_total(rows: list[list[object]]) -> int:
    return sum(int(str(r[3]).replace(".", "").removeprefix("Rp")) for r in rows)


def write_csv(path: Path, rows: list[list[object]], *, title: str | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        if title:
            writer.writerow([title])
        writer.writerow(["nama", "nik", "dana", "jumlah"])
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Daftar setoran infak/zakat pegawai"])
    sheet.append(["Nama", "NIK/NIP", "Jenis Dana", "Jumlah"])
    for row in rows:
        sheet.append([row[0], str(row[1]), row[2], row[3]])
        sheet.cell(row=sheet.max_row, column=2).number_format = "@"
    book.save(path)
    return path
