"""The live result beside the form: verdict, contract, route, dates and every criterion."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAccessible, QAccessibleEvent, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from caresq_desk.core.common.texts import IMPROVES_HEADING, KIND_LABELS
from caresq_desk.core.model.result import CriterionResult, Result
from caresq_desk.core.report.text import in_short
from caresq_desk.core.rules.roles import ROLE_PURCHASER
from caresq_desk.gui.focus import show_focus

# Verdict -> banner background and text colour; readable in light and dark palettes alike.
BANNER_COLOURS = {
    "voldoet": ("#1b5e20", "#ffffff"),
    "voldoet_niet": ("#b3261e", "#ffffff"),
    "onvolledig": ("#5f6368", "#ffffff"),
    "uitzondering_mogelijk": ("#8a4b00", "#ffffff"),
    "uitzondering_toegekend": ("#2e6b30", "#ffffff"),
    "uitzondering_afgewezen": ("#8c2a1f", "#ffffff"),
    "geen_procedure": ("#1a4d8f", "#ffffff"),
    "buiten_beleid": ("#4a4a8a", "#ffffff"),
}
OUTCOME_ICONS = {
    "voldaan": QStyle.StandardPixmap.SP_DialogApplyButton,
    "niet_voldaan": QStyle.StandardPixmap.SP_DialogCancelButton,
    "onbeantwoord": QStyle.StandardPixmap.SP_MessageBoxQuestion,
    "informatie": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
ORDER = {
    "niet_voldaan": 0,
    "onbeantwoord": 1,
    "voldaan": 2,
    "informatie": 3,
    "niet_van_toepassing": 4,
}


def _order(criterion: CriterionResult) -> int:
    """Failures first, then what is unanswered; a factor not reached sorts with information."""
    if criterion.neutral:
        return ORDER["informatie"]
    return ORDER[criterion.outcome]


def _list(title: str, items: list[str]) -> str:
    if not items:
        return ""
    rows = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<p><b>{escape(title)}</b></p><ul>{rows}</ul>"


CRITERION_ROLE = Qt.ItemDataRole.UserRole


class CriteriaModel(QAbstractTableModel):
    """The criteria of one result as rows (criterion, outcome). A new result replaces the rows in
    one reset, so the view never churns item objects on every keystroke."""

    def __init__(self, icons: dict[str, QIcon], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icons = icons
        self.rows: list[CriterionResult] = []
        self.headers = (self.tr("Criterium"), self.tr("Uitkomst"))

    def set_rows(self, rows: list[CriterionResult]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        criterion = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{criterion.id}  {criterion.title}" if column == 0 else criterion.outcome_label
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return criterion.reason
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            # A factor not reached is no failure: the neutral icon, not the red cross.
            return self.icons.get("informatie" if criterion.neutral else criterion.outcome)
        if role == CRITERION_ROLE:
            return criterion
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def row_of(self, criterion_id: str, variant: str = "") -> int | None:
        """The row of a criterion (an id can have variants: PZ-FYS-INDEX for 2026 and 2027)."""
        return next(
            (i for i, c in enumerate(self.rows) if (c.id, c.variant) == (criterion_id, variant)),
            None,
        )


def announce(widget: QWidget) -> None:
    """Tell assistive technology that ``widget``'s name changed (the outcome is read out)."""
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.NameChanged))


class ResultPanel(QWidget):
    """Shows a Result; asks the form to focus a question when a criterion is clicked."""

    focus_requested = Signal(list)

    def __init__(self, role: str = ROLE_PURCHASER, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        layout = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setAccessibleName(self.tr("Uitkomst"))
        layout.addWidget(self.banner)
        # Under a green banner, what happens next (a practice that qualifies is not always
        # approached via VECOZO): the route, in a line of its own.
        self.next_step = QLabel()
        self.next_step.setWordWrap(True)
        self.next_step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_step.setStyleSheet("font-weight: bold; padding: 2px 10px;")
        self.next_step.hide()
        layout.addWidget(self.next_step)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.summary = QTextBrowser()
        self.summary.setOpenExternalLinks(False)
        self.summary.setAccessibleName(self.tr("Toelichting bij de uitkomst"))
        splitter.addWidget(self.summary)
        criteria = QWidget()
        criteria_layout = QVBoxLayout(criteria)
        criteria_layout.setContentsMargins(0, 0, 0, 0)
        self.only_unmet = QCheckBox(self.tr("Alleen wat niet voldaan of onbeantwoord is"))
        criteria_layout.addWidget(self.only_unmet)
        style = self.style()
        icons = {outcome: style.standardIcon(pixmap) for outcome, pixmap in OUTCOME_ICONS.items()}
        self.model = CriteriaModel(icons, self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName(self.tr("Criteria"))
        show_focus(self.tree, self.summary)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        criteria_layout.addWidget(self.tree)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("Uitleg bij het gekozen criterium"))
        show_focus(self.detail)
        criteria_layout.addWidget(self.detail)
        splitter.addWidget(criteria)
        splitter.setSizes([260, 440])
        layout.addWidget(splitter)
        self.result: Result | None = None
        self.only_unmet.toggled.connect(self._fill_tree)
        self.tree.selectionModel().currentChanged.connect(self._show_detail)
        self.tree.activated.connect(self._request_focus)
        self.tree.clicked.connect(self._request_focus)

    def show_result(self, result: Result, headline: str | None = None) -> None:
        """The result; ``headline`` replaces the verdict's own where the purchaser decided."""
        self.result = result
        background, text = BANNER_COLOURS[result.verdict]
        shown = headline or result.headline
        if shown != self.banner.text():  # a screen reader says the new outcome
            self.banner.setAccessibleName(self.tr("Uitkomst: %1").replace("%1", shown))
            announce(self.banner)
        self.banner.setText(shown)
        route = result.route
        if route is not None and result.contract:
            self.next_step.setText(self.tr("Hierna: %1").replace("%1", route.label))
        self.next_step.setVisible(route is not None and bool(result.contract))
        self.banner.setStyleSheet(
            f"background: {background}; color: {text}; font-size: 16pt; font-weight: bold;"
            "padding: 10px; border-radius: 4px;"
        )
        self.summary.setHtml(self._summary_html(result))
        self._fill_tree()

    def _summary_html(self, result: Result) -> str:
        # "Why not" and "by when" first: what a provider checking itself asks next.
        parts = [f"<p><b>{escape(line)}</b></p>" for line in in_short(result)]
        if result.contract:
            term = self.tr(" (looptijd %1)").replace("%1", result.term) if result.term else ""
            parts.append(f"<p><b>{escape(result.contract)}</b>{escape(term)}</p>")
        if result.tier:
            parts.append(f"<p>{escape(result.tier.explanation)}</p>")
        if result.route:
            parts.append(
                f"<p><b>{self.tr('Route')}: {escape(result.route.label)}</b><br>"
                f"{escape(result.route.text)} <i>({escape(result.route.source)})</i></p>"
            )
        parts.append(_list(self.tr("Ontbrekende antwoorden"), [m.label for m in result.missing]))
        parts.append(
            _list(
                self.tr("Ongeldige antwoorden"), [f"{i.label}: {i.message}" for i in result.invalid]
            )
        )
        parts.append(_list(IMPROVES_HEADING[self.role], list(result.hints)))
        parts.append(
            _list(self.tr("Geldt niet voor een deel van de zorg"), list(result.excluded_parts))
        )
        parts.append(_list(self.tr("Let op"), list(result.warnings)))
        dates = []
        for item in result.dates:
            mark = f" <b>({self.tr('verstreken')})</b>" if item.past else ""
            dates.append(f"<li>{escape(item.display)}: {escape(item.label)}{mark}</li>")
        if dates:
            parts.append(f"<p><b>{self.tr('Datums')}</b></p><ul>{''.join(dates)}</ul>")
        parts.append(
            f"<p style='color: gray'>{escape(result.policy_title)}, "
            f"{self.tr('versie')} {escape(result.policy_version)}</p>"
        )
        return "".join(parts)

    def _fill_tree(self) -> None:
        """Refill the criteria; the criterion the user had selected stays selected."""
        current = self.current_criterion()
        shown: list[CriterionResult] = []
        if self.result is not None:
            shown = [c for c in self.result.criteria if c.outcome != "niet_van_toepassing"]
        if self.only_unmet.isChecked():
            shown = [c for c in shown if c.failed or c.outcome == "onbeantwoord"]
        self.model.set_rows(sorted(shown, key=_order))
        row = self.model.row_of(current.id, current.variant) if current is not None else None
        if row is None and self.model.rows:
            row = 0
        if row is None:
            self.detail.clear()
            return
        self.tree.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def current_criterion(self) -> CriterionResult | None:
        index = self.tree.currentIndex()
        return index.data(CRITERION_ROLE) if index.isValid() else None

    def _show_detail(self, index: QModelIndex) -> None:
        if not index.isValid():
            self.detail.clear()
            return
        criterion: CriterionResult = index.data(CRITERION_ROLE)
        kind = (
            self.tr("inspanningsverplichting") if criterion.effort else KIND_LABELS[criterion.kind]
        )
        html = [
            f"<p><b>{escape(criterion.id)}: {escape(criterion.title)}</b> "
            f"({escape(kind)}, {escape(criterion.outcome_label)})</p>",
            f"<p>{escape(criterion.reason)}</p>",
        ]
        if criterion.evidence:
            html.append(
                "<ul>" + "".join(f"<li>{escape(e)}</li>" for e in criterion.evidence) + "</ul>"
            )
        if criterion.remedy:
            html.append(f"<p><b>{self.tr('Wat te doen')}:</b> {escape(criterion.remedy)}</p>")
        if criterion.interpretation:
            html.append(
                f"<p><b>{self.tr('Gebruikte lezing')}:</b> {escape(criterion.interpretation)}</p>"
            )
        html.append(f"<p><i>{self.tr('Bron')}: {escape(criterion.source)}</i></p>")
        self.detail.setHtml("".join(html))

    def _request_focus(self, index: QModelIndex) -> None:
        criterion: CriterionResult = index.data(CRITERION_ROLE)
        if criterion.questions:
            self.focus_requested.emit(list(criterion.questions))
