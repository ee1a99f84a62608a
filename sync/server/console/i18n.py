"""Console text: Indonesian is the source (what the code and templates say), English a catalogue.

The same approach as the office app (Indonesian source strings, an English translation keyed by
them); a test checks that every string the templates and pages pass through ``_`` has an entry.
"""

from __future__ import annotations

from typing import Any, Final

LANGUAGES: Final = ("id", "en")

EN: Final[dict[str, str]] = {
    "Kode pendaftaran": "Enrollment code",
    "Kode daftar ulang untuk perangkat": "Re-enrollment code for device",
    "Kode hanya ditampilkan sekali dan berlaku 7 hari untuk satu perangkat. Sampaikan langsung ke petugas kantor.":
        "The code is shown only once and is valid for 7 days for one device. Give it to the office clerk directly.",
    "Kembali ke Perangkat": "Back to Devices",
    "Bulan sebelumnya": "Previous month",
    "Bulan": "Month",
    "Tampilkan": "Show",
    "Bulan berikutnya": "Next month",
    "Verifikasi kuitansi": "Receipt verification",
    "Kuitansi sah.": "The receipt is valid.",
    "Kuitansi ini sudah dibatalkan oleh kantor.": "This receipt has been voided by the office.",
    "Nomor ini belum ada di server kabupaten.": "This number is not on the district server yet.",
    "Kantor yang tidak terhubung internet mengirim datanya kemudian. Periksa lagi nanti; bila tetap tidak ada, "
    "hubungi kantor kabupaten.":
        "Offices without an internet link send their data later. Check again later; if it is still missing, "
        "contact the district office.",
    "Kode verifikasi tidak cocok dengan nomor ini.": "The verification code does not match this number.",
    "Kuitansi ini mungkin palsu. Kejadian ini dicatat untuk kantor kabupaten.":
        "This receipt may be forged. This check has been recorded for the district office.",
    "Nomor": "Number",
    "Kantor": "Office",
    "Tanggal": "Date",
    "Jumlah": "Amount",
    "Dana": "Fund",
    "Nomor kuitansi": "Receipt number",
    "Kode verifikasi": "Verification code",
    "Periksa": "Check",
    "Ringkasan": "Summary",
    "Unduh XLSX": "Download XLSX",
    "Terhimpun": "Collected",
    "Target bulan ini": "This month's target",
    "Capaian": "Achieved",
    "Penghimpunan harian": "Daily collection",
    "Kode": "Code",
    "Target": "Target",
    "Sinkron terakhir": "Last sync",
    "Perangkat": "Devices",
    "Perlu ditinjau": "Needs review",
    "Kode salah": "Wrong codes",
    "Tutup kas terakhir": "Last closing",
    "belum dikonfirmasi": "not confirmed",
    "Belum ada kantor. Tambahkan di halaman Perangkat.": "No offices yet. Add them on the Devices page.",
    "Semua kantor": "All offices",
    "Belum selesai": "Open",
    "Semua": "All",
    "Kejadian yang diterima sinkron tetapi melanggar aturan. Datanya tersimpan; selesaikan dengan catatan setelah "
    "diperiksa.":
        "Events the sync accepted although they break a rule. The data is stored; resolve each with a note once "
        "checked.",
    "Kejadian": "Event",
    "Keterangan": "Description",
    "Diterima": "Received",
    "Penyelesaian": "Resolution",
    "Catatan": "Note",
    "Selesai": "Resolve",
    "belum selesai": "open",
    "Tidak ada yang perlu ditinjau.": "Nothing needs review.",
    "Menampilkan {n} terbaru.": "Showing the latest {n}.",
    "Target dikirim ke kantor sebagai data rujukan dan tampil di Beranda aplikasi kantor setelah sinkron berikutnya.":
        "Targets travel to the offices as reference data and appear on the office app's home page after its next "
        "sync.",
    "Jenis": "Kind",
    "Program": "Program",
    "Dana / program": "Fund / program",
    "Jumlah (Rp)": "Amount (Rp)",
    "Simpan target": "Save target",
    "Hapus": "Delete",
    "Belum ada target untuk bulan ini.": "No targets for this month yet.",
    "Masuk": "Log in",
    "Masuk ke konsol kabupaten": "Log in to the district console",
    "Nama pengguna": "User name",
    "Kata sandi": "Password",
    "Periksa keaslian kuitansi": "Check a receipt",
    "Kode kantor": "Office code",
    "Nama kantor": "Office name",
    "Tambah kantor": "Add office",
    "Alamat verifikasi kuitansi (QR)": "Receipt verification address (QR)",
    "Simpan": "Save",
    "Seq diterima": "Acked seq",
    "Terakhir terlihat": "Last seen",
    "Versi": "Version",
    "Status": "Status",
    "Belum ada perangkat terdaftar.": "No enrolled devices yet.",
    "Buat kode pendaftaran": "Make enrollment code",
    "dicabut": "revoked",
    "aktif": "active",
    "Cabut": "Revoke",
    "Kode daftar ulang": "Re-enrollment code",
    "Jurnal konsol": "Console journal",
    "Waktu": "Time",
    "Pengguna": "User",
    "Tindakan": "Action",
    "Sasaran": "Target",
    "Rincian": "Details",
    "Tumpang tindih": "Overlaps",
    "Dari": "From",
    "Sampai": "To",
    "Asnaf": "Asnaf",
    "Orang (NIK) atau keluarga (KK) yang menerima bantuan lebih dari sekali dalam periode, dari indeks bantuan "
    "kabupaten (NIK/KK disimpan sebagai sidik, bukan angka).":
        "People (NIK) or families (KK) aided more than once in the period, from the district aid index (NIK/KK "
        "are kept as salted hashes, not numbers).",
    "Sidik": "Hash",
    "Sidik (hash)": "Hash",
    "Kali": "Times",
    "Bantuan": "Aid",
    "Penerima": "Recipient",
    "Tidak ada tumpang tindih dalam periode ini.": "No overlaps in this period.",
    "Per dana": "By fund",
    "Baris": "Lines",
    "Belum ada penghimpunan bulan ini.": "Nothing collected this month yet.",
    "Per program / pilar": "By program / pillar",
    "Pilar": "Pillar",
    "Huruf": "Letter",
    "(tanpa program)": "(no program)",
    "Permintaan tidak dapat dipenuhi": "The request could not be served",
    "Kembali ke Ringkasan": "Back to Summary",
    "Konsol Kabupaten": "District console",
    "Keluar": "Log out",
    "admin": "admin",
    "pimpinan": "head",
    "auditor": "auditor",
    "Terlalu banyak percobaan gagal. Coba lagi dalam 15 menit.": "Too many failed attempts. Try again in 15 minutes.",
    "Nama pengguna atau kata sandi salah.": "Wrong user name or password.",
    "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.":
        "The form has expired or is not valid. Reload the page and try again.",
    "Bahasa tidak dikenal: {value}.": "Unknown language: {value}.",
    "Terlalu banyak pemeriksaan dari alamat Anda. Coba lagi dalam satu menit.":
        "Too many checks from your address. Try again in a minute.",
    "Nomor kuitansi tidak sah: {value}. Contohnya KEC-01/2026/A/000123.":
        "Not a valid receipt number: {value}. For example KEC-01/2026/A/000123.",
    "Kode verifikasi tidak sah: {value}. Kode terdiri dari 10 huruf/angka.":
        "Not a valid verification code: {value}. The code has 10 letters/digits.",
    "Pilihan tampilan tidak dikenal: {value}.": "Unknown view: {value}.",
    "Kantor tidak dikenal: {value}.": "Unknown office: {value}.",
    "Tanda tinjauan tidak dikenal: {value}.": "Unknown review flag: {value}.",
    "Tulis catatan penyelesaian.": "Write a resolution note.",
    "Catatan terlalu panjang (paling banyak 500 karakter).": "The note is too long (500 characters at most).",
    "Tanda ini sudah diselesaikan.": "This flag is already resolved.",
    "Nama kantor wajib diisi (paling banyak 120 karakter).": "The office name is required (120 characters at most).",
    "Kode kantor harus 2-16 huruf besar, angka atau '-': {value}.":
        "The office code must be 2-16 capital letters, digits or '-': {value}.",
    "Kantor {value} sudah ada.": "Office {value} already exists.",
    "Kantor atau perangkat tidak dikenal: {value}.": "Unknown office or device: {value}.",
    "Perangkat itu milik kantor lain.": "That device belongs to another office.",
    "Perangkat tidak dikenal: {value}.": "Unknown device: {value}.",
    "Alamat verifikasi tidak sah: {value}. Contoh: https://zis.kabupaten.go.id/v":
        "Not a valid verification address: {value}. Example: https://zis.kabupaten.go.id/v",
    "Alamat terlalu panjang.": "The address (URL) is too long.",
    "Formulir terlalu besar.": "The form is too large.",
    "Formulir tidak dapat dibaca.": "The form cannot be read.",
    "Peran Anda ({role}) tidak boleh membuka halaman ini.": "Your role ({role}) may not open this page.",
    "Bulan tidak sah: {value}. Gunakan TTTT-BB, mis. 2026-12.":
        "Not a valid month: {value}. Use YYYY-MM, e.g. 2026-12.",
    "Jumlah target tidak sah: {value}. Tulis rupiah tanpa desimal, mis. 1.500.000.":
        "Not a valid target amount: {value}. Write whole rupiah, e.g. 1.500.000.",
    "Target tidak boleh kurang dari 0.": "A target cannot be below 0.",
    "Target terlalu besar.": "The target is too large.",
    "Jenis target tidak dikenal.": "Unknown kind of target.",
    "Dana atau program tidak dikenal: {value}.": "Unknown fund or program: {value}.",
    "Tanggal tidak sah: {value}. Gunakan TTTT-BB-HH.": "Not a valid date: {value}. Use YYYY-MM-DD.",
    "Asnaf tidak dikenal: {value}.": "Unknown asnaf: {value}.",
    "Program tidak dikenal: {value}.": "Unknown program: {value}.",
    "Kolom urutan tidak dikenal: {value}.": "Unknown sort column: {value}.",
    "Setoran": "Deposits",
    "Selisih kas": "Cash difference",
    "Disetor": "Deposited",
    "Dikonfirmasi": "Confirmed",
    "Setoran belum dikonfirmasi": "Deposits not confirmed",
    "{n} belum dikonfirmasi": "{n} not confirmed",
    "Tutup kas": "Closings",
    "Seharusnya": "Expected",
    "Dihitung": "Counted",
    "Selisih": "Difference",
    "dibuka lagi": "reopened",
    "ditutup": "closed",
    "perlu ditinjau": "needs review",
    "Belum ada tutup kas bulan ini.": "No closings this month yet.",
    "Bank / referensi": "Bank / reference",
    "Konfirmasi": "Confirmation",
    "Konfirmasi diterima": "Confirm received",
    "Belum ada setoran.": "No deposits yet.",
    "Catatan terlalu panjang (paling banyak 300 karakter).": "The note is too long (300 characters at most).",
    "Setoran tidak dikenal: {value}.": "Unknown deposit: {value}.",
    "Halaman tidak ditemukan.": "Page not found.",
    "Metode tidak diizinkan.": "Method not allowed.",
    "Permintaan tidak sah.": "Bad request.",
    "Server sedang sibuk. Coba lagi sebentar lagi.": "The server is busy. Try again shortly.",
}


def translate(lang: str, text: str, **params: Any) -> str:
    """``text`` in ``lang`` (Indonesian: as written), with ``{name}`` parameters filled in."""
    out = EN.get(text, text) if lang == "en" else text
    return out.format(**params) if params else out
