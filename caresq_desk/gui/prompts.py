"""Every question the application asks the user, in one place: the real dialogs here, and tests
substitute an object with the same methods (modal dialogs are never left open in a test)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

FILE_FILTER = "Beoordelingen (*.json)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Prompts", text)


class Prompts:
    def __init__(self, parent: QWidget) -> None:
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

    def recover(self, descriptions: list[str]) -> bool:
        answer = QMessageBox.question(
            self.parent,
            tr("Werk herstellen"),
            tr(
                "Caresq Desk is de vorige keer niet netjes afgesloten. Niet-opgeslagen werk is "
                "bewaard:\n\n%1\n\nWilt u dit herstellen?"
            ).replace("%1", "\n".join(descriptions)),
        )
        return answer == QMessageBox.StandardButton.Yes
