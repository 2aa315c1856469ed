"""Menus from a list of entries, so a window's menu bar reads as a table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None
MenuEntry = tuple[str, Callable[[], object], Shortcut]


def add_menu(
    bar: QMenuBar, title: str, entries: list[MenuEntry | None]
) -> tuple[QMenu, list[QAction]]:
    """A menu of (text, slot, shortcut) entries, None for a separator; returns its actions."""
    menu = bar.addMenu(title)
    return menu, add_entries(menu, entries)


def add_entries(menu: QMenu, entries: list[MenuEntry | None]) -> list[QAction]:
    """Entries added to ``menu``; their actions, in order."""
    actions = []
    for entry in entries:
        if entry is None:
            menu.addSeparator()
            continue
        text, slot, shortcut = entry
        action = menu.addAction(text)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        actions.append(action)
    return actions
