"""The policy file format: pydantic models for what a policy TOML file may contain.

These models check the shape of a file (keys, types, allowed values). Cross-references between
parts (a condition naming an unknown question, a tier table with gaps) are checked afterwards by
the compiler. What a model accepted is copied by ``to_spec`` into the plain records of ``spec``,
which the compiled policy holds: a policy from the cache needs neither pydantic nor this module.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from caresq_desk.core.policy import spec
from caresq_desk.core.policy.spec import (
    Audience,
    CalculationOp,
    ColumnType,
    DateRule,
    Kind,
    OnFail,
    OtherValues,
    QuestionType,
    RawCondition,
    RouteVerdict,
)

CATALOGUE_ID = re.compile(r"^[A-Z]+(-[A-Z0-9]+)+$")
LOCAL_ID = r"^[a-z][a-z0-9_]*$"

LocalId = Annotated[str, Field(pattern=LOCAL_ID)]
CareTypeList = Annotated[list[str], Field(min_length=1)]


def _catalogue_id(value: str) -> str:
    if not CATALOGUE_ID.match(value):
        raise ValueError(f"'{value}' is geen catalogus-id (zoals PZ-FYS-F1)")
    return value


CatalogueId = Annotated[str, AfterValidator(_catalogue_id)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("mag niet leeg zijn")
    return value


# A text a user reads (title, label, source): present and not just spaces.
Text = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]


def _check_bounds(low: float | None, high: float | None) -> None:
    if low is not None and high is not None and low > high:
        raise ValueError(f"min ({low}) is groter dan max ({high})")


class Strict(BaseModel):
    # No NaN or infinity anywhere: a limit of nan compares false with everything.
    # defer_build: the validators are built when a policy file is first validated, not when
    # this module is imported; a start with every policy in the cache (core/policy/cache.py)
    # never validates, and builds none.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


class PolicyMeta(Strict):
    id: LocalId | Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: Text
    document: Text = Field(description="Source document the rules come from.")
    contract_year: int = Field(ge=2000, le=2100)
    version: Text
    published: dt.date | None = None
    term: str = ""


class Section(Strict):
    id: LocalId
    label: Text


class Option(Strict):
    value: Text
    label: Text


class Column(Strict):
    id: LocalId
    type: ColumnType
    label: Text
    short: str | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    options: list[Option] | str | None = None
    none_option: str | None = Field(
        default=None, description="Label of an extra option 'geen' after a list of options."
    )

    @model_validator(mode="after")
    def _bounds(self) -> Column:
        _check_bounds(self.min, self.max)
        return self


class Question(Strict):
    id: LocalId
    type: QuestionType
    label: Text
    short: str | None = None
    help: str = ""
    source: Text
    section: str
    care_types: CareTypeList
    required: bool = True
    audience: Audience = "iedereen"
    applies_when: RawCondition | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    max_question: str | None = Field(
        default=None, description="The answer may not exceed the answer to this question."
    )
    options: list[Option] | str | None = None
    none_option: str | None = None
    # False when the extra option means "another one" ("Een andere interventie"), which may be
    # chosen together with listed options; "Geen van deze doelen" excludes them (the default).
    none_exclusive: bool = True
    columns: list[Column] | None = None
    row_label: str = "Rij"
    min_rows: int = 1
    # Where answers saved under an earlier version of the policy come from: the question's
    # old ids, and for a choice the old values (old -> new). What happens to an old value the
    # mapping does not name: it stays as it was ("ongewijzigd", it must still be an option) or
    # the answer is not placed ("niet_meer_gevraagd", kept in the file and shown as such).
    renamed_from: list[LocalId] = []
    # A question split in several: the old answer answers each of them (merged: several old ids
    # in renamed_from of one question, the first one answered is placed).
    split_from: list[LocalId] = []
    values_from: dict[str, str] = {}
    other_values: OtherValues = "ongewijzigd"

    @model_validator(mode="after")
    def _type_fits(self) -> Question:
        needs_options = self.type in ("keuze", "meerkeuze")
        if needs_options and not self.options:
            raise ValueError(f"vraag '{self.id}' van type {self.type} heeft opties nodig")
        if not needs_options and self.options is not None:
            raise ValueError(f"vraag '{self.id}' van type {self.type} kan geen opties hebben")
        if (self.type == "tabel") != (self.columns is not None):
            raise ValueError(f"vraag '{self.id}': kolommen horen alleen bij het type tabel")
        if self.audience == "inkoper" and self.required:
            raise ValueError(
                f"vraag '{self.id}' is alleen voor de inkoper en kan dus niet verplicht zijn "
                "(de zorgaanbieder ziet haar niet); zet required = false"
            )
        _check_bounds(self.min, self.max)
        if set(self.renamed_from) & set(self.split_from):
            raise ValueError(
                f"vraag '{self.id}': een oude vraag is hernoemd of gesplitst, niet beide"
            )
        if self.values_from and not needs_options:
            raise ValueError(f"vraag '{self.id}': values_from hoort alleen bij een keuzevraag")
        return self


class DateCompute(Strict):
    """A date computed from an answer: 'the first of the month after the application month'."""

    from_question: str = Field(alias="from")
    rule: DateRule = "eerste_van_volgende_maand"
    days: int = Field(default=0, ge=0, le=3660, description="For 'dagen_later'.")
    not_before: dt.date | None = None
    default_to_assessment_date: bool = True
    label: Text


class CalculationStep(Strict):
    """One line of a worked calculation; arguments name questions, earlier steps or numbers."""

    id: LocalId
    label: Text
    op: CalculationOp
    args: list[str | float] = Field(min_length=1)
    weights: list[float] | None = None
    unit: Literal["", "%", "€"] = ""

    @model_validator(mode="after")
    def _arity(self) -> CalculationStep:
        if self.op == "gewogen_som" and (
            self.weights is None or len(self.weights) != len(self.args)
        ):
            raise ValueError(f"stap '{self.id}': gewogen_som heeft evenveel weights als args nodig")
        if self.op != "gewogen_som" and self.weights is not None:
            raise ValueError(f"stap '{self.id}': weights horen alleen bij gewogen_som")
        if self.op in ("verschil", "plus_procent", "procent_van") and len(self.args) != 2:
            raise ValueError(f"stap '{self.id}': {self.op} heeft precies twee args nodig")
        return self


class Criterion(Strict):
    id: CatalogueId
    kind: Kind
    title: Text
    source: Text
    care_types: CareTypeList
    applies_when: RawCondition | None = None
    condition: RawCondition | None = None
    compute: DateCompute | None = None
    calculation: list[CalculationStep] | None = None
    met: str = ""
    not_met: str = ""
    text: str = ""
    remedy: str = ""
    hint: str = ""
    # The same texts for the purchaser, where the provider's wording ("u") reads wrongly: used
    # in the purchaser role, the provider's text otherwise.
    text_inkoper: str = ""
    remedy_inkoper: str = ""
    hint_inkoper: str = ""
    interpretation: str = ""
    effort: bool = False
    on_fail: OnFail | None = None
    common_id: CatalogueId | None = None
    variant: str = Field(
        default="",
        description="Tells apart several criteria that implement one catalogue rule "
        "(e.g. HM-CERT per hulpmiddel category).",
    )
    part: str = Field(
        default="",
        description="The part of the contract this criterion decides (e.g. a hulpmiddel "
        "category): when every part that applies fails, the provider does not qualify.",
    )

    @model_validator(mode="after")
    def _kind_fits(self) -> Criterion:
        checked = self.kind in ("eis", "factor", "verwachting") or (
            self.kind == "datum" and self.compute is None
        )
        if self.compute is not None and not self.text:
            raise ValueError(f"criterium {self.id}: een berekende datum heeft een tekst nodig")
        if checked and self.condition is None:
            raise ValueError(f"criterium {self.id} ({self.kind}) heeft een condition nodig")
        if checked and not (self.met and self.not_met):
            raise ValueError(f"criterium {self.id} heeft een tekst 'met' en 'not_met' nodig")
        if self.kind in ("info", "route") and self.condition is not None:
            raise ValueError(f"criterium {self.id} ({self.kind}) toetst niets: geen condition")
        if self.kind in ("info", "route") and not self.text:
            raise ValueError(f"criterium {self.id} ({self.kind}) heeft een tekst nodig")
        if self.calculation is not None and (self.kind != "info" or not self.text):
            raise ValueError(f"criterium {self.id}: een berekening hoort bij info met een tekst")
        if self.compute is not None and (self.kind != "datum" or self.condition is not None):
            raise ValueError(f"criterium {self.id}: compute hoort bij een datum zonder condition")
        if self.on_fail == "uitzondering" and self.kind != "eis":
            raise ValueError(f"criterium {self.id}: on_fail 'uitzondering' kan alleen bij een eis")
        return self


class TierLevel(Strict):
    id: Text
    label: Text
    factors: list[int] = Field(min_length=1)


class TierTable(Strict):
    id: CatalogueId
    source: Text
    levels: list[TierLevel] = Field(min_length=1)
    # What a tier means, from the policy ("in aanmerking voor een opslag op het basistarief").
    meaning: str = ""


class CareType(Strict):
    id: LocalId
    label: Text
    description: str = ""
    term: str = ""
    contract: str = Field(default="", description="The contract offered, if not the label.")
    tiers: TierTable | None = None


class Route(Strict):
    id: LocalId
    catalogue_id: CatalogueId
    care_types: CareTypeList
    label: Text
    text: Text
    source: Text
    when: RawCondition | None = None
    verdict: RouteVerdict | None = None
    text_inkoper: str = ""  # the text for the purchaser, where "u" reads wrongly


class PolicyDate(Strict):
    id: LocalId
    catalogue_id: CatalogueId
    label: Text
    date: dt.date | None = None
    display: str = ""
    deadline: bool = False
    inclusive: bool = True
    care_types: CareTypeList
    routes: list[str] | None = None
    # Shown only when this holds (e.g. the dates of a category the supplier chose).
    applies_when: RawCondition | None = None
    source: Text

    @model_validator(mode="after")
    def _has_a_date(self) -> PolicyDate:
        if self.date is None and not self.display:
            raise ValueError(f"datum '{self.id}' heeft een date of een display-tekst nodig")
        if self.deadline and self.date is None:
            raise ValueError(f"deadline '{self.id}' heeft een echte datum nodig")
        return self


class RetiredQuestion(Strict):
    """A question an earlier version asked and this one no longer does: answers to it are kept
    in the file, shown as "niet meer gevraagd" with the reason, and the file is flagged to be
    assessed again."""

    id: LocalId
    care_types: CareTypeList
    label: Text
    reason: Text


class Change(Strict):
    heading: Text
    section: str = ""
    text: Text


class PolicyFile(Strict):
    """The whole file, as written by policy staff."""

    schema_version: Literal[1] = Field(alias="schema")
    policy: PolicyMeta
    lists: dict[str, list[str]] = {}
    conditions: dict[str, RawCondition] = {}
    sections: list[Section] = Field(min_length=1)
    care_types: list[CareType] = Field(min_length=1)
    questions: list[Question] = []
    criteria: list[Criterion] = Field(min_length=1)
    routes: list[Route] = Field(min_length=1)
    dates: list[PolicyDate] = []
    retired: list[RetiredQuestion] = []
    changes: list[Change] = []


def to_spec(model: Strict) -> spec.Record:
    """The record of the same name with the same values (nested models and lists likewise)."""
    record = spec.RECORDS[type(model).__name__]
    return record(**{name: _plain(getattr(model, name)) for name in type(model).model_fields})


def _plain(value: Any) -> Any:
    if isinstance(value, Strict):
        return to_spec(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value
