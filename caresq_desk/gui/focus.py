"""Keyboard focus a user can see on lists, tables and the scrolling form, which Fusion draws
without any sign of focus. A frame in the highlight colour while the widget has the focus,
drawn by the widget's own QFrame: no style sheet, which would restyle (and slow) everything."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame


class FocusFrame(QObject):
    """Event filter: a highlighted box around the frame while it has the focus."""

    def __init__(self, frame: QFrame) -> None:
        super().__init__(frame)
        self.shape, self.width = frame.frameShape(), frame.lineWidth()
        self.palette = QPalette(frame.palette())
        frame.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(watched, QFrame) and event.type() == QEvent.Type.FocusIn:
            palette = QPalette(self.palette)
            colour = palette.color(QPalette.ColorRole.Highlight)
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            watched.setPalette(palette)
            watched.setFrameShape(QFrame.Shape.Box)
            watched.setLineWidth(2)
        elif isinstance(watched, QFrame) and event.type() == QEvent.Type.FocusOut:
            watched.setPalette(self.palette)
            watched.setFrameShape(self.shape)
            watched.setLineWidth(self.width)
        return False


def show_focus(*frames: QFrame) -> None:
    """Give each of ``frames`` a visible focus (lists, tables, the form's scroll area)."""
    for frame in frames:
        FocusFrame(frame)
