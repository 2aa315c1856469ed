"""Every criterion of a care type evaluated and explained: a condition with its evidence, a
worked calculation, a computed date, or an open question. Results are memoised on exactly the
values each criterion reads (see the engine's module note)."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from caresq_desk.core.common import texts
from caresq_desk.core.common.dates import start_date
from caresq_desk.core.common.formatting import format_date, format_list
from caresq_desk.core.model.result import CriterionResult, DateResult
from caresq_desk.core.policy.calculation import run_calculation
from caresq_desk.core.policy.conditions import Context, Trace
from caresq_desk.core.policy.loader import CompiledCriterion
from caresq_desk.core.rules import memo
from caresq_desk.core.rules.facts import Facts, freeze


class Evaluated(NamedTuple):
    """One criterion's result plus what it adds to the whole: a hint and a computed date."""

    result: CriterionResult
    hint: str | None = None
    date: DateResult | None = None
    hint_inkoper: str | None = None  # the hint as the purchaser reads it, where it differs


def evaluate_criteria(facts: Facts, ctx: Context) -> list[Evaluated]:
    """Every criterion, in policy order; the hot loop of a batch, so kept flat."""
    if not memo.MEMOIZE:
        return [evaluate_criterion(facts, c, ctx) for c in facts.rules.criteria]
    get = facts.values.get
    limit = memo.MEMO_LIMIT
    out = []
    append = out.append
    for criterion in facts.rules.criteria:
        if criterion.simple_read is not None:
            key = get(criterion.simple_read)
        elif criterion.constant:
            key = None
        elif criterion.plain_reads:
            key = tuple(map(get, criterion.reads))
        else:
            key = _memo_key(facts, criterion, ctx.route)
        found = criterion.memo.get(key)
        if found is None:
            found = evaluate_criterion(facts, criterion, ctx)
            if len(criterion.memo) >= limit:
                criterion.memo.clear()
            criterion.memo[key] = found
        append(found)
    return out


def _memo_key(facts: Facts, criterion: CompiledCriterion, route: str | None) -> Any:
    """Everything the criterion's result depends on, as a hashable key (the general case;
    ``evaluate_criteria`` handles a single simple read and constant criteria inline)."""
    read = map(facts.values.get, criterion.reads)
    if criterion.reads_lists:
        read = map(freeze, read)
    inapplicable = facts.inapplicable.intersection(criterion.reads)
    return (
        route if criterion.reads_route else None,
        facts.today if criterion.spec.compute else None,
        frozenset(inapplicable) if criterion.reads_conditional else None,
        *read,
    )


def evaluate_criterion(facts: Facts, criterion: CompiledCriterion, ctx: Context) -> Evaluated:
    spec = criterion.spec
    base = criterion.result_base
    if criterion.applies is not None:
        applies = criterion.applies.evaluate(ctx, None)
        if applies is False:
            return Evaluated(CriterionResult(outcome="niet_van_toepassing", reason="", **base))
        if applies is None:
            if facts.only_inapplicable_missing(criterion.applies.fields()):
                # It hinges on questions that do not apply: then neither does the rule.
                return Evaluated(CriterionResult(outcome="niet_van_toepassing", reason="", **base))
            return Evaluated(_unanswered(facts, criterion, base, ()))
    if spec.compute is not None:
        return _computed_date(facts, criterion, base)
    if spec.calculation is not None:
        return _calculation(facts, criterion, base)
    if criterion.condition is None:
        reason = criterion.text.render({})
        purchaser = (criterion.text_inkoper.render({}), "") if criterion.text_inkoper else None
        return Evaluated(
            CriterionResult(outcome="informatie", reason=reason, purchaser=purchaser, **base)
        )
    trace = Trace()
    state = criterion.condition.evaluate(ctx, trace)
    evidence = tuple(text for _, text in trace.evidence)
    if state is None:
        return Evaluated(_unanswered(facts, criterion, base, evidence))
    template = criterion.met if state else criterion.not_met
    reason = template.render(trace.facts)
    remedy = "" if state else criterion.remedy.render(trace.facts)
    purchaser = None
    if not state and criterion.remedy_inkoper:
        purchaser = (reason, criterion.remedy_inkoper.render(trace.facts))
    result = CriterionResult(
        outcome="voldaan" if state else "niet_voldaan",
        reason=reason,
        evidence=evidence,
        remedy=remedy,
        purchaser=purchaser,
        **base,
    )
    if state or not criterion.hint:
        return Evaluated(result)
    hint = criterion.hint.render(trace.facts)
    purchaser_hint = criterion.hint_inkoper.render(trace.facts) if criterion.hint_inkoper else None
    return Evaluated(result, hint, None, purchaser_hint)


def _unanswered(
    facts: Facts, criterion: CompiledCriterion, base: dict[str, Any], evidence: tuple[str, ...]
) -> CriterionResult:
    labels = [
        facts.label(field)
        for field in criterion.reads
        if facts.values.get(field) is None and field not in facts.inapplicable
    ]
    reason = texts.ROUTE_UNKNOWN.format(questions=format_list(labels))
    explanation = criterion.text.render({})  # what the rule is about, while it is open
    if explanation:
        reason = f"{explanation} {reason}"
    return CriterionResult(outcome="onbeantwoord", reason=reason, evidence=evidence, **base)


def _calculation(facts: Facts, criterion: CompiledCriterion, base: dict[str, Any]) -> Evaluated:
    """A worked calculation: every step with its numbers, so the result can be checked."""
    assert criterion.spec.calculation is not None
    if any(facts.values.get(field) is None for field in criterion.reads):
        return Evaluated(_unanswered(facts, criterion, base, ()))
    units = {field: facts.rules.question_by_id[field].info.unit for field in criterion.reads}
    lines, _ = run_calculation(criterion.spec.calculation, facts.values, units)
    reason = f"{criterion.text.render({})} {lines[-1]}"
    return Evaluated(
        CriterionResult(outcome="informatie", reason=reason, evidence=tuple(lines), **base)
    )


def _computed_date(facts: Facts, criterion: CompiledCriterion, base: dict[str, Any]) -> Evaluated:
    compute = criterion.spec.compute
    assert compute is not None
    answered = facts.values.get(compute.from_question)
    if answered is None and not compute.default_to_assessment_date:
        # Nothing to compute from: the rule itself is still shown.
        reason = criterion.text.render({})
        return Evaluated(CriterionResult(outcome="informatie", reason=reason, **base))
    from_day: date = answered if answered is not None else facts.today
    day = start_date(from_day, compute.rule, compute.not_before, compute.days)
    from_text = format_date(from_day)
    if answered is None:
        from_text += " " + texts.DEFAULT_FROM_ASSESSMENT_DATE
    facts_shown = {"date": format_date(day), "from_date": from_text}
    reason = " ".join(
        part
        for part in (criterion.text.render(facts_shown), criterion.met.render(facts_shown))
        if part
    )
    computed = DateResult(
        id=criterion.id,
        catalogue_id=criterion.id,
        label=compute.label,
        date=day,
        display=format_date(day),
        deadline=False,
        past=False,
        source=criterion.spec.source,
    )
    return Evaluated(CriterionResult(outcome="informatie", reason=reason, **base), None, computed)
