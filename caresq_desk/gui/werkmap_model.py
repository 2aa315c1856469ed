"""The werkmap's table model, its filter and the chart of verdicts per care type."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from caresq_desk.core.common.texts import VERDICT_LABELS
from caresq_desk.core.model.assessment import STATUS_LABELS
from caresq_desk.core.werkmap.scan import WerkmapRow, shown_path
from caresq_desk.gui.result_panel import BANNER_COLOURS

SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
UNREADABLE = "onleesbaar"  # the verdict filter's code for a file that could not be read
UNREADABLE_LABEL = "Niet leesbaar"
UNREADABLE_COLOUR = ("#3c3c3c", "#ffffff")
# Light backgrounds for the verdict cell: the banner colours are too heavy for a whole column.
CELL_COLOURS = {
    "voldoet": "#d7f0d8",
    "voldoet_niet": "#f8d7d4",
    "onvolledig": "#e6e6e6",
    "uitzondering_mogelijk": "#ffe6c7",
    "uitzondering_toegekend": "#e2f2d0",
    "uitzondering_afgewezen": "#f3d9d0",
    "geen_procedure": "#d6e4f5",
    "buiten_beleid": "#e3e0f3",
    UNREADABLE: "#cfcfcf",
}


def flags(row: WerkmapRow) -> list[str]:
    """What the purchaser should notice about a row, most urgent first."""
    marks = []
    if row.problem:
        marks.append(f"Niet leesbaar: {row.problem}")
    if row.history_changed:
        marks.append("Gewijzigd buiten de toepassing")
    if row.signature == "gebroken":
        marks.append("Handtekening klopt niet")
    if row.changed:
        marks.append("Uitkomst gewijzigd")
    if row.reassess:
        marks.append("Te herbeoordelen")
    if row.conflict_copy:
        marks.append("Conflictkopie")
    if row.open_by:
        marks.append(f"Geopend door {row.open_by}")
    if row.self_check:
        marks.append("Zelftoets zorgaanbieder")
    if row.claims:
        marks.append("Opgave zorgaanbieder telt niet mee")
    return marks


def _modified(row: WerkmapRow) -> str:
    try:
        return datetime.fromisoformat(row.modified).strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return ""


def _policy(row: WerkmapRow) -> str:
    if not row.policy:
        return ""
    text = f"{row.policy_title or row.policy}, versie {row.version}"
    if row.saved_version and row.saved_version != row.version:
        text += f" (opgeslagen onder {row.saved_version})"
    return text


class WerkmapModel(QAbstractTableModel):
    """One row per file; every column sorts on a key of its own (dates by date, text without
    regard to case)."""

    # The columns a purchaser reads first come first: at 1366 pixels the status and what to
    # notice are on screen without scrolling.
    HEADERS = (
        "Zorgaanbieder",
        "AGB-code",
        "Plaats",
        "Zorgsoort",
        "Uitkomst",
        "Status",
        "Let op",
        "Contract",
        "Beoordelaar",
        "Ondertekening",
        "Laatst gewijzigd",
        "Beleid en versie",
        "Bestand",
    )
    VERDICT_COLUMN = HEADERS.index("Uitkomst")
    FLAG_COLUMN = HEADERS.index("Let op")
    MODIFIED_COLUMN = HEADERS.index("Laatst gewijzigd")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[WerkmapRow] = []
        self.folder: Path | None = None

    def set_rows(self, folder: Path, rows: list[WerkmapRow]) -> None:
        self.beginResetModel()
        self.folder = folder
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def text(self, row: WerkmapRow, column: int) -> str:
        header = self.HEADERS[column]
        if header == "Zorgaanbieder":
            return row.provider or ("" if row.problem else "(naam niet ingevuld)")
        if header == "Uitkomst":
            return UNREADABLE_LABEL if row.problem else row.verdict
        if header == "Status":
            return row.status_label or STATUS_LABELS.get(row.status, "")
        if header == "Ondertekening":
            return signature_text(row)
        if header == "Laatst gewijzigd":
            return _modified(row)
        if header == "Let op":
            return "; ".join(flags(row))
        if header == "Bestand":
            return self.relative(row)
        if header == "Beleid en versie":
            return _policy(row)
        values = {"AGB-code": row.agb_code, "Plaats": row.location, "Zorgsoort": row.care_type,
                  "Contract": row.contract, "Beoordelaar": row.assessor}  # fmt: skip
        return values[header]

    def relative(self, row: WerkmapRow) -> str:
        return shown_path(row.path, self.folder)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.text(row, column)
            if role == Qt.ItemDataRole.ToolTipRole and column == self.FLAG_COLUMN:
                text += "".join(f"\n{c.criterion}: was {c.was}, nu {c.now}"
                                for c in row.changes[:12])  # fmt: skip
                for note in (row.reassess, row.history, row.claims):
                    if note:
                        text += "\n" + note
            if role == Qt.ItemDataRole.ToolTipRole and self.HEADERS[column] == "Ondertekening":
                text = row.signature_note
            return text
        if role == SORT_ROLE:
            if column == self.MODIFIED_COLUMN:
                return row.modified
            if column == self.FLAG_COLUMN:  # the rows that need attention first
                return f"{len(flags(row)):02d}" if flags(row) else ""
            return self.text(row, column).casefold()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and column == self.VERDICT_COLUMN:
            return QColor(CELL_COLOURS.get(verdict_of(row), "#ffffff"))
        if role == Qt.ItemDataRole.ForegroundRole and column == self.VERDICT_COLUMN:
            return QColor("#1f1f1f")  # on the light cell colour, also in a dark palette
        if (
            role == Qt.ItemDataRole.FontRole
            and column == self.FLAG_COLUMN
            and (row.changed or row.problem or row.conflict_copy or row.reassess
                 or row.history_changed or row.signature == "gebroken")
        ):  # fmt: skip
            font = QFont()
            font.setBold(True)
            return font
        return None


SIGNATURE_TEXTS = {
    "teamlid": "Teamlid: {who}",
    "onbekende_sleutel": "Onbekende sleutel",
    "niet_ondertekend": "Niet ondertekend",
    "gebroken": "Klopt niet",
}


def signature_text(row: WerkmapRow) -> str:
    """Signed by a team member (named), an unknown key, unsigned, or broken."""
    text = SIGNATURE_TEXTS.get(row.signature, "")
    return text.replace("{who}", row.signature_note.partition("(")[2].rstrip(")"))


def verdict_of(row: WerkmapRow) -> str:
    return UNREADABLE if row.problem else row.verdict_code


class WerkmapFilter(QSortFilterProxyModel):
    """Text (name, AGB code, plaats), verdict, status, care type and 'only changed'."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.verdict = ""
        self.status = ""
        self.care_type = ""
        self.only_changed = False
        self.only_reassess = False
        self.only_history = False  # only files changed outside the application
        self.setSortRole(SORT_ROLE)

    def set_filter(self, **values: Any) -> None:
        # Qt 6.10 replaced invalidateRowsFilter (deprecated there) by begin/endFilterChange;
        # the pinned range still allows 6.9.
        modern = hasattr(self, "endFilterChange")
        if modern:
            self.beginFilterChange()
        for name, value in values.items():
            setattr(self, name, value)
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(  # noqa: N802
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        assert isinstance(model, WerkmapModel)
        row = model.rows[source_row]
        if self.text:
            haystack = f"{row.provider}\n{row.agb_code}\n{row.location}".casefold()
            if self.text.casefold() not in haystack:
                return False
        if self.verdict and verdict_of(row) != self.verdict:
            return False
        if self.status and row.status != self.status:
            return False
        if self.care_type and row.care_type != self.care_type:
            return False
        if self.only_reassess and not row.reassess:
            return False
        if self.only_history and not row.history_changed:
            return False
        return not (self.only_changed and not row.changed)

    def shown_rows(self) -> list[WerkmapRow]:
        return [self.data(self.index(r, 0), ROW_ROLE) for r in range(self.rowCount())]


def verdict_label(code: str) -> str:
    return UNREADABLE_LABEL if code == UNREADABLE else VERDICT_LABELS[code]


def verdict_colours(code: str) -> tuple[str, str]:
    return UNREADABLE_COLOUR if code == UNREADABLE else BANNER_COLOURS[code]


class VerdictChart(QWidget):
    """Per care type one bar, split into its verdicts, with the counts in the legend: where the
    round stands at a glance."""

    BAR = 18
    GAP = 6
    LABEL_WIDTH = 190

    def __init__(self) -> None:
        super().__init__()
        self.per_care_type: dict[str, Counter[str]] = {}
        self.totals: Counter[str] = Counter()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Uitkomsten per zorgsoort")

    def set_rows(self, rows: list[WerkmapRow]) -> None:
        self.per_care_type = {}
        for row in rows:
            name = row.care_type or UNREADABLE_LABEL
            self.per_care_type.setdefault(name, Counter())[verdict_of(row)] += 1
        self.totals = Counter(verdict_of(row) for row in rows)
        self.setToolTip(
            "\n".join(
                f"{name}: "
                + ", ".join(f"{n} {verdict_label(c).lower()}" for c, n in counts.items())
                for name, counts in sorted(self.per_care_type.items())
            )
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, len(self.per_care_type) * (self.BAR + self.GAP) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, self.sizeHint().height())

    def order(self) -> list[str]:
        known = [code for code in CELL_COLOURS if code in self.totals]
        return known + sorted(set(self.totals) - set(known))

    def legend_html(self) -> str:
        """The counts per verdict with the chart's colours; a label wraps it as needed."""
        return " &nbsp; ".join(
            f"<span style='color: {verdict_colours(code)[0]}'>&#9632;</span>&nbsp;"
            f"{escape(verdict_label(code))}:&nbsp;<b>{self.totals[code]}</b>"
            for code in self.order()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        largest = max((sum(c.values()) for c in self.per_care_type.values()), default=0)
        width = max(self.width() - self.LABEL_WIDTH - 50, 50)
        y = 4
        for name, counts in sorted(self.per_care_type.items()):
            painter.setPen(self.palette().text().color())
            label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, self.LABEL_WIDTH - 8)
            painter.drawText(0, y + metrics.ascent(), label)
            x = self.LABEL_WIDTH
            for code in self.order():
                if not counts[code] or not largest:
                    continue
                span = max(round(width * counts[code] / largest), 2)
                background, foreground = verdict_colours(code)
                painter.fillRect(QRect(x, y, span, self.BAR), QColor(background))
                if span > metrics.horizontalAdvance(str(counts[code])) + 6:
                    painter.setPen(QColor(foreground))
                    painter.drawText(
                        QRect(x, y, span, self.BAR), Qt.AlignmentFlag.AlignCenter, str(counts[code])
                    )
                x += span
            painter.setPen(self.palette().text().color())
            painter.drawText(x + 6, y + metrics.ascent(), str(sum(counts.values())))
            y += self.BAR + self.GAP
        painter.end()
