"""Carrying an assessment to another policy or contract year ("overnemen"): a new assessment
under the target policy with every answer whose question exists there, directly or by a
migration; the rest is listed, never silently lost (it stays in the original file)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from caresq_desk.core.common.formatting import format_list
from caresq_desk.core.common.oserrors import describe_os_error
from caresq_desk.core.document.history import now
from caresq_desk.core.document.migrate import NotPlaced, migrate
from caresq_desk.core.document.provenance import is_from_provider
from caresq_desk.core.model.assessment import (
    Actor,
    Assessment,
    HistoryEvent,
    PolicyRef,
    unrecognised_answers,
)
from caresq_desk.core.policy.loader import Policy
from caresq_desk.core.policy.registry import Registry


class CarryError(ValueError):
    """The assessment cannot go to that policy (its care type is not there)."""


@dataclass(frozen=True)
class CarriedOver:
    assessment: Assessment
    carried: tuple[str, ...]
    left: tuple[NotPlaced, ...]

    def summary(self) -> str:
        text = f"{len(self.carried)} antwoorden overgenomen"
        if self.left:
            text += "; niet overgenomen: " + "; ".join(item.describe() for item in self.left)
        return text


def carry_over(
    source: Assessment,
    target: Policy,
    actor: Actor,
    on: date,
    source_name: str = "",
) -> CarriedOver:
    """A new assessment under ``target`` dated ``on``, made by ``actor``, from ``source``."""
    rules = target.care_types.get(source.care_type)
    if rules is None:
        raise CarryError(
            f"zorgsoort '{source.care_type}' bestaat niet in {target.meta.title}; kies een "
            f"beleid met deze zorgsoort"
        )
    moved = migrate(source, rules)
    answers = dict(moved.assessment.answers)
    left = list(moved.not_placed)
    for key, problem in unrecognised_answers(rules, answers).items():
        if key in rules.question_by_id:  # the question is there, the answer does not fit it
            left.append(NotPlaced(key, problem.label, problem.message))
    for item in left:
        answers.pop(item.id, None)
    origin = (
        f"overgenomen uit {source_name or 'een eerdere beoordeling'} ({source.policy.id}, "
        f"versie {source.policy.version})"
    )
    if left:
        origin += "; niet overgenomen: " + format_list(item.label for item in left)
    event = HistoryEvent(at=now(), by=actor, event="aangemaakt", answers=answers, reason=origin)
    assessment = Assessment(
        policy=PolicyRef(id=target.id, version=target.meta.version),
        care_type=source.care_type,
        assessment_date=on,
        provider=source.provider,
        answers=answers,
        notes=source.notes,
        # A provider's file stays one: its answers for the purchaser stay claims over there.
        made_by=source.made_by if is_from_provider(source) else actor,
        history=[event],
    )
    return CarriedOver(assessment, tuple(sorted(answers)), tuple(left))


def carry_targets(registry: Registry, sources: Iterable[tuple[str, str]]) -> list[Policy]:
    """The policies the assessments (policy id, care type id) can all be carried to: each has
    every care type, and none is an assessment's own policy."""
    sources = list(sources)
    return [
        policy
        for policy in registry
        if all(care in policy.care_types and own != policy.id for own, care in sources)
    ]


def carried_path(source: Path, target: Policy) -> Path:
    """Beside the original, named after the target policy: never over an existing file."""
    return source.with_name(f"{source.stem} ({target.id}){source.suffix or '.json'}")


@dataclass(frozen=True)
class CarriedFile:
    """A file carried over (``written`` and what was left), or why not (``problem``)."""

    source: Path
    written: Path | None = None
    carried: CarriedOver | None = None
    problem: str = ""


def carry_file(
    path: Path,
    registry: Registry,
    target: Policy,
    actor: Actor,
    on: date,
    output: Path | None = None,
) -> CarriedFile:
    """Read ``path`` as every reader does, carry it to ``target`` and write the new file beside
    it (or to ``output``); an existing file is never overwritten."""
    from caresq_desk.core.document.files import save_assessment
    from caresq_desk.core.document.session import OpenFailed, read_document

    opened = read_document(path, registry)
    if isinstance(opened, OpenFailed):
        return CarriedFile(path, problem=opened.detail)
    written = output or carried_path(path, target)
    if written.exists():
        return CarriedFile(path, problem=f"{written.name} bestaat al; niets overschreven")
    try:
        carried = carry_over(opened.assessment, target, actor, on, path.name)
        save_assessment(written, carried.assessment, create_folder=True)
    except CarryError as error:
        return CarriedFile(path, problem=str(error))
    except OSError as error:
        return CarriedFile(path, problem=f"niet opgeslagen: {describe_os_error(error)}")
    return CarriedFile(path, written, carried)
