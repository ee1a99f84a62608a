"""Receipt PDFs for every paper format, read back as a person (pdftotext) and a machine (pypdf) would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop.receipts import pdf as receipt_pdf
from desktop.receipts.model import PaperFormat, ReceiptDoc, ReceiptLine
from desktop.receipts.pdf import render_receipt_pdf, write_receipt_pdf
from desktop.receipts.samples import (
    SAMPLE_NIK,
    sample_anonymous,
    sample_copy,
    sample_receipt,
    sample_void,
)

MASKED_NIK = "3201••••••••0003"
PAPERS = list(PaperFormat)
ROLLS = [PaperFormat.THERMAL_58, PaperFormat.THERMAL_80]
PAGE_SIZES = {
    PaperFormat.A5: (595.28, 419.53),
    PaperFormat.A4: (595.28, 841.89),
}
ROLL_WIDTHS = {PaperFormat.THERMAL_58: 164.41, PaperFormat.THERMAL_80: 226.77}

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdftotext(data: bytes, *args: str) -> str:
    """Text as poppler extracts it (it decodes ReportLab's WinAnsi bullet; pypdf drops it)."""
    result = subprocess.run(["pdftotext", *args, "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Whitespace-normalised: wrapped lines on a 58 mm roll join back into sentences."""
    return " ".join(text.split())


def render_text(doc: ReceiptDoc, paper: PaperFormat) -> str:
    return flat(pdftotext(render_receipt_pdf(doc, paper)))


# --- (a) an infak + zakat receipt ------------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize("paper", PAPERS)
def test_regular_receipt_shows_every_field(paper: PaperFormat) -> None:
    doc = sample_receipt()
    text = render_text(doc, paper)
    for expected in (
        "Lazismu Kabupaten Paser",
        "Kantor Layanan Lazismu Pasir Belengkong",
        "KWITANSI",
        "BUKTI SETOR ZAKAT (BSZ)",
        "KLL-PKS/2026/A/000123",
        "25 November 2026 14:05",
        "Siti Aminah binti Abdul Rahman",
        "Zakat Maal",
        "Indonesia Cerdas",
        "Rp1.000.000",
        "Infak/Sedekah Tidak Terikat",
        "Paser Berinfaq",
        "Rp500.000",
        "TOTAL",
        "Rp1.500.000",
        "Terbilang: satu juta lima ratus ribu rupiah",
        "Transfer",
        "BSI 7123456789",
        "Petugas",
        "Ahmad Fauzi",
        "7F3K9Q",
    ):
        assert expected in text, f"{expected!r} missing on {paper}"
    assert "SALINAN" not in text
    assert "BATAL" not in text


@needs_poppler
@pytest.mark.parametrize("paper", PAPERS)
def test_full_nik_only_in_bsz_block_masked_elsewhere(paper: PaperFormat) -> None:
    text = render_text(sample_receipt(), paper)
    bsz = text.lower().index("bukti setor zakat (per-6/pj/2011)")
    assert text.count(SAMPLE_NIK) == 1
    assert text.index(SAMPLE_NIK) > bsz, "the full NIK must sit inside the BSZ block"
    assert MASKED_NIK in text[:bsz], "the donor block shows the masked NIK"
    bsz_block = text[bsz:]
    for expected in ("Nama Muzakki", "Siti Aminah binti Abdul Rahman", "NPWP/NIK", "Jumlah Zakat", "Rp1.000.000"):
        assert expected in bsz_block
    assert "Tanggal Setor : 25 November 2026" in bsz_block
    assert "Lembaga Amil : Lazismu Kabupaten Paser" in bsz_block


@needs_poppler
def test_legacy_npwp_is_formatted_in_bsz() -> None:
    doc = replace(sample_receipt(), donor_id_label="NPWP", donor_id_number="012345678901000")
    text = render_text(doc, PaperFormat.A4)
    assert "01.234.567.8-901.000" in text
    assert "0123•••••••1000" in text
    assert text.count("012345678901000") == 0


@pytest.mark.parametrize("paper", PAPERS)
def test_pypdf_reads_number_total_and_terbilang(paper: PaperFormat) -> None:
    reader = PdfReader(io.BytesIO(render_receipt_pdf(sample_receipt(), paper)))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "KLL-PKS/2026/A/000123" in text
    assert "Rp1.500.000" in text
    assert "satu juta lima ratus ribu rupiah" in text
    assert reader.metadata is not None and reader.metadata.title == "Kwitansi KLL-PKS/2026/A/000123"


def test_no_zakat_means_no_bsz() -> None:
    doc = replace(
        sample_receipt(),
        lines=(ReceiptLine("Infak/Sedekah Tidak Terikat", None, 50_000, False),),
        total=50_000,
        total_in_words="lima puluh ribu rupiah",
    )
    for paper in PAPERS:
        text = flat(PdfReader(io.BytesIO(render_receipt_pdf(doc, paper))).pages[0].extract_text())
        assert "BUKTI SETOR ZAKAT" not in text.upper()
        assert SAMPLE_NIK not in text


# --- (b) copy, (c) void, (d) anonymous -------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize("paper", PAPERS)
def test_copy_says_salinan(paper: PaperFormat) -> None:
    text = render_text(sample_copy(), paper)
    assert "SALINAN" in text
    assert "KLL-PKS/2026/A/000123" in text


@pytest.mark.parametrize("paper", [PaperFormat.A5, PaperFormat.A4])
def test_copy_watermark_is_light_and_diagonal(paper: PaperFormat) -> None:
    """A rotated light-grey SALINAN under the content (painted first)."""
    content = PdfReader(io.BytesIO(render_receipt_pdf(sample_copy(), paper))).pages[0].get_contents()
    assert content is not None
    stream = content.get_data().decode("latin-1")
    watermark = stream[: stream.index("Tj") + 2]
    assert "(SALINAN) Tj" in watermark, "the watermark is the first text painted"
    assert ".86 .86 .86 rg" in watermark, "watermark must be light grey"
    assert re.search(r"\.906308 \.422618 -0?\.422618 \.906308 [\d.]+ [\d.]+ cm", watermark), "rotated 25 degrees"


@needs_poppler
@pytest.mark.parametrize("paper", PAPERS)
def test_void_says_batal_with_reason_and_time(paper: PaperFormat) -> None:
    text = render_text(sample_void(), paper)
    assert "BATAL" in text
    assert "Salah input nominal, diganti KLL-PKS/2026/A/000124" in text
    assert "25 November 2026 15:30" in text
    assert "KLL-PKS/2026/A/000123" in text, "a void keeps its number"


@needs_poppler
def test_void_copy_has_both_marks() -> None:
    doc = replace(sample_void(), is_copy=True)
    for paper in PAPERS:
        text = render_text(doc, paper)
        assert "BATAL" in text and "SALINAN" in text


@needs_poppler
@pytest.mark.parametrize("paper", PAPERS)
def test_anonymous_donor_without_nik(paper: PaperFormat) -> None:
    text = render_text(sample_anonymous(), paper)
    assert "Hamba Allah" in text
    assert "•" not in text
    assert "NIK :" not in text.replace("NPWP/NIK", "")
    assert "Tunai" in text
    # The zakat line still gets its BSZ block; the id field says so plainly.
    assert "No. Identitas : tidak ada" in text


# --- geometry --------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ROLLS)
def test_roll_width_and_height_fit_content(paper: PaperFormat) -> None:
    reader = PdfReader(io.BytesIO(render_receipt_pdf(sample_receipt(), paper)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(ROLL_WIDTHS[paper], abs=0.01)
    assert float(box.width) == pytest.approx({"58mm": 58, "80mm": 80}[paper.value] * mm, abs=0.01)
    # Height follows the content: a 5-line receipt is taller than a 2-line one, no fixed page.
    taller = PdfReader(io.BytesIO(render_receipt_pdf(sample_receipt(5), paper))).pages[0].mediabox
    assert float(taller.height) > float(box.height) + 40
    assert 90 * mm < float(box.height) < 260 * mm


@needs_poppler
@pytest.mark.parametrize("paper", ROLLS)
def test_roll_has_no_wasted_paper_at_the_bottom(paper: PaperFormat) -> None:
    data = render_receipt_pdf(sample_receipt(), paper)
    height = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.height)
    boxes = word_boxes(data)
    lowest = max(y_max for _, _, _, y_max, _ in boxes)
    assert height - lowest < 10 * mm
    assert min(y_min for _, _, y_min, _, _ in boxes) < 12 * mm


@pytest.mark.parametrize("paper", [PaperFormat.A5, PaperFormat.A4])
def test_page_sizes(paper: PaperFormat) -> None:
    box = PdfReader(io.BytesIO(render_receipt_pdf(sample_receipt(), paper))).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(PAGE_SIZES[paper], abs=0.01)


def word_boxes(data: bytes) -> list[tuple[float, float, float, float, str]]:
    """(xMin, xMax, yMin, yMax, word) of every word, from ``pdftotext -bbox`` (y from the top)."""
    html = pdftotext(data, "-bbox")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(x0), float(x1), float(y0), float(y1), word) for x0, y0, x1, y1, word in re.findall(pattern, html)]


def long_doc() -> ReceiptDoc:
    return replace(
        sample_receipt(),
        donor_name="Hj. Raden Ajeng Siti Khadijah Nurhalimah Kusumawardhani binti Haji Abdul Rahman",
        donor_address="Jalan Panglima Batur Gang Keluarga Sejahtera Nomor 123 RT 045 RW 012 Kelurahan Tanah Grogot",
        lines=(
            ReceiptLine(
                "Infak Terikat Pembangunan Masjid dan Sarana Pendidikan Umat",
                "Program Beasiswa Sarjana Dhuafa Kabupaten Paser Angkatan 2026",
                12_345_678,
                True,
                quantity_text="2,5 kg beras",
                note="Titipan keluarga besar almarhum H. Muhammad Yusuf untuk disalurkan segera",
            ),
        ),
        total=12_345_678,
        total_in_words="dua belas juta tiga ratus empat puluh lima ribu enam ratus tujuh puluh delapan rupiah",
        payment_reference="TRX-2026112514050000000123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    )


@needs_poppler
@pytest.mark.parametrize("paper", PAPERS)
def test_long_text_wraps_inside_the_paper(paper: PaperFormat) -> None:
    data = render_receipt_pdf(long_doc(), paper)
    width = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.width)
    margin = {PaperFormat.THERMAL_58: 5 * mm, PaperFormat.THERMAL_80: 4 * mm}.get(paper, 10 * mm)
    boxes = word_boxes(data)
    words = [b for b in boxes if b[4] not in ("SALINAN", "BATAL")]
    assert words
    assert max(x1 for _, x1, _, _, _ in words) <= width - margin + 0.5
    assert min(x0 for x0, _, _, _, _ in words) >= margin - 0.5
    text = render_text(long_doc(), paper)
    assert "Kusumawardhani" in text
    assert "Rp12.345.678" in text
    assert "enam ratus tujuh puluh delapan rupiah" in text


@needs_poppler
def test_58mm_fits_about_32_characters_per_line() -> None:
    text = pdftotext(render_receipt_pdf(long_doc(), PaperFormat.THERMAL_58), "-layout")
    longest = max(len(line.strip()) for line in text.splitlines())
    assert 28 <= longest <= 48


@needs_poppler
def test_many_lines_continue_on_next_page() -> None:
    doc = sample_receipt(24)
    for paper in (PaperFormat.A5, PaperFormat.A4):
        data = render_receipt_pdf(doc, paper)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        assert pages >= 2
        text = flat(pdftotext(data))
        assert f"Halaman 1 dari {pages}" in text
        assert "(lanjutan)" in text
        assert text.count("Rp195.000") == sum(1 for line in doc.lines if line.amount == 195_000)
        assert doc.total_in_words in text
    roll = PdfReader(io.BytesIO(render_receipt_pdf(doc, PaperFormat.THERMAL_80)))
    assert len(roll.pages) == 1, "a roll never breaks into pages"


# --- text details ----------------------------------------------------------------------------


@needs_poppler
def test_bullets_render_and_extract() -> None:
    text = render_text(sample_receipt(), PaperFormat.THERMAL_58)
    assert MASKED_NIK in text


@needs_poppler
def test_names_outside_winansi_are_folded_not_boxed() -> None:
    doc = replace(sample_receipt(), donor_name="Muḥammad Ṣāliḥ Ōtsuka 李")
    text = render_text(doc, PaperFormat.THERMAL_80)
    assert "Muhammad Salih Otsuka ?" in text


def test_rendering_is_deterministic() -> None:
    doc = sample_receipt()
    for paper in PAPERS:
        assert render_receipt_pdf(doc, paper) == render_receipt_pdf(doc, paper)


def test_logo_is_drawn_and_a_missing_or_broken_logo_is_ignored(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (0, 128, 64)).save(logo)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    for paper in PAPERS:
        with_logo = PdfReader(io.BytesIO(render_receipt_pdf(sample_receipt(logo_path=str(logo)), paper)))
        assert len(with_logo.pages[0].images) == 1
        for path in (str(tmp_path / "missing.png"), str(broken)):
            reader = PdfReader(io.BytesIO(render_receipt_pdf(sample_receipt(logo_path=path), paper)))
            assert len(reader.pages[0].images) == 0


def test_extra_notes_are_printed() -> None:
    doc = replace(sample_receipt(), extra_notes=("Jazakumullah khairan katsiran.",))
    for paper in PAPERS:
        text = flat(PdfReader(io.BytesIO(render_receipt_pdf(doc, paper))).pages[-1].extract_text())
        assert "Jazakumullah khairan katsiran." in text


def test_money_is_integer_rupiah_with_dot_thousands() -> None:
    doc = replace(
        sample_receipt(),
        lines=(ReceiptLine("Zakat Fitrah", None, 0, True, quantity_text="2,5 kg beras"),),
        total=0,
        total_in_words="nol rupiah",
        issued_at=datetime(2026, 1, 3, 7, 9),
    )
    text = flat(PdfReader(io.BytesIO(render_receipt_pdf(doc, PaperFormat.A4))).pages[0].extract_text())
    assert "Rp0" in text
    assert "2,5 kg beras" in text
    assert "3 Januari 2026 07:09" in text


# --- QR --------------------------------------------------------------------------------------


def qr_path_matrix(data: bytes) -> list[list[int]]:
    """Rebuild the module matrix from the integer ``re`` operators of the QR path."""
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents()
    assert content is not None
    stream = content.get_data().decode("latin-1")
    segment = re.search(r"((?:\d+ \d+ \d+ 1 re ?)+)f", stream)
    assert segment is not None, "QR path not found"
    runs = [tuple(map(int, m)) for m in re.findall(r"(\d+) (\d+) (\d+) 1 re", segment.group(1))]
    size = max(r for _, r, _ in runs) + 1
    matrix = [[0] * size for _ in range(size)]
    for c, r, length in runs:
        for x in range(c, c + length):
            matrix[r][x] = 1
    return matrix


@pytest.mark.parametrize("paper", PAPERS)
def test_qr_path_matches_segno_matrix(paper: PaperFormat) -> None:
    doc = sample_receipt()
    expected = segno.make(doc.qr_payload, error="m", micro=False, boost_error=False)
    assert expected.error == "M"
    assert qr_path_matrix(render_receipt_pdf(doc, paper)) == [list(row) for row in expected.matrix]


@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="zbarimg (apt zbar-tools) or pdftoppm (poppler-utils) not installed",
)
@pytest.mark.parametrize("paper", PAPERS)
def test_qr_decodes_from_a_raster(paper: PaperFormat, tmp_path: Path) -> None:
    doc = sample_void() if paper == PaperFormat.A4 else sample_copy()
    pdf_path = tmp_path / "r.pdf"
    pdf_path.write_bytes(render_receipt_pdf(doc, paper))
    subprocess.run(
        ["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", str(pdf_path), str(tmp_path / "r")], check=True
    )
    png = next(tmp_path.glob("r*.png"))
    result = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert result.stdout.strip() == doc.qr_payload


# --- writing files ---------------------------------------------------------------------------


def test_write_is_atomic_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "KLL-PKS-2026-A-000123.pdf"
    target.write_bytes(b"old")
    write_receipt_pdf(sample_receipt(), PaperFormat.THERMAL_80, target)
    assert target.read_bytes() == render_receipt_pdf(sample_receipt(), PaperFormat.THERMAL_80)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(receipt_pdf.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_receipt_pdf(sample_receipt(), PaperFormat.A4, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_importing_receipts_does_not_load_qt() -> None:
    code = (
        "import sys, desktop.receipts, desktop.receipts.pdf, desktop.receipts.printing;"
        "bad = [m for m in sys.modules if m.startswith('PySide6')];"
        "assert not bad, bad"
    )
    root = Path(__file__).resolve().parents[3]
    subprocess.run([__import__("sys").executable, "-c", code], cwd=root, check=True)
