"""A cell of a provider list as the answer the user meant: ja/nee in Dutch or English, Dutch
numbers ("250.000" is thousands), a percentage-formatted cell as a percentage, dates typed or
formatted as dates, choices by value or label, and an AGB code that lost its leading zero."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from caresq_desk.core.common.limits import shorten
from caresq_desk.core.common.numbers import NumberTextError, parse_dutch_number
from caresq_desk.core.policy.loader import CompiledQuestion

DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CellError(ValueError):
    pass


def _number(value: Any, question: CompiledQuestion, number_format: str) -> float | int:
    if isinstance(value, bool):
        raise CellError("verwacht een getal, kreeg ja/nee")
    if isinstance(value, datetime | date | time):
        raise CellError("verwacht een getal, kreeg een datum of tijd")
    if isinstance(value, int | float):
        if question.kind == "percentage" and "%" in number_format:
            # Excel stores "80%" as 0.8 in a percentage-formatted cell: the user saw 80%.
            return round(value * 100, 9)
        return value
    text = str(value).strip()
    if not any(character.isdigit() for character in text):
        raise CellError(f"verwacht een getal, kreeg '{shorten(text, 40)}'")
    try:
        return parse_dutch_number(text, integer=question.spec.integer)
    except NumberTextError as error:
        raise CellError(f"'{shorten(text, 40)}': {error}") from None


def date_value(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        # A date before 1900 is stored as a negative day number, which reads as a time too.
        raise CellError(
            "verwacht een datum (dd-mm-jjjj), kreeg een tijd of een datum vóór 1900; geef de cel "
            "een datum"
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(
            f"verwacht een datum (dd-mm-jjjj), kreeg het getal {value}; geef de cel de opmaak "
            "Datum of typ de datum als dd-mm-jjjj"
        )
    text = str(value).strip()
    match = DUTCH_DATE.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day).isoformat()
        if ISO_DATE.match(text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CellError(f"'{shorten(text, 40)}' is geen bestaande datum") from None
    raise CellError(f"verwacht een datum (dd-mm-jjjj), kreeg '{shorten(text, 40)}'")


def _choice(value: Any, question: CompiledQuestion, refused: dict[str, str]) -> str:
    text = str(value).strip()
    for option, label in question.info.option_labels.items():
        if text.casefold() in (option.casefold(), label.casefold()):
            if option in refused:
                raise CellError(refused[option])
            return option
    raise CellError(f"onbekende waarde '{shorten(text, 60)}'; kies uit de lijst")


def convert(
    value: Any,
    question: CompiledQuestion,
    number_format: str = "General",
    refused: dict | None = None,
) -> Any:
    """A cell as the JSON value of an answer; CellError says what is wrong."""
    kind = question.kind
    if kind == "ja_nee":
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in ("ja", "j", "yes", "true", "1", "waar"):
            return True
        if text in ("nee", "n", "no", "false", "0", "onwaar"):
            return False
        raise CellError(f"verwacht ja of nee, kreeg '{shorten(str(value), 40)}'")
    if kind in ("getal", "percentage"):
        return _number(value, question, number_format)
    if kind == "datum":
        return date_value(value)
    if kind == "keuze":
        return _choice(value, question, refused or {})
    if kind == "meerkeuze":
        return [
            _choice(part, question, refused or {}) for part in str(value).split(";") if part.strip()
        ]
    return text_value(value)


def text_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def agb_code(value: Any) -> tuple[str | None, str | None]:
    """The AGB code and a warning when a lost leading zero was repaired; CellError if wrong."""
    if value is None or str(value).strip() == "":
        return None, None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        if len(digits) == 7:
            return (
                "0" + digits,
                f"AGB-code {digits} had zijn voorloopnul verloren; hersteld tot 0{digits}",
            )
        if len(digits) == 8:
            return digits, None
        raise CellError(f"AGB-code {shorten(digits, 20)} heeft {len(digits)} cijfers; verwacht 8")
    text = str(value).strip().replace(" ", "")
    if not re.fullmatch(r"\d{8}", text):
        raise CellError(f"AGB-code '{shorten(str(value), 20)}' moet uit precies 8 cijfers bestaan")
    return text, None
