"""The window on real folders: two writers, lock markers, read-only files, folders that vanish."""

from __future__ import annotations

import errno
import shutil
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from caresq_desk.core.document.files import load_assessment, save_assessment
from caresq_desk.core.document.recovery import Autosave, recovery_dir
from caresq_desk.core.document.sharing import lock_path
from caresq_desk.core.model.assessment import PolicyRef
from caresq_desk.core.policy.registry import Registry
from caresq_desk.gui.errors import ErrorReporter
from caresq_desk.gui.main_window import MainWindow
from caresq_desk.gui.settings import Settings
from tests.conftest import ROOT, colleague_opens, fysio, make_assessment
from tests.gui.conftest import FakePrompts, answer, start_new


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


def edit_while_someone_else_saves(qtbot, window: MainWindow, saved: Path, registry) -> None:
    """Open the file, a colleague saves index 99, then type 141 in the window."""
    assert window.open_path(saved)
    pz = registry.get("paramedische-zorg-2026")
    save_assessment(saved, make_assessment(pz, "fysiotherapie", fysio(behandelindex=99)))
    answer(qtbot, window, "behandelindex", 141)


def test_overwrite_after_a_conflict_only_when_chosen(
    qtbot, window: MainWindow, prompts: FakePrompts, saved: Path, registry: Registry
) -> None:
    edit_while_someone_else_saves(qtbot, window, saved, registry)
    prompts.file_changed_answer = "overschrijven"
    assert window.save()
    assert index_on_disk(saved) == 141


def test_reload_after_a_conflict_shows_the_other_version(
    qtbot, window: MainWindow, prompts: FakePrompts, saved: Path, registry: Registry
) -> None:
    edit_while_someone_else_saves(qtbot, window, saved, registry)
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
    colleague_opens(saved)
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


# -- errors that must reach the user -------------------------------------------------------------


def test_failing_autosave_is_reported_once_and_retried(
    qtbot, window: MainWindow, prompts: FakePrompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caresq_desk.core.document import recovery

    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "behandelindex", 140)
    real_write = recovery.Autosave.write
    attempts = []

    def full_disk(self, *args) -> None:
        attempts.append(1)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(recovery.Autosave, "write", full_disk)
    window.write_autosave()
    window.write_autosave()
    assert len(attempts) == 2  # retried
    [(title, text)] = prompts.errors  # told once
    assert title == "Automatisch opslaan mislukt" and "de schijf is vol" in text
    assert "de schijf is vol" in window.statusBar().currentMessage()
    monkeypatch.setattr(recovery.Autosave, "write", real_write)
    window.write_autosave()
    assert window.autosave.path.exists()
    assert window.statusBar().currentMessage() == "Automatisch opslaan werkt weer."


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_reaches_the_user_and_the_log(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = []
    reporter = ErrorReporter(
        lambda: window, lambda parent, details, log: shown.append((details, log))
    )
    monkeypatch.setattr(sys, "excepthook", reporter)

    def broken() -> None:
        raise RuntimeError("kapot in een slot")

    action = QAction("kapot", window)
    action.triggered.connect(broken)
    action.trigger()
    [(details, log)] = shown
    assert "kapot in een slot" in details
    assert log is not None and "kapot in een slot" in log.read_text(encoding="utf-8")


def test_error_dialog_is_dutch_with_details(qtbot, tmp_path: Path, monkeypatch) -> None:
    from caresq_desk.gui import errors

    seen = []
    monkeypatch.setattr(errors.QMessageBox, "exec", lambda box: seen.append(box))
    errors.show_dialog(None, "Traceback ...", tmp_path / "caresq-desk.log")
    [box] = seen
    assert "Er ging iets mis" in box.text() and "caresq-desk.log" in box.informativeText()
    assert box.detailedText() == "Traceback ..."


def test_a_broken_policy_file_is_named_and_the_others_still_work(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    from caresq_desk.gui.app import load_policies

    policies = tmp_path / "beleid"
    shutil.copytree(ROOT / "policies", policies)
    (policies / "2026" / "farmacie.toml").write_text("[policy\nid = ", encoding="utf-8")
    assert not load_policies(window, policies)
    [(title, text)] = prompts.errors
    assert title == "Beleid kan niet worden geladen"
    assert "farmacie.toml" in text and "geen geldige TOML" in text
    assert "De andere beleidsstukken zijn wel beschikbaar." in text
    assert window.start.problems.isVisible() and "farmacie.toml" in window.start.problems.text()
    assert window.start.new_button.isEnabled()
    assert "farmacie-2026" not in window.registry.policies
    assert "paramedische-zorg-2026" in window.registry.policies


# -- recovery ------------------------------------------------------------------------------------


def leave_autosave(
    registry: Registry, name: str, policy_id: str = "paramedische-zorg-2026"
) -> Path:
    autosave = Autosave()
    pz = registry.get("paramedische-zorg-2026")
    assessment = make_assessment(pz, "fysiotherapie", fysio(behandelindex=155))
    assessment = assessment.model_copy(
        update={
            "provider": assessment.provider.model_copy(update={"name": name}),
            "policy": PolicyRef(id=policy_id),
        }
    )
    autosave.write(assessment, None)
    return autosave.path


def test_every_autosave_is_recovered_each_in_its_own_window(
    qtbot, window: MainWindow, registry: Registry
) -> None:
    first = leave_autosave(registry, "Praktijk Een")
    second = leave_autosave(registry, "Praktijk Twee")
    assert window.check_for_recovery()
    names = {window.document.form.name.text()} | {
        w.document.form.name.text() for w in window.spawned
    }
    assert names == {"Praktijk Een", "Praktijk Twee"}
    assert not first.exists() and not second.exists()
    for other in window.spawned:
        qtbot.addWidget(other)
        other.setWindowModified(False)


def test_unreadable_and_unknown_policy_autosaves_do_not_block_the_others(
    qtbot, window: MainWindow, prompts: FakePrompts, registry: Registry
) -> None:
    broken = recovery_dir() / "kapot.json"
    good = leave_autosave(registry, "Praktijk Goed")
    broken.write_text("{ niet af", encoding="utf-8")
    foreign = leave_autosave(registry, "Praktijk Oud", policy_id="tandheelkunde-2019")
    assert window.check_for_recovery()
    assert window.document.form.name.text() == "Praktijk Goed"
    offered = dict(prompts.recover_offered)
    assert [ok for ok in offered.values()].count(True) == 1
    assert any("kapot.json" in line and "beschadigd" in line for line in offered)
    assert any("tandheelkunde-2019" in line for line in offered)
    # The fake user discards what cannot be restored: it is not offered again.
    assert not broken.exists() and not foreign.exists() and not good.exists()


def test_unrestorable_autosave_kept_when_the_user_decides_later(
    window: MainWindow, prompts: FakePrompts, registry: Registry, monkeypatch
) -> None:
    foreign = leave_autosave(registry, "Praktijk Oud", policy_id="tandheelkunde-2019")
    monkeypatch.setattr(prompts, "recover", lambda items: ["later"] * len(items))
    assert not window.check_for_recovery()
    assert foreign.exists()
