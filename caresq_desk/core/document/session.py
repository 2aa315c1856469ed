"""One open assessment as a document, without Qt: the file it belongs to and what that file was
on disk, the lock marker beside it, the assessment it was read from, whether there is unsaved
work, and saving (conflict check, read-only files, save as), autosave and recovery.

The window shows a session and answers its questions; it never touches the file itself. What
the user must decide during a save (someone else changed the file, it is read-only, where to
save it) is asked through ``SaveQuestions``, which the window's prompts implement and tests fake.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from caresq_desk.core.common import paths
from caresq_desk.core.document.chain import check_chain, seal
from caresq_desk.core.document.files import (
    AssessmentFileError,
    Problem,
    ReadOnlyFileError,
    open_assessment,
    save_assessment,
)
from caresq_desk.core.document.history import StatusError, record
from caresq_desk.core.document.migrate import NotPlaced, migrate
from caresq_desk.core.document.provenance import Weighed, assessed, weigh
from caresq_desk.core.document.recovery import Autosave, Recovered
from caresq_desk.core.document.sharing import (
    FileChangedError,
    FileStamp,
    LockInfo,
    read_lock,
    release_lock,
    write_lock,
)
from caresq_desk.core.document.signing import Signer
from caresq_desk.core.model.assessment import Actor, Assessment
from caresq_desk.core.model.result import Result
from caresq_desk.core.policy.loader import CareTypeRules, Policy
from caresq_desk.core.policy.registry import Registry, UnknownPolicyError

# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """A file that can be shown: its assessment and policy, migration notes, its stamp, and who
    else has it open (None: nobody)."""

    path: Path
    assessment: Assessment
    policy: Policy
    notes: list[str]
    stamp: FileStamp
    held_by: LockInfo | None
    # Answers this version of the policy does not ask (kept in the file): assess it again.
    not_placed: tuple[NotPlaced, ...] = ()
    # What counts of it, what is a provider's claim, and whether its history holds.
    weighed: Weighed | None = None


# The file's own problems, and the two a file that reads can still have against the policies.
OpenProblem = Problem | Literal["onbekend_beleid", "onbekende_zorgsoort"]


@dataclass(frozen=True)
class OpenFailed:
    """Why a file cannot be opened; ``detail`` is Dutch and names the file's own problem."""

    path: Path
    problem: OpenProblem
    detail: str


def read_document(path: Path, registry: Registry) -> Opened | OpenFailed:
    """Read ``path`` for showing: every way it can be wrong is an ``OpenFailed``."""
    try:
        assessment, notes, stamp = open_assessment(path)
    except AssessmentFileError as error:
        return OpenFailed(path, error.problem, error.detail)
    try:
        policy = registry.get(assessment.policy.id)
    except UnknownPolicyError as error:
        return OpenFailed(path, "onbekend_beleid", str(error))
    if assessment.care_type not in policy.care_types:
        return OpenFailed(
            path,
            "onbekende_zorgsoort",
            f"zorgsoort '{assessment.care_type}' bestaat niet in dit beleid",
        )
    rules = policy.care_types[assessment.care_type]
    migration = migrate(assessment, rules)
    # The chain is checked on the file as read: a migration only appends to it.
    weighed = weigh(migration.assessment, rules, check_chain(assessment))
    return Opened(
        path,
        migration.assessment,
        policy,
        notes + migration.notes,
        stamp,
        read_lock(path),
        migration.not_placed,
        weighed,
    )


# -- saving ------------------------------------------------------------------------------------

ConflictChoice = Literal["overschrijven", "opslaan_als", "herladen", "annuleren"]


class SaveQuestions(Protocol):
    """What a save may have to ask the user."""

    def file_changed(self, name: str, removed: bool) -> str:
        """Someone else changed (or removed) the file: one of ``ConflictChoice``."""
        ...

    def confirm_read_only(self, name: str) -> bool: ...

    def save_path(self, suggested: Path) -> Path | None: ...


@dataclass(frozen=True)
class Saved:
    path: Path
    assessment: Assessment


@dataclass(frozen=True)
class SaveCancelled:
    """The user stopped the save; nothing was written."""


@dataclass(frozen=True)
class ReloadRequested:
    """The file changed on disk and the user chose to open that version instead."""

    path: Path


@dataclass(frozen=True)
class SaveFailed:
    """The system refused the write; the earlier file is untouched (saves are atomic)."""

    path: Path
    error: OSError


@dataclass(frozen=True)
class StepRefused:
    """A workflow step that does not apply to the file as it is (e.g. reopening a concept)."""

    message: str


SaveOutcome = Saved | SaveCancelled | ReloadRequested | SaveFailed | StepRefused
Change = Callable[[Assessment], Assessment]


class Session:
    """One open assessment: new (no path) or read from a file."""

    def __init__(
        self,
        policy: Policy,
        care_type: str,
        base: Assessment | None = None,
        *,
        autosave: Autosave | None = None,
        weighed: Weighed | None = None,
    ) -> None:
        self.policy = policy
        self.care_type = care_type
        self.rules: CareTypeRules = policy.care_types[care_type]
        # The assessment as read or last saved (None: never saved); what the user did not touch
        # is written back from here exactly as it was read.
        self.base = base
        self.path: Path | None = None
        # What the file was on disk when it was opened or last saved (None: not saved yet).
        self.stamp: FileStamp | None = None
        self.dirty = False
        # None: this session keeps no autosave (nothing is written or removed).
        self.autosave: Autosave | None = autosave or Autosave()
        self.autosave_failing = False
        self.autosave_error: OSError | None = None  # the last failure, for the message
        # What of the base counts (a provider's claims do not), and its chain.
        # A base that is no file yet (a list row, a carried or restored assessment) has events
        # a save will seal: they are checked as sealed, so only what came from a file can fail.
        if weighed is None and base is not None:
            weighed = weigh(base, self.rules, check_chain(seal(base)))
        self.weighed: Weighed | None = weighed

    @classmethod
    def opened(cls, opened: Opened) -> Session:
        """A file that was read; its lock is taken when it is shown (``take_lock``)."""
        # Weighed as read (the chain of the file itself), not checked a second time.
        session = cls(opened.policy, opened.assessment.care_type, opened.assessment,
                      weighed=opened.weighed)  # fmt: skip
        session.path, session.stamp = opened.path, opened.stamp
        return session

    @classmethod
    def restored(cls, item: Recovered, registry: Registry) -> Session:
        """An autosave back as unsaved work, still tied to its original file and stamp."""
        assert item.assessment is not None
        policy = registry.get(item.assessment.policy.id)
        session = cls(policy, item.assessment.care_type, item.assessment)
        session.path, session.stamp = item.original_path, item.original_stamp
        session.dirty = True
        return session

    @property
    def read_only(self) -> bool:
        """Vastgesteld by a purchaser (a status a provider's file only claims does not count)."""
        return self.weighed is not None and self.weighed.counted.status == "vastgesteld"

    def take_lock(self) -> None:
        """Tell others this file is open here (after the session it replaces let go of it)."""
        if self.path is not None:
            write_lock(self.path)

    def attach(self, path: Path | None, stamp: FileStamp | None) -> None:
        """The file the document is saved to; its lock marker follows it."""
        if self.path is not None and self.path != path:
            release_lock(self.path)
        self.path = path
        self.stamp = stamp
        if path is not None:
            write_lock(path)

    def drop_answers(self, keys: set[str]) -> None:
        """Remove answers from the base (the form could not show them); written at the next
        save."""
        if self.base is None:
            return
        kept = {k: v for k, v in self.base.answers.items() if k not in keys}
        self.base = self.base.model_copy(update={"answers": kept})
        # The user's own removal, not an edit outside the application: the chain as read stands.
        self.weighed = weigh(self.base, self.rules, self.weighed.chain if self.weighed else None)

    def recorded(
        self, current: Assessment, actor: Actor, confirmed: set[str] | None = None
    ) -> Assessment:
        """``current`` with what changed since the file was read in its history; ``confirmed``:
        claims of a provider the purchaser took over unchanged."""
        return record(self.base, current, actor, confirmed=confirmed or ())

    def suggested_path(self, current: Assessment, documents: Path) -> Path:
        """The file itself, else the provider's name (or the care type) in ``documents``, as a
        name every platform accepts (no colon or question mark, no CON, no trailing dot)."""
        if self.path is not None:
            return self.path
        return documents / f"{paths.safe_file_name(current.provider.name, self.rules.id)}.json"

    def save(
        self,
        current: Assessment,
        result: Result | None,
        questions: SaveQuestions,
        *,
        target: Path,
        documents: Path,
        save_as: bool = False,
        change: Change | None = None,
        signer: Signer | None = None,
    ) -> SaveOutcome:
        """Write ``current`` (already recorded) to ``target``, unless the file changed on disk
        since it was read (the user decides) or is read-only (the user confirms). Only "save
        as" may create a folder. The history is sealed and, with a ``signer``, signed. On success
        the written assessment is the new base."""
        assessment = current
        if change is not None:
            try:
                # A step starts from the status that counts, not one a provider's file claims.
                counted = self.weighed.counted.status if self.weighed is not None else "concept"
                assessment = change(assessment.model_copy(update={"status": counted}))
            except StatusError as error:
                return StepRefused(str(error).capitalize() + ".")
            # The saved result is of the file as it is after the step (a decision is part of
            # the outcome); steps are the purchaser's.
            result = assessed(self.policy, weigh(assessment, self.rules))
        assessment = seal(assessment)
        if signer is not None and assessment.history:
            chain = check_chain(assessment)
            if chain.head is not None and not chain.changed:
                assessment = signer.sign(assessment, chain.head)
        path = target
        expected = self.stamp if path == self.path else None
        overwrite_read_only = False
        while True:
            try:
                stamp = save_assessment(
                    path,
                    assessment,
                    result,
                    expected=expected,
                    overwrite_read_only=overwrite_read_only,
                    create_folder=save_as,
                )
                break
            except FileChangedError as error:
                choice = questions.file_changed(path.name, error.now is None)
                if choice == "overschrijven":
                    expected = None
                    continue
                if choice == "opslaan_als":
                    chosen = questions.save_path(self.suggested_path(current, documents))
                    if chosen is None:
                        return SaveCancelled()
                    path, save_as, expected = chosen, True, None
                    continue
                if choice == "herladen":
                    self.discard_autosave()
                    return ReloadRequested(path)
                return SaveCancelled()
            except ReadOnlyFileError:
                if not questions.confirm_read_only(path.name):
                    return SaveCancelled()
                overwrite_read_only = True
            except OSError as error:
                return SaveFailed(path, error)
        self.attach(path, stamp)
        self.base = assessment
        self.weighed = weigh(assessment, self.rules)
        self.dirty = False
        self.discard_autosave()
        return Saved(path, assessment)

    # -- autosave ------------------------------------------------------------------------------

    def write_autosave(self, current: Assessment) -> Literal["ok", "failed", "recovered"] | None:
        """Write unsaved work to the recovery folder. Returns what the user should hear about:
        "failed" the first time it fails, "recovered" when it works again; "ok" when written,
        None when there was nothing to write or a failure was already told."""
        if not self.dirty or self.autosave is None:
            return None
        try:
            self.autosave.write(current, self.path, self.stamp)
        except OSError as error:
            self.autosave_error = error
            if self.autosave_failing:
                return None
            self.autosave_failing = True
            return "failed"
        if self.autosave_failing:
            self.autosave_failing = False
            return "recovered"
        return "ok"

    def discard_autosave(self) -> None:
        if self.autosave is not None:
            self.autosave.discard()

    def close(self) -> None:
        """The document goes: no autosave left behind, the lock marker released."""
        self.discard_autosave()
        self.attach(None, None)
