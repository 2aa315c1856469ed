"""The contract tier from the differentiation factors met, the hint towards the next tier, and
the wording for a provider that does not (yet) qualify. Memoised on the factor outcomes."""

from __future__ import annotations

from collections.abc import Sequence

from caresq_desk.core.common import texts
from caresq_desk.core.common.formatting import format_list
from caresq_desk.core.model.result import CriterionResult, TierResult, Verdict
from caresq_desk.core.policy.loader import CareTypeRules
from caresq_desk.core.policy.spec import TierTable


def tier_of(
    rules: CareTypeRules, criteria: Sequence[CriterionResult]
) -> tuple[TierResult | None, list[str]]:
    """The tier and the hint towards the next one (``criteria`` in policy order)."""
    if rules.tiers is None:
        return None, []
    factors = tuple([criteria[position] for position in rules.factor_positions])
    key = tuple(c.outcome for c in factors)
    found = rules.tier_memo.get(key)
    if found is None:
        found = _compute_tier(rules.tiers, factors)
        rules.tier_memo[key] = found
    return found[0], list(found[1])


def hypothetical(
    rules: CareTypeRules, tier: TierResult, verdict: Verdict, criteria: Sequence[CriterionResult]
) -> TierResult:
    """The tier of a provider that does not (yet) qualify: never worded as its contract."""
    condition = texts.TIER_CONDITIONS.get(verdict)
    if condition is None:
        return tier
    count = tier.factors_met
    factors = [criteria[position] for position in rules.factor_positions]
    met = [c.id for c in factors if c.outcome == "voldaan"]
    which = f" ({', '.join(met)})" if met else ""
    explanation = texts.TIER_HYPOTHETICAL.format(
        n=count, factor_word=factor_word(count), which=which, tier=tier.label,
        condition=condition,
    )  # fmt: skip
    meaning = rules.tiers.meaning if rules.tiers else ""
    if meaning:
        explanation = f"{explanation} {meaning}"
    return tier._replace(explanation=explanation)


def _compute_tier(
    table: TierTable, factors: tuple[CriterionResult, ...]
) -> tuple[TierResult | None, tuple[str, ...]]:
    if any(c.outcome == "onbeantwoord" for c in factors):
        return None, ()
    met = [c for c in factors if c.outcome == "voldaan"]
    count = len(met)
    level = next(lv for lv in table.levels if count in lv.factors)
    which = f" ({', '.join(c.id for c in met)})" if met else ""
    explanation = texts.TIER_EXPLANATION.format(
        n=count, factor_word=factor_word(count), which=which, tier=level.label
    )
    if table.meaning:
        explanation = f"{explanation} {table.meaning}"
    tier = TierResult(
        table.id, level.id, level.label, count, len(factors), explanation, table.source
    )
    better = [lv for lv in table.levels if min(lv.factors) > count]
    hints = []
    if better:
        nearest = min(better, key=lambda lv: min(lv.factors))
        more = min(nearest.factors) - count
        unmet = [c.title for c in factors if c.outcome == "niet_voldaan"]
        hints.append(
            texts.TIER_HINT.format(
                n=texts.NUMBER_WORDS.get(more, str(more)),
                factor_word=factor_word(more),
                tier=nearest.label,
                factors=format_list(unmet),
            )
        )
    return tier, tuple(hints)


def factor_word(count: int) -> str:
    singular, plural = texts.FACTOR_WORD
    return singular if count == 1 else plural
