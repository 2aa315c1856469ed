"""A day in the window, second round (issue 23): where typing lands after starting, Enter on the
start view, and no field of any care type that Tab cannot leave, driven by key presses."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QTreeView, QWidget

from caresq_desk.core.policy.registry import Registry
from caresq_desk.gui.main_window import MainWindow
from tests.gui.conftest import start_new


def _type_name_agb_and_place(qtbot) -> None:
    """A burst of typing as a purchaser does it, without looking."""
    for text in ("Praktijk De Brug", "04012345", "Utrecht"):
        qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_typing_after_starting_lands_in_name_agb_and_place(
    qtbot, window: MainWindow, prompts
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    form = window.document.form
    qtbot.waitUntil(lambda: form.name.hasFocus())
    _type_name_agb_and_place(qtbot)
    assert (form.name.text(), form.agb.text(), form.location.text()) == (
        "Praktijk De Brug", "04012345", "Utrecht",
    )  # fmt: skip
    assert window.workflow.history_dialog is None  # the space never pressed a button
    assert prompts.infos == []


def test_ctrl_n_then_enter_starts_and_typing_lands_in_the_name(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "logopedie")
    qtbot.keyClicks(window.document.form.name, "Eerste")
    window.document.session.dirty = False  # the first one needs no question about saving
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.start
    qtbot.waitUntil(lambda: window.start.care_type.hasFocus())
    qtbot.keyClick(window.start.care_type, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.document.form.name.hasFocus())
    assert window.document.form.name.text() == ""
    _type_name_agb_and_place(qtbot)
    assert window.document.form.name.text() == "Praktijk De Brug"


def test_enter_on_a_start_view_button_presses_that_button(qtbot, window: MainWindow) -> None:
    window.start.open_button.setFocus()
    opened = []
    window.start.open_requested.connect(lambda: opened.append(1))
    qtbot.keyClick(window.start.open_button, Qt.Key.Key_Return)
    assert opened == [1] and window.document is None


def _tab_stops(root: QWidget) -> list[QWidget]:
    stops = []
    for widget in root.findChildren(QWidget):
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusProxy() is None
            and not isinstance(widget.parent(), QAbstractSpinBox)  # the box is the stop
        ):
            stops.append(widget)
    return stops


def _trapped(qtbot, stop: QWidget, key: Qt.Key) -> bool:
    # Arriving by Tab matters: Qt's date edit then selects its first section and keeps Tab.
    reason = (
        Qt.FocusReason.TabFocusReason
        if key == Qt.Key.Key_Tab
        else Qt.FocusReason.BacktabFocusReason
    )
    stop.setFocus(reason)
    if QApplication.focusWidget() is not stop:
        return False  # not a stop of its own (a cell of a table, say)
    qtbot.keyClick(stop, key)
    return QApplication.focusWidget() is stop


def test_no_field_of_any_care_type_is_a_tab_trap(
    qtbot, window: MainWindow, registry: Registry
) -> None:
    """Every question of every care type shown (also those that apply only after an answer),
    empty: each field that takes focus gives it up on one Tab and on one Shift+Tab."""
    trapped = []
    for policy in registry:
        for care_type in policy.care_types:
            start_new(qtbot, window, care_type, policy.id)
            form = window.document.form
            for group in form.groups.values():
                group.show()
            for row in form.rows.values():
                row.show()
            stops = _tab_stops(form.widget())
            assert stops, care_type
            for stop in stops:
                for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                    if _trapped(qtbot, stop, key):
                        question = form.question_with_focus() or type(stop).__name__
                        trapped.append(f"{policy.id}/{care_type}: {question} ({key.name})")
            window.document.session.dirty = False
    assert trapped == []


def test_one_tab_leaves_the_assessment_date_and_an_empty_optional_date(
    qtbot, window: MainWindow
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    form = window.document.form
    form.name.setFocus()
    for field in (form.name, form.agb, form.location):
        qtbot.keyClick(field, Qt.Key.Key_Tab)  # Tab into the date, as a user arrives there
    assert form.date.hasFocus()
    qtbot.keyClick(form.date, Qt.Key.Key_Tab)
    assert not form.date.hasFocus()
    row = form.rows["datum_gecorrigeerd_bewijs"]  # the trap of the issue: optional, empty
    row.parentWidget().show()
    row.show()
    edit = row.editor.edit
    assert edit.text() == "niet ingevuld"
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert not edit.hasFocus()
    edit.setFocus(Qt.FocusReason.BacktabFocusReason)
    qtbot.keyClick(edit, Qt.Key.Key_Backtab)
    assert not edit.hasFocus()


def test_typing_after_a_tab_out_of_the_date_goes_to_the_next_field(
    qtbot, window: MainWindow
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    form = window.document.form
    form.date.setFocus()
    qtbot.keyClick(form.date, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    qtbot.keyClicks(after, "abc")
    if isinstance(after, QLineEdit):
        assert after.text().endswith("abc")
    assert form.date.hasFocus() is False


ENGLISH = re.compile(
    r"\b(Look in|Files of type|File name|Open|Save|Cancel|Back|Forward|Parent Directory|"
    r"Create New Folder|List View|Detail View|Name|Size|Date Modified|Choose|Directory)\b"
)


def test_qt_s_own_file_dialog_speaks_dutch(qtbot) -> None:
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

    from caresq_desk.gui.app import create_application
    from caresq_desk.gui.prompts import DIALOG_OPTIONS, FILE_FILTER

    create_application([])
    dialog = QFileDialog(None, "Beoordeling openen", "", FILE_FILTER)
    dialog.setOptions(DIALOG_OPTIONS | QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    texts += [b.text() or b.toolTip() for b in dialog.findChildren(QAbstractButton)]
    model = dialog.findChild(QTreeView).model()
    texts += [
        str(model.headerData(i, Qt.Orientation.Horizontal)) for i in range(model.columnCount())
    ]
    shown = [t.replace("&", "") for t in texts if t]
    assert "Zoeken in:" in shown and "Bestandstype:" in shown
    assert [t for t in shown if ENGLISH.search(t)] == []
