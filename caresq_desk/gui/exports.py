"""What the Bestand menu makes of the open assessment: an Excel summary, a PDF report, a printed
report, and an import template for its care type."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from caresq_desk.core.policy.loader import Policy
    from caresq_desk.gui.document import Document
    from caresq_desk.gui.prompts import Prompts

# Excel, pydantic and the report code load when an export is asked for, not with the window.


def tr(text: str) -> str:
    return QCoreApplication.translate("Exports", text)


class ExportHost(Protocol):
    """The window whose open assessment is exported."""

    document: Document | None
    prompts: Prompts

    @property
    def path(self) -> Path | None: ...

    def chosen_care_type(self) -> tuple[Policy, str | None] | None:
        """The open assessment's policy and care type, else the start view's choice."""
        ...

    def save_failed(self, path: Path, error: OSError) -> None: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802


def _stem(host: ExportHost, document: Document) -> str:
    return host.path.stem if host.path else document.rules.id


def report(host: ExportHost, document: Document, role: str | None = None) -> tuple[str, str]:
    """The open assessment as it stands in the form, as a report (title, html); ``role``:
    the report for another role than the window's (the provider's copy of an assessment)."""
    from caresq_desk.core.report.html import report_html

    document.reevaluate()
    assert document.result is not None
    result = document.result
    if role is not None and role != document.role:
        result = document.result_for(role)
    assessment = document.form.assessment()
    name = assessment.provider.name or (host.path.stem if host.path else tr("beoordeling"))
    html = report_html(assessment, result, document.policy, role or document.role, document.weighed)
    return tr("Beoordeling %1").replace("%1", name), html


def print_report(host: ExportHost) -> None:
    if host.document is not None:
        host.prompts.print_preview([report(host, host.document)])


def export_pdf(host: ExportHost, role: str | None = None) -> None:
    """The open assessment as a PDF/A report for the file; with ``role`` "zorgaanbieder" the
    copy for the provider (without the purchaser's status, checksum and notes)."""
    from caresq_desk.gui.pdf import write_pdf

    document = host.document
    if document is None:
        return
    suffix = tr(" voor de zorgaanbieder") if role == "zorgaanbieder" else ""
    path = host.prompts.save_pdf(f"{_stem(host, document)}{suffix}.pdf")
    if path is None:
        return
    try:
        write_pdf(path, [report(host, document, role)])
    except OSError as error:
        host.save_failed(path, error)
        return
    host.statusBar().showMessage(tr("Rapport opgeslagen in %1.").replace("%1", str(path)), 10_000)


def export_excel(host: ExportHost) -> None:
    """The open assessment, as it stands in the form, to a summary workbook."""
    from caresq_desk.excel.export import ExportRow, weighed_row, write_export

    document = host.document
    if document is None:
        return
    document.reevaluate()
    assert document.result is not None
    source = str(host.path) if host.path else tr("niet opgeslagen")
    weighed = document.weighed
    if weighed is None:
        row = ExportRow(document.form.assessment(), document.result, source)
    else:  # as every export reads a file: claims named, never counted
        row = weighed_row(weighed, document.result, source, document.rules)
    path = host.prompts.save_excel(tr("Samenvatting opslaan"), f"{_stem(host, document)}.xlsx")
    if path is None:
        return
    try:
        write_export(path, [row])
    except OSError as error:
        host.save_failed(path, error)
        return
    host.prompts.info(
        tr("Samenvatting"), tr("De beoordeling is geëxporteerd naar %1.").replace("%1", str(path))
    )


def save_template(host: ExportHost) -> None:
    """An import template for the open assessment's care type, else the one chosen in the
    start view."""
    from caresq_desk.core.common.oserrors import describe_os_error
    from caresq_desk.excel.template import write_template

    chosen = host.chosen_care_type()
    if chosen is None:
        return
    policy, care_type = chosen
    path = host.prompts.save_excel(
        tr("Importsjabloon opslaan"), f"sjabloon-{care_type or 'zorgsoort'}.xlsx"
    )
    if path is None or care_type is None:
        return
    try:
        write_template(path, policy, care_type)
    except OSError as error:
        host.prompts.error(tr("Opslaan mislukt"), f"{path}: {describe_os_error(error)}")
        return
    host.prompts.info(tr("Importsjabloon"), tr("Opgeslagen in %1.").replace("%1", str(path)))
