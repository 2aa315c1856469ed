"""Steps that surprised and names that stuck (issue 27, parts 4 and 5): a status step asks
before it saves, a date opens its calendar with Alt+Down (at this month when empty), a new file
is saved where the work is, and who made a file is the name of the role that made it."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from caresq_desk.core.document.files import load_assessment
from caresq_desk.gui.editors import EMPTY_DATE, DateEditor
from caresq_desk.gui.main_window import MainWindow
from tests.gui.conftest import FakePrompts, answer, saved_new, start_new


def test_ter_controle_aanbieden_asks_before_it_saves(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    path = saved_new(qtbot, window, prompts, tmp_path / "a.json")
    prompts.confirm_answer = False
    window.workflow.advance_action.trigger()
    assert "confirm:Ter controle aanbieden" in prompts.asked
    assert json.loads(path.read_text())["status"] == "concept"  # nothing saved
    prompts.confirm_answer = True
    window.workflow.advance_action.trigger()
    assert json.loads(path.read_text())["status"] == "ter_controle"
    prompts.confirm_answer = False
    window.workflow.back_action.trigger()
    assert json.loads(path.read_text())["status"] == "ter_controle"


def test_alt_down_opens_the_calendar_at_this_month_for_an_empty_date(qtbot) -> None:
    editor = DateEditor()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClick(editor.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = editor.edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert editor.edit.date() == EMPTY_DATE and editor.value() is None  # still not filled in
    calendar.window().close()
    editor.edit.setDate(QDate(2026, 3, 14))
    qtbot.keyClick(editor.edit, Qt.Key.Key_F4)
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 3)
    assert editor.edit.date() == QDate(2026, 3, 14)  # the year was not stepped


def test_a_new_file_is_saved_in_the_last_round_by_default(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    round_folder = tmp_path / "ronde-2026"
    round_folder.mkdir()
    window.settings.set_last_werkmap(round_folder)
    start_new(qtbot, window, "fysiotherapie")
    window.document.form.name.setText("Fysio: De Brug?")
    prompts.save_answer = None
    assert not window.save()
    suggested = Path(prompts.asked[-1].removeprefix("save:"))
    assert suggested == round_folder / "Fysio_ De Brug_.json"


def test_the_makers_name_is_filled_in_at_the_first_save_that_knows_it(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    window.settings.assessor = ""
    prompts.text_answers = [""]  # the name is not given the first time
    start_new(qtbot, window, "fysiotherapie")
    prompts.save_answer = path = tmp_path / "a.json"
    assert window.save()
    assert load_assessment(path)[0].made_by.name == ""
    window.settings.assessor = "Jan de Vries"
    answer(qtbot, window, "behandelindex", 120)
    assert window.save()
    assert load_assessment(path)[0].made_by.name == "Jan de Vries"


def test_the_provider_role_has_a_name_of_its_own(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    window.start.provider.setChecked(True)
    prompts.text_answers = ["Praktijk De Brug"]
    start_new(qtbot, window, "fysiotherapie")
    prompts.save_answer = path = tmp_path / "zelftoets.json"
    assert window.save()
    assert "text:Naam van uw praktijk" in prompts.asked
    made = load_assessment(path)[0].made_by
    assert (made.name, made.role) == ("Praktijk De Brug", "zorgaanbieder")
    assert window.settings.assessor != "Praktijk De Brug"  # the purchaser's name is untouched
