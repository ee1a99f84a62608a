"""``amildesk --self-test``: prove that this installation works, end to end, without touching office data.

An office PC gets a PyInstaller folder, not a Python environment, so the things that break are the
things a bundle can lose: a migration script not collected, a native library (pdfium, the Qt
platform plugin, SQLite's FTS5) missing, a resource path that only exists in the source tree. Each
check therefore goes through the real services in a throw-away data folder, the same code paths a
clerk's first donation takes, and prints one line. CI runs it from a copy of the built folder in a
clean environment; support staff can run it on a PC that misbehaves.

This module stays free of Qt (the layer rule: Qt only in ``desktop.ui`` and ``desktop.app``); the
window check lives in ``desktop.ui.selftest_window`` and is imported only after the platform plugin
has been chosen.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.context import AppContext

OFFICE_CODE = "UJI-01"
ADMIN = "admin"
ADMIN_PASSWORD = "uji-mandiri-123"  # a throw-away store in a temp folder; never a real office
DONOR_NAME = "Siti Uji Mandiri"


class CheckFailed(Exception):
    """A check ran but its result is wrong (as opposed to crashing)."""


@dataclass
class SelfTest:
    """State shared by the checks: the temp folder, the open store and what earlier checks made."""

    data_dir: Path
    ctx: AppContext | None = None
    receipt_number: str = ""
    pdfs: dict[str, bytes] = field(default_factory=dict)

    def context(self) -> AppContext:
        if self.ctx is None:
            raise CheckFailed("no store (an earlier check failed)")
        return self.ctx


def process_age() -> float | None:
    """Seconds since this process started (bootloader included), or None where we cannot tell.

    The bundled app's cold start is measured this way so that the PyInstaller bootloader, the
    interpreter start and the imports all count, not only the code after ``main``.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        stat = Path("/proc/self/stat").read_text()
        # Field 22 (starttime, clock ticks since boot); the command name in parentheses may hold spaces.
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        return time.clock_gettime(time.CLOCK_BOOTTIME) - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def choose_qt_platform() -> str:
    """Run the window check offscreen unless the caller chose a platform or a display is there.

    Must happen before Qt is imported. On Windows no ``DISPLAY`` is ever set, so the self-test stays
    offscreen there too: running it on a clerk's PC must not flash a window.
    """
    if not os.environ.get("QT_QPA_PLATFORM") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return os.environ.get("QT_QPA_PLATFORM", "(default)")


def check_store(state: SelfTest) -> str:
    """A new office through first-run setup: creates the file, runs the bundled Alembic migrations."""
    from desktop.services.setup import SetupInput, initialize_office
    from desktop.store.migrate import HEAD_REVISION, current_revision

    state.ctx = initialize_office(state.data_dir, SetupInput(
        institution_name="Lembaga Uji Mandiri", institution_address="Jl. Uji No. 1",
        office_code=OFFICE_CODE, office_name="Kantor Uji", device_letter="A",
        admin_username=ADMIN, admin_password=ADMIN_PASSWORD, admin_full_name="Admin Uji",
        logo_path=_logo_path(),
    ))
    revision = current_revision(state.ctx.store.paths.database)
    if revision != HEAD_REVISION:
        raise CheckFailed(f"schema revision {revision!r}, expected {HEAD_REVISION!r}")
    return f"office {state.ctx.office.code} created, schema {revision}"


def _logo_path() -> str | None:
    """The bundled app icon doubles as the receipt logo, so the A4 check also proves images load."""
    from desktop.ui.paths import icons_dir  # plain paths, no Qt

    logo = icons_dir() / "amildesk.png"
    return str(logo) if logo.is_file() else None


def check_donation(state: SelfTest) -> str:
    """A donation with a quick-added donor: numbering, the journal append, the donor index."""
    from desktop.services.donations import DonationInput, LineInput, record_donation
    from desktop.services.donors import DonorInput

    ctx = state.context()
    recorded = record_donation(ctx, DonationInput(
        lines=(LineInput("zakat_maal", amount=2_500_000), LineInput("infak_tidak_terikat", amount=50_000)),
        new_donor=DonorInput(name=DONOR_NAME, phone="081234567890"),
    ))
    if recorded.total != 2_550_000:
        raise CheckFailed(f"total {recorded.total}, expected 2550000")
    state.receipt_number = recorded.receipt_number
    return f"receipt {recorded.receipt_number}, journal seq {recorded.journal_seq}"


def check_donor_search(state: SelfTest) -> str:
    """Type-ahead search runs on SQLite FTS5, which not every SQLite build has."""
    from desktop.services.donors import search_donors

    found = search_donors(state.context(), "siti uji")
    if [d.name for d in found] != [DONOR_NAME]:
        raise CheckFailed(f"search for 'siti uji' found {[d.name for d in found]}")
    return "FTS5 finds the new donor"


def _check_pdf(state: SelfTest, paper: str) -> str:
    from desktop.receipts.model import PaperFormat
    from desktop.services.receipts import save_receipt_pdf

    out = state.data_dir / "receipts" / f"selftest-{paper}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    save_receipt_pdf(state.context(), state.receipt_number, out, PaperFormat(paper))
    data = out.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise CheckFailed(f"{out.name} is not a complete PDF ({len(data)} bytes)")
    detail = f"{len(data)} bytes"
    pages = _pdf_text_check(data, state.receipt_number)
    if pages is not None:
        detail += f", {pages} page(s), number found by pypdf"
    state.pdfs[paper] = data
    return detail


def _pdf_text_check(data: bytes, number: str) -> int | None:
    """With pypdf (a dev dependency, not bundled) also read the text back; None when it is absent."""
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return None
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    if number not in text:
        raise CheckFailed(f"receipt number {number} not in the PDF text")
    return len(reader.pages)


def check_pdf_58(state: SelfTest) -> str:
    return _check_pdf(state, "58mm")


def check_pdf_a4(state: SelfTest) -> str:
    """A4 carries the logo: an image object in the file means Pillow and the bundled icon both work."""
    detail = _check_pdf(state, "a4")
    if _logo_path() is not None:
        if b"/Subtype /Image" not in state.pdfs["a4"]:
            raise CheckFailed("the logo is missing from the A4 receipt (image loading broken?)")
        detail += ", logo embedded"
    return detail


def check_raster(state: SelfTest) -> str:
    """Printing rasterises each page with pdfium; render the 58 mm receipt and look for ink."""
    import pypdfium2

    data = state.pdfs.get("58mm")
    if data is None:
        raise CheckFailed("no 58 mm PDF (an earlier check failed)")
    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[0]
        bitmap = page.render(scale=203 / 72, grayscale=True)  # 8-bit grey, white background
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        pixels = bytes(bitmap.buffer)
        rows = b"".join(pixels[y * stride:y * stride + width] for y in range(height))  # drop row padding
        ink = len(rows.translate(None, bytes(range(128, 256))))  # pixels darker than mid-grey
        bitmap.close()
        page.close()
    finally:
        pdf.close()
    if ink == 0:
        raise CheckFailed(f"the rendered page ({width}x{height}) is blank")
    return f"{width}x{height} px at 203 dpi, {ink} dark pixels"


def check_journal(state: SelfTest) -> str:
    from desktop.services.status import verify_store

    report = verify_store(state.context())
    if not report.ok:
        raise CheckFailed(f"chain broken at seq {report.bad_seq}: {report.reason}")
    return f"{report.events} events, hash chain intact"


def check_backup(state: SelfTest) -> str:
    """An encrypted backup made and restored elsewhere: lz4, AES-GCM and scrypt are in the bundle."""
    from desktop.services.backups import create_backup
    from desktop.services.recovery import set_recovery_passphrase
    from desktop.services.restore import restore_backup

    work = state.data_dir.parent
    passphrase = "self-test pemulihan"
    set_recovery_passphrase(state.data_dir, passphrase, work / "recovery-sheet.pdf")
    made = create_backup(state.data_dir, reason="manual", to=work / "backups", policy=None)
    restored = restore_backup(made.path, passphrase, work / "restored")
    held = made.manifest.get("journal_high_seq")
    if restored.events != held:
        raise CheckFailed(f"restored {restored.events} events, the backup holds {held}")
    return f"{made.size} bytes encrypted, {restored.events} events restored and verified"


def check_window(state: SelfTest) -> str:
    platform = choose_qt_platform()
    from desktop.ui.selftest_window import open_and_close_main_window

    shown_at: list[float | None] = []
    detail = open_and_close_main_window(state.context(), state.data_dir, lambda: shown_at.append(process_age()))
    if shown_at and shown_at[0] is not None:
        detail += f"; shown {shown_at[0]:.2f} s after process start"
    return f"{detail} [QT_QPA_PLATFORM={platform}]"


CHECKS: tuple[tuple[str, Callable[[SelfTest], str]], ...] = (
    ("store", check_store),
    ("donation", check_donation),
    ("donor search", check_donor_search),
    ("receipt pdf 58mm", check_pdf_58),
    ("receipt pdf a4", check_pdf_a4),
    ("pdf raster", check_raster),
    ("journal", check_journal),
    ("backup and restore", check_backup),
    ("main window", check_window),
)


def run_self_test(out: Callable[[str], None] = print) -> int:
    """Run every check in a temp folder; 0 when all passed, 1 naming the first that failed.

    Later checks build on earlier ones, so after a failure the rest are listed as skipped rather
    than run into a cascade of confusing errors.
    """
    started = time.perf_counter()
    failed: str | None = None
    with tempfile.TemporaryDirectory(prefix="amildesk-selftest-", ignore_cleanup_errors=True) as tmp:
        state = SelfTest(data_dir=Path(tmp) / "data")
        try:
            for name, check in CHECKS:
                if failed is not None:
                    out(f"skipped: {name}")
                    continue
                t0 = time.perf_counter()
                try:
                    detail = check(state)
                except Exception as exc:  # every failure is reported by name, never hidden
                    failed = name
                    out(f"FAIL: {name}: {type(exc).__name__}: {exc}")
                    traceback.print_exc(file=sys.stderr)
                    continue
                out(f"ok: {name} ({detail}) {time.perf_counter() - t0:.2f} s")
        finally:
            if state.ctx is not None:
                state.ctx.close()
    total = time.perf_counter() - started
    if failed is not None:
        out(f"self-test FAILED at '{failed}' ({total:.2f} s)")
        return 1
    out(f"self-test passed: {len(CHECKS)} checks in {total:.2f} s")
    return 0
