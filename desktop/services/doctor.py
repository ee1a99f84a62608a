"""``amildesk doctor``: the checks support asks for first, each OK/WARN/FAIL with what to do.

Every check is independent and catches its own failure: a broken printer driver or an unreachable
server must not hide what the other checks found. Nothing here writes to the store.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop.services.backups import load_backup_key, newest_backup, second_folder_state
from desktop.services.context import AppContext
from desktop.store import dbapi
from desktop.store.paths import StorePaths
from desktop.store.store_key import read_record

OK, WARN, FAIL = "OK", "WARN", "FAIL"
FREE_WARN, FREE_FAIL = 1 << 30, 200 << 20  # 1 GiB, 200 MiB
SKEW_WARN, SKEW_FAIL = 60.0, 600.0  # seconds
BACKUP_WARN, BACKUP_FAIL = timedelta(days=2), timedelta(days=7)


@dataclass(frozen=True)
class Check:
    name: str
    level: str
    detail: str
    action: str = ""  # what to do (empty when OK)


def _integrity(ctx: AppContext) -> Check:
    conn = dbapi.read_only(ctx.store.paths.database, timeout=10)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        if rows == ["ok"] and dbapi.key_of(ctx.store.paths.database) is not None:
            # SQLCipher's own check: every page's HMAC (a changed byte in an encrypted page)
            rows = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")] or ["ok"]
    finally:
        conn.close()
    if rows == ["ok"]:
        return Check("integritas basis data", OK, "PRAGMA quick_check: ok")
    return Check("integritas basis data", FAIL, "; ".join(rows[:3]),
                 "Jangan tutup paksa aplikasi; pulihkan cadangan terbaru (amildesk restore) dan hubungi dukungan.")


def _encryption(ctx: AppContext) -> Check:
    """Where the live store's key is kept, and whether the recovery sheet can open it."""
    name = "enkripsi basis data"
    record = read_record(ctx.store.paths.data_dir)
    if record is None:
        return Check(name, WARN, "basis data tidak terenkripsi",
                     "Tutup lalu buka lagi AmilDesk: basis data dienkripsi saat dibuka.")
    if record.recovery is None:
        return Check(name, WARN, "terenkripsi; belum ada salinan kunci untuk frasa pemulihan",
                     "Admin: buat frasa pemulihan di Pengaturan dan cetak lembarnya.")
    if record.kept_in == "file":
        return Check(name, WARN, "terenkripsi; kunci disimpan di berkas store.key (komputer ini tidak punya "
                     "penyimpan kredensial)", "Lindungi akun komputer dengan kata sandi; simpan lembar pemulihan.")
    return Check(name, OK, "terenkripsi; kunci di penyimpan kredensial akun ini, salinan untuk frasa pemulihan ada")


def _chain(ctx: AppContext) -> Check:
    from desktop.services.status import verify_store

    report = verify_store(ctx)
    if report.ok:
        return Check("rantai jurnal", OK, f"{report.events} kejadian, rantai utuh")
    return Check("rantai jurnal", FAIL, f"putus di urutan {report.bad_seq}: {report.reason}",
                 "Data mungkin diubah di luar aplikasi. Simpan folder data apa adanya dan hubungi admin kabupaten.")


def _disk(ctx: AppContext) -> Check:
    free = shutil.disk_usage(ctx.store.paths.data_dir).free
    text = f"{free / (1 << 30):.1f} GiB kosong"
    if free < FREE_FAIL:
        return Check("ruang disk", FAIL, text, "Kosongkan disk sekarang: penyimpanan dan cadangan bisa gagal.")
    if free < FREE_WARN:
        return Check("ruang disk", WARN, text, "Kosongkan ruang disk (hapus berkas lama di luar folder AmilDesk).")
    return Check("ruang disk", OK, text)


def _backup(ctx: AppContext, now: datetime) -> list[Check]:
    paths = StorePaths(ctx.store.paths.data_dir)
    if load_backup_key(paths.database) is None:
        return [Check("cadangan", FAIL, "frasa pemulihan belum dibuat: cadangan terenkripsi tidak dapat dibuat",
                      "Admin: buat frasa pemulihan di Pengaturan atau `amildesk backup --new-passphrase`.")]
    newest = newest_backup(paths.backups, ctx.office.code)
    checks: list[Check] = []
    if newest is None:
        checks.append(Check("cadangan", FAIL, "belum ada cadangan", "Jalankan `amildesk backup` sekarang."))
    else:
        age = now - newest.created_at
        text = f"terbaru {newest.path.name} ({age.days} hari lalu)"
        if age > BACKUP_FAIL:
            checks.append(Check("cadangan", FAIL, text, "Jalankan `amildesk backup` sekarang."))
        elif age > BACKUP_WARN:
            checks.append(Check("cadangan", WARN, text,
                                "Buka aplikasi setiap hari kerja atau jalankan `amildesk backup`."))
        else:
            checks.append(Check("cadangan", OK, text))
    second = second_folder_state(paths.data_dir, ctx.office.code, now)
    if second.code == "backup_second_unset":
        checks.append(Check("cadangan di disk kedua", WARN, "folder kedua (USB) belum diatur",
                            "Atur folder cadangan kedua di Pengaturan dan simpan disknya di luar kantor."))
    elif second.code == "backup_second_missing":
        checks.append(Check("cadangan di disk kedua", WARN, f"{second.folder} tidak ada (disk tidak terpasang?)",
                            "Pasang disk USB cadangan lalu jalankan `amildesk backup`."))
    elif second.code == "backup_second_stale":
        checks.append(Check("cadangan di disk kedua", WARN, f"cadangan terbaru di {second.folder} lebih dari 7 hari",
                            "Pasang disk USB cadangan lalu jalankan `amildesk backup`."))
    else:
        checks.append(Check("cadangan di disk kedua", OK, f"{second.folder}"))
    return checks


def _kept(ctx: AppContext) -> list[Check]:
    """Events a restore kept from the replaced store that never reached the district (re-enter them)."""
    from desktop.services.restore import kept_events

    unsent = [k for k in kept_events(ctx.store.paths.data_dir) if not k.at_district]
    if not unsent:
        return []
    shown = ", ".join(f"#{k.seq} {k.type} {k.summary}".strip() for k in unsent[:5])
    return [Check("catatan dari pemulihan", WARN,
                  f"{len(unsent)} catatan dari data sebelum pemulihan belum terkirim: {shown}",
                  "Catat ulang catatan itu (datanya ada di folder before-restore-…) atau hubungi dukungan.")]


def _printer(ctx: AppContext) -> Check:
    from desktop.services.settings import load_settings

    settings = load_settings(ctx.store)
    try:
        from desktop.receipts.printing import default_printer, list_printers

        printers = list_printers()
        wanted = settings.printer_name or default_printer()
    except Exception as exc:  # a broken print system is a finding, not a crash
        return Check("printer", WARN, f"sistem cetak tidak dapat ditanya ({type(exc).__name__})",
                     "Periksa driver printer; kuitansi tetap tersimpan dan dapat dicetak ulang.")
    if wanted and wanted in printers:
        return Check("printer", OK, wanted)
    if wanted:
        return Check("printer", FAIL, f"printer {wanted!r} tidak ditemukan",
                     "Nyalakan dan pasang printer, atau pilih printer lain di Pengaturan.")
    return Check("printer", WARN, "tidak ada printer",
                 "Pasang printer kuitansi; sementara simpan kuitansi sebagai PDF.")


def _server(ctx: AppContext) -> list[Check]:
    from desktop.services.sync_state import link_from_state, read_state

    with ctx.store.read() as conn:
        link = link_from_state(read_state(conn))
    if link is None:
        return [Check("server kabupaten", WARN, "perangkat belum terhubung",
                      "Hubungkan ke server kabupaten di Pengaturan (kode pendaftaran dari admin kabupaten).")]
    import httpx

    from sync.client.transport import tls_context
    from sync.protocol.wire import API_PREFIX

    verify = tls_context(link.ca_bundle) if link.server_url.startswith("https") else False
    started = time.time()
    try:
        response = httpx.get(f"{link.server_url.rstrip('/')}{API_PREFIX}/health", timeout=5.0, verify=verify,
                             follow_redirects=False)
        ended = time.time()
        response.raise_for_status()
        server_time = datetime.fromisoformat(str(response.json()["server_time"]).replace("Z", "+00:00"))
    except Exception as exc:
        return [Check("server kabupaten", WARN, f"{link.server_url} tidak terjangkau ({type(exc).__name__})",
                      "Periksa internet; data tetap aman dan dikirim saat terhubung.")]
    skew = server_time.timestamp() - (started + ended) / 2
    checks = [Check("server kabupaten", OK, f"{link.server_url} menjawab dalam {(ended - started) * 1000:.0f} ms")]
    text = f"jam perangkat {'tertinggal' if skew > 0 else 'mendahului'} {abs(skew):.0f} detik dari server"
    action = "Setel jam dan tanggal Windows (sinkron otomatis) lalu jalankan doctor lagi."
    level = FAIL if abs(skew) > SKEW_FAIL else WARN if abs(skew) > SKEW_WARN else OK
    checks.append(Check("selisih jam", level, text, "" if level == OK else action))
    return checks


def run_doctor(ctx: AppContext, *, now: datetime | None = None, network: bool = True) -> list[Check]:
    """All checks, in the order support reads them."""
    moment = now or datetime.now(UTC)
    steps: list[tuple[str, Callable[[], Check | list[Check]]]] = [
        ("integritas basis data", lambda: _integrity(ctx)), ("enkripsi basis data", lambda: _encryption(ctx)),
        ("rantai jurnal", lambda: _chain(ctx)),
        ("ruang disk", lambda: _disk(ctx)), ("cadangan", lambda: _backup(ctx, moment)),
        ("catatan dari pemulihan", lambda: _kept(ctx)),
        ("printer", lambda: _printer(ctx)),
    ]
    if network:
        steps.append(("server kabupaten", lambda: _server(ctx)))
    checks: list[Check] = []
    for name, step in steps:
        try:
            found = step()
        except Exception as exc:
            found = Check(name, FAIL, f"pemeriksaan gagal: {type(exc).__name__}: {exc}", "Hubungi dukungan.")
        checks.extend(found if isinstance(found, list) else [found])
    return checks

