"""The assessment: who is assessed, under which policy, on which date, with which answers.

Answers are stored as plain JSON values. ``check_answers`` turns them into typed values against
the questions of the care type and reports each answer that does not fit, naming the question.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from caresq_desk.core.common.formatting import format_value
from caresq_desk.core.common.identity import IdentityCache
from caresq_desk.core.common.limits import MAX_NAME, MAX_NUMBER, date_problem, quoted
from caresq_desk.core.policy.conditions import FieldInfo
from caresq_desk.core.policy.loader import CareTypeRules

FORMAT: Final = "caresq-desk/beoordeling"
SCHEMA_VERSION: Final = 3  # 3: the history is a hash chain (core/document/chain.py)
AGB_PATTERN: Final = re.compile(r"^\d{8}$")
MAX_TEXT: Final = 4000
MAX_ROWS: Final = 500


class PolicyRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, description="Id of the policy, e.g. paramedische-zorg-2026.")
    version: str | None = Field(default=None, description="Policy version it was made under.")


class Provider(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=MAX_NAME, description="Naam van de zorgaanbieder.")
    agb_code: str | None = Field(
        default=None,
        description="AGB-code van onderneming/vestiging: 8 cijfers; de eerste twee zijn de "
        "zorgverlenersoort.",
    )
    location: str = Field(default="", max_length=MAX_NAME, description="Vestigingsplaats.")

    @field_validator("agb_code", mode="before")
    @classmethod
    def _agb_code(cls, value: object) -> object:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise ValueError(
                "de AGB-code is tekst van 8 cijfers (tussen aanhalingstekens, zodat een "
                "voorloopnul behouden blijft)"
            )
        code = value.replace(" ", "")
        if not AGB_PATTERN.match(code):
            digits = sum(ch.isdigit() for ch in code)
            raise ValueError(
                f"de AGB-code moet uit precies 8 cijfers bestaan; '{value}' heeft er {digits}"
                + (" en bevat ook andere tekens" if digits != len(code) else "")
            )
        return code


Status = Literal["concept", "ter_controle", "vastgesteld"]
STATUS_LABELS: Final[dict[str, str]] = {
    "concept": "Concept",
    "ter_controle": "Ter controle",
    "vastgesteld": "Vastgesteld",
}
Role = Literal["inkoper", "zorgaanbieder"]
EventKind = Literal[
    "aangemaakt", "gemigreerd", "hersteld", "antwoord", "gegevens", "status", "besluit", "heropend"
]


class Actor(BaseModel):
    """Who did something: the name from the settings and the role the application ran in."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=MAX_NAME)
    role: Role = "inkoper"


class Decision(BaseModel):
    """The purchaser's decision where the policy leaves one (verdict "uitzondering mogelijk")."""

    model_config = ConfigDict(extra="forbid")

    exception: Literal["toegekend", "afgewezen"]
    motivation: str = Field(min_length=1, max_length=MAX_TEXT)
    by: Actor
    at: datetime


class HistoryEvent(BaseModel):
    """One entry of the append-only history. ``answers`` is a full snapshot (creation,
    migration, a file changed outside the application); ``field``/``old``/``new`` one change."""

    model_config = ConfigDict(extra="forbid")

    at: datetime
    by: Actor | None = None  # None: not known (a file from before the history was kept)
    event: EventKind
    field: str | None = None
    old: Any = None
    new: Any = None
    answers: dict[str, Any] | None = None
    reason: str = Field(default="", max_length=MAX_TEXT)
    # The chain (SHA-256, hex): the event before this one, and the answers, status and decision
    # after it. Any JSON value is read, so a damaged field is named by the chain check instead
    # of making the whole file unreadable.
    prev: Any = Field(default=None, description="SHA-256 (hex) of the event before this one.")
    state: Any = Field(
        default=None, description="SHA-256 (hex) of the answers, status and decision after it."
    )


class Assessment(BaseModel):
    """One assessment file. The result is never input: it is computed from the rest."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["caresq-desk/beoordeling"] = FORMAT
    schema_version: int = SCHEMA_VERSION
    policy: PolicyRef
    care_type: str = Field(min_length=1)
    assessment_date: date = Field(default_factory=date.today)

    @field_validator("assessment_date")
    @classmethod
    def _plausible_date(cls, value: date) -> date:
        problem = date_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    provider: Provider = Field(default_factory=Provider)
    answers: dict[str, Any] = Field(default_factory=dict)
    notes: str = Field(default="", max_length=20_000)
    status: Status = "concept"
    made_by: Actor | None = Field(default=None, description="Who made the file, in which role.")
    decision: Decision | None = None
    # No count limit of its own: the file size limit (files.MAX_ASSESSMENT_BYTES) bounds it.
    history: list[HistoryEvent] = Field(default_factory=list)
    # A purchaser's Ed25519 signature over the chain head (core/document/signing.py); read as
    # any JSON value for the same reason as the chain's fields.
    signature: Any = Field(
        default=None,
        description="Ed25519 signature over the chain head: key and value in base64, head in hex.",
    )
    result: dict[str, Any] | None = Field(
        default=None,
        description="Snapshot of the result when the file was saved, for traceability. "
        "Ignored on reading: the result is always computed again.",
    )

    @field_validator("result")
    @classmethod
    def _readable_result(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        problem = saved_result_problem(value) if value is not None else None
        if problem:
            raise ValueError(f"het opgeslagen resultaat is beschadigd: {problem}")
        return value

    # The schema version the file had on disk (a file from before the chain has none).
    _read_version: int = PrivateAttr(default=SCHEMA_VERSION)

    @property
    def read_version(self) -> int:
        return self._read_version


# The parts of a saved result that are read back (the werkmap compares them with the result of
# now): each with the JSON types it may have.
_TEXT_OR_NULL = (str, type(None))
_SAVED_FIELDS = {"verdict": _TEXT_OR_NULL, "verdict_label": _TEXT_OR_NULL,
                 "policy_version": _TEXT_OR_NULL}  # fmt: skip
_SAVED_CRITERION_FIELDS = {"id": (str,), "outcome": _TEXT_OR_NULL, "variant": _TEXT_OR_NULL,
                           "outcome_label": _TEXT_OR_NULL, "title": _TEXT_OR_NULL}  # fmt: skip


def saved_result_problem(saved: dict[str, Any]) -> str | None:
    """What is wrong with the shape of a saved result, or None when it can be compared."""
    for name, kinds in _SAVED_FIELDS.items():
        if not isinstance(saved.get(name), kinds):
            return f"'{name}' moet tekst zijn"
    tier = saved.get("tier")
    if tier is not None and not (
        isinstance(tier, dict) and isinstance(tier.get("level"), _TEXT_OR_NULL)
    ):
        return "'tier' moet een object met een tekst 'level' zijn, of null"
    criteria = saved.get("criteria")
    if criteria is None:
        return None
    if not isinstance(criteria, list):
        return "'criteria' moet een lijst zijn"
    for number, item in enumerate(criteria, start=1):
        if not isinstance(item, dict):
            return f"criterium {number} moet een object zijn"
        for name, kinds in _SAVED_CRITERION_FIELDS.items():
            if not isinstance(item.get(name), kinds):
                return f"criterium {number}: '{name}' moet tekst zijn"
    return None


class AnswerProblemError(ValueError):
    """An answer that does not fit its question."""

    def __init__(self, field: str, label: str, message: str) -> None:
        self.field = field
        self.label = label
        self.message = message
        super().__init__(f"antwoord '{field}' ({label}): {message}")


def _number(value: Any, integer: bool) -> float | int:
    if type(value) is not int and type(value) is not float:  # bool is not a number here
        raise ValueError(f"verwacht een getal, kreeg {quoted(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("verwacht een eindig getal")
    if abs(value) > MAX_NUMBER:  # compared as int or float alike, never converted
        raise ValueError(f"het getal is te groot (meer dan {len(str(MAX_NUMBER)) - 1} cijfers)")
    if integer:
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"verwacht een geheel getal, kreeg {format_value(value)}")
        return int(value)
    return value


def _check_range(value: float, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        raise ValueError(
            f"{format_value(value)} is kleiner dan het minimum {format_value(minimum)}"
        )
    if maximum is not None and value > maximum:
        raise ValueError(f"{format_value(value)} is groter dan het maximum {format_value(maximum)}")


def _choice(value: Any, options: Mapping[str, str]) -> str:
    if not isinstance(value, str) or value not in options:
        allowed = ", ".join(options)
        raise ValueError(f"onbekende keuze {quoted(value)}; toegestaan: {allowed}")
    return value


def _check_bool(value: Any, info: FieldInfo, spec: Any) -> bool:
    if value is True or value is False:
        return value
    if isinstance(value, str):  # "ja" typed into the file: say what the file must hold
        raise ValueError(
            "het bestand moet true of false bevatten (zonder aanhalingstekens), "
            f"niet de tekst {quoted(value)}"
        )
    raise ValueError(f"verwacht true of false (ja of nee), kreeg {quoted(value)}")


def _check_number(value: Any, info: FieldInfo, spec: Any) -> float | int:
    number = _number(value, spec.integer)
    _check_range(number, spec.min, spec.max)
    return number


def _check_percentage(value: Any, info: FieldInfo, spec: Any) -> float | int:
    number = _number(value, spec.integer)
    _check_range(number, 0 if spec.min is None else spec.min, 100 if spec.max is None else spec.max)
    return number


def _check_date(value: Any, info: FieldInfo, spec: Any) -> date:
    day = None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and len(value) == 10:
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(value)
    if day is None:
        raise ValueError(f"verwacht een datum (JJJJ-MM-DD), kreeg {quoted(value)}")
    problem = date_problem(day)
    if problem:
        raise ValueError(problem)
    return day


def _check_choice(value: Any, info: FieldInfo, spec: Any) -> str:
    return _choice(value, info.option_labels)


def _check_text(value: Any, info: FieldInfo, spec: Any) -> str | None:
    if not isinstance(value, str):
        raise ValueError(f"verwacht tekst, kreeg {quoted(value)}")
    if len(value) > MAX_TEXT:
        raise ValueError(f"tekst is langer dan {MAX_TEXT} tekens")
    return value.strip() or None


def _check_multiple(value: Any, info: FieldInfo, spec: Any) -> list[str] | None:
    if not isinstance(value, list):
        raise ValueError("verwacht een lijst keuzes")
    chosen = [_choice(item, info.option_labels) for item in value]
    if len(set(chosen)) != len(chosen):
        raise ValueError("een keuze staat er dubbel in")
    if info.exclusive_option in chosen and len(chosen) > 1:
        label = info.option_labels[info.exclusive_option]
        raise ValueError(f"'{label}' kan niet samen met andere keuzes")
    return chosen or None


def _check_table(value: Any, info: FieldInfo, spec: Any) -> list[dict[str, Any]] | None:
    if not isinstance(value, list):
        raise ValueError("verwacht een lijst rijen")
    if len(value) > MAX_ROWS:
        raise ValueError(f"meer dan {MAX_ROWS} rijen")
    columns = _table_columns(info, spec)
    known = info.columns.keys()
    rows = []
    for number, raw in enumerate(value, start=1):
        if not isinstance(raw, dict):
            raise ValueError(f"rij {number} is geen tabel met kolommen")
        if not known >= raw.keys():
            unknown = ", ".join(sorted(raw.keys() - known))
            raise ValueError(f"rij {number}: onbekende kolom(men) {unknown}")
        row: dict[str, Any] = {}
        for column_id, check, column_info, column, kind, bounds in columns:
            cell = raw.get(column_id)
            if (
                cell is None
                or ((cell is True or cell is False) and kind == "ja_nee")
                or (bounds is not None and type(cell) is int and bounds[0] <= cell <= bounds[1])
                or (kind == "keuze" and type(cell) is str and cell in column_info.option_labels)
            ):
                row[column_id] = cell  # the common cells, accepted without a call
                continue
            try:
                row[column_id] = check(cell, column_info, column)
            except ValueError as error:
                raise ValueError(f"rij {number}, kolom '{column_id}': {error}") from None
        rows.append(row)
    return rows or None


# A table's columns as its check walks them, per table question (a policy record holds
# mappings, so it is cached by identity).
_COLUMNS: IdentityCache[Any, tuple[tuple[Any, ...], ...]] = IdentityCache(256)


def _table_columns(info: FieldInfo, spec: Any) -> tuple[tuple[Any, ...], ...]:
    return _COLUMNS.get(
        spec,
        lambda spec: tuple(
            (c.id, CHECKS[c.type], info.columns[c.id], c, c.type, _column_bounds(c))
            for c in spec.columns or ()
        ),
    )


def _column_bounds(column: Any) -> tuple[float, float] | None:
    if column.type != "getal":
        return None
    low = -MAX_NUMBER if column.min is None else column.min
    return (low, MAX_NUMBER if column.max is None else column.max)


CHECKS: dict[str, Callable[[Any, FieldInfo, Any], Any]] = {
    "ja_nee": _check_bool,
    "getal": _check_number,
    "percentage": _check_percentage,
    "datum": _check_date,
    "keuze": _check_choice,
    "meerkeuze": _check_multiple,
    "tekst": _check_text,
    "tabel": _check_table,
}


def check_answers(
    rules: CareTypeRules, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], list[AnswerProblemError]]:
    """Typed answers (invalid ones left out) and a problem for each answer that does not fit."""
    typed: dict[str, Any] = {}
    problems: list[AnswerProblemError] = []
    for key, value in answers.items():
        question = rules.question_by_id.get(key)
        if question is None:
            problems.append(
                AnswerProblemError(key, key, f"onbekende vraag voor zorgsoort '{rules.id}'")
            )
            continue
        if value is None:
            continue
        # The two most common answers are checked without a call.
        if (value is True or value is False) and question.kind == "ja_nee":
            typed[key] = value
            continue
        bounds = question.int_bounds
        if bounds is not None and type(value) is int and bounds[0] <= value <= bounds[1]:
            typed[key] = value
            continue
        if question.kind == "keuze" and type(value) is str and value in question.info.option_labels:
            typed[key] = value
            continue
        try:
            checked = CHECKS[question.kind](value, question.info, question.spec)
        except ValueError as error:
            problems.append(AnswerProblemError(key, question.info.label, str(error)))
            continue
        if checked is not None:
            typed[key] = checked
    for question in rules.bounded_questions:
        limit_id = question.spec.max_question
        value = typed.get(question.id)
        if limit_id is None or value is None or typed.get(limit_id) is None:
            continue
        if value > typed[limit_id]:
            limit_label = rules.question_by_id[limit_id].info.label
            problems.append(
                AnswerProblemError(
                    question.id,
                    question.info.label,
                    f"{format_value(value)} is meer dan '{limit_label}' "
                    f"({format_value(typed[limit_id])})",
                )
            )
            del typed[question.id]
    return typed, problems


def unrecognised_answers(
    rules: CareTypeRules, answers: Mapping[str, Any]
) -> dict[str, AnswerProblemError]:
    """Answers a form cannot show: unknown question ids and values that do not fit their
    question. A reader keeps them as they are; only the user removes them."""
    found: dict[str, AnswerProblemError] = {}
    for key, value in answers.items():
        question = rules.question_by_id.get(key)
        if question is None:
            retired = rules.retired.get(key)
            found[key] = (
                AnswerProblemError(key, retired.label, f"niet meer gevraagd: {retired.reason}")
                if retired is not None
                else AnswerProblemError(
                    key, key, f"niet meer gevraagd: onbekende vraag voor zorgsoort '{rules.id}'"
                )
            )
            continue
        if value is None:
            continue
        try:
            CHECKS[question.kind](value, question.info, question.spec)
        except ValueError as error:
            found[key] = AnswerProblemError(key, question.info.label, str(error))
    return found
