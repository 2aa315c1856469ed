"""The summary workbook for the purchasing team: Overzicht, Criteria and Beleid."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from caresq_desk._version import __version__
from caresq_desk.core import texts
from caresq_desk.core.assessment import Assessment
from caresq_desk.core.atomic import atomic_write_bytes
from caresq_desk.core.result import Result
from caresq_desk.excel.cells import plain_or_cell, write_only_cell

BOLD = Font(bold=True)
VERDICT_FILLS = {
    "voldoet": "C8E6C9",
    "voldoet_niet": "F8CACA",
    "onvolledig": "E0E0E0",
    "uitzondering_mogelijk": "FFE0B2",
    "geen_procedure": "BBDEFB",
    "buiten_beleid": "D1C4E9",
}
OVERVIEW_HEADERS = [
    ("Zorgaanbieder", 32), ("AGB-code", 11), ("Vestigingsplaats", 18), ("Zorgsoort", 28),
    ("Inkoopbeleid", 34), ("Contractjaar", 12), ("Uitkomst", 30), ("Zorgovereenkomst", 36),
    ("Tier", 6), ("Route", 48), ("Aantal niet voldane eisen", 12), ("Niet voldane criteria", 40),
    ("Ontbrekende antwoorden", 12), ("Beoordelingsdatum", 14), ("Bestand", 40),
    ("Beleidsversie", 14), ("Beleid sha256", 20),
]  # fmt: skip
CRITERIA_HEADERS = [
    ("Zorgaanbieder", 32), ("AGB-code", 11), ("Zorgsoort", 28), ("Criterium", 18),
    ("Variant", 16), ("Soort", 14), ("Uitkomst", 16), ("Reden", 80), ("Bron", 40),
]  # fmt: skip


@dataclass(frozen=True)
class ExportRow:
    assessment: Assessment
    result: Result
    source: str = ""


def _sheet(workbook: Workbook, title: str, headers: list[tuple[str, int]]) -> Any:
    """A streamed sheet with a bold, frozen header row and sensible widths."""
    sheet = workbook.create_sheet(title)
    for column, (_, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    row = []
    for name, _ in headers:
        cell = write_only_cell(sheet, name)
        cell.font = BOLD
        row.append(cell)
    sheet.append(row)
    return sheet


def build_workbook(rows: Iterable[ExportRow], now: datetime | None = None) -> Workbook:
    """Streamed (write-only): a summary of 10,000 assessments stays far below 500 MB."""
    workbook = Workbook(write_only=True)
    overview = _sheet(workbook, "Overzicht", OVERVIEW_HEADERS)
    criteria = _sheet(workbook, "Criteria", CRITERIA_HEADERS)
    used: dict[tuple[str, str, str], str] = {}
    fills = {
        verdict: PatternFill("solid", fgColor=colour) for verdict, colour in VERDICT_FILLS.items()
    }
    overview_rows = criteria_rows = 1
    for row in rows:
        assessment, result = row.assessment, row.result
        provider = assessment.provider
        unmet = result.unmet()
        values = [
            provider.name, provider.agb_code, provider.location, result.care_type_label,
            result.policy_title, result.contract_year, result.verdict_label, result.contract,
            result.tier.level if result.tier else None,
            result.route.label if result.route else None,
            len(result.unmet("eis")),
            ", ".join(c.id + (f" ({c.variant})" if c.variant else "") for c in unmet),
            len(result.missing), result.assessment_date, row.source, result.policy_version,
            result.policy_sha256[:16],
        ]  # fmt: skip
        cells = [
            write_only_cell(overview, value, text=index == 1) for index, value in enumerate(values)
        ]
        cells[6].fill = fills[result.verdict]
        overview.append(cells)
        overview_rows += 1
        for criterion in result.criteria:
            if criterion.outcome == "niet_van_toepassing":
                continue
            line = [
                provider.name, provider.agb_code, result.care_type_label, criterion.id,
                criterion.variant, texts.KIND_LABELS[criterion.kind], criterion.outcome_label,
                criterion.reason, criterion.source,
            ]  # fmt: skip
            row_cells = [plain_or_cell(criteria, value) for value in line]
            row_cells[1] = write_only_cell(criteria, provider.agb_code, text=True)
            criteria.append(row_cells)
            criteria_rows += 1
        used[(result.policy_id, result.policy_version, result.policy_sha256)] = result.policy_title
    overview.auto_filter.ref = f"A1:{get_column_letter(len(OVERVIEW_HEADERS))}{overview_rows}"
    criteria.auto_filter.ref = f"A1:{get_column_letter(len(CRITERIA_HEADERS))}{criteria_rows}"

    policies = _sheet(workbook, "Beleid", [("Inkoopbeleid", 44), ("Id", 30), ("Versie", 16),
                                            ("sha256", 66)])  # fmt: skip
    for (policy_id, version, sha), title in sorted(used.items()):
        policies.append([write_only_cell(policies, v) for v in (title, policy_id, version, sha)])
    policies.append([])
    stamp = write_only_cell(policies, (now or datetime.now()).replace(microsecond=0))
    stamp.number_format = "dd-mm-yyyy hh:mm"
    policies.append([write_only_cell(policies, "Geëxporteerd op"), stamp])
    policies.append(
        [write_only_cell(policies, "Caresq Desk"), write_only_cell(policies, __version__)]
    )
    return workbook


def write_export(path: Path, rows: Iterable[ExportRow]) -> None:
    """Write the summary atomically: an interrupted export leaves any earlier file intact."""
    from io import BytesIO

    buffer = BytesIO()
    build_workbook(rows).save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
