"""A policy as the engine and the forms use it: compiled once when the file loads, immutable
after, with the constants every part of the compiler and the engine share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caresq_desk.core.common.formatting import Template
from caresq_desk.core.common.limits import shorten
from caresq_desk.core.common.pickling import TRANSIENT, rebuilt_by_init
from caresq_desk.core.policy.conditions import FieldInfo, Node
from caresq_desk.core.policy.spec import (
    CareType,
    Criterion,
    PolicyDate,
    PolicyFile,
    PolicyMeta,
    Question,
    RetiredQuestion,
    Route,
    Section,
    TierTable,
)

ALL_CARE_TYPES = "*"
PROVIDER_FIELDS = {
    "provider.name": "tekst",
    "provider.agb_code": "tekst",
    "provider.location": "tekst",
    "assessment.date": "datum",
}
# Placeholders a text may use; the engine fills them from what a condition read.
PLACEHOLDERS = {
    "value", "limit", "diff", "count", "total", "share", "needed", "date", "from_date",
    "matching", "others", "field",
}  # fmt: skip
# The value of the extra option a question gets from ``none_option``.
NONE_OPTION = "geen"


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file, the part and the problem."""

    def __init__(self, path: Path | str, where: str, problem: str) -> None:
        self.path = str(path)
        self.where = shorten(where, 200)
        self.problem = shorten(problem)
        location = f"{self.path}: {where}" if where else self.path
        super().__init__(f"{location}: {self.problem}")


@rebuilt_by_init
@dataclass(frozen=True, slots=True)
class CompiledQuestion:
    id: str
    kind: str
    spec: Question
    applies: Node | None
    info: FieldInfo
    depends_on_route: bool
    # For number questions: the inclusive range a whole number may take (a fast check path).
    int_bounds: tuple[float, float] | None = None


@rebuilt_by_init
@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    id: str
    spec: Criterion
    applies: Node | None
    condition: Node | None
    reads: tuple[str, ...]
    met: Template
    not_met: Template
    text: Template
    remedy: Template
    hint: Template
    text_inkoper: Template
    remedy_inkoper: Template
    hint_inkoper: Template
    # Whether a value read can be a list (choices, table rows), which the memo key must freeze.
    reads_lists: bool
    # Whether the outcome depends on the route (a route condition in applies_when or condition).
    reads_route: bool
    # Whether it reads a question that may not apply (its explanation then says which do not).
    reads_conditional: bool
    # The only field read, when that alone decides the result (no list, route or date).
    simple_read: str | None
    # Reads nothing at all: the result is always the same (information texts).
    constant: bool
    # Reads only scalar answers (no list, route or date): the values alone are the memo key.
    plain_reads: bool
    # Evaluated results by the values read (see engine); results are immutable, so sharing is safe.
    memo: dict[tuple[Any, ...], Any] = field(
        default_factory=dict, repr=False, compare=False, metadata=TRANSIENT
    )
    # Results that depend on no answer, made once by the engine, memo or not: by outcome
    # ("niet_van_toepassing", "informatie"), and "constant" for a criterion that reads nothing.
    fixed: dict[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata=TRANSIENT
    )
    # What every result of this criterion says whatever the answers, in the order a result
    # starts with (core/model/result.py: id, kind, title, source, ...), made once: a first
    # evaluation builds a result per criterion.
    result_base: tuple[Any, ...] = field(init=False, repr=False, compare=False)
    # Decided by its condition alone: no applicability, computed date or calculation (the
    # common case, which the engine takes first).
    by_condition: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spec = self.spec
        object.__setattr__(self, "result_base", (
            spec.id, spec.kind, spec.title, spec.source, spec.interpretation, spec.effort,
            spec.failure_effect, spec.common_id, spec.variant, spec.part, self.reads,
        ))  # fmt: skip
        by_condition = (
            self.applies is None
            and self.condition is not None
            and spec.compute is None
            and spec.calculation is None
        )
        object.__setattr__(self, "by_condition", by_condition)


@rebuilt_by_init
@dataclass(frozen=True, slots=True)
class CompiledRoute:
    spec: Route
    when: Node | None
    reads: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.spec.id


@rebuilt_by_init
@dataclass(frozen=True, slots=True)
class CareTypeRules:
    """Everything the engine and a form need for one care type, in file order."""

    spec: CareType
    questions: tuple[CompiledQuestion, ...]
    criteria: tuple[CompiledCriterion, ...]
    routes: tuple[CompiledRoute, ...]
    dates: tuple[PolicyDate, ...]
    tiers: TierTable | None
    question_by_id: Mapping[str, CompiledQuestion] = field(repr=False)
    # Subsets the engine walks on every evaluation, computed once.
    conditional_questions: tuple[CompiledQuestion, ...] = field(repr=False)
    route_questions: tuple[CompiledQuestion, ...] = field(repr=False)
    required_questions: tuple[CompiledQuestion, ...] = field(repr=False)
    required_ids: frozenset[str] = field(repr=False)
    # Questions only the purchaser answers (hidden, with what they decide, in the provider role).
    purchaser_ids: frozenset[str] = field(repr=False)
    bounded_questions: tuple[CompiledQuestion, ...] = field(repr=False)
    # The fields that decide which questions apply, before and after the route is known.
    applicability_reads: tuple[str, ...] = field(repr=False)
    route_applicability_reads: tuple[str, ...] = field(repr=False)
    # Per date its applies_when (None: always), and the fields those conditions read.
    date_conditions: tuple[Node | None, ...] = field(default=(), repr=False)
    date_reads: tuple[str, ...] = field(default=(), repr=False)
    # Answers saved under an earlier version: an old id -> the question it is now, and the ids
    # this version no longer asks (see core/document/migrate.py).
    renamed: Mapping[str, CompiledQuestion] = field(default_factory=dict, repr=False)
    split: Mapping[str, tuple[CompiledQuestion, ...]] = field(default_factory=dict, repr=False)
    retired: Mapping[str, RetiredQuestion] = field(default_factory=dict, repr=False)
    applicability_memo: dict[tuple[Any, ...], Any] = field(
        default_factory=dict, repr=False, metadata=TRANSIENT
    )
    date_memo: dict[tuple[Any, ...], Any] = field(
        default_factory=dict, repr=False, metadata=TRANSIENT
    )
    tier_memo: dict[tuple[str, ...], Any] = field(
        default_factory=dict, repr=False, metadata=TRANSIENT
    )
    # Where the differentiation factors stand among the criteria (the tier counts them).
    factor_positions: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        positions = tuple(i for i, c in enumerate(self.criteria) if c.spec.kind == "factor")
        object.__setattr__(self, "factor_positions", positions)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def factor_count(self) -> int:
        return len(self.factor_positions)


@rebuilt_by_init
@dataclass(frozen=True, slots=True)
class Policy:
    meta: PolicyMeta
    path: Path
    sha256: str
    lists: Mapping[str, list[str]]
    sections: tuple[Section, ...]
    care_types: Mapping[str, CareTypeRules]
    file: PolicyFile = field(repr=False)

    @property
    def id(self) -> str:
        return self.meta.id
