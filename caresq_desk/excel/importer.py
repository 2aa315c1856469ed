"""Reading a filled provider list (an import template, filled in Excel or LibreOffice).

Every input row is accounted for: it becomes an assessment, or it is refused with its reasons;
nothing is skipped unseen. Columns are found by their headers (so moving, inserting or sorting
columns never moves an answer), the notes row is recognised wherever it ends up, merged cells
count for every row they cover, and a value is read as what the user saw: a percentage cell as
a percentage, "250.000" as thousands.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from caresq_desk.core.common.formatting import format_count
from caresq_desk.core.common.limits import shorten
from caresq_desk.core.document.files import describe_validation_error
from caresq_desk.core.model.assessment import Assessment, PolicyRef, Provider, check_answers
from caresq_desk.core.policy.loader import CompiledQuestion, Policy
from caresq_desk.core.policy.registry import Registry
from caresq_desk.excel.guard import UnsafeWorkbookError
from caresq_desk.excel.listbook import ListBook, as_read
from caresq_desk.excel.sheetscan import SheetScan
from caresq_desk.excel.template import (
    COLUMNS_SHEET,
    DATA_SHEET,
    MAX_ROWS,
    PROVIDER_COLUMNS,
    column_notes,
    list_only_options,
    template_questions,
)
from caresq_desk.excel.values import CellError, agb_code, convert, date_value, text_value

HEADER_SEARCH_ROWS = 5
NEW_TEMPLATE = "maak een nieuw sjabloon via Bestand > Importsjabloon maken"


@dataclass(frozen=True)
class RowProblem:
    row: int  # 0: about the whole list
    column: str
    message: str

    def __str__(self) -> str:
        where = f"rij {self.row}" if self.row else "lijst"
        where += f", kolom '{self.column}'" if self.column else ""
        return f"{where}: {shorten(self.message)}"


@dataclass(frozen=True)
class RefusedRow:
    """An input row that could not be assessed, with what could be read of the provider."""

    row: int
    provider: Provider
    problems: tuple[RowProblem, ...]


@dataclass
class ImportResult:
    policy: Policy
    care_type: str
    assessments: list[tuple[int, Assessment]] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return len(self.assessments) + len(self.refused)

    @property
    def problems(self) -> list[RowProblem]:
        return [problem for row in self.refused for problem in row.problems]

    def warnings_for(self, row: int) -> list[RowProblem]:
        return [warning for warning in self.warnings if warning.row == row]


def batch_summary(
    assessed: int, total: int, refused: int, warnings: int, unit: tuple[str, str] = ("rij", "rijen")
) -> str:
    """'48 van 50 rijen beoordeeld, 2 rijen geweigerd, 1 waarschuwing'."""
    return ", ".join(
        (
            f"{assessed} van {format_count(total, *unit)} beoordeeld",
            format_count(refused, *unit) + " geweigerd",
            format_count(warnings, "waarschuwing", "waarschuwingen"),
        )
    )


def _normal(text: Any) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


# -- the workbook --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    by_index: dict[int, str]  # 0-based column index -> id
    labels: dict[str, str]  # id -> header label
    header_row: int
    foreign: frozenset[int]  # columns with a header that is not the template's (told once)


def _template_ids(book: ListBook, path: Path) -> tuple[str, str, list[str]]:
    """Policy id, care type and the column ids from the hidden sheet; refuses a damaged one."""
    if COLUMNS_SHEET not in book.sheet_names or DATA_SHEET not in book.sheet_names:
        raise UnsafeWorkbookError(
            f"{path.name}: dit is geen importsjabloon van Caresq Desk; {NEW_TEMPLATE}"
        )
    rows = [[as_read(value) for value in row] for row in book.rows(COLUMNS_SHEET)[:2]]
    policy_id = rows[0][0] if rows and rows[0] else None
    care_type = rows[0][1] if rows and len(rows[0]) > 1 else None
    ids = list(rows[1]) if len(rows) > 1 else []
    while ids and ids[-1] in (None, ""):
        ids.pop()
    if not policy_id or not care_type or not ids or any(i in (None, "") for i in ids):
        raise UnsafeWorkbookError(
            f"{path.name}: het sjabloon is beschadigd (het verborgen blad '{COLUMNS_SHEET}' mist "
            f"het beleid, de zorgsoort of kolom-id's); {NEW_TEMPLATE}"
        )
    return str(policy_id), str(care_type), [str(i) for i in ids]


def _find_columns(
    top: list[list[Any]],
    expected: dict[str, str],
    hidden_ids: list[str],
    path: Path,
    result: ImportResult,
) -> _Columns:
    """Match each column by its header to a question; name unknown, missing and double ones."""
    unknown_hidden = [i for i in hidden_ids if i not in expected]
    if unknown_hidden:
        raise UnsafeWorkbookError(
            f"{path.name}: het sjabloon hoort niet bij dit beleid (onbekende kolom-id "
            f"'{shorten(unknown_hidden[0], 40)}'); {NEW_TEMPLATE}"
        )
    by_label = {_normal(label): key for key, label in expected.items()}
    by_label.update({_normal(key): key for key in expected})
    best: tuple[int, int, list[Any]] = (0, 0, [])
    for number, row in enumerate(top[:HEADER_SEARCH_ROWS], start=1):
        hits = sum(1 for cell in row if _normal(cell) in by_label)
        if hits > best[0]:
            best = (hits, number, list(row))
    hits, header_row, headers = best
    if hits == 0:
        raise UnsafeWorkbookError(
            f"{path.name}: geen enkele kolomkop van het sjabloon gevonden in het blad "
            f"'{DATA_SHEET}'; {NEW_TEMPLATE}"
        )
    by_index: dict[int, str] = {}
    foreign: set[int] = set()
    seen: dict[str, list[str]] = defaultdict(list)
    for index, header in enumerate(headers):
        letter = get_column_letter(index + 1)
        key = by_label.get(_normal(header))
        if key is None:
            if _normal(header):
                foreign.add(index)
                result.warnings.append(
                    RowProblem(
                        0,
                        shorten(str(header), 60),
                        f"kolom {letter} hoort niet bij het sjabloon en is niet gelezen",
                    )
                )
            continue
        by_index[index] = key
        seen[key].append(letter)
    doubles = {key: letters for key, letters in seen.items() if len(letters) > 1}
    if doubles:
        key, letters = next(iter(doubles.items()))
        raise UnsafeWorkbookError(
            f"{path.name}: de kolom '{expected[key]}' staat er {len(letters)} keer in (kolommen "
            f"{', '.join(letters)}); verwijder de dubbele kolom"
        )
    for key, label in expected.items():
        if key not in seen:
            result.warnings.append(
                RowProblem(0, label, "kolom ontbreekt; deze vraag blijft voor alle rijen leeg")
            )
    return _Columns(by_index, expected, header_row, frozenset(foreign))


def read_provider_list(path: Path, registry: Registry) -> ImportResult:
    """Read a filled template. Unsafe, unreadable or damaged files raise UnsafeWorkbookError."""
    book = ListBook(path)
    try:
        policy_id, care_type, hidden_ids = _template_ids(book, path)
        try:
            policy = registry.get(policy_id)
        except LookupError as error:
            raise UnsafeWorkbookError(f"{path.name}: {error}") from None
        if care_type not in policy.care_types:
            raise UnsafeWorkbookError(
                f"{path.name}: zorgsoort '{shorten(care_type, 60)}' bestaat niet in {policy.id}"
            )
        result = ImportResult(policy, care_type)
        expected = {key: label for key, label, _ in PROVIDER_COLUMNS}
        expected.update({q.id: q.info.label for q in template_questions(policy, care_type)})
        scan = book.scan(DATA_SHEET)
        if scan.last_row > HEADER_SEARCH_ROWS + MAX_ROWS + 1:  # before the cells are read
            raise _too_many_rows(path)
        rows = book.rows(DATA_SHEET)
        top = [[as_read(value) for value in row] for row in rows[:HEADER_SEARCH_ROWS]]
        columns = _find_columns(top, expected, hidden_ids, path, result)
        _RowReader(result, columns, scan, path).read(rows)
        return result
    finally:
        book.close()


def _too_many_rows(path: Path) -> UnsafeWorkbookError:
    return UnsafeWorkbookError(
        f"{path.name}: meer dan {MAX_ROWS} rijen; splits de lijst in kleinere bestanden"
    )


class _RowReader:
    def __init__(
        self, result: ImportResult, columns: _Columns, scan: SheetScan, path: Path
    ) -> None:
        self.result = result
        self.columns = columns
        self.scan = scan
        self.path = path
        self.rules = result.policy.care_types[result.care_type]
        self.notes = {_normal(n) for n in column_notes(result.policy, result.care_type).values()}
        self.refused_options = list_only_options(result.policy, result.care_type)
        # Merged ranges: each covered cell points at the range's first cell, whose value it shows.
        self.merged_values: dict[tuple[int, int], Any] = {}
        self.merged_at: dict[tuple[int, int], tuple[int, int]] = {}
        self.merge_origins = {(m.first_row, m.first_column) for m in scan.merged}
        for merged in scan.merged:
            if merged.last_row <= columns.header_row:
                continue
            cells = [
                (row, column)
                for row in range(merged.first_row, merged.last_row + 1)
                for column in range(merged.first_column, merged.last_column + 1)
            ]
            for cell in cells[1:]:
                self.merged_at[cell] = (merged.first_row, merged.first_column)
            if merged.last_row > merged.first_row:
                result.warnings.append(
                    RowProblem(
                        merged.first_row,
                        "",
                        f"samengevoegde cellen {merged.label}: de "
                        f"waarde geldt voor de rijen {merged.first_row} tot en met "
                        f"{merged.last_row}",
                    )
                )
        # A merged range may reach past a row's last value: read that far.
        self.merged_width = max((merged.last_column for merged in scan.merged), default=0)
        self.marked_rows = {row for row, _ in scan.errors} | {
            row for row, _ in scan.uncached_formulas
        }
        self.marked_rows |= {row for row, _ in scan.percent_formats}
        for merged in scan.merged:
            self.marked_rows.update(range(merged.first_row, merged.last_row + 1))
        self.agb_rows: dict[str, list[int]] = defaultdict(list)
        self.unlabelled_warned: set[int] = set()

    def read(self, rows: list[list[Any]]) -> None:
        first = self.columns.header_row + 1
        for number, row in self._with_merged_rows(rows):
            if number < first:
                continue
            if number - first >= MAX_ROWS + 1:
                raise _too_many_rows(self.path)
            cells = self._cells(number, row)
            if not cells or self._is_notes_row(cells):
                continue
            self._read_row(number, cells)
        for code, rows in self.agb_rows.items():
            if len(rows) > 1:
                for row in rows:
                    others = ", ".join(str(r) for r in rows if r != row)
                    self.result.warnings.append(
                        RowProblem(row, "AGB-code", f"AGB-code {code} staat ook in rij {others}")
                    )
        self.result.warnings.sort(key=lambda warning: warning.row)

    def _with_merged_rows(self, rows: list[list[Any]]) -> Iterator[tuple[int, list[Any]]]:
        """(number, values) of each row, and after them the rows only a merged range still
        covers (without values of their own)."""
        yield from enumerate(rows, start=1)
        covered = max((merged.last_row for merged in self.scan.merged), default=0)
        for number in range(len(rows) + 1, covered + 1):
            yield number, []

    def _cells(self, number: int, row: list[Any]) -> dict[str, tuple[Any, str, int]]:
        """id -> (value, number format, column index) for the non-empty cells of a row."""
        if number in self.marked_rows:
            return self._marked_cells(number, row)
        # Most rows: nothing the scan found, so only the values count (a list's hot loop).
        cells: dict[str, tuple[Any, str, int]] = {}
        by_index = self.columns.by_index
        for index, raw in enumerate(row):
            if raw == "":  # calamine's empty cell
                continue
            value = as_read(raw)
            if isinstance(value, str) and not value.strip():
                continue
            key = by_index.get(index)
            if key is None:
                self._unlabelled(number, index)
            else:
                cells[key] = (value, "General", index)
        return cells

    def _marked_cells(self, number: int, row: list[Any]) -> dict[str, tuple[Any, str, int]]:
        """``_cells`` for a row with merged cells, errors, formulas or percentage formats."""
        cells: dict[str, tuple[Any, str, int]] = {}
        for index in range(max(len(row), self.merged_width)):
            raw = row[index] if index < len(row) else ""
            value, uncached = self._scanned_value(number, index, as_read(raw))
            if (value is None or (isinstance(value, str) and not value.strip())) and not uncached:
                continue
            key = self.columns.by_index.get(index)
            if key is None:
                self._unlabelled(number, index)
                continue
            number_format = self.scan.percent_formats.get((number, index + 1), "General")
            cells[key] = (None if uncached else value, number_format, index)
        return cells

    def _scanned_value(self, number: int, index: int, value: Any) -> tuple[Any, bool]:
        """The value the user saw (an error, a merged range's value) and whether the cell holds
        a formula without a saved result."""
        position = (number, index + 1)
        value = self.scan.errors.get(position, value)
        if position in self.merged_at:
            value = self.merged_values.get(self.merged_at[position])
        elif position in self.merge_origins:
            self.merged_values[position] = value
        return value, position in self.scan.uncached_formulas

    def _unlabelled(self, number: int, index: int) -> None:
        if index not in self.unlabelled_warned and index not in self.columns.foreign:
            self.unlabelled_warned.add(index)
            self.result.warnings.append(
                RowProblem(
                    number,
                    get_column_letter(index + 1),
                    "deze kolom heeft geen kop van het sjabloon; de waarden zijn niet gelezen",
                )
            )

    def _is_notes_row(self, cells: dict[str, tuple[Any, str, int]]) -> bool:
        texts = [value for value, _, _ in cells.values() if isinstance(value, str)]
        needed = max(2, len(cells) // 2)
        matching = 0
        for seen, text in enumerate(texts):
            if len(texts) - seen + matching < needed:
                return False  # too few texts left to make it a notes row
            matching += _normal(text) in self.notes
        return matching >= needed

    def _read_row(self, number: int, cells: dict[str, tuple[Any, str, int]]) -> None:
        answers: dict[str, Any] = {}
        problems: list[RowProblem] = []
        provider: dict[str, Any] = {}
        on = date.today()
        for key, (value, number_format, _index) in cells.items():
            label = self.columns.labels[key]
            if value is None:
                problems.append(
                    RowProblem(
                        number,
                        label,
                        "formule zonder opgeslagen uitkomst; laat Excel of "
                        "LibreOffice herberekenen en sla de lijst opnieuw op",
                    )
                )
                continue
            try:
                if key == "provider.agb_code":
                    code, warning = agb_code(value)
                    provider["agb_code"] = code
                    if warning:
                        self.result.warnings.append(RowProblem(number, label, warning))
                elif key in ("provider.name", "provider.location"):
                    provider[key.split(".")[1]] = text_value(value)
                elif key == "assessment.date":
                    on = date.fromisoformat(date_value(value))
                else:
                    question = self.rules.question_by_id[key]
                    answers[key] = convert(value, question, number_format, self.refused_options)
                    self._percentage_hint(number, question, answers[key], number_format)
            except CellError as error:
                problems.append(RowProblem(number, label, str(error)))
        readable = Provider.model_construct(
            name=str(provider.get("name", ""))[:300],
            agb_code=provider.get("agb_code"),
            location=str(provider.get("location", ""))[:300],
        )
        if problems:
            self._refuse(number, readable, problems)
            return
        try:
            assessment = Assessment(
                policy=PolicyRef(id=self.result.policy.id, version=self.result.policy.meta.version),
                care_type=self.result.care_type,
                assessment_date=on,
                provider=Provider(**provider),
                answers=answers,
            )
        except ValidationError as error:
            self._refuse(
                number, readable, [RowProblem(number, "", describe_validation_error(error))]
            )
            return
        _, answer_problems = check_answers(self.rules, answers)
        if answer_problems:
            found = [RowProblem(number, p.label, p.message) for p in answer_problems]
            self._refuse(number, readable, found)
            return
        if assessment.provider.agb_code:
            self.agb_rows[assessment.provider.agb_code].append(number)
        self.result.assessments.append((number, assessment))

    def _refuse(self, number: int, provider: Provider, problems: list[RowProblem]) -> None:
        self.result.refused.append(RefusedRow(number, provider, tuple(problems)))

    def _percentage_hint(
        self, number: int, question: CompiledQuestion, value: Any, number_format: str
    ) -> None:
        if question.kind == "percentage" and "%" not in number_format and 0 < value <= 1:
            self.result.warnings.append(
                RowProblem(
                    number,
                    question.info.label,
                    f"gelezen als {value}%; bedoelt u "
                    f"{round(value * 100, 6)}%, typ dan {round(value * 100, 6)}",
                )
            )
