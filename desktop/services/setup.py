"""First-run setup: the office, this device, the default catalogue and the first admin, atomically.

Either all of it is written (with its journal events) or nothing is, so a half-configured store can
never exist.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import insert, select

from desktop.core.errors import ValidationError
from desktop.core.funds import DEFAULT_FUNDS, DEFAULT_PROGRAMS, DEFAULT_RATES
from desktop.core.ids import new_uuid7
from desktop.core.receipt_number import validate_device_letter, validate_office_code
from desktop.core.roles import Role
from desktop.core.text import clean_text
from desktop.services.backups import store_backup_key, validate_passphrase
from desktop.services.context import AppContext, OfficeInfo, iso_utc, load_office, utc_now
from desktop.services.users import insert_user
from desktop.store.database import open_store
from desktop.store.journal import DeviceIdentity, append_event
from desktop.store.store_key import seal_for_recovery
from desktop.store.tables import funds, office, programs, settings
from sync.protocol.canonical import canonical_json
from sync.protocol.events import OFFICE_CREATED


@dataclass(frozen=True)
class SetupInput:
    institution_name: str
    institution_address: str
    office_code: str
    office_name: str
    device_letter: str
    admin_username: str
    admin_password: str
    admin_full_name: str = ""
    logo_path: str | None = None
    recovery_passphrase: str | None = None  # derives the backup key; None: set it later in Pengaturan


LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 2 * 1024 * 1024


def _keep_logo(source: str | None, data_dir: Path) -> str | None:
    """Copy the chosen logo into the data folder, so receipts keep it when the original moves."""
    if not source or not source.strip():
        return None
    path = Path(source.strip())
    if path.suffix.lower() not in LOGO_SUFFIXES or not path.is_file():
        raise ValidationError("logo_invalid", path=str(path))
    if path.stat().st_size > MAX_LOGO_BYTES:
        raise ValidationError("logo_too_large", path=str(path))
    target = data_dir / f"logo{path.suffix.lower()}"
    shutil.copyfile(path, target)
    return str(target)


def initialize_office(data_dir: Path, data: SetupInput) -> AppContext:
    """Create the office in an empty store and return a context logged in as the first admin."""
    institution = clean_text(data.institution_name, max_len=160, field="Nama lembaga")
    if not institution:
        raise ValidationError("institution_required")
    address = clean_text(data.institution_address, max_len=300, field="Alamat lembaga") or ""
    office_name = clean_text(data.office_name, max_len=120, field="Nama kantor")
    if not office_name:
        raise ValidationError("office_name_required")
    code = validate_office_code(data.office_code)
    letter = validate_device_letter(data.device_letter)
    if data.recovery_passphrase is not None:
        validate_passphrase(data.recovery_passphrase)

    store = open_store(data_dir)
    try:
        logo = _keep_logo(data.logo_path, Path(data_dir))
        now = iso_utc(utc_now())
        office_id = new_uuid7()
        device_id = new_uuid7()
        identity = DeviceIdentity(device_id=device_id, office_code=code)
        with store.write() as conn:
            if conn.execute(select(office.c.id)).first() is not None:
                raise ValidationError("already_initialized")
            conn.execute(
                insert(office).values(
                    id=office_id, code=code, name=office_name, institution_name=institution,
                    institution_address=address, logo_path=logo, device_id=device_id,
                    device_letter=letter, created_at=now,
                )
            )
            conn.execute(insert(funds), [
                {"code": f.code, "name": f.name, "kind": f.kind.value, "unit": f.unit.value,
                 "active": True, "sort_order": index}
                for index, f in enumerate(DEFAULT_FUNDS)
            ])
            conn.execute(insert(programs), [
                {"code": p.code, "name": p.name, "pillar": p.pillar, "active": True}
                for p in DEFAULT_PROGRAMS
            ])
            conn.execute(insert(settings).values(
                key="rates", value=canonical_json(asdict(DEFAULT_RATES)).decode(), updated_at=now
            ))
            append_event(
                conn, identity, type=OFFICE_CREATED, entity_id=office_id,
                payload={"office_id": office_id, "code": code, "name": office_name,
                         "institution_name": institution, "institution_address": address,
                         "device_letter": letter, "device_id": device_id},
                user_id=None, occurred_at=now,
            )
            material = None
            if data.recovery_passphrase is not None:
                material = store_backup_key(conn, data.recovery_passphrase, now)
            admin = insert_user(
                conn, identity, username=data.admin_username,
                full_name=data.admin_full_name or data.admin_username, role=Role.ADMIN.value,
                password=data.admin_password, now=now, created_by=None,
            )
        if material is not None:  # the recovery sheet also opens the store when the OS loses its key
            seal_for_recovery(store.paths.data_dir, material)
        office_info: OfficeInfo = load_office(store)
        return AppContext(store=store, office=office_info, user=admin)
    except BaseException:
        store.close()
        raise
