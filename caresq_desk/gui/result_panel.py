"""The live result beside the form: verdict, contract, route, dates and every criterion."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caresq_desk.core.result import CriterionResult, Result
from caresq_desk.core.texts import KIND_LABELS

# Verdict -> banner background and text colour; readable in light and dark palettes alike.
BANNER_COLOURS = {
    "voldoet": ("#1b5e20", "#ffffff"),
    "voldoet_niet": ("#b3261e", "#ffffff"),
    "onvolledig": ("#5f6368", "#ffffff"),
    "uitzondering_mogelijk": ("#8a4b00", "#ffffff"),
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


def _list(title: str, items: list[str]) -> str:
    if not items:
        return ""
    rows = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<p><b>{escape(title)}</b></p><ul>{rows}</ul>"


class ResultPanel(QWidget):
    """Shows a Result; asks the form to focus a question when a criterion is clicked."""

    focus_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setAccessibleName(self.tr("Uitkomst"))
        layout.addWidget(self.banner)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.summary = QTextBrowser()
        self.summary.setOpenExternalLinks(False)
        splitter.addWidget(self.summary)
        criteria = QWidget()
        criteria_layout = QVBoxLayout(criteria)
        criteria_layout.setContentsMargins(0, 0, 0, 0)
        self.only_unmet = QCheckBox(self.tr("Alleen wat niet voldaan of onbeantwoord is"))
        criteria_layout.addWidget(self.only_unmet)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Criterium"), self.tr("Uitkomst")])
        self.tree.setRootIsDecorated(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        criteria_layout.addWidget(self.tree)
        self.detail = QTextBrowser()
        criteria_layout.addWidget(self.detail)
        splitter.addWidget(criteria)
        splitter.setSizes([260, 440])
        layout.addWidget(splitter)
        self.result: Result | None = None
        self.only_unmet.toggled.connect(self._fill_tree)
        self.tree.currentItemChanged.connect(self._show_detail)
        self.tree.itemActivated.connect(self._request_focus)
        self.tree.itemClicked.connect(self._request_focus)

    def show_result(self, result: Result) -> None:
        self.result = result
        background, text = BANNER_COLOURS[result.verdict]
        self.banner.setText(result.verdict_label)
        self.banner.setStyleSheet(
            f"background: {background}; color: {text}; font-size: 16pt; font-weight: bold;"
            "padding: 10px; border-radius: 4px;"
        )
        self.summary.setHtml(self._summary_html(result))
        self._fill_tree()

    def _summary_html(self, result: Result) -> str:
        parts = []
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
        parts.append(_list(self.tr("Wat uw uitkomst verbetert"), list(result.hints)))
        parts.append(
            _list(self.tr("Geldt niet voor een deel van de zorg"), list(result.excluded_parts))
        )
        parts.append(_list(self.tr("Let op"), list(result.warnings)))
        dates = []
        for item in result.dates:
            mark = f" <b>({self.tr('verstreken')})</b>" if item.past else ""
            dates.append(f"<li>{escape(item.display)}: {escape(item.label)}{mark}</li>")
        if dates:
            parts.append(f"<p><b>{self.tr('Data')}</b></p><ul>{''.join(dates)}</ul>")
        parts.append(
            f"<p style='color: gray'>{escape(result.policy_title)}, "
            f"{self.tr('versie')} {escape(result.policy_version)}</p>"
        )
        return "".join(parts)

    def _fill_tree(self) -> None:
        self.tree.clear()
        if self.result is None:
            return
        style = self.style()
        shown = [c for c in self.result.criteria if c.outcome != "niet_van_toepassing"]
        if self.only_unmet.isChecked():
            shown = [c for c in shown if c.outcome in ("niet_voldaan", "onbeantwoord")]
        for criterion in sorted(shown, key=lambda c: ORDER[c.outcome]):
            item = QTreeWidgetItem([f"{criterion.id}  {criterion.title}", criterion.outcome_label])
            item.setData(0, Qt.ItemDataRole.UserRole, criterion)
            item.setToolTip(0, criterion.reason)
            if criterion.outcome in OUTCOME_ICONS:
                item.setIcon(0, style.standardIcon(OUTCOME_ICONS[criterion.outcome]))
            self.tree.addTopLevelItem(item)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _show_detail(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            self.detail.clear()
            return
        criterion: CriterionResult = item.data(0, Qt.ItemDataRole.UserRole)
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

    def _request_focus(self, item: QTreeWidgetItem) -> None:
        criterion: CriterionResult = item.data(0, Qt.ItemDataRole.UserRole)
        if criterion.questions:
            self.focus_requested.emit(list(criterion.questions))
