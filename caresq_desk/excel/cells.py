"""Cell rules shared by the workbooks the app writes.

Any text that came from a user or an input file and starts like a formula (=, +, -, @, tab or
carriage return) is written as a plain string with Excel's quote prefix: it shows exactly as typed
and is never evaluated, not even after the user edits the cell.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_000  # Excel's limit is 32,767 characters


def set_text(cell: Cell, value: str | None) -> None:
    """Text that must stay text even when it looks like a number (an AGB code keeps its zero)."""
    cell.value = value
    cell.number_format = "@"
    if value is not None:
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
