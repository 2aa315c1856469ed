"""The rules engine: an assessment and its policy in, an explained result out.

The order is fixed and one-way: answers are checked, questions that do not apply are dropped,
the route is chosen, every criterion is evaluated and explained, and the verdict, the tier, the
dates and the hints follow from those outcomes. The same assessment always gives the same result:
the assessment date is part of the input, never the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from caresq_desk.core import texts
from caresq_desk.core.assessment import Assessment, check_answers
from caresq_desk.core.conditions import Context, Trace
from caresq_desk.core.dates import deadline_passed, start_date
from caresq_desk.core.formatting import format_date, format_list
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
    RouteResult,
    TierResult,
    Verdict,
)


class UnknownCareTypeError(LookupError):
    def __init__(self, policy: Policy, care_type: str) -> None:
        known = ", ".join(policy.care_types)
        super().__init__(
            f"zorgsoort '{care_type}' bestaat niet in beleid '{policy.id}'; bekend: {known}"
        )


def evaluate(policy: Policy, assessment: Assessment) -> Result:
    rules = policy.care_types.get(assessment.care_type)
    if rules is None:
        raise UnknownCareTypeError(policy, assessment.care_type)
    return _Evaluation(policy, rules, assessment).run()


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
        self.applicable: set[str] = set()
        self.dates: list[DateResult] = []
        self.hints: list[str] = []

    # -- answers and applicability ------------------------------------------------------------

    def _decide_applicability(self, route: str | None, route_dependent: bool) -> None:
        ctx = Context(self.values, route)
        for question in self.rules.questions:
            if question.depends_on_route != route_dependent:
                continue
            applies = question.applies is None or question.applies.evaluate(ctx, Trace()) is True
            if applies:
                self.applicable.add(question.id)
            else:
                # An answer to a question that does not apply must not influence anything.
                self.values.pop(question.id, None)

    def _missing(self, criteria: Iterable[CriterionResult]) -> tuple[MissingAnswer, ...]:
        missing = [
            MissingAnswer(q.id, q.spec.label, q.spec.section)
            for q in self.rules.questions
            if q.id in self.applicable and q.spec.required and self.values.get(q.id) is None
        ]
        read_by_rules = {field for c in criteria if c.outcome != "niet_van_toepassing"
                         for field in c.questions}  # fmt: skip
        for name in ("provider.agb_code",):
            if name in read_by_rules and self.values.get(name) is None:
                missing.insert(0, MissingAnswer(name, texts.PROVIDER_FIELD_LABELS[name], ""))
        return tuple(missing)

    # -- route --------------------------------------------------------------------------------

    def _choose_route(self) -> tuple[CompiledRoute | None, list[str]]:
        ctx = Context(self.values)
        for route in self.rules.routes:
            if route.when is None:
                return route, []
            state = route.when.evaluate(ctx, Trace())
            if state:
                return route, []
            if state is None:
                open_questions = [f for f in route.reads if self.values.get(f) is None]
                return None, open_questions
        raise AssertionError("the loader guarantees a final route without a condition")

    # -- criteria -----------------------------------------------------------------------------

    def _criterion(self, criterion: CompiledCriterion, ctx: Context) -> CriterionResult:
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
            "questions": criterion.reads,
        }
        if criterion.applies is not None:
            applies = criterion.applies.evaluate(ctx, Trace())
            if applies is False:
                return CriterionResult(outcome="niet_van_toepassing", reason="", **base)
            if applies is None:
                return self._unanswered(criterion, base, ())
        if spec.compute is not None:
            return self._computed_date(criterion, base)
        if criterion.condition is None:
            return CriterionResult(outcome="informatie", reason=criterion.text.render({}), **base)
        trace = Trace()
        state = criterion.condition.evaluate(ctx, trace)
        evidence = tuple(text for _, text in trace.evidence)
        if state is None:
            return self._unanswered(criterion, base, evidence)
        template = criterion.met if state else criterion.not_met
        if state is False and criterion.hint:
            self.hints.append(criterion.hint.render(trace.facts))
        return CriterionResult(
            outcome="voldaan" if state else "niet_voldaan",
            reason=template.render(trace.facts),
            evidence=evidence,
            remedy="" if state else criterion.remedy.render(trace.facts),
            **base,
        )

    def _unanswered(
        self, criterion: CompiledCriterion, base: dict[str, Any], evidence: tuple[str, ...]
    ) -> CriterionResult:
        labels = [self._label(field) for field in criterion.reads if self.values.get(field) is None]
        reason = texts.ROUTE_UNKNOWN.format(questions=format_list(labels))
        return CriterionResult(outcome="onbeantwoord", reason=reason, evidence=evidence, **base)

    def _label(self, field: str) -> str:
        question = self.rules.question_by_id.get(field)
        if question is not None:
            return question.info.label
        return texts.PROVIDER_FIELD_LABELS.get(field, field)

    def _computed_date(self, criterion: CompiledCriterion, base: dict[str, Any]) -> CriterionResult:
        compute = criterion.spec.compute
        assert compute is not None
        answered = self.values.get(compute.from_question)
        if answered is None and not compute.default_to_assessment_date:
            # Nothing to compute from: the rule itself is still shown.
            return CriterionResult(outcome="informatie", reason=criterion.text.render({}), **base)
        from_day: date = answered if answered is not None else self.today
        day = start_date(from_day, compute.rule, compute.not_before)
        from_text = format_date(from_day)
        if answered is None:
            from_text += " " + texts.DEFAULT_FROM_ASSESSMENT_DATE
        facts = {"date": format_date(day), "from_date": from_text}
        reason = " ".join(
            part for part in (criterion.text.render(facts), criterion.met.render(facts)) if part
        )
        self.dates.append(
            DateResult(
                id=criterion.id,
                catalogue_id=criterion.id,
                label=compute.label,
                date=day,
                display=format_date(day),
                deadline=False,
                past=False,
                source=criterion.spec.source,
            )
        )
        return CriterionResult(outcome="informatie", reason=reason, **base)

    # -- verdict, tier, dates -----------------------------------------------------------------

    def _tier(self, criteria: Iterable[CriterionResult]) -> tuple[TierResult | None, list[str]]:
        table = self.rules.tiers
        if table is None:
            return None, []
        factors = [c for c in criteria if c.kind == "factor"]
        if any(c.outcome == "onbeantwoord" for c in factors):
            return None, []
        met = [c for c in factors if c.outcome == "voldaan"]
        count = len(met)
        level = next(lv for lv in table.levels if count in lv.factors)
        which = f" ({', '.join(c.id for c in met)})" if met else ""
        explanation = texts.TIER_EXPLANATION.format(
            n=count, factor_word=_factor_word(count), which=which, tier=level.label
        )
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
        return tier, hints

    def _policy_dates(self, route: CompiledRoute | None) -> list[DateResult]:
        out = []
        for item in self.rules.dates:
            if item.routes is not None and (route is None or route.id not in item.routes):
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
        return out

    @staticmethod
    def _verdict(
        route: CompiledRoute | None,
        criteria: Iterable[CriterionResult],
        missing: tuple[MissingAnswer, ...],
    ) -> Verdict:
        if route is not None and route.spec.verdict == "geen_procedure":
            return "geen_procedure"
        failed = [c for c in criteria if c.outcome == "niet_voldaan"]
        if any(c.effect == "blokkeert" for c in failed):
            return "voldoet_niet"
        if missing or route is None:
            return "onvolledig"
        if any(c.effect == "uitzondering" for c in failed):
            return "uitzondering_mogelijk"
        return "voldoet"

    def run(self) -> Result:
        self._decide_applicability(None, route_dependent=False)
        route, open_route_questions = self._choose_route()
        route_id = route.id if route else None
        self._decide_applicability(route_id, route_dependent=True)

        ctx = Context(self.values, route_id)
        criteria = tuple(self._criterion(c, ctx) for c in self.rules.criteria)
        # With no procedure this year nothing more is needed from the provider.
        no_procedure = route is not None and route.spec.verdict == "geen_procedure"
        missing = () if no_procedure else self._missing(criteria)
        tier, tier_hints = self._tier(criteria)
        verdict = self._verdict(route, criteria, missing)

        hints = [*self.hints, *tier_hints]
        excluded = tuple(
            texts.PARTIAL_EXCLUSION.format(title=c.title)
            for c in criteria
            if c.outcome == "niet_voldaan" and c.effect == "onderdeel"
        )
        warnings = [d.label + ": " + d.warning for d in self._policy_dates(route) if d.past]
        if route is None:
            labels = format_list(self._label(f) for f in open_route_questions)
            warnings.insert(0, texts.ROUTE_UNKNOWN.format(questions=labels))
        version = self.assessment.policy.version
        if version and version != self.policy.meta.version:
            warnings.append(
                f"Opgesteld onder beleidsversie {version}; beoordeeld met versie "
                f"{self.policy.meta.version}."
            )
        dates = self._policy_dates(route) + self.dates
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
            route=_route_result(route),
            tier=tier,
            contract=_contract(care.label, tier, verdict),
            term=care.term or self.policy.meta.term,
            criteria=criteria,
            dates=tuple(dates),
            missing=missing,
            invalid=self.invalid,
            hints=tuple(hints),
            excluded_parts=excluded,
            warnings=tuple(warnings),
        )


def _factor_word(count: int) -> str:
    singular, plural = texts.FACTOR_WORD
    return singular if count == 1 else plural


def _route_result(route: CompiledRoute | None) -> RouteResult | None:
    if route is None:
        return None
    spec = route.spec
    return RouteResult(spec.id, spec.catalogue_id, spec.label, spec.text, spec.source)


def _contract(label: str, tier: TierResult | None, verdict: Verdict) -> str | None:
    if verdict != "voldoet":
        return None
    return f"{label}: {tier.label}" if tier else label
