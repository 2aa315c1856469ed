"""A policy's parts as the engine and the forms read them: plain immutable records.

``schema`` checks a file with pydantic; what it accepted is copied into these records
(``schema.to_spec``), and the compiled policy holds only records. So a policy taken from the
cache (core/policy/cache.py) needs neither pydantic nor the schema: on a start with every policy
cached that was about two thirds of the time from the first paint to a usable window.

The records are not dataclasses: on Python 3.11 making a dataclass generates and compiles its
methods, about 1.5 ms per class at import. A record takes its fields from its annotations and
shares one ``__init__``; its values live in ``__dict__``, which pickle restores in C.

Each record has exactly the fields of the schema model of the same name (tests/core/
test_policy_spec.py holds them equal), so the texts, limits and options read the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal, dataclass_transform

if TYPE_CHECKING:
    import datetime as dt

Kind = Literal["eis", "factor", "verwachting", "route", "datum", "info"]
QuestionType = Literal[
    "ja_nee", "getal", "percentage", "datum", "keuze", "meerkeuze", "tekst", "tabel"
]
ColumnType = Literal["ja_nee", "getal", "keuze", "tekst"]
OnFail = Literal["blokkeert", "uitzondering", "onderdeel", "advies", "waarschuwing"]
Audience = Literal["iedereen", "inkoper"]
RouteVerdict = Literal["geen_procedure", "buiten_beleid"]
DateRule = Literal["eerste_van_volgende_maand", "zelfde_dag", "dagen_later"]
CalculationOp = Literal["gewogen_som", "som", "verschil", "product", "plus_procent", "procent_van"]
OtherValues = Literal["ongewijzigd", "niet_meer_gevraagd"]
# A condition is a small tree of TOML tables; the loader parses and checks it.
RawCondition = dict[str, Any]


@dataclass_transform(frozen_default=True)
class Record:
    """Immutable named values; built with every field given (by ``schema.to_spec``)."""

    fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls) -> None:
        # Each record class declares its own fields (Python 3.10+: never the base's).
        own = tuple(
            name for name, kind in cls.__annotations__.items() if not kind.startswith("ClassVar")
        )
        cls.fields = cls.fields + own

    def __init__(self, **values: Any) -> None:
        if values.keys() != set(self.fields):
            missing = sorted(set(self.fields) - values.keys())
            unknown = sorted(values.keys() - set(self.fields))
            raise TypeError(f"{type(self).__name__}: ontbreekt {missing}, onbekend {unknown}")
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        # As a frozen pydantic model: hashable when its values are (a list is not).
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"{type(self).__name__}({values})"


class PolicyMeta(Record):
    id: str
    title: str
    document: str
    contract_year: int
    version: str
    published: dt.date | None
    term: str


class Section(Record):
    id: str
    label: str


class Option(Record):
    value: str
    label: str


class Column(Record):
    id: str
    type: ColumnType
    label: str
    short: str | None
    unit: str | None
    min: float | None
    max: float | None
    integer: bool
    options: list[Option] | str | None
    none_option: str | None


class Question(Record):
    id: str
    type: QuestionType
    label: str
    short: str | None
    help: str
    source: str
    section: str
    care_types: list[str]
    required: bool
    audience: Audience
    applies_when: RawCondition | None
    unit: str | None
    min: float | None
    max: float | None
    integer: bool
    max_question: str | None
    options: list[Option] | str | None
    none_option: str | None
    none_exclusive: bool
    columns: list[Column] | None
    row_label: str
    min_rows: int
    renamed_from: list[str]
    split_from: list[str]
    values_from: dict[str, str]
    other_values: OtherValues


class DateCompute(Record):
    from_question: str
    rule: DateRule
    days: int
    not_before: dt.date | None
    default_to_assessment_date: bool
    label: str


class CalculationStep(Record):
    id: str
    label: str
    op: CalculationOp
    args: list[str | float]
    weights: list[float] | None
    unit: Literal["", "%", "€"]


class Criterion(Record):
    id: str
    kind: Kind
    title: str
    source: str
    care_types: list[str]
    applies_when: RawCondition | None
    condition: RawCondition | None
    compute: DateCompute | None
    calculation: list[CalculationStep] | None
    met: str
    not_met: str
    text: str
    remedy: str
    hint: str
    text_inkoper: str
    remedy_inkoper: str
    hint_inkoper: str
    interpretation: str
    effort: bool
    on_fail: OnFail | None
    common_id: str | None
    variant: str
    part: str

    @property
    def failure_effect(self) -> OnFail | None:
        """What failing it does: its own ``on_fail``, else what its kind does by default."""
        if self.on_fail is not None:
            return self.on_fail
        return {"eis": "blokkeert", "verwachting": "advies", "datum": "waarschuwing"}.get(self.kind)


class TierLevel(Record):
    id: str
    label: str
    factors: list[int]


class TierTable(Record):
    id: str
    source: str
    levels: list[TierLevel]
    meaning: str


class CareType(Record):
    id: str
    label: str
    description: str
    term: str
    contract: str
    tiers: TierTable | None


class Route(Record):
    id: str
    catalogue_id: str
    care_types: list[str]
    label: str
    text: str
    source: str
    when: RawCondition | None
    verdict: RouteVerdict | None
    text_inkoper: str


class PolicyDate(Record):
    id: str
    catalogue_id: str
    label: str
    date: dt.date | None
    display: str
    deadline: bool
    inclusive: bool
    care_types: list[str]
    routes: list[str] | None
    applies_when: RawCondition | None
    source: str


class RetiredQuestion(Record):
    id: str
    care_types: list[str]
    label: str
    reason: str


class Change(Record):
    heading: str
    section: str
    text: str


class PolicyFile(Record):
    schema_version: Literal[1]
    policy: PolicyMeta
    lists: dict[str, list[str]]
    conditions: dict[str, RawCondition]
    sections: list[Section]
    care_types: list[CareType]
    questions: list[Question]
    criteria: list[Criterion]
    routes: list[Route]
    dates: list[PolicyDate]
    retired: list[RetiredQuestion]
    changes: list[Change]


RECORDS: dict[str, type[Record]] = {
    record.__name__: record
    for record in (
        PolicyMeta, Section, Option, Column, Question, DateCompute, CalculationStep, Criterion,
        TierLevel, TierTable, CareType, Route, PolicyDate, RetiredQuestion, Change, PolicyFile,
    )
}  # fmt: skip
