"""Send a receipt PDF to an OS printer through Qt's print system (CUPS here, the spooler on Windows).

Each PDF page is rasterised with pdfium (a small wheel; QtPdf would need the 200 MB PySide6-Addons)
and painted onto a ``QPrinter``. A raster works with every driver, including cheap thermal printers
whose drivers mangle vector PDF.

Rules for callers:

- A ``QGuiApplication`` (or ``QApplication``) must exist before ``print_pdf``: Qt's print support
  needs the platform plugin. Headless tests use ``QT_QPA_PLATFORM=offscreen``.
- Saving never waits for printing. Commit the donation first, then call ``print_pdf`` (it may run on
  a worker thread: QPainter on a QPrinter is allowed off the GUI thread, and pdfium calls here are
  serialised by a lock). A failed print raises ``PrintError``; the receipt is reprinted from the
  receipt list.

This is the only module of ``desktop.receipts`` that touches Qt, and it imports it inside the
functions, so importing the package (the services do) never loads Qt.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from desktop.core.errors import AmilError
from desktop.receipts.model import PaperFormat

if TYPE_CHECKING:
    import pypdfium2
    from PySide6.QtGui import QImage
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

THERMAL = (PaperFormat.THERMAL_58, PaperFormat.THERMAL_80)
THERMAL_DPI = 203  # the native resolution of nearly every 58/80 mm thermal head (8 dots/mm)
PAGE_DPI_CAP = 300  # more is invisible on receipt text and only makes the spool job bigger
DEFAULT_PRINTER_LABEL = "(printer bawaan)"

# pdfium is not thread-safe; printing may run on a worker thread while another job renders.
_PDFIUM_LOCK = threading.Lock()


class PrintError(AmilError):
    """The receipt could not be printed; the saved record is unaffected.

    Codes: ``printer_not_found`` (params: printer), ``print_failed`` (params: printer, reason).
    """


def _require_gui_app() -> None:
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        raise RuntimeError("print_pdf needs a QGuiApplication; create the application first")


def list_printers() -> list[str]:
    """Names of the printers the OS print system offers (empty when there are none)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def default_printer() -> str | None:
    """The OS default printer's name, or None when none is set."""
    from PySide6.QtPrintSupport import QPrinterInfo

    info = QPrinterInfo.defaultPrinter()
    return None if info.isNull() else info.printerName()


def _printer_info(printer_name: str | None) -> QPrinterInfo:
    from PySide6.QtPrintSupport import QPrinterInfo

    if printer_name is None:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            raise PrintError("printer_not_found", printer=DEFAULT_PRINTER_LABEL)
        return info
    # printerInfo() of an unknown name is a null object, not an error.
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        raise PrintError("printer_not_found", printer=printer_name)
    return info


def _configure_page(printer: QPrinter, paper: PaperFormat, width_pt: float, height_pt: float) -> None:
    """Paper size from the format (rolls: the PDF page's own height), full page, no margins."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize

    if paper in THERMAL:
        size = QPageSize(
            QSizeF(width_pt, height_pt),
            QPageSize.Unit.Point,
            f"Struk {paper.value}",
            QPageSize.SizeMatchPolicy.ExactMatch,
        )
        orientation = QPageLayout.Orientation.Portrait
    elif paper == PaperFormat.A5:
        size = QPageSize(QPageSize.PageSizeId.A5)
        orientation = QPageLayout.Orientation.Landscape
    else:
        # A4 follows the PDF page: receipts are portrait, wide reports (Laporan) landscape.
        size = QPageSize(QPageSize.PageSizeId.A4)
        landscape = width_pt > height_pt
        orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setFullPage(True)
    layout = QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point, QMarginsF(0, 0, 0, 0))
    if not printer.setPageLayout(layout):
        # Some drivers refuse zero minimum margins as a layout; set the parts one by one. If the
        # size itself is refused, the driver's own paper is used: a printed receipt beats none.
        printer.setPageSize(size)
        printer.setPageOrientation(orientation)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def _to_qimage(page: pypdfium2.PdfPage, dpi: int, thermal: bool) -> QImage:
    """Rasterise one PDF page. Thermal: grey, no anti-aliasing (grey edges dither into fuzz)."""
    from PySide6.QtGui import QImage

    bitmap = page.render(
        scale=dpi / 72,
        grayscale=thermal,
        rev_byteorder=True,  # RGB byte order, which QImage.Format_RGB888 expects
        no_smoothtext=thermal,
        no_smoothpath=thermal,
        may_draw_forms=False,
    )
    data = bytes(bitmap.buffer)
    if bitmap.n_channels == 1:
        fmt = QImage.Format.Format_Grayscale8
    elif bitmap.n_channels == 3:
        fmt = QImage.Format.Format_RGB888
    else:
        fmt = QImage.Format.Format_RGBX8888
    # copy(): the QImage must own its pixels; ``data`` is freed when this function returns.
    return QImage(data, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()


def print_pdf(pdf_bytes: bytes, printer_name: str | None, paper: PaperFormat, copies: int = 1) -> None:
    """Print ``pdf_bytes`` on ``printer_name`` (None: the OS default) as ``paper``, ``copies`` times.

    Returns when the job has been handed to the OS spooler (not when paper comes out). Raises
    ``PrintError`` for an unknown printer, an unreadable PDF, or a printer Qt cannot open.
    """
    if copies < 1:
        raise ValueError("copies must be at least 1")
    _require_gui_app()
    import pypdfium2
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrinter

    info = _printer_info(printer_name)
    name = info.printerName()
    thermal = paper in THERMAL

    with _PDFIUM_LOCK:
        try:
            pdf = pypdfium2.PdfDocument(pdf_bytes)
        except pypdfium2.PdfiumError as exc:
            raise PrintError("print_failed", printer=name, reason=f"PDF tidak terbaca ({exc})") from exc
        try:
            if len(pdf) == 0:
                raise PrintError("print_failed", printer=name, reason="PDF tidak berisi halaman")
            printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
            title = pdf.get_metadata_dict().get("Title") or "Kwitansi AmilDesk"
            printer.setDocName(title)
            first_w, first_h = pdf[0].get_size()
            _configure_page(printer, paper, first_w, first_h)
            # Drivers without multi-copy support (non-CUPS X11) need the pages repeated by us.
            repeat = 1
            if copies > 1:
                printer.setCopyCount(copies)
                if not printer.supportsMultipleCopies() or printer.copyCount() != copies:
                    printer.setCopyCount(1)
                    repeat = copies
            dpi = min(printer.resolution() or THERMAL_DPI, THERMAL_DPI if thermal else PAGE_DPI_CAP)

            painter = QPainter()
            if not painter.begin(printer):
                raise PrintError("print_failed", printer=name, reason="printer tidak dapat dibuka")
            complete = False
            try:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, not thermal)
                target = printer.paperRect(QPrinter.Unit.DevicePixel)
                first = True
                for _ in range(repeat):
                    for index in range(len(pdf)):
                        if not first and not printer.newPage():
                            raise PrintError("print_failed", printer=name, reason="halaman baru ditolak")
                        first = False
                        page = pdf[index]
                        try:
                            image = _to_qimage(page, dpi, thermal)
                        finally:
                            page.close()
                        painter.drawImage(QRectF(0, 0, target.width(), target.height()), image)
                complete = True
            finally:
                if not complete:
                    printer.abort()  # never spool half a receipt
                ended = painter.end()
            if not ended:
                raise PrintError("print_failed", printer=name, reason="pekerjaan cetak gagal dikirim")
        finally:
            pdf.close()
