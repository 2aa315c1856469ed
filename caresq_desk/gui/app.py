"""Starting the desktop application."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from caresq_desk import __version__
from caresq_desk.core.registry import Registry
from caresq_desk.gui.main_window import MainWindow


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("Caresq Desk")
    app.setOrganizationName("Caresq")
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    return app


def run(registry: Registry, argv: Sequence[str] | None = None) -> int:
    app = create_application(argv or sys.argv)
    window = MainWindow(registry)
    window.show()
    QTimer.singleShot(0, window.check_for_recovery)
    return app.exec()
