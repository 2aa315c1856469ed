"""The two kinds of user. A provider who self-checks sees neither the purchaser-only questions
nor the criteria that only those questions decide (fraud, data analysis, selection)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

from caresq_desk.core.common.identity import IdentityCache

if TYPE_CHECKING:  # the start view needs the role names before the policy code is loaded
    from caresq_desk.core.model.result import CriterionResult, Result, RouteResult
    from caresq_desk.core.policy.loader import Policy

ROLE_PURCHASER: Final = "inkoper"
ROLE_PROVIDER: Final = "zorgaanbieder"
ROLES: Final = (ROLE_PURCHASER, ROLE_PROVIDER)


def for_role(result: Result, policy: Policy, role: str) -> Result:
    """The result as the role may see it: for a provider without what only the purchaser
    answers. The verdict is unchanged (purchaser-only questions are never required)."""
    if role != ROLE_PROVIDER:
        return _purchaser_wording(result)
    purchaser = policy.care_types[result.care_type].purchaser_ids
    criteria = tuple(
        c for c in result.criteria if not (c.questions and set(c.questions) <= purchaser)
    )
    missing = tuple(m for m in result.missing if m.question not in purchaser)
    return result._replace(criteria=criteria, missing=missing)


# Criterion results in the purchaser's words, by the result they word: the same few memoised
# results recur in every file of a werkmap and every row of a list. By identity, because
# comparing results would make their texts.
_WORDED: IdentityCache[CriterionResult, CriterionResult] = IdentityCache(4096)


def _worded(criterion: CriterionResult) -> CriterionResult:
    """One criterion in the purchaser's words, its texts made only when read."""
    return _WORDED.get(criterion, lambda c: c._replace(texts=c.texts.for_purchaser()))


@functools.lru_cache(maxsize=256)
def _worded_route(route: RouteResult) -> RouteResult:
    """A route in the purchaser's words (a policy has a few routes; a list repeats them)."""
    return route._replace(text=route.text_inkoper, text_inkoper="")


def _purchaser_wording(result: Result) -> Result:
    """Texts the policy words apart for the purchaser (about the provider, not "u")."""
    criteria = tuple(_worded(c) if c.texts.worded_apart else c for c in result.criteria)
    route = result.route
    if route is not None and route.text_inkoper:
        route = _worded_route(route)
    hints = result.purchaser_hints if result.purchaser_hints is not None else result.hints
    return result._replace(criteria=criteria, route=route, hints=hints, purchaser_hints=None)
