"""Unexpected errors: whatever goes wrong inside a Qt slot reaches the user in Dutch, with the
details in a log file, and the open work stays in the window.

Python calls ``sys.excepthook`` for an exception that escapes a slot; without this, PySide6 only
prints it to a console the user never sees.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from caresq_desk._version import __version__
from caresq_desk.core.common import paths

LOG_NAME = "caresq-desk.log"
MAX_DETAIL_CHARS = 6000


def tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def write_log(details: str) -> Path | None:
    """Append the details to the log file; None when even that is impossible."""
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')} ")
            log.write(f"caresq-desk {__version__}\n{details}\n")
    except OSError:
        return None
    return path


def show_dialog(parent: QWidget | None, details: str, log: Path | None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Onverwachte fout"))
    box.setText(
        tr(
            "Er ging iets mis in Caresq Desk. Uw werk staat nog in het venster: sla het op, zo "
            "nodig onder een andere naam, en probeer het daarna opnieuw."
        )
    )
    where = (
        tr("Een verslag staat in %1.").replace("%1", str(log))
        if log
        else tr("Het verslag kon niet worden weggeschreven.")
    )
    box.setInformativeText(where + " " + tr("Stuur dat verslag mee als u de fout meldt."))
    box.setDetailedText(details[-MAX_DETAIL_CHARS:])
    box.exec()


class ErrorReporter:
    """The ``sys.excepthook`` of the window: log, then tell the user (one dialog at a time)."""

    def __init__(
        self,
        parent: Callable[[], QWidget | None] = lambda: None,
        show: Callable[[QWidget | None, str, Path | None], None] = show_dialog,
    ) -> None:
        self.parent = parent
        self.show = show
        self.showing = False
        self.reported = 0

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        log = write_log(details)
        logging.getLogger("caresq_desk").error("onverwachte fout: %s", error)
        self.reported += 1
        if self.showing:  # an error while the dialog is open: logged, not stacked
            return
        self.showing = True
        try:
            self.show(self.parent(), details, log)
        finally:
            self.showing = False

    def install(self) -> None:
        sys.excepthook = self
