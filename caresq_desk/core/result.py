"""The result of evaluating an assessment: a verdict with every reason behind it.

Plain frozen dataclasses: the engine makes thousands of these per second in a batch, and they
serialise to JSON through ``to_dict``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, is_dataclass
from datetime import date
from typing import Any, Literal, NamedTuple

from caresq_desk.core import texts

Verdict = Literal[
    "voldoet",
    "voldoet_niet",
    "onvolledig",
    "uitzondering_mogelijk",
    "geen_procedure",
    "buiten_beleid",
]
Outcome = Literal["voldaan", "niet_voldaan", "niet_van_toepassing", "onbeantwoord", "informatie"]


@dataclass(frozen=True, slots=True)
class CriterionResult:
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

    @property
    def outcome_label(self) -> str:
        return texts.OUTCOME_LABELS[self.outcome]


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

    @property
    def verdict_label(self) -> str:
        return texts.VERDICT_LABELS[self.verdict]

    def unmet(self, kind: str | None = None) -> list[CriterionResult]:
        return [
            c for c in self.criteria
            if c.outcome == "niet_voldaan" and (kind is None or c.kind == kind)
        ]  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        data = {name: _plain(value) for name, value in self._asdict().items()}
        data["inapplicable"] = sorted(self.inapplicable)
        data["verdict_label"] = self.verdict_label
        for criterion in data["criteria"]:
            criterion["outcome_label"] = texts.OUTCOME_LABELS[criterion["outcome"]]
        return _jsonable(data)


def _plain(value: Any) -> Any:
    """Dataclasses (and tuples of them) as dicts, for JSON."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
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
