"""Every question the application asks the user, in one place: the real dialogs here, and tests
substitute an object with the same methods (modal dialogs are never left open in a test)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

FILE_FILTER = "Beoordelingen (*.json)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Prompts", text)


class Prompts:
    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent

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
            self.parent, tr("Beoordeling openen"), str(folder), FILE_FILTER
        )
        return Path(name) if name else None

    def save_path(self, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent, tr("Beoordeling opslaan"), str(suggested), FILE_FILTER
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".json")

    def open_excel(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent, tr("Ingevulde lijst kiezen"), "", "Excel-werkmappen (*.xlsx)"
        )
        return Path(name) if name else None

    def open_paths(self, folder: Path) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self.parent, tr("Beoordelingen kiezen"), str(folder), FILE_FILTER
        )
        return [Path(name) for name in names]

    def save_excel(self, title: str, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent, title, suggested, "Excel-werkmappen (*.xlsx)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".xlsx")

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

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
