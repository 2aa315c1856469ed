"""Carrying an assessment to next year from the window and from the werkmap (issue 24, part 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from caresq_desk.core.document.files import load_assessment, save_assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.gui.main_window import MainWindow
from caresq_desk.gui.settings import Settings
from tests.conftest import fysio, make_assessment
from tests.core.test_carry_over import next_year
from tests.gui.conftest import FakePrompts


@pytest.fixture
def two_years(tmp_path: Path) -> Registry:
    return Registry.load(next_year(tmp_path / "beleid"))


@pytest.fixture
def window(qtbot, two_years: Registry, prompts: FakePrompts) -> MainWindow:
    settings = Settings()
    settings.assessor = "I. Jansen"
    main = MainWindow(two_years, settings, prompts)
    qtbot.addWidget(main)
    main.show()
    return main


def saved_practice(registry: Registry, folder: Path) -> Path:
    policy = registry.get("paramedische-zorg-2026")
    path = folder / "De Brug.json"
    save_assessment(path, make_assessment(policy, "fysiotherapie", fysio()), create_folder=True)
    return path


def test_the_window_opens_the_carried_assessment_as_new_unsaved_work(
    qtbot, window: MainWindow, two_years: Registry, prompts: FakePrompts, tmp_path: Path
) -> None:
    path = saved_practice(two_years, tmp_path / "ronde")
    before = path.read_bytes()
    assert window.open_path(path)
    assert window.carry_action.isEnabled()
    prompts.option_answer = "paramedische-zorg-2027"
    window.carry_action.trigger()
    assert prompts.asked[-1].startswith("option:Overnemen naar ander beleid:")
    assert "paramedische-zorg-2027" in prompts.asked[-1]
    document = window.document
    assert document is not None and document.policy.id == "paramedische-zorg-2027"
    assert window.path is None and window.dirty  # new work, to be saved under its own name
    assert "gewijzigd buiten" not in document.state.text()  # its history is sealed at the save
    assert document.form.answers()["richtlijnen_beroepsgroep"] is True
    title, text = prompts.infos[-1]
    assert title == "Overgenomen" and "antwoorden overgenomen" in text
    assert "Het origineel De Brug.json blijft ongewijzigd" in text
    assert path.read_bytes() == before
    prompts.save_answer = tmp_path / "ronde" / "De Brug 2027.json"
    assert window.save()
    saved = load_assessment(prompts.save_answer)[0]
    assert saved.policy.id == "paramedische-zorg-2027"
    assert saved.history[0].reason.startswith("overgenomen uit De Brug.json")


def test_the_werkmap_carries_a_selection_beside_the_originals(
    qtbot, window: MainWindow, two_years: Registry, prompts: FakePrompts, tmp_path: Path
) -> None:
    folder = tmp_path / "ronde"
    saved_practice(two_years, folder)
    prompts.folder_answer = folder
    window.werkmap_action.trigger()
    werkmap = window.werkmap
    assert werkmap is not None
    qtbot.waitUntil(lambda: not werkmap.busy and len(werkmap.model.rows) == 1, timeout=10_000)
    werkmap.table.selectionModel().select(
        werkmap.proxy.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert werkmap.carry_action.isEnabled()
    prompts.option_answer = "paramedische-zorg-2027"
    werkmap.carry_action.trigger()
    written = folder / "De Brug (paramedische-zorg-2027).json"
    assert load_assessment(written)[0].policy.id == "paramedische-zorg-2027"
    assert prompts.infos[-1][0] == "Overgenomen"
    qtbot.waitUntil(lambda: len(werkmap.model.rows) == 2, timeout=10_000)
