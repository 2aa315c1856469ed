"""What openpyxl's read-only mode does not tell: merged cells, and formulas saved without a
computed value (LibreOffice and scripts can save those; read with ``data_only`` they look empty).

Both are found by one streaming scan of the worksheet's XML, so a 100,000-row list is never held
in memory. The XML was already parsed safely (defusedxml) by openpyxl before this runs.
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


def _position(reference: bytes) -> tuple[int, int]:
    letters, row = coordinate_from_string(reference.decode("ascii"))
    return row, column_index_from_string(letters)


def scan_sheet(stream: IO[bytes]) -> SheetScan:
    """Scan a worksheet XML stream in chunks (a cell is never split across two chunks)."""
    scan = SheetScan()
    pending = b""
    while True:
        chunk = stream.read(CHUNK)
        data = pending + chunk
        if not chunk:
            _scan_part(data, scan)
            return scan
        # Keep the tail after the last complete element for the next round.
        cut = data.rfind(b"</row>")
        cut = data.rfind(b">") if cut < 0 else cut + len(b"</row>")
        if cut <= 0:
            pending = data
            continue
        _scan_part(data[:cut], scan)
        pending = data[cut:]


def _scan_part(data: bytes, scan: SheetScan) -> None:
    for match in _MERGE.finditer(data):
        (first_row, first_column), (last_row, last_column) = (
            _position(match.group(1)),
            _position(match.group(2)),
        )
        scan.merged.append(MergedRange(first_row, first_column, last_row, last_column))
    if not _FORMULA.search(data):
        return
    for match in _CELL.finditer(data):
        body = match.group(3) or b""
        if _FORMULA.search(body) and not _VALUE.search(body):
            reference = _REF.search(match.group(1))
            if reference:
                scan.uncached_formulas.add(_position(reference.group(1)))
