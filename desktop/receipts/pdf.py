"""Receipt PDF rendering: ``ReceiptDoc`` + paper format -> PDF bytes (or an atomically written file).

The clerk prints while the donor waits, so this path is kept short: the canvas API directly (no
platypus), the 14 standard fonts (nothing embedded), the QR as one path. Budget: 15 ms for an 80 mm
receipt with five lines (``bench/bench_receipt.py``).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from desktop.receipts.content import build_text
from desktop.receipts.draw import Sheet, paint
from desktop.receipts.model import PaperFormat, ReceiptDoc
from desktop.receipts.page import A4_PORTRAIT, A5_LANDSCAPE, layout_page
from desktop.receipts.roll import ROLL_58, ROLL_80, layout_roll

# Compression costs ~0.3-0.6 ms per receipt (ReportLab's pure-Python ASCII85 step) and makes the file
# ~2.4x smaller (4.3 KB vs 10.2 KB at 80 mm); receipts are archived, so small wins. Measured in
# bench/bench_receipt.py.
PAGE_COMPRESSION = 1


def _sheets(doc: ReceiptDoc, paper: PaperFormat) -> list[Sheet]:
    text = build_text(doc)
    if paper == PaperFormat.THERMAL_58:
        return [layout_roll(text, ROLL_58)]
    if paper == PaperFormat.THERMAL_80:
        return [layout_roll(text, ROLL_80)]
    if paper == PaperFormat.A5:
        return layout_page(text, A5_LANDSCAPE)
    if paper == PaperFormat.A4:
        return layout_page(text, A4_PORTRAIT)
    raise ValueError(f"unknown paper format: {paper!r}")


def render_receipt_pdf(doc: ReceiptDoc, paper: PaperFormat) -> bytes:
    """Render ``doc`` for ``paper``; the bytes are identical for identical input (invariant mode).

    Determinism lets a reprint be compared with the original and keeps tests exact.
    """
    sheets = _sheets(doc, paper)
    first = sheets[0]
    assert first.height is not None
    buf = io.BytesIO()
    canvas = Canvas(
        buf,
        pagesize=(first.width, first.height),
        pageCompression=PAGE_COMPRESSION,
        invariant=True,
    )
    canvas.setTitle(f"Kwitansi {doc.number}")
    canvas.setAuthor(doc.institution_name)
    canvas.setCreator("AmilDesk")
    paint(canvas, sheets)
    canvas.save()
    return buf.getvalue()


def render_receipts_pdf(docs: list[ReceiptDoc], paper: PaperFormat, title: str) -> bytes:
    """Many receipts in one PDF (one after another, each on its own page(s)): one print job for a batch."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pageCompression=PAGE_COMPRESSION, invariant=True)
    canvas.setTitle(title)
    canvas.setAuthor(docs[0].institution_name if docs else "")
    canvas.setCreator("AmilDesk")
    for doc in docs:
        paint(canvas, _sheets(doc, paper))
    canvas.save()
    return buf.getvalue()


def write_bytes_atomically(data: bytes, target: Path, *, sync: bool = True) -> None:
    """Temp file in the same folder, then ``os.replace``: a crash never leaves half a PDF at ``target``.

    ``sync=False`` skips the fsync: for a folder of 2,000 receipt copies, each re-renderable from the
    store, one directory fsync at the end is enough (``fsync_dir``).
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_receipt_pdf(doc: ReceiptDoc, paper: PaperFormat, path: str | os.PathLike[str]) -> None:
    """Write the receipt PDF to ``path`` so that a crash never leaves a half-written file there.

    Temp file in the same directory (same file system, so ``os.replace`` is atomic), fsync, replace.
    """
    data = render_receipt_pdf(doc, paper)
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def fsync_dir(directory: Path) -> None:
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    """Persist the rename itself (POSIX); Windows has no directory handles to fsync."""
    if os.name != "posix":
        return
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
