"""The summary workbook for the purchasing team: what goes in it (excel/summary.py) from assessed
files or list rows, written atomically by one of the writers (excel/writers.py)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import IO

from caresq_desk.core.common.atomic import atomic_write_bytes
from caresq_desk.core.document.assessed import AssessedFile
from caresq_desk.core.document.provenance import Weighed
from caresq_desk.core.model.result import Result
from caresq_desk.core.policy.loader import CareTypeRules
from caresq_desk.excel.summary import MAX_SHEET_ROWS, ExportRow, Notice, summary_sheets
from caresq_desk.excel.writers import write_sheets

# Where the rest of the application meets them.
__all__ = [
    "ExportRow",
    "Notice",
    "build_workbook",
    "export_files",
    "file_row",
    "weighed_row",
    "write_export",
]


def file_row(done: AssessedFile) -> ExportRow:
    """An assessed file as a summary row; one that could not be read, with its reason."""
    if done.assessment is None or done.result is None:
        return ExportRow(None, None, str(done.path), (done.problem,))
    if done.weighed is None or done.policy is None:
        return ExportRow(done.assessment, done.result, str(done.path))
    rules = done.policy.care_types[done.assessment.care_type]
    return weighed_row(done.weighed, done.result, str(done.path), rules)


def weighed_row(weighed: Weighed, result: Result, source: str, rules: CareTypeRules) -> ExportRow:
    """A file read as a claim: what counted, with the claims and a broken history named."""
    notes = (weighed.claims.describe(rules), weighed.chain.describe())
    return ExportRow(weighed.counted, result, source, tuple(n for n in notes if n),
                     status=weighed.status_label)  # fmt: skip


def build_workbook(
    target: IO[bytes],
    rows: Iterable[ExportRow],
    now: datetime | None = None,
    notices: Iterable[Notice] = (),
    sheet_rows: int = MAX_SHEET_ROWS,
    criteria_sheet: bool = True,
) -> int:
    """Write the summary into ``target``; returns the number of rows in the Overzicht."""
    rows = list(rows)
    sheets = summary_sheets(rows, now, notices, sheet_rows, criteria_sheet)
    write_sheets(target, sheets, len(rows))
    return len(rows)


def export_files(path: Path, done: Iterable[AssessedFile]) -> tuple[int, list[str]]:
    """Assessed files to a summary: how many were assessed, and 'name: reason' for the others
    (each also a row and a notice in the workbook). Files are named relative to the folder they
    share (the folder exported), so the summary reads the same on every colleague's computer."""
    rows = _relative_sources([file_row(item) for item in done])
    problems = [f"{Path(row.source).name}: {row.messages[0]}" for row in rows if row.result is None]
    notices = [Notice(row.source, "", row.messages[0]) for row in rows if row.result is None]
    write_export(path, rows, notices)
    return len(rows) - len(problems), problems


def _relative_sources(rows: list[ExportRow]) -> list[ExportRow]:
    sources = [Path(row.source) for row in rows if row.source]
    if not sources:
        return rows
    try:
        common = Path(os.path.commonpath(sources))
    except ValueError:  # different drives: keep the paths whole
        return rows
    if len(sources) == 1:
        common = sources[0].parent
    return [
        replace(row, source=str(Path(row.source).relative_to(common))) if row.source else row
        for row in rows
    ]


def write_export(
    path: Path,
    rows: Iterable[ExportRow],
    notices: Iterable[Notice] = (),
    criteria_sheet: bool = True,
) -> None:
    """Write the summary atomically: an interrupted export leaves any earlier file intact."""
    buffer = BytesIO()
    build_workbook(buffer, rows, notices=notices, criteria_sheet=criteria_sheet)
    atomic_write_bytes(path, buffer.getvalue(), create_folder=True)
