"""Import of beneficiaries (persons) from CSV or XLSX: preview with per-row errors, then one transaction.

Two column layouts are recognised by their header row (found within the first 10 rows, so title
lines above the table are fine); header names are compared lower-cased with every run of
non-letters turned into "_" ("No. KK" -> "no_kk"):

- our template: ``nik,no_kk,nama,jenis_kelamin,tanggal_lahir,alamat,kode_desa,telepon,asnaf,desil``
- a P3KE/DTSEN export, by the aliases in ``COLUMN_ALIASES``: "NIK" / "NIK Kepala Keluarga",
  "No KK" / "Nomor KK" / "No Kartu Keluarga", "Nama" / "Nama Kepala Keluarga" / "Nama KRT",
  "Jenis Kelamin" / "JK" (L/P or Laki-laki/Perempuan), "Tanggal Lahir" / "Tgl Lahir", "Alamat",
  "Kode Desa" / "Kode Wilayah" / "Kode Kelurahan" / "Kode Kemendagri", "No HP" / "Telepon",
  "Desil" / "Desil Kesejahteraan" / "Desil Nasional". Other columns are ignored.

Rules: NIK is required and is the duplicate key. A NIK already registered is skipped (counted in
``skipped_duplicates``, not an error), so re-importing a file adds nothing. A NIK repeated inside the
file is an error on the later rows. Asnaf is required when the file has an asnaf column (or when
``require_asnaf``); a P3KE export has none, so give ``default_asnaf`` or import with
``require_asnaf=False`` for non-zakat aid. Row numbers are the spreadsheet's own (header = its row).
Good rows go in together in one transaction, each with its ``beneficiary.saved`` journal snapshot.

Built for 100,000 rows (issue 10): rows are checked column by column (``beneficiary_rows``), the
rows and their search index are written in bulk (``store.beneficiaries_bulk``) and the events in one
executemany (``store.journal_bulk``); ``bench/bench_beneficiaries.py`` holds the import to <= 3x a
raw executemany of the same rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from desktop.core.aid import BeneficiaryKind, BeneficiaryStatus
from desktop.core.asnaf import parse_asnaf
from desktop.core.errors import AmilError, ValidationError
from desktop.core.identity import mask_identity
from desktop.core.ids import new_uuid7
from desktop.services.beneficiary_rows import FIELDS, check_rows
from desktop.services.context import AppContext
from desktop.store.beneficiaries_bulk import insert_beneficiaries
from desktop.store.journal_bulk import CanonicalJson, append_events, quote
from sync.protocol.events import BENEFICIARY_SAVED

TEMPLATE_HEADER = ("nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "alamat", "kode_desa", "telepon",
                   "asnaf", "desil")
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "no_nik", "nomor_nik", "nik_kepala_keluarga", "nik_krt", "nomor_induk_kependudukan"),
    "no_kk": ("no_kk", "nomor_kk", "kk", "nkk", "no_kartu_keluarga", "nomor_kartu_keluarga"),
    "nama": ("nama", "nama_lengkap", "nama_kepala_keluarga", "nama_krt", "nama_kepala_rumah_tangga",
             "nama_penerima"),
    "jenis_kelamin": ("jenis_kelamin", "jk", "kelamin", "l_p", "jenis_kelamin_l_p"),
    "tanggal_lahir": ("tanggal_lahir", "tgl_lahir", "tanggal_lahir_yyyy_mm_dd"),
    "alamat": ("alamat", "alamat_lengkap", "alamat_domisili"),
    "kode_desa": ("kode_desa", "kode_wilayah", "kode_kelurahan", "kode_desa_kelurahan", "kode_kemendagri"),
    "telepon": ("telepon", "no_telepon", "no_telp", "telp", "no_hp", "nomor_hp", "hp"),
    "asnaf": ("asnaf", "kategori_asnaf"),
    "desil": ("desil", "desil_kesejahteraan", "desil_nasional", "peringkat_desil"),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}
HEADER_SCAN_ROWS = 10
MAX_ROWS = 200_000
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Columns written per imported person; kind, status and version are the same for all of them.
_INSERT_COLUMNS = ("id", *FIELDS, "kind", "status", "version", "created_at", "updated_at", "created_by")
_KIND = BeneficiaryKind.PERSON.value
_STATUS = BeneficiaryStatus.AKTIF.value
_NIK_CHUNK = 500  # NIKs per "already registered?" query (SQLite allows 999 parameters at least)


@dataclass(frozen=True)
class RowError:
    row: int
    message: str
    codes: tuple[str, ...]
    nik: str | None = None  # masked
    name: str | None = None


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0
    to_import: int = 0
    skipped_duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True
    layout: str = "template"
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported, "to_import": self.to_import, "skipped_duplicates": self.skipped_duplicates,
            "rows": self.rows, "dry_run": self.dry_run, "layout": self.layout, "columns": self.columns,
            "errors": [{"row": e.row, "message": e.message, "codes": list(e.codes)} for e in self.errors],
        }


def normalise_header(text: object) -> str:
    return _NON_WORD.sub("_", str(text or "").strip().lower()).strip("_")


def _read_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        yield from _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        yield from _csv_rows(path)
    else:
        raise ValidationError("import_file_unsupported", name=path.name)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from desktop.services.xlsx_reader import XlsxUnreadable, iter_xlsx_rows

    try:
        rows = list(iter_xlsx_rows(path))  # calamine reads the whole sheet at once anyway
    except XlsxUnreadable as exc:
        raise ValidationError("import_file_unreadable", name=path.name, detail=str(exc)) from exc
    yield from rows


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError("import_file_unreadable", name=path.name, detail=str(exc)) from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")  # Excel "CSV" on an Indonesian Windows PC
    head = "\n".join(content.split("\n", HEADER_SCAN_ROWS)[:HEADER_SCAN_ROWS])
    delimiter = max((";", ",", "\t"), key=head.count)
    yield from enumerate(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter), start=1)


def _find_header(rows: Iterator[tuple[int, list[Any]]]) -> tuple[dict[str, int], dict[str, str]]:
    for number, values in rows:
        mapping: dict[str, int] = {}
        written: dict[str, str] = {}
        for index, cell in enumerate(values):
            name = _ALIAS_TO_FIELD.get(normalise_header(cell))
            if name is not None and name not in mapping:
                mapping[name] = index
                written[name] = str(cell).strip()
        if "nik" in mapping and "nama" in mapping:
            return mapping, written
        if number >= HEADER_SCAN_ROWS:
            break
    raise ValidationError("import_header_missing")


def _is_blank(cells: list[Any]) -> bool:
    """Whether a row holds nothing but empty cells and spaces (any number, date or bool counts)."""
    for cell in cells:
        if cell is None:
            continue
        if cell.__class__ is not str or (cell and not cell.isspace()):
            return False
    return True


def _existing_niks(conn: Connection, niks: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(niks), _NIK_CHUNK):
        chunk = niks[start:start + _NIK_CHUNK]
        sql = f"SELECT nik FROM beneficiaries WHERE nik IN ({', '.join('?' * len(chunk))})"
        found.update(row[0] for row in conn.exec_driver_sql(sql, tuple(chunk)))
    return found


def _columns(rows: list[list[Any]], mapping: dict[str, int]) -> dict[str, list[Any]]:
    """The raw cells of each mapped column, one per row (None past a short row's end)."""
    columns = {}
    for name, index in mapping.items():
        try:
            columns[name] = [cells[index] for cells in rows]
        except IndexError:
            columns[name] = [cells[index] if index < len(cells) else None for cells in rows]
    return columns


def _plan(ctx: AppContext, path: Path, conn: Connection, *, default_asnaf: str | None,
          require_asnaf: bool | None) -> tuple[ImportResult, list[tuple[Any, ...]]]:
    """What importing ``path`` would do, and the good rows as tuples of ``FIELDS`` values."""
    if default_asnaf:
        parse_asnaf(default_asnaf)  # a bad default is the user's error, not 100,000 row errors
    source = _read_rows(Path(path))
    mapping, written = _find_header(source)
    result = ImportResult(columns=written,
                          layout="template" if set(TEMPLATE_HEADER) <= set(mapping) else "p3ke")
    numbers: list[int] = []
    rows: list[list[Any]] = []
    for number, cells in source:
        if _is_blank(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise ValidationError("import_too_many_rows", max_rows=MAX_ROWS)
        numbers.append(number)
        rows.append(cells)
    result.rows = len(rows)
    raw = _columns(rows, mapping)
    del rows
    checked = check_rows(raw, len(numbers), ctx.local(ctx.now()).date(), default_asnaf=default_asnaf,
                         require_asnaf=("asnaf" in mapping) if require_asnaf is None else require_asnaf)
    niks: list[str | None] = checked.values["nik"]
    errors = checked.errors
    first_row: dict[str, int] = {}
    for index, nik in enumerate(niks):
        if nik is None:
            continue
        first = first_row.setdefault(nik, numbers[index])
        if first != numbers[index]:
            duplicate = ValidationError("import_nik_duplicate_in_file", nik=mask_identity(nik), first_row=first)
            errors[index] = [*(errors[index] or ()), duplicate]
    existing = _existing_niks(conn, list(first_row))
    good = list(zip(*(checked.values[f] for f in FIELDS), strict=True))
    if not existing and not any(errors):
        result.to_import = len(good)
        return result, good
    names = raw.get("nama")
    to_insert = []
    for index, nik in enumerate(niks):
        row_errors = errors[index]
        if nik is not None and nik in existing:
            result.skipped_duplicates += 1  # registered already: re-importing a file adds nothing
        elif row_errors:
            result.errors.append(_row_error(numbers[index], row_errors, nik, names[index] if names else None))
        else:
            to_insert.append(good[index])
    result.to_import = len(to_insert)
    return result, to_insert


def _row_error(number: int, errors: list[AmilError], nik: str | None, name: Any) -> RowError:
    return RowError(number, "; ".join(str(e) for e in errors), tuple(e.code for e in errors),
                    mask_identity(nik) if nik else None, None if name is None or name == "" else str(name))


def person_snapshot_json(beneficiary_id: str, row: tuple[Any, ...]) -> CanonicalJson:
    """The ``beneficiary.saved`` payload of an imported person (version 1), as canonical JSON text.

    Equal to ``canonical_payload(snapshot_payload(...))`` (a test holds it to that), written out
    because encoding 100,000 dicts costs ~0.6 s; ``row`` holds the ``FIELDS`` values.
    """
    nik, kk, name, sex, birth_date, address, village_code, phone, decile, asnaf = row
    return CanonicalJson(
        f'{{"address":{"null" if address is None else quote(address)},'
        f'"asnaf":{"null" if asnaf is None else quote(asnaf)},"base_version":0,'
        f'"birth_date":{"null" if birth_date is None else quote(birth_date)},'
        f'"decile":{"null" if decile is None else int(decile)},"group_type":null,"id":{quote(beneficiary_id)},'
        f'"kind":{_KIND_JSON},"kk":{"null" if kk is None else quote(kk)},"name":{quote(name)},'
        f'"needs_note":null,"nik":{quote(nik)},"phone":{"null" if phone is None else quote(phone)},'
        f'"sex":{"null" if sex is None else quote(sex)},"status":{_STATUS_JSON},"version":1,'
        f'"village_code":{"null" if village_code is None else quote(village_code)}}}'
    )


_KIND_JSON = quote(_KIND)
_STATUS_JSON = quote(_STATUS)


def preview_import(ctx: AppContext, path: Path, *, default_asnaf: str | None = None,
                   require_asnaf: bool | None = None) -> ImportResult:
    """Dry run: what would be imported, skipped and refused (nothing is written)."""
    with ctx.store.read() as conn:
        result, _ = _plan(ctx, path, conn, default_asnaf=default_asnaf, require_asnaf=require_asnaf)
    return result


def import_beneficiaries(ctx: AppContext, path: Path, *, dry_run: bool = False, default_asnaf: str | None = None,
                         require_asnaf: bool | None = None, allow_anonymous: bool = False) -> ImportResult:
    """Import the good rows of ``path`` in one transaction, each with its journal snapshot.

    ``allow_anonymous`` lets the headless command run without a signed-in user (events then carry no
    user id); the window always has one.
    """
    user_id = ctx.user.id if ctx.user is not None else (None if allow_anonymous else ctx.require_user().id)
    if dry_run:
        return preview_import(ctx, path, default_asnaf=default_asnaf, require_asnaf=require_asnaf)
    now = ctx.now_iso()
    with ctx.store.write() as conn:
        result, to_insert = _plan(ctx, path, conn, default_asnaf=default_asnaf, require_asnaf=require_asnaf)
        result.dry_run = False
        if to_insert:
            ids = [new_uuid7() for _ in to_insert]
            insert_beneficiaries(conn, _INSERT_COLUMNS, [
                (beneficiary_id, *row, _KIND, _STATUS, 1, now, now, user_id)
                for beneficiary_id, row in zip(ids, to_insert, strict=True)
            ])
            append_events(conn, ctx.office.identity, type=BENEFICIARY_SAVED,
                          items=[(beneficiary_id, person_snapshot_json(beneficiary_id, row))
                                 for beneficiary_id, row in zip(ids, to_insert, strict=True)],
                          user_id=user_id, occurred_at=now)
        result.imported = len(to_insert)
    return result


# Shared with the collective (payer list) import: the same file reading and blank-row rule.
read_rows = _read_rows
row_is_blank = _is_blank


def write_error_report(result: ImportResult, path: Path) -> None:
    """The downloadable error report: one CSV line per refused row (NIK masked, UU PDP)."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["baris", "nik", "nama", "kesalahan"])
        for error in result.errors:
            writer.writerow([error.row, error.nik or "", error.name or "", error.message])
