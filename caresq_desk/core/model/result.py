"""The result of evaluating an assessment: a verdict with every reason behind it.

Plain frozen dataclasses: the engine makes thousands of these per second in a batch, and they
serialise to JSON through ``to_dict``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, is_dataclass
from datetime import date
from typing import Any, Literal, NamedTuple

from caresq_desk.core.common import texts

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


class CriterionResult(NamedTuple):
    """One criterion's outcome and why. A NamedTuple, as ``Result``: a first evaluation makes
    one per criterion, and a frozen dataclass took 5 µs each (its per-field
    ``object.__setattr__``), a third of the evaluation (benchmarks/bench_engine.py)."""

    id: str
    kind: str
    title: str
    outcome: Outcome
    reason: str
    source: str
    evidence: tuple[str, ...] = ()
    remedy: str = ""
    interpretation: str = ""
    effort: bool = False
    effect: str | None = None
    common_id: str | None = None
    variant: str = ""
    part: str = ""
    questions: tuple[str, ...] = ()
    # (reason, remedy) as the purchaser reads them, where the policy words them apart; the
    # purchaser role shows these (see rules/roles.py), they are never written out on their own.
    purchaser: tuple[str, str] | None = None

    @property
    def outcome_label(self) -> str:
        if self.kind == "factor" and self.outcome == "niet_voldaan":
            return texts.FACTOR_NOT_REACHED  # a factor is a bonus, not met is no failure
        return texts.OUTCOME_LABELS[self.outcome]

    @property
    def failed(self) -> bool:
        """Not met, and that counts against the provider (a factor not reached does not)."""
        return self.outcome == "niet_voldaan" and self.kind != "factor"

    @property
    def neutral(self) -> bool:
        """Not met, but no failure (a factor not reached): shown without the red cross."""
        return self.outcome == "niet_voldaan" and not self.failed


@dataclass(frozen=True, slots=True)
class DateResult:
    id: str
    catalogue_id: str
    label: str
    date: date | None
    display: str
    deadline: bool
    past: bool
    source: str
    warning: str = ""


@dataclass(frozen=True, slots=True)
class RouteResult:
    id: str
    catalogue_id: str
    label: str
    text: str
    source: str
    # The procedure situation the route stands for ("geen_procedure", "buiten_beleid") or None.
    verdict: str | None = None
    text_inkoper: str = ""  # the text for the purchaser ('' where the provider's text fits both)


@dataclass(frozen=True, slots=True)
class TierResult:
    table_id: str
    level: str
    label: str
    factors_met: int
    factors_total: int
    explanation: str
    source: str


@dataclass(frozen=True, slots=True)
class MissingAnswer:
    question: str
    label: str
    section: str


@dataclass(frozen=True, slots=True)
class InvalidAnswer:
    question: str
    label: str
    message: str


class Result(NamedTuple):
    """The whole outcome. A NamedTuple rather than a frozen dataclass: it is built once per
    evaluation, and in a batch the dataclass's per-field ``object.__setattr__`` showed up."""

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
        return texts.VERDICT_LABELS[self.verdict]

    @property
    def procedure_label(self) -> str | None:
        """The procedure situation when it differs from the verdict: a provider that fails an
        eis on a route without a procedure this year reads both."""
        situation = self.route.verdict if self.route else None
        if situation is None or situation == self.verdict:
            return None
        return texts.VERDICT_LABELS[situation]

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
            criterion["outcome_label"] = texts.OUTCOME_LABELS[criterion["outcome"]]
            criterion.pop("purchaser", None)  # folded in by the role (rules/roles.py)
        if data["route"] is not None:
            data["route"].pop("text_inkoper", None)
        data.pop("purchaser_hints", None)
        return _jsonable(data)


def _plain(value: Any) -> Any:
    """Dataclasses and named tuples (and tuples of them) as dicts, for JSON."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
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
