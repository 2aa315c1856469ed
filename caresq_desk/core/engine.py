"""The rules engine: an assessment and its policy in, an explained result out.

The order is fixed and one-way: answers are checked, questions that do not apply are dropped,
the route is chosen, every criterion is evaluated and explained, and the verdict, the tier, the
dates and the hints follow from those outcomes. The same assessment always gives the same result:
the assessment date is part of the input, never the clock.

A criterion's outcome and explanation depend only on the values it reads (known when the policy
is compiled), the route and the assessment date. Results are immutable, so each compiled
criterion keeps a small memo from those inputs to its evaluated result: in a batch, thousands of
practices that answered "ja" to the same question share one explained result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from caresq_desk.core import texts
from caresq_desk.core.assessment import Assessment, check_answers
from caresq_desk.core.calculation import run_calculation
from caresq_desk.core.conditions import Context, Trace
from caresq_desk.core.dates import deadline_passed, start_date
from caresq_desk.core.formatting import format_date, format_list
from caresq_desk.core.limits import shorten
from caresq_desk.core.policy_loader import (
    CareTypeRules,
    CompiledCriterion,
    CompiledRoute,
    Policy,
)
from caresq_desk.core.result import (
    CriterionResult,
    DateResult,
    InvalidAnswer,
    MissingAnswer,
    Result,
    TierResult,
    Verdict,
)

# Switch for tests and benchmarks that measure evaluation without the memo.
MEMOIZE = True
MEMO_LIMIT = 20_000


class UnknownCareTypeError(LookupError):
    def __init__(self, policy: Policy, care_type: str) -> None:
        known = ", ".join(policy.care_types)
        super().__init__(
            f"zorgsoort '{shorten(care_type, 80)}' bestaat niet in beleid '{policy.id}'; "
            f"bekend: {known}"
        )


class Evaluated(NamedTuple):
    """One criterion's result plus what it adds to the whole: a hint and a computed date."""

    result: CriterionResult
    hint: str | None = None
    date: DateResult | None = None


def evaluate(policy: Policy, assessment: Assessment) -> Result:
    rules = policy.care_types.get(assessment.care_type)
    if rules is None:
        raise UnknownCareTypeError(policy, assessment.care_type)
    return _Evaluation(policy, rules, assessment).run()


def _freeze(value: Any) -> Any:
    """A hashable stand-in for a checked answer: a list of choices, or table rows (dicts whose
    keys are always all columns in column order, so their values alone identify them)."""
    if type(value) is list:
        return tuple(tuple(item.values()) if type(item) is dict else item for item in value)
    return value


class _Evaluation:
    def __init__(self, policy: Policy, rules: CareTypeRules, assessment: Assessment) -> None:
        self.policy = policy
        self.rules = rules
        self.assessment = assessment
        self.today = assessment.assessment_date
        typed, problems = check_answers(rules, assessment.answers)
        self.invalid = tuple(InvalidAnswer(p.field, p.label, p.message) for p in problems)
        provider = assessment.provider
        typed["provider.name"] = provider.name or None
        typed["provider.agb_code"] = provider.agb_code
        typed["provider.location"] = provider.location or None
        typed["assessment.date"] = self.today
        self.values: dict[str, Any] = typed
        self.inapplicable: set[str] = set()

    # -- answers and applicability ------------------------------------------------------------

    def _decide_applicability(self, route: str | None, route_dependent: bool) -> None:
        """Drop the answers to questions that do not apply: they must not influence anything.

        Which questions apply depends only on the answers their conditions read (and the
        route), so the set of inapplicable ones is memoised on exactly those values."""
        rules = self.rules
        questions = rules.route_questions if route_dependent else rules.conditional_questions
        if not questions:
            return
        fields = rules.route_applicability_reads if route_dependent else rules.applicability_reads
        key = (route, *map(_freeze, map(self.values.get, fields)))
        memo = rules.applicability_memo
        inapplicable = memo.get(key) if MEMOIZE else None
        if inapplicable is None:
            # In form order, so a question that depends on one that does not apply sees it gone.
            values = dict(self.values)
            ctx = Context(values, route)
            dropped = []
            for question in questions:
                if question.applies and question.applies.evaluate(ctx, None) is not True:
                    dropped.append(question.id)
                    values.pop(question.id, None)
            inapplicable = frozenset(dropped)
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[key] = inapplicable
        for question_id in inapplicable:
            self.values.pop(question_id, None)
        self.inapplicable |= inapplicable

    def _missing(self, criteria: Iterable[CriterionResult]) -> tuple[MissingAnswer, ...]:
        values = self.values
        # Set arithmetic first (the common case in a batch is: nothing missing).
        open_ids = self.rules.required_ids - values.keys() - self.inapplicable
        missing = [
            MissingAnswer(q.id, q.spec.label, q.spec.section)
            for q in self.rules.required_questions
            if q.id in open_ids
        ]
        if values.get("provider.agb_code") is None and any(
            "provider.agb_code" in c.questions
            for c in criteria
            if c.outcome != "niet_van_toepassing"
        ):
            label = texts.PROVIDER_FIELD_LABELS["provider.agb_code"]
            missing.insert(0, MissingAnswer("provider.agb_code", label, ""))
        return tuple(missing)

    # -- route --------------------------------------------------------------------------------

    def _choose_route(self) -> tuple[CompiledRoute | None, list[str]]:
        ctx = Context(self.values)
        for route in self.rules.routes:
            if route.when is None:
                return route, []
            state = route.when.evaluate(ctx, None)
            if state:
                return route, []
            if state is None:
                open_questions = [f for f in route.reads if self.values.get(f) is None]
                if all(self._optional(f) for f in open_questions):
                    # Only optional answers are missing (a purchaser's judgement, say): a route
                    # that needs them does not apply until they are given.
                    continue
                return None, open_questions
        raise AssertionError("the loader guarantees a final route without a condition")

    def _optional(self, field: str) -> bool:
        question = self.rules.question_by_id.get(field)
        return question is not None and not question.spec.required

    # -- criteria -----------------------------------------------------------------------------

    def _memo_key(self, criterion: CompiledCriterion, route: str | None) -> Any:
        """Everything the criterion's result depends on, as a hashable key (the general case;
        ``_criteria`` handles a single simple read and constant criteria inline)."""
        read = map(self.values.get, criterion.reads)
        if criterion.reads_lists:
            read = map(_freeze, read)
        inapplicable = self.inapplicable.intersection(criterion.reads)
        return (
            route if criterion.reads_route else None,
            self.today if criterion.spec.compute else None,
            frozenset(inapplicable) if criterion.reads_conditional else None,
            *read,
        )

    def _criteria(self, ctx: Context) -> list[Evaluated]:
        """Every criterion, in policy order; the hot loop of a batch, so kept flat."""
        if not MEMOIZE:
            return [self._evaluate_criterion(c, ctx) for c in self.rules.criteria]
        get = self.values.get
        out = []
        append = out.append
        for criterion in self.rules.criteria:
            if criterion.simple_read is not None:
                key = get(criterion.simple_read)
            elif criterion.constant:
                key = None
            elif criterion.plain_reads:
                key = tuple(map(get, criterion.reads))
            else:
                key = self._memo_key(criterion, ctx.route)
            memo = criterion.memo
            found = memo.get(key)
            if found is None:
                found = self._evaluate_criterion(criterion, ctx)
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[key] = found
            append(found)
        return out

    def _evaluate_criterion(self, criterion: CompiledCriterion, ctx: Context) -> Evaluated:
        spec = criterion.spec
        base: dict[str, Any] = {
            "id": spec.id,
            "kind": spec.kind,
            "title": spec.title,
            "source": spec.source,
            "interpretation": spec.interpretation,
            "effort": spec.effort,
            "effect": spec.failure_effect,
            "common_id": spec.common_id,
            "variant": spec.variant,
            "part": spec.part,
            "questions": criterion.reads,
        }
        if criterion.applies is not None:
            applies = criterion.applies.evaluate(ctx, None)
            if applies is False:
                return Evaluated(CriterionResult(outcome="niet_van_toepassing", reason="", **base))
            if applies is None:
                if self._only_inapplicable_missing(criterion.applies.fields()):
                    # It hinges on questions that do not apply: then neither does the rule.
                    return Evaluated(
                        CriterionResult(outcome="niet_van_toepassing", reason="", **base)
                    )
                return Evaluated(self._unanswered(criterion, base, ()))
        if spec.compute is not None:
            return self._computed_date(criterion, base)
        if spec.calculation is not None:
            return self._calculation(criterion, base)
        if criterion.condition is None:
            reason = criterion.text.render({})
            return Evaluated(CriterionResult(outcome="informatie", reason=reason, **base))
        trace = Trace()
        state = criterion.condition.evaluate(ctx, trace)
        evidence = tuple(text for _, text in trace.evidence)
        if state is None:
            return Evaluated(self._unanswered(criterion, base, evidence))
        template = criterion.met if state else criterion.not_met
        result = CriterionResult(
            outcome="voldaan" if state else "niet_voldaan",
            reason=template.render(trace.facts),
            evidence=evidence,
            remedy="" if state else criterion.remedy.render(trace.facts),
            **base,
        )
        hint = criterion.hint.render(trace.facts) if not state and criterion.hint else None
        return Evaluated(result, hint)

    def _only_inapplicable_missing(self, fields: set[str]) -> bool:
        missing = [field for field in fields if self.values.get(field) is None]
        return bool(missing) and all(field in self.inapplicable for field in missing)

    def _unanswered(
        self, criterion: CompiledCriterion, base: dict[str, Any], evidence: tuple[str, ...]
    ) -> CriterionResult:
        labels = [
            self._label(field)
            for field in criterion.reads
            if self.values.get(field) is None and field not in self.inapplicable
        ]
        reason = texts.ROUTE_UNKNOWN.format(questions=format_list(labels))
        explanation = criterion.text.render({})  # what the rule is about, while it is open
        if explanation:
            reason = f"{explanation} {reason}"
        return CriterionResult(outcome="onbeantwoord", reason=reason, evidence=evidence, **base)

    def _label(self, field: str) -> str:
        question = self.rules.question_by_id.get(field)
        if question is not None:
            return question.info.label
        return texts.PROVIDER_FIELD_LABELS.get(field, field)

    def _calculation(self, criterion: CompiledCriterion, base: dict[str, Any]) -> Evaluated:
        """A worked calculation: every step with its numbers, so the result can be checked."""
        assert criterion.spec.calculation is not None
        if any(self.values.get(field) is None for field in criterion.reads):
            return Evaluated(self._unanswered(criterion, base, ()))
        units = {field: self.rules.question_by_id[field].info.unit for field in criterion.reads}
        lines, _ = run_calculation(criterion.spec.calculation, self.values, units)
        reason = f"{criterion.text.render({})} {lines[-1]}"
        return Evaluated(
            CriterionResult(outcome="informatie", reason=reason, evidence=tuple(lines), **base)
        )

    def _computed_date(self, criterion: CompiledCriterion, base: dict[str, Any]) -> Evaluated:
        compute = criterion.spec.compute
        assert compute is not None
        answered = self.values.get(compute.from_question)
        if answered is None and not compute.default_to_assessment_date:
            # Nothing to compute from: the rule itself is still shown.
            reason = criterion.text.render({})
            return Evaluated(CriterionResult(outcome="informatie", reason=reason, **base))
        from_day: date = answered if answered is not None else self.today
        day = start_date(from_day, compute.rule, compute.not_before, compute.days)
        from_text = format_date(from_day)
        if answered is None:
            from_text += " " + texts.DEFAULT_FROM_ASSESSMENT_DATE
        facts = {"date": format_date(day), "from_date": from_text}
        reason = " ".join(
            part for part in (criterion.text.render(facts), criterion.met.render(facts)) if part
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
        return Evaluated(
            CriterionResult(outcome="informatie", reason=reason, **base), None, computed
        )

    # -- verdict, tier, dates -----------------------------------------------------------------

    def _tier(self, criteria: Iterable[CriterionResult]) -> tuple[TierResult | None, list[str]]:
        """The tier and the hint towards the next one; memoised on the factor outcomes."""
        if self.rules.tiers is None:
            return None, []
        factors = tuple(c for c in criteria if c.kind == "factor")
        key = tuple(c.outcome for c in factors)
        found = self.rules.tier_memo.get(key)
        if found is None:
            found = self._compute_tier(factors)
            self.rules.tier_memo[key] = found
        return found[0], list(found[1])

    def _hypothetical(
        self, tier: TierResult, verdict: Verdict, criteria: Iterable[CriterionResult]
    ) -> TierResult:
        """The tier of a provider that does not (yet) qualify: never worded as its contract."""
        condition = texts.TIER_CONDITIONS.get(verdict)
        if condition is None:
            return tier
        count = tier.factors_met
        met = [c.id for c in criteria if c.kind == "factor" and c.outcome == "voldaan"]
        which = f" ({', '.join(met)})" if met else ""
        explanation = texts.TIER_HYPOTHETICAL.format(
            n=count, factor_word=_factor_word(count), which=which, tier=tier.label,
            condition=condition,
        )  # fmt: skip
        meaning = self.rules.tiers.meaning if self.rules.tiers else ""
        if meaning:
            explanation = f"{explanation} {meaning}"
        return dataclasses.replace(tier, explanation=explanation)

    def _compute_tier(
        self, factors: tuple[CriterionResult, ...]
    ) -> tuple[TierResult | None, tuple[str, ...]]:
        table = self.rules.tiers
        assert table is not None
        if any(c.outcome == "onbeantwoord" for c in factors):
            return None, ()
        met = [c for c in factors if c.outcome == "voldaan"]
        count = len(met)
        level = next(lv for lv in table.levels if count in lv.factors)
        which = f" ({', '.join(c.id for c in met)})" if met else ""
        explanation = texts.TIER_EXPLANATION.format(
            n=count, factor_word=_factor_word(count), which=which, tier=level.label
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
                    factor_word=_factor_word(more),
                    tier=nearest.label,
                    factors=format_list(unmet),
                )
            )
        return tier, tuple(hints)

    def _policy_dates(self, route: CompiledRoute | None) -> list[DateResult]:
        """The policy's dates on this route, with past deadlines marked (memoised per day)."""
        read = tuple(self.values.get(name) for name in self.rules.date_reads)
        key = (route.id if route else None, self.today, _hashable(read))
        found = self.rules.date_memo.get(key)
        if found is None:
            found = self._compute_policy_dates(route)
            if len(self.rules.date_memo) >= MEMO_LIMIT:
                self.rules.date_memo.clear()
            self.rules.date_memo[key] = found
        return list(found)

    def _compute_policy_dates(self, route: CompiledRoute | None) -> tuple[DateResult, ...]:
        out = []
        ctx = Context(self.values, route.id if route else None)
        for item, condition in zip(self.rules.dates, self.rules.date_conditions, strict=True):
            if item.routes is not None and (route is None or route.id not in item.routes):
                continue
            if condition is not None and condition.evaluate(ctx, None) is not True:
                continue
            past = (
                item.deadline
                and item.date is not None
                and deadline_passed(item.date, item.inclusive, self.today)
            )
            out.append(
                DateResult(
                    id=item.id,
                    catalogue_id=item.catalogue_id,
                    label=item.label,
                    date=item.date,
                    display=item.display or (format_date(item.date) if item.date else ""),
                    deadline=item.deadline,
                    past=past,
                    source=item.source,
                    warning=texts.DEADLINE_PAST.format(today=format_date(self.today))
                    if past
                    else "",
                )
            )
        return tuple(out)

    @staticmethod
    def _verdict(
        route: CompiledRoute | None, failed_effects: set[str | None], missing: bool
    ) -> Verdict:
        situation = route.spec.verdict if route is not None else None
        if situation == "buiten_beleid":
            return situation  # this policy does not apply: neither do its requirements
        if "blokkeert" in failed_effects:
            return "voldoet_niet"  # even without a procedure this year (issue 9's reading)
        if situation is not None:
            return situation
        if missing or route is None:
            return "onvolledig"
        if "uitzondering" in failed_effects:
            return "uitzondering_mogelijk"
        return "voldoet"

    def _warnings(
        self, route: CompiledRoute | None, open_route_questions: list[str], dates: list[DateResult]
    ) -> list[str]:
        warnings = [f"{d.label}: {d.warning}" for d in dates if d.past]
        if route is None:
            labels = format_list(self._label(f) for f in open_route_questions)
            warnings.insert(0, texts.ROUTE_UNKNOWN.format(questions=labels))
        version = self.assessment.policy.version
        if version and version != self.policy.meta.version:
            warnings.append(
                texts.OTHER_POLICY_VERSION.format(saved=version, used=self.policy.meta.version)
            )
        return warnings

    def run(self) -> Result:
        self._decide_applicability(None, route_dependent=False)
        route, open_route_questions = self._choose_route()
        route_id = route.id if route else None
        self._decide_applicability(route_id, route_dependent=True)

        ctx = Context(self.values, route_id)
        evaluated = self._criteria(ctx)
        criteria = tuple([item[0] for item in evaluated])
        # One pass over the outcomes collects what the verdict, hints and dates need.
        failed_effects: set[str | None] = set()
        hints: list[str] = []
        excluded: list[str] = []
        computed_dates: list[DateResult] = []
        parts: set[str] = set()
        failed_parts: set[str] = set()
        for result, hint, computed in evaluated:
            if result.part and result.outcome != "niet_van_toepassing":
                parts.add(result.part)
            if result.outcome == "niet_voldaan":
                failed_effects.add(result.effect)
                if result.effect == "onderdeel":
                    excluded.append(
                        texts.PARTIAL_EXCLUSION.format(title=result.part or result.title)
                    )
                    if result.part:
                        failed_parts.add(result.part)
            if hint:
                hints.append(hint)
            if computed:
                computed_dates.append(computed)
        # With no procedure this year (or outside this policy) nothing more is needed.
        no_procedure = route is not None and route.spec.verdict is not None
        missing = () if no_procedure else self._missing(criteria)
        tier, tier_hints = self._tier(criteria)
        if parts and parts == failed_parts:
            # Every part of the contract the provider asked for is excluded: nothing is left.
            failed_effects.add("blokkeert")
        verdict = self._verdict(route, failed_effects, bool(missing))
        if tier is not None and verdict != "voldoet":
            tier = self._hypothetical(tier, verdict, criteria)
        else:
            hints.extend(tier_hints)  # "one factor more gives A" only helps who qualifies
        policy_dates = self._policy_dates(route)
        dates = policy_dates + computed_dates
        care = self.rules.spec
        return Result(
            policy_id=self.policy.id,
            policy_title=self.policy.meta.title,
            policy_version=self.policy.meta.version,
            policy_sha256=self.policy.sha256,
            contract_year=self.policy.meta.contract_year,
            care_type=care.id,
            care_type_label=care.label,
            assessment_date=self.today,
            verdict=verdict,
            route=route.result if route else None,
            tier=tier,
            contract=_contract(care.contract or care.label, tier, verdict),
            term=care.term or self.policy.meta.term,
            criteria=criteria,
            dates=tuple(dates),
            missing=missing,
            invalid=self.invalid,
            hints=tuple(hints),
            excluded_parts=tuple(excluded),
            warnings=tuple(
                self._warnings(route, open_route_questions, policy_dates)
                + ([texts.FAILED_EIS_READING] if no_procedure and verdict == "voldoet_niet" else [])
            ),
            inapplicable=frozenset(self.inapplicable),
        )


def _hashable(value: Any) -> Any:
    """A memo key part from answer values (lists and table rows are not hashable)."""
    if isinstance(value, list | tuple):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _hashable(item)) for key, item in value.items()))
    return value


def _factor_word(count: int) -> str:
    singular, plural = texts.FACTOR_WORD
    return singular if count == 1 else plural


def _contract(label: str, tier: TierResult | None, verdict: Verdict) -> str | None:
    if verdict != "voldoet":
        return None
    return f"{label}: {tier.label}" if tier else label
