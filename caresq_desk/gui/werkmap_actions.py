"""What the werkmap does with its rows: show what a policy correction changed, compare a
conflict copy with its original, and export rows to Excel or PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from caresq_desk.core.common.formatting import format_count, format_list
from caresq_desk.core.common.oserrors import describe_os_error
from caresq_desk.core.common.paths import safe_file_name
from caresq_desk.core.document.assessed import assess_file
from caresq_desk.core.werkmap.scan import WerkmapRow, original_of, shown_path
from caresq_desk.gui.dialogs import TableDialog

if TYPE_CHECKING:
    from caresq_desk.core.model.assessment import Actor
    from caresq_desk.core.policy.registry import Registry
    from caresq_desk.gui.prompts import Prompts


class JobHost(Protocol):
    """The window an export runs for: it translates, runs work on a thread of its own, and
    comes back to the front after a dialog."""

    def tr(self, text: str) -> str: ...

    def to_front(self) -> None: ...

    def start_job(
        self, message: str, work: Callable[[], object], done: Callable[[object], None]
    ) -> None: ...


def tr(text: str) -> str:
    return QCoreApplication.translate("WerkmapActions", text)


class _WaitCursor:
    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


def show_changes(parent: QWidget, row: WerkmapRow) -> TableDialog:
    """Per criterion what the saved result said and what the policy installed now says."""
    saved = row.saved_version or "onbekend"
    dialog = TableDialog(
        parent,
        parent.tr("Uitkomst gewijzigd: %1").replace("%1", row.provider or Path(row.path).name),
        parent.tr(
            "Opgeslagen met beleidsversie %1; nu opnieuw beoordeeld met versie %2 van %3. Per "
            "criterium wat het was en wat het nu is:"
        )
        .replace("%1", saved)
        .replace("%2", row.version)
        .replace("%3", row.policy),
        [
            parent.tr("Criterium"),
            parent.tr("Was (versie %1)").replace("%1", saved),
            parent.tr("Nu (versie %1)").replace("%1", row.version),
        ],
        [
            [f"{change.criterion} {change.title}".strip(), change.was, change.now]
            for change in row.changes
        ],
    )
    dialog.show()
    return dialog


def compare_copy(
    parent: QWidget, row: WerkmapRow, registry: Registry, prompts: Prompts
) -> TableDialog | None:
    """A sync tool's conflict copy against its original, answer by answer."""
    from caresq_desk.core.model.answers import compare_answers

    copy = Path(row.path)
    original = original_of(copy)
    if original is None:
        prompts.info(
            parent.tr("Vergelijken"),
            parent.tr(
                "Het origineel van %1 staat niet (meer) in deze map; er is niets om mee te "
                "vergelijken."
            ).replace("%1", copy.name),
        )
        return None
    left, right = assess_file(original, registry), assess_file(copy, registry)
    problem = next((f.problem for f in (left, right) if f.problem), "")
    if problem or left.assessment is None or right.assessment is None or left.policy is None:
        prompts.error(parent.tr("Vergelijken"), problem or parent.tr("Niet te vergelijken."))
        return None
    rules = left.policy.care_types[left.assessment.care_type]
    differences = compare_answers(rules, left.assessment, right.assessment)
    dialog = TableDialog(
        parent,
        parent.tr("Conflictkopie vergelijken"),
        parent.tr(
            "%1 is een conflictkopie van %2: twee mensen sloegen het bestand tegelijk op. "
            "Open het origineel, neem over wat nodig is, en verwijder daarna de kopie."
        )
        .replace("%1", copy.name)
        .replace("%2", original.name),
        [parent.tr("Vraag of gegeven"), original.name, copy.name],
        [[d.label, d.left, d.right] for d in differences],
        parent.tr("De antwoorden zijn gelijk; de kopie kan weg."),
    )
    dialog.show()
    return dialog


@dataclass(frozen=True)
class Export:
    """Rows to export: every row shown, or only the selection, of the round in ``folder``."""

    rows: list[WerkmapRow]
    selection: bool
    folder: Path
    round_name: str

    def suggested(self, suffix: str) -> str:
        """In the werkmap folder, named after the round."""
        name = f"{self.round_name} - selectie" if self.selection else self.round_name
        return str(self.folder / f"{safe_file_name(name)}{suffix}")


def exported_text(count: int, export: Export, names: list[str], where: Path) -> str:
    """'De 4 getoonde beoordelingen zijn geëxporteerd naar …: A, B, C en D.' (or singular)."""
    which = tr("geselecteerde") if export.selection else tr("getoonde")
    if count == 1:
        text = tr("De %1 beoordeling is geëxporteerd naar %2").replace("%1", which)
    else:
        text = (
            tr("De %3 %1 beoordelingen zijn geëxporteerd naar %2")
            .replace("%1", which)
            .replace("%3", str(count))
        )
    text = text.replace("%2", str(where))
    return f"{text}: {_names(names)}." if names else f"{text}."


def _names(names: list[str], most: int = 8) -> str:
    if len(names) <= most:
        return format_list(names)
    rest = len(names) - most
    return ", ".join(names[:most]) + " " + tr("en nog %1").replace("%1", str(rest))


def _row_name(row: WerkmapRow) -> str:
    return row.provider or shown_path(Path(row.path).name)


def _assessed(rows: list[WerkmapRow], registry: Registry, role: str) -> list:
    with _WaitCursor():
        return [assess_file(Path(row.path), registry, role) for row in rows]


def export_excel(
    window: JobHost, export: Export, registry: Registry, role: str, prompts: Prompts
) -> None:
    """The rows, assessed again as in the table, to the Excel summary, on a thread of its own."""
    from caresq_desk.excel.export import export_files

    path = prompts.save_excel(window.tr("Samenvatting opslaan"), export.suggested(".xlsx"))
    window.to_front()
    if path is None:
        return
    paths = [Path(row.path) for row in export.rows]
    readable = [_row_name(row) for row in export.rows if not row.problem]

    def work() -> tuple[int, list[str]]:
        return export_files(path, (assess_file(p, registry, role) for p in paths))

    def done(result: object) -> None:
        if isinstance(result, OSError):
            prompts.error(window.tr("Opslaan mislukt"), f"{path}: {describe_os_error(result)}")
            window.to_front()
            return
        if isinstance(result, Exception):
            raise result  # reaches the application's error dialog and log
        exported, problems = result  # type: ignore[misc]
        names = readable if len(readable) == exported else []
        text = exported_text(exported, export, names, path)
        if problems:
            text += "\n\n" + window.tr("Niet te lezen (in de samenvatting vermeld):") + "\n"
            text += "\n".join(problems)
        prompts.info(window.tr("Samenvatting"), text)
        window.to_front()

    window.start_job(window.tr("Samenvatting wordt gemaakt…"), work, done)


def export_pdf(
    window: JobHost, export: Export, registry: Registry, role: str, prompts: Prompts
) -> None:
    """One PDF with a report per readable row; unreadable ones are named afterwards."""
    from caresq_desk.core.report.html import report_html
    from caresq_desk.gui.pdf import write_pdf

    path = prompts.save_pdf(export.suggested(".pdf"))
    window.to_front()
    if path is None:
        return
    done = _assessed(export.rows, registry, role)
    documents = [
        (f"Beoordeling {f.assessment.provider.name or f.path.stem}",
         report_html(f.assessment, f.result, f.policy, role, f.weighed))
        for f in done
        if f.assessment is not None and f.result is not None and f.policy is not None
    ]  # fmt: skip
    skipped = [f"{shown_path(f.path.name)}: {f.problem}" for f in done if f.problem]
    if not documents:
        prompts.error(window.tr("Geen rapport"), "\n".join(skipped))
        window.to_front()
        return
    try:
        with _WaitCursor():
            write_pdf(path, documents)
    except OSError as error:
        prompts.error(window.tr("Opslaan mislukt"), f"{path}: {describe_os_error(error)}")
        window.to_front()
        return
    names = [f.assessment.provider.name or f.path.stem for f in done if f.assessment is not None]
    text = exported_text(len(documents), export, names, path).replace(
        tr("geëxporteerd naar"), tr("als rapport opgeslagen in")
    )
    if skipped:
        text += "\n\n" + window.tr("Niet opgenomen:") + "\n" + "\n".join(skipped)
    prompts.info(window.tr("Rapporten"), text)
    window.to_front()


def carry_rows(
    window: JobHost,
    rows: list[WerkmapRow],
    registry: Registry,
    prompts: Prompts,
    actor: Actor,
) -> bool:
    """The selected assessments carried to another policy or year, each written beside its
    original; True when files were written (the werkmap reads the folder again)."""
    from datetime import date

    from caresq_desk.core.document.carry import carry_file, carry_targets

    readable = [row for row in rows if not row.problem]
    targets = carry_targets(registry, [(row.policy, row.care_type_id) for row in readable])
    options = [(p.id, f"{p.meta.title} (versie {p.meta.version})") for p in targets]
    if not readable or not options:
        prompts.info(
            tr("Overnemen"),
            tr("Er is geen ander beleid met de zorgsoort van de gekozen beoordelingen."),
        )
        window.to_front()
        return False
    chosen = prompts.choose_option(
        tr("Overnemen naar ander beleid"),
        tr("Naar welk beleid of contractjaar neemt u %1 over? Elk nieuw bestand komt naast het "
           "origineel; de originelen blijven ongewijzigd.").replace(
            "%1", format_count(len(readable), tr("beoordeling"), tr("beoordelingen"))),
        options,
    )  # fmt: skip
    window.to_front()
    if chosen is None:
        return False
    target = registry.get(chosen)
    with _WaitCursor():
        done = [carry_file(Path(row.path), registry, target, actor, date.today())
                for row in readable]  # fmt: skip
    lines = [f"• {shown_path(item.written.name)}: {item.carried.summary()}"
             for item in done if item.written is not None and item.carried is not None]  # fmt: skip
    failed = [f"• {shown_path(item.source.name)}: {item.problem}" for item in done if item.problem]
    text = "\n".join(lines)
    if failed:
        text += ("\n\n" if lines else "") + tr("Niet overgenomen:") + "\n" + "\n".join(failed)
    prompts.info(tr("Overgenomen"), text)
    window.to_front()
    return bool(lines)
