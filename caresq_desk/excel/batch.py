"""A provider list assessed: every input row becomes a summary row, assessed or refused with
its reasons, and every warning keeps its row. Shared by the command line and the window."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caresq_desk.core.document.chain import ChainCheck
from caresq_desk.core.document.provenance import explain_claims, weigh
from caresq_desk.core.model.assessment import Actor
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.rules.roles import ROLE_PROVIDER, ROLE_PURCHASER, for_role
from caresq_desk.excel.export import ExportRow, Notice
from caresq_desk.excel.importer import ImportResult, RowProblem


@dataclass(frozen=True)
class ListRow:
    number: int  # the row in the list
    export: ExportRow


def _message(problem: RowProblem) -> str:
    return f"{problem.column}: {problem.message}" if problem.column else problem.message


def assess_list(
    imported: ImportResult,
    source: str,
    progress: Callable[[int, int], None] = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
    role: str = ROLE_PURCHASER,
) -> tuple[list[ListRow], list[Notice]]:
    """Summary rows in the list's order, and the notices for the Meldingen sheet."""
    rules = imported.policy.care_types[imported.care_type]
    label = rules.spec.label
    by_row: dict[int, list[str]] = {}
    notices: list[tuple[int, Notice]] = []
    for warning in imported.warnings:
        where = f"{source}, rij {warning.row}" if warning.row else source
        notices.append((warning.row, Notice(where, warning.column, f"let op: {warning.message}")))
        if warning.row:
            by_row.setdefault(warning.row, []).append("let op: " + _message(warning))
    rows: list[ListRow] = []
    for refused in imported.refused:
        where = f"{source}, rij {refused.row}"
        reasons = tuple(_message(problem) for problem in refused.problems)
        for problem in refused.problems:
            notices.append((refused.row, Notice(where, problem.column, problem.message)))
        messages = reasons + tuple(by_row.get(refused.row, ()))
        export = ExportRow(None, None, where, messages, refused.provider, label)
        rows.append(ListRow(refused.row, export))
    total = len(imported.assessments)
    progress(0, total)
    for done, (number, assessment) in enumerate(imported.assessments, start=1):
        if cancelled():
            break
        messages = tuple(by_row.get(number, ()))
        if role == ROLE_PROVIDER:  # the provider's list: answers for the purchaser are claims
            claimed = assessment.model_copy(update={"made_by": Actor(role=ROLE_PROVIDER)})
            weighed = weigh(claimed, rules, ChainCheck("beveiligd"))  # a row has no history
            assessment = weighed.counted
            result = explain_claims(evaluate(imported.policy, assessment), weighed.claims, rules)
            messages += tuple(n for n in (weighed.claims.describe(rules),) if n)
        else:
            result = evaluate(imported.policy, assessment)
        result = for_role(result, imported.policy, role)
        rows.append(
            ListRow(number, ExportRow(assessment, result, f"{source}, rij {number}", messages))
        )
        progress(done, total)
    rows.sort(key=lambda row: row.number)
    notices.sort(key=lambda item: item[0])
    return rows, [notice for _, notice in notices]


def excel_works(registry: Registry) -> str | None:
    """A template written (openpyxl), read back (python-calamine) and summarised (XlsxWriter,
    and rustpy-xlsxwriter when installed): what is wrong, or None. The self-test runs it, so a
    bundle proves its Excel libraries."""
    from io import BytesIO

    from caresq_desk.excel import writers
    from caresq_desk.excel.export import write_export
    from caresq_desk.excel.importer import read_provider_list
    from caresq_desk.excel.summary import summary_sheets
    from caresq_desk.excel.template import write_template

    policy = next(iter(registry), None)
    if policy is None:
        return "geen beleid om een sjabloon van te maken"
    with tempfile.TemporaryDirectory(prefix="caresq-zelftest-") as folder:
        template = Path(folder) / "sjabloon.xlsx"
        try:
            write_template(template, policy, next(iter(policy.care_types)))
            imported = read_provider_list(template, registry)
            write_export(Path(folder) / "samenvatting.xlsx", [], [])
            if writers.fast_writer_available():
                writers.write_sheets(BytesIO(), summary_sheets([]), writers.FAST_FROM)
        except Exception as error:  # the self-test names whatever breaks
            return repr(error)
    if imported.rows_read:
        return f"een leeg sjabloon gaf {imported.rows_read} rijen"
    return None
