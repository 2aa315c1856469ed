"""Answers saved under an earlier version of a policy, brought to this one as the policy file
says (``renamed_from``, ``values_from``, ``[[retired]]``): once, when a file is read, the same
for the window, the command line, the werkmap, exports and reports.

An answer is never dropped: one that no migration places stays in the file as it was, is shown
as "niet meer gevraagd" with the reason, and the file is flagged to be assessed again. A move
is written in the history ("gemigreerd"), so replaying it still gives the answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from caresq_desk.core.common.formatting import format_list
from caresq_desk.core.document.history import now
from caresq_desk.core.model.assessment import Assessment, HistoryEvent
from caresq_desk.core.policy.compiled import CareTypeRules, CompiledQuestion

NOT_ASKED = "niet meer gevraagd"


@dataclass(frozen=True)
class Moved:
    old: str
    new: str


@dataclass(frozen=True)
class NotPlaced:
    """An answer kept in the file that this version of the policy does not ask."""

    id: str
    label: str
    reason: str

    def describe(self) -> str:
        return f"{self.label}: {NOT_ASKED} ({self.reason})"


@dataclass(frozen=True)
class Migration:
    assessment: Assessment
    moved: tuple[Moved, ...] = ()
    not_placed: tuple[NotPlaced, ...] = ()

    @property
    def notes(self) -> list[str]:
        """What the reader should know, in Dutch."""
        notes = []
        if self.moved:
            notes.append(
                "Antwoorden overgezet naar het beleid van nu: "
                + format_list(f"vraag {m.old} heet nu {m.new}" for m in self.moved)
                + "."
            )
        if self.not_placed:
            notes.append(
                "Te herbeoordelen: "
                + "; ".join(item.describe() for item in self.not_placed)
                + ". Deze antwoorden blijven in het bestand staan."
            )
        return notes


def migrate(assessment: Assessment, rules: CareTypeRules) -> Migration:
    """The assessment with its answers placed as this version of the policy asks them."""
    answers = dict(assessment.answers)
    moved: list[Moved] = []
    not_placed: list[NotPlaced] = []
    for key in list(answers):
        if key in rules.question_by_id:
            continue
        if key in rules.split:
            placed = _split(key, answers, rules.split[key], moved, not_placed)
            if placed:
                del answers[key]
            continue
        question = rules.renamed.get(key)
        if question is None:
            retired = rules.retired.get(key)
            if retired is not None:
                not_placed.append(NotPlaced(key, retired.label, retired.reason))
            else:
                not_placed.append(
                    NotPlaced(key, key, f"onbekende vraag voor zorgsoort '{rules.id}'")
                )
            continue
        if question.id in answers:
            reason = f"de vraag heet nu {question.id} en die is al beantwoord"
            not_placed.append(NotPlaced(key, question.info.label, reason))
            continue
        value, placed = _mapped(question, answers[key])
        if not placed:
            reason = f"deze keuze bestaat niet meer bij vraag {question.id}"
            not_placed.append(NotPlaced(key, question.info.label, reason))
            continue
        answers[question.id] = value
        del answers[key]
        moved.append(Moved(key, question.id))
    if not moved:
        return Migration(assessment, (), tuple(not_placed))
    event = HistoryEvent(
        at=now(),
        event="gemigreerd",
        answers=answers,
        reason="; ".join(f"vraag {m.old} heet nu {m.new}" for m in moved),
    )
    migrated = assessment.model_copy(
        update={"answers": answers, "history": [*assessment.history, event]}
    )
    return Migration(migrated, tuple(moved), tuple(not_placed))


def _split(
    key: str,
    answers: dict[str, Any],
    targets: tuple[CompiledQuestion, ...],
    moved: list[Moved],
    not_placed: list[NotPlaced],
) -> bool:
    """The old answer answers each question it was split into (those not yet answered)."""
    placed = False
    for question in targets:
        value, ok = _mapped(question, answers[key])
        if ok and question.id not in answers:
            answers[question.id] = value
            moved.append(Moved(key, question.id))
            placed = True
    if not placed:
        reason = "de vragen waarin deze vraag is opgesplitst, zijn al beantwoord"
        not_placed.append(NotPlaced(key, targets[0].info.label, reason))
    return placed


def _mapped(question: CompiledQuestion, value: Any) -> tuple[Any, bool]:
    """The value under today's options, and whether it could be placed."""
    mapping = question.spec.values_from
    if not mapping:
        return value, True
    keep = question.spec.other_values == "ongewijzigd"

    def one(item: Any) -> tuple[Any, bool]:
        if isinstance(item, str) and item in mapping:
            return mapping[item], True
        return item, keep

    if isinstance(value, list):
        items = [one(item) for item in value]
        return [item for item, _ in items], all(ok for _, ok in items)
    return one(value)
