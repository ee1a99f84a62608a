"""Rendering thousands of receipts to files: spread over the CPU's cores.

A receipt takes ~8 ms to render, half of it choosing the QR's mask (segno, pure Python), so 2,000
payer receipts take ~16 s on one core. Rendering is CPU-bound and each receipt independent, so the
docs are split into one chunk per core and rendered in worker processes (spawned: the parent may be
the Qt app, whose threads make fork unsafe). Workers only render and write files; nothing touches the
store. In the frozen GUI bundle there is no ``freeze_support`` hook (it is kept out of the cold start),
so there, and for small batches, rendering stays in this process.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from desktop.receipts.model import PaperFormat, ReceiptDoc

PARALLEL_FROM = 500  # below this, starting workers (0.5-1.5 s) costs more than it saves


def _render_chunk(jobs: list[tuple[ReceiptDoc, str]], paper: str) -> int:
    from desktop.receipts.pdf import render_receipt_pdf, write_bytes_atomically

    chosen = PaperFormat(paper)
    for doc, path in jobs:
        write_bytes_atomically(render_receipt_pdf(doc, chosen), Path(path), sync=False)
    return len(jobs)


def workers_for(count: int) -> int:
    if count < PARALLEL_FROM or getattr(sys, "frozen", False):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def render_to_files(jobs: list[tuple[ReceiptDoc, Path]], paper: PaperFormat, *, workers: int | None = None) -> None:
    """Write each doc's PDF to its path (atomically, no fsync: the caller fsyncs the folder once)."""
    plain = [(doc, str(path)) for doc, path in jobs]
    count = workers if workers is not None else workers_for(len(plain))
    if count <= 1:
        _render_chunk(plain, paper.value)
        return
    size = -(-len(plain) // count)
    chunks = [plain[i:i + size] for i in range(0, len(plain), size)]
    try:
        with ProcessPoolExecutor(max_workers=len(chunks), mp_context=get_context("spawn")) as pool:
            for future in [pool.submit(_render_chunk, chunk, paper.value) for chunk in chunks]:
                future.result()
    except (BrokenProcessPool, OSError):  # no processes to be had here: slower, never failed
        _render_chunk(plain, paper.value)
