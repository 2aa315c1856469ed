"""The window on real folders: two writers, lock markers, read-only files, folders that vanish."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from caresq_desk.core.files import load_assessment, save_assessment
from caresq_desk.core.registry import Registry
from caresq_desk.core.sharing import lock_path
from caresq_desk.gui.main_window import MainWindow
from caresq_desk.gui.settings import Settings
from tests.conftest import fysio, make_assessment
from tests.gui.conftest import FakePrompts, answer


@pytest.fixture
def saved(tmp_path: Path, registry: Registry) -> Path:
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    path = folder / "praktijk.json"
    pz = registry.get("paramedische-zorg-2026")
    save_assessment(path, make_assessment(pz, "fysiotherapie", fysio(behandelindex=120)))
    return path


@pytest.fixture
def second(qtbot, registry: Registry) -> tuple[MainWindow, FakePrompts]:
    prompts = FakePrompts()
    other = MainWindow(registry, Settings(), prompts)
    qtbot.addWidget(other)
    other.show()
    yield other, prompts
    prompts.unsaved_answer = "weggooien"


def index_on_disk(path: Path) -> int:
    return load_assessment(path)[0].answers["behandelindex"]


def test_two_windows_saving_one_file_the_second_is_refused(
    qtbot, window: MainWindow, second, saved: Path, tmp_path: Path
) -> None:
    other, other_prompts = second
    assert window.open_path(saved) and other.open_path(saved)
    answer(qtbot, window, "behandelindex", 130)
    assert window.save()
    answer(qtbot, other, "behandelindex", 140)
    assert not other.save()
    assert other_prompts.asked == ["file_changed:praktijk.json:False"]
    assert index_on_disk(saved) == 130  # the first save is not overwritten
    assert other.isWindowModified()  # and the second window still has its work
    other_prompts.file_changed_answer = "opslaan_als"
    other_prompts.save_answer = tmp_path / "mijn-versie.json"
    assert other.save()
    assert index_on_disk(saved) == 130 and index_on_disk(tmp_path / "mijn-versie.json") == 140


def test_overwrite_after_a_conflict_only_when_chosen(
    qtbot, window: MainWindow, prompts: FakePrompts, saved: Path, registry: Registry
) -> None:
    assert window.open_path(saved)
    pz = registry.get("paramedische-zorg-2026")
    save_assessment(saved, make_assessment(pz, "fysiotherapie", fysio(behandelindex=99)))
    answer(qtbot, window, "behandelindex", 141)
    prompts.file_changed_answer = "overschrijven"
    assert window.save()
    assert index_on_disk(saved) == 141


def test_reload_after_a_conflict_shows_the_other_version(
    qtbot, window: MainWindow, prompts: FakePrompts, saved: Path, registry: Registry
) -> None:
    assert window.open_path(saved)
    pz = registry.get("paramedische-zorg-2026")
    save_assessment(saved, make_assessment(pz, "fysiotherapie", fysio(behandelindex=99)))
    answer(qtbot, window, "behandelindex", 141)
    prompts.file_changed_answer = "herladen"
    assert not window.save()
    assert window.document.form.answers()["behandelindex"] == 99
    assert not window.isWindowModified()


def test_lock_marker_is_written_and_removed(qtbot, window: MainWindow, saved: Path) -> None:
    assert window.open_path(saved)
    assert lock_path(saved).exists()
    window.close_action.trigger()
    assert not lock_path(saved).exists()


def test_someone_elses_lock_is_shown_before_opening(
    window: MainWindow, prompts: FakePrompts, saved: Path
) -> None:
    marker = {
        "user": "jdevries",
        "host": "laptop-collega",
        "pid": 4242,
        "since": "2026-11-30T09:15:00",
    }
    lock_path(saved).write_text(json.dumps(marker), encoding="utf-8")
    assert not window.open_path(saved)
    assert prompts.asked == [
        "locked:praktijk.json:jdevries op computer laptop-collega, sinds 30-11-2026 09:15"
    ]
    prompts.open_locked_answer = True
    assert window.open_path(saved)
    window.close_action.trigger()
    assert lock_path(saved).exists()  # the colleague's marker stays


def test_read_only_file_is_replaced_only_after_asking(
    qtbot, window: MainWindow, prompts: FakePrompts, saved: Path
) -> None:
    assert window.open_path(saved)
    saved.chmod(0o444)
    answer(qtbot, window, "behandelindex", 131)
    assert not window.save()
    assert prompts.asked == ["read_only:praktijk.json"] and index_on_disk(saved) == 120
    prompts.read_only_answer = True
    assert window.save()
    assert index_on_disk(saved) == 131
    assert stat.S_IMODE(saved.stat().st_mode) == 0o444


def test_folder_that_vanished_is_not_recreated(
    qtbot, window: MainWindow, prompts: FakePrompts, saved: Path
) -> None:
    assert window.open_path(saved)
    shutil.rmtree(saved.parent)
    answer(qtbot, window, "behandelindex", 131)
    assert not window.save()
    assert not saved.parent.exists()
    assert window.isWindowModified()
    [(title, text)] = prompts.errors
    assert title == "Opslaan mislukt" and "bestaat niet" in text and "Errno" not in text
