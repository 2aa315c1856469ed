"""The summary workbook for the purchasing team: Overzicht, Criteria and Beleid."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from caresq_desk._version import __version__
from caresq_desk.core.assessment import Assessment
from caresq_desk.core.atomic import atomic_write_bytes
from caresq_desk.core.result import Result
from caresq_desk.excel.cells import set_text, set_value

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


def _header(sheet: Worksheet, headers: list[tuple[str, int]]) -> None:
    for column, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _finish(sheet: Worksheet, columns: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(sheet.max_row, 1)}"


def build_workbook(rows: Iterable[ExportRow], now: datetime | None = None) -> Workbook:
    workbook = Workbook()
    overview = workbook.active
    overview.title = "Overzicht"
    criteria = workbook.create_sheet("Criteria")
    policies = workbook.create_sheet("Beleid")
    _header(overview, OVERVIEW_HEADERS)
    _header(criteria, CRITERIA_HEADERS)
    used: dict[tuple[str, str, str], str] = {}
    line = 2
    criteria_line = 2
    for row in rows:
        assessment, result = row.assessment, row.result
        provider = assessment.provider
        unmet = result.unmet()
        values = [
            provider.name, None, provider.location, result.care_type_label, result.policy_title,
            result.contract_year, result.verdict_label, result.contract,
            result.tier.level if result.tier else None,
            result.route.label if result.route else None,
            len(result.unmet("eis")),
            ", ".join(c.id + (f" ({c.variant})" if c.variant else "") for c in unmet),
            len(result.missing), result.assessment_date, row.source, result.policy_version,
            result.policy_sha256[:16],
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            set_value(overview.cell(row=line, column=column), value)
        set_text(overview.cell(row=line, column=2), provider.agb_code)
        fill = PatternFill("solid", fgColor=VERDICT_FILLS[result.verdict])
        overview.cell(row=line, column=7).fill = fill
        for criterion in result.criteria:
            if criterion.outcome == "niet_van_toepassing":
                continue
            cells = [
                provider.name, None, result.care_type_label, criterion.id, criterion.variant,
                criterion.kind, criterion.outcome_label, criterion.reason, criterion.source,
            ]  # fmt: skip
            for column, value in enumerate(cells, start=1):
                set_value(criteria.cell(row=criteria_line, column=column), value)
            set_text(criteria.cell(row=criteria_line, column=2), provider.agb_code)
            criteria_line += 1
        used[(result.policy_id, result.policy_version, result.policy_sha256)] = result.policy_title
        line += 1
    _finish(overview, len(OVERVIEW_HEADERS))
    _finish(criteria, len(CRITERIA_HEADERS))

    _header(policies, [("Inkoopbeleid", 44), ("Id", 30), ("Versie", 16), ("sha256", 66)])
    for index, ((policy_id, version, sha), title) in enumerate(sorted(used.items()), start=2):
        for column, value in enumerate((title, policy_id, version, sha), start=1):
            set_value(policies.cell(row=index, column=column), value)
    footer = len(used) + 3
    set_value(policies.cell(row=footer, column=1), "Geëxporteerd op")
    set_value(policies.cell(row=footer, column=2), (now or datetime.now()).replace(microsecond=0))
    policies.cell(row=footer, column=2).number_format = "dd-mm-yyyy hh:mm"
    set_value(policies.cell(row=footer + 1, column=1), "Caresq Desk")
    set_value(policies.cell(row=footer + 1, column=2), __version__)
    return workbook


def write_export(path: Path, rows: Iterable[ExportRow]) -> None:
    """Write the summary atomically: an interrupted export leaves any earlier file intact."""
    from io import BytesIO

    buffer = BytesIO()
    build_workbook(rows).save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
