"""Status, decision, assessor and history in the real window (issue 11, part 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from caresq_desk.cli import main
from caresq_desk.core.document.files import load_assessment
from caresq_desk.core.document.history import replay
from caresq_desk.core.model.assessment import SCHEMA_VERSION
from caresq_desk.gui.main_window import MainWindow
from caresq_desk.gui.settings import Settings
from tests.conftest import V1_FILE
from tests.gui.conftest import ASSESSOR, FakePrompts, answer, banner, saved_new, start_new


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    folder = tmp_path / "voorbeelden"
    assert main(["example", str(folder)]) == 0
    return folder


def on_disk(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_saving_records_who_changed_which_answer(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "behandelindex", 120)
    prompts.save_answer = tmp_path / "brug.json"
    assert window.save()
    answer(qtbot, window, "behandelindex", 151)
    assert window.save()
    saved, _ = load_assessment(tmp_path / "brug.json")
    assert saved.made_by is not None and saved.made_by.name == ASSESSOR
    changes = [(e.field, e.old, e.new) for e in saved.history if e.event == "antwoord"]
    assert changes == [("behandelindex", None, 120), ("behandelindex", 120, 151)]
    assert replay(saved.history) == saved.answers
    assert window.save() and load_assessment(tmp_path / "brug.json")[0].history == saved.history
    window.workflow.show_history()
    rows = window.history_dialog.cells()
    assert rows[0][2] == "Beoordeling aangemaakt"
    assert rows[-1][1] == f"{ASSESSOR} (inkoper)"
    assert "120 → 151" in rows[-1][2] and "behandelindex" in rows[-1][2].lower()


def test_the_assessor_name_is_asked_once_and_kept_in_the_settings(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    window.settings.assessor = ""
    prompts.text_answers = ["Jan de Vries"]
    start_new(qtbot, window, "fysiotherapie")
    prompts.save_answer = tmp_path / "a.json"
    assert window.save()
    assert [q for q in prompts.asked if q.startswith("text:")] == ["text:Uw naam als beoordelaar"]
    assert Settings().assessor == "Jan de Vries"
    assert load_assessment(tmp_path / "a.json")[0].made_by.name == "Jan de Vries"


def test_a_vastgesteld_file_cannot_be_edited_until_it_is_reopened_with_a_reason(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "behandelindex", 120)
    prompts.save_answer = path = tmp_path / "vast.json"
    assert window.workflow.advance_action.isEnabled()
    window.workflow.advance_action.trigger()  # concept -> ter controle, saved at once
    assert on_disk(path)["status"] == "ter_controle"
    assert window.workflow.advance_action.text() == "&Vaststellen…"
    window.workflow.advance_action.trigger()
    assert "confirm:Vaststellen" in prompts.asked
    assert on_disk(path)["status"] == "vastgesteld"
    document = window.document
    assert document is not None and document.read_only
    assert "alleen lezen" in document.state.text()
    editor = document.form.rows["behandelindex"].editor
    assert not editor.isEnabled()
    qtbot.keyClicks(editor.edit, "9")
    assert editor.value() == 120 and not window.dirty
    # Reopening without a reason does nothing; with one, the file is editable again.
    prompts.text_answers = [None]
    window.workflow.reopen_action.trigger()
    assert on_disk(path)["status"] == "vastgesteld" and document.read_only
    prompts.text_answers = ["Nieuwe behandelindex ontvangen"]
    window.workflow.reopen_action.trigger()
    saved = on_disk(path)
    assert saved["status"] == "concept"
    assert saved["history"][-1]["event"] == "heropend"
    assert saved["history"][-1]["reason"] == "Nieuwe behandelindex ontvangen"
    assert editor.isEnabled()
    answer(qtbot, window, "behandelindex", 130)
    assert window.dirty


def test_a_vastgesteld_file_opens_read_only(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    prompts.save_answer = path = tmp_path / "vast.json"
    window.workflow.advance_action.trigger()
    window.workflow.advance_action.trigger()
    assert window.close_document()
    assert window.open_path(path)
    assert window.document is not None and window.document.read_only
    assert not window.document.form.rows["behandelindex"].editor.isEnabled()
    assert window.workflow.reopen_action.isEnabled()
    assert not window.workflow.advance_action.isEnabled()


def test_the_decision_on_an_exception_is_saved_with_its_motivation(
    qtbot, window: MainWindow, prompts: FakePrompts, examples: Path
) -> None:
    path = examples / "paramedische-zorg-2026-fysio-index-151.json"
    assert window.open_path(path)
    assert window.workflow.decide_action.isEnabled()
    prompts.decision_answer = ("toegekend", "Enige praktijk in de regio met deze zorg")
    window.workflow.decide_action.trigger()
    saved = on_disk(path)
    assert saved["decision"]["exception"] == "toegekend"
    assert saved["decision"]["by"]["name"] == ASSESSOR
    assert saved["history"][-1]["event"] == "besluit"
    # Issue 27: the decision is the outcome now, in the panel, the saved result and Excel.
    assert banner(window) == "Komt in aanmerking: uitzondering toegekend"
    assert saved["result"]["verdict"] == "uitzondering_toegekend"
    contract = saved["result"]["contract"]
    assert contract.startswith("Fysiotherapie: Zorgovereenkomst ")
    summary = window.document.panel.summary.toPlainText()
    assert contract in summary and "zodra de uitzondering" not in summary
    assert "per e-mail" not in summary and "Enige praktijk in de regio" in summary
    assert window.workflow.decide_action.isEnabled()  # a decision can still be changed
    prompts.excel_save_answer = examples / "samenvatting.xlsx"
    window.export_action.trigger()
    overview = load_workbook(examples / "samenvatting.xlsx")["Overzicht"]
    assert [overview[f"{c}1"].value for c in "STU"] == [
        "Status",
        "Beoordelaar",
        "Besluit uitzondering",
    ]
    assert [overview[f"{c}2"].value for c in "STU"] == [
        "Concept",
        ASSESSOR,
        "toegekend: Enige praktijk in de regio met deze zorg",
    ]
    assert overview["G2"].value == "Komt in aanmerking: uitzondering toegekend"
    assert overview["H2"].value == contract
    # The decision only counts while the policy leaves one: below 151 there is nothing to decide.
    answer(qtbot, window, "behandelindex", 140)
    assert "Uitzondering" not in banner(window)
    assert not window.workflow.decide_action.isEnabled()


def test_decisions_and_status_are_for_the_purchaser(
    qtbot, window: MainWindow, examples: Path
) -> None:
    window.start.provider.setChecked(True)
    assert window.open_path(examples / "paramedische-zorg-2026-fysio-index-151.json")
    assert not window.workflow.decide_action.isEnabled()
    assert not window.workflow.advance_action.isEnabled()


def test_a_version_1_file_opens_with_its_history_starting_at_gemigreerd(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "oud.json"
    old = V1_FILE | {"answers": {"behandelindex": 140}}
    path.write_text(json.dumps(old))
    assert window.open_path(path)
    assert "bestandsversie 1" in window.statusBar().currentMessage()
    answer(qtbot, window, "behandelindex", 141)
    assert window.save()
    saved = on_disk(path)
    assert saved["schema_version"] == SCHEMA_VERSION
    assert [e["event"] for e in saved["history"]] == ["gemigreerd", "antwoord"]
    assert saved["history"][0]["answers"] == {"behandelindex": 140}


def test_a_providers_self_check_shows_what_the_provider_claimed(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    window.start.provider.setChecked(True)
    prompts.text_answers = ["Praktijk De Brug"]  # the provider role's own name, asked once
    path = saved_new(qtbot, window, prompts, tmp_path / "zelftoets.json")
    assert window.close_document()
    window.start.purchaser.setChecked(True)
    assert window.open_path(path)
    document = window.document
    assert document is not None
    assert "zelftoets van Praktijk De Brug: bij een gewijzigd antwoord staat wat die opgaf" in (
        document.state.text()
    )
    row = document.form.rows["behandelindex"]
    assert not row.claim.isVisible()
    answer(qtbot, window, "behandelindex", 163)
    qtbot.waitUntil(row.claim.isVisible)
    assert row.claim.text() == "Opgave van de zorgaanbieder: 120"
    assert window.save()
    assert load_assessment(path)[0].made_by.role == "zorgaanbieder"
    # Reopened, the purchaser still sees the provider's own answer.
    assert window.close_document() and window.open_path(path)
    assert window.document.form.rows["behandelindex"].claim.text().endswith("120")
    assert window.document.form.rows["behandelindex"].claim.isVisibleTo(window.document)


def test_history_button_opens_the_history(qtbot, window: MainWindow, examples: Path) -> None:
    assert window.open_path(examples / "paramedische-zorg-2026-fysio-index-151.json")
    assert window.document is not None
    qtbot.mouseClick(window.document.history_button, Qt.MouseButton.LeftButton)
    assert window.history_dialog.isVisible()
