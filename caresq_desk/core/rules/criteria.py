"""Every criterion of a care type decided and explained: a condition with its evidence, a
worked calculation, a computed date, or an open question. Results are memoised on exactly the
values each criterion reads (see the engine's module note).

A condition is decided without its trace; its texts (reason, evidence, remedy) are made when
first read (``Explained``), by deciding it again with the trace, against the same values. A hint
is part of the result as a whole, so it is made at once, from the facts a trace quotes.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from caresq_desk.core.common import texts
from caresq_desk.core.common.dates import start_date
from caresq_desk.core.common.formatting import format_date, format_list
from caresq_desk.core.model.result import (
    CriterionResult,
    CriterionTexts,
    DateResult,
    DeferredTexts,
    Outcome,
    Texts,
)
from caresq_desk.core.policy.calculation import run_calculation
from caresq_desk.core.policy.conditions import Context, Trace
from caresq_desk.core.policy.loader import CompiledCriterion
from caresq_desk.core.rules import memo
from caresq_desk.core.rules.facts import Facts, freeze

NO_TEXTS = CriterionTexts("")
_new = tuple.__new__


class Evaluated(NamedTuple):
    """A criterion's result with what it adds to the whole: a hint or a computed date. Most
    criteria add nothing and come as their bare ``CriterionResult``."""

    result: CriterionResult
    hint: str | None = None
    date: DateResult | None = None
    hint_inkoper: str | None = None  # the hint as the purchaser reads it, where it differs


Made = CriterionResult | Evaluated


class Explained(DeferredTexts):
    """The texts of a criterion decided by its condition, made when first read by deciding
    it again with a trace, against the same values and route."""

    __slots__ = ("_criterion", "_facts", "_route", "_state")

    def __init__(
        self, criterion: CompiledCriterion, facts: Facts, route: str | None, state: bool | None
    ) -> None:
        self._criterion = criterion
        self._facts = facts
        self._route = route
        self._state = state

    @property
    def worded_apart(self) -> bool:
        # Known without making the texts: only a failed condition has the purchaser's remedy.
        return self._state is False and bool(self._criterion.remedy_inkoper)

    def _make(self) -> CriterionTexts:
        return _explain(self._criterion, self._facts, self._route, self._state)

    def detached(self) -> Explained:
        """The same texts to come, holding only the values the criterion reads: a memo keeps
        a result long after its assessment is gone."""
        facts = self._facts
        reads = self._criterion.reads
        values = facts.values
        kept = Facts(
            facts.rules,
            {field: values[field] for field in reads if field in values},
            facts.today,
            facts.inapplicable.intersection(reads),
        )
        return Explained(self._criterion, kept, self._route, self._state)


def evaluate_criteria(facts: Facts, ctx: Context) -> tuple[list[CriterionResult], list[Evaluated]]:
    """Every criterion's result in policy order, and apart those that add a hint or a date.
    The hot loop of a batch, so kept flat."""
    results: list[CriterionResult] = []
    extras: list[Evaluated] = []
    memoize = memo.MEMOIZE
    get = facts.values.get
    for criterion in facts.rules.criteria:
        if criterion.constant:
            # Reads nothing: the same result for every assessment, made once, memo or not.
            found = criterion.fixed.get("constant")
            if found is None:
                found = criterion.fixed["constant"] = evaluate_criterion(facts, criterion, ctx)
        elif not memoize:
            found = evaluate_criterion(facts, criterion, ctx)
        else:
            if criterion.simple_read is not None:
                key = get(criterion.simple_read)
            elif criterion.plain_reads:
                key = tuple(map(get, criterion.reads))
            else:
                key = _memo_key(facts, criterion, ctx.route)
            memos = criterion.memo
            found = memos.get(key)
            if found is None:
                found = _detached(evaluate_criterion(facts, criterion, ctx))
                if len(memos) >= memo.MEMO_LIMIT:
                    memos.clear()
                memos[key] = found
        if type(found) is Evaluated:
            extras.append(found)
            found = found.result
        results.append(found)
    return results, extras


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


def _detached(made: Made) -> Made:
    result = made.result if type(made) is Evaluated else made
    texts = result.texts
    if type(texts) is not Explained:
        return made
    result = result._replace(texts=texts.detached())
    return made._replace(result=result) if type(made) is Evaluated else result


def _result(criterion: CompiledCriterion, outcome: Outcome, texts: Texts) -> CriterionResult:
    # By tuple.__new__: a named tuple's own constructor took twice as long.
    return _new(CriterionResult, (*criterion.result_base, outcome, texts))  # type: ignore[call-overload]


def _fixed(criterion: CompiledCriterion, outcome: Outcome) -> CriterionResult:
    """A result that depends on no answer: not applicable, or the information a criterion
    without a condition gives. Made once per criterion."""
    found = criterion.fixed.get(outcome)
    if found is None:
        texts = NO_TEXTS
        if outcome == "informatie":
            inkoper = criterion.text_inkoper
            purchaser = (inkoper.render({}), "") if inkoper else None
            texts = CriterionTexts(criterion.text.render({}), (), "", purchaser)
        found = criterion.fixed[outcome] = _result(criterion, outcome, texts)
    return found  # type: ignore[no-any-return]


def evaluate_criterion(facts: Facts, criterion: CompiledCriterion, ctx: Context) -> Made:
    if not criterion.by_condition:
        decided = _decided_otherwise(facts, criterion, ctx)
        if decided is not None:
            return decided
    state = criterion.condition.evaluate(ctx, None)  # type: ignore[union-attr]
    if state is True:
        return _result(criterion, "voldaan", Explained(criterion, facts, ctx.route, True))
    if state is None:
        return _result(criterion, "onbeantwoord", Explained(criterion, facts, ctx.route, None))
    return _not_met(facts, criterion, ctx.route)


def _decided_otherwise(facts: Facts, criterion: CompiledCriterion, ctx: Context) -> Made | None:
    """The result of a criterion that does not apply, is still open because it may not, or
    computes a date or a calculation, or informs; None when its condition decides."""
    if criterion.applies is not None:
        applies = criterion.applies.evaluate(ctx, None)
        if applies is False or (
            # Hinging only on questions that do not apply: then neither does the rule.
            applies is None and facts.only_inapplicable_missing(criterion.applies.fields())
        ):
            return _fixed(criterion, "niet_van_toepassing")
        if applies is None:
            return _result(criterion, "onbeantwoord", Explained(criterion, facts, ctx.route, None))
    spec = criterion.spec
    if spec.compute is not None:
        return _computed_date(facts, criterion)
    if spec.calculation is not None:
        return _calculation(facts, criterion, ctx.route)
    if criterion.condition is None:
        return _fixed(criterion, "informatie")
    return None


def _not_met(facts: Facts, criterion: CompiledCriterion, route: str | None) -> Made:
    result = _result(criterion, "niet_voldaan", Explained(criterion, facts, route, False))
    if not criterion.hint:
        return result
    # The hint joins the result's hints now; it quotes facts only, its evidence can wait.
    trace = Trace(facts_only=True)
    criterion.condition.evaluate(Context(facts.values, route), trace)  # type: ignore[union-attr]
    hint = criterion.hint.render(trace.facts)
    purchaser_hint = criterion.hint_inkoper.render(trace.facts) if criterion.hint_inkoper else None
    return Evaluated(result, hint, None, purchaser_hint)


def _explain(
    criterion: CompiledCriterion, facts: Facts, route: str | None, state: bool | None
) -> CriterionTexts:
    """The texts of a criterion whose condition (or applicability) was decided as ``state``,
    from the trace of deciding it again."""
    ctx = Context(facts.values, route)
    trace = Trace()
    applies = criterion.applies
    if state is None and applies is not None and applies.evaluate(ctx, None) is None:
        return _unanswered(facts, criterion, route, ())  # open before its condition is read
    assert criterion.condition is not None
    traced = criterion.condition.evaluate(ctx, trace)
    if traced is not state:
        raise AssertionError(f"{criterion.id}: decided {state}, explained as {traced}")
    evidence = tuple(text for _, text in trace.evidence)
    if state is None:
        return _unanswered(facts, criterion, route, evidence)
    template = criterion.met if state else criterion.not_met
    reason = template.render(trace.facts)
    if state:
        return CriterionTexts(reason, evidence)
    remedy = criterion.remedy.render(trace.facts)
    purchaser = None
    if criterion.remedy_inkoper:
        purchaser = (reason, criterion.remedy_inkoper.render(trace.facts))
    return CriterionTexts(reason, evidence, remedy, purchaser)


def _unanswered(
    facts: Facts, criterion: CompiledCriterion, route: str | None, evidence: tuple[str, ...]
) -> CriterionTexts:
    """Why a criterion is still open: the questions to answer first, or what they wait for.
    Only from what a memo key holds (the values read, the route, the questions that do not
    apply), so a shared result says the same for every assessment it stands for."""
    unanswered = [field for field in criterion.reads if facts.values.get(field) is None]
    open_questions = [field for field in unanswered if field not in facts.inapplicable]
    if open_questions:
        labels = format_list(map(facts.label, open_questions))
        reason = texts.ROUTE_UNKNOWN.format(questions=labels)
    elif route is None and criterion.reads_route:
        reason = texts.WAITS_FOR_ROUTE  # the result's warnings name the questions
    elif unanswered:
        # They wait for an answer that decides whether they apply: named, answered or not
        # (a memo key does not hold it), as the question whose answer decides.
        labels = format_list(map(facts.label, unanswered))
        verb = texts.APPLIES_VERB[len(unanswered) > 1]
        deciding = _deciding(facts, unanswered)
        if deciding:
            reason = texts.WAITS_FOR_APPLICABILITY.format(
                deciding=format_list(map(facts.label, deciding)), questions=labels, verb=verb
            )
        else:
            reason = texts.NOT_APPLICABLE_YET.format(questions=labels, verb=verb)
    else:
        reason = texts.NOT_DECIDABLE
    # What the rule is about, while it is open; not a text that quotes facts it does not have.
    if criterion.text and not criterion.text.names:
        reason = f"{criterion.text.render({})} {reason}"
    return CriterionTexts(reason, evidence)


def _deciding(facts: Facts, fields: list[str]) -> list[str]:
    """The questions whose answers decide whether ``fields`` apply, in form order."""
    rules = facts.rules
    read: set[str] = set()
    for field in fields:
        question = rules.question_by_id.get(field)
        if question is not None and question.applies is not None:
            read |= question.applies.fields()
    return [q.id for q in rules.questions if q.id in read and q.id not in fields]


def _calculation(facts: Facts, criterion: CompiledCriterion, route: str | None) -> CriterionResult:
    """A worked calculation: every step with its numbers, so the result can be checked."""
    assert criterion.spec.calculation is not None
    if any(facts.values.get(field) is None for field in criterion.reads):
        return _result(criterion, "onbeantwoord", _unanswered(facts, criterion, route, ()))
    units = {field: facts.rules.question_by_id[field].info.unit for field in criterion.reads}
    lines, _ = run_calculation(criterion.spec.calculation, facts.values, units)
    reason = f"{criterion.text.render({})} {lines[-1]}"
    return _result(criterion, "informatie", CriterionTexts(reason, tuple(lines)))


def _computed_date(facts: Facts, criterion: CompiledCriterion) -> Made:
    compute = criterion.spec.compute
    assert compute is not None
    answered = facts.values.get(compute.from_question)
    if answered is None and not compute.default_to_assessment_date:
        # Nothing to compute from: the rule itself is still shown.
        reason = criterion.text.render({})
        return _result(criterion, "informatie", CriterionTexts(reason))
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
    return Evaluated(_result(criterion, "informatie", CriterionTexts(reason)), None, computed)
