"""GUI test support: the real main window with scripted answers to every dialog."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from caresq_desk.core.policy.registry import Registry
from caresq_desk.gui.app import create_application
from caresq_desk.gui.editors import (
    ChoiceEditor,
    MultipleChoiceEditor,
    NumberEditor,
    TableEditor,
    YesNoEditor,
)
from caresq_desk.gui.main_window import MainWindow
from caresq_desk.gui.settings import Settings

ASSESSOR = "Ineke Inkoper"


@dataclass
class FakePrompts:
    """Answers the window's questions as a test scripts them, and records what it was told."""

    unsaved_answer: str = "weggooien"
    open_answer: Path | None = None
    excel_open_answer: Path | None = None
    excel_save_answer: Path | None = None
    save_answer: Path | None = None
    open_many_answer: list[Path] = field(default_factory=list)
    recover_answer: str = "herstellen"
    recover_offered: list[tuple[str, bool]] = field(default_factory=list)
    file_changed_answer: str = "annuleren"
    confirm_answer: bool = True
    read_only_answer: bool = False
    open_locked_answer: bool = False
    asked: list[str] = field(default_factory=list)
    folder: Path | None = None
    pdf_answer: Path | None = None
    layout_answer: str = "een"
    folder_answer: Path | None = None
    printed: list[list[tuple[str, str]]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    asked_unsaved: int = 0
    text_answers: list[str | None] = field(default_factory=list)
    decision_answer: tuple[str, str] | None = None
    option_answer: str | None = None

    def ask_text(self, title: str, text: str, initial: str, multiline: bool = False) -> str | None:
        self.asked.append(f"text:{title}")
        return self.text_answers.pop(0) if self.text_answers else None

    def choose_option(self, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
        self.asked.append(f"option:{title}:{[value for value, _ in options]}")
        return self.option_answer

    def ask_decision(self, explanation: str, current: tuple[str, str] | None):
        self.asked.append(f"decision:{current}")
        return self.decision_answer

    def unsaved_changes(self, name: str) -> str:
        self.asked_unsaved += 1
        return self.unsaved_answer

    def open_path(self, folder: Path) -> Path | None:
        return self.open_answer

    def save_path(self, suggested: Path) -> Path | None:
        self.asked.append(f"save:{suggested}")
        return self.save_answer

    def open_excel(self) -> Path | None:
        return self.excel_open_answer

    def open_paths(self, folder: Path) -> list[Path]:
        return self.open_many_answer

    def save_excel(self, title: str, suggested: str) -> Path | None:
        self.asked.append(f"excel:{suggested}")
        return self.excel_save_answer

    def error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def info(self, title: str, text: str) -> None:
        self.infos.append((title, text))

    def recover(self, items: list[tuple[str, bool]]) -> list[str]:
        self.recover_offered = items
        return [self.recover_answer if ok else "weggooien" for _, ok in items]

    def for_window(self, parent) -> FakePrompts:
        return FakePrompts()

    def file_changed(self, name: str, removed: bool) -> str:
        self.asked.append(f"file_changed:{name}:{removed}")
        return self.file_changed_answer

    def save_pdf(self, suggested: str) -> Path | None:
        self.asked.append(f"pdf:{suggested}")
        return self.pdf_answer

    def report_layout(self, count: int) -> str:
        return self.layout_answer if count > 1 else "een"

    def choose_folder(self, title: str) -> Path | None:
        return self.folder_answer

    def print_preview(self, documents: list[tuple[str, str]]) -> None:
        self.printed.append(documents)

    def confirm(self, title: str, text: str, action: str) -> bool:
        self.asked.append(f"confirm:{title}")
        return self.confirm_answer

    def confirm_read_only(self, name: str) -> bool:
        self.asked.append(f"read_only:{name}")
        return self.read_only_answer

    def open_locked(self, name: str, who: str) -> bool:
        self.asked.append(f"locked:{name}:{who}")
        return self.open_locked_answer


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def window(qtbot, registry: Registry, prompts: FakePrompts) -> MainWindow:
    create_application([])
    settings = Settings()
    settings.assessor = ASSESSOR  # asked once; its own test covers the asking
    main = MainWindow(registry, settings, prompts)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    prompts.unsaved_answer = "weggooien"  # let teardown close the window


def start_new(
    qtbot, window: MainWindow, care_type: str, policy_id: str = "paramedische-zorg-2026"
) -> None:
    start = window.start
    start.policy.setCurrentIndex(start.policy.findData(policy_id))
    start.care_type.setCurrentIndex(start.care_type.findData(care_type))
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    assert window.document is not None


def click_box(qtbot, box: QCheckBox) -> None:
    """Click on the check box's indicator: a wide box ignores clicks beside its text."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def answer(qtbot, window: MainWindow, question_id: str, value: Any) -> None:
    """Answer one question the way a user would: click, type, choose."""
    assert window.document is not None
    row = window.document.form.rows[question_id]
    assert row.isVisible(), f"{question_id} is not shown"
    editor = row.editor
    if isinstance(editor, YesNoEditor):
        qtbot.mouseClick(editor.yes if value else editor.no, Qt.MouseButton.LeftButton)
    elif isinstance(editor, NumberEditor):
        editor.edit.clear()
        qtbot.keyClicks(editor.edit, str(value).replace(".", ","))
    elif isinstance(editor, ChoiceEditor):
        editor.combo.setCurrentIndex(editor.combo.findData(value))
    elif isinstance(editor, MultipleChoiceEditor):
        for option, box in editor.boxes.items():
            if (option in value) != box.isChecked():
                click_box(qtbot, box)
    elif isinstance(editor, TableEditor):
        for row_values in value:
            qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
            row_index = editor.table.rowCount() - 1
            for column_index, column in enumerate(editor.columns):
                cell = editor.table.cellWidget(row_index, column_index)
                cell_value = row_values.get(column.id)
                if isinstance(cell, QComboBox):
                    cell.setCurrentIndex(
                        next(
                            i
                            for i in range(cell.count())
                            if type(cell.itemData(i)) is type(cell_value)
                            and cell.itemData(i) == cell_value
                        )
                    )
                elif isinstance(cell, QLineEdit) and cell_value is not None:
                    qtbot.keyClicks(cell, str(cell_value).replace(".", ","))
    else:
        raise AssertionError(f"no way to answer {question_id}")


def saved_new(qtbot, window: MainWindow, prompts: FakePrompts, path: Path) -> Path:
    """A new fysiotherapie assessment with its behandelindex answered, saved as ``path``: where
    the workflow and history tests start."""
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "behandelindex", 120)
    prompts.save_answer = path
    assert window.save()
    return path


def banner(window: MainWindow) -> str:
    assert window.document is not None
    return window.document.panel.banner.text()
