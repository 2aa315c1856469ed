"""Writing cells so that Excel shows values and never runs them.

Any text that came from a user or an input file and starts like a formula (=, +, -, @, tab or
carriage return) is written as a plain string with Excel's quote prefix: it shows exactly as typed
and is never evaluated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_000  # Excel's limit is 32,767 characters


def set_value(cell: Cell, value: Any) -> None:
    """Numbers as numbers, dates as dates, text as text that is never a formula."""
    if value is None:
        cell.value = None
        return
    if isinstance(value, bool):
        cell.value = "ja" if value else "nee"
        return
    if isinstance(value, int | float | date):
        cell.value = value
        if isinstance(value, date):
            cell.number_format = "dd-mm-yyyy"
        return
    text = str(value)[:MAX_CELL_TEXT]
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def set_text(cell: Cell, value: str | None) -> None:
    """Text that must stay text even when it looks like a number (an AGB code keeps its zero)."""
    cell.value = value
    if value is not None:
        cell.data_type = "s"
        cell.number_format = "@"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def write_only_cell(sheet: Any, value: Any, *, text: bool = False) -> Cell:
    """A cell for a write-only (streamed) sheet, made safe the same way as ``set_value``."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet)
    if text:
        set_text(cell, None if value is None else str(value))
    else:
        set_value(cell, value)
    return cell


def plain_or_cell(sheet: Any, value: Any) -> Any:
    """What to append to a streamed row: the value itself when openpyxl writes it as is (the
    fast path), a safe cell when it needs a format or could be read as a formula."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and not value.startswith(FORMULA_STARTS):
        return value[:MAX_CELL_TEXT]
    return write_only_cell(sheet, value)
