"""A report's first page as an image for the Laporan page's preview, rendered with pdfium.

pdfium (pypdfium2) is already in the bundle for printing; QtPdf would need PySide6-Addons (about
200 MB, over the bundle budget), and pdftoppm does not exist on Windows. The page is rendered at
the preview's width on the worker thread (QImage is allowed there), ~20-60 ms for an A4 page.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QImage

from desktop.reports.model import ReportDoc


@dataclass(frozen=True)
class Preview:
    doc: ReportDoc
    pdf: bytes
    image: QImage
    pages: int
    render_ms: float  # first-page raster time (shown in the tooltip; docs/reports.md quotes it)


def first_page_image(pdf: bytes, width_px: int) -> tuple[QImage, int]:
    """The first page scaled to ``width_px``, and the page count."""
    import pypdfium2

    from desktop.receipts.printing import _PDFIUM_LOCK

    with _PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[0]
            try:
                width_pt, _height = page.get_size()
                bitmap = page.render(scale=max(0.3, width_px / width_pt), rev_byteorder=True)
                data = bytes(bitmap.buffer)
                fmt = QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBX8888
                image = QImage(data, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
            finally:
                page.close()
            return image, len(document)
        finally:
            document.close()
