"""The session model without Qt: one open assessment, its file, its lock, saving with every
question a save can ask, autosave and recovery. The window's tests drive the same paths through
the real window; these reach each branch directly."""

from __future__ import annotations

import errno
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from caresq_desk.core.document.files import load_assessment, save_assessment
from caresq_desk.core.document.history import StatusError, reopen
from caresq_desk.core.document.recovery import Autosave, find_recoverable
from caresq_desk.core.document.session import (
    Opened,
    OpenFailed,
    ReloadRequested,
    SaveCancelled,
    Saved,
    SaveFailed,
    Session,
    StepRefused,
    read_document,
)
from caresq_desk.core.document.sharing import lock_path, read_lock
from caresq_desk.core.model.assessment import Actor, Assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from tests.conftest import colleague_opens, fysio, make_assessment

REGISTRY = Registry.load()
PZ = REGISTRY.get("paramedische-zorg-2026")
ME = Actor(name="Inkoper Jansen", role="inkoper")


@dataclass
class Questions:
    """Answers a save's questions the way a test says, and remembers what was asked."""

    on_conflict: list[str] = field(default_factory=list)
    read_only: bool = False
    path: Path | None = None
    asked: list[str] = field(default_factory=list)

    def file_changed(self, name: str, removed: bool) -> str:
        self.asked.append(f"changed:{name}:{removed}")
        return self.on_conflict.pop(0)

    def confirm_read_only(self, name: str) -> bool:
        self.asked.append(f"read_only:{name}")
        return self.read_only

    def save_path(self, suggested: Path) -> Path | None:
        self.asked.append(f"path:{suggested.name}")
        return self.path


def practice(**changes: object) -> Assessment:
    return make_assessment(PZ, "fysiotherapie", fysio(**changes))


def saved_file(folder: Path, assessment: Assessment | None = None) -> Path:
    path = folder / "De Brug.json"
    save_assessment(path, assessment or practice(), create_folder=True)
    return path


def opened(path: Path) -> Session:
    read = read_document(path, REGISTRY)
    assert isinstance(read, Opened), read
    session = Session.opened(read)
    session.take_lock()
    return session


def save(session: Session, current: Assessment, questions: Questions, **kwargs) -> object:
    target = kwargs.pop("target", session.path)
    recorded = session.recorded(current, ME)
    return session.save(
        recorded,
        evaluate(PZ, current),
        questions,
        target=target,
        documents=target.parent if target else Path(),
        **kwargs,
    )


# -- reading -----------------------------------------------------------------------------------


def test_every_way_a_file_cannot_be_opened_is_a_typed_result(tmp_path: Path) -> None:
    missing = read_document(tmp_path / "weg.json", REGISTRY)
    assert isinstance(missing, OpenFailed) and missing.problem == "niet_gevonden"
    damaged = tmp_path / "kapot.json"
    damaged.write_text("{niet af", encoding="utf-8")
    result = read_document(damaged, REGISTRY)
    assert isinstance(result, OpenFailed) and result.problem == "beschadigd"
    other = tmp_path / "ander.json"
    data = json.loads(saved_file(tmp_path).read_text(encoding="utf-8"))
    other.write_text(json.dumps({**data, "policy": {"id": "x-2030", "version": "1"}}), "utf-8")
    result = read_document(other, REGISTRY)
    assert isinstance(result, OpenFailed) and result.problem == "onbekend_beleid"
    other.write_text(json.dumps({**data, "care_type": "tandarts"}), "utf-8")
    result = read_document(other, REGISTRY)
    assert isinstance(result, OpenFailed) and result.problem == "onbekende_zorgsoort"
    assert "tandarts" in result.detail


def test_a_file_read_carries_its_stamp_and_who_else_has_it_open(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    read = read_document(path, REGISTRY)
    assert isinstance(read, Opened) and read.held_by is None
    assert read.stamp.size == path.stat().st_size
    colleague_opens(path)
    read = read_document(path, REGISTRY)
    assert isinstance(read, Opened) and read.held_by is not None
    assert read.held_by.user == "jdevries"


# -- the session's state -----------------------------------------------------------------------


def test_a_shown_session_holds_the_lock_and_gives_it_back_on_close(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    session = opened(path)
    assert lock_path(path).exists() and session.path == path and not session.dirty
    session.close()
    assert not lock_path(path).exists() and session.path is None


def test_a_vastgesteld_base_makes_the_session_read_only(tmp_path: Path) -> None:
    path = saved_file(tmp_path, practice().model_copy(update={"status": "vastgesteld"}))
    assert opened(path).read_only
    assert not Session(PZ, "fysiotherapie").read_only


def test_dropping_answers_changes_only_the_base(tmp_path: Path) -> None:
    session = opened(saved_file(tmp_path))
    session.drop_answers({"behandelindex", "niet_bestaand"})
    assert session.base is not None and "behandelindex" not in session.base.answers
    assert "behandelindex" in load_assessment(session.path)[0].answers  # nothing written yet


# -- saving ------------------------------------------------------------------------------------


def test_a_new_assessment_saved_becomes_the_base_with_its_history(tmp_path: Path) -> None:
    session = Session(PZ, "fysiotherapie")
    session.dirty = True
    target = tmp_path / "nieuw" / "Praktijk.json"
    outcome = save(session, practice(), Questions(), target=target, save_as=True)
    assert isinstance(outcome, Saved) and outcome.path == target
    assert session.path == target and session.stamp is not None and not session.dirty
    assert session.base is not None
    events = [e.event for e in session.base.history]
    assert events[0] == "aangemaakt" and set(events[1:]) == {"antwoord"}
    assert session.base.made_by == ME
    assert read_lock(target) is None  # our own marker: nobody else holds it
    assert lock_path(target).exists()


def test_a_plain_save_never_creates_a_vanished_folder(tmp_path: Path) -> None:
    path = saved_file(tmp_path / "map")
    session = opened(path)
    (tmp_path / "map" / lock_path(path).name).unlink()
    path.unlink()
    (tmp_path / "map").rmdir()
    outcome = save(session, practice(behandelindex=140), Questions())
    assert isinstance(outcome, SaveFailed) and outcome.error.errno == errno.ENOENT
    assert not (tmp_path / "map").exists() and session.base is not None


def _colleague_saves(path: Path) -> bytes:
    save_assessment(path, practice(behandelindex=99))
    return path.read_bytes()


def test_a_colleague_s_change_is_never_overwritten_without_asking(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    session = opened(path)
    theirs = _colleague_saves(path)
    questions = Questions(on_conflict=["annuleren"])
    assert isinstance(save(session, practice(behandelindex=140), questions), SaveCancelled)
    assert path.read_bytes() == theirs and questions.asked == ["changed:De Brug.json:False"]


def test_overwriting_after_a_conflict_is_the_user_s_choice(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    session = opened(path)
    _colleague_saves(path)
    outcome = save(session, practice(behandelindex=140), Questions(on_conflict=["overschrijven"]))
    assert isinstance(outcome, Saved)
    assert load_assessment(path)[0].answers["behandelindex"] == 140


def test_save_as_after_a_conflict_keeps_both_versions(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    session = opened(path)
    theirs = _colleague_saves(path)
    mine = tmp_path / "De Brug (mijn versie).json"
    questions = Questions(on_conflict=["opslaan_als"], path=mine)
    outcome = save(session, practice(behandelindex=140), questions)
    assert isinstance(outcome, Saved) and outcome.path == mine and session.path == mine
    assert path.read_bytes() == theirs
    assert questions.asked[-1] == "path:De Brug.json"  # suggested: the file itself
    assert not lock_path(path).exists() and lock_path(mine).exists()


def test_reloading_after_a_conflict_is_handed_back_to_the_window(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    session = opened(path)
    session.dirty = True
    assert session.write_autosave(practice(behandelindex=140)) == "ok"
    _colleague_saves(path)
    outcome = save(session, practice(behandelindex=140), Questions(on_conflict=["herladen"]))
    assert outcome == ReloadRequested(path)
    assert session.autosave is not None and not session.autosave.path.exists()


def test_a_removed_file_is_a_conflict_too(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    session = opened(path)
    path.unlink()
    questions = Questions(on_conflict=["annuleren"])
    assert isinstance(save(session, practice(), questions), SaveCancelled)
    assert questions.asked == ["changed:De Brug.json:True"] and not path.exists()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores modes")
def test_a_read_only_file_is_replaced_only_after_confirming(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    session = opened(path)
    path.chmod(0o444)
    before = path.read_bytes()
    assert isinstance(save(session, practice(behandelindex=140), Questions()), SaveCancelled)
    assert path.read_bytes() == before
    assert isinstance(save(session, practice(behandelindex=140), Questions(read_only=True)), Saved)


def test_a_read_only_file_asks_before_it_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caresq_desk.core.document import files

    path = saved_file(tmp_path)
    session = opened(path)
    monkeypatch.setattr(files, "is_read_only", lambda _path: True)
    before = path.read_bytes()
    questions = Questions()
    assert isinstance(save(session, practice(behandelindex=140), questions), SaveCancelled)
    assert path.read_bytes() == before and questions.asked == ["read_only:De Brug.json"]
    assert isinstance(save(session, practice(behandelindex=140), Questions(read_only=True)), Saved)
    assert load_assessment(path)[0].answers["behandelindex"] == 140


def test_a_workflow_step_that_does_not_apply_writes_nothing(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    session = opened(path)
    before = path.read_bytes()

    def reopen_a_concept(assessment: Assessment) -> Assessment:
        return reopen(assessment, "typfout", ME)

    with pytest.raises(StatusError):
        reopen_a_concept(practice())
    outcome = save(session, practice(), Questions(), change=reopen_a_concept)
    assert isinstance(outcome, StepRefused) and outcome.message.endswith(".")
    assert outcome.message[0].isupper() and path.read_bytes() == before


# -- autosave and recovery ---------------------------------------------------------------------


def test_autosave_failure_is_reported_once_and_its_recovery_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session(PZ, "fysiotherapie")
    assert session.write_autosave(practice()) is None  # nothing unsaved
    session.dirty = True

    def full_disk(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Autosave, "write", full_disk)
    assert session.write_autosave(practice()) == "failed"
    assert session.write_autosave(practice()) is None  # already told
    assert session.autosave_error is not None and session.autosave_error.errno == errno.ENOSPC
    monkeypatch.undo()
    assert session.write_autosave(practice()) == "recovered"
    assert session.write_autosave(practice()) == "ok"


def test_a_restored_autosave_is_unsaved_work_tied_to_its_original(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    session = opened(path)
    session.dirty = True
    session.write_autosave(session.recorded(practice(behandelindex=163), ME))
    # The process dies: no close. The next start finds the autosave.
    [item] = find_recoverable(REGISTRY)
    restored = Session.restored(item, REGISTRY)
    assert restored.dirty and restored.path == path and restored.stamp == session.stamp
    assert restored.base is not None and restored.base.answers["behandelindex"] == 163
    # The original changed meanwhile: the restored work still notices.
    _colleague_saves(path)
    questions = Questions(on_conflict=["annuleren"])
    assert isinstance(save(restored, practice(behandelindex=163), questions), SaveCancelled)


def test_closing_removes_the_autosave(tmp_path: Path) -> None:
    session = Session(PZ, "fysiotherapie")
    session.dirty = True
    session.write_autosave(practice())
    assert session.autosave is not None and session.autosave.path.exists()
    session.close()
    assert not session.autosave.path.exists()
