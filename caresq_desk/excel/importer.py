"""Reading a filled template (a Vektis-style provider list): every row becomes an assessment,
every bad row is reported with its row number, column and reason, and nothing is skipped unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pydantic import ValidationError

from caresq_desk.core.assessment import Assessment, PolicyRef, Provider, check_answers
from caresq_desk.core.files import describe_validation_error
from caresq_desk.core.formatting import format_count
from caresq_desk.core.policy_loader import CompiledQuestion, Policy
from caresq_desk.core.registry import Registry
from caresq_desk.excel.guard import UnsafeWorkbookError, check_workbook
from caresq_desk.excel.template import (
    COLUMNS_SHEET,
    DATA_SHEET,
    FIRST_DATA_ROW,
    PROVIDER_COLUMNS,
)

MAX_ROWS = 100_000
DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"rij {self.row}" + (f", kolom '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    policy: Policy
    care_type: str
    assessments: list[tuple[int, Assessment]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)


def batch_summary(
    assessed: int, problems: int, warnings: int, unit: tuple[str, str] = ("rij", "rijen")
) -> str:
    """'2 rijen beoordeeld, 1 fout, 0 waarschuwingen'."""
    return ", ".join(
        (
            format_count(assessed, *unit) + " beoordeeld",
            format_count(problems, "fout", "fouten"),
            format_count(warnings, "waarschuwing", "waarschuwingen"),
        )
    )


class CellError(ValueError):
    pass


def _number(value: Any) -> float | int:
    if isinstance(value, bool):
        raise CellError("verwacht een getal")
    if isinstance(value, int | float):
        return value
    text = str(value).strip()
    if "," in text:  # Dutch notation: 1.234,5
        text = text.replace(".", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise CellError(f"verwacht een getal, kreeg '{value}'") from None
    return int(number) if number.is_integer() else number


def _date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    match = DUTCH_DATE.match(str(value).strip())
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            pass
    raise CellError(f"verwacht een datum (dd-mm-jjjj), kreeg '{value}'")


def _choice(value: Any, question: CompiledQuestion) -> str:
    text = str(value).strip()
    for option, label in question.info.option_labels.items():
        if text.casefold() in (option.casefold(), label.casefold()):
            return option
    raise CellError(f"onbekende waarde '{text}'; kies uit de lijst")


def convert(value: Any, question: CompiledQuestion) -> Any:
    """A cell as the JSON value of an answer; CellError says what is wrong."""
    kind = question.kind
    if kind == "ja_nee":
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in ("ja", "j", "yes", "true", "1"):
            return True
        if text in ("nee", "n", "no", "false", "0"):
            return False
        raise CellError(f"verwacht ja of nee, kreeg '{value}'")
    if kind in ("getal", "percentage"):
        return _number(value)
    if kind == "datum":
        return _date(value)
    if kind == "keuze":
        return _choice(value, question)
    if kind == "meerkeuze":
        return [_choice(part, question) for part in str(value).split(";") if part.strip()]
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
        raise CellError(f"AGB-code {digits} heeft {len(digits)} cijfers; verwacht 8")
    text = str(value).strip().replace(" ", "")
    if not re.fullmatch(r"\d{8}", text):
        raise CellError(f"AGB-code '{value}' moet uit precies 8 cijfers bestaan")
    return text, None


def read_provider_list(path: Path, registry: Registry) -> ImportResult:
    """Read a filled template. Unsafe or unreadable files raise UnsafeWorkbookError."""
    check_workbook(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise UnsafeWorkbookError(
            f"{path.name}: de werkmap kan niet veilig worden gelezen ({type(error).__name__})"
        ) from None
    try:
        if COLUMNS_SHEET not in workbook.sheetnames or DATA_SHEET not in workbook.sheetnames:
            raise UnsafeWorkbookError(
                f"{path.name}: dit is geen importsjabloon van Caresq Desk; maak er een met "
                "'caresq-desk template'"
            )
        meta = list(workbook[COLUMNS_SHEET].iter_rows(min_row=1, max_row=2, values_only=True))
        policy_id, care_type = meta[0][0], meta[0][1]
        keys = [key for key in meta[1] if key]
        try:
            policy = registry.get(str(policy_id))
        except LookupError as error:
            raise UnsafeWorkbookError(f"{path.name}: {error}") from None
        if care_type not in policy.care_types:
            raise UnsafeWorkbookError(
                f"{path.name}: zorgsoort '{care_type}' bestaat niet in {policy.id}"
            )
        sheet = workbook[DATA_SHEET]
        if (sheet.max_row or 0) > MAX_ROWS + FIRST_DATA_ROW:
            raise UnsafeWorkbookError(
                f"{path.name}: meer dan {MAX_ROWS} rijen; splits de lijst in kleinere bestanden"
            )
        result = ImportResult(policy, str(care_type))
        labels = {q.id: q.info.label for q in policy.care_types[str(care_type)].questions}
        labels.update({key: label for key, label, _ in PROVIDER_COLUMNS})
        for number, row in enumerate(
            sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True), start=FIRST_DATA_ROW
        ):
            if number - FIRST_DATA_ROW >= MAX_ROWS:
                raise UnsafeWorkbookError(f"{path.name}: meer dan {MAX_ROWS} rijen")
            if all(cell is None or str(cell).strip() == "" for cell in row):
                continue
            _read_row(result, number, dict(zip(keys, row, strict=False)), labels)
        return result
    finally:
        workbook.close()


def _read_row(
    result: ImportResult, number: int, cells: dict[str, Any], labels: dict[str, str]
) -> None:
    rules = result.policy.care_types[result.care_type]
    answers: dict[str, Any] = {}
    problems: list[RowProblem] = []
    provider: dict[str, Any] = {}
    on = date.today()
    for key, value in cells.items():
        if value is None or str(value).strip() == "":
            continue
        try:
            if key == "provider.agb_code":
                code, warning = agb_code(value)
                provider["agb_code"] = code
                if warning:
                    result.warnings.append(RowProblem(number, labels[key], warning))
            elif key == "provider.name":
                provider["name"] = str(value).strip()
            elif key == "provider.location":
                provider["location"] = str(value).strip()
            elif key == "assessment.date":
                on = date.fromisoformat(_date(value))
            elif key in rules.question_by_id:
                answers[key] = convert(value, rules.question_by_id[key])
            else:
                problems.append(RowProblem(number, str(key), "onbekende kolom voor deze zorgsoort"))
        except CellError as error:
            problems.append(RowProblem(number, labels.get(key, str(key)), str(error)))
    if problems:
        result.problems.extend(problems)
        return
    try:
        assessment = Assessment(
            policy=PolicyRef(id=result.policy.id, version=result.policy.meta.version),
            care_type=result.care_type,
            assessment_date=on,
            provider=Provider(**provider),
            answers=answers,
        )
    except ValidationError as error:
        result.problems.append(RowProblem(number, "", describe_validation_error(error)))
        return
    _, answer_problems = check_answers(rules, answers)
    if answer_problems:
        for problem in answer_problems:
            result.problems.append(RowProblem(number, problem.label, problem.message))
        return
    result.assessments.append((number, assessment))
