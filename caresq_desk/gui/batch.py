"""Assessing a provider list (Excel) off the GUI thread, with progress and a cancel button.

The worker gets an immutable snapshot (a path and the loaded policies), reports progress through
signals, and never touches a widget; results come back to the GUI thread in one signal.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
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

from caresq_desk.core.engine import evaluate
from caresq_desk.excel.export import ExportRow, write_export
from caresq_desk.excel.guard import UnsafeWorkbookError
from caresq_desk.excel.importer import RowProblem, batch_summary, read_provider_list

if TYPE_CHECKING:
    from caresq_desk.core.policy_loader import Policy
    from caresq_desk.core.registry import Registry
    from caresq_desk.gui.prompts import Prompts


@dataclass(frozen=True)
class BatchOutcome:
    policy: Policy | None
    rows: list[tuple[int, ExportRow]]
    problems: list[RowProblem]
    warnings: list[RowProblem]
    cancelled: bool
    error: str = ""


class BatchWorker(QObject):
    progress = Signal(int, int)
    done = Signal(object)

    def __init__(self, path: Path, registry: Registry) -> None:
        super().__init__()
        self.path = path
        self.registry = registry
        self.cancel_requested = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            imported = read_provider_list(self.path, self.registry)
        except UnsafeWorkbookError as error:
            self.done.emit(BatchOutcome(None, [], [], [], cancelled=False, error=str(error)))
            return
        rows: list[tuple[int, ExportRow]] = []
        total = len(imported.assessments)
        self.progress.emit(0, total)
        for done, (number, assessment) in enumerate(imported.assessments, start=1):
            if self.cancel_requested.is_set():
                break
            result = evaluate(imported.policy, assessment)
            rows.append((number, ExportRow(assessment, result, f"{self.path.name}, rij {number}")))
            self.progress.emit(done, total)
        cancelled = self.cancel_requested.is_set() and len(rows) < total
        self.done.emit(
            BatchOutcome(imported.policy, rows, imported.problems, imported.warnings, cancelled)
        )


class BatchDialog(QDialog):
    """Choose a filled list, watch it being assessed, open a row in the form, export."""

    open_requested = Signal(object)  # Assessment

    def __init__(self, registry: Registry, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.prompts = prompts
        self.setWindowTitle(self.tr("Lijst beoordelen"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Kies een ingevulde lijst (importsjabloon van Caresq Desk)."))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        layout.addWidget(self.progress)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Rij"), self.tr("Zorgaanbieder"), self.tr("AGB-code"), self.tr("Uitkomst")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 3):  # name and verdict take the room that is left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)  # the list's own row number is column 1
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        layout.addWidget(self.table, stretch=3)
        layout.addWidget(QLabel(self.tr("Fouten en waarschuwingen per rij:")))
        self.problems = QListWidget()
        layout.addWidget(self.problems, stretch=1)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("Lijst kiezen en beoordelen…"))
        self.cancel_button = QPushButton(self.tr("Annuleren"))
        self.cancel_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("Samenvatting opslaan (Excel)…"))
        self.export_button.setEnabled(False)
        self.open_button = QPushButton(self.tr("Rij openen in het formulier"))
        self.open_button.setEnabled(False)
        for button in (
            self.choose_button,
            self.cancel_button,
            self.open_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self.choose)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(self.export)
        self.open_button.clicked.connect(self.open_selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.thread: QThread | None = None
        self.worker: BatchWorker | None = None
        self.outcome: BatchOutcome | None = None

    def choose(self) -> None:
        path = self.prompts.open_excel()
        if path is not None:
            self.start(path)

    def start(self, path: Path) -> None:
        self.table.setRowCount(0)
        self.problems.clear()
        self.outcome = None
        self.status.setText(self.tr("Bezig met %1…").replace("%1", path.name))
        self.thread = QThread(self)
        self.worker = BatchWorker(path, self.registry)
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
            self.prompts.error(self.tr("Lijst kan niet worden gelezen"), outcome.error)
            return
        for number, row in outcome.rows:
            line = self.table.rowCount()
            self.table.insertRow(line)
            provider = row.assessment.provider
            cells = [str(number), provider.name, provider.agb_code or "", row.result.verdict_label]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, number)
                self.table.setItem(line, column, item)
        for problem in outcome.problems:
            self.problems.addItem(self.tr("Fout: %1").replace("%1", str(problem)))
        for warning in outcome.warnings:
            self.problems.addItem(self.tr("Let op: %1").replace("%1", str(warning)))
        summary = batch_summary(len(outcome.rows), len(outcome.problems), len(outcome.warnings))
        summary += "."
        if outcome.cancelled:
            summary = self.tr("Geannuleerd. ") + summary
        self.status.setText(summary)
        self.export_button.setEnabled(bool(outcome.rows))
        self.open_button.setEnabled(bool(outcome.rows))

    def selected_assessment(self):  # noqa: ANN201 - Assessment | None
        if self.outcome is None or self.table.currentRow() < 0:
            return None
        number = self.table.item(self.table.currentRow(), 0).data(Qt.ItemDataRole.UserRole)
        return next(row.assessment for n, row in self.outcome.rows if n == number)

    def open_selected(self) -> None:
        assessment = self.selected_assessment()
        if assessment is not None:
            self.open_requested.emit(assessment)

    def export(self) -> None:
        if self.outcome is None:
            return
        path = self.prompts.save_excel(self.tr("Samenvatting opslaan"), "samenvatting.xlsx")
        if path is None:
            return
        try:
            write_export(path, [row for _, row in self.outcome.rows])
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
