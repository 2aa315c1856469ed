"""The werkmap window: every assessment of a round in one table, read off the GUI thread,
following the folder while it is open."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QFileSystemWatcher,
    QItemSelectionModel,
    QObject,
    QPoint,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from caresq_desk.core.common.formatting import format_count
from caresq_desk.core.common.texts import VERDICT_LABELS
from caresq_desk.core.model.assessment import STATUS_LABELS
from caresq_desk.core.werkmap.scan import WerkmapRow
from caresq_desk.gui.focus import show_focus
from caresq_desk.gui.jobs import run_job
from caresq_desk.gui.screen import fit_to_screen
from caresq_desk.gui.werkmap_model import (
    ROW_ROLE,
    UNREADABLE,
    UNREADABLE_LABEL,
    VerdictChart,
    WerkmapFilter,
    WerkmapModel,
)
from caresq_desk.gui.werkmap_status import StatusSteps

if TYPE_CHECKING:
    from caresq_desk.core.model.assessment import Actor
    from caresq_desk.core.policy.registry import Registry
    from caresq_desk.gui.prompts import Prompts
    from caresq_desk.gui.werkmap_actions import Export

# The most a column takes before its text is cut (with "…"; the tooltip shows it whole): the
# outcome is what a purchaser reads, so it gets room for "Onvolledig: vereiste antwoorden
# ontbreken"; the path and the policy come last and may be cut.
COLUMN_WIDTHS = {"Uitkomst": 330, "Zorgsoort": 220, "Let op": 200, "Contract": 260,
                 "Beleid en versie": 320, "Bestand": 300}  # fmt: skip
CHART_HEIGHT = 150  # about six care types; the chart scrolls and the splitter gives more
REFRESH_DELAY_MS = 600  # a sync tool writes several files at once: one refresh for all


class ScanWorker(QObject):
    """Reads the folder through the index (its own SQLite connection, in this thread)."""

    progress = Signal(int, int)
    done = Signal(object, int, str, object)  # rows, files read, error ('' if none), folders

    def __init__(self, folder: Path, registry: Registry, index_path: Path | None) -> None:
        super().__init__()
        self.folder = folder
        self.registry = registry
        self.index_path = index_path

    @Slot()
    def run(self) -> None:
        from caresq_desk.core.werkmap.index import WerkmapIndex

        try:
            index = WerkmapIndex(self.index_path)
            try:
                rows, read = index.scan(self.folder, self.registry, self.progress.emit)
            finally:
                index.close()
        except Exception as error:  # the window must hear back, whatever happened
            self.done.emit([], 0, f"{type(error).__name__}: {error}", [])
            return
        self.done.emit(rows, read, "", _folders(self.folder))


def _folders(folder: Path) -> list[str]:
    """The folder and every visible folder below it: each is watched, also when still empty."""
    found = [str(folder)]
    for root, dirs, _files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, d) for d in dirs]  # noqa: PTH118
    return found


class WerkmapWindow(QMainWindow):
    """``open_requested`` asks the main window to open a file in the form."""

    open_requested = Signal(Path)
    scanned = Signal()

    def __init__(
        self,
        registry: Registry,
        prompts: Prompts,
        role: str,
        index_path: Path | None = None,
        parent: QWidget | None = None,
        *,
        actor: Callable[[], Actor] | None = None,
        open_here: Callable[[Path], bool] | None = None,
    ) -> None:
        """``actor`` says who takes a status step (the main window asks the name once);
        ``open_here`` whether the application has a file open itself."""
        super().__init__(parent)
        self.registry = registry
        self.prompts = prompts
        self.role = role
        self._actor = actor
        self._open_here = open_here
        self.index_path = index_path
        self.folder: Path | None = None
        self.thread_: QThread | None = None
        self.worker: ScanWorker | None = None
        self.again = False  # the folder changed during a scan: scan once more afterwards
        self.job: QThread | None = None  # an export running
        self.model = WerkmapModel()
        self.proxy = WerkmapFilter()
        self.proxy.setSourceModel(self.model)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(REFRESH_DELAY_MS)
        self.debounce.timeout.connect(self.refresh)
        self._build()
        fit_to_screen(self, 1280, 800)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.legend)
        self.chart = VerdictChart()
        self.chart_area = chart_area = QScrollArea()
        chart_area.setWidget(self.chart)
        chart_area.setWidgetResizable(True)
        chart_area.setFrameShape(QFrame.Shape.NoFrame)
        chart_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setAccessibleName(self.tr("Zoeken in de werkmap"))
        self.search.setPlaceholderText(self.tr("Zoek op naam, AGB-code of plaats"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self.proxy.set_filter(text=text.strip()))
        self.search.textChanged.connect(self._show_counts)
        filters.addWidget(self.search, 2)
        self.verdict = self._combo(
            self.tr("Alle uitkomsten"),
            [*VERDICT_LABELS.items(), (UNREADABLE, UNREADABLE_LABEL)],
            "verdict",
        )
        self.status = self._combo(self.tr("Alle statussen"), list(STATUS_LABELS.items()), "status")
        self.care_type = self._combo(self.tr("Alle zorgsoorten"), [], "care_type")
        for combo in (self.verdict, self.status, self.care_type):
            filters.addWidget(combo, 1)
        self.only_changed = QCheckBox(self.tr("Alleen gewijzigde uitkomst"))
        self.only_changed.toggled.connect(lambda on: self.proxy.set_filter(only_changed=on))
        self.only_changed.toggled.connect(self._show_counts)
        checks = QHBoxLayout()  # a row of its own: the search field keeps its width
        checks.addWidget(self.only_changed)
        self.only_reassess = QCheckBox(self.tr("Alleen te herbeoordelen"))
        self.only_reassess.setToolTip(
            self.tr("Bestanden met antwoorden die het beleid van nu niet meer vraagt")
        )
        self.only_reassess.toggled.connect(lambda on: self.proxy.set_filter(only_reassess=on))
        self.only_reassess.toggled.connect(self._show_counts)
        checks.addWidget(self.only_reassess)
        self.only_history = QCheckBox(self.tr("Alleen buiten de toepassing gewijzigd"))
        self.only_history.setToolTip(
            self.tr("Bestanden waarvan de geschiedenis niet klopt met de antwoorden")
        )
        self.only_history.toggled.connect(lambda on: self.proxy.set_filter(only_history=on))
        self.only_history.toggled.connect(self._show_counts)
        checks.addWidget(self.only_history)
        checks.addStretch()
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Beoordelingen in de werkmap"))
        show_focus(self.table)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        table_part = QWidget()
        table_layout = QVBoxLayout(table_part)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addLayout(checks)
        table_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(chart_area)
        self.splitter.addWidget(table_part)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([CHART_HEIGHT, 600])
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(body)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self._build_actions()

    def _combo(self, everything: str, items: list[tuple[str, str]], name: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, "")
        for code, label in items:
            combo.addItem(label, code)
        combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filter(**{name: combo.currentData() or ""})
        )
        combo.currentIndexChanged.connect(self._show_counts)
        return combo

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Werkmap"))
        bar.setMovable(False)
        self.addToolBar(bar)

        def action(text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # noqa: ANN001
            made = QAction(text, self)
            if shortcut is not None:
                made.setShortcut(QKeySequence(shortcut))
            made.triggered.connect(slot)
            bar.addAction(made)
            return made

        self.open_action = action(self.tr("Openen"), self.open_selected, "Return")
        # Enter opens the row only from the table, not while typing in the search field.
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.open_action)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.search.setFocus())
        self.addAction(find)
        self.changes_action = action(self.tr("Wat is gewijzigd…"), self.show_changes)
        self.compare_action = action(self.tr("Vergelijken met origineel…"), self.compare_copy)
        bar.addSeparator()
        self.excel_action = action(self.tr("Naar Excel…"), lambda: self.export_excel(False))
        self.excel_action.setToolTip(
            self.tr("Alle getoonde beoordelingen (na zoeken en filters) in één Excel-samenvatting")
        )
        self.selection_excel_action = action(
            self.tr("Alleen selectie naar Excel…"), lambda: self.export_excel(True)
        )
        self.pdf_action = action(self.tr("Als PDF…"), lambda: self.export_pdf(False))
        self.pdf_action.setToolTip(
            self.tr("Alle getoonde beoordelingen (na zoeken en filters) als één PDF")
        )
        self.selection_pdf_action = action(
            self.tr("Alleen selectie als PDF…"), lambda: self.export_pdf(True)
        )
        bar.addSeparator()
        self.status_steps = StatusSteps(self, self)
        status_button = QToolButton()
        status_button.setText(self.tr("Status"))
        status_button.setToolTip(
            self.tr("Status of besluit van de geselecteerde beoordelingen, als in de beoordeling")
        )
        status_button.setMenu(self.status_steps.menu)
        status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(status_button)
        self.carry_action = action(self.tr("Overnemen…"), self.carry)
        self.carry_action.setToolTip(
            self.tr("De geselecteerde beoordelingen overnemen naar een ander beleid of jaar")
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        bar.addSeparator()
        self.refresh_action = action(
            self.tr("Vernieuwen"), self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.folder_action = action(self.tr("Andere map…"), self.choose_folder)
        self._update_actions()

    # -- reading --------------------------------------------------------------------------------

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.setWindowTitle(self.tr("Werkmap %1 — Caresq Desk").replace("%1", folder.name))
        self.heading.setText(str(folder))
        old = self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        self.model.set_rows(folder, [])
        self.refresh()

    def show_folder(self, folder: Path, role: str) -> None:
        """Bring the werkmap to the front on ``folder``, read in ``role``."""
        self.role = role
        self.set_folder(folder)
        self.show()
        self.raise_()
        self.activateWindow()

    def choose_folder(self) -> None:
        folder = self.prompts.choose_folder(self.tr("Werkmap kiezen"))
        if folder is not None:
            self.set_folder(folder)

    def refresh(self) -> None:
        """Read the folder again (only changed files are really read); F5."""
        if self.folder is None:
            return
        if self.thread_ is not None:
            self.again = True
            return
        self.progress.setRange(0, 0)
        self.progress.show()
        self.statusBar().showMessage(self.tr("Werkmap wordt gelezen…"))
        self.thread_ = QThread(self)
        self.worker = ScanWorker(self.folder, self.registry, self.index_path)
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.done.connect(self._scanned)
        self.thread_.start()

    @property
    def busy(self) -> bool:
        return self.thread_ is not None

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _scanned(self, rows: list[WerkmapRow], read: int, error: str, folders: list[str]) -> None:
        assert self.thread_ is not None and self.worker is not None and self.folder is not None
        scanned_folder = self.worker.folder
        self.thread_.quit()
        self.thread_.wait()
        self.thread_.deleteLater()
        self.thread_ = None
        self.worker = None
        self.progress.hide()
        if scanned_folder != self.folder:  # another folder was chosen meanwhile: read that one
            self.again = False
            self.refresh()
            return
        if error:
            self.statusBar().clearMessage()
            self.prompts.error(
                self.tr("Werkmap lezen mislukt"),
                self.tr("De map %1 kon niet worden gelezen: %2")
                .replace("%1", str(self.folder))
                .replace("%2", error),
            )
        else:
            self._show_rows(rows)
            self.statusBar().showMessage(
                self.tr("%1 gelezen, %2 ongewijzigd uit de index.")
                .replace("%1", format_count(read, "bestand", "bestanden"))
                .replace("%2", str(len(rows) - read)),
                8000,
            )
        self._watch(folders)
        self.scanned.emit()
        if self.again:
            self.again = False
            self.refresh()

    def _show_rows(self, rows: list[WerkmapRow]) -> None:
        assert self.folder is not None
        selected = {row.path for row in self.selected_rows()}
        self.model.set_rows(self.folder, rows)
        care_types = sorted({row.care_type for row in rows if row.care_type})
        current = self.care_type.currentData()
        self.care_type.blockSignals(True)
        self.care_type.clear()
        self.care_type.addItem(self.tr("Alle zorgsoorten"), "")
        for name in care_types:
            self.care_type.addItem(name, name)
        self.care_type.setCurrentIndex(max(self.care_type.findData(current), 0))
        self.care_type.blockSignals(False)
        self.proxy.set_filter(care_type=self.care_type.currentData() or "")
        self.table.resizeColumnsToContents()
        for column, header in enumerate(self.model.HEADERS):
            widest = COLUMN_WIDTHS.get(header, 230)  # longer texts: the tooltip has them whole
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        if selected:  # the same files stay selected after a refresh
            selection = self.table.selectionModel()
            for r in range(self.proxy.rowCount()):
                if self.proxy.index(r, 0).data(ROW_ROLE).path in selected:
                    selection.select(
                        self.proxy.index(r, 0),
                        QItemSelectionModel.SelectionFlag.Select
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
        self._show_counts()

    def _watch(self, folders: list[str]) -> None:
        """Follow the folder and its subfolders: files added, saved or removed by others."""
        missing = sorted(set(folders) - set(self.watcher.directories()))
        if missing:
            self.watcher.addPaths(missing)

    def _folder_changed(self, _path: str) -> None:
        self.debounce.start()

    def _show_counts(self) -> None:
        shown = self.proxy.shown_rows()
        total = len(self.model.rows)
        changed = sum(1 for row in shown if row.changed)
        parts = [
            self.tr("%1 van %2 getoond").replace("%1", str(len(shown))).replace("%2", str(total))
        ]
        if changed:
            parts.append(self.tr("%1 met gewijzigde uitkomst").replace("%1", str(changed)))
        reassess = sum(1 for row in shown if row.reassess)
        if reassess:
            parts.append(self.tr("%1 te herbeoordelen").replace("%1", str(reassess)))
        outside = sum(1 for row in shown if row.history_changed)
        if outside:
            parts.append(self.tr("%1 buiten de toepassing gewijzigd").replace("%1", str(outside)))
        opened = sum(1 for row in shown if row.open_by)
        if opened:
            parts.append(self.tr("%1 nu geopend door een collega").replace("%1", str(opened)))
        self.counts.setText(" · ".join(parts))
        self.chart.set_rows(shown)
        # A few care types need less than the chart's room: no empty band above the table.
        needed = max(self.chart.sizeHint().height() + 4, 40)
        self.chart_area.setMaximumHeight(needed)
        chart, table = self.splitter.sizes()
        wanted = min(needed, max(chart, CHART_HEIGHT))  # the splitter keeps a slot's size
        if chart != wanted and chart + table > 0:
            self.splitter.setSizes([wanted, table + chart - wanted])
        self.legend.setText(self.chart.legend_html())
        self._update_actions()

    # -- actions --------------------------------------------------------------------------------

    def selected_rows(self) -> list[WerkmapRow]:
        selection = self.table.selectionModel()
        return [index.data(ROW_ROLE) for index in selection.selectedRows()]

    def _current(self) -> WerkmapRow | None:
        rows = self.selected_rows()
        return rows[0] if len(rows) == 1 else None

    def _update_actions(self) -> None:
        current = self._current()
        self.open_action.setEnabled(current is not None)
        self.changes_action.setEnabled(current is not None and current.changed)
        self.compare_action.setEnabled(current is not None and current.conflict_copy)
        has_rows = self.proxy.rowCount() > 0 and self.job is None
        has_selection = bool(self.selected_rows()) and self.job is None
        self.excel_action.setEnabled(has_rows)
        self.pdf_action.setEnabled(has_rows)
        self.selection_excel_action.setEnabled(has_selection)
        self.selection_pdf_action.setEnabled(has_selection)
        self.status_steps.update()
        self.carry_action.setEnabled(has_selection)

    def open_selected(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.problem:
            self.prompts.error(
                self.tr("Niet te openen"),
                self.tr("%1 kan niet worden geopend: %2")
                .replace("%1", self.model.relative(row))
                .replace("%2", row.problem),
            )
            return
        self.open_requested.emit(Path(row.path))

    def export_rows(self, selection: bool) -> Export:
        """What an export takes: every row shown (the round as filtered), or the selection."""
        from caresq_desk.gui.werkmap_actions import Export

        rows = self.selected_rows() if selection else self.proxy.shown_rows()
        folder = self.folder or Path.home()
        name = folder.name or "werkmap"
        return Export(rows, selection, folder, name)

    def actor(self) -> Actor:
        from caresq_desk.core.model.assessment import Actor

        return self._actor() if self._actor is not None else Actor(name="", role=self.role)  # type: ignore[arg-type]

    def open_here(self, path: Path) -> bool:
        return self._open_here is not None and self._open_here(path)

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.changes_action)
        menu.addSeparator()
        for step in self.status_steps.actions:
            menu.addAction(step)
        menu.addSeparator()
        menu.addAction(self.carry_action)
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))

    def carry(self) -> None:
        from caresq_desk.gui.werkmap_actions import carry_rows

        rows = self.selected_rows()
        if carry_rows(self, rows, self.registry, self.prompts, self.actor()):
            self.refresh()

    def to_front(self) -> None:
        """Back on top after a dialog, which belongs to the main window."""
        self.raise_()
        self.activateWindow()

    def show_changes(self) -> None:
        from caresq_desk.gui.werkmap_actions import show_changes

        row = self._current()
        if row is not None and row.changed:
            self.changes_dialog = show_changes(self, row)

    def compare_copy(self) -> None:
        from caresq_desk.gui.werkmap_actions import compare_copy

        row = self._current()
        if row is not None and row.conflict_copy:
            self.compare_dialog = compare_copy(self, row, self.registry, self.prompts)

    def export_excel(self, selection: bool = False) -> None:
        from caresq_desk.gui.werkmap_actions import export_excel

        export_excel(self, self.export_rows(selection), self.registry, self.role, self.prompts)

    def start_job(
        self, message: str, work: Callable[[], object], done: Callable[[object], None]
    ) -> None:
        """An export on a thread of its own: its actions wait, the status bar says what
        happens, ``done`` gets the result (or the exception) on the GUI thread."""

        def finished(result: object) -> None:
            self.job = None
            self.statusBar().clearMessage()
            self._update_actions()
            done(result)

        self.statusBar().showMessage(message)
        self.job = run_job(self, work, finished)
        self._update_actions()

    def export_pdf(self, selection: bool = False) -> None:
        from caresq_desk.gui.werkmap_actions import export_pdf

        export_pdf(self, self.export_rows(selection), self.registry, self.role, self.prompts)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.thread_ is not None:
            self.thread_.quit()
            self.thread_.wait()
        if self.job is not None:  # an export finishes its file rather than leave half of it
            self.job.wait()
        event.accept()


def tr(text: str) -> str:
    return QCoreApplication.translate("WerkmapWindow", text)


def werkmap_folder(prompts: Prompts, folder: Path | None) -> Path | None:
    """``folder``, or the one the user chooses, when it is a folder; otherwise None after
    saying why."""
    if folder is None:
        folder = prompts.choose_folder(tr("Werkmap kiezen"))
        if folder is None:
            return None
    if not folder.is_dir():
        prompts.error(
            tr("Werkmap openen"), tr("De map %1 bestaat niet (meer).").replace("%1", str(folder))
        )
        return None
    return folder
