"""Reading an institution's payer list from CSV or XLSX into collective lines.

Header ``nama,nik,dana,jumlah`` (an optional ``telepon``), found within the first 10 rows like the
beneficiary import (a class list or payroll export often has a title above the table); ``nik`` may
hold an 18-digit NIP instead, ``dana`` a fund code or name. Row numbers are the spreadsheet's own, so
an error says which line of the file to fix. The rows are checked by ``collective.plan_collective``,
the same rules as typed lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.errors import ValidationError
from desktop.services.beneficiary_import import HEADER_SCAN_ROWS, normalise_header, read_rows, row_is_blank
from desktop.services.collective import MAX_PAYER_LINES, PayerLine

TEMPLATE_HEADER = ("nama", "nik", "dana", "jumlah")
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "nama": ("nama", "nama_lengkap", "nama_pembayar", "nama_pegawai", "nama_siswa", "nama_muzakki"),
    "nik": ("nik", "nip", "nik_nip", "nik_atau_nip", "nip_nik", "no_nik", "nomor_nik"),
    "dana": ("dana", "jenis_dana", "kode_dana", "nama_dana"),
    "jumlah": ("jumlah", "nominal", "jumlah_rp", "jumlah_rupiah", "besaran"),
    "telepon": ("telepon", "no_hp", "hp", "no_telepon", "telp"),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}


def read_payer_lines(path: Path) -> list[PayerLine]:
    """Every non-blank row under the header as a ``PayerLine`` (unchecked: cells as the file holds them)."""
    rows = read_rows(Path(path))
    mapping: dict[str, int] | None = None
    for number, cells in rows:
        found: dict[str, int] = {}
        for index, header in enumerate(cells):
            name = _ALIAS_TO_FIELD.get(normalise_header(header))
            if name is not None and name not in found:
                found[name] = index
        if {"nama", "dana", "jumlah"} <= set(found):
            mapping = found
            break
        if number >= HEADER_SCAN_ROWS:
            break
    if mapping is None:
        raise ValidationError("collective_header_missing")

    columns: dict[str, int] = mapping

    def cell(cells: list[Any], name: str) -> Any:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    lines: list[PayerLine] = []
    for number, cells in rows:
        if row_is_blank(cells):
            continue
        if len(lines) == MAX_PAYER_LINES:
            raise ValidationError("import_too_many_rows", max_rows=MAX_PAYER_LINES)
        name = cell(cells, "nama")
        phone = cell(cells, "telepon")
        lines.append(PayerLine(
            name=None if name is None else str(name), identity=cell(cells, "nik"), fund=cell(cells, "dana"),
            amount=cell(cells, "jumlah"), phone=phone, row=number,
        ))
    return lines
