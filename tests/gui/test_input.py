"""Input that must mean what the user meant: Dutch numbers, the mouse wheel, new table rows,
and fields that refuse what cannot be saved."""

from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from caresq_desk.core.common.limits import MAX_NAME
from caresq_desk.gui.main_window import MainWindow
from tests.gui.conftest import answer, start_new


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_dutch_thousands_are_thousands(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "wijkverpleging_nachtzorg", "categorale-instellingen-2027")
    editor = window.document.form.rows["begroting"].editor
    type_into(qtbot, editor.edit, "250.000")
    assert editor.value() == 250_000
    assert editor.read_back.text() == "gelezen als 250000"
    type_into(qtbot, editor.edit, "250.000,50")
    assert editor.value() == 250_000.5


def test_ambiguous_number_is_refused_with_the_reason(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "wijkverpleging_nachtzorg", "categorale-instellingen-2027")
    row = window.document.form.rows["begroting"]
    type_into(qtbot, row.editor.edit, "1.5")
    assert row.editor.value() is None
    assert row.error.isVisible() and "komma voor decimalen" in row.error.text()


def wheel(widget, steps: int = -1) -> None:
    event = QWheelEvent(
        QPointF(5, 5),
        QPointF(widget.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_mouse_wheel_over_an_unfocused_field_scrolls_instead_of_changing_it(
    qtbot, window: MainWindow
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    form = window.document.form
    combo: QComboBox = form.rows["verbijzondering_invoer"].editor.combo
    form.name.setFocus()
    before = combo.currentIndex()
    wheel(combo)
    assert combo.currentIndex() == before
    date = form.date
    day = date.date()
    wheel(date)
    assert date.date() == day
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo)
    assert combo.currentIndex() != before  # with focus the wheel still works


def test_a_new_table_row_is_unanswered_and_changes_no_tier(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "verbijzondering_invoer", "per_therapeut")
    editor = window.document.form.rows["fysiotherapeuten"].editor
    answer(
        qtbot,
        window,
        "fysiotherapeuten",
        [{"verbijzondering": "Manuele therapie", "vektis": True, "uren": 32}],
    )
    tier_before = window.document.result.tier
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.value()[1] == {
        "naam": None,
        "verbijzondering": None,
        "vektis": None,
        "uren": None,
    }
    assert window.document.result.tier == tier_before


def test_table_number_cells_read_dutch_notation(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "verbijzondering_invoer", "per_therapeut")
    editor = window.document.form.rows["fysiotherapeuten"].editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    hours = editor.table.cellWidget(0, 3)
    qtbot.keyClicks(hours, "24,5")
    assert editor.value()[0]["uren"] == 24.5
    hours.clear()
    qtbot.keyClicks(hours, "800")
    assert editor.value()[0]["uren"] is None and "maximum" in editor.problem()


def test_name_and_date_refuse_what_cannot_be_saved(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    form = window.document.form
    form.name.setFocus()
    qtbot.keyClicks(form.name, "x" * (MAX_NAME + 20))
    assert len(form.name.text()) == MAX_NAME
    assert form.limit_note.isVisible() and "300" in form.limit_note.text()
    form.date.setDate(QDate(9999, 12, 31))
    assert form.date.date().year() == 2099
    assert form.assessment().assessment_date.year == 2099  # no exception, no silent failure


def test_none_of_these_and_real_choices_exclude_each_other(qtbot, window: MainWindow) -> None:
    from tests.gui.conftest import click_box

    start_new(qtbot, window, "fysiotherapie")
    editor = window.document.form.rows["digitale_zorg_doelen"].editor
    click_box(qtbot, editor.boxes["Besparen van kosten"])
    click_box(qtbot, editor.boxes["geen"])
    assert editor.value() == ["geen"]
    click_box(qtbot, editor.boxes["Besparen van kosten"])
    assert editor.value() == ["Besparen van kosten"]
