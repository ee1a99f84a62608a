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
    "store_key_missing": (
        "Kunci enkripsi basis data kantor tidak ditemukan di akun komputer ini ({detail}). Data tetap aman "
        "dan terenkripsi; buka dengan frasa pemulihan: amildesk unlock (lihat lembar pemulihan)."
    ),
    "store_key_record_missing": (
        "Basis data di {path} terenkripsi, tetapi berkas kuncinya (store-key.json) hilang. Jangan hapus apa pun; "
        "pulihkan cadangan terbaru ke folder baru (amildesk restore) dengan lembar pemulihan."
    ),
    "store_key_unreadable": (
        "Keterangan kunci enkripsi basis data tidak terbaca ({detail}). Hubungi pendamping TI; jangan hapus "
        "folder data."
    ),
    "store_key_wrong_passphrase": "Frasa pemulihan salah untuk kunci basis data ini. Lihat lembar pemulihan kantor.",
    "store_key_not_encrypted": "Basis data ini tidak terenkripsi; tidak ada kunci yang perlu dipulihkan.",
    "store_key_no_recovery_copy": (
        "Belum ada salinan kunci yang dibuka frasa pemulihan (frasa belum pernah dibuat). Hubungi pendamping TI."
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
    "server_url_insecure": (
        "Alamat server \u201c{url}\u201d memakai http:// tanpa enkripsi: token perangkat, kode pendaftaran, "
        "dan data donatur akan terkirim terbuka. Gunakan alamat https:// dari admin kabupaten. (http hanya "
        "diterima ke komputer ini atau jaringan kantor, atau bila \u201cizinkan http tanpa enkripsi\u201d dipilih.)"
    ),
    "sync_insecure_http": (
        "Peringatan: koneksi ke {url} memakai http tanpa enkripsi (diizinkan secara khusus); token perangkat "
        "dan data donatur terkirim terbuka. Minta alamat https:// ke admin kabupaten."
    ),
    "sync_waiting": (
        "Server kabupaten belum terjangkau ({reason}) \u2014 data aman tersimpan, mencoba lagi "
        "sampai {seconds} detik\u2026"
    ),
    "sync_unreachable": (
        "Server kabupaten {url} tidak dapat dihubungi ({reason}; dicoba selama {seconds} detik). "
        "Data tetap aman di perangkat ini; sinkron akan dicoba lagi."
    ),
    "sync_stalled": (
        "Koneksi ke server kabupaten {url} terputus-putus ({reason}): tidak ada kemajuan selama {seconds} "
        "detik. Data tetap aman di perangkat ini; sinkron akan dicoba lagi."
    ),
    "sync_cancelled": "Sinkronisasi dihentikan karena aplikasi ditutup. Data tetap aman; sinkron dilanjutkan nanti.",
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
    # Reports (laporan)
    "report_unknown": (
        "Laporan \u201c{name}\u201d tidak dikenal: pilih daily (harian), monthly (bulanan), audit, "
        "atau statement (pernyataan zakat tahunan)."
    ),
    "report_format_unknown": "Format \u201c{name}\u201d tidak dikenal: pilih pdf, xlsx, atau csv.",
    "period_invalid": "Periode \u201c{text}\u201d tidak sah: tulis sebagai {expected}.",
    "period_future": (
        "Periode {period} belum terjadi (hari ini {today}); laporan hanya untuk periode yang sudah berjalan."
    ),
    "period_reversed": "Periode terbalik: tanggal awal {start} sesudah tanggal akhir {end}.",
    "period_too_long": (
        "Laporan harian paling panjang {days} hari; untuk periode lebih panjang pakai laporan bulanan."
    ),
    "statement_target_required": "Pilih donatur untuk pernyataan zakat (--donor ID), atau semua donatur (--all).",
    "statement_no_zakat": "{name} tidak membayar zakat melalui kantor ini pada tahun {year}.",
    "report_out_required": "Tulis ke mana laporan disimpan (--out BERKAS), atau pakai --json.",
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
    # Backups and restore
    "recovery_passphrase_too_short": "Frasa pemulihan minimal {min_len} karakter.",
    "backup_no_key": (
        "Frasa pemulihan kantor belum dibuat, jadi cadangan belum dapat dienkripsi. "
        "Buat frasa pemulihan di Pengaturan (admin) lalu cetak lembar pemulihannya."
    ),
    "backup_folder_unwritable": (
        "Cadangan tidak dapat ditulis ke {path} ({detail}). Periksa disk/USB lalu coba lagi; data tetap aman."
    ),
    "backup_source_damaged": (
        "Basis data kantor rusak ({detail}), jadi cadangan tidak dibuat; cadangan lama tetap utuh. "
        "Jangan hapus apa pun: jalankan amildesk doctor dan hubungi dukungan."
    ),
    "backup_not_found": "Berkas cadangan {path} tidak ditemukan.",
    "backup_not_a_backup": "Berkas {path} bukan berkas cadangan AmilDesk. Tidak ada yang diganti.",
    "backup_wrong_passphrase": (
        "Frasa pemulihan salah untuk cadangan {path}. Lihat lembar pemulihan kantor. Tidak ada yang diganti."
    ),
    "backup_corrupted": (
        "Cadangan {path} rusak atau telah diubah (pemeriksaan keaslian gagal). Pakai cadangan lain. "
        "Tidak ada yang diganti."
    ),
    "backup_truncated": (
        "Cadangan {path} terpotong (tidak lengkap, mungkin salinan terputus). Pakai cadangan lain. "
        "Tidak ada yang diganti."
    ),
    "restore_target_not_empty": (
        "Folder {path} sudah berisi data kantor. Pilih folder kosong, atau ganti data yang ada "
        "(data lama disimpan terpisah, tidak dihapus)."
    ),
    "restore_integrity_failed": "Isi cadangan tidak utuh ({detail}). Pakai cadangan lain. Tidak ada yang diganti.",
    "restore_manifest_mismatch": (
        "Isi cadangan tidak sesuai dengan keterangannya (kantor, perangkat, atau jurnal). Pakai cadangan lain. "
        "Tidak ada yang diganti."
    ),
    "restore_chain_broken": (
        "Rantai jurnal dalam cadangan putus di urutan {seq} ({reason}). Pakai cadangan lain. "
        "Tidak ada yang diganti."
    ),
    # Logins and personal data (UU PDP)
    "user_locked": (
        "Akun {username} dikunci {minutes} menit karena terlalu banyak salah kata sandi. Coba lagi pukul {until}."
    ),
    "password_is_username": "Kata sandi tidak boleh sama dengan nama pengguna.",
    "password_too_common": "Kata sandi itu terlalu umum dan mudah ditebak; pilih yang lain.",
    "subject_not_found": "Data {kind} tidak ditemukan.",
    "erase_reason_required": "Alasan penghapusan (permintaan pemilik data) wajib diisi.",
    "handover_not_approved": "Tanda terima hanya untuk penyaluran yang disetujui ({number} berstatus {status}).",
    # NIP (nomor induk pegawai, 18 digits) and collective collection through institutions
    "nip_length": "NIP harus 18 digit, yang diketik {count} digit.",
    "nip_not_digits": "NIP hanya boleh berisi angka (spasi, titik, dan tanda hubung boleh).",
    "nip_birth_date": "Tanggal lahir pada NIP ({text}) bukan tanggal yang sah (TTTTBBHH).",
    "nip_appointment": "TMT pengangkatan pada NIP ({text}) tidak sah (TTTTBB).",
    "nip_sex": "Digit jenis kelamin pada NIP ({digit}) harus 1 atau 2.",
    "nip_serial": "Nomor urut NIP tidak boleh 000.",
    "nik_or_nip_length": "NIK harus 16 digit atau NIP 18 digit, yang diketik {count} digit.",
    "institution_name_required": "Nama lembaga wajib diisi.",
    "institution_type_invalid": (
        "Jenis lembaga \u201c{text}\u201d tidak dikenal: sekolah, masjid, OPD, perusahaan, atau lainnya."
    ),
    "institution_not_found": "Lembaga tidak ditemukan.",
    "institution_not_found_named": "Lembaga \u201c{name}\u201d tidak ditemukan.",
    "collective_period_invalid": "Periode \u201c{text}\u201d tidak sah: tulis TTTT-BB, misalnya 2026-11.",
    "collective_payer_name_required": "Nama pembayar wajib diisi.",
    "collective_payer_not_listed": "Pembayar ini tidak ada dalam daftar lembaga.",
    "collective_fund_required": "Jenis dana wajib diisi (kode atau nama dana).",
    "collective_amount_required": "Jumlah wajib diisi.",
    "collective_fund_ambiguous": "Dana \u201c{fund}\u201d cocok dengan {count} jenis dana: tulis lebih lengkap.",
    "collective_rate_multiple": (
        "Jumlah dana {fund} harus kelipatan tarif kantor ({rate}) agar jumlah jiwa/hari tercatat."
    ),
    "collective_line_duplicate": "Pembayar ini sudah punya baris dana {fund} (baris {first_row}).",
    "collective_has_errors": (
        "{count} baris salah: perbaiki baris itu, atau lewati baris salah secara tegas. Belum ada yang disimpan."
    ),
    "collective_no_lines": "Setoran kolektif harus memiliki minimal satu baris pembayar.",
    "collective_total_mismatch": (
        "Jumlah baris {lines} tidak sama dengan uang yang diserahkan {amount} (selisih {difference}). "
        "Belum ada yang disimpan."
    ),
    "collective_nothing_last_month": "Belum ada setoran kolektif lembaga ini untuk periode {period} atau sebelumnya.",
    "collective_not_found": "Setoran kolektif tidak ditemukan.",
    "collective_nothing_active": (
        "Semua kuitansi setoran {number} sudah dibatalkan; tidak ada lagi yang dapat dibatalkan."
    ),
    "collective_header_missing": (
        "Baris judul kolom tidak ditemukan: berkas harus memuat kolom nama, nik, dana, dan jumlah."
    ),
    # Daily closing (tutup kas) and deposits (setoran)
    "closing_future_day": "Tanggal {day} belum terjadi: kas hanya dapat ditutup untuk hari ini atau sebelumnya.",
    "day_already_closed": (
        "Kas tanggal {day} sudah ditutup (oleh {by}). Tidak ada yang disimpan; buka lagi daftar tutup kas "
        "untuk melihat penutupannya."
    ),
    "closing_figures_changed": (
        "Catatan tanggal {day} berubah sejak penghitungan dimulai (ada donasi atau pembatalan baru). "
        "Tidak ada yang disimpan; periksa angka yang diharapkan lalu ulangi."
    ),
    "closing_count_missing": "Jumlah terhitung untuk metode {method} wajib diisi (ada penerimaan tercatat).",
    "closing_note_required": "Ada selisih {difference}: tulis catatan yang menjelaskan selisih itu.",
    "denomination_unknown": "Pecahan {value} tidak dikenal.",
    "denomination_count_invalid": "Jumlah lembar/keping pecahan {value} tidak sah: \u201c{text}\u201d.",
    "denominations_mismatch": (
        "Uang tunai terhitung {counted} tidak sama dengan jumlah per pecahan {total}; isi salah satunya saja."
    ),
    "reopen_reason_required": "Alasan membuka kembali tutup kas wajib diisi.",
    "day_not_closed": "Kas tanggal {day} belum ditutup.",
    "day_closed_no_new": (
        "Kas tanggal {day} sudah ditutup; catatan baru tidak dapat disimpan pada hari itu. Minta kepala kantor "
        "membuka kembali tutup kas bila perlu."
    ),
    "deposit_no_lines": "Setoran harus memuat minimal satu dana dengan jumlahnya.",
    "deposit_fund_repeated": "Dana {fund} tertulis lebih dari sekali dalam setoran ini.",
    "deposit_exceeds_cash": (
        "Setoran dana {fund} sebesar {amount} melebihi uang tunai di tangan ({on_hand}). Tidak ada yang disimpan."
    ),
    "deposit_reference_required": "Nomor referensi/bukti setoran bank wajib diisi.",
    "deposit_future_date": "Tanggal setoran {day} belum terjadi.",
    "deposit_not_found": "Setoran {deposit} tidak ditemukan.",
}


# Words that services pass as message parameters (actions, role names, field names). They are Indonesian
# like the templates; the UI translates each in Qt context "terms". tests/unit/core/test_core_terms.py
# keeps this list in step with the literals used in the code.
TERMS: Final[tuple[str, ...]] = (
    # roles (desktop.core.roles.ROLE_LABELS)
    "Petugas", "Kepala Kantor", "Admin",
    # actions (AppContext.require_role)
    "membatalkan kuitansi", "menolak penyaluran", "menyetujui penyaluran", "tambah pengguna",
    "ubah pengaturan", "ubah frasa pemulihan", "lihat log akses", "ekspor data pribadi", "hapus data pribadi",
    "lihat nomor identitas", "lihat NIK lengkap",
    "mengonfirmasi tutup kas", "membuka kembali tutup kas",
    # why the district server could not be reached (desktop.services.sync_service.FAULT_WORDS)
    "koneksi ditolak", "jaringan tidak terjangkau", "nama server tidak ditemukan", "waktu tunggu habis",
    "koneksi terputus", "server sibuk", "gangguan jaringan", "belum ada jawaban",
    # field names (clean_text(field=...))
    "Alamat", "Alamat lembaga", "Alasan", "Alasan pembatalan", "Alasan penolakan", "Catatan kebutuhan",
    "Desa/kelurahan", "Keterangan", "Nama", "Nama barang", "Nama donatur", "Nama kantor", "Nama kelompok",
    "Nama lembaga", "Nama lengkap", "Nama pengguna", "Referensi pembayaran", "Satuan", "Kontak",
    "Nama lembaga", "Nama lengkap", "Nama pengguna", "Referensi pembayaran", "Satuan",
    "Catatan", "Bank", "Nomor rekening", "Referensi setoran",
    # payment methods named in closing messages (desktop.core.payment values)
    "tunai", "transfer", "qris",
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
