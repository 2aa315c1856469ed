"""Who may say what. A file is a claim until the right role records it in the application:
answers to purchaser-only questions, the status and the decision count only when a purchaser
recorded them. In a file a provider had a hand in (its self-check, or any save in the provider
role) what no purchaser recorded is the provider's claim: shown, never counted. The criteria those
answers decide stay open and the status reads "zelftoets" until a purchaser sets one.

One function (``weigh``) for every reader: the window, assess, werkmap, export, rapport, batch.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from caresq_desk.core.document.chain import ChainCheck, canonical, check_chain
from caresq_desk.core.model.answers import answer_text
from caresq_desk.core.model.assessment import (
    STATUS_LABELS,
    Actor,
    Assessment,
    Decision,
    HistoryEvent,
)
from caresq_desk.core.model.result import Result
from caresq_desk.core.policy.loader import CareTypeRules, Policy
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.rules.roles import ROLE_PROVIDER, ROLE_PURCHASER, for_role

SELF_CHECK_STATUS = "Zelftoets"
OPEN_FOR_PURCHASER = "nog te beoordelen door de inkoper"


@dataclass(frozen=True)
class Claims:
    """What the file says that no purchaser recorded (empty: everything counts)."""

    answers: dict[str, Any] = field(default_factory=dict)
    status: str | None = None  # the status the file states, when it is not "concept"
    decision: Decision | None = None

    def __bool__(self) -> bool:
        return bool(self.answers) or self.status is not None or self.decision is not None

    def answer_lines(self, rules: CareTypeRules) -> list[str]:
        """Each claimed answer as "question: value", as the form shows it."""
        return [
            f"{rules.question_by_id[k].info.label}: {answer_text(rules.question_by_id[k], v)}"
            for k, v in self.answers.items()
            if k in rules.question_by_id
        ]

    def describe(self, rules: CareTypeRules) -> str:
        """One line in Dutch: which claims are not counted."""
        parts = []
        if self.answers:
            parts.append("antwoorden voor de inkoper (" + "; ".join(self.answer_lines(rules)) + ")")
        if self.status is not None:
            parts.append(f"status '{STATUS_LABELS.get(self.status, self.status).lower()}'")
        if self.decision is not None:
            parts.append(f"besluit '{self.decision.exception}'")
        if not parts:
            return ""
        return "opgave van de zorgaanbieder, telt niet mee: " + ", ".join(parts)


@dataclass(frozen=True)
class Weighed:
    """A file read as a claim: what counts (``counted``), what does not (``claims``), whether a
    provider had a hand in it, and its chain."""

    assessment: Assessment
    counted: Assessment
    claims: Claims
    from_provider: bool
    status_by_purchaser: bool
    chain: ChainCheck

    @property
    def status_label(self) -> str:
        """The status as every place shows it: "Zelftoets" until a purchaser sets one."""
        if self.from_provider and not self.status_by_purchaser:
            return SELF_CHECK_STATUS
        return STATUS_LABELS[self.counted.status]

    def with_edits(self, assessment: Assessment, confirmed: Iterable[str] = ()) -> Weighed:
        """The file with edits not yet saved (``assessment``), where the purchaser has now
        answered the ``confirmed`` claims: those count, the other claims still do not."""
        confirmed = set(confirmed)
        claimed = {k: v for k, v in self.claims.answers.items() if k not in confirmed}
        answers = {k: v for k, v in assessment.answers.items() if k not in claimed}
        counted = assessment.model_copy(
            update={
                "answers": answers,
                "status": self.counted.status,
                "decision": self.counted.decision,
            }
        )
        claims = dataclasses.replace(self.claims, answers=claimed)
        return dataclasses.replace(self, assessment=assessment, counted=counted, claims=claims)

    def to_dict(self, rules: CareTypeRules) -> dict[str, Any]:
        """For ``assess --json`` and the werkmap: what counted and what did not, and why."""
        return {
            "from_provider": self.from_provider,
            "status": self.counted.status,
            "status_label": self.status_label,
            "claims": {
                "answers": self.claims.answers,
                "status": self.claims.status,
                "decision": self.claims.decision.model_dump(mode="json")
                if self.claims.decision
                else None,
                "text": self.claims.describe(rules),
            },
            "history": {
                "kind": self.chain.kind,
                "changed": self.chain.changed,
                "first_bad_event": None
                if self.chain.first_bad is None
                else self.chain.first_bad + 1,
                "text": self.chain.describe(),
            },
        }


def explain_claims(result: Result, claims: Claims, rules: CareTypeRules) -> Result:
    """A criterion left open because its answer is only a provider's claim says so, and what
    the provider claimed."""
    if not claims.answers:
        return result
    criteria = []
    for criterion in result.criteria:
        claimed = [q for q in criterion.questions if q in claims.answers]
        if criterion.outcome == "onbeantwoord" and claimed:
            said = "; ".join(
                f"{rules.question_by_id[q].info.label}: "
                f"{answer_text(rules.question_by_id[q], claims.answers[q])}"
                for q in claimed
            )
            reason = f"{OPEN_FOR_PURCHASER.capitalize()} (de zorgaanbieder gaf op: {said})."
            criterion = criterion.reworded(reason)
        criteria.append(criterion)
    return result._replace(criteria=tuple(criteria))


def assessed(policy: Policy, weighed: Weighed, role: str = ROLE_PURCHASER) -> Result:
    """The result every reader shows: of what counts (the decision included), with the claims
    that do not named at their criteria, as ``role`` sees it."""
    rules = policy.care_types[weighed.counted.care_type]
    result = explain_claims(evaluate(policy, weighed.counted), weighed.claims, rules)
    return for_role(result, policy, role)


def is_from_provider(assessment: Assessment) -> bool:
    """Its self-check, or a file a provider saved or decided anything in."""
    return (
        _is_provider(assessment.made_by)
        or any(_is_provider(event.by) for event in assessment.history)
        or (assessment.decision is not None and _is_provider(assessment.decision.by))
    )


def _is_provider(actor: Actor | None) -> bool:
    return actor is not None and actor.role == ROLE_PROVIDER


def _is_purchaser(actor: Actor | None) -> bool:
    return actor is not None and actor.role == ROLE_PURCHASER


def _decision(event: HistoryEvent) -> Decision | None:
    """The decision a besluit event recorded (None: the event is not a whole one)."""
    if event.new not in ("toegekend", "afgewezen") or not event.reason:
        return None
    return Decision(exception=event.new, motivation=event.reason, by=event.by, at=event.at)


def weigh(assessment: Assessment, rules: CareTypeRules, chain: ChainCheck | None = None) -> Weighed:
    """What of ``assessment`` counts. Only the history before the first event that fails the
    chain check is believed about who recorded what."""
    chain = chain or check_chain(assessment)
    if not is_from_provider(assessment):
        return Weighed(assessment, assessment, Claims(), False, True, chain)
    events = assessment.history[: chain.first_bad]
    setters: dict[str, Actor | None] = {}
    values: dict[str, Any] = {}
    status_by: Actor | None = None
    status_now = "concept"
    decided: Decision | None = None
    for event in events:
        if event.answers is not None:  # a snapshot: values it did not change keep their setter
            for key, value in event.answers.items():
                if key not in values or canonical(values[key]) != canonical(value):
                    setters[key] = None
            values = dict(event.answers)
        elif event.event == "antwoord" and event.field is not None:
            setters[event.field] = event.by
            if event.new is None:
                values.pop(event.field, None)
            else:
                values[event.field] = event.new
        elif event.event in ("status", "heropend") and event.field == "status":
            status_by, status_now = event.by, str(event.new)
        elif event.event == "besluit" and _is_purchaser(event.by):
            decided = _decision(event)
    claimed_answers = {
        key: value
        for key, value in assessment.answers.items()
        if key in rules.purchaser_ids
        and not (
            _is_purchaser(setters.get(key))
            and key in values
            and canonical(values[key]) == canonical(value)
        )
    }
    status_counts = _is_purchaser(status_by) and status_now == assessment.status
    decision_counts = assessment.decision is not None and decided == assessment.decision
    claims = Claims(
        claimed_answers,
        None if status_counts or assessment.status == "concept" else assessment.status,
        None if decision_counts else assessment.decision,
    )
    counted = assessment.model_copy(
        update={
            "answers": {k: v for k, v in assessment.answers.items() if k not in claimed_answers},
            "status": assessment.status if status_counts else "concept",
            "decision": assessment.decision if decision_counts else None,
        }
    )
    return Weighed(assessment, counted, claims, True, status_counts, chain)
