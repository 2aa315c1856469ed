"""A filled provider list as rows of values, read once.

python-calamine reads the cells, in Rust: a 10,000-row list in about 0.4 s, where openpyxl's
read-only mode took about 9 s (benchmarks/bench_batch.py, issue 21). What calamine does not tell
comes from one streaming scan of the sheet's XML (excel/sheetscan.py): merged cells, formulas
without a saved result, error values and percentage formats. The guard (excel/guard.py) checks
the file before either reads it.

``rows`` gives the values as calamine reads them (an empty cell is "", every number a float);
``as_read`` turns one into what openpyxl gave, as the importer expects: None, or an int for a
whole number. The importer calls it for the cells it reads, not for every empty one.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from caresq_desk.core.common.oserrors import describe_os_error
from caresq_desk.excel.guard import UnsafeWorkbookError, check_workbook
from caresq_desk.excel.sheetscan import SheetScan, scan_sheet

# Excel's built-in number formats that show a percentage (the others are named in styles.xml).
BUILTIN_PERCENT_FORMATS = {9: "0%", 10: "0.00%"}
LARGEST_EXACT_INT = 2**53


def unreadable(path: Path) -> UnsafeWorkbookError:
    return UnsafeWorkbookError(
        f"{path.name}: de werkmap kan niet veilig worden gelezen: ze is beschadigd of geen "
        "geldige Excel-werkmap (.xlsx); het bestand is niet gelezen"
    )


def _local(tag: str) -> str:
    """An XML name without its namespace (transitional and strict files name them apart)."""
    return tag.rsplit("}", 1)[-1]


class ListBook:
    """The sheets of an .xlsx by name: their values (``rows``) and their scan (``scan``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.values: dict[str, list[list[Any]]] = {}
        if path.is_dir():
            raise UnsafeWorkbookError(f"{path.name}: dit is een map, geen Excel-bestand")
        try:
            check_workbook(path)
            self.archive = zipfile.ZipFile(path)
        except OSError as error:
            raise UnsafeWorkbookError(
                f"{path.name}: kan niet lezen: {describe_os_error(error)}"
            ) from None
        except UnsafeWorkbookError:
            raise
        except Exception:  # a damaged zip raises many kinds; none may reach the user raw
            raise unreadable(path) from None
        try:
            self.parts = self._sheet_parts()
            self.percent_styles = self._percent_styles()
            self.book = CalamineWorkbook.from_path(str(path))
        except OSError as error:
            self.archive.close()
            raise UnsafeWorkbookError(
                f"{path.name}: kan niet lezen: {describe_os_error(error)}"
            ) from None
        except Exception:
            self.archive.close()
            raise unreadable(path) from None

    @property
    def sheet_names(self) -> list[str]:
        return list(self.parts)

    def close(self) -> None:
        self.archive.close()
        self.book.close()

    def rows(self, name: str) -> list[list[Any]]:
        """The values of a sheet from row 1 on (an empty cell is ""), read once."""
        if name not in self.values:
            try:
                sheet = self.book.get_sheet_by_name(name)
                self.values[name] = sheet.to_python(skip_empty_area=False)
            except Exception:
                raise unreadable(self.path) from None
        return self.values[name]

    def scan(self, name: str) -> SheetScan:
        try:
            with self.archive.open(self.parts[name]) as stream:
                return scan_sheet(stream, self.percent_styles)
        except Exception:
            raise unreadable(self.path) from None

    def _xml(self, part: str) -> ElementTree.Element:
        # The guard refused any part with a DOCTYPE, so no entity can be expanded here.
        with self.archive.open(part) as stream:
            return ElementTree.parse(stream).getroot()

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name -> the zip member of its XML, from the workbook and its relationships."""
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in self.archive.namelist():
            for relation in self._xml("xl/_rels/workbook.xml.rels"):
                target = relation.get("Target", "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[relation.get("Id", "")] = posixpath.normpath(member)
        parts: dict[str, str] = {}
        for element in self._xml("xl/workbook.xml").iter():
            if _local(element.tag) != "sheet":
                continue
            relation = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
            if relation in targets:
                parts[element.get("name", "")] = targets[relation]
        return parts

    def _percent_styles(self) -> dict[str, str]:
        """Cell style index -> number format, for the styles that show a percentage."""
        if "xl/styles.xml" not in self.archive.namelist():
            return {}
        root = self._xml("xl/styles.xml")
        named = dict(BUILTIN_PERCENT_FORMATS)
        cell_styles: list[ElementTree.Element] = []
        for element in root:
            if _local(element.tag) == "numFmts":
                for number_format in element:
                    code = number_format.get("formatCode", "")
                    named[int(number_format.get("numFmtId", "-1"))] = code
            elif _local(element.tag) == "cellXfs":
                cell_styles = list(element)
        found: dict[str, str] = {}
        for index, style in enumerate(cell_styles):
            code = named.get(int(style.get("numFmtId", "0")), "")
            if "%" in code:
                found[str(index)] = code
        return found


def as_read(value: Any) -> Any:
    """A value as openpyxl read it: None for an empty cell, an int for a whole number."""
    if isinstance(value, str) and not value:
        return None
    if type(value) is float and value.is_integer() and abs(value) < LARGEST_EXACT_INT:
        return int(value)
    return value
