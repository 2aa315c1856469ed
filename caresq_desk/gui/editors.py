"""One answer editor per question type; the form builds them from the policy, never by hand.

Every editor shows "unanswered" as its empty state, because an unanswered question must never
count as "no", and reports its value as the JSON value an assessment file stores.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
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

from caresq_desk.core.common.limits import LATEST_DATE, date_problem
from caresq_desk.core.common.numbers import NumberTextError, has_group_separator, parse_dutch_number
from caresq_desk.gui.focus import show_focus

if TYPE_CHECKING:
    from caresq_desk.core.policy.conditions import FieldInfo
    from caresq_desk.core.policy.loader import CompiledQuestion

EMPTY_DATE = QDate(1900, 1, 1)
DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Editors", text)


def sentence(text: str) -> str:
    """A core message ('vul een getal in') as a sentence at the field."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class WheelGuard(QObject):
    """Scrolling the form over a drop-down, spin box or date must scroll the form, not change
    the answer: the wheel only changes a field that has focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():  # type: ignore[attr-defined]
            event.ignore()  # handled here, not accepted: the scroll area gets it
            return True
        return False


_WHEEL_GUARD: WheelGuard | None = None


def guard_wheel(widget: QComboBox | QAbstractSpinBox) -> None:
    global _WHEEL_GUARD
    if _WHEEL_GUARD is None:
        _WHEEL_GUARD = WheelGuard()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_WHEEL_GUARD)


def parse_number_text(
    text: str, integer: bool, low: float | None, high: float | None
) -> tuple[float | int | None, str]:
    """(value, '') for a valid Dutch number within the bounds, (None, reason) otherwise."""
    text = text.strip()
    if not text:
        return None, ""
    try:
        number = parse_dutch_number(text, integer=integer)
    except NumberTextError as error:
        return None, sentence(str(error))
    if low is not None and number < low:
        return None, _tr("Het getal is kleiner dan het minimum van %1.").replace(
            "%1", format_number_text(low)
        )
    if high is not None and number > high:
        return None, _tr("Het getal is groter dan het maximum van %1.").replace(
            "%1", format_number_text(high)
        )
    return number, ""


def format_number_text(value: float) -> str:
    """A number as the field shows it: Dutch decimal comma, no thousands separator."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.12g}".replace(".", ",")


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
        self.clear.setToolTip(
            self.tr("Antwoord wissen (onbeantwoord); met het toetsenbord: Delete")
        )
        self.clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from question to question
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

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._clear()
            return
        super().keyPressEvent(event)

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
    """A number in Dutch notation ("250.000" is a quarter of a million, "12,5" has a decimal
    comma), empty when unanswered, checked at the field; what was read is shown beside it."""

    def __init__(self, question: CompiledQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = question.spec
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(160)
        self.edit.setMaxLength(40)
        self.edit.setPlaceholderText(self.tr("niet ingevuld"))
        layout.addWidget(self.edit)
        unit = "%" if self.spec.type == "percentage" else (self.spec.unit or "")
        if unit:
            layout.addWidget(QLabel(unit))
        self.read_back = QLabel()
        self.read_back.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.read_back)
        layout.addStretch()
        self.edit.textEdited.connect(self._edited)

    def _edited(self) -> None:
        number = self._parse()[0]
        shown = number is not None and has_group_separator(self.edit.text())
        self.read_back.setText(
            self.tr("gelezen als %1").replace("%1", format_number_text(number)) if shown else ""
        )
        self.changed.emit()

    def _parse(self) -> tuple[float | int | None, str]:
        low, high = self.spec.min, self.spec.max
        if self.spec.type == "percentage":
            low = 0 if low is None else low
            high = 100 if high is None else high
        return parse_number_text(self.edit.text(), self.spec.integer, low, high)

    def value(self) -> float | int | None:
        return self._parse()[0]

    def problem(self) -> str:
        return self._parse()[1]

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else format_number_text(value))
        self.read_back.clear()

    def focus_editor(self) -> None:
        self.edit.setFocus()


class DateField(QDateEdit):
    """A date that one Tab leaves, as every other field: arrow keys (or typing) move between
    day, month and year. Qt's own date edit spends Tab on its sections, and while it shows its
    "niet ingevuld" text it swallows Tab altogether, a trap for keyboard users."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802
        # Qt's own version moves between the sections first; Tab and Shift+Tab come here.
        return QWidget.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Alt+Down and F4 open the calendar, as in every drop-down (Qt's date edit would step
        the year instead)."""
        alt_down = (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if self.calendarPopup() and (alt_down or event.key() == Qt.Key.Key_F4):
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        """Open the calendar as a click on the arrow does (Qt offers no call for it); an empty
        date opens at this month, not at the "empty" date in 1900."""
        arrow = QPointF(self.width() - 6, self.height() / 2)
        for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            QApplication.sendEvent(self, QMouseEvent(
                kind, arrow, self.mapToGlobal(arrow), Qt.MouseButton.LeftButton,
                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))  # fmt: skip
        self.show_this_month_when_empty()

    def show_this_month_when_empty(self) -> None:
        calendar = self.calendarWidget()
        if calendar is not None and self.date() == self.minimumDate() == EMPTY_DATE:
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mousePressEvent(event)
        self.show_this_month_when_empty()  # also when the arrow is clicked


class DateEditor(AnswerEditor):
    """A date with the Dutch calendar popup; the lowest date stands for 'not filled in'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = DateField()
        self.edit.setLocale(DUTCH)
        self.edit.setDisplayFormat("d MMMM yyyy")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(EMPTY_DATE)
        self.edit.setMaximumDate(QDate(LATEST_DATE.year, LATEST_DATE.month, LATEST_DATE.day))
        self.edit.setSpecialValueText(self.tr("niet ingevuld"))
        self.edit.setDate(EMPTY_DATE)
        self.edit.setMinimumWidth(180)
        guard_wheel(self.edit)
        layout.addWidget(self.edit)
        layout.addStretch()
        self.edit.dateChanged.connect(lambda _date: self.changed.emit())

    def value(self) -> str | None:
        chosen = self.edit.date()
        if chosen == EMPTY_DATE:
            return None
        return date(chosen.year(), chosen.month(), chosen.day()).isoformat()

    def problem(self) -> str:
        chosen = self.value()
        return sentence(date_problem(date.fromisoformat(chosen))) if chosen else ""

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
        guard_wheel(self.combo)
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
        self.exclusive = info.exclusive_option
        self.boxes: dict[str, QCheckBox] = {}
        for value, label in info.option_labels.items():
            box = QCheckBox(label)
            box.toggled.connect(lambda checked, value=value: self._toggled(value, checked))
            layout.addWidget(box)
            self.boxes[value] = box

    def _toggled(self, value: str, checked: bool) -> None:
        """'Geen van deze' and the real options exclude each other, at the field already."""
        if checked and self.exclusive is not None:
            clear = (
                [v for v in self.boxes if v != value]
                if value == self.exclusive
                else [self.exclusive]
            )
            for other in clear:
                box = self.boxes[other]
                box.blockSignals(True)
                box.setChecked(False)
                box.blockSignals(False)
        self.changed.emit()

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
        # Tab moves through the cells' editors and then on to the next question; the table's
        # own Tab navigation would cycle through the cells for ever (a keyboard trap).
        self.table.setTabKeyNavigation(False)
        show_focus(self.table)
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
        """Every cell starts unanswered: a new row never counts as a real answer ("0 uur")."""
        info = self.question.info.columns[column.id]
        if column.type in ("keuze", "ja_nee"):
            combo = QComboBox()
            combo.addItem("—", None)
            if column.type == "ja_nee":
                combo.addItem(self.tr("ja"), True)
                combo.addItem(self.tr("nee"), False)
            for value, label in info.option_labels.items():
                combo.addItem(label, value)
            guard_wheel(combo)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            return combo
        edit = QLineEdit()
        edit.setMaxLength(40 if column.type == "getal" else 300)
        if column.type == "getal":
            edit.setPlaceholderText(column.unit or "—")
        edit.textEdited.connect(lambda _t: self.changed.emit())
        return edit

    def add_row(self, values: dict[str, Any] | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for index, column in enumerate(self.columns):
            editor = self._cell_editor(column)
            self.table.setCellWidget(row, index, editor)
            self._name_cell(editor, row, column)
            cell = (values or {}).get(column.id)
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                found = next(
                    (
                        i
                        for i in range(editor.count())
                        if cell is not None and _same(editor.itemData(i), cell)
                    ),
                    0,
                )
                editor.setCurrentIndex(found)
            elif isinstance(editor, QLineEdit):
                number = column.type == "getal" and cell is not None
                editor.setText(format_number_text(cell) if number else (cell or ""))
            editor.blockSignals(False)

    def _name_cell(self, cell: QWidget, row: int, column: Any) -> None:
        """For a screen reader: "Uren per week, fysiotherapeut 2"."""
        where = f"{self.question.info.row_label} {row + 1}"
        cell.setAccessibleName(f"{column.label}, {where}")

    def _chain_tab_order(self) -> None:
        """Cells are made after the rest of the form, so Qt puts them last in the Tab order;
        put them right after the table, row by row, then the buttons (and name them anew: a
        removed row renumbers the rest)."""
        previous: QWidget = self.table
        for row in range(self.table.rowCount()):
            for column in range(len(self.columns)):
                cell = self.table.cellWidget(row, column)
                self._name_cell(cell, row, self.columns[column])
                QWidget.setTabOrder(previous, cell)
                previous = cell
        QWidget.setTabOrder(previous, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)

    def _add_clicked(self) -> None:
        self.add_row()
        self._chain_tab_order()
        row = self.table.rowCount() - 1
        self.table.scrollTo(self.table.model().index(row, 0))
        self.table.setCurrentCell(row, 0)
        self.table.cellWidget(row, 0).setFocus()  # a new row is where the user types next
        self.changed.emit()

    def _remove_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.rowCount():
            rows = [self.table.rowCount() - 1]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self._chain_tab_order()
            self.changed.emit()

    def _cell(self, row: int, index: int) -> tuple[Any, str]:
        """A cell's value and what is wrong with its input ('' when nothing)."""
        column = self.columns[index]
        editor = self.table.cellWidget(row, index)
        if isinstance(editor, QComboBox):
            return editor.currentData(), ""
        assert isinstance(editor, QLineEdit)
        if column.type == "getal":
            return parse_number_text(editor.text(), column.integer, column.min, column.max)
        return editor.text().strip() or None, ""

    def value(self) -> list[dict[str, Any]] | None:
        rows = [
            {column.id: self._cell(row, index)[0] for index, column in enumerate(self.columns)}
            for row in range(self.table.rowCount())
        ]
        return rows or None

    def problem(self) -> str:
        for row in range(self.table.rowCount()):
            for index, column in enumerate(self.columns):
                problem = self._cell(row, index)[1]
                if problem:
                    return (
                        self.tr("Rij %1, %2: %3")
                        .replace("%1", str(row + 1))
                        .replace("%2", column.short or column.label)
                        .replace("%3", problem)
                    )
        return ""

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        for row in value or ():
            self.add_row(row)
        self._chain_tab_order()

    def focus_editor(self) -> None:
        self.table.setFocus()


def _same(option: Any, value: Any) -> bool:
    """Option data equals a cell value, without True matching 1 or False matching 0."""
    return type(option) is type(value) and option == value


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
