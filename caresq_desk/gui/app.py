"""Starting the desktop application: the window paints first, then the policies load."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from caresq_desk._version import __version__
from caresq_desk.core.common import paths
from caresq_desk.gui.main_window import MainWindow
from caresq_desk.gui.qt_dutch import DutchSupplement


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("Caresq Desk")
    app.setOrganizationName("Caresq")
    app.setApplicationVersion(__version__)
    dutch = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
    QLocale.setDefault(dutch)
    # Qt's own Dutch texts, so standard dialogs say "Ja"/"Nee" and "Annuleren".
    translator = QTranslator(app)
    if app.property("caresq_translated") is None and translator.load(
        dutch, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(translator)
        app.installTranslator(DutchSupplement(app))  # asked first: the texts qtbase lacks
        app.setProperty("caresq_translated", True)
    icon = QIcon()
    for png in sorted((paths.resources_dir() / "icons").glob("caresq-desk-*.png")):
        icon.addFile(str(png))
    app.setWindowIcon(icon)
    return app


def load_policies(
    window: MainWindow, directory: Path | None, open_file: Path | None = None
) -> bool:
    """Load every policy that loads into the window; name each file that does not, and why."""
    from caresq_desk.core.policy.registry import Registry

    registry, errors = Registry.load_available(directory)
    window.attach(registry, [str(error) for error in errors])
    if errors:
        translate = QCoreApplication.translate
        rest = (
            translate("App", "De andere beleidsstukken zijn wel beschikbaar.")
            if registry.policies
            else translate("App", "Er is geen enkel beleidsstuk beschikbaar.")
        )
        window.prompts.error(
            translate("App", "Beleid kan niet worden geladen"),
            "\n\n".join(str(error) for error in errors) + "\n\n" + rest,
        )
    if not window.check_for_recovery() and open_file is not None:
        window.open_path(open_file)  # a double-clicked assessment
    return not errors


class AfterFirstPaint(QObject):
    """Runs a callback once, right after the watched widget has painted for the first time."""

    def __init__(self, widget: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
        return False


def start(
    policies: Path | None = None,
    argv: Sequence[str] | None = None,
    open_file: Path | None = None,
) -> MainWindow:
    """Show the window; the policies load as soon as it has painted (then ``open_file``)."""
    from caresq_desk.gui.errors import ErrorReporter

    create_application(argv or sys.argv)
    window = MainWindow()
    ErrorReporter(lambda: window).install()
    window.loader = AfterFirstPaint(window, lambda: load_policies(window, policies, open_file))
    window.show()
    return window


def refuse_leaking_binding() -> bool:
    """Tell the user and return True when the installed PySide6 would crash the window."""
    from caresq_desk.gui.bindings import binding_version, leaks_none_references

    if not leaks_none_references():
        return False
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(
        None,
        QCoreApplication.translate("App", "Caresq Desk kan niet starten"),
        QCoreApplication.translate(
            "App",
            "De geïnstalleerde PySide6 %1 heeft een bekende fout waardoor Caresq Desk na enige "
            "tijd vastloopt en niet-opgeslagen werk verloren gaat.\n\nInstalleer Caresq Desk "
            "opnieuw met scripts/setup.sh; die kiest een geteste versie van PySide6.",
        ).replace("%1", binding_version()),
    )
    return True


def run(
    policies: Path | None = None,
    argv: Sequence[str] | None = None,
    open_file: Path | None = None,
) -> int:
    create_application(argv or sys.argv)
    if refuse_leaking_binding():
        return 1
    start(policies, argv, open_file)
    return QApplication.exec()
