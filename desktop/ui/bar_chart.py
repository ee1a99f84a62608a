"""A small bar chart of daily amounts, painted with QPainter.

QtCharts would need PySide6-Addons (about 200 MB; the bundle is already at its 150 MB budget), and
thirty bars with a few labels are a few dozen lines of painting.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.money import format_number

BAR = QColor("#1F6F50")
TODAY = QColor("#3FA37A")
GRID = QColor("#D5DBD8")
TEXT = QColor("#555555")


def short_amount(amount: int) -> str:
    """ "1,2 jt", "850 rb": axis labels that fit beside a small chart."""
    if amount >= 1_000_000_000:
        return f"{amount / 1_000_000_000:.1f}".replace(".", ",") + " M"
    if amount >= 1_000_000:
        return f"{amount / 1_000_000:.1f}".replace(".", ",") + " jt"
    if amount >= 1_000:
        return f"{amount // 1_000} rb"
    return format_number(amount)


class BarChart(QWidget):
    """One bar per day; the last (today) in a lighter green; the tallest day's amount on the axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[tuple[date, int]] = []
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 170)

    def set_series(self, series: list[tuple[date, int]]) -> None:
        self.series = list(series)
        total = sum(a for _, a in self.series)
        self.setToolTip(self.tr("{days} hari terakhir: Rp{total}").format(days=len(self.series),
                                                                           total=format_number(total)))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        top = float(metrics.height())
        left = float(metrics.horizontalAdvance("888,8 jt") + 6)
        bottom = float(self.height() - metrics.height() - 4)
        right = float(self.width() - 4)
        peak = max((a for _, a in self.series), default=0)
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(int(left), int(bottom), int(right), int(bottom))
        painter.drawLine(int(left), int(top), int(right), int(top))
        painter.setPen(TEXT)
        painter.drawText(QRectF(0, top - metrics.height() / 2, left - 4, metrics.height()),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), short_amount(peak))
        painter.drawText(QRectF(0, bottom - metrics.height() / 2, left - 4, metrics.height()),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), "0")
        if not self.series:
            painter.end()
            return
        slot = (right - left) / len(self.series)
        width = max(1.0, slot * 0.7)
        for index, (day, amount) in enumerate(self.series):
            height = 0.0 if peak <= 0 else (bottom - top) * amount / peak
            x = left + index * slot + (slot - width) / 2
            painter.fillRect(QRectF(x, bottom - height, width, height),
                             TODAY if index == len(self.series) - 1 else BAR)
            last = len(self.series) - 1
            label = f"{day.day}/{day.month}"
            if index == last:  # right-aligned so it is never cut off at the edge
                painter.drawText(QRectF(left, bottom + 2, right - left, metrics.height()),
                                 int(Qt.AlignmentFlag.AlignRight), label)
            elif index == 0 or (day.day == 1 and 3 <= index <= last - 4):
                painter.drawText(QRectF(x - slot, bottom + 2, width + 2 * slot, metrics.height()),
                                 int(Qt.AlignmentFlag.AlignHCenter), label)
        painter.end()
