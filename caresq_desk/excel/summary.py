"""What the summary workbook for the purchasing team holds, whoever writes it (excel/writers.py):
its sheets (Overzicht, Criteria, Beleid, Meldingen), their columns and their rows.

Rows are generators over the assessed rows, so a 10,000-row list streams to the writer and is
never held as cells in memory; what a sheet needs before its first row (the policies used, the
texts of the Uitkomst column and their colours, the number of Criteria sheets) is found in a
first, cheap pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from caresq_desk._version import __version__
from caresq_desk.core.common import texts
from caresq_desk.core.document.history import active_decision, last_actor
from caresq_desk.core.model.assessment import STATUS_LABELS, Assessment, Provider
from caresq_desk.core.model.result import Result

VERDICT_FILLS = {
    "voldoet": "#C8E6C9",
    "voldoet_niet": "#F8CACA",
    "onvolledig": "#E0E0E0",
    "uitzondering_mogelijk": "#FFE0B2",
    "uitzondering_toegekend": "#DCEDC8",
    "uitzondering_afgewezen": "#F4C7C3",
    "geen_procedure": "#BBDEFB",
    "buiten_beleid": "#D1C4E9",
}
NOT_ASSESSED_FILL = "#BDBDBD"
OVERVIEW_HEADERS = [
    ("Zorgaanbieder", 32), ("AGB-code", 11), ("Vestigingsplaats", 18), ("Zorgsoort", 28),
    ("Inkoopbeleid", 34), ("Contractjaar", 12), ("Uitkomst", 30), ("Zorgovereenkomst", 36),
    ("Contractniveau", 13), ("Route", 48), ("Aantal niet voldane eisen", 13),
    ("Niet voldane criteria", 40), ("Ontbrekende antwoorden", 48), ("Beoordelingsdatum", 15),
    ("Bestand", 40), ("Beleidsversie", 14), ("Controlecode beleid (SHA-256)", 20),
    ("Meldingen", 60), ("Status", 14), ("Beoordelaar", 24), ("Besluit uitzondering", 50),
]  # fmt: skip
CRITERIA_HEADERS = [
    ("Zorgaanbieder", 32), ("AGB-code", 11), ("Zorgsoort", 28), ("Criterium", 18),
    ("Titel", 44), ("Variant", 16), ("Soort", 14), ("Uitkomst", 16), ("Reden", 80), ("Bron", 40),
]  # fmt: skip
POLICY_HEADERS = [
    ("Inkoopbeleid", 44), ("Code", 30), ("Versie", 16), ("Controlecode (SHA-256)", 66),
]  # fmt: skip
NOTICE_HEADERS = [("Bron", 40), ("Kolom", 30), ("Melding", 100)]
# Columns with long texts: wrapped, so a reason reads in full without widening the sheet.
WRAPPED = {"Titel", "Reden", "Meldingen", "Niet voldane criteria", "Ontbrekende antwoorden",
           "Route", "Melding", "Bron", "Besluit uitzondering"}  # fmt: skip
# Excel's limit; the Criteria sheet continues on "Criteria 2", "Criteria 3", ... beyond it.
MAX_SHEET_ROWS = 1_048_576
NOT_ASSESSED = "Niet beoordeeld"
TEXT = "@"  # the number format of a code that must stay text (an AGB code keeps its zero)
DATE = "dd-mm-yyyy"
MOMENT = "dd-mm-yyyy hh:mm"
UITKOMST = 6  # the Overzicht's column with the outcome, filled in the verdict's colour


@dataclass(frozen=True)
class ExportRow:
    """One input row or file. Without a result it was not assessed; ``messages`` say why (or,
    with a result, what was noticed on the way)."""

    assessment: Assessment | None
    result: Result | None
    source: str = ""
    messages: tuple[str, ...] = ()
    provider: Provider | None = None
    care_type_label: str = ""
    status: str = ""  # the status as read ('' : the assessment's own); "Zelftoets" for a claim


@dataclass(frozen=True)
class Notice:
    """Something about the input as a whole (a column that is missing, a file not read)."""

    source: str
    column: str
    message: str


# A row: its values (None: empty), and the colour of its fill column (None: no fill).
SheetRow = tuple[list[Any], str | None]


@dataclass(frozen=True)
class SummarySheet:
    title: str
    headers: list[tuple[str, int]]  # name, width
    rows: Iterable[SheetRow]
    # Column -> number format where it is not the value's own: text codes and dates.
    number_formats: dict[int, str] = field(default_factory=dict)
    fill_column: int | None = None
    # The texts the fill column shows, with their colour (a writer may colour by text).
    fills: dict[str, str] = field(default_factory=dict)
    filtered: bool = True


def summary_sheets(
    rows: list[ExportRow],
    now: datetime | None = None,
    notices: Iterable[Notice] = (),
    sheet_rows: int = MAX_SHEET_ROWS,
    criteria_sheet: bool = True,
) -> list[SummarySheet]:
    """The summary's sheets. Without ``criteria_sheet`` there is no sheet with a row per
    criterion per provider: for a long list that sheet is most of the cells, and the Overzicht
    already names the unmet criteria."""
    fills = {NOT_ASSESSED: NOT_ASSESSED_FILL}
    used: dict[tuple[str, str, str], str] = {}
    for row in rows:
        if row.result is not None and row.assessment is not None:
            fills[row.result.headline] = VERDICT_FILLS[row.result.verdict]
            result = row.result
            used[(result.policy_id, result.policy_version, result.policy_sha256)] = (
                result.policy_title
            )
    sheets = [
        SummarySheet(
            "Overzicht", OVERVIEW_HEADERS, _overview(rows), {1: TEXT, 13: DATE}, UITKOMST, fills
        )
    ]
    if criteria_sheet:
        sheets += _criteria_sheets(rows, sheet_rows)
    sheets.append(
        SummarySheet("Beleid", POLICY_HEADERS, _policies(used, now), {1: MOMENT}, filtered=False)
    )
    notices = list(notices)
    if notices:
        lines = (([n.source, n.column, n.message], None) for n in notices)
        sheets.append(SummarySheet("Meldingen", NOTICE_HEADERS, lines))
    return sheets


def _overview(rows: list[ExportRow]) -> Iterator[SheetRow]:
    for row in rows:
        messages = "; ".join(row.messages) or None
        if row.result is None or row.assessment is None:
            provider = row.provider or Provider()
            values: list[Any] = [None] * len(OVERVIEW_HEADERS)
            values[0], values[1], values[2] = provider.name, provider.agb_code, provider.location
            values[3], values[UITKOMST] = row.care_type_label, NOT_ASSESSED
            values[14], values[17] = row.source, messages
            yield values, NOT_ASSESSED_FILL
            continue
        assessment, result = row.assessment, row.result
        provider = assessment.provider
        unmet = result.unmet()
        named = "; ".join(
            f"{c.id}{f' ({c.variant})' if c.variant else ''} {c.title}" for c in unmet
        )
        yield [
            provider.name, provider.agb_code, provider.location, result.care_type_label,
            result.policy_title, result.contract_year, result.headline, result.contract,
            result.tier.level if result.tier and result.contract else None,
            result.route.label if result.route else None,
            sum(1 for c in unmet if c.kind == "eis"), named,
            "; ".join(m.label for m in result.missing) or None, result.assessment_date,
            row.source, result.policy_version, result.policy_sha256[:16], messages,
            *_workflow(assessment, result, row.status),
        ], VERDICT_FILLS[result.verdict]  # fmt: skip


def _workflow(assessment: Assessment, result: Result, status: str) -> list[str | None]:
    """Status, who last saved it, and the decision on an exception while one is possible."""
    actor = last_actor(assessment)
    decision = active_decision(assessment.decision, result.verdict)
    decided = f"{decision.exception}: {decision.motivation}" if decision is not None else None
    status = status or STATUS_LABELS[assessment.status]
    return [status, actor.name if actor is not None else None, decided]


def _criteria_lines(rows: list[ExportRow]) -> Iterator[SheetRow]:
    for row in rows:
        if row.result is None or row.assessment is None:
            continue
        provider, care_type = row.assessment.provider, row.result.care_type_label
        for criterion in row.result.criteria:
            if criterion.outcome == "niet_van_toepassing":
                continue
            yield [
                provider.name, provider.agb_code, care_type, criterion.id, criterion.title,
                criterion.variant or None, texts.KIND_LABELS[criterion.kind],
                criterion.outcome_label, criterion.reason, criterion.source,
            ], None  # fmt: skip


def _criteria_sheets(rows: list[ExportRow], sheet_rows: int) -> list[SummarySheet]:
    """The Criteria sheet, continued on a new sheet whenever Excel's row limit is reached."""
    count = sum(
        1
        for row in rows
        if row.result is not None and row.assessment is not None
        for criterion in row.result.criteria
        if criterion.outcome != "niet_van_toepassing"
    )
    per_sheet = sheet_rows - 1  # below the header
    lines = _criteria_lines(rows)
    sheets = max(1, -(-count // per_sheet))
    return [
        SummarySheet(
            "Criteria" if number == 1 else f"Criteria {number}",
            CRITERIA_HEADERS,
            itertools.islice(lines, per_sheet),
            {1: TEXT},
        )
        for number in range(1, sheets + 1)
    ]


def _policies(used: dict[tuple[str, str, str], str], now: datetime | None) -> Iterator[SheetRow]:
    for (policy_id, version, sha), title in sorted(used.items()):
        yield [title, policy_id, version, sha], None
    stamp = (now or datetime.now()).replace(microsecond=0)
    yield [None] * 4, None
    yield ["Geëxporteerd op", stamp, None, None], None
    yield ["Caresq Desk", __version__, None, None], None
