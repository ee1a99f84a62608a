"""The verification QR: a segno matrix drawn as a single filled PDF path.

ReportLab's QR widget builds one drawing object per module and is about 3x slower than the whole
rest of a receipt; here each horizontal run of dark modules is one ``re`` operator of a single path
in module units (integers, so the operators stay short), scaled into place by one ``cm``.
"""

from __future__ import annotations

from collections.abc import Sequence

import segno
from reportlab.pdfgen.canvas import Canvas

QrMatrix = Sequence[Sequence[int]]


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
