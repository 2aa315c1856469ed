"""Keyboard focus is always visible (issue 22): walking the form with Tab as a keyboard user
does, every control that gets the focus looks different from how it looked without it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from caresq_desk.gui.main_window import MainWindow
from tests.gui.conftest import start_new


def walk_with_tab(qtbot, root: QWidget, steps: int) -> list[str]:
    """Tab ``steps`` times from the current focus; name every control whose look did not change
    when it got the focus."""
    unchanged = []
    seen: set[int] = set()
    for _ in range(steps):
        before = QApplication.focusWidget()
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is None or focused is before or id(focused) in seen:
            continue
        seen.add(id(focused))
        if not root.isAncestorOf(focused):
            continue
        looks = focused.grab().toImage()
        focused.clearFocus()  # the same control, without the focus
        plain = focused.grab().toImage()
        focused.setFocus(Qt.FocusReason.TabFocusReason)
        if looks == plain:
            name = focused.accessibleName() or getattr(focused, "text", lambda: "")()
            unchanged.append(f"{type(focused).__name__} {name}")
    return unchanged


def test_every_control_of_a_form_shows_it_has_the_focus(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    form = window.document.form
    form.name.setFocus(Qt.FocusReason.TabFocusReason)
    assert walk_with_tab(qtbot, form, 80) == []


def test_the_start_view_shows_where_the_focus_is(qtbot, window: MainWindow) -> None:
    window.show_start()
    window.start.care_type.setFocus(Qt.FocusReason.TabFocusReason)
    assert walk_with_tab(qtbot, window.start, 12) == []
