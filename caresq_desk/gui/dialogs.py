"""Small dialogs of the workflow: a name or reason to type, the decision on an exception, and a
read-only table (history, differences) that the user can read, sort and copy from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caresq_desk.core.common.limits import MAX_NAME
from caresq_desk.core.model.assessment import MAX_TEXT
from caresq_desk.gui.focus import show_focus
from caresq_desk.gui.screen import fit_to_screen


def ok_cancel(dialog: QDialog, layout: QVBoxLayout) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons


class TextDialog(QDialog):
    """One line (a name) or a few lines (a reason); OK stays disabled while it is empty."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        initial: str = "",
        multiline: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        if multiline:
            self.edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(initial)
            self.edit.setTabChangesFocus(True)
            self.edit.textChanged.connect(self._update)
        else:
            self.edit = QLineEdit(initial)
            self.edit.setMaxLength(MAX_NAME)
            self.edit.textChanged.connect(self._update)
        label.setBuddy(self.edit)
        layout.addWidget(self.edit)
        self.buttons = ok_cancel(self, layout)
        self._update()
        fit_to_screen(self, 480, 240 if multiline else 150)

    def value(self) -> str:
        edit = self.edit
        text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
        return text.strip()[:MAX_TEXT]

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.value()))


class DecisionDialog(QDialog):
    """The purchaser's decision on a possible exception: granted or refused, with a motivation."""

    def __init__(
        self, parent: QWidget | None, explanation: str, current: tuple[str, str] | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Besluit over de uitzondering"))
        layout = QVBoxLayout(self)
        intro = QLabel(explanation)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.granted = QRadioButton(self.tr("Uitzondering &toegekend"))
        self.refused = QRadioButton(self.tr("Uitzondering &afgewezen"))
        group = QButtonGroup(self)
        for button in (self.granted, self.refused):
            group.addButton(button)
            layout.addWidget(button)
            button.toggled.connect(self._update)
        label = QLabel(self.tr("&Motivering (verplicht, komt in het bestand en het rapport):"))
        layout.addWidget(label)
        self.motivation = QPlainTextEdit()
        self.motivation.setTabChangesFocus(True)
        self.motivation.textChanged.connect(self._update)
        label.setBuddy(self.motivation)
        layout.addWidget(self.motivation)
        if current is not None:
            (self.granted if current[0] == "toegekend" else self.refused).setChecked(True)
            self.motivation.setPlainText(current[1])
        self.buttons = ok_cancel(self, layout)
        self._update()
        fit_to_screen(self, 520, 340)

    def value(self) -> tuple[str, str] | None:
        motivation = self.motivation.toPlainText().strip()[:MAX_TEXT]
        if not motivation or not (self.granted.isChecked() or self.refused.isChecked()):
            return None
        return ("toegekend" if self.granted.isChecked() else "afgewezen", motivation)

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.value() is not None)


class TableDialog(QDialog):
    """A read-only table with an introduction: the history, what a policy correction changed,
    a conflict copy against its original. Cells can be selected and copied."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        intro: str,
        headers: list[str],
        rows: list[list[str]],
        empty: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.intro)
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setAccessibleName(title)
        show_focus(self.table)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for column in range(len(headers) - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 320))
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_: self.table.resizeRowsToContents()
        )
        self.table.resizeRowsToContents()
        layout.addWidget(self.table)
        if not rows and empty:
            self.table.hide()
            self.intro.setText(f"{intro}\n\n{empty}" if intro else empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 860, 520)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.table.resizeRowsToContents()  # wrapped to the widths the dialog got

    def cells(self) -> list[list[str]]:
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]
