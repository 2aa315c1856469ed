"""A screen reader can use the application (issue 22): every control a user can reach has a
Dutch name in Qt's accessibility tree, the table cells say which column and row they are, and a
new outcome is announced. The real tree over AT-SPI is checked only where python3-pyatspi and a
session bus are present (not in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from caresq_desk.core.document.files import save_assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.gui.main_window import MainWindow
from tests.conftest import fysio, make_assessment
from tests.gui.conftest import FakePrompts, answer, start_new

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QPlainTextEdit, QTextEdit)  # fmt: skip


def nameless(root: QWidget) -> list[str]:
    """Every control a user can reach under ``root`` without an accessible name (Qt's own
    parts inside a control, named "qt_...", are the control's business)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if (
            not isinstance(widget, INTERACTIVE)
            or not widget.isVisibleTo(root.window())
            or widget.focusPolicy() == Qt.FocusPolicy.NoFocus
            or widget.objectName().startswith("qt_")
        ):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Name).strip():
            found.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    return found


def show_every_question(window: MainWindow) -> None:
    form = window.document.form
    for group in form.groups.values():
        group.show()
    for row in form.rows.values():
        row.show()


def test_every_control_of_every_form_has_a_name(
    qtbot, window: MainWindow, registry: Registry
) -> None:
    assert nameless(window) == []  # the start view
    missing = []
    for policy in registry:
        for care_type in policy.care_types:
            start_new(qtbot, window, care_type, policy.id)
            show_every_question(window)
            missing += [f"{policy.id}/{care_type}: {item}" for item in nameless(window)]
            window.document.session.dirty = False
    assert missing == []


def test_a_table_cell_says_its_column_and_row_and_follows_a_removed_row(
    qtbot, window: MainWindow
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "verbijzondering_invoer", "per_therapeut")
    table = window.document.form.rows["fysiotherapeuten"].editor
    for _ in range(3):
        qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    names = [table.table.cellWidget(row, 0).accessibleName().lower() for row in range(3)]
    assert names[2].endswith("fysiotherapeut 3") and names[0] != names[2]
    table.table.selectRow(0)
    qtbot.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert table.table.cellWidget(1, 0).accessibleName().lower().endswith("fysiotherapeut 2")


def test_a_yes_no_answer_says_which_question_it_belongs_to(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    row = window.document.form.rows["skf_keurmerk"]
    yes = QAccessible.queryAccessibleInterface(row.editor.yes)
    assert yes.text(QAccessible.Text.Name) == "Ja"
    assert yes.text(QAccessible.Text.Description) == row.question.spec.label


def test_a_new_outcome_is_announced(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caresq_desk.gui import result_panel

    told: list[str] = []
    monkeypatch.setattr(result_panel, "announce", lambda w: told.append(w.accessibleName()))
    start_new(qtbot, window, "fysiotherapie")
    before = list(told)
    answer(qtbot, window, "beroep_verbonden", False)  # an eis not met: a new outcome
    assert told != before
    assert told[-1] == f"Uitkomst: {window.document.panel.banner.text()}"
    count = len(told)
    answer(qtbot, window, "behandelindex", 120)  # the same outcome: nothing new to say
    assert len(told) == count


def test_the_werkmap_and_the_dialogs_name_every_control(
    qtbot, window: MainWindow, prompts: FakePrompts, registry: Registry, tmp_path: Path
) -> None:
    policy = registry.get("paramedische-zorg-2026")
    folder = tmp_path / "ronde"
    assessment = make_assessment(policy, "fysiotherapie", fysio())
    save_assessment(folder / "a.json", assessment, evaluate(policy, assessment), create_folder=True)
    (folder / "b.json").write_text(json.dumps({"kapot": True}))
    prompts.folder_answer = folder
    window.werkmap_action.trigger()
    werkmap = window.werkmap
    qtbot.addWidget(werkmap)
    qtbot.waitUntil(lambda: werkmap.model.rowCount() == 2, timeout=10_000)
    assert nameless(werkmap) == []
    from caresq_desk.gui.dialogs import DecisionDialog, TableDialog, TextDialog

    for dialog in (
        TextDialog(window, "Naam", "Uw naam", ""),
        TextDialog(window, "Reden", "Waarom?", "", multiline=True),
        DecisionDialog(window, "Uitleg", None),
        TableDialog(window, "Geschiedenis", "Alles", ["Wanneer", "Wie", "Wat"], [["1", "2", "3"]],
                    "leeg"),
    ):  # fmt: skip
        qtbot.addWidget(dialog)
        dialog.show()
        assert nameless(dialog) == [], type(dialog).__name__
        dialog.close()
    window.open_batch()
    assert nameless(window.batch_dialog) == []
    window.batch_dialog.close()
    start_new(qtbot, window, "fysiotherapie")
    window.check_action.trigger()
    qtbot.addWidget(window.check_dialog)
    assert nameless(window.check_dialog) == []


def test_the_tree_over_at_spi_where_it_can_be_read() -> None:
    """Optional: the real accessibility tree, as Orca reads it, under Xvfb with AT-SPI."""
    pyatspi = pytest.importorskip("pyatspi", reason="python3-pyatspi is not installed here")
    desktop = pyatspi.Registry.getDesktop(0)
    assert desktop is not None
