"""The result of evaluating an assessment: a verdict with every reason behind it.

Named tuples: the engine makes thousands of these per second in a batch (a frozen dataclass sets
each field through ``object.__setattr__``, which showed up), and they serialise to JSON through
``to_dict``. A criterion's texts may be made when first read (``DeferredTexts``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, NamedTuple

from caresq_desk.core.common.texts import FACTOR_NOT_REACHED, OUTCOME_LABELS, VERDICT_LABELS

Verdict = Literal[
    "voldoet",
    "voldoet_niet",
    "onvolledig",
    "uitzondering_mogelijk",
    "uitzondering_toegekend",
    "uitzondering_afgewezen",
    "geen_procedure",
    "buiten_beleid",
]
# The verdicts where the policy leaves the outcome to the purchaser's decision (open or made),
# and those that give a contract.
EXCEPTION_VERDICTS = ("uitzondering_mogelijk", "uitzondering_toegekend", "uitzondering_afgewezen")
QUALIFYING_VERDICTS = ("voldoet", "uitzondering_toegekend")
Outcome = Literal["voldaan", "niet_voldaan", "niet_van_toepassing", "onbeantwoord", "informatie"]


class CriterionTexts(NamedTuple):
    """What a criterion's result says: why, the evidence, and what to do."""

    reason: str
    evidence: tuple[str, ...] = ()
    remedy: str = ""
    # (reason, remedy) as the purchaser reads them, where the policy words them apart; the
    # purchaser role shows these (see rules/roles.py), they are never written out on their own.
    purchaser: tuple[str, str] | None = None

    @property
    def worded_apart(self) -> bool:
        """Whether the purchaser reads other texts than the provider."""
        return self.purchaser is not None

    def for_purchaser(self) -> CriterionTexts:
        if self.purchaser is None:
            return self
        reason, remedy = self.purchaser
        return CriterionTexts(reason, self.evidence, remedy or self.remedy)


class DeferredTexts:
    """A criterion's texts, made when they are first read and kept from then on.

    Deciding a criterion is cheap; explaining it (the evidence, the texts) is most of an
    evaluation. A batch list or a werkmap reads the texts of few criteria, a form all of them:
    each pays for what it reads (benchmarks/bench_engine.py). A subclass says how the texts
    are made (core/rules/criteria.py); to every reader this is a ``CriterionTexts``."""

    __slots__ = ("_made",)

    def _make(self) -> CriterionTexts:
        raise NotImplementedError

    @property
    def worded_apart(self) -> bool:
        return self.made().purchaser is not None

    def made(self) -> CriterionTexts:
        try:
            return self._made  # type: ignore[no-any-return]
        except AttributeError:
            made = self._made = self._make()
            return made

    @property
    def reason(self) -> str:
        return self.made().reason

    @property
    def evidence(self) -> tuple[str, ...]:
        return self.made().evidence

    @property
    def remedy(self) -> str:
        return self.made().remedy

    @property
    def purchaser(self) -> tuple[str, str] | None:
        return self.made().purchaser

    def for_purchaser(self) -> CriterionTexts | DeferredTexts:
        return _ForPurchaser(self) if self.worded_apart else self

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredTexts):
            other = other.made()
        return self.made() == other

    def __hash__(self) -> int:
        return hash(self.made())

    def __repr__(self) -> str:
        return repr(self.made())

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return CriterionTexts, tuple(self.made())  # a copy or a pickle holds the texts made


class _ForPurchaser(DeferredTexts):
    """Texts in the purchaser's words, made from the provider's when first read."""

    __slots__ = ("_texts",)

    def __init__(self, texts: DeferredTexts) -> None:
        self._texts = texts

    @property
    def worded_apart(self) -> bool:
        return False

    def _make(self) -> CriterionTexts:
        return self._texts.made().for_purchaser()


Texts = CriterionTexts | DeferredTexts


class CriterionResult(NamedTuple):
    """One criterion's outcome and why. What does not depend on the answers comes first, so
    the engine makes a result from the criterion's constant part, the outcome and the texts;
    the texts may be made when first read (``DeferredTexts``)."""

    id: str
    kind: str
    title: str
    source: str
    interpretation: str
    effort: bool
    effect: str | None
    common_id: str | None
    variant: str
    part: str
    questions: tuple[str, ...]
    outcome: Outcome
    texts: Texts

    @property
    def reason(self) -> str:
        return self.texts.reason

    @property
    def evidence(self) -> tuple[str, ...]:
        return self.texts.evidence

    @property
    def remedy(self) -> str:
        return self.texts.remedy

    @property
    def purchaser(self) -> tuple[str, str] | None:
        return self.texts.purchaser

    def reworded(self, reason: str, remedy: str = "") -> CriterionResult:
        """The same outcome and evidence with other texts, worded alike for both roles."""
        return self._replace(texts=CriterionTexts(reason, self.evidence, remedy))

    def as_dict(self) -> dict[str, Any]:
        """As saved in a file (the fields of the format, in its order)."""
        texts = self.texts
        return {
            "id": self.id, "kind": self.kind, "title": self.title, "outcome": self.outcome,
            "reason": texts.reason, "source": self.source, "evidence": texts.evidence,
            "remedy": texts.remedy, "interpretation": self.interpretation,
            "effort": self.effort, "effect": self.effect, "common_id": self.common_id,
            "variant": self.variant, "part": self.part, "questions": self.questions,
        }  # fmt: skip

    @property
    def outcome_label(self) -> str:
        if self.kind == "factor" and self.outcome == "niet_voldaan":
            return FACTOR_NOT_REACHED  # a factor is a bonus, not met is no failure
        return OUTCOME_LABELS[self.outcome]

    @property
    def failed(self) -> bool:
        """Not met, and that counts against the provider (a factor not reached does not)."""
        return self.outcome == "niet_voldaan" and self.kind != "factor"

    @property
    def neutral(self) -> bool:
        """Not met, but no failure (a factor not reached): shown without the red cross."""
        return self.outcome == "niet_voldaan" and not self.failed


class DateResult(NamedTuple):
    id: str
    catalogue_id: str
    label: str
    date: date | None
    display: str
    deadline: bool
    past: bool
    source: str
    warning: str = ""


class RouteResult(NamedTuple):
    id: str
    catalogue_id: str
    label: str
    text: str
    source: str
    # The procedure situation the route stands for ("geen_procedure", "buiten_beleid") or None.
    verdict: str | None = None
    text_inkoper: str = ""  # the text for the purchaser ('' where the provider's text fits both)


class TierResult(NamedTuple):
    table_id: str
    level: str
    label: str
    factors_met: int
    factors_total: int
    explanation: str
    source: str


class MissingAnswer(NamedTuple):
    question: str
    label: str
    section: str


class InvalidAnswer(NamedTuple):
    question: str
    label: str
    message: str


class Result(NamedTuple):
    """The whole outcome."""

    policy_id: str
    policy_title: str
    policy_version: str
    policy_sha256: str
    contract_year: int
    care_type: str
    care_type_label: str
    assessment_date: date
    verdict: Verdict
    route: RouteResult | None
    tier: TierResult | None
    contract: str | None
    term: str
    criteria: tuple[CriterionResult, ...]
    dates: tuple[DateResult, ...]
    missing: tuple[MissingAnswer, ...] = ()
    invalid: tuple[InvalidAnswer, ...] = ()
    hints: tuple[str, ...] = ()
    excluded_parts: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    # Questions that do not apply to these answers (a form hides them).
    inapplicable: frozenset[str] = frozenset()
    # The hints as the purchaser reads them (None: the same as ``hints``); see rules/roles.py.
    purchaser_hints: tuple[str, ...] | None = None

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def procedure_label(self) -> str | None:
        """The procedure situation when it differs from the verdict: a provider that fails an
        eis on a route without a procedure this year reads both."""
        situation = self.route.verdict if self.route else None
        if situation is None or situation == self.verdict:
            return None
        return VERDICT_LABELS[situation]

    @property
    def headline(self) -> str:
        """The verdict, with the procedure situation beside it where that differs."""
        procedure = self.procedure_label
        return f"{self.verdict_label} ({procedure.lower()})" if procedure else self.verdict_label

    def unmet(self, kind: str | None = None) -> list[CriterionResult]:
        """Criteria not met that count against the provider (factors not reached excluded)."""
        return [c for c in self.criteria if c.failed and (kind is None or c.kind == kind)]

    def to_dict(self) -> dict[str, Any]:
        data = {name: _plain(value) for name, value in self._asdict().items()}
        data["inapplicable"] = sorted(self.inapplicable)
        data["verdict_label"] = self.verdict_label
        data["procedure_label"] = self.procedure_label
        data["headline"] = self.headline
        for criterion in data["criteria"]:
            criterion["outcome_label"] = OUTCOME_LABELS[criterion["outcome"]]
        if data["route"] is not None:
            data["route"].pop("text_inkoper", None)
        data.pop("purchaser_hints", None)
        return _jsonable(data)


def _plain(value: Any) -> Any:
    """Named tuples (and tuples of them) as dicts, for JSON."""
    if isinstance(value, CriterionResult):
        return value.as_dict()  # the purchaser's wording is folded in by the role, not saved
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return dict(value._asdict())
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
