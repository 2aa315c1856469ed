"""The purchaser's decision on an exception is part of the outcome (issue 27): where the policy
leaves a decision ("uitzondering mogelijk") and the assessment holds one, the verdict says it,
a granted exception gives the contract, and the advice to ask for the exception gives way to
the decision with its motivation. Only a decision that counts reaches the engine (a provider's
claimed decision is taken out before: core/document/provenance.py)."""

from __future__ import annotations

from caresq_desk.core.common import texts
from caresq_desk.core.common.formatting import format_date
from caresq_desk.core.model.assessment import Decision
from caresq_desk.core.model.result import CriterionResult, RouteResult, Verdict

DECIDED: dict[str, Verdict] = {
    "toegekend": "uitzondering_toegekend",
    "afgewezen": "uitzondering_afgewezen",
}


def decided_verdict(verdict: Verdict, decision: Decision | None) -> Verdict:
    if verdict != "uitzondering_mogelijk" or decision is None:
        return verdict
    return DECIDED[decision.exception]


def decision_text(decision: Decision) -> str:
    return texts.DECISION_TEXT.format(
        who=decision.by.name or "de inkoper",
        day=format_date(decision.at.date()),
        exception=decision.exception,
        motivation=decision.motivation,
    )


def with_decision(
    criteria: tuple[CriterionResult, ...], route: RouteResult | None, decision: Decision
) -> tuple[tuple[CriterionResult, ...], RouteResult | None]:
    """The criteria that left the decision open say how it was decided (their advice to ask
    for an exception is gone), and the route says the decision instead of that advice."""
    text = decision_text(decision)
    decided = tuple(
        c.reworded(f"{c.reason} {text}")
        if c.outcome == "niet_voldaan" and c.effect == "uitzondering"
        else c
        for c in criteria
    )
    if route is not None:
        route = route._replace(
            label=texts.DECIDED_ROUTE_LABELS[decision.exception], text=text, text_inkoper=""
        )
    return decided, route
