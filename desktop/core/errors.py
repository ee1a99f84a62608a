"""User-facing errors with one central catalogue of Indonesian message templates.

Errors carry a stable ``code`` and the ``params`` to fill in, not a finished sentence, so the
UI can translate the template (Qt context ``"errors"``, template string as source text) and
then format it, while logs and tests can match on the code.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # NIK (nomor induk kependudukan)
    "nik_length": "NIK harus 16 digit, yang diketik {count} digit.",
    "nik_not_digits": "NIK hanya boleh berisi angka (spasi, titik, dan tanda hubung boleh).",
    "nik_province": "Kode provinsi NIK ({province}) tidak dikenal.",
    "nik_month": "Bulan lahir pada NIK ({month}) harus 01 sampai 12.",
    "nik_day": "Tanggal lahir pada NIK ({day}) harus 01–31 (laki-laki) atau 41–71 (perempuan).",
    "nik_serial": "Nomor urut NIK tidak boleh 0000.",
    # KK (kartu keluarga)
    "kk_length": "Nomor KK harus 16 digit, yang diketik {count} digit.",
    "kk_not_digits": "Nomor KK hanya boleh berisi angka (spasi, titik, dan tanda hubung boleh).",
    "kk_province": "Kode provinsi nomor KK ({province}) tidak dikenal.",
    # NPWP
    "npwp_length": "NPWP harus 15 digit (format lama) atau 16 digit (NIK), yang diketik {count} digit.",
    "npwp_not_digits": "NPWP hanya boleh berisi angka, titik, dan tanda hubung.",
    "npwp_zero": "NPWP 00.000.000.0-000.000 bukan NPWP yang sah; kosongkan bila tidak ada.",
    # Money and quantities
    "amount_not_number": "Jumlah \u201c{text}\u201d bukan angka rupiah yang sah.",
    "amount_zero_or_negative": "Jumlah harus lebih dari nol.",
    "amount_negative": "Jumlah {amount} tidak boleh negatif.",
    "amount_too_large": "Jumlah {amount} melebihi batas {limit} per baris.",
    "amount_has_decimals": "Jumlah rupiah tidak boleh memiliki sen (\u201c{text}\u201d).",
    "amount_too_large_for_words": "Jumlah {amount} terlalu besar untuk ditulis dengan huruf.",
    "quantity_invalid": "Jumlah \u201c{text}\u201d tidak sah; harus angka lebih dari nol.",
    "quantity_ambiguous": (
        "Jumlah \u201c{text}\u201d membingungkan: tulis dengan koma untuk pecahan (2,5) "
        "atau tanpa titik untuk ribuan (2500)."
    ),
    "rice_quantity_required": "Jumlah beras (kg) wajib diisi untuk zakat fitrah berupa beras.",
    # Donations
    "no_lines": "Donasi harus memiliki minimal satu baris dana.",
    "too_many_lines": "Donasi paling banyak {max_lines} baris dana.",
    "line_empty": "Baris dana ke-{index} kosong: pilih dana dan isi jumlahnya.",
    "fund_unknown": "Jenis dana \u201c{fund}\u201d tidak dikenal.",
    "fund_inactive": "Jenis dana \u201c{fund}\u201d tidak aktif.",
    "program_unknown": "Program \u201c{program}\u201d tidak dikenal.",
    "payment_method_unknown": "Metode pembayaran \u201c{method}\u201d tidak dikenal.",
    "payment_reference_required": "Nomor referensi wajib untuk transfer/QRIS.",
    "donor_name_required": "Nama donatur wajib diisi (atau pilih \u201cHamba Allah\u201d).",
    "donor_not_found": "Donatur tidak ditemukan.",
    # Receipts
    "receipt_not_found": "Kuitansi {number} tidak ditemukan.",
    "receipt_number_invalid": "Nomor kuitansi \u201c{text}\u201d tidak sah (contoh: KLL-PKS/2026/A/000123).",
    "receipt_year_invalid": "Tahun kuitansi {year} tidak sah.",
    "receipt_seq_invalid": "Nomor urut kuitansi {seq} tidak sah; harus 1 atau lebih.",
    "already_void": "Kuitansi {number} sudah dibatalkan.",
    "void_reason_required": "Alasan pembatalan wajib diisi.",
    # Users and permissions
    "permission_denied": "Anda tidak berwenang: {action} hanya untuk {roles}.",
    "login_failed": "Nama pengguna atau kata sandi salah.",
    "user_inactive": "Akun {username} tidak aktif. Hubungi admin.",
    "username_taken": "Nama pengguna {username} sudah dipakai.",
    "password_too_short": "Kata sandi minimal {min_len} karakter.",
    "username_invalid": (
        "Nama pengguna \u201c{text}\u201d tidak sah: gunakan huruf, angka, titik, garis bawah, atau tanda hubung."
    ),
    "login_required": "Silakan masuk terlebih dahulu.",
    "role_unknown": "Peran \u201c{role}\u201d tidak dikenal.",
    # Office and device setup
    "office_code_invalid": (
        "Kode kantor \u201c{text}\u201d tidak sah: 2–16 karakter huruf besar, angka, atau tanda hubung."
    ),
    "device_letter_invalid": "Huruf perangkat \u201c{text}\u201d tidak sah: satu huruf A–Z.",
    "institution_required": "Nama lembaga wajib diisi.",
    "office_name_required": "Nama kantor wajib diisi.",
    "setting_invalid": "Pengaturan {key} tidak sah: \u201c{value}\u201d.",
    "logo_invalid": "Logo \u201c{path}\u201d tidak dapat dipakai: pilih berkas PNG atau JPG yang ada.",
    "logo_too_large": "Logo \u201c{path}\u201d terlalu besar (maksimal 2 MB).",
    # Store
    "store_newer_than_app": (
        "Basis data dibuat oleh versi AmilDesk yang lebih baru ({db_version}); perbarui aplikasi."
    ),
    "store_read_only": (
        "Basis data tidak dapat ditulis (disk hanya-baca). Tidak ada data yang hilang; periksa disk lalu coba lagi."
    ),
    "store_disk_full": "Disk penuh. Data yang sudah tersimpan aman; kosongkan ruang disk lalu coba lagi.",
    "store_locked_by_other_instance": "AmilDesk sudah terbuka di jendela lain untuk data ini.",
    "store_busy": "Basis data sedang sibuk. Tunggu sebentar lalu coba lagi.",
    "store_io_error": (
        "Basis data tidak dapat dibaca atau ditulis ({detail}). Data yang sudah tersimpan aman; "
        "periksa disk lalu coba lagi."
    ),
    "not_initialized": "AmilDesk belum disiapkan. Jalankan penyiapan awal terlebih dahulu.",
    "already_initialized": "AmilDesk sudah disiapkan untuk data ini.",
    # District server link and sync (unsent data always stays on the device)
    "server_url_invalid": (
        "Alamat server \u201c{url}\u201d tidak sah: tulis lengkap dengan http:// atau https://, "
        "misalnya https://zis.kabupaten.go.id"
    ),
    "enroll_code_required": "Kode pendaftaran wajib diisi.",
    "ca_bundle_missing": "Berkas sertifikat CA \u201c{path}\u201d tidak ditemukan.",
    "enroll_code_invalid": (
        "Kode pendaftaran salah, sudah dipakai, atau kedaluwarsa. Minta kode baru ke admin kabupaten."
    ),
    "enroll_conflict": "Pendaftaran ditolak server: {detail}. Hubungi admin kabupaten.",
    "enroll_office_mismatch": (
        "Kode pendaftaran itu untuk kantor {server_code}, sedangkan perangkat ini kantor {office_code}. "
        "Minta kode untuk kantor {office_code}."
    ),
    "sync_not_enrolled": "Perangkat ini belum terhubung ke server kabupaten. Hubungkan dulu di Pengaturan.",
    "sync_busy": "Sinkronisasi sedang berjalan; tunggu sampai selesai.",
    "sync_unreachable": (
        "Server kabupaten tidak dapat dihubungi ({detail}). Data tetap aman di perangkat ini; "
        "sinkron akan dicoba lagi."
    ),
    "sync_token_revoked": (
        "Perangkat ini dicabut oleh admin kabupaten. Minta kode pendaftaran baru lalu hubungkan ulang; "
        "data yang belum terkirim tetap aman."
    ),
    "sync_invalid_token": (
        "Server tidak mengenali perangkat ini. Hubungkan ulang dengan kode pendaftaran baru; "
        "data yang belum terkirim tetap aman."
    ),
    "sync_office_scope": "Server menolak data perangkat ini sebagai data kantor lain. Hubungi admin kabupaten.",
    "sync_app_too_old": "Versi AmilDesk ini terlalu lama untuk server kabupaten; perbarui aplikasi.",
    "sync_diverged": (
        "Riwayat data perangkat ini berbeda dengan server (urutan {seq}). Tidak ada data yang ditimpa; "
        "hubungi admin kabupaten."
    ),
    "sync_refused": "Server menolak kiriman ({reason}): {detail}",
    "sync_failed": "Sinkronisasi gagal: {detail}",
    "export_write_failed": "Berkas {path} tidak dapat ditulis: {detail}",
    # Printing (the record is always saved before printing starts)
    "printer_not_found": (
        "Printer \u201c{printer}\u201d tidak ditemukan. Pastikan printer menyala dan terpasang, "
        "atau pilih printer lain."
    ),
    "print_failed": (
        "Gagal mencetak ke \u201c{printer}\u201d: {reason}. Data sudah tersimpan; cetak ulang dari daftar kuitansi."
    ),
    "sync_tls_untrusted": (
        "Sertifikat server {url} tidak dipercaya ({detail}). Periksa alamat server, atau pasang berkas "
        "sertifikat CA kabupaten di Pengaturan."
    ),
    # Text fields
    "text_too_long": "{field} terlalu panjang: maksimal {max_len} karakter, yang diketik {length}.",
    "phone_invalid": "Nomor telepon \u201c{text}\u201d tidak sah: harus 8–15 digit.",
    # Beneficiaries (mustahik)
    "asnaf_unknown": (
        "Asnaf \u201c{text}\u201d tidak dikenal: pilih fakir, miskin, amil, mualaf, riqab, gharimin, "
        "fisabilillah, atau ibnu sabil."
    ),
    "sex_invalid": "Jenis kelamin \u201c{text}\u201d tidak sah: isi L atau P.",
    "date_invalid": "Tanggal \u201c{text}\u201d tidak sah: gunakan TTTT-BB-HH atau HH-BB-TTTT.",
    "birth_date_out_of_range": "Tanggal lahir {text} tidak masuk akal.",
    "village_code_invalid": "Kode desa \u201c{text}\u201d tidak sah: harus 10 digit kode wilayah Kemendagri.",
    "decile_invalid": "Desil \u201c{text}\u201d tidak sah: harus angka 1 sampai 10.",
    "beneficiary_name_required": "Nama penerima manfaat wajib diisi.",
    "beneficiary_not_found": "Penerima manfaat tidak ditemukan.",
    "nik_already_registered": "NIK {nik} sudah terdaftar sebagai penerima manfaat ({name}).",
    "group_type_invalid": "Jenis kelompok \u201c{text}\u201d tidak dikenal: KUBE, masjid, sekolah, atau lainnya.",
    "group_member_invalid": "Anggota kelompok harus penerima manfaat perorangan yang terdaftar.",
    "beneficiary_status_invalid": "Status \u201c{text}\u201d tidak dikenal: aktif, tidak aktif, atau meninggal.",
    "version_conflict": "Data {name} sudah diubah orang lain; muat ulang lalu ulangi perubahan.",
    # Beneficiary import
    "import_file_unsupported": "Berkas {name} tidak didukung: gunakan CSV atau XLSX.",
    "import_file_unreadable": "Berkas {name} tidak dapat dibaca: {detail}",
    "import_header_missing": "Baris judul kolom tidak ditemukan: berkas harus memuat kolom NIK dan nama.",
    "import_too_many_rows": "Berkas terlalu besar: paling banyak {max_rows} baris per impor.",
    "import_nik_required": "NIK wajib diisi.",
    "import_nik_duplicate_in_file": "NIK {nik} ganda dalam berkas (sudah ada di baris {first_row}).",
    "import_asnaf_required": (
        "Asnaf wajib diisi (fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah, ibnu sabil)."
    ),
    "import_nik_numeric": (
        "NIK tersimpan sebagai angka pecahan di Excel sehingga digit terakhir bisa hilang; "
        "format kolom NIK sebagai Teks lalu ketik ulang."
    ),
    # Distributions (penyaluran)
    "distribution_not_found": "Penyaluran {number} tidak ditemukan.",
    "distribution_kind_invalid": "Bentuk bantuan \u201c{text}\u201d tidak dikenal: tunai atau barang.",
    "distribution_item_required": "Nama barang dan satuannya wajib diisi untuk bantuan barang.",
    "program_required": "Program penyaluran wajib dipilih.",
    "zakat_requires_asnaf": (
        "Zakat hanya boleh disalurkan kepada 8 asnaf: {name} belum tercatat sebagai salah satu asnaf "
        "(fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah, ibnu sabil)."
    ),
    "beneficiary_not_active": "{name} berstatus {status}; bantuan hanya untuk penerima yang aktif.",
    "fund_overdraft": "Saldo dana {fund} tidak cukup: tersedia {available}, diminta {amount}.",
    "distribution_not_pending": (
        "Penyaluran {number} sudah {status}; hanya pengajuan yang dapat disetujui atau ditolak."
    ),
    "duplicate_aid_reason_required": (
        "Ada {count} peringatan bantuan ganda; tulis alasan untuk tetap menyetujui penyaluran ini."
    ),
    "reject_reason_required": "Alasan penolakan wajib diisi.",
    "handover_not_approved": "Tanda terima hanya untuk penyaluran yang disetujui ({number} berstatus {status}).",
}


# Words that services pass as message parameters (actions, role names, field names). They are Indonesian
# like the templates; the UI translates each in Qt context "terms". tests/unit/core/test_core_terms.py
# keeps this list in step with the literals used in the code.
TERMS: Final[tuple[str, ...]] = (
    # roles (desktop.core.roles.ROLE_LABELS)
    "Petugas", "Kepala Kantor", "Admin",
    # actions (AppContext.require_role)
    "membatalkan kuitansi", "menolak penyaluran", "menyetujui penyaluran", "tambah pengguna",
    "ubah pengaturan",
    # field names (clean_text(field=...))
    "Alamat", "Alamat lembaga", "Alasan", "Alasan pembatalan", "Alasan penolakan", "Catatan kebutuhan",
    "Desa/kelurahan", "Keterangan", "Nama", "Nama barang", "Nama donatur", "Nama kantor", "Nama kelompok",
    "Nama lembaga", "Nama lengkap", "Nama pengguna", "Referensi pembayaran", "Satuan",
)


def _plain(value: object) -> object:
    """A parameter as it reads in a sentence: lists of words joined with commas."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


class AmilError(Exception):
    """Base of every user-facing error: a stable code plus parameters for its message."""

    code: str
    params: dict[str, object]

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = dict(params)

    @property
    def template(self) -> str:
        """The untranslated Indonesian template; the code itself when the catalogue lacks it."""
        return MESSAGES.get(self.code, self.code)

    def __str__(self) -> str:
        try:
            return self.template.format(**{key: _plain(value) for key, value in self.params.items()})
        except (KeyError, IndexError, ValueError):
            # A missing parameter must never turn an error message into a crash.
            return self.template

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, **{self.params!r})"

    def __reduce__(self) -> tuple[object, ...]:
        # Exception's default pickling passes params positionally, which __init__ refuses.
        return (_rebuild, (type(self), self.code, self.params))


def _rebuild(cls: type[AmilError], code: str, params: dict[str, object]) -> AmilError:
    """Recreate an error after pickling (worker processes, crash reports)."""
    return cls(code, **params)


class ValidationError(AmilError, ValueError):
    """Input the user typed (or imported) is not acceptable; fixable by the user."""


class PermissionDenied(AmilError):
    """The signed-in role may not do this action."""


class NotFound(AmilError):
    """A record the user asked for does not exist."""


class StoreError(AmilError):
    """The local database cannot be used (locked, read-only, full, too new)."""


class AuthError(AmilError):
    """Sign-in failed or the account cannot be used."""
