"""Assessing a provider list (Excel) or a set of assessment files off the GUI thread, with
progress and a cancel button.

The worker gets an immutable snapshot (a path and the loaded policies), reports progress through
signals, and never touches a widget; results come back to the GUI thread in one signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caresq_desk.core.common.paths import documents_dir, safe_file_name
from caresq_desk.core.document.assessed import assess_file
from caresq_desk.core.model.assessment import Provider
from caresq_desk.core.rules.roles import ROLE_PURCHASER
from caresq_desk.excel.batch import assess_list
from caresq_desk.excel.export import ExportRow, Notice, file_row, write_export
from caresq_desk.excel.guard import UnsafeWorkbookError
from caresq_desk.excel.importer import batch_summary, read_provider_list
from caresq_desk.gui.focus import show_focus

if TYPE_CHECKING:
    from caresq_desk.core.model.assessment import Assessment
    from caresq_desk.core.policy.registry import Registry
    from caresq_desk.gui.prompts import Prompts


@dataclass(frozen=True)
class BatchRow:
    label: str  # the list's row number, or the file's name
    export: ExportRow


@dataclass(frozen=True)
class BatchOutcome:
    rows: list[BatchRow]  # every input row or file: assessed, or with the reason it was not
    problems: list[str]
    warnings: list[str]
    cancelled: bool
    error: str = ""
    notices: list[Notice] = field(default_factory=list)

    @property
    def assessed(self) -> int:
        return sum(1 for row in self.rows if row.export.result is not None)


class BatchWorker(QObject):
    """Assesses a filled list (a path) or assessment files (a list of paths)."""

    progress = Signal(int, int)
    done = Signal(object)

    def __init__(
        self, source: Path | list[Path], registry: Registry, role: str = ROLE_PURCHASER
    ) -> None:
        super().__init__()
        self.source = source
        self.registry = registry
        self.role = role
        self.cancel_requested = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            if isinstance(self.source, list):
                outcome = self._assess_files(self.source)
            else:
                outcome = self._assess_list(self.source)
        except Exception as error:  # the dialog must hear back, whatever happened
            message = f"Er ging iets mis bij het beoordelen: {error}"
            outcome = BatchOutcome([], [], [], cancelled=False, error=message)
        self.done.emit(outcome)

    def _assess_list(self, path: Path) -> BatchOutcome:
        try:
            imported = read_provider_list(path, self.registry)
        except UnsafeWorkbookError as error:
            return BatchOutcome([], [], [], cancelled=False, error=str(error))
        except OSError as error:
            reason = error.strerror or str(error)
            return BatchOutcome([], [], [], cancelled=False, error=f"{path.name}: {reason}")
        list_rows, notices = assess_list(
            imported, path.name, self.progress.emit, self.cancel_requested.is_set, self.role
        )
        rows = [BatchRow(str(row.number), row.export) for row in list_rows]
        return BatchOutcome(
            rows,
            [str(problem) for problem in imported.problems],
            [str(warning) for warning in imported.warnings],
            cancelled=self.cancel_requested.is_set() and len(rows) < imported.rows_read,
            notices=notices,
        )

    def _assess_files(self, paths: list[Path]) -> BatchOutcome:
        rows: list[BatchRow] = []
        problems: list[str] = []
        self.progress.emit(0, len(paths))
        for count, path in enumerate(paths, start=1):
            if self.cancel_requested.is_set():
                break
            done = assess_file(path, self.registry, self.role)
            if done.problem:
                problems.append(f"{path.name}: {done.problem}")
            rows.append(BatchRow(path.name, file_row(done)))
            self.progress.emit(count, len(paths))
        cancelled = self.cancel_requested.is_set() and len(rows) < len(paths)
        notices = [Notice(row.export.source, "", row.export.messages[0]) for row in rows
                   if row.export.result is None]  # fmt: skip
        return BatchOutcome(rows, problems, [], cancelled, notices=notices)


class BatchDialog(QDialog):
    """Choose a filled list, watch it being assessed, open a row in the form, export."""

    open_requested = Signal(object)  # Assessment

    def __init__(
        self,
        registry: Registry,
        prompts: Prompts,
        parent: QWidget | None = None,
        *,
        files: bool = False,
        role: str = ROLE_PURCHASER,
    ) -> None:
        """A provider list (Excel), or with ``files`` a set of assessment files."""
        super().__init__(parent)
        self.role = role
        self.registry = registry
        self.prompts = prompts
        self.files = files
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        if files:
            self.setWindowTitle(self.tr("Beoordelingen naar Excel"))
            intro = self.tr("Kies de beoordelingen (.json) voor de samenvatting.")
            first_column = self.tr("Bestand")
        else:
            self.setWindowTitle(self.tr("Lijst beoordelen"))
            intro = self.tr("Kies een ingevulde lijst (importsjabloon van Caresq Desk).")
            first_column = self.tr("Rij")
        self.status = QLabel(intro)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        layout.addWidget(self.progress)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(self.tr("Beoordeelde rijen"))
        self.table.setHorizontalHeaderLabels(
            [first_column, self.tr("Zorgaanbieder"), self.tr("AGB-code"), self.tr("Uitkomst")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 3):  # name and verdict take the room that is left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)  # column 1 names the row or the file
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        layout.addWidget(self.table, stretch=3)
        layout.addWidget(QLabel(self.tr("Fouten en waarschuwingen:")))
        self.problems = QListWidget()
        self.problems.setAccessibleName(self.tr("Meldingen"))
        show_focus(self.table, self.problems)
        layout.addWidget(self.problems, stretch=1)
        # A long list gives a criteria sheet of hundreds of thousands of rows: asked for, not made.
        self.all_criteria = QCheckBox(
            self.tr("In de samenvatting ook een blad met elk criterium per zorgaanbieder")
        )
        self.all_criteria.setChecked(files)
        self.all_criteria.setVisible(not files)
        layout.addWidget(self.all_criteria)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton(
            self.tr("Bestanden kiezen…") if files else self.tr("Lijst kiezen en beoordelen…")
        )
        self.cancel_button = QPushButton(self.tr("Annuleren"))
        self.cancel_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("Samenvatting opslaan (Excel)…"))
        self.export_button.setEnabled(False)
        self.open_button = QPushButton(
            self.tr("Openen in het formulier") if files else self.tr("Rij openen in het formulier")
        )
        self.open_button.setEnabled(False)
        self.report_button = QPushButton(self.tr("Rapport (PDF)…"))
        self.report_button.setToolTip(
            self.tr(
                "Eén PDF met de gekozen rijen, of met alle beoordeelde rijen als er geen gekozen is"
            )
        )
        self.report_button.setEnabled(False)
        for button in (
            self.choose_button,
            self.cancel_button,
            self.open_button,
            self.report_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self.choose)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(self.export)
        self.report_button.clicked.connect(self.save_report)
        self.open_button.clicked.connect(self.open_selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.thread: QThread | None = None
        self.worker: BatchWorker | None = None
        self.outcome: BatchOutcome | None = None

    def choose(self) -> None:
        if self.files:
            paths = self.prompts.open_paths(documents_dir())
            if paths:
                self.start(paths)
            return
        path = self.prompts.open_excel()
        if path is not None:
            self.start(path)

    def start(self, source: Path | list[Path]) -> None:
        """Assess ``source`` (a filled list, or assessment files) off the GUI thread."""
        self.table.setRowCount(0)
        self.problems.clear()
        self.outcome = None
        name = source.name if isinstance(source, Path) else self.tr("de bestanden")
        self.status.setText(self.tr("Bezig met %1…").replace("%1", name))
        self.thread = QThread(self)
        self.worker = BatchWorker(source, self.registry, self.role)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.done.connect(self._finished)
        self.worker.done.connect(self.thread.quit)
        self.thread.finished.connect(self.worker.deleteLater)
        self.choose_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.export_button.setEnabled(False)
        self.thread.start()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel_requested.set()
            self.status.setText(self.tr("Annuleren…"))

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    @Slot(object)
    def _finished(self, outcome: BatchOutcome) -> None:
        self.outcome = outcome
        self.choose_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if outcome.error:
            self.status.setText(outcome.error)
            self.prompts.error(self.tr("Beoordelen mislukt"), outcome.error)
            return
        self.table.setRowCount(len(outcome.rows))
        for line, row in enumerate(outcome.rows):
            export = row.export
            if export.assessment is not None and export.result is not None:
                provider, verdict = export.assessment.provider, export.result.verdict_label
            else:
                provider = export.provider or Provider()
                verdict = self.tr("Niet beoordeeld: %1").replace("%1", "; ".join(export.messages))
            cells = [row.label, provider.name, provider.agb_code or "", verdict]
            for column, text in enumerate(cells):
                self.table.setItem(line, column, QTableWidgetItem(text))
        for problem in outcome.problems:
            self.problems.addItem(self.tr("Fout: %1").replace("%1", problem))
        for warning in outcome.warnings:
            self.problems.addItem(self.tr("Let op: %1").replace("%1", warning))
        unit = ("bestand", "bestanden") if self.files else ("rij", "rijen")
        refused = len(outcome.rows) - outcome.assessed
        counts = (outcome.assessed, len(outcome.rows), refused, len(outcome.warnings))
        summary = batch_summary(*counts, unit=unit) + "."
        if outcome.cancelled:
            summary = self.tr("Geannuleerd. ") + summary
        self.status.setText(summary)
        self.export_button.setEnabled(bool(outcome.rows))
        self.report_button.setEnabled(bool(outcome.assessed))
        self.open_button.setEnabled(bool(outcome.assessed))

    def selected_assessment(self) -> Assessment | None:
        line = self.table.currentRow()
        if self.outcome is None or not 0 <= line < len(self.outcome.rows):
            return None
        return self.outcome.rows[line].export.assessment  # None for a row that was refused

    def open_selected(self) -> None:
        assessment = self.selected_assessment()
        if assessment is not None:
            self.open_requested.emit(assessment)

    def save_report(self) -> None:
        """The chosen rows (or every assessed row) as one PDF/A report."""
        from caresq_desk.core.report.html import report_html
        from caresq_desk.gui.pdf import write_pdf

        if self.outcome is None:
            return
        chosen = sorted({index.row() for index in self.table.selectedIndexes()})
        rows = [self.outcome.rows[i] for i in chosen] if chosen else self.outcome.rows
        documents = [
            (
                self.tr("Beoordeling %1").replace(
                    "%1", row.export.assessment.provider.name or row.label
                ),
                report_html(
                    row.export.assessment,
                    row.export.result,
                    self.registry.get(row.export.assessment.policy.id),
                    self.role,
                ),
            )
            for row in rows
            if row.export.assessment is not None and row.export.result is not None
        ]
        layout = self.prompts.report_layout(len(documents)) if documents else "annuleren"
        if layout == "per_stuk":
            folder = self.prompts.choose_folder(self.tr("Map voor de rapporten"))
            targets = [
                (folder / f"{safe_file_name(document[0])}-{number}.pdf", [document])
                for number, document in enumerate(documents, start=1)
            ] if folder is not None else []  # fmt: skip
        elif layout == "een":
            path = self.prompts.save_pdf("rapporten.pdf")
            targets = [] if path is None else [(path, documents)]
        else:
            targets = []
        try:
            for path, parts in targets:
                write_pdf(path, parts)
        except OSError as error:
            self.prompts.error(self.tr("Opslaan mislukt"), f"{path}: {error}")
            return
        if targets:
            self.status.setText(
                self.tr("Rapport van %1 beoordeling(en) opgeslagen in %2.")
                .replace("%1", str(len(documents)))
                .replace("%2", str(targets[0][0].parent if len(targets) > 1 else targets[0][0]))
            )

    def export(self) -> None:
        if self.outcome is None:
            return
        path = self.prompts.save_excel(self.tr("Samenvatting opslaan"), "samenvatting.xlsx")
        if path is None:
            return
        try:
            write_export(
                path,
                [row.export for row in self.outcome.rows],
                self.outcome.notices,
                self.all_criteria.isChecked(),
            )
        except OSError as error:
            self.prompts.error(self.tr("Opslaan mislukt"), f"{path}: {error}")
            return
        self.status.setText(self.tr("Samenvatting opgeslagen in %1.").replace("%1", str(path)))

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.thread is not None and self.thread.isRunning():
            self.cancel()
            self.thread.quit()
            self.thread.wait()
        super().closeEvent(event)


def open_batch_dialog(
    parent: QWidget,
    registry: Registry,
    prompts: Prompts,
    role: str,
    files: bool,
    open_assessment: Callable[[Assessment], None],
) -> BatchDialog:
    """The list dialog beside ``parent``; a row it opens goes to ``open_assessment``. With
    ``files`` it starts by asking which assessment files to read."""
    dialog = BatchDialog(registry, prompts, parent, files=files, role=role)
    dialog.open_requested.connect(open_assessment)
    dialog.show()
    if files:
        dialog.choose()
    return dialog
