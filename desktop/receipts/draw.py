"""A tiny top-down drawing recorder, replayed onto a ReportLab canvas.

Layouts place things from the top of the paper down, which is how a receipt is read and how a
thermal roll grows. A roll's page height is only known once everything is placed, so layouts record
operations here first and ``paint`` replays them once the height is fixed (y measured from the top;
the PDF's origin is bottom-left).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.receipts.qr import QrMatrix, draw_qr
from desktop.receipts.text import text_width, winansi, wrap_text

Align = Literal["left", "right", "center"]
Rgb = tuple[float, float, float]

BLACK: Rgb = (0.0, 0.0, 0.0)
RED: Rgb = (0.78, 0.0, 0.0)
GREY: Rgb = (0.35, 0.35, 0.35)
WATERMARK: Rgb = (0.86, 0.86, 0.86)
SHADE: Rgb = (0.92, 0.92, 0.92)


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float  # baseline, from the top
    text: str
    font: str
    size: float
    align: Align = "left"
    color: Rgb = BLACK


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    color: Rgb = BLACK
    dash: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float  # top edge, from the top
    w: float
    h: float
    stroke: Rgb | None = BLACK
    fill: Rgb | None = None
    width: float = 0.75


@dataclass(frozen=True, slots=True)
class Qr:
    matrix: QrMatrix
    x: float
    y: float  # top edge
    size: float


@dataclass(frozen=True, slots=True)
class Image:
    reader: ImageReader
    x: float
    y: float  # top edge
    w: float
    h: float


@dataclass(frozen=True, slots=True)
class Stamp:
    """Large rotated text (SALINAN watermark, BATAL stamp), centred on (cx, cy)."""

    text: str
    cx: float
    cy: float
    font: str
    size: float
    angle: float
    color: Rgb
    boxed: bool = False


Op = Text | Line | Box | Qr | Image | Stamp


@dataclass
class Sheet:
    """Operations of one page; ``height`` is None for a roll until the layout has measured it."""

    width: float
    height: float | None = None
    ops: list[Op] = field(default_factory=list)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        font: str,
        size: float,
        align: Align = "left",
        color: Rgb = BLACK,
    ) -> None:
        self.ops.append(Text(x, y, winansi(text), font, size, align, color))

    def wrapped(
        self,
        x: float,
        y: float,
        text: str,
        font: str,
        size: float,
        width: float,
        leading: float,
        align: Align = "left",
        color: Rgb = BLACK,
    ) -> float:
        """Draw ``text`` wrapped into ``width`` with its first baseline at ``y``; return the last baseline.

        ``x`` is the left edge for left alignment, the centre for centring, the right edge otherwise.
        """
        lines = wrap_text(text, font, size, width)
        for i, line in enumerate(lines):
            self.ops.append(Text(x, y + i * leading, line, font, size, align, color))
        return y + (len(lines) - 1) * leading

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        width: float = 0.5,
        color: Rgb = BLACK,
        dash: tuple[float, float] | None = None,
    ) -> None:
        self.ops.append(Line(x1, y1, x2, y2, width, color, dash))

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        stroke: Rgb | None = BLACK,
        fill: Rgb | None = None,
        width: float = 0.75,
    ) -> None:
        self.ops.append(Box(x, y, w, h, stroke, fill, width))

    def qr(self, matrix: QrMatrix, x: float, y: float, size: float) -> None:
        self.ops.append(Qr(matrix, x, y, size))

    def image(self, reader: ImageReader, x: float, y: float, w: float, h: float) -> None:
        self.ops.append(Image(reader, x, y, w, h))

    def stamp(
        self,
        text: str,
        cx: float,
        cy: float,
        font: str,
        size: float,
        angle: float,
        color: Rgb,
        boxed: bool = False,
    ) -> None:
        self.ops.append(Stamp(winansi(text), cx, cy, font, size, angle, color, boxed))


def paint(canvas: Canvas, sheets: list[Sheet]) -> None:
    """Replay each sheet as one PDF page (page size set per sheet, so rolls get their own height)."""
    for sheet in sheets:
        assert sheet.height is not None, "layout must fix the page height before painting"
        height = sheet.height
        canvas.setPageSize((sheet.width, height))
        font: tuple[str, float] | None = None
        fill: Rgb | None = None
        for op in sheet.ops:
            if isinstance(op, Text):
                if font != (op.font, op.size):
                    font = (op.font, op.size)
                    canvas.setFont(op.font, op.size)
                if fill != op.color:
                    fill = op.color
                    canvas.setFillColorRGB(*op.color)
                y = height - op.y
                if op.align == "left":
                    canvas.drawString(op.x, y, op.text)
                elif op.align == "right":
                    canvas.drawRightString(op.x, y, op.text)
                else:
                    canvas.drawCentredString(op.x, y, op.text)
            elif isinstance(op, Line):
                canvas.saveState()
                canvas.setLineWidth(op.width)
                canvas.setStrokeColorRGB(*op.color)
                if op.dash:
                    canvas.setDash(*op.dash)
                canvas.line(op.x1, height - op.y1, op.x2, height - op.y2)
                canvas.restoreState()
            elif isinstance(op, Box):
                canvas.saveState()
                if op.fill is not None:
                    canvas.setFillColorRGB(*op.fill)
                if op.stroke is not None:
                    canvas.setStrokeColorRGB(*op.stroke)
                    canvas.setLineWidth(op.width)
                canvas.rect(
                    op.x,
                    height - op.y - op.h,
                    op.w,
                    op.h,
                    stroke=op.stroke is not None,
                    fill=op.fill is not None,
                )
                canvas.restoreState()
            elif isinstance(op, Qr):
                draw_qr(canvas, op.matrix, op.x, height - op.y, op.size)
            elif isinstance(op, Image):
                canvas.drawImage(op.reader, op.x, height - op.y - op.h, op.w, op.h, mask="auto")
            else:
                _paint_stamp(canvas, op, height)
                font = None
                fill = None
        canvas.showPage()


def _paint_stamp(canvas: Canvas, op: Stamp, height: float) -> None:
    canvas.saveState()
    canvas.translate(op.cx, height - op.cy)
    canvas.rotate(op.angle)
    canvas.setFont(op.font, op.size)
    canvas.setFillColorRGB(*op.color)
    # Cap height of Helvetica is ~0.72 em: shift down by half of it to centre the glyphs vertically.
    canvas.drawCentredString(0, -0.36 * op.size, op.text)
    if op.boxed:
        w = text_width(op.text, op.font, op.size) + 0.6 * op.size
        h = 1.25 * op.size
        canvas.setStrokeColorRGB(*op.color)
        canvas.setLineWidth(max(1.0, op.size / 14))
        canvas.rect(-w / 2, -h / 2, w, h, stroke=1, fill=0)
    canvas.restoreState()
