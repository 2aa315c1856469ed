"""The real window, driven as a purchaser or provider would (pytest-qt, offscreen)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from caresq_desk.core.document.recovery import recovery_dir
from caresq_desk.core.policy.registry import Registry
from caresq_desk.gui import main_window as main_window_module
from caresq_desk.gui.main_window import MainWindow
from caresq_desk.gui.settings import Settings
from tests.conftest import FYSIO_BASE
from tests.gui.conftest import FakePrompts, answer, banner, click_box, start_new

# A practice meeting every basic condition, with two factors (KNGF and 3 of 10 specialised).
FYSIO_TWO_FACTORS = {**FYSIO_BASE, "aantal_verbijzonderd": 3, "kngf_basisregister": True}


def fill_fysio(qtbot, window: MainWindow, **changes) -> None:
    form = window.document.form
    qtbot.keyClicks(form.name, "Fysiotherapie De Brug")
    qtbot.keyClicks(form.agb, "04012345")
    for question_id, value in {**FYSIO_TWO_FACTORS, **changes}.items():
        answer(qtbot, window, question_id, value)


def test_start_view_lists_policies_and_care_types(window: MainWindow) -> None:
    assert window.start.policy.count() >= 1
    window.start.policy.setCurrentIndex(window.start.policy.findData("paramedische-zorg-2026"))
    labels = [window.start.care_type.itemText(i) for i in range(window.start.care_type.count())]
    assert "Fysiotherapie" in labels and "Preventieve voetzorg" in labels
    assert window.windowTitle() == "Caresq Desk"


def test_two_factors_give_contract_b_and_index_151_an_exception(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    assert banner(window).startswith("Onvolledig")
    fill_fysio(qtbot, window)
    qtbot.waitUntil(lambda: banner(window) == "Komt in aanmerking")
    summary = window.document.panel.summary.toPlainText()
    assert "Fysiotherapie: Zorgovereenkomst B" in summary
    assert window.isWindowModified()

    answer(qtbot, window, "behandelindex", 151)
    qtbot.waitUntil(lambda: banner(window) == "Geen overeenkomst, uitzondering mogelijk")
    assert "zorginkoop@caresq.nl" in window.document.panel.summary.toPlainText()


def test_per_therapist_rows_count_towards_the_factor(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    rows = [{"verbijzondering": "Manuele therapie", "vektis": True, "uren": 32}] + [
        {"verbijzondering": "geen", "uren": 36}
    ] * 2
    changes = {"verbijzondering_invoer": "per_therapeut", "aantal_fysiotherapeuten": None}
    form = window.document.form
    for question_id, value in {**FYSIO_TWO_FACTORS, **changes}.items():
        if question_id in ("aantal_fysiotherapeuten", "aantal_verbijzonderd") or value is None:
            continue
        answer(qtbot, window, question_id, value)
    assert not form.rows["aantal_fysiotherapeuten"].isVisible()
    answer(qtbot, window, "fysiotherapeuten", rows)
    qtbot.keyClicks(form.agb, "04012345")
    qtbot.waitUntil(lambda: banner(window) == "Komt in aanmerking")
    f1 = next(c for c in window.document.result.criteria if c.id == "PZ-FYS-F1")
    assert f1.outcome == "voldaan" and "1 van de 3" in f1.reason


def test_save_close_and_reopen_gives_the_same_answers_and_result(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    fill_fysio(qtbot, window, skf_keurmerk=True)
    before = window.document.result
    target = tmp_path / "de-brug.json"
    prompts.save_answer = target
    window.save_action.trigger()
    assert target.exists() and not window.isWindowModified()
    assert window.windowTitle().startswith("de-brug.json")
    answers = window.document.form.answers()

    window.close_action.trigger()
    assert window.document is None and prompts.asked_unsaved == 0
    assert window.open_path(target)
    assert window.document.form.answers() == answers
    assert window.document.result.to_dict() == before.to_dict()
    assert banner(window) == "Komt in aanmerking"
    assert target in window.settings.recent_files()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{ dit is geen json", "beschadigd"),
        (
            json.dumps({"format": "caresq-desk/beoordeling", "schema_version": 99}),
            "nieuwere versie",
        ),
        (json.dumps({"hallo": "wereld"}), "geen beoordelingsbestand"),
        (
            json.dumps(
                {
                    "format": "caresq-desk/beoordeling",
                    "schema_version": 1,
                    "policy": {"id": "tandheelkunde-2031"},
                    "care_type": "x",
                    "assessment_date": "2026-03-01",
                }
            ),
            "niet beschikbaar",
        ),
    ],
)
def test_bad_files_show_a_dialog_and_change_nothing(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path, content: str, words: str
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "behandelindex", 140)
    document = window.document
    bad = tmp_path / "slecht.json"
    bad.write_text(content, encoding="utf-8")
    before = bad.read_bytes()
    assert not window.open_path(bad)
    assert len(prompts.errors) == 1 and words in prompts.errors[0][1]
    assert window.document is document and window.isWindowModified()
    assert bad.read_bytes() == before


def test_closing_with_unsaved_changes_asks(qtbot, window: MainWindow, prompts: FakePrompts) -> None:
    start_new(qtbot, window, "logopedie")
    answer(qtbot, window, "doorlopend_contract", True)
    prompts.unsaved_answer = "annuleren"
    assert not window.close()
    assert prompts.asked_unsaved == 1 and window.isVisible()
    prompts.unsaved_answer = "weggooien"
    assert window.close()


def test_autosave_is_recovered_after_a_crash(
    qtbot, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window_module, "AUTOSAVE_MS", 20)
    first = MainWindow(registry, Settings(), FakePrompts())
    qtbot.addWidget(first)
    first.show()
    start_new(qtbot, first, "fysiotherapie")
    answer(qtbot, first, "behandelindex", 163)
    qtbot.keyClicks(first.document.form.name, "Praktijk Na Storing")
    qtbot.waitUntil(lambda: first.autosave.path.exists(), timeout=3000)
    # The process dies: no close, no cleanup. The autosave file stays behind.
    first.timer.stop()
    first.autosave = None
    first.setWindowModified(False)

    second = MainWindow(registry, Settings(), FakePrompts())
    qtbot.addWidget(second)
    second.show()
    assert second.check_for_recovery()
    form = second.document.form
    assert form.name.text() == "Praktijk Na Storing"
    assert form.answers()["behandelindex"] == 163
    assert second.isWindowModified()
    second.setWindowModified(False)
    second.close()
    assert list(recovery_dir().glob("*.json")) == []


def test_provider_role_hides_purchaser_questions(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    assert window.document.form.rows["oordeel_prestaties"].isVisible()
    window.close_document()
    qtbot.mouseClick(window.start.provider, Qt.MouseButton.LeftButton)
    assert window.settings.role == "zorgaanbieder"
    start_new(qtbot, window, "fysiotherapie")
    assert not window.document.form.rows["oordeel_prestaties"].isVisible()
    assert window.document.form.rows["behandelindex"].isVisible()


def test_role_is_remembered_between_runs(qtbot, window: MainWindow, registry: Registry) -> None:
    qtbot.mouseClick(window.start.provider, Qt.MouseButton.LeftButton)
    window.settings.sync()
    again = MainWindow(registry, Settings(), FakePrompts())
    qtbot.addWidget(again)
    assert again.start.role == "zorgaanbieder"


def test_agb_code_is_checked_at_the_field(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    form = window.document.form
    qtbot.keyClicks(form.agb, "0412345")
    assert form.agb_error.isVisible() and "8 cijfers" in form.agb_error.text()
    qtbot.keyClicks(form.agb, "6")
    assert not form.agb_error.isVisible()


def test_clicking_a_criterion_focuses_its_question(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "behandelindex", 151)
    panel = window.document.panel
    row = panel.model.row_of("PZ-FYS-INDEX")
    assert row is not None
    rect = panel.tree.visualRect(panel.model.index(row, 0))
    tree = panel.tree
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = window.document.form.rows["behandelindex"].editor.edit
    qtbot.waitUntil(editor.hasFocus)


def test_only_unmet_filter(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    panel = window.document.panel
    everything = panel.model.rowCount()
    click_box(qtbot, panel.only_unmet)
    outcomes = {panel.model.index(i, 1).data() for i in range(panel.model.rowCount())}
    assert outcomes <= {"niet voldaan", "onbeantwoord"}
    assert panel.model.rowCount() < everything


def test_selected_criterion_survives_an_edit(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    panel = window.document.panel
    row = panel.model.row_of("PZ-FYS-INDEX")
    assert row is not None and row != 0
    qtbot.mouseClick(
        panel.tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.tree.visualRect(panel.model.index(row, 0)).center(),
    )
    answer(qtbot, window, "behandelindex", 140)
    assert panel.current_criterion().id == "PZ-FYS-INDEX"
    assert "PZ-FYS-INDEX" in panel.detail.toPlainText()


def test_check_lists_missing_answers(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "oefentherapie")
    window.check_action.trigger()
    listing = window.check_dialog.findChild(QListWidget)
    texts = [listing.item(i).text() for i in range(listing.count())]
    assert any("meerjarige zorgovereenkomst" in t for t in texts)


def test_every_care_type_of_every_policy_opens(
    qtbot, window: MainWindow, registry: Registry
) -> None:
    for policy in registry:
        for care_type in policy.care_types:
            start_new(qtbot, window, care_type, policy.id)
            assert banner(window)
            assert window.document.rules.id == care_type


def test_about_names_the_policy_versions(window: MainWindow, prompts: FakePrompts) -> None:
    window.about_action.trigger()
    assert "versie 2026-2" in prompts.infos[-1][1]


def test_window_paints_first_then_loads_the_policies(qtbot) -> None:
    from caresq_desk.gui.app import start

    window = start()
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.registry is not None)
    assert window.start.new_button.isEnabled()
    assert window.start.policy.count() == len(Registry.load().policies)
    newest = max(p.meta.contract_year for p in window.registry)
    assert window.registry.get(window.start.policy.currentData()).meta.contract_year == newest


def test_the_first_window_needs_no_policy_or_assessment_code(tmp_path: Path) -> None:
    """The window paints before pydantic and the policy code load (the start-up goal); a menu
    or view that imports them early shows up here."""
    import os
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from caresq_desk.gui.app import create_application\n"
        "from caresq_desk.gui.main_window import MainWindow\n"
        "app = create_application([])\n"
        "window = MainWindow()\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m == 'pydantic' or m.startswith('caresq_desk.core.')))\n"
    )
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "CARESQ_DESK_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.strip().splitlines()[-1]
    assert "pydantic" not in loaded and "caresq_desk.core.policy." not in loaded, loaded


def test_a_broken_policy_file_is_reported_not_a_crash(qtbot, tmp_path: Path) -> None:
    from caresq_desk.gui.app import load_policies

    broken = tmp_path / "beleid"
    broken.mkdir()
    (broken / "kapot.toml").write_text("schema = 1\n[policy]\nid = 'x'\n", encoding="utf-8")
    prompts = FakePrompts()
    window = MainWindow(None, Settings(), prompts)
    qtbot.addWidget(window)
    assert not load_policies(window, broken)
    assert "kapot.toml" in prompts.errors[0][1]
    assert not window.start.new_button.isEnabled()


def test_dropping_an_assessment_file_opens_it(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from caresq_desk.cli import main

    assert main(["example", str(tmp_path)]) == 0
    path = tmp_path / "paramedische-zorg-2026-logopedie-aanvraag-b.json"
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.path == path
    assert window.document.rules.id == "logopedie"


def test_keyboard_save_and_f1_help(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "behandelindex", 120)
    window.document.form.rows["behandelindex"].editor.edit.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert "150" in prompts.infos[-1][1] and "§2.3" in prompts.infos[-1][1]
    prompts.save_answer = tmp_path / "sneltoets.json"
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "sneltoets.json").exists()
    assert not window.isWindowModified()


def test_the_policy_change_list_is_shown(qtbot, window: MainWindow, prompts: FakePrompts) -> None:
    start_new(qtbot, window, "fysiotherapie")
    window.changes_action.trigger()
    assert "van vijf naar vier" in prompts.infos[-1][1]


def test_menu_accelerator_keys_are_unique_per_menu(window: MainWindow) -> None:
    for menu_action in window.menuBar().actions():
        letters = [
            action.text().split("&", 1)[1][0].lower()
            for action in menu_action.menu().actions()
            if "&" in action.text()
        ]
        assert len(letters) == len(set(letters)), (menu_action.text(), letters)


def test_selected_variant_survives_an_edit(qtbot, window: MainWindow) -> None:
    """PZ-FYS-INDEX has a 2026 and a 2027 variant: the one the user selected stays selected."""
    start_new(qtbot, window, "fysiotherapie")
    panel = window.document.panel
    row = panel.model.row_of("PZ-FYS-INDEX", "contractjaar 2027")
    assert row is not None
    panel.tree.setCurrentIndex(panel.model.index(row, 0))
    answer(qtbot, window, "behandelindex", 140)
    assert panel.current_criterion().variant == "contractjaar 2027"
