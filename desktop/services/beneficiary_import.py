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
Good rows go in with ``executemany`` and one journal snapshot each, all in one transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from desktop.core.aid import BeneficiaryKind, parse_birth_date, parse_decile, parse_sex, validate_village_code
from desktop.core.asnaf import parse_asnaf
from desktop.core.errors import AmilError, ValidationError
from desktop.core.identity import mask_identity, validate_kk, validate_nik
from desktop.core.ids import new_uuid7
from desktop.core.text import clean_text, normalize_phone
from desktop.services.beneficiaries import snapshot_payload
from desktop.services.context import AppContext
from desktop.store.journal import DeviceIdentity
from desktop.store.tables import journal
from desktop.store.tables_beneficiaries import beneficiaries
from sync.protocol.canonical import GENESIS_HASH
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
_COLUMNS = ("id", "kind", "group_type", "name", "nik", "kk", "birth_date", "sex", "address", "village_code",
            "phone", "asnaf", "decile", "needs_note", "status", "version", "created_at", "updated_at",
            "created_by")
_INSERT_SQL = f"INSERT INTO beneficiaries ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
# canonical_json without its float/type walk: import payloads hold only str, int and None by construction.
_canonical = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_quote = json.encoder.encode_basestring
_JOURNAL_SQL = ("INSERT INTO journal (seq, event_id, type, entity_id, occurred_at, user_id, payload, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


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
    from desktop.services.xlsx_reader import XlsxUnsupported, iter_xlsx_rows

    rows = iter_xlsx_rows(str(path))
    try:
        first = next(rows, None)  # the workbook's structure is read here
    except XlsxUnsupported:
        yield from _openpyxl_rows(path)
        return
    except (ValueError, IndexError, OSError, EOFError, zlib.error) as exc:
        raise ValidationError("import_file_unreadable", name=path.name, detail=type(exc).__name__) from exc
    if first is None:
        return
    yield first
    try:
        yield from rows
    except (ValueError, IndexError, OSError, EOFError, zlib.error) as exc:  # damaged sheet data
        raise ValidationError("import_file_unreadable", name=path.name, detail=type(exc).__name__) from exc


def _openpyxl_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """Slower, but reads any workbook openpyxl understands."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or mislabelled file
        raise ValidationError("import_file_unreadable", name=path.name, detail=type(exc).__name__) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


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
    for number, values in enumerate(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter), start=1):
        yield number, list(values)


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


def _identity_cell(value: Any, check: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        raise ValidationError("import_nik_numeric")
    return str(check(str(value)))


def _phone_cell(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
        if value.startswith("8"):
            value = "0" + value  # Excel dropped the leading zero of "0812..."
    return normalize_phone(None if value is None else str(value))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def validate_row(cells: dict[str, Any], today: date, *, default_asnaf: str | None,
                 require_asnaf: bool) -> tuple[dict[str, Any], list[AmilError]]:
    """Column values of one row and every problem found in it (all reported at once).

    The values are complete only when the error list is empty.
    """
    errors: list[AmilError] = []
    values: dict[str, Any] = {"kind": BeneficiaryKind.PERSON.value, "group_type": None, "needs_note": None,
                              "status": "aktif"}

    def take(key: str, parse: Any, raw: Any) -> None:
        try:
            values[key] = parse(raw)
        except AmilError as exc:
            errors.append(exc)

    take("nik", lambda v: _identity_cell(v, validate_nik), cells.get("nik"))
    if "nik" in values and values["nik"] is None:
        errors.append(ValidationError("import_nik_required"))
    take("kk", lambda v: _identity_cell(v, validate_kk), cells.get("no_kk"))
    take("name", lambda v: clean_text(_text(v), max_len=120, field="Nama"), cells.get("nama"))
    if "name" in values and not values["name"]:
        errors.append(ValidationError("beneficiary_name_required"))
    take("sex", lambda v: parse_sex(_text(v)), cells.get("jenis_kelamin"))
    take("birth_date", lambda v: parse_birth_date(v, today=today), cells.get("tanggal_lahir"))
    take("address", lambda v: clean_text(_text(v), max_len=300, field="Alamat"), cells.get("alamat"))
    take("village_code", lambda v: validate_village_code(_text(v)), cells.get("kode_desa"))
    take("phone", _phone_cell, cells.get("telepon"))
    take("decile", parse_decile, cells.get("desil"))
    take("asnaf", lambda v: (a.value if (a := parse_asnaf(v or default_asnaf)) else None), _text(cells.get("asnaf")))
    if "asnaf" in values and values["asnaf"] is None and require_asnaf:
        errors.append(ValidationError("import_asnaf_required"))
    return values, errors


def _existing_niks(conn: Connection, niks: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(niks), 500):
        chunk = niks[start:start + 500]
        found.update(r[0] for r in conn.execute(select(beneficiaries.c.nik).where(beneficiaries.c.nik.in_(chunk))))
    return found


def _plan(ctx: AppContext, path: Path, conn: Connection, *, default_asnaf: str | None,
          require_asnaf: bool | None) -> tuple[ImportResult, list[dict[str, Any]]]:
    if default_asnaf:
        parse_asnaf(default_asnaf)  # a bad default is the user's error, not 100,000 row errors
    rows = _read_rows(Path(path))
    mapping, written = _find_header(rows)
    result = ImportResult(columns=written,
                          layout="template" if set(TEMPLATE_HEADER) <= set(mapping) else "p3ke")
    asnaf_needed = ("asnaf" in mapping) if require_asnaf is None else require_asnaf
    today = ctx.local(ctx.now()).date()
    parsed: list[tuple[int, str | None, dict[str, Any], list[AmilError], Any]] = []
    first_row: dict[str, int] = {}
    for number, cells in rows:
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            raise ValidationError("import_too_many_rows", max_rows=MAX_ROWS)
        named = {key: cells[index] if index < len(cells) else None for key, index in mapping.items()}
        values, errors = validate_row(named, today, default_asnaf=default_asnaf, require_asnaf=asnaf_needed)
        nik = values.get("nik")
        if nik is not None and nik in first_row:
            errors.append(ValidationError("import_nik_duplicate_in_file", nik=mask_identity(nik),
                                          first_row=first_row[nik]))
        elif nik is not None:
            first_row[nik] = number
        parsed.append((number, nik, values, errors, named.get("nama")))
    existing = _existing_niks(conn, list(first_row))
    to_insert: list[dict[str, Any]] = []
    for number, nik, values, errors, name in parsed:
        if nik is not None and nik in existing:
            result.skipped_duplicates += 1  # registered already: re-importing a file adds nothing
        elif errors:
            result.errors.append(RowError(number, "; ".join(str(e) for e in errors), tuple(e.code for e in errors),
                                          mask_identity(nik) if nik else None, _text(name)))
        else:
            to_insert.append(values)
    result.to_import = len(to_insert)
    return result, to_insert


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
            conn.exec_driver_sql(_INSERT_SQL, [
                tuple({**v, "id": i, "version": 1, "created_at": now, "updated_at": now, "created_by": user_id}[c]
                      for c in _COLUMNS)
                for i, v in zip(ids, to_insert, strict=True)
            ])
            append_events_bulk(conn, ctx.office.identity, BENEFICIARY_SAVED,
                               [(i, snapshot_payload(i, 1, v, None)) for i, v in zip(ids, to_insert, strict=True)],
                               user_id=user_id, occurred_at=now)
        result.imported = len(to_insert)
    return result


def append_events_bulk(conn: Connection, identity: DeviceIdentity, event_type: str,
                       items: list[tuple[str, dict[str, Any]]], *, user_id: str | None, occurred_at: str) -> None:
    """``append_event`` for many events at once: the same bodies and chain, one executemany.

    The body's canonical JSON is spliced around the payload's (keys in sorted order) instead of
    encoding each event twice: 100,000 events hash in ~1 s instead of ~4 s. ``verify_store``
    re-checks every hash with ``compute_event_hash``. Belongs beside ``append_event`` in
    desktop/store/journal.py; kept here until that file is free.
    """
    last = conn.execute(select(journal.c.seq, journal.c.hash).order_by(journal.c.seq.desc()).limit(1)).first()
    seq = 0 if last is None else int(last.seq)
    prev_hash = GENESIS_HASH if last is None else str(last.hash)
    head = (f'{{"device_id":{_quote(identity.device_id)},"entity_id":')
    middle = f',"occurred_at":{_quote(occurred_at)},"office_id":{_quote(identity.office_code)},"payload":'
    tail = f',"type":{_quote(event_type)},"user_id":{"null" if user_id is None else _quote(user_id)}}}'
    rows = []
    for entity_id, payload in items:
        seq += 1
        event_id = new_uuid7()
        payload_json = _canonical(payload)
        text = (f"{head}{_quote(entity_id)},\"event_id\":{_quote(event_id)}{middle}{payload_json}"
                f',"prev_hash":{_quote(prev_hash)},"seq":{seq}{tail}')
        event_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        rows.append((seq, event_id, event_type, entity_id, occurred_at, user_id, payload_json, prev_hash, event_hash))
        prev_hash = event_hash
    if rows:
        conn.exec_driver_sql(_JOURNAL_SQL, rows)


def write_error_report(result: ImportResult, path: Path) -> None:
    """The downloadable error report: one CSV line per refused row (NIK masked, UU PDP)."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["baris", "nik", "nama", "kesalahan"])
        for error in result.errors:
            writer.writerow([error.row, error.nik or "", error.name or "", error.message])
