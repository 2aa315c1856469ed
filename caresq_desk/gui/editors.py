"""One answer editor per question type; the form builds them from the policy, never by hand.

Every editor shows "unanswered" as its empty state, because an unanswered question must never
count as "no", and reports its value as the JSON value an assessment file stores.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from caresq_desk.core.conditions import FieldInfo
    from caresq_desk.core.policy_loader import CompiledQuestion

EMPTY_DATE = QDate(1900, 1, 1)


class AnswerEditor(QWidget):
    """Base: ``changed`` fires on every edit; ``value``/``set_value`` speak JSON values."""

    changed = Signal()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def problem(self) -> str:
        """Why the current input is not a valid answer ('' when it is)."""
        return ""

    def focus_editor(self) -> None:
        self.setFocus()


class YesNoEditor(AnswerEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.yes = QRadioButton(self.tr("Ja"))
        self.no = QRadioButton(self.tr("Nee"))
        self.clear = QToolButton()
        self.clear.setText(self.tr("Wissen"))
        self.clear.setToolTip(self.tr("Antwoord wissen (onbeantwoord)"))
        self.group = QButtonGroup(self)
        for button in (self.yes, self.no):
            self.group.addButton(button)
            layout.addWidget(button)
        layout.addWidget(self.clear)
        layout.addStretch()
        self.group.buttonToggled.connect(lambda _button, checked: checked and self.changed.emit())
        self.clear.clicked.connect(self._clear)

    def _clear(self) -> None:
        if self.value() is not None:
            self.set_value(None)
            self.changed.emit()

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: Any) -> None:
        self.group.blockSignals(True)
        self.group.setExclusive(False)
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)
        self.group.blockSignals(False)

    def focus_editor(self) -> None:
        self.yes.setFocus()


class NumberEditor(AnswerEditor):
    """A number in Dutch notation (comma decimals), empty when unanswered, checked at the field."""

    def __init__(self, question: CompiledQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = question.spec
        self.locale = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
        # "2024", not "2.024": a year or an index reads without thousands separators.
        self.locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(160)
        self.edit.setPlaceholderText(self.tr("niet ingevuld"))
        layout.addWidget(self.edit)
        unit = "%" if self.spec.type == "percentage" else (self.spec.unit or "")
        if unit:
            layout.addWidget(QLabel(unit))
        layout.addStretch()
        self.edit.textEdited.connect(lambda _text: self.changed.emit())

    def _parse(self) -> tuple[float | int | None, str]:
        text = self.edit.text().strip()
        if not text:
            return None, ""
        number, ok = self.locale.toDouble(text.replace(".", ","))
        if not ok:
            return None, self.tr("Vul een getal in, bijvoorbeeld 12 of 12,5.")
        if self.spec.integer:
            if number != int(number):
                return None, self.tr("Vul een geheel getal in.")
            number = int(number)
        low, high = self.spec.min, self.spec.max
        if self.spec.type == "percentage":
            low = 0 if low is None else low
            high = 100 if high is None else high
        if low is not None and number < low:
            return None, self.tr("Het getal is kleiner dan het minimum van %1.").replace(
                "%1", self.locale.toString(float(low), "g", 12)
            )
        if high is not None and number > high:
            return None, self.tr("Het getal is groter dan het maximum van %1.").replace(
                "%1", self.locale.toString(float(high), "g", 12)
            )
        return number, ""

    def value(self) -> float | int | None:
        return self._parse()[0]

    def problem(self) -> str:
        return self._parse()[1]

    def set_value(self, value: Any) -> None:
        text = "" if value is None else self.locale.toString(float(value), "g", 12)
        self.edit.setText(text)

    def focus_editor(self) -> None:
        self.edit.setFocus()


class DateEditor(AnswerEditor):
    """A date with the Dutch calendar popup; the lowest date stands for 'not filled in'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QDateEdit()
        self.edit.setLocale(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
        self.edit.setDisplayFormat("d MMMM yyyy")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(EMPTY_DATE)
        self.edit.setSpecialValueText(self.tr("niet ingevuld"))
        self.edit.setDate(EMPTY_DATE)
        self.edit.setMinimumWidth(180)
        layout.addWidget(self.edit)
        layout.addStretch()
        self.edit.dateChanged.connect(lambda _date: self.changed.emit())

    def value(self) -> str | None:
        chosen = self.edit.date()
        if chosen == EMPTY_DATE:
            return None
        return date(chosen.year(), chosen.month(), chosen.day()).isoformat()

    def set_value(self, value: Any) -> None:
        self.edit.blockSignals(True)
        if value:
            day = date.fromisoformat(value)
            self.edit.setDate(QDate(day.year, day.month, day.day))
        else:
            self.edit.setDate(EMPTY_DATE)
        self.edit.blockSignals(False)

    def focus_editor(self) -> None:
        self.edit.setFocus()


class ChoiceEditor(AnswerEditor):
    def __init__(self, info: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.addItem(self.tr("— kies —"), None)
        for value, label in info.option_labels.items():
            self.combo.addItem(label, value)
        layout.addWidget(self.combo)
        layout.addStretch()
        self.combo.currentIndexChanged.connect(lambda _index: self.changed.emit())

    def value(self) -> str | None:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        self.combo.blockSignals(True)
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def focus_editor(self) -> None:
        self.combo.setFocus()


class MultipleChoiceEditor(AnswerEditor):
    def __init__(self, info: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for value, label in info.option_labels.items():
            box = QCheckBox(label)
            box.toggled.connect(lambda _checked: self.changed.emit())
            layout.addWidget(box)
            self.boxes[value] = box

    def value(self) -> list[str] | None:
        chosen = [value for value, box in self.boxes.items() if box.isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        for option, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(bool(value) and option in value)
            box.blockSignals(False)

    def focus_editor(self) -> None:
        next(iter(self.boxes.values())).setFocus()


class TextEditor(AnswerEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        layout.addWidget(self.edit)
        self.edit.textEdited.connect(lambda _text: self.changed.emit())

    def value(self) -> str | None:
        return self.edit.text().strip() or None

    def set_value(self, value: Any) -> None:
        self.edit.setText(value or "")

    def focus_editor(self) -> None:
        self.edit.setFocus()


class TableEditor(AnswerEditor):
    """Rows of a table question (the fysiotherapists of a practice), with add and remove."""

    def __init__(self, question: CompiledQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.columns = list(question.spec.columns or ())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([c.short or c.label for c in self.columns])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(160)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Rij toevoegen"))
        self.remove_button = QPushButton(self.tr("Geselecteerde rij verwijderen"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button.clicked.connect(self._remove_clicked)

    def _cell_editor(self, column: Any) -> QWidget:
        info = self.question.info.columns[column.id]
        if column.type == "keuze":
            combo = QComboBox()
            combo.addItem(self.tr("— kies —"), None)
            for value, label in info.option_labels.items():
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            return combo
        if column.type == "ja_nee":
            box = QCheckBox(self.tr("ja"))
            box.toggled.connect(lambda _c: self.changed.emit())
            return box
        if column.type == "getal":
            spin = QDoubleSpinBox()
            spin.setLocale(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
            spin.setDecimals(0 if column.integer else 1)
            spin.setRange(column.min or 0, column.max if column.max is not None else 1_000_000)
            if column.unit:
                spin.setSuffix(f" {column.unit}")
            spin.valueChanged.connect(lambda _v: self.changed.emit())
            return spin
        edit = QLineEdit()
        edit.textEdited.connect(lambda _t: self.changed.emit())
        return edit

    def add_row(self, values: dict[str, Any] | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for index, column in enumerate(self.columns):
            editor = self._cell_editor(column)
            self.table.setCellWidget(row, index, editor)
            cell = (values or {}).get(column.id)
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findData(cell), 0) if cell is not None else 0)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(cell))
            elif isinstance(editor, QDoubleSpinBox):
                editor.setValue(float(cell or 0))
            elif isinstance(editor, QLineEdit):
                editor.setText(cell or "")
            editor.blockSignals(False)

    def _add_clicked(self) -> None:
        self.add_row()
        self.changed.emit()

    def _remove_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.rowCount():
            rows = [self.table.rowCount() - 1]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()

    def value(self) -> list[dict[str, Any]] | None:
        rows = []
        for row in range(self.table.rowCount()):
            values: dict[str, Any] = {}
            for index, column in enumerate(self.columns):
                editor = self.table.cellWidget(row, index)
                if isinstance(editor, QComboBox):
                    values[column.id] = editor.currentData()
                elif isinstance(editor, QCheckBox):
                    values[column.id] = editor.isChecked()
                elif isinstance(editor, QDoubleSpinBox):
                    number = editor.value()
                    values[column.id] = int(number) if column.integer else number
                elif isinstance(editor, QLineEdit):
                    values[column.id] = editor.text().strip() or None
            rows.append(values)
        return rows or None

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        for row in value or ():
            self.add_row(row)

    def focus_editor(self) -> None:
        self.table.setFocus()


def make_editor(question: CompiledQuestion) -> AnswerEditor:
    kind = question.kind
    if kind == "ja_nee":
        return YesNoEditor()
    if kind in ("getal", "percentage"):
        return NumberEditor(question)
    if kind == "datum":
        return DateEditor()
    if kind == "keuze":
        return ChoiceEditor(question.info)
    if kind == "meerkeuze":
        return MultipleChoiceEditor(question.info)
    if kind == "tabel":
        return TableEditor(question)
    return TextEditor()
