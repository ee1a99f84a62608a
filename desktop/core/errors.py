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
    # Text fields
    "text_too_long": "{field} terlalu panjang: maksimal {max_len} karakter, yang diketik {length}.",
    "phone_invalid": "Nomor telepon \u201c{text}\u201d tidak sah: harus 8–15 digit.",
}


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
            return self.template.format(**self.params)
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
