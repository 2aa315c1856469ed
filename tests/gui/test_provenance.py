"""Issue 20 in the real window: a provider's claims shown but not counted until the purchaser
answers them, a history that does not hold named, and the purchaser's own signing key."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from caresq_desk.core.document.files import load_assessment, save_assessment
from caresq_desk.core.document.history import record
from caresq_desk.core.document.signing import key_path
from caresq_desk.core.model.assessment import Actor
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.gui.main_window import MainWindow
from tests.conftest import criterion, fysio, make_assessment
from tests.gui.conftest import FakePrompts, answer, saved_new

PROVIDER = Actor(name="Praktijk De Brug", role="zorgaanbieder")


def forged_self_check(folder: Path, registry: Registry) -> Path:
    """A provider's self-check with the purchaser's judgement and a final status typed in."""
    policy = registry.get("paramedische-zorg-2026")
    assessment = record(None, make_assessment(policy, "fysiotherapie", fysio()), PROVIDER)
    path = folder / "brug.json"
    save_assessment(path, assessment, evaluate(policy, assessment))
    data = json.loads(path.read_text())
    data["answers"] |= {"oordeel_prestaties": "bovengemiddeld"}
    data["status"] = "vastgesteld"
    path.write_text(json.dumps(data))
    return path


def test_a_purchaser_sees_the_claim_and_makes_it_theirs_by_answering(
    qtbot, window: MainWindow, prompts: FakePrompts, registry: Registry, tmp_path: Path
) -> None:
    path = forged_self_check(tmp_path, registry)
    assert window.open_path(path)
    document = window.document
    assert document is not None and not document.read_only  # the claimed status does not count
    state = document.state.text()
    assert state.startswith("Status: Zelftoets")
    assert "Oordeel prestaties: Bovengemiddeld" in state and "telt niet mee" in state
    assert "gewijzigd buiten de toepassing" in state
    row = document.form.rows["oordeel_prestaties"]
    assert row.editor.value() is None  # shown empty: the purchaser judges
    assert row.claim.isVisible() and "Bovengemiddeld" in row.claim.text()
    assert criterion(document.result, "G-PRESTATIE").outcome == "onbeantwoord"
    assert window.workflow.advance_action.text() == "Ter controle &aanbieden"
    # The purchaser takes over the provider's answer: it counts at once, and after saving.
    answer(qtbot, window, "oordeel_prestaties", "bovengemiddeld")
    assert criterion(document.result, "G-PRESTATIE").outcome == "voldaan"
    assert not row.claim.isVisible()
    assert window.save()
    saved, _ = load_assessment(path)
    last = [e for e in saved.history if e.field == "oordeel_prestaties"][-1]
    assert last.by is not None and last.by.role == "inkoper" and last.old == last.new
    assert window.open_path(path)
    assert "Oordeel prestaties" not in window.document.state.text()
    window.workflow.show_history()
    cells = window.history_dialog.cells()
    assert any("(bevestigd)" in row[2] for row in cells)
    # The status typed into the file still never counted, and still shows in the history.
    assert any("⚠" in row[2] for row in cells)


def test_an_edited_old_event_is_marked_in_the_history_dialog(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    path = saved_new(qtbot, window, prompts, tmp_path / "a.json")
    answer(qtbot, window, "behandelindex", 151)
    assert window.save()
    data = json.loads(path.read_text())
    data["history"][1]["new"] = 100
    path.write_text(json.dumps(data))
    assert window.open_path(path)
    window.workflow.show_history()
    marked = [row for row in window.history_dialog.cells() if "⚠" in row[2]]
    assert len(marked) == 1 and "gebeurtenis 2" in marked[0][2]
    assert "gewijzigd buiten de toepassing" in window.document.state.text()


def test_a_purchaser_makes_a_key_and_every_save_is_signed(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    prompts.confirm_answer = True
    window.workflow.key_action.trigger()
    assert key_path().is_file()
    title, text = prompts.infos[-1]
    line = QGuiApplication.clipboard().text()
    assert title == "Ondertekensleutel" and line in text and line.endswith(window.settings.assessor)
    path = saved_new(qtbot, window, prompts, tmp_path / "a.json")
    signature = json.loads(path.read_text())["signature"]
    assert signature["key"] == line.split()[0]
    # A key file that is damaged is told, and the file is still saved (unsigned).
    key_path().write_text("kapot")
    answer(qtbot, window, "behandelindex", 121)
    assert window.save()
    assert any("geen Ed25519-sleutel" in text for _, text in prompts.errors)
    assert load_assessment(path)[0].answers["behandelindex"] == 121
