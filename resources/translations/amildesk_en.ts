<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
    <context>
        <name>AccessLogDialog</name>
        <message>
            <source>Log akses data pribadi</source>
            <translation>Personal data access log</translation>
        </message>
        <message>
            <source>Waktu</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Pengguna</source>
            <translation>User</translation>
        </message>
        <message>
            <source>Tindakan</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Data milik</source>
            <translation>Data of</translation>
        </message>
        <message>
            <source>Nomor</source>
            <translation>Numbers</translation>
        </message>
        <message>
            <source>Keperluan</source>
            <translation>Purpose</translation>
        </message>
        <message>
            <source>&amp;Tutup</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>dilihat</source>
            <translation>viewed</translation>
        </message>
        <message>
            <source>diekspor</source>
            <translation>exported</translation>
        </message>
        <message>
            <source>dihapus</source>
            <translation>erased</translation>
        </message>
    </context>
    <context>
        <name>ApprovalDialog</name>
        <message>
            <source>Setujui Penyaluran</source>
            <translation>Approve Aid</translation>
        </message>
        <message>
            <source>Tolak Penyaluran</source>
            <translation>Reject Aid</translation>
        </message>
        <message>
            <source>Memeriksa bantuan ganda…</source>
            <translation>Checking for duplicate aid…</translation>
        </message>
        <message>
            <source>&amp;Setujui</source>
            <translation>&amp;Approve</translation>
        </message>
        <message>
            <source>&amp;Tolak pengajuan</source>
            <translation>&amp;Reject proposal</translation>
        </message>
        <message>
            <source>&amp;Batal</source>
            <translation>&amp;Cancel</translation>
        </message>
        <message>
            <source>Peringatan bantuan ganda: NIK/KK penerima ini sudah menerima bantuan {count} kali dalam periode pemeriksaan.</source>
            <translation>Duplicate-aid warning: this recipient's NIK/KK already received aid {count} time(s) in the checked period.</translation>
        </message>
        <message>
            <source>Tidak ada bantuan lain untuk NIK/KK penerima ini dalam periode pemeriksaan.</source>
            <translation>No other aid to this recipient's NIK/KK in the checked period.</translation>
        </message>
        <message>
            <source>&amp;Alasan penolakan (wajib):</source>
            <translation>Reaso&amp;n for rejecting (required):</translation>
        </message>
        <message>
            <source>&amp;Alasan tetap menyetujui (wajib karena ada peringatan):</source>
            <translation>Reaso&amp;n for approving anyway (required because of the warnings):</translation>
        </message>
        <message>
            <source>&amp;Catatan (boleh kosong):</source>
            <translation>&amp;Note (optional):</translation>
        </message>
    </context>
    <context>
        <name>BackupSection</name>
        <message>
            <source>Cadangan dan keamanan</source>
            <translation>Backups and security</translation>
        </message>
        <message>
            <source>&amp;Cadangkan sekarang</source>
            <translation>&amp;Back up now</translation>
        </message>
        <message>
            <source>Pulihkan ca&amp;dangan…</source>
            <translation>Restore a &amp;backup…</translation>
        </message>
        <message>
            <source>Log akses data pribadi…</source>
            <translation>Personal data access log…</translation>
        </message>
        <message>
            <source>Frasa pemulihan…</source>
            <translation>Recovery passphrase…</translation>
        </message>
        <message>
            <source>mis. E:\CadanganAmilDesk (disk USB)</source>
            <translation>e.g. E:\AmilDeskBackups (USB drive)</translation>
        </message>
        <message>
            <source>Pilih…</source>
            <translation>Choose…</translation>
        </message>
        <message>
            <source> menit</source>
            <translation> minutes</translation>
        </message>
        <message>
            <source>Folder cadangan &amp;kedua:</source>
            <translation>&amp;Second backup folder:</translation>
        </message>
        <message>
            <source>Kunci &amp;layar setelah tidak dipakai:</source>
            <translation>&amp;Lock the screen when unused for:</translation>
        </message>
        <message>
            <source>Frasa pemulihan belum dibuat: cadangan belum dapat dienkripsi. Jalankan `amildesk backup --new-passphrase` atau hubungi admin.</source>
            <translation>No recovery passphrase yet: backups cannot be encrypted. Run `amildesk backup --new-passphrase` or ask the admin.</translation>
        </message>
        <message>
            <source>Belum ada cadangan.</source>
            <translation>No backup yet.</translation>
        </message>
        <message>
            <source>Cadangan terbaru: {when}</source>
            <translation>Newest backup: {when}</translation>
        </message>
        <message>
            <source>Folder cadangan kedua</source>
            <translation>Second backup folder</translation>
        </message>
        <message>
            <source>Membuat cadangan…</source>
            <translation>Making a backup…</translation>
        </message>
        <message>
            <source>Cadangan dibuat: {path}</source>
            <translation>Backup made: {path}</translation>
        </message>
        <message>
            <source>Salinan: {path}</source>
            <translation>Copy: {path}</translation>
        </message>
        <message>
            <source>Frasa pemulihan</source>
            <translation>Recovery passphrase</translation>
        </message>
        <message>
            <source>Frasa pemulihan baru (min. 10 karakter). Cadangan lama tetap memakai frasa lama:</source>
            <translation>New recovery passphrase (at least 10 characters). Older backups keep the old one:</translation>
        </message>
        <message>
            <source>Ulangi frasa pemulihan:</source>
            <translation>Repeat the recovery passphrase:</translation>
        </message>
        <message>
            <source>Kedua frasa pemulihan tidak sama.</source>
            <translation>The two recovery passphrases differ.</translation>
        </message>
        <message>
            <source>Frasa pemulihan disimpan. Cetak lembar pemulihan {path}, simpan di tempat aman, lalu hapus berkasnya.</source>
            <translation>Recovery passphrase saved. Print the recovery sheet {path}, keep it somewhere safe, then delete the file.</translation>
        </message>
    </context>
    <context>
        <name>BalancesWidget</name>
        <message>
            <source>Saldo dana</source>
            <translation>Fund balances</translation>
        </message>
        <message>
            <source>Tampilkan dana &amp;kosong</source>
            <translation>Show &amp;empty funds</translation>
        </message>
        <message>
            <source>Dana</source>
            <translation>Fund</translation>
        </message>
        <message>
            <source>Terkumpul</source>
            <translation>Collected</translation>
        </message>
        <message>
            <source>Hak amil</source>
            <translation>Amil share</translation>
        </message>
        <message>
            <source>Disalurkan</source>
            <translation>Distributed</translation>
        </message>
        <message>
            <source>Disetor</source>
            <translation>Deposited</translation>
        </message>
        <message>
            <source>Saldo</source>
            <translation>Balance</translation>
        </message>
        <message>
            <source>Diajukan</source>
            <translation>Proposed</translation>
        </message>
        <message>
            <source>Pengajuan yang belum diputuskan; pengajuan baru hanya dapat memakai saldo dikurangi ini.</source>
            <translation>Proposals not yet decided; a new proposal can only use the balance less this.</translation>
        </message>
        <message>
            <source>Bagian amil dari dana terkumpul, menurut tarif kantor (SK).</source>
            <translation>The amil's share of the collected funds, at the office's rates (SK).</translation>
        </message>
        <message>
            <source>Belum ada dana terkumpul.</source>
            <translation>Nothing collected yet.</translation>
        </message>
        <message>
            <source>Tidak ada lagi yang dapat diajukan dari dana ini.</source>
            <translation>Nothing more can be proposed from this fund.</translation>
        </message>
    </context>
    <context>
        <name>BarChart</name>
        <message>
            <source>{days} hari terakhir: Rp{total}</source>
            <translation>Last {days} days: Rp{total}</translation>
        </message>
    </context>
    <context>
        <name>BeneficiariesPage</name>
        <message>
            <source>Cari nama, NIK, atau nomor KK… (F2)</source>
            <translation>Search name, NIK or KK number… (F2)</translation>
        </message>
        <message>
            <source>&amp;Tambah orang (Ctrl+N)</source>
            <translation>&amp;Add person (Ctrl+N)</translation>
        </message>
        <message>
            <source>Tambah &amp;kelompok</source>
            <translation>Add &amp;group</translation>
        </message>
        <message>
            <source>&amp;Impor CSV/XLSX…</source>
            <translation>&amp;Import CSV/XLSX…</translation>
        </message>
        <message>
            <source>&amp;Ubah data… (Enter)</source>
            <translation>&amp;Edit… (Enter)</translation>
        </message>
        <message>
            <source>Ubah &amp;status</source>
            <translation>Change &amp;status</translation>
        </message>
        <message>
            <source>Tampilkan NIK/KK &amp;lengkap</source>
            <translation>Show &amp;full NIK/KK</translation>
        </message>
        <message>
            <source>{count} mustahik terdaftar; yang terbaru di bawah. Ketik nama atau NIK untuk mencari.</source>
            <translation>{count} beneficiaries registered; the newest are listed below. Type a name or NIK to search.</translation>
        </message>
        <message>
            <source>{count} mustahik terdaftar. Ketik nama atau NIK untuk mencari.</source>
            <translation type="vanished">Beneficiaries registered: {count}. Type a name or NIK to search.</translation>
        </message>
        <message>
            <source>Lebih dari {limit} hasil; ketik lebih lengkap.</source>
            <translation>More than {limit} results; type more of the name.</translation>
        </message>
        <message>
            <source>Tidak ditemukan. Tekan Ctrl+N untuk menambah orang baru.</source>
            <translation>Not found. Press Ctrl+N to add a new person.</translation>
        </message>
        <message>
            <source>{found} hasil dari {count} mustahik.</source>
            <translation>Found {found} of {count} beneficiaries.</translation>
        </message>
        <message>
            <source>Data orang memuat NIK/KK lengkap: hanya Kepala Kantor atau Admin yang dapat mengubahnya. Status tetap dapat diubah.</source>
            <translation type="vanished">A person's record holds the full NIK/KK: only the Office Head or an Admin can edit it. The status can still be changed.</translation>
        </message>
        <message>
            <source>{name} tersimpan.</source>
            <translation>{name} saved.</translation>
        </message>
        <message>
            <source>Impor selesai: {count} mustahik baru.</source>
            <translation>Import finished. New beneficiaries: {count}.</translation>
        </message>
        <message>
            <source>Status {name} sekarang: {status}.</source>
            <translation>Status of {name} is now: {status}.</translation>
        </message>
    </context>
    <context>
        <name>BeneficiaryDialog</name>
        <message>
            <source>Ubah Data Mustahik</source>
            <translation>Edit Beneficiary</translation>
        </message>
        <message>
            <source>Tambah Mustahik (Orang)</source>
            <translation>Add Beneficiary (Person)</translation>
        </message>
        <message>
            <source>16 digit, dari KTP atau KK</source>
            <translation>16 digits, from the ID card or KK</translation>
        </message>
        <message>
            <source>16 digit, dari kartu keluarga</source>
            <translation>16 digits, from the family card</translation>
        </message>
        <message>
            <source>HH-BB-TTTT, mis. 17-08-1965</source>
            <translation>DD-MM-YYYY, e.g. 17-08-1965</translation>
        </message>
        <message>
            <source>— belum diisi —</source>
            <translation>— not given —</translation>
        </message>
        <message>
            <source>10 digit kode Kemendagri, mis. 64.01.01.2001</source>
            <translation>10-digit Kemendagri code, e.g. 64.01.01.2001</translation>
        </message>
        <message>
            <source>— belum ditentukan —</source>
            <translation>— not decided —</translation>
        </message>
        <message>
            <source>— tidak diketahui —</source>
            <translation>— unknown —</translation>
        </message>
        <message>
            <source>1 (paling miskin)</source>
            <translation>1 (poorest)</translation>
        </message>
        <message>
            <source>10 (paling sejahtera)</source>
            <translation>10 (best off)</translation>
        </message>
        <message>
            <source>&amp;Nama lengkap:</source>
            <translation>Full &amp;name:</translation>
        </message>
        <message>
            <source>N&amp;IK:</source>
            <translation>N&amp;IK:</translation>
        </message>
        <message>
            <source>Nomor &amp;KK:</source>
            <translation>&amp;KK number:</translation>
        </message>
        <message>
            <source>Tanggal &amp;lahir:</source>
            <translation>Date of &amp;birth:</translation>
        </message>
        <message>
            <source>&amp;Jenis kelamin:</source>
            <translation>Se&amp;x:</translation>
        </message>
        <message>
            <source>&amp;Alamat:</source>
            <translation>&amp;Address:</translation>
        </message>
        <message>
            <source>Kode &amp;desa:</source>
            <translation>&amp;Village code:</translation>
        </message>
        <message>
            <source>&amp;Telepon/HP:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>A&amp;snaf:</source>
            <translation>Asna&amp;f:</translation>
        </message>
        <message>
            <source>Asnaf wajib bila orang ini akan menerima zakat.</source>
            <translation>Asnaf is required if this person is to receive zakat.</translation>
        </message>
        <message>
            <source>D&amp;esil (DTSEN/P3KE):</source>
            <translation>&amp;Decile (DTSEN/P3KE):</translation>
        </message>
        <message>
            <source>&amp;Catatan kebutuhan:</source>
            <translation>Needs assess&amp;ment:</translation>
        </message>
        <message>
            <source>Stat&amp;us:</source>
            <translation>Stat&amp;us:</translation>
        </message>
        <message>
            <source>&amp;Simpan (Ctrl+S)</source>
            <translation>&amp;Save (Ctrl+S)</translation>
        </message>
        <message>
            <source>&amp;Batal</source>
            <translation>&amp;Cancel</translation>
        </message>
    </context>
    <context>
        <name>BeneficiaryPicker</name>
        <message>
            <source>Ketik nama atau NIK, lalu pilih dari daftar</source>
            <translation>Type a name or NIK, then pick from the list</translation>
        </message>
        <message>
            <source>“{text}” belum dipilih dari daftar. Ketik lalu pilih dengan panah bawah dan Enter.</source>
            <translation>“{text}” has not been picked from the list. Type, then pick with the down arrow and Enter.</translation>
        </message>
        <message>
            <source>Pilih penerima: ketik nama atau NIK, lalu pilih dari daftar.</source>
            <translation>Choose the recipient: type a name or NIK, then pick from the list.</translation>
        </message>
        <message>
            <source>Dipilih: {summary}</source>
            <translation>Chosen: {summary}</translation>
        </message>
        <message>
            <source>Tidak ditemukan. Daftarkan dulu di halaman Mustahik.</source>
            <translation>Not found. Register them first on the Beneficiaries page.</translation>
        </message>
        <message>
            <source>Belum ada yang dipilih.</source>
            <translation>Nobody chosen yet.</translation>
        </message>
    </context>
    <context>
        <name>BeneficiaryTableModel</name>
        <message>
            <source>Nama</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Jenis</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>NIK</source>
            <translation>NIK</translation>
        </message>
        <message>
            <source>Desa</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Asnaf</source>
            <translation>Asnaf</translation>
        </message>
        <message>
            <source>Desil</source>
            <translation>Decile</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Nomor lengkap; tercatat di log akses data pribadi</source>
            <translation>Full number; recorded in the personal data access log</translation>
        </message>
    </context>
    <context>
        <name>CashBar</name>
        <message>
            <source>Tutup &amp;Kas…</source>
            <translation>Close the &amp;Day…</translation>
        </message>
        <message>
            <source>Se&amp;toran…</source>
            <translation>De&amp;posit…</translation>
        </message>
        <message>
            <source>⚠ {count} hari belum tutup kas ({days})</source>
            <translation>⚠ {count} day(s) not closed yet ({days})</translation>
        </message>
    </context>
    <context>
        <name>ClosingDialog</name>
        <message>
            <source>Tutup Kas Harian</source>
            <translation>Daily Cash Closing</translation>
        </message>
        <message>
            <source>&amp;Tanggal:</source>
            <translation>&amp;Date:</translation>
        </message>
        <message>
            <source>Metode</source>
            <translation>Method</translation>
        </message>
        <message>
            <source>Tercatat</source>
            <translation>Recorded</translation>
        </message>
        <message>
            <source>Batal susulan</source>
            <translation>Late voids</translation>
        </message>
        <message>
            <source>Diharapkan</source>
            <translation>Expected</translation>
        </message>
        <message>
            <source>Terhitung</source>
            <translation>Counted</translation>
        </message>
        <message>
            <source>Selisih</source>
            <translation>Difference</translation>
        </message>
        <message>
            <source>Hitung uang tunai per &amp;pecahan</source>
            <translation>Count cash by &amp;denomination</translation>
        </message>
        <message>
            <source>Uang tunai per pecahan (lembar/keping)</source>
            <translation>Cash by denomination (notes/coins)</translation>
        </message>
        <message>
            <source>wajib bila ada selisih, contoh: uang kembalian kurang</source>
            <translation>required when there is a difference, e.g. change short</translation>
        </message>
        <message>
            <source>Ca&amp;tatan selisih:</source>
            <translation>No&amp;te on the difference:</translation>
        </message>
        <message>
            <source>Konfirmasi kepala kantor</source>
            <translation>Office head's confirmation</translation>
        </message>
        <message>
            <source>&amp;Nama pengguna kepala:</source>
            <translation>Head's &amp;user name:</translation>
        </message>
        <message>
            <source>&amp;Kata sandi kepala:</source>
            <translation>Head's &amp;password:</translation>
        </message>
        <message>
            <source>Buka kembali tutup kas (kepala kantor)</source>
            <translation>Reopen the closed day (office head)</translation>
        </message>
        <message>
            <source>B&amp;uka kembali</source>
            <translation>Re&amp;open</translation>
        </message>
        <message>
            <source>Alasan:</source>
            <translation>Reason:</translation>
        </message>
        <message>
            <source>&amp;Tutup Kas</source>
            <translation>&amp;Close the Day</translation>
        </message>
        <message>
            <source>&amp;Batal</source>
            <translation>Ca&amp;ncel</translation>
        </message>
        <message>
            <source>Sudah ditutup oleh {clerk}, dikonfirmasi {head}.</source>
            <translation>Closed by {clerk}, confirmed by {head}.</translation>
        </message>
        <message>
            <source>{count} kuitansi tercatat; belum ditutup.</source>
            <translation>{count} receipt(s) recorded; not closed yet.</translation>
        </message>
        <message>
            <source>Pembatalan susulan dibawa ke penutupan ini (kuitansi hari yang sudah ditutup): {numbers}; jumlah {amount}.</source>
            <translation>Late voids carried into this closing (receipts of days already closed): {numbers}; total {amount}.</translation>
        </message>
        <message>
            <source>Diharapkan {expected} · terhitung {counted} · selisih {difference}</source>
            <translation>Expected {expected} · counted {counted} · difference {difference}</translation>
        </message>
        <message>
            <source>Kepala kantor harus mengonfirmasi dengan nama pengguna dan kata sandinya.</source>
            <translation>The office head must confirm with their user name and password.</translation>
        </message>
    </context>
    <context>
        <name>CollectiveDialog</name>
        <message>
            <source>Setoran kolektif lembaga (UPZ)</source>
            <translation>Collective hand-over by an institution (UPZ)</translation>
        </message>
        <message>
            <source>Lembaga &amp;baru…</source>
            <translation>&amp;New institution…</translation>
        </message>
        <message>
            <source>nomor referensi transfer/QRIS</source>
            <translation>transfer/QRIS reference number</translation>
        </message>
        <message>
            <source>uang yang diserahkan</source>
            <translation>money handed over</translation>
        </message>
        <message>
            <source>&amp;Lembaga:</source>
            <translation>&amp;Institution:</translation>
        </message>
        <message>
            <source>&amp;Periode (TTTT-BB):</source>
            <translation>&amp;Period (YYYY-MM):</translation>
        </message>
        <message>
            <source>&amp;Metode:</source>
            <translation>&amp;Method:</translation>
        </message>
        <message>
            <source>&amp;Referensi:</source>
            <translation>&amp;Reference:</translation>
        </message>
        <message>
            <source>&amp;Uang diserahkan:</source>
            <translation>Amount &amp;handed over:</translation>
        </message>
        <message>
            <source>Nama</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>NIK/NIP</source>
            <translation>NIK/NIP</translation>
        </message>
        <message>
            <source>Dana</source>
            <translation>Fund</translation>
        </message>
        <message>
            <source>Jumlah</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>&amp;Pembayar (dana: kode atau nama, mis. “zakat penghasilan”):</source>
            <translation type="vanished">Pa&amp;yers (fund: code or name, e.g. “zakat penghasilan”):</translation>
        </message>
        <message>
            <source>&amp;Tambah baris (Ctrl+N)</source>
            <translation>&amp;Add row (Ctrl+N)</translation>
        </message>
        <message>
            <source>&amp;Hapus baris (Ctrl+Del)</source>
            <translation>&amp;Delete row (Ctrl+Del)</translation>
        </message>
        <message>
            <source>&amp;Impor berkas…</source>
            <translation>Imp&amp;ort file…</translation>
        </message>
        <message>
            <source>Salin bulan &amp;lalu</source>
            <translation type="vanished">Copy &amp;last month</translation>
        </message>
        <message>
            <source>Telepon (boleh kosong)</source>
            <translation>Phone (optional)</translation>
        </message>
        <message>
            <source>&amp;Daftar pembayar (dana: kode atau nama, mis. “zakat penghasilan”):</source>
            <translation>Pa&amp;yers (fund: code or name, e.g. “zakat penghasilan”):</translation>
        </message>
        <message>
            <source>S&amp;alin bulan lalu</source>
            <translation>Copy &amp;last month</translation>
        </message>
        <message>
            <source>Isi dari daftar l&amp;embaga</source>
            <translation>Fill from the institution's lis&amp;t</translation>
        </message>
        <message>
            <source>Peri&amp;ksa</source>
            <translation>Chec&amp;k</translation>
        </message>
        <message>
            <source>Le&amp;wati baris salah (hanya baris benar yang disimpan)</source>
            <translation>Skip &amp;wrong rows (only the correct rows are saved)</translation>
        </message>
        <message>
            <source>&amp;Simpan (Ctrl+S)</source>
            <translation>&amp;Save (Ctrl+S)</translation>
        </message>
        <message>
            <source>&amp;Cetak semua kuitansi (Ctrl+P)</source>
            <translation>Print all re&amp;ceipts (Ctrl+P)</translation>
        </message>
        <message>
            <source>PDF per pembayar ke &amp;folder…</source>
            <translation>One PDF per payer to a &amp;folder…</translation>
        </message>
        <message>
            <source>Tutup (Esc)</source>
            <translation>Close (Esc)</translation>
        </message>
        <message>
            <source>{n} pembayar</source>
            <translation>{n} payers</translation>
        </message>
        <message>
            <source>Jumlah baris: {lines} · Diserahkan: {handed} · Selisih: {difference}</source>
            <translation>Lines: {lines} · Handed over: {handed} · Difference: {difference}</translation>
        </message>
        <message>
            <source>Baris {row}: {message}</source>
            <translation>Row {row}: {message}</translation>
        </message>
        <message>
            <source>Pilih daftar pembayar</source>
            <translation>Choose the payer list</translation>
        </message>
        <message>
            <source>Lembar kerja (*.xlsx *.csv)</source>
            <translation>Spreadsheets (*.xlsx *.csv)</translation>
        </message>
        <message>
            <source>Semua berkas (*)</source>
            <translation>All files (*)</translation>
        </message>
        <message>
            <source>{n} baris dibaca dari {name}. Periksa lalu simpan.</source>
            <translation>{n} rows read from {name}. Check them, then save.</translation>
        </message>
        <message>
            <source>{n} baris disalin dari bulan lalu; ubah bila perlu.</source>
            <translation>{n} rows copied from last month; edit them if needed.</translation>
        </message>
        <message>
            <source>{n} pembayar dari daftar lembaga; isi dana dan jumlahnya.</source>
            <translation>{n} payers from the institution's list; type their funds and amounts.</translation>
        </message>
        <message>
            <source>{n} baris salah; perbaiki, atau centang “Lewati baris salah”.</source>
            <translation>{n} rows are wrong; fix them, or tick “Skip wrong rows”.</translation>
        </message>
        <message>
            <source>Semua baris benar: {payers} pembayar ({new} baru), {total}.</source>
            <translation>All rows are correct: {payers} payers ({new} new), {total}.</translation>
        </message>
        <message>
            <source>Menyimpan…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>Tersimpan: kwitansi kolektif {number}, {payers} pembayar ({new} baru), {total}; kuitansi {first} s.d. {last}. Tekan Ctrl+P untuk mencetak semua.</source>
            <translation>Saved: collective receipt {number}, {payers} payers ({new} new), {total}; receipts {first} to {last}. Press Ctrl+P to print them all.</translation>
        </message>
        <message>
            <source>Mencetak {n} kuitansi…</source>
            <translation>Printing {n} receipts…</translation>
        </message>
        <message>
            <source>Folder untuk PDF per pembayar</source>
            <translation>Folder for one PDF per payer</translation>
        </message>
        <message>
            <source>Menyimpan {n} PDF…</source>
            <translation>Saving {n} PDFs…</translation>
        </message>
        <message>
            <source>Kwitansi kolektif dan {n} kuitansi pembayar dikirim ke printer {printer}.</source>
            <translation type="vanished">The collective receipt and {n} payer receipts were sent to printer {printer}.</translation>
        </message>
        <message>
            <source>Semua sudah tersimpan, tetapi gagal dicetak ({error}). Cetak ulang dari sini atau dari halaman Kwitansi.</source>
            <translation type="vanished">Everything is saved, but printing failed ({error}). Print again from here or from the Receipts page.</translation>
        </message>
        <message>
            <source>Kwitansi kolektif dan {n} kuitansi pembayar disimpan sebagai PDF di {folder}.</source>
            <translation type="vanished">The collective receipt and {n} payer receipts were saved as PDF in {folder}.</translation>
        </message>
    </context>
    <context>
        <name>CollectiveTableModel</name>
        <message>
            <source>Nomor</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Tanggal</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Lembaga</source>
            <translation>Institution</translation>
        </message>
        <message>
            <source>Periode</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>Pembayar</source>
            <translation>Payers</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Aktif</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Batal</source>
            <translation>Void</translation>
        </message>
        <message>
            <source>Sebagian batal ({voided} dari {count})</source>
            <translation>Partly void ({voided} of {count})</translation>
        </message>
        <message>
            <source>Diserahkan {total}; kuitansi yang masih aktif {active}.</source>
            <translation>Handed over {total}; receipts still active {active}.</translation>
        </message>
    </context>
    <context>
        <name>CollectivesSection</name>
        <message>
            <source>Cari nomor setoran atau nama lembaga…</source>
            <translation>Search hand-over number or institution name…</translation>
        </message>
        <message>
            <source>Sertakan kuitansi &amp;pembayar</source>
            <translation>Include &amp;payer receipts</translation>
        </message>
        <message>
            <source>Selain kwitansi kolektif, cetak/simpan juga kuitansi setiap pembayar (satu berkas).</source>
            <translation>Besides the collective receipt, also print/save every payer's receipt (one file).</translation>
        </message>
        <message>
            <source>&amp;Cetak ulang (Ctrl+P)</source>
            <translation>&amp;Reprint (Ctrl+P)</translation>
        </message>
        <message>
            <source>Simpan P&amp;DF…</source>
            <translation>Save P&amp;DF…</translation>
        </message>
        <message>
            <source>Batal&amp;kan setoran…</source>
            <translation>&amp;Void hand-over…</translation>
        </message>
        <message>
            <source>Hanya Kepala Kantor atau Admin yang dapat membatalkan.</source>
            <translation>Only the Head of Office or an Admin can void.</translation>
        </message>
        <message>
            <source>{count} setoran lembaga</source>
            <translation>{count} institution hand-overs</translation>
        </message>
        <message>
            <source>Simpan kwitansi kolektif sebagai PDF</source>
            <translation>Save the collective receipt as PDF</translation>
        </message>
        <message>
            <source>Berkas PDF (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Memproses setoran {number}…</source>
            <translation>Processing hand-over {number}…</translation>
        </message>
        <message>
            <source>Kwitansi kolektif {number} dan {n} kuitansi pembayar</source>
            <translation type="vanished">Collective receipt {number} and {n} payer receipts</translation>
        </message>
        <message>
            <source>Kwitansi kolektif {number}</source>
            <translation type="vanished">Collective receipt {number}</translation>
        </message>
        <message>
            <source>(SALINAN)</source>
            <translation type="vanished">(COPY)</translation>
        </message>
        <message>
            <source>{what} dikirim ke printer {printer}.</source>
            <translation type="vanished">{what} sent to printer {printer}.</translation>
        </message>
        <message>
            <source>{what} gagal dicetak ({error}).</source>
            <translation type="vanished">{what} could not be printed ({error}).</translation>
        </message>
        <message>
            <source>{what} disimpan sebagai PDF di {folder}.</source>
            <translation type="vanished">{what} saved as PDF in {folder}.</translation>
        </message>
        <message>
            <source>Setoran {number} dari {institution} akan dibatalkan: {count} kuitansi pembayar yang masih aktif ({amount}) dibatalkan sekaligus. Nomornya tetap tercatat dan tidak dipakai ulang. Tulis alasan pembatalan:</source>
            <translation>Hand-over {number} from {institution} will be voided: its {count} payer receipts still active ({amount}) are voided at once. Their numbers stay recorded and are never reused. Write the reason:</translation>
        </message>
        <message>
            <source>Batalkan Setoran Lembaga</source>
            <translation>Void Institution Hand-over</translation>
        </message>
        <message>
            <source>&amp;Batalkan setoran</source>
            <translation>&amp;Void hand-over</translation>
        </message>
        <message>
            <source>Setoran {number} dibatalkan: {count} kuitansi pembayar ({amount}).</source>
            <translation>Hand-over {number} voided: {count} payer receipts ({amount}).</translation>
        </message>
        <message>
            <source>{count} di antaranya dari hari yang kasnya sudah ditutup ({days}): dicatat sebagai penyesuaian pada tutup kas berikutnya, angka tutup kas itu tidak berubah.</source>
            <translation>{count} of them are from days whose cash is already closed ({days}): recorded as an adjustment in the next closing; the closed figures do not change.</translation>
        </message>
    </context>
    <context>
        <name>DepositDialog</name>
        <message>
            <source>Setoran ke Rekening Kabupaten</source>
            <translation>Deposit to the District Account</translation>
        </message>
        <message>
            <source>Dana</source>
            <translation>Fund</translation>
        </message>
        <message>
            <source>Tunai di tangan</source>
            <translation>Cash on hand</translation>
        </message>
        <message>
            <source>Disetor</source>
            <translation>Deposit</translation>
        </message>
        <message>
            <source>contoh: BSI KCP Tanah Grogot</source>
            <translation>e.g. BSI KCP Tanah Grogot</translation>
        </message>
        <message>
            <source>nomor pada slip/bukti setoran bank</source>
            <translation>number on the bank's deposit slip</translation>
        </message>
        <message>
            <source>&amp;Tanggal setor:</source>
            <translation>&amp;Deposit date:</translation>
        </message>
        <message>
            <source>&amp;Bank:</source>
            <translation>&amp;Bank:</translation>
        </message>
        <message>
            <source>No. re&amp;kening:</source>
            <translation>Account n&amp;umber:</translation>
        </message>
        <message>
            <source>No. &amp;referensi (wajib):</source>
            <translation>&amp;Reference (required):</translation>
        </message>
        <message>
            <source>Ca&amp;tatan:</source>
            <translation>No&amp;te:</translation>
        </message>
        <message>
            <source>Tanggal</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Referensi</source>
            <translation>Reference</translation>
        </message>
        <message>
            <source>Jumlah</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>&amp;Simpan setoran</source>
            <translation>&amp;Save deposit</translation>
        </message>
        <message>
            <source>T&amp;utup</source>
            <translation>C&amp;lose</translation>
        </message>
        <message>
            <source>Tunai di tangan = tunai terkumpul − bantuan tunai − sudah disetor − hak amil yang dipegang kantor.</source>
            <translation>Cash on hand = cash collected − cash aid − already deposited − the amil share the office keeps.</translation>
        </message>
        <message>
            <source>Setoran terakhir</source>
            <translation>Recent deposits</translation>
        </message>
        <message>
            <source>dikonfirmasi</source>
            <translation>confirmed</translation>
        </message>
        <message>
            <source>menunggu konfirmasi</source>
            <translation>awaiting confirmation</translation>
        </message>
        <message>
            <source>Jumlah setoran: {total}</source>
            <translation>Deposit total: {total}</translation>
        </message>
    </context>
    <context>
        <name>DistributionDialog</name>
        <message>
            <source>Ajukan Penyaluran</source>
            <translation>Propose Aid</translation>
        </message>
        <message>
            <source>Ketik nama, NIK, atau nama kelompok penerima</source>
            <translation>Type the recipient's name, NIK or group name</translation>
        </message>
        <message>
            <source>Uang &amp;tunai</source>
            <translation>&amp;Cash</translation>
        </message>
        <message>
            <source>Ba&amp;rang</source>
            <translation>G&amp;oods</translation>
        </message>
        <message>
            <source>mis. beras, mesin jahit, paket sekolah</source>
            <translation>e.g. rice, sewing machine, school kit</translation>
        </message>
        <message>
            <source>mis. 10 atau 2,5</source>
            <translation>e.g. 10 or 2,5</translation>
        </message>
        <message>
            <source>&amp;Penerima:</source>
            <translation>&amp;Recipient:</translation>
        </message>
        <message>
            <source>&amp;Dana:</source>
            <translation>&amp;Fund:</translation>
        </message>
        <message>
            <source>Pro&amp;gram:</source>
            <translation>Pro&amp;gram:</translation>
        </message>
        <message>
            <source>Bentuk:</source>
            <translation>Form:</translation>
        </message>
        <message>
            <source>&amp;Jumlah uang (Rp):</source>
            <translation>A&amp;mount (Rp):</translation>
        </message>
        <message>
            <source>Nama &amp;barang:</source>
            <translation>&amp;Item:</translation>
        </message>
        <message>
            <source>Ban&amp;yaknya:</source>
            <translation>Q&amp;uantity:</translation>
        </message>
        <message>
            <source>Sat&amp;uan:</source>
            <translation>Uni&amp;t:</translation>
        </message>
        <message>
            <source>Taksiran &amp;nilai (Rp):</source>
            <translation>Estimated &amp;value (Rp):</translation>
        </message>
        <message>
            <source>&amp;Keterangan:</source>
            <translation>&amp;Note:</translation>
        </message>
        <message>
            <source>&amp;Ajukan (Ctrl+S)</source>
            <translation>&amp;Propose (Ctrl+S)</translation>
        </message>
        <message>
            <source>Bata&amp;l</source>
            <translation>C&amp;ancel</translation>
        </message>
        <message>
            <source>— pilih dana —</source>
            <translation>— choose a fund —</translation>
        </message>
        <message>
            <source>{fund} — tersedia {amount}</source>
            <translation>{fund} — {amount} available</translation>
        </message>
        <message>
            <source>— pilih program —</source>
            <translation>— choose a program —</translation>
        </message>
        <message>
            <source>… dan {count} lainnya.</source>
            <translation>… and {count} more.</translation>
        </message>
        <message>
            <source>Peringatan bantuan ganda:</source>
            <translation>Duplicate-aid warning:</translation>
        </message>
        <message>
            <source>Pilih dana sumber bantuan.</source>
            <translation>Choose the fund the aid comes from.</translation>
        </message>
        <message>
            <source>Pilih program penyaluran.</source>
            <translation>Choose the program.</translation>
        </message>
        <message>
            <source>Isi taksiran nilai barang dalam rupiah.</source>
            <translation>Enter the goods' estimated value in rupiah.</translation>
        </message>
        <message>
            <source>Isi jumlah uang yang disalurkan.</source>
            <translation>Enter the amount of cash to give.</translation>
        </message>
    </context>
    <context>
        <name>DistributionTableModel</name>
        <message>
            <source>Nomor</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Tanggal</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Penerima</source>
            <translation>Recipient</translation>
        </message>
        <message>
            <source>Dana</source>
            <translation>Fund</translation>
        </message>
        <message>
            <source>Program</source>
            <translation>Program</translation>
        </message>
        <message>
            <source>Bentuk</source>
            <translation>Form</translation>
        </message>
        <message>
            <source>Nilai</source>
            <translation>Value</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
    </context>
    <context>
        <name>DistributionsPage</name>
        <message>
            <source>Semua</source>
            <translation>All</translation>
        </message>
        <message>
            <source>&amp;Tampilkan:</source>
            <translation>&amp;Show:</translation>
        </message>
        <message>
            <source>&amp;Ajukan penyaluran (Ctrl+N)</source>
            <translation>&amp;Propose aid (Ctrl+N)</translation>
        </message>
        <message>
            <source>&amp;Setujui…</source>
            <translation>&amp;Approve…</translation>
        </message>
        <message>
            <source>T&amp;olak…</source>
            <translation>&amp;Reject…</translation>
        </message>
        <message>
            <source>&amp;Cetak tanda terima (Ctrl+P)</source>
            <translation>Print &amp;hand-over receipt (Ctrl+P)</translation>
        </message>
        <message>
            <source>Simpan P&amp;DF…</source>
            <translation>Save P&amp;DF…</translation>
        </message>
        <message>
            <source>Hanya Kepala Kantor yang dapat menyetujui atau menolak.</source>
            <translation>Only the Office Head can approve or reject.</translation>
        </message>
        <message>
            <source>{count} penyaluran</source>
            <translation>Distributions: {count}</translation>
        </message>
        <message>
            <source>{count} menunggu persetujuan Anda</source>
            <translation>awaiting your approval: {count}</translation>
        </message>
        <message>
            <source>{count} menunggu persetujuan Kepala Kantor</source>
            <translation>awaiting the Office Head's approval: {count}</translation>
        </message>
        <message>
            <source>Pengajuan {number} untuk {name} tersimpan; menunggu persetujuan Kepala Kantor.</source>
            <translation>Proposal {number} for {name} saved; awaiting the Office Head's approval.</translation>
        </message>
        <message>
            <source>Ada {count} peringatan bantuan ganda yang akan dilihat Kepala Kantor.</source>
            <translation>Duplicate-aid warnings the Office Head will see: {count}.</translation>
        </message>
        <message>
            <source>Nomor:</source>
            <translation>Number:</translation>
        </message>
        <message>
            <source>Diajukan:</source>
            <translation>Proposed:</translation>
        </message>
        <message>
            <source>Penerima:</source>
            <translation>Recipient:</translation>
        </message>
        <message>
            <source>Dana / program:</source>
            <translation>Fund / program:</translation>
        </message>
        <message>
            <source>Bentuk:</source>
            <translation>Form:</translation>
        </message>
        <message>
            <source>Nilai:</source>
            <translation>Value:</translation>
        </message>
        <message>
            <source>Keterangan:</source>
            <translation>Note:</translation>
        </message>
        <message>
            <source>{number} disetujui. Cetak tanda terima (Ctrl+P) untuk ditandatangani penerima.</source>
            <translation>{number} approved. Print the hand-over receipt (Ctrl+P) for the recipient to sign.</translation>
        </message>
        <message>
            <source>{number} ditolak.</source>
            <translation>{number} rejected.</translation>
        </message>
        <message>
            <source>Menyiapkan tanda terima {number}…</source>
            <translation>Preparing hand-over receipt {number}…</translation>
        </message>
        <message>
            <source>Simpan tanda terima sebagai PDF</source>
            <translation>Save hand-over receipt as PDF</translation>
        </message>
        <message>
            <source>Berkas PDF (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
    </context>
    <context>
        <name>DonationPage</name>
        <message>
            <source>Donatur</source>
            <translation>Donor</translation>
        </message>
        <message>
            <source>Rincian donasi</source>
            <translation>Donation details</translation>
        </message>
        <message>
            <source>Memuat daftar dana…</source>
            <translation>Loading the fund list…</translation>
        </message>
        <message>
            <source>&amp;Tambah baris (Ctrl+N)</source>
            <translation>Add &amp;line (Ctrl+N)</translation>
        </message>
        <message>
            <source>nomor referensi transfer/QRIS</source>
            <translation>transfer/QRIS reference number</translation>
        </message>
        <message>
            <source>&amp;Metode:</source>
            <translation>&amp;Method:</translation>
        </message>
        <message>
            <source>&amp;Referensi:</source>
            <translation>&amp;Reference:</translation>
        </message>
        <message>
            <source>&amp;Kosongkan</source>
            <translation>&amp;Clear</translation>
        </message>
        <message>
            <source>Setoran &amp;lembaga… (Ctrl+K)</source>
            <translation>&amp;Institution hand-over… (Ctrl+K)</translation>
        </message>
        <message>
            <source>Setoran kolektif sekolah, masjid, atau OPD: satu serahan, kuitansi untuk setiap pembayar</source>
            <translation>Collective hand-over by a school, mosque or OPD: one hand-over, a receipt for every payer</translation>
        </message>
        <message>
            <source>&amp;Simpan &amp;&amp; Cetak (Ctrl+S)</source>
            <translation>&amp;Save &amp;&amp; Print (Ctrl+S)</translation>
        </message>
        <message>
            <source>Total: {amount}</source>
            <translation>Total: {amount}</translation>
        </message>
        <message>
            <source> + beras {kg}</source>
            <translation> + rice {kg}</translation>
        </message>
        <message>
            <source>Terbilang: {words}</source>
            <translation>In words: {words}</translation>
        </message>
        <message>
            <source>Menyimpan…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>Kuitansi {number} tersimpan ({total}). Cetak dari halaman Kwitansi bila perlu.</source>
            <translation>Receipt {number} saved ({total}). Print it from the Receipts page if needed.</translation>
        </message>
        <message>
            <source>Kuitansi {number} tersimpan ({total}). Mencetak…</source>
            <translation>Receipt {number} saved ({total}). Printing…</translation>
        </message>
        <message>
            <source>Donasi sudah tersimpan, tetapi kuitansi belum tercetak. Cetak ulang dari halaman Kwitansi.</source>
            <translation>The donation is saved, but the receipt was not printed. Reprint it from the Receipts page.</translation>
        </message>
    </context>
    <context>
        <name>DonorDialog</name>
        <message>
            <source>Tambah Donatur</source>
            <translation>Add Donor</translation>
        </message>
        <message>
            <source>opsional, 16 digit</source>
            <translation>optional, 16 digits</translation>
        </message>
        <message>
            <source>opsional, 15 atau 16 digit</source>
            <translation>optional, 15 or 16 digits</translation>
        </message>
        <message>
            <source>&amp;Nama:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>NI&amp;K:</source>
            <translation>NI&amp;K (ID number):</translation>
        </message>
        <message>
            <source>NP&amp;WP:</source>
            <translation>NP&amp;WP (tax number):</translation>
        </message>
        <message>
            <source>&amp;Telepon:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>&amp;Alamat:</source>
            <translation>&amp;Address:</translation>
        </message>
        <message>
            <source>&amp;Desa/kelurahan:</source>
            <translation>&amp;Village:</translation>
        </message>
        <message>
            <source>&amp;Simpan</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>&amp;Batal</source>
            <translation>&amp;Cancel</translation>
        </message>
    </context>
    <context>
        <name>DonorPicker</name>
        <message>
            <source>Ketik nama, NIK, atau nomor HP donatur (F2)</source>
            <translation>Type the donor's name, NIK or phone number (F2)</translation>
        </message>
        <message>
            <source>&amp;Hamba Allah</source>
            <translation>&amp;Hamba Allah (anonymous)</translation>
        </message>
        <message>
            <source>Donatur tidak ingin disebut namanya</source>
            <translation>The donor does not want to be named</translation>
        </message>
        <message>
            <source>Donatur &amp;baru</source>
            <translation>New &amp;donor</translation>
        </message>
        <message>
            <source>opsional, 16 digit NIK atau 15 digit NPWP</source>
            <translation>optional, 16-digit NIK or 15-digit NPWP</translation>
        </message>
        <message>
            <source>&amp;Nama donatur:</source>
            <translation>Donor &amp;name:</translation>
        </message>
        <message>
            <source>NIK/NP&amp;WP:</source>
            <translation>NIK/NP&amp;WP:</translation>
        </message>
        <message>
            <source>Tele&amp;pon:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>Alam&amp;at:</source>
            <translation>&amp;Address:</translation>
        </message>
        <message>
            <source>Donatur “{text}” belum dipilih dari daftar. Pilih dari daftar, tekan “Donatur baru”, atau centang Hamba Allah.</source>
            <translation>Donor “{text}” has not been picked from the list. Pick one from the list, press “New donor”, or tick Hamba Allah.</translation>
        </message>
        <message>
            <source>Pilih donatur, tambah donatur baru, atau centang Hamba Allah.</source>
            <translation>Pick a donor, add a new donor, or tick Hamba Allah.</translation>
        </message>
        <message>
            <source>Donatur: Hamba Allah (tanpa nama)</source>
            <translation>Donor: Hamba Allah (anonymous)</translation>
        </message>
        <message>
            <source>Donatur baru akan disimpan bersama donasi ini.</source>
            <translation>The new donor will be saved together with this donation.</translation>
        </message>
        <message>
            <source>Donatur: {summary}</source>
            <translation>Donor: {summary}</translation>
        </message>
        <message>
            <source>Tidak ditemukan. Tekan Alt+B untuk menambah donatur baru.</source>
            <translation>Not found. Press Alt+D to add a new donor.</translation>
        </message>
        <message>
            <source>Belum ada donatur dipilih.</source>
            <translation>No donor chosen yet.</translation>
        </message>
    </context>
    <context>
        <name>DonorsPage</name>
        <message>
            <source>Cari nama, NIK, atau nomor HP…</source>
            <translation>Search by name, NIK or phone number…</translation>
        </message>
        <message>
            <source>&amp;Tambah donatur (Ctrl+N)</source>
            <translation>&amp;Add donor (Ctrl+N)</translation>
        </message>
        <message>
            <source>Tampilkan NIK/NPWP &amp;lengkap</source>
            <translation>Show &amp;full NIK/NPWP</translation>
        </message>
        <message>
            <source>Nama</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>NIK/NPWP</source>
            <translation>NIK/NPWP</translation>
        </message>
        <message>
            <source>Telepon</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Alamat</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Desa</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>{count} donatur terdaftar; yang terbaru di bawah. Ketik untuk mencari.</source>
            <translation>{count} donors registered; the newest are listed below. Type to search.</translation>
        </message>
        <message>
            <source>Nomor lengkap; tercatat di log akses data pribadi</source>
            <translation>Full number; recorded in the personal data access log</translation>
        </message>
        <message>
            <source>{count} donatur terdaftar. Ketik untuk mencari.</source>
            <translation type="vanished">{count} donors registered. Type to search.</translation>
        </message>
        <message>
            <source>Lebih dari {limit} hasil; ketik lebih lengkap.</source>
            <translation>More than {limit} results; type more.</translation>
        </message>
        <message>
            <source>{found} hasil dari {count} donatur.</source>
            <translation>{found} results out of {count} donors.</translation>
        </message>
    </context>
    <context>
        <name>EnrollDialog</name>
        <message>
            <source>Hubungkan ke Server Kabupaten</source>
            <translation>Connect to the District Server</translation>
        </message>
        <message>
            <source>Minta kode pendaftaran sekali pakai kepada admin kabupaten. Data yang belum terkirim tetap aman selama dan sesudah pendaftaran.</source>
            <translation>Ask the district admin for a one-time enrollment code. Records not yet sent stay safe during and after enrollment.</translation>
        </message>
        <message>
            <source>kosongkan bila server memakai sertifikat umum</source>
            <translation>leave empty if the server uses a public certificate</translation>
        </message>
        <message>
            <source>P&amp;ilih…</source>
            <translation>Br&amp;owse…</translation>
        </message>
        <message>
            <source>&amp;Alamat server:</source>
            <translation>Server &amp;address:</translation>
        </message>
        <message>
            <source>&amp;Kode pendaftaran:</source>
            <translation>Enrollment &amp;code:</translation>
        </message>
        <message>
            <source>Sertifikat &amp;CA (opsional):</source>
            <translation>C&amp;A certificate (optional):</translation>
        </message>
        <message>
            <source>Izinkan http tanpa enkripsi (tidak disarankan)</source>
            <translation>Allow unencrypted http (not recommended)</translation>
        </message>
        <message>
            <source>Hanya bila admin kabupaten memang memberi alamat http:// di luar jaringan kantor: token perangkat dan data donatur akan terkirim tanpa enkripsi.</source>
            <translation>Only when the district admin really gave an http:// address outside the office network: the device token and donor data will be sent without encryption.</translation>
        </message>
        <message>
            <source>&amp;Hubungkan</source>
            <translation>Co&amp;nnect</translation>
        </message>
        <message>
            <source>&amp;Batal</source>
            <translation>&amp;Cancel</translation>
        </message>
        <message>
            <source>Pilih sertifikat CA</source>
            <translation>Choose the CA certificate</translation>
        </message>
        <message>
            <source>Sertifikat (*.pem *.crt);;Semua berkas (*)</source>
            <translation>Certificates (*.pem *.crt);;All files (*)</translation>
        </message>
        <message>
            <source>Menghubungi server…</source>
            <translation>Contacting the server…</translation>
        </message>
    </context>
    <context>
        <name>GroupDialog</name>
        <message>
            <source>Ubah Kelompok</source>
            <translation>Edit Group</translation>
        </message>
        <message>
            <source>Tambah Kelompok (KUBE, Masjid, Sekolah)</source>
            <translation>Add Group (KUBE, Mosque, School)</translation>
        </message>
        <message>
            <source>Ketik nama atau NIK anggota, pilih dengan Enter</source>
            <translation>Type a member's name or NIK, pick with Enter</translation>
        </message>
        <message>
            <source>&amp;Hapus anggota (Del)</source>
            <translation>&amp;Remove member (Del)</translation>
        </message>
        <message>
            <source>— belum ditunjuk —</source>
            <translation>— not chosen —</translation>
        </message>
        <message>
            <source>10 digit kode Kemendagri</source>
            <translation>10-digit Kemendagri code</translation>
        </message>
        <message>
            <source>— belum ditentukan —</source>
            <translation>— not decided —</translation>
        </message>
        <message>
            <source>&amp;Nama kelompok:</source>
            <translation>Group &amp;name:</translation>
        </message>
        <message>
            <source>&amp;Jenis:</source>
            <translation>&amp;Kind:</translation>
        </message>
        <message>
            <source>Cari &amp;anggota:</source>
            <translation>Find &amp;member:</translation>
        </message>
        <message>
            <source>Anggota:</source>
            <translation>Members:</translation>
        </message>
        <message>
            <source>&amp;Ketua:</source>
            <translation>&amp;Leader:</translation>
        </message>
        <message>
            <source>A&amp;lamat:</source>
            <translation>A&amp;ddress:</translation>
        </message>
        <message>
            <source>Kode &amp;desa:</source>
            <translation>&amp;Village code:</translation>
        </message>
        <message>
            <source>&amp;Telepon/HP:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>A&amp;snaf:</source>
            <translation>Asna&amp;f:</translation>
        </message>
        <message>
            <source>&amp;Catatan kebutuhan:</source>
            <translation>N&amp;eeds assessment:</translation>
        </message>
        <message>
            <source>Stat&amp;us:</source>
            <translation>Stat&amp;us:</translation>
        </message>
        <message>
            <source>&amp;Simpan (Ctrl+S)</source>
            <translation>&amp;Save (Ctrl+S)</translation>
        </message>
        <message>
            <source>&amp;Batal</source>
            <translation>&amp;Cancel</translation>
        </message>
        <message>
            <source>{name} ditambahkan.</source>
            <translation>{name} added.</translation>
        </message>
        <message>
            <source>{name} sudah menjadi anggota.</source>
            <translation>{name} is already a member.</translation>
        </message>
        <message>
            <source>{count} anggota</source>
            <translation>Members: {count}</translation>
        </message>
    </context>
    <context>
        <name>HomePage</name>
        <message>
            <source>Hari ini</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>Kwitansi hari ini</source>
            <translation>Today's receipts</translation>
        </message>
        <message>
            <source>Total diterima</source>
            <translation>Total received</translation>
        </message>
        <message>
            <source>Dibatalkan</source>
            <translation>Voided</translation>
        </message>
        <message>
            <source>Dana</source>
            <translation>Fund</translation>
        </message>
        <message>
            <source>Jumlah</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>Metode</source>
            <translation>Method</translation>
        </message>
        <message>
            <source>Per jenis dana</source>
            <translation>By fund</translation>
        </message>
        <message>
            <source>Per metode pembayaran</source>
            <translation>By payment method</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>Target</translation>
        </message>
        <message>
            <source>Terkumpul</source>
            <translation>Collected</translation>
        </message>
        <message>
            <source>Target (Rp)</source>
            <translation>Target (Rp)</translation>
        </message>
        <message>
            <source>Capaian</source>
            <translation>Achieved</translation>
        </message>
        <message>
            <source>Belum ada target bulan ini dari kabupaten.</source>
            <translation>No targets from the district for this month yet.</translation>
        </message>
        <message>
            <source>Bulan ini terhadap target</source>
            <translation>This month against targets</translation>
        </message>
        <message>
            <source>30 hari terakhir</source>
            <translation>Last 30 days</translation>
        </message>
        <message>
            <source>Belum terkirim: {count}</source>
            <translation>Not yet sent: {count}</translation>
        </message>
        <message>
            <source>Cadangan belum terenkripsi: admin perlu membuat frasa pemulihan di Pengaturan.</source>
            <translation>Backups are not encrypted yet: the admin needs to create a recovery passphrase in Settings.</translation>
        </message>
        <message>
            <source>Disk cadangan kedua ({folder}) tidak terpasang. Pasang disk USB cadangan agar salinan data tersimpan di luar komputer ini.</source>
            <translation>The second backup disk ({folder}) is not connected. Plug in the backup USB drive so a copy of the data is kept off this computer.</translation>
        </message>
        <message>
            <source>Cadangan di disk kedua ({folder}) sudah lebih dari 7 hari. Pasang disk USB cadangan lalu tekan Cadangkan sekarang di Pengaturan.</source>
            <translation>The backup on the second disk ({folder}) is more than 7 days old. Plug in the backup USB drive, then press Back up now in Settings.</translation>
        </message>
        <message>
            <source>Program</source>
            <translation>Program</translation>
        </message>
        <message>
            <source>Hari ini, {day}</source>
            <translation>Today, {day}</translation>
        </message>
        <message>
            <source>Sinkron terakhir: {last} · Belum sinkron: {unsent} catatan</source>
            <translation type="vanished">Last sync: {last} · Not yet synced: {unsent} records</translation>
        </message>
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <source>Impor Mustahik dari CSV/XLSX</source>
            <translation>Import Beneficiaries from CSV/XLSX</translation>
        </message>
        <message>
            <source>Pilih berkas CSV atau XLSX: templat AmilDesk (kolom nik, no_kk, nama, jenis_kelamin, tanggal_lahir, alamat, kode_desa, telepon, asnaf, desil) atau ekspor P3KE/DTSEN. Belum ada yang disimpan sampai Anda menekan “Impor”.</source>
            <translation>Choose a CSV or XLSX file: the AmilDesk template (columns nik, no_kk, nama, jenis_kelamin, tanggal_lahir, alamat, kode_desa, telepon, asnaf, desil) or a P3KE/DTSEN export. Nothing is saved until you press “Import”.</translation>
        </message>
        <message>
            <source>ketik lokasi berkas lalu Enter, atau tekan Pilih berkas</source>
            <translation>type the file's location and press Enter, or press Choose file</translation>
        </message>
        <message>
            <source>&amp;Pilih berkas…</source>
            <translation>&amp;Choose file…</translation>
        </message>
        <message>
            <source>— tidak diisi —</source>
            <translation>— leave empty —</translation>
        </message>
        <message>
            <source>Dipakai untuk baris yang kolom asnafnya kosong atau tidak ada (mis. ekspor P3KE).</source>
            <translation>Used for rows whose asnaf column is empty or missing (e.g. a P3KE export).</translation>
        </message>
        <message>
            <source>Belum ada berkas dipilih.</source>
            <translation>No file chosen yet.</translation>
        </message>
        <message>
            <source>Baris</source>
            <translation>Row</translation>
        </message>
        <message>
            <source>NIK</source>
            <translation>NIK</translation>
        </message>
        <message>
            <source>Nama</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Kesalahan</source>
            <translation>Problem</translation>
        </message>
        <message>
            <source>Simpan &amp;laporan galat…</source>
            <translation>Save error &amp;report…</translation>
        </message>
        <message>
            <source>&amp;Tutup</source>
            <translation>Cl&amp;ose</translation>
        </message>
        <message>
            <source>&amp;Impor</source>
            <translation>&amp;Import</translation>
        </message>
        <message>
            <source>&amp;Berkas:</source>
            <translation>&amp;File:</translation>
        </message>
        <message>
            <source>&amp;Asnaf bila kosong:</source>
            <translation>&amp;Asnaf when empty:</translation>
        </message>
        <message>
            <source>Pilih berkas mustahik</source>
            <translation>Choose a beneficiary file</translation>
        </message>
        <message>
            <source>Lembar kerja (*.xlsx *.csv)</source>
            <translation>Spreadsheets (*.xlsx *.csv)</translation>
        </message>
        <message>
            <source>Semua berkas (*)</source>
            <translation>All files (*)</translation>
        </message>
        <message>
            <source>Membaca {name}…</source>
            <translation>Reading {name}…</translation>
        </message>
        <message>
            <source>{rows} baris dibaca: {new} siap diimpor, {skipped} sudah terdaftar (dilewati), {bad} bermasalah.</source>
            <translation>{rows} rows read: {new} ready to import, {skipped} already registered (skipped), {bad} with problems.</translation>
        </message>
        <message>
            <source>Berkas tanpa kolom asnaf: orang-orang ini hanya dapat menerima bantuan non-zakat sampai asnafnya diisi.</source>
            <translation>The file has no asnaf column: these people can receive only non-zakat aid until their asnaf is filled in.</translation>
        </message>
        <message>
            <source>{shown} galat pertama ditampilkan dari {count}; simpan laporan galat untuk daftar lengkap.</source>
            <translation>The first {shown} of {count} problems are shown; save the error report for the full list.</translation>
        </message>
        <message>
            <source>Mengimpor {count} baris…</source>
            <translation>Importing {count} rows…</translation>
        </message>
        <message>
            <source>Selesai: {imported} orang diimpor, {skipped} dilewati karena sudah terdaftar, {bad} baris bermasalah tidak diimpor.</source>
            <translation>Done: {imported} people imported, {skipped} skipped as already registered, {bad} rows with problems not imported.</translation>
        </message>
        <message>
            <source>{count} mustahik baru tersimpan.</source>
            <translation>New beneficiaries saved: {count}.</translation>
        </message>
        <message>
            <source>Simpan laporan galat</source>
            <translation>Save error report</translation>
        </message>
        <message>
            <source>Berkas CSV (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <source>Laporan {count} baris bermasalah disimpan: {path}</source>
            <translation>Report of the rows with problems ({count}) saved: {path}</translation>
        </message>
        <message>
            <source>Laporan tidak dapat disimpan: {reason}</source>
            <translation>The report could not be saved: {reason}</translation>
        </message>
        <message>
            <source>&amp;Impor {count} baris</source>
            <translation>&amp;Import {count} rows</translation>
        </message>
    </context>
    <context>
        <name>InstitutionDialog</name>
        <message>
            <source>Lembaga baru</source>
            <translation>New institution</translation>
        </message>
        <message>
            <source>&amp;Nama lembaga:</source>
            <translation>&amp;Institution name:</translation>
        </message>
        <message>
            <source>&amp;Jenis:</source>
            <translation>&amp;Type:</translation>
        </message>
        <message>
            <source>&amp;Kontak (bendahara):</source>
            <translation>&amp;Contact (treasurer):</translation>
        </message>
        <message>
            <source>&amp;Telepon:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>&amp;Simpan</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>&amp;Batal</source>
            <translation>&amp;Cancel</translation>
        </message>
    </context>
    <context>
        <name>LinesEditor</name>
        <message>
            <source>— pilih dana —</source>
            <translation>— choose a fund —</translation>
        </message>
        <message>
            <source>(tanpa program)</source>
            <translation>(no program)</translation>
        </message>
        <message>
            <source>Uang</source>
            <translation>Money</translation>
        </message>
        <message>
            <source>Beras</source>
            <translation>Rice</translation>
        </message>
        <message>
            <source>Hapus baris (Ctrl+Del)</source>
            <translation>Remove line (Ctrl+Del)</translation>
        </message>
        <message>
            <source> jiwa</source>
            <translation> persons</translation>
        </message>
        <message>
            <source> hari</source>
            <translation> days</translation>
        </message>
        <message>
            <source>Jenis dana</source>
            <translation>Fund</translation>
        </message>
        <message>
            <source>Program</source>
            <translation>Program</translation>
        </message>
        <message>
            <source>Jiwa/hari</source>
            <translation>Persons / days</translation>
        </message>
        <message>
            <source>Bentuk</source>
            <translation>Paid in</translation>
        </message>
        <message>
            <source>Jumlah (Rp)</source>
            <translation>Amount (Rp)</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Masuk — AmilDesk</source>
            <translation>Log in — AmilDesk</translation>
        </message>
        <message>
            <source>Terkunci — AmilDesk</source>
            <translation>Locked — AmilDesk</translation>
        </message>
        <message>
            <source>&amp;Nama pengguna:</source>
            <translation>&amp;Username:</translation>
        </message>
        <message>
            <source>&amp;Kata sandi:</source>
            <translation>&amp;Password:</translation>
        </message>
        <message>
            <source>&amp;Masuk</source>
            <translation>&amp;Log in</translation>
        </message>
        <message>
            <source>&amp;Keluar</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <source>Kantor contoh: masuk sebagai admin / demo12345 (atau petugas kasir / demo12345).</source>
            <translation>Demo office: log in as admin / demo12345 (or clerk kasir / demo12345).</translation>
        </message>
        <message>
            <source>Layar dikunci karena tidak dipakai. Ketik kata sandi {user} untuk melanjutkan; isian yang belum disimpan tetap ada.</source>
            <translation>The screen was locked because it was not in use. Type {user}'s password to continue; unsaved input is still there.</translation>
        </message>
        <message>
            <source>Membuka data kantor…</source>
            <translation>Opening office data…</translation>
        </message>
        <message>
            <source>{institution} — {office} ({code})</source>
            <translation>{institution} — {office} ({code})</translation>
        </message>
        <message>
            <source>Isi nama pengguna.</source>
            <translation>Enter your username.</translation>
        </message>
        <message>
            <source>Menunggu data kantor terbuka…</source>
            <translation>Waiting for the office data to open…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>AmilDesk — {office}</source>
            <translation>AmilDesk — {office}</translation>
        </message>
        <message>
            <source>Beranda</source>
            <translation>Home</translation>
        </message>
        <message>
            <source>Donasi</source>
            <translation>Donations</translation>
        </message>
        <message>
            <source>Donatur</source>
            <translation>Donors</translation>
        </message>
        <message>
            <source>Kwitansi</source>
            <translation>Receipts</translation>
        </message>
        <message>
            <source>Mustahik</source>
            <translation>Beneficiaries</translation>
        </message>
        <message>
            <source>Penyaluran</source>
            <translation>Distributions</translation>
        </message>
        <message>
            <source>Pengaturan</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Laporan</source>
            <translation>Reports</translation>
        </message>
        <message>
            <source>Alt+{n}</source>
            <translation>Alt+{n}</translation>
        </message>
        <message>
            <source>Pengguna: {name} ({role})</source>
            <translation>User: {name} ({role})</translation>
        </message>
        <message>
            <source>Kantor: {code} — {name} · Perangkat {letter}</source>
            <translation>Office: {code} — {name} · Device {letter}</translation>
        </message>
        <message>
            <source>Belum terkirim: {count}</source>
            <translation>Not yet sent: {count}</translation>
        </message>
        <message>
            <source>⚠ http tanpa enkripsi</source>
            <translation>⚠ unencrypted http</translation>
        </message>
        <message>
            <source>Sinkronkan</source>
            <translation>Synchronise</translation>
        </message>
        <message>
            <source>Kirim data ke server kabupaten dan ambil data terbaru (F9)</source>
            <translation>Send records to the district server and fetch the latest data (F9)</translation>
        </message>
        <message>
            <source>Sinkronisasi berjalan…</source>
            <translation>Synchronising…</translation>
        </message>
        <message>
            <source>Kirim %v/%m</source>
            <translation>Sending %v/%m</translation>
        </message>
        <message>
            <source>Belum sinkron: {count}</source>
            <translation type="vanished">Not yet synced: {count}</translation>
        </message>
        <message>
            <source>Sinkron terakhir: {when}</source>
            <translation>Last sync: {when}</translation>
        </message>
    </context>
    <context>
        <name>PersonalDataActions</name>
        <message>
            <source>Tampilkan NIK &amp;lengkap</source>
            <translation>Show &amp;full NIK</translation>
        </message>
        <message>
            <source>Tampilkan nomor lengkap data yang dipilih; tercatat di log akses data pribadi</source>
            <translation>Show the selected record's full numbers; recorded in the personal data access log</translation>
        </message>
        <message>
            <source>Ekspor data &amp;pribadi…</source>
            <translation>Export &amp;personal data…</translation>
        </message>
        <message>
            <source>Hapus data pribadi…</source>
            <translation>Erase personal data…</translation>
        </message>
        <message>
            <source>Permintaan &amp;data pribadi</source>
            <translation>Personal &amp;data requests</translation>
        </message>
        <message>
            <source>Ekspor atau hapus data pribadi atas permintaan pemiliknya</source>
            <translation>Export or erase personal data at its owner's request</translation>
        </message>
        <message>
            <source>Tidak ada nomor identitas tercatat untuk {name}.</source>
            <translation>No identity number is on record for {name}.</translation>
        </message>
        <message>
            <source>{name}: {numbers}. Tercatat di log akses data pribadi.</source>
            <translation>{name}: {numbers}. Recorded in the personal data access log.</translation>
        </message>
        <message>
            <source>Simpan data pribadi ke folder</source>
            <translation>Save the personal data to a folder</translation>
        </message>
        <message>
            <source>Data pribadi disimpan: {paths}</source>
            <translation>Personal data saved: {paths}</translation>
        </message>
        <message>
            <source>Hapus data pribadi</source>
            <translation>Erase personal data</translation>
        </message>
        <message>
            <source>Data pribadi {name} (NIK, KK, telepon, alamat, dsb.) akan dihapus dari daftar atas permintaannya.
Kuitansi dan penyaluran tetap menyimpan yang diwajibkan hukum. Alasan / nomor surat permintaan:</source>
            <translation>The personal data of {name} (NIK, KK, phone, address, etc.) will be erased from the registry at their request.
Receipts and distributions keep what the law requires. Reason / request letter number:</translation>
        </message>
        <message>
            <source>Data pribadi {name} dihapus.</source>
            <translation>Personal data of {name} erased.</translation>
        </message>
    </context>
    <context>
        <name>ReceiptTableModel</name>
        <message>
            <source>Nomor</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Tanggal</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Donatur</source>
            <translation>Donor</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>Metode</source>
            <translation>Method</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Kuitansi ini dibatalkan; nomornya tetap tercatat.</source>
            <translation>This receipt is void; its number stays on record.</translation>
        </message>
        <message>
            <source>{kg} beras</source>
            <translation>{kg} of rice</translation>
        </message>
    </context>
    <context>
        <name>ReceiptsPage</name>
        <message>
            <source>Cari nomor kuitansi atau nama donatur…</source>
            <translation>Search by receipt number or donor name…</translation>
        </message>
        <message>
            <source>&amp;Dari:</source>
            <translation>&amp;From:</translation>
        </message>
        <message>
            <source>&amp;Sampai:</source>
            <translation>&amp;To:</translation>
        </message>
        <message>
            <source>&amp;Cetak Ulang (Ctrl+P)</source>
            <translation>&amp;Reprint (Ctrl+P)</translation>
        </message>
        <message>
            <source>Simpan P&amp;DF…</source>
            <translation>Save P&amp;DF…</translation>
        </message>
        <message>
            <source>Batal&amp;kan…</source>
            <translation>&amp;Void…</translation>
        </message>
        <message>
            <source>Hanya Kepala Kantor atau Admin yang dapat membatalkan.</source>
            <translation>Only the Office Head or an Admin can void receipts.</translation>
        </message>
        <message>
            <source>Kuitansi per&amp;orangan</source>
            <translation>Individual r&amp;eceipts</translation>
        </message>
        <message>
            <source>Setoran &amp;lembaga</source>
            <translation>&amp;Institution hand-overs</translation>
        </message>
        <message>
            <source>{count} kuitansi</source>
            <translation>{count} receipts</translation>
        </message>
        <message>
            <source>Simpan kuitansi sebagai PDF</source>
            <translation>Save receipt as PDF</translation>
        </message>
        <message>
            <source>Berkas PDF (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Memproses kuitansi {number}…</source>
            <translation>Processing receipt {number}…</translation>
        </message>
        <message>
            <source>Kuitansi {number} dibatalkan.</source>
            <translation>Receipt {number} voided.</translation>
        </message>
        <message>
            <source>Kas tanggal {day} sudah ditutup: pembatalan ini dicatat sebagai penyesuaian pada tutup kas berikutnya, angka tutup kas {day} tidak berubah.</source>
            <translation>The cash of {day} is already closed: this void is recorded as an adjustment in the next closing; the closed figures of {day} do not change.</translation>
        </message>
    </context>
    <context>
        <name>ReportsPage</name>
        <message>
            <source>Harian</source>
            <translation>Daily</translation>
        </message>
        <message>
            <source>Bulanan</source>
            <translation>Monthly</translation>
        </message>
        <message>
            <source>Audit nomor kuitansi</source>
            <translation>Receipt number audit</translation>
        </message>
        <message>
            <source>Pernyataan zakat tahunan (donatur)</source>
            <translation>Annual zakat statement (donor)</translation>
        </message>
        <message>
            <source>sampai</source>
            <translation>to</translation>
        </message>
        <message>
            <source>Donatur:</source>
            <translation>Donor:</translation>
        </message>
        <message>
            <source>&amp;Laporan:</source>
            <translation>&amp;Report:</translation>
        </message>
        <message>
            <source>&amp;Periode:</source>
            <translation>&amp;Period:</translation>
        </message>
        <message>
            <source>&amp;Tampilkan</source>
            <translation>&amp;Show</translation>
        </message>
        <message>
            <source>&amp;Simpan…</source>
            <translation>&amp;Save…</translation>
        </message>
        <message>
            <source>&amp;Cetak</source>
            <translation>&amp;Print</translation>
        </message>
        <message>
            <source>Pilih laporan dan periode, lalu tekan Tampilkan.</source>
            <translation>Choose a report and a period, then press Show.</translation>
        </message>
        <message>
            <source>Semua donatur berzakat ({count}) — satu berkas per donatur</source>
            <translation>All donors who paid zakat ({count}) — one file per donor</translation>
        </message>
        <message>
            <source>Pernyataan untuk semua donatur disimpan satu berkas per donatur: tekan Simpan… dan pilih folder. Pilih satu donatur untuk melihat pratinjau.</source>
            <translation>Statements for all donors are saved as one file per donor: press Save… and choose a folder. Choose one donor to see a preview.</translation>
        </message>
        <message>
            <source>Menyusun laporan…</source>
            <translation>Preparing the report…</translation>
        </message>
        <message>
            <source>Halaman pertama (digambar dalam {ms} ms)</source>
            <translation>First page (drawn in {ms} ms)</translation>
        </message>
        <message>
            <source>{title} · {period} · {pages} halaman</source>
            <translation>{title} · {period} · {pages} page(s)</translation>
        </message>
        <message>
            <source>Folder untuk pernyataan zakat</source>
            <translation>Folder for the zakat statements</translation>
        </message>
        <message>
            <source>Simpan laporan</source>
            <translation>Save report</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Excel (*.xlsx)</source>
            <translation>Excel (*.xlsx)</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <source>Menyimpan…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>{count} pernyataan zakat disimpan di {path}</source>
            <translation>{count} zakat statements saved in {path}</translation>
        </message>
        <message>
            <source>Laporan disimpan: {path}</source>
            <translation>Report saved: {path}</translation>
        </message>
        <message>
            <source>Menyimpan pernyataan zakat… {done} dari {total}</source>
            <translation>Saving zakat statements… {done} of {total}</translation>
        </message>
        <message>
            <source>Tidak ada printer yang dipilih. Simpan laporan sebagai PDF lalu cetak dari komputer lain.</source>
            <translation>No printer is chosen. Save the report as PDF and print it from another computer.</translation>
        </message>
        <message>
            <source>Mengirim ke printer {printer}…</source>
            <translation>Sending to printer {printer}…</translation>
        </message>
        <message>
            <source>Laporan dikirim ke printer {printer}.</source>
            <translation>Report sent to printer {printer}.</translation>
        </message>
    </context>
    <context>
        <name>RestoreDialog</name>
        <message>
            <source>Pulihkan cadangan</source>
            <translation>Restore a backup</translation>
        </message>
        <message>
            <source>Pilih berkas…</source>
            <translation>Choose file…</translation>
        </message>
        <message>
            <source>Pilih berkas cadangan (.amilbak).</source>
            <translation>Choose a backup file (.amilbak).</translation>
        </message>
        <message>
            <source>Data kantor saat ini akan disimpan terpisah (tidak dihapus) lalu diganti dengan isi cadangan. Catatan baru yang tidak ada di cadangan akan ditampilkan dan disimpan. Aplikasi akan dibuka ulang.</source>
            <translation>The office's current data will be kept aside (not deleted) and replaced by the backup's content. Newer records that are not in the backup will be shown and kept. The app will reopen.</translation>
        </message>
        <message>
            <source>&amp;Pulihkan</source>
            <translation>&amp;Restore</translation>
        </message>
        <message>
            <source>Batal</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Berkas:</source>
            <translation>File:</translation>
        </message>
        <message>
            <source>Frasa &amp;pemulihan:</source>
            <translation>Recovery &amp;passphrase:</translation>
        </message>
        <message>
            <source>Berkas cadangan</source>
            <translation>Backup file</translation>
        </message>
        <message>
            <source>Cadangan AmilDesk (*.amilbak)</source>
            <translation>AmilDesk backups (*.amilbak)</translation>
        </message>
        <message>
            <source>Kantor {code} — {name}, perangkat {letter}
Dibuat {created} (AmilDesk {version})
Jurnal sampai urutan {seq}; {donations} donasi</source>
            <translation>Office {code} — {name}, device {letter}
Made {created} (AmilDesk {version})
Journal up to seq {seq}; {donations} donations</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>Cetak kuitansi otomatis setelah disimpan</source>
            <translation>Print the receipt automatically after saving</translation>
        </message>
        <message>
            <source>&amp;Simpan pengaturan</source>
            <translation>&amp;Save settings</translation>
        </message>
        <message>
            <source>Kuitansi dan printer</source>
            <translation>Receipts and printer</translation>
        </message>
        <message>
            <source>&amp;Ukuran kertas:</source>
            <translation>Paper si&amp;ze:</translation>
        </message>
        <message>
            <source>&amp;Printer:</source>
            <translation>&amp;Printer:</translation>
        </message>
        <message>
            <source>Umum</source>
            <translation>General</translation>
        </message>
        <message>
            <source>&amp;Bahasa:</source>
            <translation>&amp;Language:</translation>
        </message>
        <message>
            <source>&amp;Zona waktu:</source>
            <translation>&amp;Time zone:</translation>
        </message>
        <message>
            <source>Tarif (dari SK lembaga)</source>
            <translation>Rates (from the institution's decree)</translation>
        </message>
        <message>
            <source>Hanya Kepala Kantor atau Admin yang dapat mengubah pengaturan.</source>
            <translation>Only the Office Head or an Admin can change settings.</translation>
        </message>
        <message>
            <source>Pengguna</source>
            <translation>Users</translation>
        </message>
        <message>
            <source>Nama pengguna</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Nama lengkap</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Peran</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Tambah &amp;pengguna…</source>
            <translation>Add &amp;user…</translation>
        </message>
        <message>
            <source>Printer bawaan sistem</source>
            <translation>System default printer</translation>
        </message>
        <message>
            <source>Simpan sebagai PDF (tanpa printer)</source>
            <translation>Save as PDF (no printer)</translation>
        </message>
        <message>
            <source>{name} (tidak ditemukan)</source>
            <translation>{name} (not found)</translation>
        </message>
        <message>
            <source>Zakat fitrah: {fitrah} atau {rice} beras per jiwa
Fidyah: {fidyah} per hari</source>
            <translation>Zakat fitrah: {fitrah} or {rice} of rice per person
Fidyah: {fidyah} per day</translation>
        </message>
        <message>
            <source>Tidak ada perubahan.</source>
            <translation>Nothing changed.</translation>
        </message>
        <message>
            <source>Pengaturan tersimpan.</source>
            <translation>Settings saved.</translation>
        </message>
    </context>
    <context>
        <name>SetupDialog</name>
        <message>
            <source>Penyiapan Awal — AmilDesk</source>
            <translation>First-time Setup — AmilDesk</translation>
        </message>
        <message>
            <source>Selamat datang. Isi data lembaga dan kantor ini sekali saja. Kode kantor dan huruf perangkat menjadi bagian nomor kuitansi (contoh: KLL-PKS/2026/A/000123) dan tidak dapat diubah kemudian.</source>
            <translation>Welcome. Enter the institution and office details once. The office code and device letter become part of every receipt number (e.g. KLL-PKS/2026/A/000123) and cannot be changed later.</translation>
        </message>
        <message>
            <source>contoh: Lazismu Kabupaten Paser</source>
            <translation>e.g. Lazismu Kabupaten Paser</translation>
        </message>
        <message>
            <source>contoh: KLL-PKS</source>
            <translation>e.g. KLL-PKS</translation>
        </message>
        <message>
            <source>opsional: berkas PNG/JPG</source>
            <translation>optional: a PNG/JPG file</translation>
        </message>
        <message>
            <source>&amp;Pilih…</source>
            <translation>&amp;Choose…</translation>
        </message>
        <message>
            <source>Nama &amp;lembaga:</source>
            <translation>&amp;Institution name:</translation>
        </message>
        <message>
            <source>&amp;Alamat lembaga:</source>
            <translation>Institution &amp;address:</translation>
        </message>
        <message>
            <source>Logo:</source>
            <translation>Logo:</translation>
        </message>
        <message>
            <source>&amp;Kode kantor:</source>
            <translation>Office &amp;code:</translation>
        </message>
        <message>
            <source>Nama kan&amp;tor:</source>
            <translation>Office na&amp;me:</translation>
        </message>
        <message>
            <source>&amp;Huruf perangkat:</source>
            <translation>&amp;Device letter:</translation>
        </message>
        <message>
            <source>Nama pengguna a&amp;dmin:</source>
            <translation>Admin &amp;username:</translation>
        </message>
        <message>
            <source>Nama lengkap admin:</source>
            <translation>Admin full name:</translation>
        </message>
        <message>
            <source>Kata &amp;sandi admin:</source>
            <translation>Admin &amp;password:</translation>
        </message>
        <message>
            <source>&amp;Ulangi kata sandi:</source>
            <translation>&amp;Repeat password:</translation>
        </message>
        <message>
            <source>&amp;Frasa pemulihan cadangan:</source>
            <translation>Backup recovery &amp;passphrase:</translation>
        </message>
        <message>
            <source>Ulangi &amp;frasa pemulihan:</source>
            <translation>Repeat the recovery pass&amp;phrase:</translation>
        </message>
        <message>
            <source>Simpan &amp;&amp; &amp;Mulai</source>
            <translation>Save &amp;&amp; &amp;Start</translation>
        </message>
        <message>
            <source>&amp;Keluar</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <source>Pilih logo</source>
            <translation>Choose logo</translation>
        </message>
        <message>
            <source>Gambar (*.png *.jpg *.jpeg)</source>
            <translation>Images (*.png *.jpg *.jpeg)</translation>
        </message>
        <message>
            <source>Kedua kata sandi tidak sama.</source>
            <translation>The two passwords differ.</translation>
        </message>
        <message>
            <source>Kedua frasa pemulihan tidak sama.</source>
            <translation>The two recovery passphrases differ.</translation>
        </message>
        <message>
            <source>Lembar pemulihan</source>
            <translation>Recovery sheet</translation>
        </message>
        <message>
            <source>Lembar pemulihan berisi frasa pemulihan disimpan di:
{path}

Cetak sekarang, simpan di tempat terkunci, lalu hapus berkasnya. Tanpa frasa ini cadangan tidak dapat dipulihkan.</source>
            <translation>The recovery sheet with the recovery passphrase was saved to:
{path}

Print it now, keep it locked away, then delete the file. Without this passphrase backups cannot be restored.</translation>
        </message>
    </context>
    <context>
        <name>SyncSection</name>
        <message>
            <source>Hubungkan ke server kabupaten</source>
            <translation>Connect to the district server</translation>
        </message>
        <message>
            <source>Belum terhubung ke server kabupaten</source>
            <translation>Not connected to the district server</translation>
        </message>
        <message>
            <source>&amp;Hubungkan ke server kabupaten…</source>
            <translation>Co&amp;nnect to the district server…</translation>
        </message>
        <message>
            <source>&amp;Ekspor data belum terkirim…</source>
            <translation>&amp;Export unsent records…</translation>
        </message>
        <message>
            <source>Untuk kantor tanpa internet: bawa berkasnya ke kabupaten</source>
            <translation>For offices without internet: take the file to the district</translation>
        </message>
        <message>
            <source>Terhubung ke {url}</source>
            <translation>Connected to {url}</translation>
        </message>
        <message>
            <source>&amp;Hubungkan ulang…</source>
            <translation>Re&amp;connect…</translation>
        </message>
        <message>
            <source>Perangkat terhubung ke server kabupaten.</source>
            <translation>This device is connected to the district server.</translation>
        </message>
        <message>
            <source>Simpan data belum terkirim</source>
            <translation>Save unsent records</translation>
        </message>
        <message>
            <source>Berkas kiriman AmilDesk (*.amildesk.gz)</source>
            <translation>AmilDesk batch files (*.amildesk.gz)</translation>
        </message>
        <message>
            <source>Tidak ada data yang belum terkirim.</source>
            <translation>There are no unsent records.</translation>
        </message>
        <message>
            <source>{count} catatan diekspor ke {path}: diekspor, belum dikonfirmasi sampai kabupaten mengimpornya.</source>
            <translation>{count} records exported to {path}: exported, not confirmed until the district imports them.</translation>
        </message>
    </context>
    <context>
        <name>UnlockDialog</name>
        <message>
            <source>Buka Data Kantor</source>
            <translation>Open Office Data</translation>
        </message>
        <message>
            <source>Data kantor di komputer ini terenkripsi, tetapi kuncinya tidak ada di akun komputer ini (akun Windows baru atau komputer dipasang ulang). Data tetap aman. Ketik frasa pemulihan kantor (lihat lembar pemulihan) untuk membukanya:</source>
            <translation>The office data on this computer is encrypted, but its key is not in this computer account (a new Windows account or a reinstalled computer). The data is safe. Type the office's recovery passphrase (see the recovery sheet) to open it:</translation>
        </message>
        <message>
            <source>frasa pemulihan</source>
            <translation>recovery passphrase</translation>
        </message>
        <message>
            <source>&amp;Buka</source>
            <translation>&amp;Open</translation>
        </message>
        <message>
            <source>&amp;Tutup</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>Kunci tidak dapat disimpan: {detail}</source>
            <translation>The key could not be kept: {detail}</translation>
        </message>
    </context>
    <context>
        <name>UserDialog</name>
        <message>
            <source>Tambah Pengguna</source>
            <translation>Add User</translation>
        </message>
        <message>
            <source>&amp;Nama pengguna:</source>
            <translation>&amp;Username:</translation>
        </message>
        <message>
            <source>Nama &amp;lengkap:</source>
            <translation>&amp;Full name:</translation>
        </message>
        <message>
            <source>&amp;Peran:</source>
            <translation>&amp;Role:</translation>
        </message>
        <message>
            <source>&amp;Kata sandi:</source>
            <translation>&amp;Password:</translation>
        </message>
        <message>
            <source>&amp;Ulangi kata sandi:</source>
            <translation>&amp;Repeat password:</translation>
        </message>
        <message>
            <source>&amp;Simpan</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>&amp;Batal</source>
            <translation>&amp;Cancel</translation>
        </message>
        <message>
            <source>Kedua kata sandi tidak sama.</source>
            <translation>The two passwords differ.</translation>
        </message>
    </context>
    <context>
        <name>VoidDialog</name>
        <message>
            <source>Batalkan Kuitansi</source>
            <translation>Void Receipt</translation>
        </message>
        <message>
            <source>Kuitansi {number} akan dibatalkan. Nomornya tetap tercatat dan tidak dipakai ulang. Tulis alasan pembatalan:</source>
            <translation>Receipt {number} will be voided. Its number stays on record and is never reused. Write the reason:</translation>
        </message>
        <message>
            <source>contoh: salah jumlah, diganti kuitansi baru</source>
            <translation>e.g. wrong amount, replaced by a new receipt</translation>
        </message>
        <message>
            <source>&amp;Batalkan kuitansi</source>
            <translation>&amp;Void receipt</translation>
        </message>
        <message>
            <source>&amp;Tutup</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>Alasan pembatalan wajib diisi.</source>
            <translation>A reason for voiding is required.</translation>
        </message>
    </context>
    <context>
        <name>aid_labels</name>
        <message>
            <source>Aktif</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Tidak aktif</source>
            <translation>Inactive</translation>
        </message>
        <message>
            <source>Meninggal</source>
            <translation>Deceased</translation>
        </message>
        <message>
            <source>KUBE</source>
            <translation>KUBE</translation>
        </message>
        <message>
            <source>Masjid/Musala</source>
            <translation>Mosque/prayer room</translation>
        </message>
        <message>
            <source>Sekolah/Madrasah</source>
            <translation>School/madrasah</translation>
        </message>
        <message>
            <source>Kelompok lain</source>
            <translation>Other group</translation>
        </message>
        <message>
            <source>Diajukan</source>
            <translation>Proposed</translation>
        </message>
        <message>
            <source>Disetujui</source>
            <translation>Approved</translation>
        </message>
        <message>
            <source>Ditolak</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>Tunai</source>
            <translation>Cash</translation>
        </message>
        <message>
            <source>Barang</source>
            <translation>Goods</translation>
        </message>
        <message>
            <source>L – Laki-laki</source>
            <translation>L – Male</translation>
        </message>
        <message>
            <source>P – Perempuan</source>
            <translation>P – Female</translation>
        </message>
        <message>
            <source>Orang</source>
            <translation>Person</translation>
        </message>
    </context>
    <context>
        <name>aid_warnings</name>
        <message>
            <source>Kantor ini</source>
            <translation>This office</translation>
        </message>
        <message>
            <source>Kantor {office} (data kabupaten)</source>
            <translation>Office {office} (district data)</translation>
        </message>
        <message>
            <source>bantuan</source>
            <translation>aid</translation>
        </message>
        <message>
            <source>penerima ini</source>
            <translation>this recipient</translation>
        </message>
        <message>
            <source>{who} sudah menerima bantuan pada {date} ({where}): {what}</source>
            <translation>{who} already received aid on {date} ({where}): {what}</translation>
        </message>
        <message>
            <source>Tanggal</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Di mana</source>
            <translation>Where</translation>
        </message>
        <message>
            <source>Cocok pada</source>
            <translation>Matched on</translation>
        </message>
        <message>
            <source>Bantuan</source>
            <translation>Aid</translation>
        </message>
    </context>
    <context>
        <name>collective</name>
        <message>
            <source>Sekolah</source>
            <translation>School</translation>
        </message>
        <message>
            <source>Masjid</source>
            <translation>Mosque</translation>
        </message>
        <message>
            <source>OPD</source>
            <translation>Government office (OPD)</translation>
        </message>
        <message>
            <source>Perusahaan</source>
            <translation>Company</translation>
        </message>
        <message>
            <source>Lainnya</source>
            <translation>Other</translation>
        </message>
    </context>
    <context>
        <name>collective_delivery</name>
        <message>
            <source>Kwitansi kolektif {number} dan {n} kuitansi pembayar</source>
            <translation>Collective receipt {number} and {n} payer receipts</translation>
        </message>
        <message>
            <source>Kwitansi kolektif {number}</source>
            <translation>Collective receipt {number}</translation>
        </message>
        <message>
            <source>(SALINAN)</source>
            <translation>(COPY)</translation>
        </message>
        <message>
            <source>{what} dikirim ke printer {printer}.</source>
            <translation>{what} sent to printer {printer}.</translation>
        </message>
        <message>
            <source>{what} sudah tersimpan, tetapi gagal dicetak ({error}). Cetak ulang dari halaman Kwitansi, tab Setoran lembaga.</source>
            <translation>{what}: saved, but printing failed ({error}). Print again from Receipts, tab Institution hand-overs.</translation>
        </message>
        <message>
            <source>{what} disimpan sebagai PDF di {folder}.</source>
            <translation>{what} saved as PDF in {folder}.</translation>
        </message>
    </context>
    <context>
        <name>delivery</name>
        <message>
            <source>Salinan kuitansi {number} dikirim ke printer {printer}.</source>
            <translation>Copy of receipt {number} sent to printer {printer}.</translation>
        </message>
        <message>
            <source>Kuitansi {number} dikirim ke printer {printer}.</source>
            <translation>Receipt {number} sent to printer {printer}.</translation>
        </message>
        <message>
            <source>Tidak ada printer. Kuitansi {number} disimpan sebagai PDF: {path}</source>
            <translation>No printer. Receipt {number} saved as PDF: {path}</translation>
        </message>
        <message>
            <source>Salinan kuitansi {number} disimpan sebagai PDF: {path}</source>
            <translation>Copy of receipt {number} saved as PDF: {path}</translation>
        </message>
        <message>
            <source>Kuitansi {number} disimpan sebagai PDF: {path}</source>
            <translation>Receipt {number} saved as PDF: {path}</translation>
        </message>
        <message>
            <source>Kuitansi {number} sudah tersimpan, tetapi gagal dicetak ({error}). Cetak ulang dari halaman Kwitansi.</source>
            <translation>Receipt {number} is saved but could not be printed ({error}). Reprint it from the Receipts page.</translation>
        </message>
    </context>
    <context>
        <name>errors</name>
        <message>
            <source>Terjadi kesalahan yang tidak terduga. Data yang sudah tersimpan aman. Catat waktu kejadian dan hubungi pendamping TI.</source>
            <translation>An unexpected error occurred. Data already saved is safe. Note the time and contact your IT support.</translation>
        </message>
        <message>
            <source>AmilDesk</source>
            <translation>AmilDesk</translation>
        </message>
        <message>
            <source>Tutup</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>NIK harus 16 digit, yang diketik {count} digit.</source>
            <translation>The NIK must have 16 digits; {count} were typed.</translation>
        </message>
        <message>
            <source>NIK hanya boleh berisi angka (spasi, titik, dan tanda hubung boleh).</source>
            <translation>The NIK may contain only digits (spaces, dots and hyphens are allowed).</translation>
        </message>
        <message>
            <source>Kode provinsi NIK ({province}) tidak dikenal.</source>
            <translation>The NIK province code ({province}) is unknown.</translation>
        </message>
        <message>
            <source>Bulan lahir pada NIK ({month}) harus 01 sampai 12.</source>
            <translation>The birth month in the NIK ({month}) must be 01 to 12.</translation>
        </message>
        <message>
            <source>Tanggal lahir pada NIK ({day}) harus 01–31 (laki-laki) atau 41–71 (perempuan).</source>
            <translation>The birth day in the NIK ({day}) must be 01–31 (men) or 41–71 (women).</translation>
        </message>
        <message>
            <source>Nomor urut NIK tidak boleh 0000.</source>
            <translation>The NIK serial number cannot be 0000.</translation>
        </message>
        <message>
            <source>Nomor KK harus 16 digit, yang diketik {count} digit.</source>
            <translation>The family card (KK) number must have 16 digits; {count} were typed.</translation>
        </message>
        <message>
            <source>Nomor KK hanya boleh berisi angka (spasi, titik, dan tanda hubung boleh).</source>
            <translation>The KK number may contain only digits (spaces, dots and hyphens are allowed).</translation>
        </message>
        <message>
            <source>Kode provinsi nomor KK ({province}) tidak dikenal.</source>
            <translation>The KK province code ({province}) is unknown.</translation>
        </message>
        <message>
            <source>NPWP harus 15 digit (format lama) atau 16 digit (NIK), yang diketik {count} digit.</source>
            <translation>The NPWP must have 15 digits (old format) or 16 digits (NIK); {count} were typed.</translation>
        </message>
        <message>
            <source>NPWP hanya boleh berisi angka, titik, dan tanda hubung.</source>
            <translation>The NPWP may contain only digits, dots and hyphens.</translation>
        </message>
        <message>
            <source>NPWP 00.000.000.0-000.000 bukan NPWP yang sah; kosongkan bila tidak ada.</source>
            <translation>NPWP 00.000.000.0-000.000 is not a valid NPWP; leave it empty if there is none.</translation>
        </message>
        <message>
            <source>Jumlah “{text}” bukan angka rupiah yang sah.</source>
            <translation>Amount “{text}” is not a valid rupiah amount.</translation>
        </message>
        <message>
            <source>Jumlah harus lebih dari nol.</source>
            <translation>The amount must be more than zero.</translation>
        </message>
        <message>
            <source>Jumlah {amount} tidak boleh negatif.</source>
            <translation>Amount {amount} cannot be negative.</translation>
        </message>
        <message>
            <source>Jumlah {amount} melebihi batas {limit} per baris.</source>
            <translation>Amount {amount} exceeds the limit of {limit} per line.</translation>
        </message>
        <message>
            <source>Jumlah rupiah tidak boleh memiliki sen (“{text}”).</source>
            <translation>Rupiah amounts cannot have cents (“{text}”).</translation>
        </message>
        <message>
            <source>Jumlah {amount} terlalu besar untuk ditulis dengan huruf.</source>
            <translation>Amount {amount} is too large to write in words.</translation>
        </message>
        <message>
            <source>Jumlah “{text}” tidak sah; harus angka lebih dari nol.</source>
            <translation>Quantity “{text}” is not valid; it must be a number above zero.</translation>
        </message>
        <message>
            <source>Jumlah “{text}” membingungkan: tulis dengan koma untuk pecahan (2,5) atau tanpa titik untuk ribuan (2500).</source>
            <translation>Quantity “{text}” is ambiguous: use a comma for fractions (2,5) or no dot for thousands (2500).</translation>
        </message>
        <message>
            <source>Jumlah beras (kg) wajib diisi untuk zakat fitrah berupa beras.</source>
            <translation>The rice quantity (kg) is required for zakat fitrah paid in rice.</translation>
        </message>
        <message>
            <source>Donasi harus memiliki minimal satu baris dana.</source>
            <translation>A donation needs at least one fund line.</translation>
        </message>
        <message>
            <source>Donasi paling banyak {max_lines} baris dana.</source>
            <translation>A donation can have at most {max_lines} fund lines.</translation>
        </message>
        <message>
            <source>Baris dana ke-{index} kosong: pilih dana dan isi jumlahnya.</source>
            <translation>Fund line {index} is empty: choose a fund and enter the amount.</translation>
        </message>
        <message>
            <source>Jenis dana “{fund}” tidak dikenal.</source>
            <translation>Fund “{fund}” is unknown.</translation>
        </message>
        <message>
            <source>Jenis dana “{fund}” tidak aktif.</source>
            <translation>Fund “{fund}” is not active.</translation>
        </message>
        <message>
            <source>Program “{program}” tidak dikenal.</source>
            <translation>Program “{program}” is unknown.</translation>
        </message>
        <message>
            <source>Metode pembayaran “{method}” tidak dikenal.</source>
            <translation>Payment method “{method}” is unknown.</translation>
        </message>
        <message>
            <source>Nomor referensi wajib untuk transfer/QRIS.</source>
            <translation>A reference number is required for transfer/QRIS.</translation>
        </message>
        <message>
            <source>Nama donatur wajib diisi (atau pilih “Hamba Allah”).</source>
            <translation>The donor name is required (or choose “Hamba Allah”).</translation>
        </message>
        <message>
            <source>Donatur tidak ditemukan.</source>
            <translation>Donor not found.</translation>
        </message>
        <message>
            <source>Kuitansi {number} tidak ditemukan.</source>
            <translation>Receipt {number} not found.</translation>
        </message>
        <message>
            <source>Nomor kuitansi “{text}” tidak sah (contoh: KLL-PKS/2026/A/000123).</source>
            <translation>Receipt number “{text}” is not valid (example: KLL-PKS/2026/A/000123).</translation>
        </message>
        <message>
            <source>Tahun kuitansi {year} tidak sah.</source>
            <translation>Receipt year {year} is not valid.</translation>
        </message>
        <message>
            <source>Nomor urut kuitansi {seq} tidak sah; harus 1 atau lebih.</source>
            <translation>Receipt sequence {seq} is not valid; it must be 1 or more.</translation>
        </message>
        <message>
            <source>Kuitansi {number} sudah dibatalkan.</source>
            <translation>Receipt {number} is already void.</translation>
        </message>
        <message>
            <source>Alasan pembatalan wajib diisi.</source>
            <translation>A reason for voiding is required.</translation>
        </message>
        <message>
            <source>Anda tidak berwenang: {action} hanya untuk {roles}.</source>
            <translation>You are not allowed: {action} is only for {roles}.</translation>
        </message>
        <message>
            <source>Nama pengguna atau kata sandi salah.</source>
            <translation>Wrong username or password.</translation>
        </message>
        <message>
            <source>Akun {username} tidak aktif. Hubungi admin.</source>
            <translation>Account {username} is not active. Contact the admin.</translation>
        </message>
        <message>
            <source>Nama pengguna {username} sudah dipakai.</source>
            <translation>Username {username} is already taken.</translation>
        </message>
        <message>
            <source>Kata sandi minimal {min_len} karakter.</source>
            <translation>The password needs at least {min_len} characters.</translation>
        </message>
        <message>
            <source>Nama pengguna “{text}” tidak sah: gunakan huruf, angka, titik, garis bawah, atau tanda hubung.</source>
            <translation>Username “{text}” is not valid: use letters, digits, dots, underscores or hyphens.</translation>
        </message>
        <message>
            <source>Silakan masuk terlebih dahulu.</source>
            <translation>Please log in first.</translation>
        </message>
        <message>
            <source>Peran “{role}” tidak dikenal.</source>
            <translation>Role “{role}” is unknown.</translation>
        </message>
        <message>
            <source>Kode kantor “{text}” tidak sah: 2–16 karakter huruf besar, angka, atau tanda hubung.</source>
            <translation>Office code “{text}” is not valid: 2–16 capital letters, digits or hyphens.</translation>
        </message>
        <message>
            <source>Huruf perangkat “{text}” tidak sah: satu huruf A–Z.</source>
            <translation>Device letter “{text}” is not valid: one letter A–Z.</translation>
        </message>
        <message>
            <source>Nama lembaga wajib diisi.</source>
            <translation>The institution name is required.</translation>
        </message>
        <message>
            <source>Nama kantor wajib diisi.</source>
            <translation>The office name is required.</translation>
        </message>
        <message>
            <source>Pengaturan {key} tidak sah: “{value}”.</source>
            <translation>Setting {key} is not valid: “{value}”.</translation>
        </message>
        <message>
            <source>Basis data dibuat oleh versi AmilDesk yang lebih baru ({db_version}); perbarui aplikasi.</source>
            <translation>The database was made by a newer AmilDesk ({db_version}); please update the app.</translation>
        </message>
        <message>
            <source>Basis data tidak dapat ditulis (disk hanya-baca). Tidak ada data yang hilang; periksa disk lalu coba lagi.</source>
            <translation>The database cannot be written (read-only disk). No data was lost; check the disk and try again.</translation>
        </message>
        <message>
            <source>Disk penuh. Data yang sudah tersimpan aman; kosongkan ruang disk lalu coba lagi.</source>
            <translation>The disk is full. Data already saved is safe; free some disk space and try again.</translation>
        </message>
        <message>
            <source>AmilDesk sudah terbuka di jendela lain untuk data ini.</source>
            <translation>AmilDesk is already open in another window for this data.</translation>
        </message>
        <message>
            <source>Basis data sedang sibuk. Tunggu sebentar lalu coba lagi.</source>
            <translation>The database is busy. Wait a moment and try again.</translation>
        </message>
        <message>
            <source>Basis data tidak dapat dibaca atau ditulis ({detail}). Data yang sudah tersimpan aman; periksa disk lalu coba lagi.</source>
            <translation>The database cannot be read or written ({detail}). Data already saved is safe; check the disk and try again.</translation>
        </message>
        <message>
            <source>AmilDesk belum disiapkan. Jalankan penyiapan awal terlebih dahulu.</source>
            <translation>AmilDesk is not set up yet. Run the first-time setup first.</translation>
        </message>
        <message>
            <source>AmilDesk sudah disiapkan untuk data ini.</source>
            <translation>AmilDesk is already set up for this data.</translation>
        </message>
        <message>
            <source>{field} terlalu panjang: maksimal {max_len} karakter, yang diketik {length}.</source>
            <translation>{field} is too long: at most {max_len} characters, {length} were typed.</translation>
        </message>
        <message>
            <source>Nomor telepon “{text}” tidak sah: harus 8–15 digit.</source>
            <translation>Phone number “{text}” is not valid: it must have 8–15 digits.</translation>
        </message>
        <message>
            <source>Asnaf “{text}” tidak dikenal: pilih fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah, atau ibnu sabil.</source>
            <translation>Unknown asnaf “{text}”: choose fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah or ibnu sabil.</translation>
        </message>
        <message>
            <source>Jenis kelamin “{text}” tidak sah: isi L atau P.</source>
            <translation>Sex “{text}” is not valid: enter L or P.</translation>
        </message>
        <message>
            <source>Tanggal “{text}” tidak sah: gunakan TTTT-BB-HH atau HH-BB-TTTT.</source>
            <translation>Date “{text}” is not valid: use YYYY-MM-DD or DD-MM-YYYY.</translation>
        </message>
        <message>
            <source>Tanggal lahir {text} tidak masuk akal.</source>
            <translation>Birth date {text} is not plausible.</translation>
        </message>
        <message>
            <source>Kode desa “{text}” tidak sah: harus 10 digit kode wilayah Kemendagri.</source>
            <translation>Village code “{text}” is not valid: it must be the 10-digit Kemendagri code.</translation>
        </message>
        <message>
            <source>Desil “{text}” tidak sah: harus angka 1 sampai 10.</source>
            <translation>Decile “{text}” is not valid: it must be a number from 1 to 10.</translation>
        </message>
        <message>
            <source>Nama penerima manfaat wajib diisi.</source>
            <translation>The beneficiary's name is required.</translation>
        </message>
        <message>
            <source>Penerima manfaat tidak ditemukan.</source>
            <translation>Beneficiary not found.</translation>
        </message>
        <message>
            <source>NIK {nik} sudah terdaftar sebagai penerima manfaat ({name}).</source>
            <translation>NIK {nik} is already registered as a beneficiary ({name}).</translation>
        </message>
        <message>
            <source>Jenis kelompok “{text}” tidak dikenal: KUBE, masjid, sekolah, atau lainnya.</source>
            <translation>Unknown group type “{text}”: KUBE, mosque, school or other.</translation>
        </message>
        <message>
            <source>Anggota kelompok harus penerima manfaat perorangan yang terdaftar.</source>
            <translation>Group members must be registered individual beneficiaries.</translation>
        </message>
        <message>
            <source>Status “{text}” tidak dikenal: aktif, tidak aktif, atau meninggal.</source>
            <translation>Unknown status “{text}”: active, inactive or deceased.</translation>
        </message>
        <message>
            <source>Data {name} sudah diubah orang lain; muat ulang lalu ulangi perubahan.</source>
            <translation>{name} was changed by someone else; reload and make your change again.</translation>
        </message>
        <message>
            <source>Berkas {name} tidak didukung: gunakan CSV atau XLSX.</source>
            <translation>File {name} is not supported: use CSV or XLSX.</translation>
        </message>
        <message>
            <source>Berkas {name} tidak dapat dibaca: {detail}</source>
            <translation>File {name} cannot be read: {detail}</translation>
        </message>
        <message>
            <source>Baris judul kolom tidak ditemukan: berkas harus memuat kolom NIK dan nama.</source>
            <translation>No header row found: the file must have NIK and name columns.</translation>
        </message>
        <message>
            <source>Berkas terlalu besar: paling banyak {max_rows} baris per impor.</source>
            <translation>File too large: at most {max_rows} rows per import.</translation>
        </message>
        <message>
            <source>NIK wajib diisi.</source>
            <translation>NIK is required.</translation>
        </message>
        <message>
            <source>NIK {nik} ganda dalam berkas (sudah ada di baris {first_row}).</source>
            <translation>NIK {nik} appears twice in the file (already on row {first_row}).</translation>
        </message>
        <message>
            <source>Asnaf wajib diisi (fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah, ibnu sabil).</source>
            <translation>Asnaf is required (fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah, ibnu sabil).</translation>
        </message>
        <message>
            <source>NIK tersimpan sebagai angka pecahan di Excel sehingga digit terakhir bisa hilang; format kolom NIK sebagai Teks lalu ketik ulang.</source>
            <translation>The NIK is stored as a number in Excel, so its last digit may be lost; format the NIK column as Text and type it again.</translation>
        </message>
        <message>
            <source>Penyaluran {number} tidak ditemukan.</source>
            <translation>Distribution {number} not found.</translation>
        </message>
        <message>
            <source>Bentuk bantuan “{text}” tidak dikenal: tunai atau barang.</source>
            <translation>Unknown form of aid “{text}”: cash or goods.</translation>
        </message>
        <message>
            <source>Nama barang dan satuannya wajib diisi untuk bantuan barang.</source>
            <translation>The item's name and unit are required for aid in goods.</translation>
        </message>
        <message>
            <source>Program penyaluran wajib dipilih.</source>
            <translation>Choose the distribution's program.</translation>
        </message>
        <message>
            <source>Zakat hanya boleh disalurkan kepada 8 asnaf: {name} belum tercatat sebagai salah satu asnaf (fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah, ibnu sabil).</source>
            <translation>Zakat may only go to the 8 asnaf: {name} is not recorded as one of them (fakir, miskin, amil, mualaf, riqab, gharimin, fisabilillah, ibnu sabil).</translation>
        </message>
        <message>
            <source>{name} berstatus {status}; bantuan hanya untuk penerima yang aktif.</source>
            <translation>{name} is {status}; aid is only for active beneficiaries.</translation>
        </message>
        <message>
            <source>Saldo dana {fund} tidak cukup: tersedia {available}, diminta {amount}.</source>
            <translation>The {fund} fund's balance is not enough: {available} available, {amount} requested.</translation>
        </message>
        <message>
            <source>Penyaluran {number} sudah {status}; hanya pengajuan yang dapat disetujui atau ditolak.</source>
            <translation>Distribution {number} is already {status}; only a proposal can be approved or rejected.</translation>
        </message>
        <message>
            <source>Ada {count} peringatan bantuan ganda; tulis alasan untuk tetap menyetujui penyaluran ini.</source>
            <translation>There are {count} duplicate-aid warnings; write a reason to approve this distribution anyway.</translation>
        </message>
        <message>
            <source>Alasan penolakan wajib diisi.</source>
            <translation>A reason for the rejection is required.</translation>
        </message>
        <message>
            <source>Tanda terima hanya untuk penyaluran yang disetujui ({number} berstatus {status}).</source>
            <translation>Hand-over receipts are only for approved distributions ({number} is {status}).</translation>
        </message>
        <message>
            <source>Printer “{printer}” tidak ditemukan. Pastikan printer menyala dan terpasang, atau pilih printer lain.</source>
            <translation>Printer “{printer}” was not found. Make sure the printer is on and connected, or choose another printer.</translation>
        </message>
        <message>
            <source>Gagal mencetak ke “{printer}”: {reason}. Data sudah tersimpan; cetak ulang dari daftar kuitansi.</source>
            <translation>Printing to “{printer}” failed: {reason}. The data is saved; reprint from the receipt list.</translation>
        </message>
        <message>
            <source>Logo “{path}” tidak dapat dipakai: pilih berkas PNG atau JPG yang ada.</source>
            <translation>The logo “{path}” cannot be used: choose an existing PNG or JPG file.</translation>
        </message>
        <message>
            <source>Logo “{path}” terlalu besar (maksimal 2 MB).</source>
            <translation>The logo “{path}” is too large (2 MB at most).</translation>
        </message>
        <message>
            <source>Alamat server “{url}” tidak sah: tulis lengkap dengan http:// atau https://, misalnya https://zis.kabupaten.go.id</source>
            <translation>The server address “{url}” is not valid: write it in full with http:// or https://, e.g. https://zis.kabupaten.go.id</translation>
        </message>
        <message>
            <source>Kode pendaftaran wajib diisi.</source>
            <translation>The enrollment code is required.</translation>
        </message>
        <message>
            <source>Berkas sertifikat CA “{path}” tidak ditemukan.</source>
            <translation>The CA certificate file “{path}” was not found.</translation>
        </message>
        <message>
            <source>Kode pendaftaran salah, sudah dipakai, atau kedaluwarsa. Minta kode baru ke admin kabupaten.</source>
            <translation>The enrollment code is wrong, already used or expired. Ask the district admin for a new code.</translation>
        </message>
        <message>
            <source>Pendaftaran ditolak server: {detail}. Hubungi admin kabupaten.</source>
            <translation>The server refused the enrollment: {detail}. Contact the district admin.</translation>
        </message>
        <message>
            <source>Kode pendaftaran itu untuk kantor {server_code}, sedangkan perangkat ini kantor {office_code}. Minta kode untuk kantor {office_code}.</source>
            <translation>That enrollment code is for office {server_code}, but this device belongs to office {office_code}. Ask for a code for office {office_code}.</translation>
        </message>
        <message>
            <source>Perangkat ini belum terhubung ke server kabupaten. Hubungkan dulu di Pengaturan.</source>
            <translation>This device is not connected to the district server yet. Connect it first in Settings.</translation>
        </message>
        <message>
            <source>Sinkronisasi sedang berjalan; tunggu sampai selesai.</source>
            <translation>A synchronisation is running; wait until it finishes.</translation>
        </message>
        <message>
            <source>Server kabupaten tidak dapat dihubungi ({detail}). Data tetap aman di perangkat ini; sinkron akan dicoba lagi.</source>
            <translation type="vanished">The district server cannot be reached ({detail}). Records stay safe on this device; sync will try again.</translation>
        </message>
        <message>
            <source>Perangkat ini dicabut oleh admin kabupaten. Minta kode pendaftaran baru lalu hubungkan ulang; data yang belum terkirim tetap aman.</source>
            <translation>This device was revoked by the district admin. Ask for a new enrollment code and reconnect; unsent records stay safe.</translation>
        </message>
        <message>
            <source>Server tidak mengenali perangkat ini. Hubungkan ulang dengan kode pendaftaran baru; data yang belum terkirim tetap aman.</source>
            <translation>The server does not recognise this device. Reconnect with a new enrollment code; unsent records stay safe.</translation>
        </message>
        <message>
            <source>Server menolak data perangkat ini sebagai data kantor lain. Hubungi admin kabupaten.</source>
            <translation>The server refused this device's records as another office's. Contact the district admin.</translation>
        </message>
        <message>
            <source>Versi AmilDesk ini terlalu lama untuk server kabupaten; perbarui aplikasi.</source>
            <translation>This version of AmilDesk is too old for the district server; update the application.</translation>
        </message>
        <message>
            <source>Riwayat data perangkat ini berbeda dengan server (urutan {seq}). Tidak ada data yang ditimpa; hubungi admin kabupaten.</source>
            <translation>This device's history differs from the server's (sequence {seq}). Nothing was overwritten; contact the district admin.</translation>
        </message>
        <message>
            <source>Server menolak kiriman ({reason}): {detail}</source>
            <translation>The server refused the upload ({reason}): {detail}</translation>
        </message>
        <message>
            <source>Sinkronisasi gagal: {detail}</source>
            <translation>Synchronisation failed: {detail}</translation>
        </message>
        <message>
            <source>Berkas {path} tidak dapat ditulis: {detail}</source>
            <translation>The file {path} cannot be written: {detail}</translation>
        </message>
        <message>
            <source>Sertifikat server {url} tidak dipercaya ({detail}). Periksa alamat server, atau pasang berkas sertifikat CA kabupaten di Pengaturan.</source>
            <translation>The certificate of server {url} is not trusted ({detail}). Check the server address, or install the district's CA certificate file in Settings.</translation>
        </message>
        <message>
            <source>Alamat server “{url}” memakai http:// tanpa enkripsi: token perangkat, kode pendaftaran, dan data donatur akan terkirim terbuka. Gunakan alamat https:// dari admin kabupaten. (http hanya diterima ke komputer ini atau jaringan kantor, atau bila “izinkan http tanpa enkripsi” dipilih.)</source>
            <translation>The server address “{url}” uses http:// without encryption: the device token, the enrollment code and donor data would be sent in the clear. Use the https:// address from the district admin. (http is only accepted to this computer or the office network, or when “allow unencrypted http” is chosen.)</translation>
        </message>
        <message>
            <source>Peringatan: koneksi ke {url} memakai http tanpa enkripsi (diizinkan secara khusus); token perangkat dan data donatur terkirim terbuka. Minta alamat https:// ke admin kabupaten.</source>
            <translation>Warning: the connection to {url} uses unencrypted http (explicitly allowed); the device token and donor data are sent in the clear. Ask the district admin for an https:// address.</translation>
        </message>
        <message>
            <source>Server kabupaten belum terjangkau ({reason}) — data aman tersimpan, mencoba lagi sampai {seconds} detik…</source>
            <translation>District server not reachable yet ({reason}) — your data is saved safely; still trying for up to {seconds} seconds…</translation>
        </message>
        <message>
            <source>Server kabupaten {url} tidak dapat dihubungi ({reason}; dicoba selama {seconds} detik). Data tetap aman di perangkat ini; sinkron akan dicoba lagi.</source>
            <translation>The district server {url} cannot be reached ({reason}; tried for {seconds} seconds). The data stays safe on this device; sync will be tried again.</translation>
        </message>
        <message>
            <source>Koneksi ke server kabupaten {url} terputus-putus ({reason}): tidak ada kemajuan selama {seconds} detik. Data tetap aman di perangkat ini; sinkron akan dicoba lagi.</source>
            <translation>The connection to the district server {url} keeps breaking ({reason}): no progress for {seconds} seconds. The data stays safe on this device; sync will be tried again.</translation>
        </message>
        <message>
            <source>Sinkronisasi dihentikan karena aplikasi ditutup. Data tetap aman; sinkron dilanjutkan nanti.</source>
            <translation>Sync stopped because the application was closed. The data is safe; sync continues later.</translation>
        </message>
        <message>
            <source>Laporan “{name}” tidak dikenal: pilih daily (harian), monthly (bulanan), audit, atau statement (pernyataan zakat tahunan).</source>
            <translation>Unknown report “{name}”: choose daily, monthly, audit or statement (annual zakat statement).</translation>
        </message>
        <message>
            <source>Format “{name}” tidak dikenal: pilih pdf, xlsx, atau csv.</source>
            <translation>Unknown format “{name}”: choose pdf, xlsx or csv.</translation>
        </message>
        <message>
            <source>Periode “{text}” tidak sah: tulis sebagai {expected}.</source>
            <translation>Invalid period “{text}”: write it as {expected}.</translation>
        </message>
        <message>
            <source>Periode {period} belum terjadi (hari ini {today}); laporan hanya untuk periode yang sudah berjalan.</source>
            <translation>The period {period} has not happened yet (today is {today}); reports cover only periods that have begun.</translation>
        </message>
        <message>
            <source>Periode terbalik: tanggal awal {start} sesudah tanggal akhir {end}.</source>
            <translation>Reversed period: the start {start} is after the end {end}.</translation>
        </message>
        <message>
            <source>Laporan harian paling panjang {days} hari; untuk periode lebih panjang pakai laporan bulanan.</source>
            <translation>A daily report covers at most {days} days; use the monthly report for longer periods.</translation>
        </message>
        <message>
            <source>Pilih donatur untuk pernyataan zakat (--donor ID), atau semua donatur (--all).</source>
            <translation>Choose the donor for the zakat statement (--donor ID), or all donors (--all).</translation>
        </message>
        <message>
            <source>{name} tidak membayar zakat melalui kantor ini pada tahun {year}.</source>
            <translation>{name} paid no zakat through this office in {year}.</translation>
        </message>
        <message>
            <source>Tulis ke mana laporan disimpan (--out BERKAS), atau pakai --json.</source>
            <translation>Say where to save the report (--out FILE), or use --json.</translation>
        </message>
        <message>
            <source>Frasa pemulihan minimal {min_len} karakter.</source>
            <translation>The recovery passphrase needs at least {min_len} characters.</translation>
        </message>
        <message>
            <source>Frasa pemulihan kantor belum dibuat, jadi cadangan belum dapat dienkripsi. Buat frasa pemulihan di Pengaturan (admin) lalu cetak lembar pemulihannya.</source>
            <translation>The office has no recovery passphrase yet, so backups cannot be encrypted. Create one in Settings (admin) and print its recovery sheet.</translation>
        </message>
        <message>
            <source>Cadangan tidak dapat ditulis ke {path} ({detail}). Periksa disk/USB lalu coba lagi; data tetap aman.</source>
            <translation>The backup could not be written to {path} ({detail}). Check the disk/USB drive and try again; your data is safe.</translation>
        </message>
        <message>
            <source>Berkas cadangan {path} tidak ditemukan.</source>
            <translation>Backup file {path} not found.</translation>
        </message>
        <message>
            <source>Berkas {path} bukan berkas cadangan AmilDesk. Tidak ada yang diganti.</source>
            <translation>{path} is not an AmilDesk backup file. Nothing was replaced.</translation>
        </message>
        <message>
            <source>Frasa pemulihan salah untuk cadangan {path}. Lihat lembar pemulihan kantor. Tidak ada yang diganti.</source>
            <translation>Wrong recovery passphrase for backup {path}. See the office's recovery sheet. Nothing was replaced.</translation>
        </message>
        <message>
            <source>Cadangan {path} rusak atau telah diubah (pemeriksaan keaslian gagal). Pakai cadangan lain. Tidak ada yang diganti.</source>
            <translation>Backup {path} is damaged or was altered (authenticity check failed). Use another backup. Nothing was replaced.</translation>
        </message>
        <message>
            <source>Cadangan {path} terpotong (tidak lengkap, mungkin salinan terputus). Pakai cadangan lain. Tidak ada yang diganti.</source>
            <translation>Backup {path} is truncated (incomplete, perhaps an interrupted copy). Use another backup. Nothing was replaced.</translation>
        </message>
        <message>
            <source>Folder {path} sudah berisi data kantor. Pilih folder kosong, atau ganti data yang ada (data lama disimpan terpisah, tidak dihapus).</source>
            <translation>Folder {path} already holds office data. Choose an empty folder, or replace the data there (the old data is kept aside, not deleted).</translation>
        </message>
        <message>
            <source>Isi cadangan tidak utuh ({detail}). Pakai cadangan lain. Tidak ada yang diganti.</source>
            <translation>The backup's content is not intact ({detail}). Use another backup. Nothing was replaced.</translation>
        </message>
        <message>
            <source>Isi cadangan tidak sesuai dengan keterangannya (kantor, perangkat, atau jurnal). Pakai cadangan lain. Tidak ada yang diganti.</source>
            <translation>The backup's content does not match its description (office, device or journal). Use another backup. Nothing was replaced.</translation>
        </message>
        <message>
            <source>Rantai jurnal dalam cadangan putus di urutan {seq} ({reason}). Pakai cadangan lain. Tidak ada yang diganti.</source>
            <translation>The journal chain in the backup is broken at seq {seq} ({reason}). Use another backup. Nothing was replaced.</translation>
        </message>
        <message>
            <source>Akun {username} dikunci {minutes} menit karena terlalu banyak salah kata sandi. Coba lagi pukul {until}.</source>
            <translation>Account {username} is locked for {minutes} minutes after too many wrong passwords. Try again at {until}.</translation>
        </message>
        <message>
            <source>Kata sandi tidak boleh sama dengan nama pengguna.</source>
            <translation>The password may not be the user name.</translation>
        </message>
        <message>
            <source>Kata sandi itu terlalu umum dan mudah ditebak; pilih yang lain.</source>
            <translation>That password is too common and easy to guess; choose another.</translation>
        </message>
        <message>
            <source>Data {kind} tidak ditemukan.</source>
            <translation>{kind} not found.</translation>
        </message>
        <message>
            <source>Alasan penghapusan (permintaan pemilik data) wajib diisi.</source>
            <translation>The reason for erasure (the data subject's request) is required.</translation>
        </message>
        <message>
            <source>NIP harus 18 digit, yang diketik {count} digit.</source>
            <translation>A NIP has 18 digits; {count} were typed.</translation>
        </message>
        <message>
            <source>NIP hanya boleh berisi angka (spasi, titik, dan tanda hubung boleh).</source>
            <translation>A NIP may contain digits only (spaces, dots and dashes are allowed).</translation>
        </message>
        <message>
            <source>Tanggal lahir pada NIP ({text}) bukan tanggal yang sah (TTTTBBHH).</source>
            <translation>The birth date in the NIP ({text}) is not a valid date (YYYYMMDD).</translation>
        </message>
        <message>
            <source>TMT pengangkatan pada NIP ({text}) tidak sah (TTTTBB).</source>
            <translation>The appointment date in the NIP ({text}) is not valid (YYYYMM).</translation>
        </message>
        <message>
            <source>Digit jenis kelamin pada NIP ({digit}) harus 1 atau 2.</source>
            <translation>The sex digit of the NIP ({digit}) must be 1 or 2.</translation>
        </message>
        <message>
            <source>Nomor urut NIP tidak boleh 000.</source>
            <translation>The NIP serial number cannot be 000.</translation>
        </message>
        <message>
            <source>NIK harus 16 digit atau NIP 18 digit, yang diketik {count} digit.</source>
            <translation>Type a 16-digit NIK or an 18-digit NIP; {count} digits were typed.</translation>
        </message>
        <message>
            <source>Jenis lembaga “{text}” tidak dikenal: sekolah, masjid, OPD, perusahaan, atau lainnya.</source>
            <translation>Unknown institution type “{text}”: school (sekolah), mosque (masjid), OPD, company (perusahaan) or other (lainnya).</translation>
        </message>
        <message>
            <source>Lembaga tidak ditemukan.</source>
            <translation>Institution not found.</translation>
        </message>
        <message>
            <source>Lembaga “{name}” tidak ditemukan.</source>
            <translation>Institution “{name}” not found.</translation>
        </message>
        <message>
            <source>Periode “{text}” tidak sah: tulis TTTT-BB, misalnya 2026-11.</source>
            <translation>Period “{text}” is not valid: write YYYY-MM, e.g. 2026-11.</translation>
        </message>
        <message>
            <source>Nama pembayar wajib diisi.</source>
            <translation>The payer's name is required.</translation>
        </message>
        <message>
            <source>Pembayar ini tidak ada dalam daftar lembaga.</source>
            <translation>This payer is not on the institution's list.</translation>
        </message>
        <message>
            <source>Jenis dana wajib diisi (kode atau nama dana).</source>
            <translation>The fund is required (fund code or name).</translation>
        </message>
        <message>
            <source>Jumlah wajib diisi.</source>
            <translation>The amount is required.</translation>
        </message>
        <message>
            <source>Jumlah dana {fund} harus kelipatan tarif kantor ({rate}) agar jumlah jiwa/hari tercatat.</source>
            <translation>The amount for {fund} must be a multiple of the office rate ({rate}) so that the number of persons/days is recorded.</translation>
        </message>
        <message>
            <source>Pembayar ini sudah punya baris dana {fund} (baris {first_row}).</source>
            <translation>This payer already has a {fund} line (row {first_row}).</translation>
        </message>
        <message>
            <source>{count} baris salah: perbaiki baris itu, atau lewati baris salah secara tegas. Belum ada yang disimpan.</source>
            <translation>{count} rows are wrong: fix them, or explicitly skip the wrong rows. Nothing has been saved.</translation>
        </message>
        <message>
            <source>Setoran kolektif harus memiliki minimal satu baris pembayar.</source>
            <translation>A collective hand-over needs at least one payer line.</translation>
        </message>
        <message>
            <source>Jumlah baris {lines} tidak sama dengan uang yang diserahkan {amount} (selisih {difference}). Belum ada yang disimpan.</source>
            <translation>The lines add up to {lines}, not the {amount} handed over (difference {difference}). Nothing has been saved.</translation>
        </message>
        <message>
            <source>Belum ada setoran kolektif lembaga ini untuk periode {period} atau sebelumnya.</source>
            <translation>This institution has no collective hand-over for {period} or earlier.</translation>
        </message>
        <message>
            <source>Setoran kolektif tidak ditemukan.</source>
            <translation>Collective hand-over not found.</translation>
        </message>
        <message>
            <source>Baris judul kolom tidak ditemukan: berkas harus memuat kolom nama, nik, dana, dan jumlah.</source>
            <translation>No header row found: the file must have the columns nama, nik, dana and jumlah.</translation>
        </message>
        <message>
            <source>Dana “{fund}” cocok dengan {count} jenis dana: tulis lebih lengkap.</source>
            <translation>Fund “{fund}” matches {count} funds: type more of its name.</translation>
        </message>
        <message>
            <source>Tanggal {day} belum terjadi: kas hanya dapat ditutup untuk hari ini atau sebelumnya.</source>
            <translation>{day} has not come yet: only today or earlier days can be closed.</translation>
        </message>
        <message>
            <source>Kas tanggal {day} sudah ditutup (oleh {by}). Tidak ada yang disimpan; buka lagi daftar tutup kas untuk melihat penutupannya.</source>
            <translation>The cash of {day} is already closed (by {by}). Nothing was saved; open the closing again to see it.</translation>
        </message>
        <message>
            <source>Catatan tanggal {day} berubah sejak penghitungan dimulai (ada donasi atau pembatalan baru). Tidak ada yang disimpan; periksa angka yang diharapkan lalu ulangi.</source>
            <translation>The records of {day} changed since counting began (a new donation or void). Nothing was saved; check the expected figures and try again.</translation>
        </message>
        <message>
            <source>Jumlah terhitung untuk metode {method} wajib diisi (ada penerimaan tercatat).</source>
            <translation>Type the counted amount for {method} (receipts were recorded).</translation>
        </message>
        <message>
            <source>Ada selisih {difference}: tulis catatan yang menjelaskan selisih itu.</source>
            <translation>There is a difference of {difference}: write a note explaining it.</translation>
        </message>
        <message>
            <source>Pecahan {value} tidak dikenal.</source>
            <translation>Unknown denomination {value}.</translation>
        </message>
        <message>
            <source>Jumlah lembar/keping pecahan {value} tidak sah: “{text}”.</source>
            <translation>The number of {value} notes/coins is not valid: “{text}”.</translation>
        </message>
        <message>
            <source>Uang tunai terhitung {counted} tidak sama dengan jumlah per pecahan {total}; isi salah satunya saja.</source>
            <translation>Counted cash {counted} differs from the sum by denomination {total}; fill in only one of them.</translation>
        </message>
        <message>
            <source>Alasan membuka kembali tutup kas wajib diisi.</source>
            <translation>A reason for reopening the closed day is required.</translation>
        </message>
        <message>
            <source>Kas tanggal {day} belum ditutup.</source>
            <translation>The cash of {day} is not closed.</translation>
        </message>
        <message>
            <source>Kas tanggal {day} sudah ditutup; catatan baru tidak dapat disimpan pada hari itu. Minta kepala kantor membuka kembali tutup kas bila perlu.</source>
            <translation>The cash of {day} is closed; nothing new can be recorded on that day. Ask the office head to reopen it if needed.</translation>
        </message>
        <message>
            <source>Setoran harus memuat minimal satu dana dengan jumlahnya.</source>
            <translation>A deposit needs at least one fund with its amount.</translation>
        </message>
        <message>
            <source>Dana {fund} tertulis lebih dari sekali dalam setoran ini.</source>
            <translation>Fund {fund} appears more than once in this deposit.</translation>
        </message>
        <message>
            <source>Setoran dana {fund} sebesar {amount} melebihi uang tunai di tangan ({on_hand}). Tidak ada yang disimpan.</source>
            <translation>The deposit of {amount} from {fund} exceeds the cash on hand ({on_hand}). Nothing was saved.</translation>
        </message>
        <message>
            <source>Nomor referensi/bukti setoran bank wajib diisi.</source>
            <translation>The bank's deposit reference is required.</translation>
        </message>
        <message>
            <source>Tanggal setoran {day} belum terjadi.</source>
            <translation>The deposit date {day} has not come yet.</translation>
        </message>
        <message>
            <source>Setoran {deposit} tidak ditemukan.</source>
            <translation>Deposit {deposit} not found.</translation>
        </message>
        <message>
            <source>Semua kuitansi setoran {number} sudah dibatalkan; tidak ada lagi yang dapat dibatalkan.</source>
            <translation>Every receipt of hand-over {number} is already void; there is nothing left to void.</translation>
        </message>
        <message>
            <source>Kunci enkripsi basis data kantor tidak ditemukan di akun komputer ini ({detail}). Data tetap aman dan terenkripsi; buka dengan frasa pemulihan: amildesk unlock (lihat lembar pemulihan).</source>
            <translation>The office database's encryption key was not found in this computer account ({detail}). The data is safe and encrypted; open it with the recovery passphrase: amildesk unlock (see the recovery sheet).</translation>
        </message>
        <message>
            <source>Keterangan kunci enkripsi basis data tidak terbaca ({detail}). Hubungi pendamping TI; jangan hapus folder data.</source>
            <translation>The database encryption key record cannot be read ({detail}). Contact IT support; do not delete the data folder.</translation>
        </message>
        <message>
            <source>Frasa pemulihan salah untuk kunci basis data ini. Lihat lembar pemulihan kantor.</source>
            <translation>Wrong recovery passphrase for this database key. See the office's recovery sheet.</translation>
        </message>
        <message>
            <source>Basis data ini tidak terenkripsi; tidak ada kunci yang perlu dipulihkan.</source>
            <translation>This database is not encrypted; there is no key to recover.</translation>
        </message>
        <message>
            <source>Belum ada salinan kunci yang dibuka frasa pemulihan (frasa belum pernah dibuat). Hubungi pendamping TI.</source>
            <translation>There is no copy of the key that the recovery passphrase opens (no passphrase was ever set). Contact IT support.</translation>
        </message>
        <message>
            <source>Basis data kantor rusak ({detail}), jadi cadangan tidak dibuat; cadangan lama tetap utuh. Jangan hapus apa pun: jalankan amildesk doctor dan hubungi dukungan.</source>
            <translation>The office database is damaged ({detail}), so no backup was made; older backups are untouched. Do not delete anything: run amildesk doctor and contact support.</translation>
        </message>
        <message>
            <source>Basis data di {path} terenkripsi, tetapi berkas kuncinya (store-key.json) hilang. Jangan hapus apa pun; pulihkan cadangan terbaru ke folder baru (amildesk restore) dengan lembar pemulihan.</source>
            <translation>The database in {path} is encrypted, but its key file (store-key.json) is missing. Do not delete anything; restore the latest backup into a new folder (amildesk restore) with the recovery sheet.</translation>
        </message>
    </context>
    <context>
        <name>handover</name>
        <message>
            <source>Tanda terima {number} dikirim ke printer {printer}.</source>
            <translation>Hand-over receipt {number} sent to printer {printer}.</translation>
        </message>
        <message>
            <source>Printer struk tidak dapat mencetak tanda terima A5. Tanda terima {number} disimpan sebagai PDF untuk dicetak di printer lain: {path}</source>
            <translation>A receipt-roll printer cannot print the A5 hand-over receipt. Hand-over receipt {number} was saved as a PDF to print on another printer: {path}</translation>
        </message>
        <message>
            <source>Tidak ada printer. Tanda terima {number} disimpan sebagai PDF: {path}</source>
            <translation>No printer. Hand-over receipt {number} saved as a PDF: {path}</translation>
        </message>
        <message>
            <source>Tanda terima {number} disimpan sebagai PDF: {path}</source>
            <translation>Hand-over receipt {number} saved as a PDF: {path}</translation>
        </message>
        <message>
            <source>Tanda terima {number} gagal dicetak ({error}). Coba lagi, atau tekan Simpan PDF.</source>
            <translation>Hand-over receipt {number} could not be printed ({error}). Try again, or press Save PDF.</translation>
        </message>
    </context>
    <context>
        <name>labels</name>
        <message>
            <source>Petugas</source>
            <translation>Clerk</translation>
        </message>
        <message>
            <source>Kepala Kantor</source>
            <translation>Office Head</translation>
        </message>
        <message>
            <source>Admin</source>
            <translation>Admin</translation>
        </message>
        <message>
            <source>Tunai</source>
            <translation>Cash</translation>
        </message>
        <message>
            <source>Transfer</source>
            <translation>Transfer</translation>
        </message>
        <message>
            <source>QRIS</source>
            <translation>QRIS</translation>
        </message>
        <message>
            <source>Struk 58 mm</source>
            <translation>58 mm roll</translation>
        </message>
        <message>
            <source>Struk 80 mm</source>
            <translation>80 mm roll</translation>
        </message>
        <message>
            <source>A5 mendatar</source>
            <translation>A5 landscape</translation>
        </message>
        <message>
            <source>A4</source>
            <translation>A4</translation>
        </message>
        <message>
            <source>Belum dicetak</source>
            <translation>Not printed</translation>
        </message>
        <message>
            <source>Belum selesai dicetak</source>
            <translation>Print not finished</translation>
        </message>
        <message>
            <source>Tercetak</source>
            <translation>Printed</translation>
        </message>
        <message>
            <source>Gagal cetak</source>
            <translation>Print failed</translation>
        </message>
        <message>
            <source>BATAL</source>
            <translation>VOID</translation>
        </message>
    </context>
    <context>
        <name>startup</name>
        <message>
            <source>Cadangan dipulihkan ({events} kejadian jurnal, rantai utuh).</source>
            <translation>Backup restored ({events} journal events, chain intact).</translation>
        </message>
        <message>
            <source>Data sebelumnya disimpan utuh di {path}.</source>
            <translation>The previous data is kept, whole, in {path}.</translation>
        </message>
        <message>
            <source>{count} catatan baru di data sebelumnya tidak ada di cadangan; semuanya disimpan:</source>
            <translation>{count} newer records of the previous data are not in the backup; all of them are kept:</translation>
        </message>
        <message>
            <source>sudah di server kabupaten</source>
            <translation>already at the district server</translation>
        </message>
        <message>
            <source>belum terkirim</source>
            <translation>not sent yet</translation>
        </message>
        <message>
            <source>… dan {count} lainnya (amildesk doctor).</source>
            <translation>… and {count} more (amildesk doctor).</translation>
        </message>
        <message>
            <source>Yang sudah di server kabupaten tersambung lagi pada sinkron berikutnya.</source>
            <translation>Those already at the district server are joined again at the next sync.</translation>
        </message>
        <message>
            <source>Pulihkan cadangan</source>
            <translation>Restore a backup</translation>
        </message>
        <message>
            <source>AmilDesk</source>
            <translation>AmilDesk</translation>
        </message>
        <message>
            <source>Tutup</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>sync</name>
        <message>
            <source>Sinkronisasi</source>
            <translation>Synchronisation</translation>
        </message>
        <message>
            <source>Sinkron selesai.</source>
            <translation>Sync complete.</translation>
        </message>
        <message>
            <source>Sinkron belum tuntas: ada data baru; dicoba lagi nanti.</source>
            <translation>Sync not finished: there are new records; it will try again later.</translation>
        </message>
        <message>
            <source>Belum terkirim: {count}</source>
            <translation>Not yet sent: {count}</translation>
        </message>
        <message>
            <source>(diekspor, belum dikonfirmasi)</source>
            <translation>(exported, not confirmed)</translation>
        </message>
        <message>
            <source>belum pernah</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Belum terhubung ke server kabupaten</source>
            <translation>Not connected to the district server</translation>
        </message>
        <message>
            <source>Sinkron terakhir: {when}</source>
            <translation>Last sync: {when}</translation>
        </message>
        <message>
            <source>Galat sinkron: {message}</source>
            <translation>Sync error: {message}</translation>
        </message>
    </context>
    <context>
        <name>terms</name>
        <message>
            <source>Petugas</source>
            <translation>Clerk</translation>
        </message>
        <message>
            <source>Kepala Kantor</source>
            <translation>Office Head</translation>
        </message>
        <message>
            <source>Admin</source>
            <translation>Admin</translation>
        </message>
        <message>
            <source>membatalkan kuitansi</source>
            <translation>voiding a receipt</translation>
        </message>
        <message>
            <source>menolak penyaluran</source>
            <translation>rejecting a distribution</translation>
        </message>
        <message>
            <source>menyetujui penyaluran</source>
            <translation>approving a distribution</translation>
        </message>
        <message>
            <source>tambah pengguna</source>
            <translation>adding a user</translation>
        </message>
        <message>
            <source>ubah pengaturan</source>
            <translation>changing settings</translation>
        </message>
        <message>
            <source>Alamat</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Alamat lembaga</source>
            <translation>Institution address</translation>
        </message>
        <message>
            <source>Alasan</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Alasan pembatalan</source>
            <translation>Void reason</translation>
        </message>
        <message>
            <source>Alasan penolakan</source>
            <translation>Rejection reason</translation>
        </message>
        <message>
            <source>Catatan kebutuhan</source>
            <translation>Needs note</translation>
        </message>
        <message>
            <source>Desa/kelurahan</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Keterangan</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Nama</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Nama barang</source>
            <translation>Item name</translation>
        </message>
        <message>
            <source>Nama donatur</source>
            <translation>Donor name</translation>
        </message>
        <message>
            <source>Nama kantor</source>
            <translation>Office name</translation>
        </message>
        <message>
            <source>Nama kelompok</source>
            <translation>Group name</translation>
        </message>
        <message>
            <source>Nama lembaga</source>
            <translation>Institution name</translation>
        </message>
        <message>
            <source>Nama lengkap</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Nama pengguna</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Referensi pembayaran</source>
            <translation>Payment reference</translation>
        </message>
        <message>
            <source>Satuan</source>
            <translation>Unit</translation>
        </message>
        <message>
            <source>koneksi ditolak</source>
            <translation>connection refused</translation>
        </message>
        <message>
            <source>jaringan tidak terjangkau</source>
            <translation>network unreachable</translation>
        </message>
        <message>
            <source>nama server tidak ditemukan</source>
            <translation>server name not found</translation>
        </message>
        <message>
            <source>waktu tunggu habis</source>
            <translation>timed out</translation>
        </message>
        <message>
            <source>koneksi terputus</source>
            <translation>connection dropped</translation>
        </message>
        <message>
            <source>server sibuk</source>
            <translation>server busy</translation>
        </message>
        <message>
            <source>gangguan jaringan</source>
            <translation>network fault</translation>
        </message>
        <message>
            <source>belum ada jawaban</source>
            <translation>no answer yet</translation>
        </message>
        <message>
            <source>ubah frasa pemulihan</source>
            <translation>change the recovery passphrase</translation>
        </message>
        <message>
            <source>lihat log akses</source>
            <translation>view the access log</translation>
        </message>
        <message>
            <source>ekspor data pribadi</source>
            <translation>export personal data</translation>
        </message>
        <message>
            <source>hapus data pribadi</source>
            <translation>erase personal data</translation>
        </message>
        <message>
            <source>lihat nomor identitas</source>
            <translation>view identity numbers</translation>
        </message>
        <message>
            <source>Kontak</source>
            <translation>Contact</translation>
        </message>
        <message>
            <source>mengonfirmasi tutup kas</source>
            <translation>confirming the daily closing</translation>
        </message>
        <message>
            <source>membuka kembali tutup kas</source>
            <translation>reopening a closed day</translation>
        </message>
        <message>
            <source>Catatan</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Bank</source>
            <translation>Bank</translation>
        </message>
        <message>
            <source>Nomor rekening</source>
            <translation>Account number</translation>
        </message>
        <message>
            <source>Referensi setoran</source>
            <translation>Deposit reference</translation>
        </message>
        <message>
            <source>tunai</source>
            <translation>cash</translation>
        </message>
        <message>
            <source>transfer</source>
            <translation>transfer</translation>
        </message>
        <message>
            <source>qris</source>
            <translation>QRIS</translation>
        </message>
        <message>
            <source>lihat NIK lengkap</source>
            <translation>view full identity numbers</translation>
        </message>
    </context>
</TS>