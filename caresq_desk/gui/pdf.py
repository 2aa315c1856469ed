"""Rendering reports to PDF (PDF/A-1b, for the archive) or a printer with Qt's own text layout:
A4, the report's HTML page by page, and a footer with the page number and the app version.

Used by the window and, without a display, by ``caresq-desk rapport``: ``ensure_gui_app`` starts
Qt's offscreen platform there, so the core never imports Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from caresq_desk._version import __version__
from caresq_desk.core.common.atomic import atomic_write_bytes

MARGINS_MM = QMarginsF(18, 16, 18, 16)
FOOTER_POINTS = 8


def ensure_gui_app() -> None:
    """An application object for fonts and text layout; offscreen when there is no display.
    A full QApplication, so a window made later in the same process can use it too."""
    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QApplication([sys.argv[0] if sys.argv else "caresq-desk"])


def render(device: QPagedPaintDevice, documents: Sequence[tuple[str, str]]) -> int:
    """Paint (title, html) documents on ``device``, each starting on a new page; returns the
    number of pages. A footer on every page names the document, its page and the version."""
    painter = QPainter(device)
    try:
        dpi = device.resolution()
        page = device.pageLayout().paintRectPixels(dpi)
        footer_height = FOOTER_POINTS * dpi / 72 * 2.2
        body = QSizeF(page.width(), page.height() - footer_height)
        total = 0
        for index, (title, html) in enumerate(documents):
            document = QTextDocument()
            document.documentLayout().setPaintDevice(device)
            document.setDefaultFont(QFont("DejaVu Sans", 9))
            document.setHtml(html)
            document.setPageSize(body)
            pages = max(document.pageCount(), 1)
            for number in range(pages):
                if index or number:
                    device.newPage()
                painter.save()
                painter.translate(0, -number * body.height())
                visible = QRectF(0, number * body.height(), body.width(), body.height())
                document.drawContents(painter, visible)
                painter.restore()
                painter.setFont(QFont("DejaVu Sans", FOOTER_POINTS))
                footer = QRectF(0, body.height(), body.width(), footer_height)
                painter.drawText(
                    footer,
                    int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight),
                    f"{title} — pagina {number + 1} van {pages} — Caresq Desk {__version__}",
                )
            total += pages
    finally:
        painter.end()
    return total


def pdf_bytes(documents: Sequence[tuple[str, str]]) -> bytes:
    """The documents as one PDF/A-1b file (A4), in memory."""
    ensure_gui_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
    writer.setResolution(300)
    writer.setCreator(f"Caresq Desk {__version__}")
    writer.setTitle(documents[0][0] if len(documents) == 1 else "Beoordelingen")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    render(writer, documents)
    buffer.close()
    return bytes(data.data())


def write_pdf(path: Path, documents: Sequence[tuple[str, str]]) -> None:
    """Write atomically: an interrupted export leaves an earlier PDF intact."""
    atomic_write_bytes(path, pdf_bytes(documents), create_folder=True)
