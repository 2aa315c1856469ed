"""Window sizes that fit the screen the window is on (a 1366x768 laptop included)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to (width, height), but never beyond the screen's available area."""
    screen = widget.screen() or QApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, int(area.width() * 0.95))
        height = min(height, int(area.height() * 0.9))
    widget.resize(width, height)
