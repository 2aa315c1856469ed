"""The start view: choose the role, start a new assessment, or open an existing one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from caresq_desk.core.rules.roles import ROLE_PROVIDER, ROLE_PURCHASER
from caresq_desk.gui.focus import show_focus

if TYPE_CHECKING:
    from caresq_desk.core.policy.registry import Registry


class StartView(QWidget):
    new_requested = Signal(str, str)  # policy id, care type id
    open_requested = Signal()
    recent_requested = Signal(Path)
    role_changed = Signal(str)
    back_requested = Signal()
    werkmap_requested = Signal(object)  # a folder, or None to choose one

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry: Registry | None = None
        # The last policy and care type chosen (from the settings), offered again.
        self.preferred: tuple[str | None, str | None] = (None, None)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        header = QHBoxLayout()
        title = QLabel(self.tr("Caresq Desk"))
        title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        header.addWidget(title)
        header.addStretch()
        self.back_button = QPushButton(self.tr("Terug naar de open beoordeling (Esc)"))
        self.back_button.setShortcut(Qt.Key.Key_Escape)
        self.back_button.hide()
        self.back_button.clicked.connect(self.back_requested)
        header.addWidget(self.back_button)
        outer.addLayout(header)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        outer.addWidget(self.intro)

        role_box = QGroupBox(self.tr("Ik gebruik Caresq Desk als"))
        role_layout = QHBoxLayout(role_box)
        self.purchaser = QRadioButton(self.tr("Inkoper bij Caresq"))
        self.provider = QRadioButton(self.tr("Zorgaanbieder (zelftoets)"))
        self.roles = QButtonGroup(self)
        self.roles.addButton(self.purchaser)
        self.roles.addButton(self.provider)
        role_layout.addWidget(self.purchaser)
        role_layout.addWidget(self.provider)
        role_layout.addStretch()
        (self.provider if role == ROLE_PROVIDER else self.purchaser).setChecked(True)
        self._describe_role()
        self.roles.buttonToggled.connect(self._role_toggled)
        outer.addWidget(role_box)

        new_box = QGroupBox(self.tr("Nieuwe beoordeling"))
        new_layout = QFormLayout(new_box)
        self.policy = QComboBox()
        self.policy.addItem(self.tr("Beleidsstukken worden geladen…"), None)
        self.policy.setEnabled(False)
        self.care_type = QComboBox()
        self.care_type.setMinimumContentsLength(40)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b3261e;")
        self.problems.hide()
        self.new_button = QPushButton(self.tr("Nieuwe beoordeling starten"))
        # Not setDefault: outside a dialog it only draws a frame, and Fusion then draws no
        # focus on it (a keyboard user could not see the focus there). Enter is handled below.
        self.new_button.setEnabled(False)
        new_layout.addRow(self.tr("Inkoopbeleid"), self.policy)
        new_layout.addRow("", self.problems)
        new_layout.addRow(self.tr("Zorgsoort"), self.care_type)
        new_layout.addRow("", self.description)
        button_row = QHBoxLayout()
        button_row.addWidget(self.new_button)
        button_row.addStretch()
        new_layout.addRow("", button_row)
        outer.addWidget(new_box)

        open_box = QGroupBox(self.tr("Bestaande beoordelingen"))
        open_layout = QVBoxLayout(open_box)
        self.open_button = QPushButton(self.tr("Beoordeling openen…"))
        self.werkmap_button = QPushButton(self.tr("Werkmap openen…"))
        self.werkmap_button.setToolTip(
            self.tr("Alle beoordelingen in een map (en de mappen daaronder) als één overzicht")
        )
        self.last_werkmap_button = QPushButton()
        self.last_werkmap_button.hide()
        buttons = QHBoxLayout()
        for button in (self.open_button, self.werkmap_button, self.last_werkmap_button):
            buttons.addWidget(button)
        buttons.addStretch()
        open_layout.addLayout(buttons)
        self.last_werkmap: Path | None = None
        open_layout.addWidget(QLabel(self.tr("Recente bestanden (dubbelklik om te openen):")))
        self.recent = QListWidget()
        self.recent.setAccessibleName(self.tr("Recente bestanden"))
        show_focus(self.recent)
        self.recent.setMaximumHeight(220)
        open_layout.addWidget(self.recent)
        outer.addWidget(open_box)
        outer.addStretch()

        self.policy.currentIndexChanged.connect(self._fill_care_types)
        self.care_type.currentIndexChanged.connect(self._describe)
        self.new_button.clicked.connect(self._new_clicked)
        self.open_button.clicked.connect(self.open_requested)
        self.werkmap_button.clicked.connect(lambda: self.werkmap_requested.emit(None))
        self.last_werkmap_button.clicked.connect(
            lambda: self.werkmap_requested.emit(self.last_werkmap)
        )
        self.recent.itemActivated.connect(self._recent_activated)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """The choice to make has the keyboard: arrows choose the care type, Enter starts."""
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.care_type.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter starts a new assessment, as the default button promises (a view in a window
        has no dialog to do that); in the recent files Enter opens the file instead."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        focus = QApplication.focusWidget()
        if enter and isinstance(focus, QPushButton):
            focus.click()  # Enter on "Openen…" opens, it does not start something else
            return
        if enter and not self.recent.hasFocus() and self.new_button.isEnabled():
            self.new_button.click()
            return
        super().keyPressEvent(event)

    def set_registry(self, registry: Registry, problems: list[str] | None = None) -> None:
        """Offer the loaded policies; name the files that failed to load, and why."""
        self.registry = registry
        self.policy.blockSignals(True)
        self.policy.clear()
        for policy in registry:
            self.policy.addItem(f"{policy.meta.title} (versie {policy.meta.version})", policy.id)
        if not self.policy.count():
            self.policy.addItem(self.tr("Geen beleidsstukken beschikbaar"), None)
        preferred_policy = self.policy.findData(self.preferred[0])
        if preferred_policy >= 0:
            self.policy.setCurrentIndex(preferred_policy)
        self.policy.blockSignals(False)
        self.policy.setEnabled(bool(registry.policies))
        self.new_button.setEnabled(bool(registry.policies))
        if problems:
            self.problems.setText(
                self.tr("Niet geladen:") + "\n" + "\n".join(f"• {p}" for p in problems)
            )
        self.problems.setVisible(bool(problems))
        self._fill_care_types()

    def set_last_werkmap(self, folder: Path | None) -> None:
        """Offer the werkmap opened last, by its folder's name (the full path as tooltip)."""
        self.last_werkmap = folder
        if folder is not None:
            self.last_werkmap_button.setText(self.tr("Werkmap %1").replace("%1", folder.name))
            self.last_werkmap_button.setToolTip(str(folder))
        self.last_werkmap_button.setVisible(folder is not None)

    def _recent_activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.recent_requested.emit(Path(path))

    @property
    def role(self) -> str:
        return ROLE_PROVIDER if self.provider.isChecked() else ROLE_PURCHASER

    def _role_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._describe_role()
            self.role_changed.emit(self.role)

    def _describe_role(self) -> None:
        """The introduction speaks to whoever uses the application."""
        if self.role == ROLE_PROVIDER:
            text = self.tr(
                "Ga na of uw praktijk of organisatie in aanmerking komt voor een "
                "zorgovereenkomst met Caresq, voor welke overeenkomst, wat er nog ontbreekt en "
                "wat u kunt doen, met de paragraaf uit het inkoopbeleid bij elk punt."
            )
        else:
            text = self.tr(
                "Beoordeel een zorgaanbieder aan het inkoopbeleid van Caresq: per criterium ziet "
                "u de uitkomst, de reden en de paragraaf uit het beleid."
            )
        self.intro.setText(text)

    def prefer(self, policy_id: str, care_type: str) -> None:
        """Offer this policy and care type (the last ones chosen) from now on."""
        self.preferred = (policy_id, care_type)
        index = self.policy.findData(policy_id)
        if index >= 0:
            self.policy.setCurrentIndex(index)  # refills the care types, preferring ours
        care = self.care_type.findData(care_type)
        if care >= 0:
            self.care_type.setCurrentIndex(care)

    def set_back_available(self, available: bool) -> None:
        self.back_button.setVisible(available)

    def _fill_care_types(self) -> None:
        self.care_type.clear()
        policy_id = self.policy.currentData()
        if policy_id is None or self.registry is None:
            return
        for care in self.registry.get(policy_id).care_types.values():
            self.care_type.addItem(care.spec.label, care.id)
        preferred_care = self.care_type.findData(self.preferred[1])
        if preferred_care >= 0:
            self.care_type.setCurrentIndex(preferred_care)

    def _describe(self) -> None:
        policy_id, care_id = self.policy.currentData(), self.care_type.currentData()
        if policy_id is None or care_id is None or self.registry is None:
            self.description.clear()
            return
        self.description.setText(self.registry.get(policy_id).care_types[care_id].spec.description)

    def _new_clicked(self) -> None:
        policy_id, care_id = self.policy.currentData(), self.care_type.currentData()
        if policy_id and care_id:
            self.new_requested.emit(policy_id, care_id)

    def set_recent(self, files: list[Path]) -> None:
        self.recent.clear()
        if not files:
            placeholder = QListWidgetItem(self.tr("Nog geen recente bestanden."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(placeholder)
        for path in files:
            item = QListWidgetItem(f"{path.name}  —  {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent.addItem(item)
