"""Every question the application asks the user, in one place: the real dialogs here, and tests
substitute an object with the same methods (modal dialogs are never left open in a test)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from caresq_desk.core.common import paths
from caresq_desk.gui.screen import fit_to_screen

FILE_FILTER = "Beoordelingen (*.json)"
EXCEL_FILTER = "Excel-werkmappen (*.xlsx)"
# On Linux the "native" dialog is the desktop's, in the desktop's language (often English);
# Qt's own dialog speaks Dutch with the translations the application loads.
DIALOG_OPTIONS = (
    QFileDialog.Option.DontUseNativeDialog
    if sys.platform.startswith("linux")
    else QFileDialog.Option(0)
)


def start_folder(folder: Path | None) -> Path:
    """Where a file dialog opens: the given folder, else the application's documents folder,
    created when needed (never the program's working folder)."""
    if folder is not None and folder.is_dir():
        return folder
    documents = paths.documents_dir()
    with contextlib.suppress(OSError):
        documents.mkdir(parents=True, exist_ok=True)
    return documents


def in_folder(suggested: Path | str, folder: Path | None) -> Path:
    """A suggested file name placed in the start folder (a bare name is not a location)."""
    path = Path(suggested)
    return path if path.is_absolute() else start_folder(folder) / path.name


LONG_TEXT = 700
LONG_LINES = 14


def tr(text: str) -> str:
    return QCoreApplication.translate("Prompts", text)


class Prompts:
    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent
        # The folder of the open file, when there is one: dialogs start there.
        self.folder: Path | None = None

    def unsaved_changes(self, name: str) -> str:
        """'opslaan', 'weggooien' or 'annuleren'."""
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Niet-opgeslagen wijzigingen"))
        box.setText(
            tr("De beoordeling '%1' heeft wijzigingen die nog niet zijn opgeslagen.").replace(
                "%1", name
            )
        )
        box.setInformativeText(tr("Wilt u de wijzigingen opslaan?"))
        save = box.addButton(tr("Opslaan"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(tr("Niet opslaan"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return "opslaan"
        if clicked is discard:
            return "weggooien"
        return "annuleren"

    def open_path(self, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent,
            tr("Beoordeling openen"),
            str(start_folder(folder)),
            FILE_FILTER,
            options=DIALOG_OPTIONS,
        )
        return Path(name) if name else None

    def save_path(self, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent,
            tr("Beoordeling opslaan"),
            str(in_folder(suggested, suggested.parent)),
            FILE_FILTER,
            options=DIALOG_OPTIONS,
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".json")

    def open_excel(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent,
            tr("Ingevulde lijst kiezen"),
            str(start_folder(self.folder)),
            EXCEL_FILTER,
            options=DIALOG_OPTIONS,
        )
        return Path(name) if name else None

    def open_paths(self, folder: Path) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self.parent,
            tr("Beoordelingen kiezen"),
            str(start_folder(self.folder or folder)),
            FILE_FILTER,
            options=DIALOG_OPTIONS,
        )
        return [Path(name) for name in names]

    def save_excel(self, title: str, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent,
            title,
            str(in_folder(suggested, self.folder)),
            EXCEL_FILTER,
            options=DIALOG_OPTIONS,
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".xlsx")

    def save_pdf(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent,
            tr("Rapport opslaan als PDF"),
            str(in_folder(suggested, self.folder)),
            "PDF-bestanden (*.pdf)",
            options=DIALOG_OPTIONS,
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".pdf")

    def report_layout(self, count: int) -> str:
        """'een' (one combined PDF), 'per_stuk' (one PDF per assessment) or 'annuleren'."""
        if count == 1:
            return "een"
        return self._choose(
            tr("Rapport (PDF)"),
            tr("%1 beoordelingen als PDF-rapport.").replace("%1", str(count)),
            tr("Eén PDF met alle beoordelingen achter elkaar, of een PDF per beoordeling?"),
            [
                ("een", tr("Eén PDF")),
                ("per_stuk", tr("Een PDF per beoordeling")),
                ("annuleren", tr("Annuleren")),
            ],
        )

    def choose_folder(self, title: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(
            self.parent, title, str(start_folder(self.folder)), DIALOG_OPTIONS
        )
        return Path(name) if name else None

    def print_preview(self, documents: list[tuple[str, str]]) -> None:
        """The print dialog with a preview of the report (A4)."""
        from PySide6.QtGui import QPageSize
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from caresq_desk.gui.pdf import render

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        dialog = QPrintPreviewDialog(printer, self.parent)
        dialog.setWindowTitle(tr("Afdrukvoorbeeld"))
        dialog.paintRequested.connect(lambda device: render(device, documents))
        fit_to_screen(dialog, 900, 1000)
        dialog.exec()

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def info(self, title: str, text: str) -> None:
        if len(text) > LONG_TEXT or text.count("\n") > LONG_LINES:
            self._long_text(title, text)
            return
        QMessageBox.information(self.parent, title, text)

    def _long_text(self, title: str, text: str) -> None:
        """A long text (the policy's change list, many unrecognised answers) scrolls in a
        dialog that fits the screen, with its close button always in view."""
        dialog = QDialog(self.parent)
        dialog.setWindowTitle(title)
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser()
        browser.setPlainText(text)
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        fit_to_screen(dialog, 720, 520)
        dialog.exec()

    def _choose(self, title: str, text: str, detail: str, buttons: list[tuple[str, str]]) -> str:
        """A warning with one button per (answer, label); the last one is the safe default."""
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        box.setInformativeText(detail)
        made = {}
        for answer, label in buttons:
            role = (
                QMessageBox.ButtonRole.RejectRole
                if answer == "annuleren"
                else (QMessageBox.ButtonRole.AcceptRole)
            )
            made[box.addButton(label, role)] = answer
        box.setDefaultButton(list(made)[-1])
        box.exec()
        return made.get(box.clickedButton(), "annuleren")

    def file_changed(self, name: str, removed: bool) -> str:
        """'herladen', 'opslaan_als', 'overschrijven' or 'annuleren'."""
        what = (
            tr("'%1' is intussen verwijderd of verplaatst.")
            if removed
            else tr("'%1' is intussen door iemand anders (of in een ander venster) opgeslagen.")
        ).replace("%1", name)
        buttons = [("opslaan_als", tr("Opslaan als…")), ("overschrijven", tr("Toch overschrijven"))]
        if not removed:
            buttons.insert(0, ("herladen", tr("Herladen (uw wijzigingen vervallen)")))
        return self._choose(
            tr("Bestand gewijzigd"),
            what,
            tr(
                "Er is nog niets opgeslagen. Sla uw versie onder een andere naam op om beide te "
                "bewaren, of overschrijf de andere versie."
            ),
            [*buttons, ("annuleren", tr("Annuleren"))],
        )

    def confirm(self, title: str, text: str, action: str) -> bool:
        """True when the user chooses ``action`` (a verb on the button) over Annuleren."""
        return (
            self._choose(title, text, "", [("ja", action), ("annuleren", tr("Annuleren"))]) == "ja"
        )

    def confirm_read_only(self, name: str) -> bool:
        return (
            self._choose(
                tr("Alleen-lezen bestand"),
                tr("'%1' is alleen-lezen.").replace("%1", name),
                tr("Wilt u het toch overschrijven? Het blijft daarna alleen-lezen."),
                [("ja", tr("Overschrijven")), ("annuleren", tr("Annuleren"))],
            )
            == "ja"
        )

    def open_locked(self, name: str, who: str) -> bool:
        return (
            self._choose(
                tr("Bestand is in gebruik"),
                tr("'%1' is geopend door %2.").replace("%1", name).replace("%2", who),
                tr(
                    "Als u het ook opent en opslaat, kan een van beide versies verloren gaan. "
                    "Caresq "
                    "Desk waarschuwt voordat het een wijziging van een ander overschrijft."
                ),
                [("ja", tr("Toch openen")), ("annuleren", tr("Annuleren"))],
            )
            == "ja"
        )

    def choose_option(self, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
        """One of ``options`` (value, label) chosen from a list; None when the user cancels."""
        labels = [label for _, label in options]
        label, ok = QInputDialog.getItem(self.parent, title, text, labels, 0, False)
        return options[labels.index(label)][0] if ok and label in labels else None

    def ask_text(self, title: str, text: str, initial: str, multiline: bool = False) -> str | None:
        """A name or a reason; None when the user cancels."""
        from caresq_desk.gui.dialogs import TextDialog

        dialog = TextDialog(self.parent, title, text, initial, multiline)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_decision(
        self, explanation: str, current: tuple[str, str] | None
    ) -> tuple[str, str] | None:
        """('toegekend' or 'afgewezen', motivation), or None when the user cancels."""
        from caresq_desk.gui.dialogs import DecisionDialog

        dialog = DecisionDialog(self.parent, explanation, current)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def for_window(self, parent: QWidget) -> Prompts:
        """The prompts of another window (tests substitute their own)."""
        return Prompts(parent)

    def recover(self, items: list[tuple[str, bool]]) -> list[str]:
        """Per item 'herstellen', 'later' or 'weggooien'; ``items`` are (description,
        restorable)."""
        dialog = QDialog(self.parent)
        dialog.setWindowTitle(tr("Werk herstellen"))
        layout = QVBoxLayout(dialog)
        intro = QLabel(
            tr(
                "Caresq Desk is de vorige keer niet netjes afgesloten. Dit niet-opgeslagen werk "
                "is bewaard. Kies per beoordeling wat ermee moet gebeuren."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QFormLayout()
        combos = []
        for description, restorable in items:
            combo = QComboBox()
            if restorable:
                combo.addItem(tr("Herstellen"), "herstellen")
            combo.addItem(tr("Later beslissen"), "later")
            combo.addItem(tr("Weggooien"), "weggooien")
            label = QLabel(description)
            label.setWordWrap(True)
            grid.addRow(label, combo)
            combos.append(combo)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(dialog.accept)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return ["later"] * len(items)
        return [combo.currentData() for combo in combos]
