"""The verification QR: a segno matrix drawn as a single filled PDF path.

ReportLab's QR widget builds one drawing object per module and is about 3x slower than the whole
rest of a receipt; here each horizontal run of dark modules is one ``re`` operator of a single path
in module units (integers, so the operators stay short), scaled into place by one ``cm``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

import segno
from reportlab.pdfgen.canvas import Canvas
from segno import encoder as segno_encoder

QrMatrix = Sequence[Sequence[int]]


_XOR_ROWS: dict[tuple[int, int, str], tuple[int, ...]] = {}
_segno_apply_mask = segno_encoder.apply_mask


def _apply_mask_by_rows(matrix: Any, mask_pattern: Any, width: int, height: int, is_encoding_region: Any) -> None:
    """segno's ``apply_mask`` (same result, bit for bit), one integer XOR per row instead of a call per module.

    Choosing the best of the 8 masks applies each one to a copy of the matrix: module by module that is
    ~30 % of a receipt's render time (2,000 payer receipts in one go). A mask's modules depend only on
    the symbol size and the mask, so each row's XOR pattern is computed once per (size, mask); the
    modules are bytes 0/1, so XOR-ing the row as one big integer flips exactly the masked modules.
    """
    key = (width, height, mask_pattern.__name__)
    rows = _XOR_ROWS.get(key)
    if rows is None:
        rows = tuple(int.from_bytes(bytes(1 if is_encoding_region(i, j) and mask_pattern(i, j) else 0
                                          for j in range(width)), "big") for i in range(height))
        _XOR_ROWS[key] = rows
    for i in range(height):
        row = matrix[i]
        row[:] = (int.from_bytes(row, "big") ^ rows[i]).to_bytes(width, "big")


_segno_mask_scores = segno_encoder.mask_scores
_RUN = re.compile(rb"\x00{5,}|\x01{5,}")
_N3 = bytes((1, 0, 1, 1, 1, 0, 1))


def _n3(seq: bytes, size: int) -> int:
    """segno's ``n3_pattern_occurrences``, on bytes."""
    count = 0
    idx = seq.find(_N3)
    while idx != -1:
        offset = idx + 7
        if idx in (0, size - 7) or not any(seq[max(idx - 4, 0):min(idx, size)]) \
                or not any(seq[max(offset, 0):min(offset + 4, size)]):
            count += 40
        else:
            offset = idx + 4
        idx = seq.find(_N3, offset)
    return count


def _mask_scores_by_rows(matrix: Any, width: int, height: int) -> tuple[int, int, int, int]:
    """segno's ``mask_scores`` (same four penalties), with runs found by a regex and 2x2 blocks by
    integer lanes instead of a Python step per module (the other ~25 % of a receipt's render)."""
    assert width == height
    size = width
    rows = [bytes(r) for r in matrix]
    cols = [bytes(c) for c in zip(*rows, strict=True)]
    runs = _RUN.findall(b"\x02".join((*rows, *cols)))  # 0x02 between lines: no run crosses a line end
    n1 = sum(map(len, runs)) - 2 * len(runs)
    n2 = 0
    lanes = size - 1
    ones = int.from_bytes(b"\x01" * lanes, "big")
    ints = [int.from_bytes(r, "big") for r in rows]
    for upper, lower in itertools.pairwise(ints):
        # lane j (j = 1..size-1): module j against module j-1 in both rows, and the two rows against each other
        same = ((upper >> 8) ^ upper) | ((lower >> 8) ^ lower) | (upper ^ lower)
        n2 += 3 * (lanes - bin(same & ones).count("1"))
    n3 = sum(_n3(seq, size) for seq in (*rows, *cols))
    dark = sum(sum(r) for r in rows)
    percent = float(dark) / (size ** 2)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return n1, n2, n3, n4


def use_row_masks(enabled: bool = True) -> None:
    """Switch segno between its own ``apply_mask``/``mask_scores`` and the row-wise ones (a test compares them)."""
    segno_encoder.apply_mask = _apply_mask_by_rows if enabled else _segno_apply_mask
    segno_encoder.mask_scores = _mask_scores_by_rows if enabled else _segno_mask_scores


use_row_masks()


def qr_matrix(payload: str) -> QrMatrix:
    """Encode ``payload`` as a regular QR (never Micro QR: phone scanners ignore those) at level M.

    ``boost_error=False`` keeps exactly level M, as specified; segno still picks the best mask, which
    is what keeps the code readable on smudgy thermal paper.
    """
    return segno.make(payload, error="m", micro=False, boost_error=False).matrix


def dark_runs(matrix: QrMatrix) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules, top row first."""
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(matrix):
        n = len(row)
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append((r, start, x - start))
            else:
                x += 1
    return runs


def draw_qr(canvas: Canvas, matrix: QrMatrix, x: float, top: float, size: float) -> None:
    """Fill the QR symbol (without quiet zone) into the square whose top-left corner is (x, top).

    The caller leaves the quiet zone blank around it. One path, one fill: no hairline seams between
    modules when the page is rasterised for the printer. The ``re`` operators are written as integer
    literals (``addLiteral``) because ReportLab's float formatting of ~300 rectangles costs more
    than the rest of the page.
    """
    modules = len(matrix)
    if modules == 0:
        return
    unit = size / modules
    ops = " ".join(f"{c} {r} {length} 1 re" for r, c, length in dark_runs(matrix))
    canvas.saveState()
    canvas.setFillGray(0)
    # Row 0 at the top: flip y so that matrix rows map straight onto module rows.
    canvas.transform(unit, 0, 0, -unit, x, top)
    canvas.addLiteral(f"{ops} f")
    canvas.restoreState()
