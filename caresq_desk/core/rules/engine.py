"""The rules engine: an assessment and its policy in, an explained result out.

The order is fixed and one-way: answers are checked, questions that do not apply are dropped,
the route is chosen, every criterion is evaluated and explained, and the verdict, the tier, the
dates and the hints follow from those outcomes. The same assessment always gives the same result:
the assessment date is part of the input, never the clock.

A criterion's outcome and explanation depend only on the values it reads (known when the policy
is compiled), the route and the assessment date. Results are immutable, so each compiled
criterion keeps a small memo from those inputs to its evaluated result: in a batch, thousands of
practices that answered "ja" to the same question share one explained result.

Each step has a module: ``facts`` (what is known of the assessment), ``criteria`` (every
criterion explained), ``tiers`` and ``policy_dates``; this one drops what does not apply,
chooses the route and puts the verdict and the result together.
"""

from __future__ import annotations

from collections.abc import Iterable

from caresq_desk.core.common import texts
from caresq_desk.core.common.formatting import format_list
from caresq_desk.core.common.limits import shorten
from caresq_desk.core.model.assessment import Assessment, check_answers
from caresq_desk.core.model.result import (
    QUALIFYING_VERDICTS,
    CriterionResult,
    DateResult,
    InvalidAnswer,
    MissingAnswer,
    Result,
    RouteResult,
    TierResult,
    Verdict,
)
from caresq_desk.core.policy.conditions import Context
from caresq_desk.core.policy.loader import CareTypeRules, CompiledQuestion, CompiledRoute, Policy
from caresq_desk.core.rules import memo
from caresq_desk.core.rules.criteria import evaluate_criteria
from caresq_desk.core.rules.decision import DECIDED, decided_verdict, with_decision
from caresq_desk.core.rules.facts import Facts, freeze
from caresq_desk.core.rules.policy_dates import policy_dates
from caresq_desk.core.rules.tiers import hypothetical, tier_of


class UnknownCareTypeError(LookupError):
    def __init__(self, policy: Policy, care_type: str) -> None:
        known = ", ".join(policy.care_types)
        super().__init__(
            f"zorgsoort '{shorten(care_type, 80)}' bestaat niet in beleid '{policy.id}'; "
            f"bekend: {known}"
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
        typed, problems = check_answers(rules, assessment.answers)
        self.invalid = tuple([InvalidAnswer(p.field, p.label, p.message) for p in problems])
        provider = assessment.provider
        typed["provider.name"] = provider.name or None
        typed["provider.agb_code"] = provider.agb_code
        typed["provider.location"] = provider.location or None
        typed["assessment.date"] = assessment.assessment_date
        self.facts = Facts(rules, typed, assessment.assessment_date)
        self.values = typed  # the same dict: dropping an answer drops it for every step
        self.inapplicable = self.facts.inapplicable

    # -- answers and applicability ------------------------------------------------------------

    def _decide_applicability(self, route: str | None, route_dependent: bool) -> None:
        """Drop the answers to questions that do not apply: they must not influence anything.

        Which questions apply depends only on the answers their conditions read (and the
        route), so the set of inapplicable ones is memoised on exactly those values."""
        rules = self.rules
        questions = rules.route_questions if route_dependent else rules.conditional_questions
        if not questions:
            return
        if not memo.MEMOIZE:
            self.inapplicable |= self._inapplicable(questions, route)
            return
        fields = rules.route_applicability_reads if route_dependent else rules.applicability_reads
        key = (route, *map(freeze, map(self.values.get, fields)))
        memos = rules.applicability_memo
        inapplicable = memos.get(key)
        if inapplicable is None:
            inapplicable = self._inapplicable(questions, route)
            if len(memos) >= memo.MEMO_LIMIT:
                memos.clear()
            memos[key] = inapplicable
        else:
            for question_id in inapplicable:
                self.values.pop(question_id, None)
        self.inapplicable |= inapplicable

    def _inapplicable(
        self, questions: Iterable[CompiledQuestion], route: str | None
    ) -> frozenset[str]:
        """The questions that do not apply, their answers dropped. In form order, so a question
        that depends on one that does not apply sees it gone."""
        values = self.values
        ctx = Context(values, route)
        dropped = []
        for question in questions:
            if question.applies and question.applies.evaluate(ctx, None) is not True:
                dropped.append(question.id)
                values.pop(question.id, None)
        return frozenset(dropped)

    def _missing(self, criteria: Iterable[CriterionResult]) -> tuple[MissingAnswer, ...]:
        values = self.values
        # Set arithmetic first (the common case in a batch is: nothing missing).
        open_ids = self.rules.required_ids.difference(values, self.inapplicable)
        missing = (
            [
                MissingAnswer(q.id, q.spec.label, q.spec.section)
                for q in self.rules.required_questions
                if q.id in open_ids
            ]
            if open_ids
            else []
        )
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
                if all(self.facts.optional(f) for f in open_questions):
                    # Only optional answers are missing (a purchaser's judgement, say): a route
                    # that needs them does not apply until they are given.
                    continue
                return None, open_questions
        raise AssertionError("the loader guarantees a final route without a condition")

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
            labels = format_list(self.facts.label(f) for f in open_route_questions)
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
        results, extras = evaluate_criteria(self.facts, ctx)
        criteria = tuple(results)
        # What the verdict needs: the effects of the criteria not met, and the parts excluded.
        failed = [result for result in results if result.outcome == "niet_voldaan"]
        failed_effects: set[str | None] = {result.effect for result in failed}
        excluded = [
            texts.PARTIAL_EXCLUSION.format(title=result.part or result.title)
            for result in failed
            if result.effect == "onderdeel"
        ]
        failed_parts = {r.part for r in failed if r.effect == "onderdeel" and r.part}
        hints = [extra.hint for extra in extras if extra.hint]
        purchaser_hints = [extra.hint_inkoper or extra.hint for extra in extras if extra.hint]
        computed_dates = [extra.date for extra in extras if extra.date]
        # With no procedure this year (or outside this policy) nothing more is needed.
        no_procedure = route is not None and route.spec.verdict is not None
        missing = () if no_procedure else self._missing(criteria)
        tier, tier_hints = tier_of(self.rules, criteria)
        if failed_parts and failed_parts == {
            r.part for r in results if r.part and r.outcome != "niet_van_toepassing"
        }:
            # Every part of the contract the provider asked for is excluded: nothing is left.
            failed_effects.add("blokkeert")
        verdict = self._verdict(route, failed_effects, bool(missing))
        decision = self.assessment.decision
        verdict = decided_verdict(verdict, decision)
        route_result = _route_result(route) if route else None
        if decision is not None and verdict in DECIDED.values():
            criteria, route_result = with_decision(criteria, route_result, decision)
        if verdict == "uitzondering_afgewezen":
            tier = None  # no contract, and no tier it would have given
        elif tier is not None and verdict not in QUALIFYING_VERDICTS:
            tier = hypothetical(self.rules, tier, verdict, criteria)
        else:
            hints.extend(tier_hints)  # "one factor more gives A" only helps who qualifies
            purchaser_hints.extend(tier_hints)
        dates_on_route = policy_dates(self.facts, route)
        dates = dates_on_route + computed_dates
        care = self.rules.spec
        return Result(
            policy_id=self.policy.id,
            policy_title=self.policy.meta.title,
            policy_version=self.policy.meta.version,
            policy_sha256=self.policy.sha256,
            contract_year=self.policy.meta.contract_year,
            care_type=care.id,
            care_type_label=care.label,
            assessment_date=self.assessment.assessment_date,
            verdict=verdict,
            route=route_result,
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
                self._warnings(route, open_route_questions, dates_on_route)
                + ([texts.FAILED_EIS_READING] if no_procedure and verdict == "voldoet_niet" else [])
            ),
            inapplicable=frozenset(self.inapplicable),
            purchaser_hints=tuple(purchaser_hints) if purchaser_hints != hints else None,
        )


def _route_result(route: CompiledRoute) -> RouteResult:
    spec = route.spec
    return RouteResult(
        spec.id, spec.catalogue_id, spec.label, spec.text, spec.source, spec.verdict,
        spec.text_inkoper,
    )  # fmt: skip


def _contract(label: str, tier: TierResult | None, verdict: Verdict) -> str | None:
    if verdict not in QUALIFYING_VERDICTS:
        return None
    return f"{label}: {tier.label}" if tier else label
