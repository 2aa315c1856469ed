"""A workflow step (ter controle, vaststellen, terug naar concept, heropenen, a decision) taken
on a file on disk, as the werkmap does for a selection: through a session, with the same rules
and the same history as in the window, never over a colleague's change or an open file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from caresq_desk.core.document.history import StatusError, advance
from caresq_desk.core.document.provenance import assessed
from caresq_desk.core.document.session import (
    Change,
    OpenFailed,
    Saved,
    SaveOutcome,
    Session,
    StepRefused,
    read_document,
)
from caresq_desk.core.document.signing import Signer
from caresq_desk.core.model.assessment import STATUS_LABELS, Actor, Assessment
from caresq_desk.core.policy.registry import Registry


class _Unattended:
    """A step on many files asks nothing: a file that changed meanwhile or is read-only is
    left alone and reported."""

    def file_changed(self, name: str, removed: bool) -> str:
        return "annuleren"

    def confirm_read_only(self, name: str) -> bool:
        return False

    def save_path(self, suggested: Path) -> Path | None:
        return None


@dataclass(frozen=True)
class StepReport:
    """What a step did to one file: saved, or why not (in Dutch)."""

    path: Path
    done: bool
    problem: str = ""


OPEN_HERE = "staat open in het hoofdvenster; zet de stap daar (menu Beoordeling)"


def take_step(
    path: Path,
    registry: Registry,
    change: Change,
    actor: Actor,
    open_here: bool = False,
    signer: Signer | None = None,
) -> StepReport:
    """Read the file, apply ``change`` as ``actor`` and save it with the file's own checks (and
    ``signer``'s signature); ``open_here``: the application has it open itself (its work there
    would be overwritten)."""
    if open_here:
        return StepReport(path, False, OPEN_HERE)
    opened = read_document(path, registry)
    if isinstance(opened, OpenFailed):
        return StepReport(path, False, opened.detail)
    if opened.held_by is not None:
        return StepReport(path, False, f"geopend door {opened.held_by.describe()}")
    session = Session.opened(opened)
    session.autosave = None  # nothing is typed here: nothing to recover
    current = session.recorded(opened.assessment, actor)
    weighed = opened.weighed
    assert weighed is not None
    result = assessed(opened.policy, weighed)
    try:
        outcome: SaveOutcome = session.save(
            current, result, _Unattended(), target=path, documents=path.parent, change=change,
            signer=signer,
        )  # fmt: skip
    finally:
        session.close()  # a save marks the file as open here: it is not, so let it go
    if isinstance(outcome, Saved):
        return StepReport(path, True)
    if isinstance(outcome, StepRefused):
        return StepReport(path, False, outcome.message.rstrip(".").lower())
    return StepReport(path, False, _why_not_saved(outcome))


def _why_not_saved(outcome: SaveOutcome) -> str:
    from caresq_desk.core.common.oserrors import describe_os_error
    from caresq_desk.core.document.session import SaveFailed

    if isinstance(outcome, SaveFailed):
        return f"niet opgeslagen: {describe_os_error(outcome.error)}"
    return "het bestand is intussen gewijzigd of alleen-lezen; open het om de stap te zetten"


def submit(assessment: Assessment, actor: Actor) -> Assessment:
    """Concept to ter controle (only from concept: a selection may mix statuses)."""
    if assessment.status != "concept":
        raise StatusError(f"de status is {STATUS_LABELS[assessment.status].lower()}, niet concept")
    return advance(assessment, actor)


def establish(assessment: Assessment, actor: Actor) -> Assessment:
    """Ter controle to vastgesteld."""
    if assessment.status != "ter_controle":
        raise StatusError(
            f"de status is {STATUS_LABELS[assessment.status].lower()}, niet ter controle"
        )
    return advance(assessment, actor)
