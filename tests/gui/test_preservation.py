"""Open + save in the real window never changes what the user did not touch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from caresq_desk.core.document.examples import load_examples
from caresq_desk.core.document.files import load_assessment, save_assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.gui.main_window import MainWindow
from tests.conftest import FYSIO_BASE
from tests.gui.conftest import FakePrompts, answer

KEPT = ("answers", "notes", "provider", "assessment_date", "policy", "care_type")


def write_file(path: Path, answers: dict[str, Any], notes: str = "") -> Path:
    document = {
        "format": "caresq-desk/beoordeling",
        "schema_version": 1,
        "policy": {"id": "paramedische-zorg-2026", "version": "oud-1"},
        "care_type": "fysiotherapie",
        "assessment_date": "2026-03-01",
        "provider": {"name": " Praktijk De Brug ", "agb_code": "04012345", "location": "Utrecht"},
        "answers": answers,
        "notes": notes,
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def open_and_save(window: MainWindow, path: Path) -> dict[str, Any]:
    before = json.loads(path.read_text(encoding="utf-8"))
    assert window.open_path(path)
    assert window.save()
    after = json.loads(path.read_text(encoding="utf-8"))
    assert {k: after.get(k) for k in KEPT} == {k: before.get(k) for k in KEPT}
    return after


def test_unanswered_table_cells_stay_unanswered(window: MainWindow, tmp_path: Path) -> None:
    rows = [
        {"naam": "A", "verbijzondering": "Manuele therapie", "vektis": True, "uren": 32},
        {"naam": "B", "verbijzondering": None, "vektis": None, "uren": None},
    ]
    answers = {**FYSIO_BASE, "verbijzondering_invoer": "per_therapeut", "fysiotherapeuten": rows}
    for key in ("aantal_fysiotherapeuten", "aantal_verbijzonderd"):
        answers.pop(key)
    path = write_file(tmp_path / "open-cellen.json", answers)
    verdict = window.registry and evaluate(
        window.registry.get("paramedische-zorg-2026"), load_assessment(path)[0]
    )
    after = open_and_save(window, path)
    assert after["answers"]["fysiotherapeuten"][1] == rows[1]
    assert after["result"]["verdict"] == verdict.verdict
    assert after["result"]["tier"] == verdict.to_dict()["tier"]


def test_values_the_form_cannot_show_are_kept_listed_and_removed_on_request(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    odd = {
        "behandelindex": "hoog",
        "onbekende_vraag": 5,
        "richtlijnen": 1,
        "aantal_fysiotherapeuten": True,
        "behandelindex_versie": "onbekende_versie",
    }
    path = write_file(tmp_path / "vreemd.json", {**FYSIO_BASE, **odd}, notes="Gebeld op 3 maart.")
    after = open_and_save(window, path)
    assert {k: after["answers"][k] for k in odd} == odd
    [(title, text)] = prompts.infos
    assert title == "Niet herkende antwoorden"
    assert all(label in text for label in ("onbekende_vraag", "hoog", "onbekende_versie"))
    row = window.document.form.rows["behandelindex"]
    assert row.foreign.isVisible() and "kreeg 'hoog'" in row.foreign.text()
    # Answering the question replaces the unrecognised value, and only that one.
    answer(qtbot, window, "behandelindex", 131)
    assert not row.foreign.isVisible()
    assert window.save()
    saved = load_assessment(path)[0].answers
    assert saved["behandelindex"] == 131 and saved["onbekende_vraag"] == 5
    # Removing the rest is the user's decision.
    window.drop_unrecognised_action.trigger()
    assert prompts.asked[-1] == "confirm:Niet-herkende antwoorden verwijderen"
    assert window.save()
    saved = load_assessment(path)[0].answers
    assert not set(odd) - {"behandelindex"} & set(saved)


def test_notes_are_kept_and_can_be_edited(qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = write_file(tmp_path / "notities.json", dict(FYSIO_BASE), notes="Regel 1\r\nRegel 2  ")
    open_and_save(window, path)
    notes = window.document.form.notes
    notes.setFocus()
    notes.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(notes, " en meer")
    assert window.isWindowModified() and window.save()
    assert load_assessment(path)[0].notes.endswith("en meer")


def test_every_bundled_example_survives_open_and_save(
    window: MainWindow, registry: Registry, tmp_path: Path
) -> None:
    count = 0
    for policy in registry:
        for example in load_examples(policy):
            path = tmp_path / example.file_name
            save_assessment(path, example.assessment, create_folder=True)
            open_and_save(window, path)
            count += 1
    assert count >= 20


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answers=st.dictionaries(
        st.sampled_from([*FYSIO_BASE, "fysiotherapeuten", "onbekend", "x"]),
        JSON_VALUES,
        max_size=10,
    ),
    notes=st.text(max_size=60),
)
def test_generated_assessments_survive_open_and_save(
    window: MainWindow, prompts: FakePrompts, tmp_path: Path, answers: dict[str, Any], notes: str
) -> None:
    path = write_file(tmp_path / "gegenereerd.json", answers, notes)
    open_and_save(window, path)
    assert not prompts.errors


@pytest.mark.parametrize("value", [True, 0, [], {"a": 1}, "2026-13-01"])
def test_wrong_types_in_any_question_kind_open_without_error(
    window: MainWindow, prompts: FakePrompts, tmp_path: Path, value: Any
) -> None:
    answers = dict.fromkeys(
        [
            "behandelindex",
            "richtlijnen",
            "behandelindex_versie",
            "digitale_zorg_doelen",
            "fysiotherapeuten",
        ],
        value,
    )
    path = write_file(tmp_path / "typen.json", answers)
    open_and_save(window, path)
    assert not prompts.errors


def test_an_answer_under_an_old_id_shows_at_its_question_today_and_is_saved_there(
    qtbot, window: MainWindow, prompts: FakePrompts, registry: Registry, tmp_path: Path
) -> None:
    """Issue 24 in the window: the farmacie file saved before the question was renamed."""
    policy = registry.get("farmacie-2026")
    example = next(e for e in load_examples(policy) if e.spec.name == "groep-met-onderhandeling")
    path = tmp_path / "apotheek.json"
    save_assessment(path, example.assessment, evaluate(policy, example.assessment))
    data = json.loads(path.read_text(encoding="utf-8"))
    value = data["answers"].pop("groep_gemandateerd")
    data["answers"]["groep_met_vertegenwoordiger"] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_path(path)
    form = window.document.form
    assert form.answers()["groep_gemandateerd"] == value
    assert "heet nu groep_gemandateerd" in window.statusBar().currentMessage()
    assert prompts.infos == []  # nothing unrecognised: the answer has its place
    assert window.document.result.verdict == evaluate(policy, example.assessment).verdict
    assert window.save()
    saved = load_assessment(path)[0]
    assert saved.answers["groep_gemandateerd"] == value
    assert "groep_met_vertegenwoordiger" not in saved.answers
