"""What the cell values of a sheet do not tell, found by one streaming scan of its XML: merged
cells, formulas saved without a computed value (LibreOffice and scripts can save those; they
read as empty), error values such as #N/A (python-calamine reads them as empty too), cells in a
percentage format (Excel stores "80%" as 0.8) and the last row.

The scan reads the sheet in chunks, so a 100,000-row list is never held in memory, and runs a
pattern over a chunk only when a quick search finds what it looks for. The file passed the
guard (excel/guard.py) first: no DOCTYPE, no entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

CHUNK = 1 << 20
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+):([A-Z]+[0-9]+)\"")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb"\br=\"([A-Z]+[0-9]+)\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
# A saved result: a <v> with content, or an inline string. "<v/>" or "<v></v>" is no result.
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|<(?:\w+:)?is\b")
_ERROR_TYPE = re.compile(rb"\bt=\"e\"")
_ERROR_TEXT = re.compile(rb"<(?:\w+:)?v>([^<]{1,40})<")
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]+)\"")


@dataclass(frozen=True)
class MergedRange:
    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @property
    def label(self) -> str:
        from openpyxl.utils import get_column_letter

        start = f"{get_column_letter(self.first_column)}{self.first_row}"
        end = f"{get_column_letter(self.last_column)}{self.last_row}"
        return f"{start}:{end}"


@dataclass
class SheetScan:
    merged: list[MergedRange] = field(default_factory=list)
    # (row, column) of cells that hold a formula but no saved result.
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    # (row, column) -> the error a cell shows ("#N/A", "#DEEL/0!" in a Dutch Excel: "#DIV/0!").
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, column) -> number format, for the cells whose format shows a percentage.
    percent_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    last_row: int = 0


def _position(reference: bytes) -> tuple[int, int]:
    letters, row = coordinate_from_string(reference.decode("ascii"))
    return row, column_index_from_string(letters)


def scan_sheet(stream: IO[bytes], percent_styles: dict[str, str] | None = None) -> SheetScan:
    """Scan a worksheet XML stream in chunks (a cell is never split across two chunks).
    ``percent_styles``: cell style index -> number format, for the percentage formats."""
    scan = SheetScan()
    styled = _styled_pattern(percent_styles or {})
    pending = b""
    while True:
        chunk = stream.read(CHUNK)
        data = pending + chunk
        if not chunk:
            _scan_part(data, scan, styled, percent_styles or {})
            return scan
        # Keep the tail after the last complete element for the next round.
        cut = data.rfind(b"</row>")
        cut = data.rfind(b">") if cut < 0 else cut + len(b"</row>")
        if cut <= 0:
            pending = data
            continue
        _scan_part(data[:cut], scan, styled, percent_styles or {})
        pending = data[cut:]


def _styled_pattern(percent_styles: dict[str, str]) -> re.Pattern[bytes] | None:
    if not percent_styles:
        return None
    styles = b"|".join(re.escape(index.encode("ascii")) for index in percent_styles)
    return re.compile(rb"<(?:\w+:)?c\b([^>]*?\bs=\"(?:" + styles + rb")\"[^>]*)>")


def _last_row(data: bytes) -> int:
    """The number of the last row element in ``data`` (0: none); a search from the end, since
    a pattern over every row costs a tenth of a second per 10,000 rows."""
    position = data.rfind(b"row ")
    while position > 0:
        if data[position - 1 : position] in (b"<", b":"):
            row = _ROW.match(data, data.rfind(b"<", 0, position))
            if row:
                return int(row.group(1))
        position = data.rfind(b"row ", 0, position)
    return 0


def _scan_part(
    data: bytes, scan: SheetScan, styled: re.Pattern[bytes] | None, styles: dict[str, str]
) -> None:
    for match in _MERGE.finditer(data):
        (first_row, first_column), (last_row, last_column) = (
            _position(match.group(1)),
            _position(match.group(2)),
        )
        scan.merged.append(MergedRange(first_row, first_column, last_row, last_column))
    scan.last_row = max(scan.last_row, _last_row(data))
    if styled is not None and any(f's="{index}"'.encode() in data for index in styles):
        for match in styled.finditer(data):
            reference, style = _REF.search(match.group(1)), re.search(rb'\bs="(\d+)"', match[1])
            if reference and style:
                scan.percent_formats[_position(reference[1])] = styles[style[1].decode()]
    has_formula, has_error = _FORMULA.search(data), b't="e"' in data
    if not (has_formula or has_error):
        return
    for match in _CELL.finditer(data):
        attributes, body = match.group(1), match.group(3) or b""
        reference = _REF.search(attributes)
        if reference is None:
            continue
        if has_formula and _FORMULA.search(body) and not _VALUE.search(body):
            scan.uncached_formulas.add(_position(reference.group(1)))
        elif has_error and _ERROR_TYPE.search(attributes):
            text = _ERROR_TEXT.search(body)
            shown = text[1].decode("utf-8", "replace") if text else "#"
            scan.errors[_position(reference[1])] = shown
