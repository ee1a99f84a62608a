"""Collective collection (issue 14) on a real office store: import with per-row errors, totals, copy
last month, numbering, the journal, and every zakat payer's BSZ read back from the PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.core.errors import ValidationError
from desktop.core.identity import InvalidIdentity, validate_nik_or_nip, validate_nip
from desktop.core.money import format_rupiah
from desktop.services.collective import (
    CollectiveInput,
    CollectiveRefused,
    PayerLine,
    copy_last_month,
    preview_collective,
    record_collective,
)
from desktop.services.collective_import import read_payer_lines
from desktop.services.collective_receipts import (
    render_collective_receipt,
    render_payer_batch,
    save_collective_receipts,
)
from desktop.services.institutions import InstitutionInput, create_institution, list_institutions, list_payers
from desktop.services.status import verify_store
from desktop.store.journal import iter_events
from desktop.store.tables import donation_lines, donations, donors, journal
from tests.collective_data import payer_nik, payer_nip, payer_rows, rows_total, write_csv, write_xlsx


def _counts(ctx) -> tuple[int, int, int, int]:
    with ctx.store.read() as conn:
        return tuple(int(conn.execute(select(func.count()).select_from(t)).scalar_one())  # type: ignore[return-value]
                     for t in (donations, donation_lines, donors, journal))


def _school(ctx):
    return create_institution(ctx, InstitutionInput("SD Negeri 1 Tanah Grogot", "sekolah", contact="Bu Siti"))


def _input(institution, lines, amount, period="2026-11", **kw) -> CollectiveInput:
    kw.setdefault("payment_method", "transfer")
    kw.setdefault("payment_reference", "TRF-001")
    return CollectiveInput(institution_id=institution.id, period=period, amount=amount, lines=tuple(lines), **kw)


def test_nip_and_nik_are_told_apart_by_length() -> None:
    assert validate_nip("19800101 200501 1 001") == "198001012005011001"
    assert validate_nik_or_nip(payer_nik(5)) == ("nik", payer_nik(5))
    assert validate_nik_or_nip(payer_nip(5)) == ("nip", payer_nip(5))
    for bad, code in (("198013012005011001", "nip_birth_date"), ("198001012005131001", "nip_appointment"),
                      ("198001012005013001", "nip_sex"), ("198001012005011000", "nip_serial"),
                      ("19800101200501100", "nik_or_nip_length")):
        with pytest.raises(InvalidIdentity) as caught:
            validate_nik_or_nip(bad)
        assert caught.value.code == code


def test_300_payers_with_5_bad_rows_store_nothing_until_fixed_or_skipped(ctx, tmp_path: Path) -> None:
    school = _school(ctx)
    rows = payer_rows(300)
    rows[10][1] = "9901010101800011"          # row 12: province 99
    rows[50][0] = ""                          # row 52: no name
    rows[100][2] = "zakat bulanan"            # row 102: no such fund
    rows[150][3] = "dua puluh ribu"           # row 152: not an amount
    rows[200] = [rows[7][0], rows[7][1], rows[7][2], 10_000]  # row 202: payer of row 9 twice, same fund
    path = write_csv(tmp_path / "kelas.csv", rows)
    lines = read_payer_lines(path)
    assert len(lines) == 300 and lines[0].row == 2
    good_total = sum(int(r[3]) for i, r in enumerate(rows) if i not in (10, 50, 100, 150, 200))

    plan = preview_collective(ctx, _input(school, lines, good_total))
    assert [(e.row, e.codes) for e in plan.errors] == [
        (12, ("nik_province",)), (52, ("collective_payer_name_required",)), (102, ("fund_unknown",)),
        (152, ("amount_not_number",)), (202, ("collective_line_duplicate",)),
    ]
    assert "baris 9" in plan.errors[-1].message and "zakat bulanan" in plan.errors[2].message
    before = _counts(ctx)
    with pytest.raises(CollectiveRefused) as refused:
        record_collective(ctx, _input(school, lines, good_total))
    assert len(refused.value.errors) == 5 and "5 baris salah" in str(refused.value)
    assert _counts(ctx) == before  # nothing stored: no donation, no donor, no event

    # Skipped explicitly: the 295 good rows, and they must add up to what was handed over.
    saved = record_collective(ctx, _input(school, lines, good_total, skip_bad_rows=True))
    assert saved.payer_count == 295 and saved.total == good_total and len(saved.receipts) == 295

    # Fixed and imported as next month's list: all 300, the known payers are not added again.
    rows[10][1], rows[50][0], rows[100][2], rows[150][3] = payer_nik(10), "Pembayar Baru", "sedekah", 20_000
    rows[200] = [f"Pembayar {201:04d}", payer_nik(200), "zakat_penghasilan", 10_000]
    fixed = read_payer_lines(write_csv(tmp_path / "kelas2.csv", rows, title="Daftar kelas 5"))
    again = record_collective(ctx, _input(school, fixed, rows_total(rows), period="2026-12"))
    assert again.payer_count == 300 and again.new_payers == 5
    assert list_institutions(ctx)[0].payer_count == 300


def test_totals_that_do_not_add_up_are_refused(ctx) -> None:
    school = _school(ctx)
    lines = [PayerLine("Ahmad", payer_nik(1), "zakat_penghasilan", 150_000, row=1),
             PayerLine("Budi", payer_nip(2), "infak_tidak_terikat", "Rp50.000", row=2)]
    plan = preview_collective(ctx, _input(school, lines, 250_000))
    assert plan.errors == [] and plan.total == 200_000 and plan.difference == 50_000
    before = _counts(ctx)
    with pytest.raises(ValidationError) as caught:
        record_collective(ctx, _input(school, lines, 250_000))
    assert caught.value.code == "collective_total_mismatch"
    assert "Rp200.000" in str(caught.value) and "Rp250.000" in str(caught.value) and "Rp50.000" in str(caught.value)
    assert _counts(ctx) == before
    assert record_collective(ctx, _input(school, lines, 200_000)).total == 200_000


def test_copy_last_month_gives_the_same_payers_and_amounts(ctx) -> None:
    school = _school(ctx)
    lines = [PayerLine("Ahmad", payer_nik(1), "zakat_penghasilan", 150_000, row=1),
             PayerLine("Ahmad", payer_nik(1), "sedekah", 10_000, row=2),
             PayerLine("Budi", payer_nip(2), "Infak/Sedekah Tidak Terikat", 50_000, row=3),
             PayerLine("Citra", None, "zakat_penghasilan", 75_000, row=4)]
    first = record_collective(ctx, _input(school, lines, 285_000, period="2026-10"))
    assert first.payer_count == 3  # Ahmad's two funds are one receipt with two lines
    with pytest.raises(ValidationError) as none_before:
        copy_last_month(ctx, school.id, "2026-10")
    assert none_before.value.code == "collective_nothing_last_month"

    copied = copy_last_month(ctx, school.id, "2026-11")
    assert sorted((c.name, c.fund, c.amount) for c in copied) == [
        ("Ahmad", "sedekah", 10_000), ("Ahmad", "zakat_penghasilan", 150_000),
        ("Budi", "infak_tidak_terikat", 50_000), ("Citra", "zakat_penghasilan", 75_000)]
    assert all(c.donor_id for c in copied)
    edited = [*copied[:-1], PayerLine(None, None, copied[-1].fund, 80_000, row=99, donor_id=copied[-1].donor_id)]
    second = record_collective(ctx, _input(school, edited, 290_000, period="2026-11", payment_method="tunai",
                                           payment_reference=None))
    assert second.new_payers == 0 and second.payer_count == 3
    assert len(list_payers(ctx, school.id)) == 3
    # Two months later, nothing in December: the latest earlier month is offered.
    assert len(copy_last_month(ctx, school.id, "2027-01")) == 4


def test_numbering_journal_and_every_zakat_payers_bsz_read_back(ctx, tmp_path: Path) -> None:
    school = _school(ctx)
    rows = payer_rows(40)
    path = write_xlsx(tmp_path / "gaji.xlsx", rows)
    lines = read_payer_lines(path)
    assert len(lines) == 40 and lines[0].row == 3  # title row, header row, then data
    saved = record_collective(ctx, _input(school, lines, rows_total(rows)))
    numbers = [r.number for r in saved.receipts]
    assert numbers == [f"UPZ-UJI/2026/B/{n:06d}" for n in range(1, 41)]  # the device's own counter
    assert saved.number == "UPZ-UJI/2026/B/KOL-000001"

    with ctx.store.read() as conn:
        events = list(iter_events(conn, ctx.office.identity))
    kinds = [e["type"] for e in events]
    assert kinds.count("donation.recorded") == 40 and kinds[-1] == "collective.recorded"
    assert kinds.count("institution.payers_added") == 1
    last = events[-1]["payload"]
    assert last["total"] == rows_total(rows) and last["payer_count"] == 40
    assert last["donation_ids"] == [r.donation_id for r in saved.receipts]
    assert verify_store(ctx).ok

    # Batch print: one PDF, each payer's receipt on its own page; zakat payers' BSZ has their NIK.
    reader = PdfReader(__import__("io").BytesIO(render_payer_batch(ctx, saved.id)))
    assert len(reader.pages) == 40
    by_number = {}
    for page in reader.pages:
        text = page.extract_text()
        number = re.search(r"No\. (UPZ-UJI/2026/B/\d{6})", text).group(1)  # type: ignore[union-attr]
        by_number[number] = text
    zakat_checked = 0
    for receipt, row in zip(saved.receipts, rows, strict=True):
        text = by_number[receipt.number]
        assert row[0] in text and format_rupiah(int(row[3])) in text
        if row[2] == "zakat_penghasilan":
            assert "BUKTI SETOR ZAKAT" in text
            identity = str(row[1])
            label = "NPWP/NIK" if len(identity) == 16 else "NIP"
            assert re.search(rf"{re.escape(label)}\s*:\s*{identity}", text), text
            assert re.search(rf"Jumlah Zakat\s*:\s*{re.escape(format_rupiah(int(row[3])))}", text)
            zakat_checked += 1
        else:
            assert "BUKTI SETOR ZAKAT" not in text
        assert "Disetor kolektif melalui SD Negeri 1 Tanah Grogot" in text
    assert zakat_checked == 14

    # One PDF per payer in a folder, plus the collective receipt listing every number.
    files = save_collective_receipts(ctx, saved.id, tmp_path / "kuitansi", workers=1)
    assert len(files.payer_pdfs) == 40 and all(p.stat().st_size > 1000 for p in files.payer_pdfs)
    first = PdfReader(str(files.payer_pdfs[0])).pages[0].extract_text()
    assert numbers[0] in first and payer_nik(0) in first
    collective_text = "\n".join(p.extract_text() for p in PdfReader(str(files.collective_pdf)).pages)
    assert "KWITANSI SETORAN KOLEKTIF" in collective_text and "40 orang" in collective_text
    assert all(n in collective_text for n in numbers)
    assert format_rupiah(rows_total(rows)) in collective_text
    assert payer_nik(0) not in collective_text  # the list masks NIK/NIP (UU PDP)
    assert render_collective_receipt(ctx, saved.id).startswith(b"%PDF")
    # A payer's receipt reprinted through the normal path is the one the batch printed (note, NIP).
    from desktop.services.collective_receipts import payer_receipt_docs
    from desktop.services.receipts import build_receipt_doc

    batch_docs = payer_receipt_docs(ctx, saved.id)
    assert [build_receipt_doc(ctx, d.number) for d in batch_docs] == batch_docs
    nip_doc = batch_docs[3]
    assert (nip_doc.donor_id_label, nip_doc.donor_id_number) == ("NIP", str(rows[3][1]))


def test_institution_rules(ctx) -> None:
    with pytest.raises(ValidationError) as bad_type:
        create_institution(ctx, InstitutionInput("Koperasi", "koperasi"))
    assert bad_type.value.code == "institution_type_invalid"
    opd = create_institution(ctx, InstitutionInput("Dinas Pendidikan", "OPD"))
    assert opd.institution_type.value == "opd"
    with pytest.raises(ValidationError) as bad_period:
        preview_collective(ctx, _input(opd, [], 0, period="2026-13"))
    assert bad_period.value.code == "collective_period_invalid"
    with pytest.raises(ValidationError) as no_lines:
        record_collective(ctx, _input(opd, [], 0))
    assert no_lines.value.code == "collective_no_lines"
    # Fitrah through an institution: a whole number of persons at the office's rate.
    plan = preview_collective(ctx, _input(opd, [PayerLine("A", None, "zakat_fitrah", 100_000, row=1),
                                               PayerLine("B", None, "zakat_fitrah", 70_000, row=2)], 100_000))
    assert [e.codes for e in plan.errors] == [("collective_rate_multiple",)]
    assert plan.lines[0].quantity == 2 and plan.lines[0].unit == "jiwa"


def test_monthly_report_counts_payer_lines_under_their_funds_and_names_the_institution(ctx) -> None:
    from datetime import UTC, datetime

    from desktop.services.donations import DonationInput, LineInput, record_donation, void_donation
    from desktop.services.report_monthly import monthly_figures
    from desktop.services.reports import ReportRequest, build_report, resolve_period

    ctx.clock = lambda: datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    school = _school(ctx)
    record_donation(ctx, DonationInput(lines=(LineInput("zakat_penghasilan", amount=1_000_000),), anonymous=True))
    lines = [PayerLine("Ahmad", payer_nik(1), "zakat_penghasilan", 150_000, row=1),
             PayerLine("Budi", payer_nip(2), "infak_tidak_terikat", 50_000, row=2),
             PayerLine("Citra", payer_nik(3), "zakat_penghasilan", 100_000, row=3)]
    saved = record_collective(ctx, _input(school, lines, 300_000))
    void_donation(ctx, saved.receipts[2].number, "salah nama pembayar")  # Citra's receipt voided
    ctx.clock = lambda: datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    record_collective(ctx, _input(school, lines[:1], 150_000, period="2026-12"))  # next month: not counted

    figures = monthly_figures(ctx, resolve_period(ctx, ReportRequest("monthly", "2026-11")))
    collected = {f.code: f.collected for f in figures.funds}
    assert collected == {"zakat_penghasilan": 1_150_000, "infak_tidak_terikat": 50_000}  # once, by payer's fund
    doc = build_report(ctx, ReportRequest("monthly", "2026-11"))
    table = next(t for t in doc.tables if t.title == "Penerimaan melalui lembaga (UPZ)")
    assert table.rows == (("SD Negeri 1 Tanah Grogot", "Sekolah", 1, 2, 200_000),)
    assert doc.summary["institutions"] == [{"id": school.id, "name": "SD Negeri 1 Tanah Grogot", "type": "sekolah",
                                            "handovers": 1, "payers": 2, "amount": 200_000}]


def test_a_closed_day_takes_no_collective_and_its_cash_counts_the_payer_lines(ctx) -> None:
    from datetime import UTC, datetime, time, timedelta

    from desktop.core.roles import Role
    from desktop.services.closing import CloseDayInput, close_day
    from desktop.services.users import create_user
    from tests.conftest import PASSWORD

    create_user(ctx, username="kepala", full_name="Hj. Aminah", role=Role.KEPALA.value, password=PASSWORD)
    day = (ctx.local(datetime.now(UTC)) - timedelta(days=1)).date()
    ctx.clock = lambda: datetime.combine(day, time(10), ctx.tz).astimezone(UTC)
    school = _school(ctx)
    lines = [PayerLine("Ahmad", payer_nik(1), "zakat_penghasilan", 150_000, row=1),
             PayerLine("Budi", payer_nip(2), "infak_tidak_terikat", 50_000, row=2)]
    record_collective(ctx, _input(school, lines, 200_000, payment_method="tunai", payment_reference=None))
    ctx.clock = lambda: datetime.combine(day, time(17), ctx.tz).astimezone(UTC)
    closing = close_day(ctx, CloseDayInput(day=day, counted={"tunai": 200_000}), head_username="kepala",
                        head_password=PASSWORD)
    assert dict(closing.totals_by_fund) == {"zakat_penghasilan": 150_000, "infak_tidak_terikat": 50_000}
    before = _counts(ctx)
    with pytest.raises(ValidationError) as closed:
        record_collective(ctx, _input(school, lines, 200_000, period="2026-12", payment_method="tunai",
                                      payment_reference=None))
    assert closed.value.code == "day_closed_no_new" and _counts(ctx) == before


def test_a_payers_nip_is_erased_on_request(ctx) -> None:
    from desktop.services.institutions import add_payer
    from desktop.services.privacy import erase_subject, subject_data

    opd = create_institution(ctx, InstitutionInput("Dinas Kesehatan", "opd"))
    payer = add_payer(ctx, opd.id, "Budi Santoso", payer_nip(2), "0812-3456-7890")
    assert subject_data(ctx, "donor", payer.id)["registry"]["nip"] == payer_nip(2)
    assert "nip" in erase_subject(ctx, "donor", payer.id, "surat permintaan 14/2026")
    with ctx.store.read() as conn:
        assert conn.execute(select(donors.c.nip).where(donors.c.id == payer.id)).scalar_one() is None


def test_worker_processes_write_the_same_pdfs_as_one_process(ctx, tmp_path: Path) -> None:
    from desktop.receipts.batch import render_to_files
    from desktop.receipts.model import PaperFormat
    from desktop.services.collective_receipts import payer_file_name, payer_receipt_docs

    school = _school(ctx)
    rows = payer_rows(12)
    saved = record_collective(ctx, _input(school, read_payer_lines(write_csv(tmp_path / "k.csv", rows)),
                                          rows_total(rows)))
    docs = payer_receipt_docs(ctx, saved.id)
    outputs = {}
    for workers in (1, 2):
        folder = tmp_path / f"w{workers}"
        folder.mkdir()
        render_to_files([(d, folder / payer_file_name(d)) for d in docs], PaperFormat.A5, workers=workers)
        outputs[workers] = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(outputs[1]) == 12 and outputs[1] == outputs[2]
    assert not list((tmp_path / "w2").glob(".*.tmp"))  # no temp file left behind
