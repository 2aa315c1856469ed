"""Writing the summary's sheets (excel/summary.py) to an .xlsx, with one of two writers.

XlsxWriter, in constant-memory mode, writes cell by cell from Python: about 10 µs a cell, two
seconds for a 10,000-row list. rustpy-xlsxwriter (Rust) writes the same rows in a tenth of that
(benchmarks/bench_batch.py), so a long list uses it when it is installed. It is young, so it is
optional and only used for long summaries (``FAST_FROM`` rows); ``CARESQ_DESK_EXCEL_WRITER=
xlsxwriter`` turns it off. Both write the same values, widths, header, filters and print layout;
no text ever becomes a formula (XlsxWriter: ``write_string``, and a quote prefix on what starts
like one; rustpy: strings are strings, and every column carries the quote prefix). One
difference: rustpy colours the Uitkomst cells with conditional formats (by the text they show),
XlsxWriter with a fill per cell; Excel and LibreOffice show the same colours.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import IO, Any

import xlsxwriter

from caresq_desk.excel.cells import FORMULA_STARTS, MAX_CELL_TEXT
from caresq_desk.excel.summary import DATE, MOMENT, TEXT, WRAPPED, SummarySheet

WRITER_SETTING = "CARESQ_DESK_EXCEL_WRITER"
FAST_FROM = 1_000  # Overzicht rows; a shorter summary is written by XlsxWriter
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    # Belt and braces: write_string never makes formulas, numbers or links of text anyway.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
HEADER_HEIGHT = 32  # two lines: no header is cut off
A4 = 9
# Print layout: A4 landscape, fit to the page width, the header on every page.
PAGE = {"landscape": True, "paper_size": A4, "fit_to_pages": (1, 0), "repeat_rows": 0}


def fast_writer_available() -> bool:
    if os.environ.get(WRITER_SETTING, "").strip().lower() == "xlsxwriter":
        return False
    try:
        import rustpy_xlsxwriter  # noqa: F401
    except Exception:  # missing, or broken (a bundle without its metadata raises another kind)
        return False
    return True


def write_sheets(target: IO[bytes], sheets: list[SummarySheet], rows: int) -> str:
    """Write the sheets; returns the writer's name (``rows``: the Overzicht's row count)."""
    if rows >= FAST_FROM and fast_writer_available():
        _write_with_rust(target, sheets)
        return "rustpy-xlsxwriter"
    _write_with_xlsxwriter(target, sheets)
    return "xlsxwriter"


def _plain(value: Any) -> Any:
    """A value as a cell holds it: ja/nee for a boolean, a text within Excel's limit."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        return value[:MAX_CELL_TEXT]
    return value


# -- XlsxWriter ----------------------------------------------------------------------------------


class _Cells:
    """Cell writing with one rule set: numbers as numbers, dates as dates, text never a formula."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.quoted = workbook.add_format({"quote_prefix": True})
        self.text = workbook.add_format({"num_format": TEXT})
        self.quoted_text = workbook.add_format({"num_format": TEXT, "quote_prefix": True})
        self.date = workbook.add_format({"num_format": DATE})
        self.moment = workbook.add_format({"num_format": MOMENT})
        self.fills: dict[str, Any] = {}

    def fill(self, colour: str) -> Any:
        if colour not in self.fills:
            self.fills[colour] = self.workbook.add_format({"bg_color": colour, "pattern": 1})
        return self.fills[colour]

    def value(self, sheet: Any, row: int, column: int, value: Any, style: Any = None) -> None:
        value = _plain(value)
        if value is None:
            if style is not None:
                sheet.write_blank(row, column, None, style)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value, style)
        elif isinstance(value, datetime):
            sheet.write_datetime(row, column, value, self.moment)
        elif isinstance(value, date):
            sheet.write_datetime(row, column, value, self.date)
        else:
            text = str(value)
            if style is None and text.startswith(FORMULA_STARTS):
                style = self.quoted
            sheet.write_string(row, column, text, style)

    def code(self, sheet: Any, row: int, column: int, code: Any) -> None:
        """A code that must stay text (an AGB code keeps its leading zero)."""
        if code is not None:
            text = str(code)
            quoted = text.startswith(FORMULA_STARTS)
            sheet.write_string(row, column, text, self.quoted_text if quoted else self.text)


def _write_with_xlsxwriter(target: IO[bytes], sheets: list[SummarySheet]) -> None:
    workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    cells = _Cells(workbook)
    for spec in sheets:
        sheet = workbook.add_worksheet(spec.title)
        for column, (name, width) in enumerate(spec.headers):
            sheet.set_column(column, column, width, cells.wrapped if name in WRAPPED else None)
            sheet.write_string(0, column, name, cells.header)
        sheet.set_row(0, HEADER_HEIGHT)
        sheet.freeze_panes(1, 0)
        sheet.set_landscape()
        sheet.set_paper(A4)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        codes = {
            column for column, number_format in spec.number_formats.items() if number_format == TEXT
        }
        line = 0
        for line, (values, colour) in enumerate(spec.rows, start=1):
            for column, value in enumerate(values):
                if column in codes:
                    cells.code(sheet, line, column, value)
                elif column == spec.fill_column and colour is not None:
                    cells.value(sheet, line, column, value, cells.fill(colour))
                else:
                    cells.value(sheet, line, column, value)
        if spec.filtered:
            sheet.autofilter(0, 0, line, len(spec.headers) - 1)
    workbook.close()


# -- rustpy-xlsxwriter ---------------------------------------------------------------------------


def _write_with_rust(target: IO[bytes], sheets: list[SummarySheet]) -> None:
    import rustpy_xlsxwriter as rust

    header = rust.Format().set_bold().set_text_wrap().set_align("top")

    def column_format(name: str, number_format: str | None) -> Any:
        made = rust.Format().set_quote_prefix()
        if name in WRAPPED:
            made = made.set_text_wrap().set_align("top")
        return made.set_num_format(number_format) if number_format else made

    def records(spec: SummarySheet) -> Any:
        names = [name for name, _ in spec.headers]
        wrote = False
        for values, _colour in spec.rows:
            wrote = True
            yield dict(zip(names, map(_plain, values), strict=True))
        if not wrote:  # a record without values writes the header alone
            yield dict.fromkeys(names)

    def fill_rules(spec: SummarySheet) -> dict[str, Any]:
        if spec.fill_column is None:
            return {}
        # A longer text first: "Voldoet niet" must not take the colour of "Voldoet".
        rules = [
            {
                "type": "text",
                "criteria": "begins_with",
                "value": text,
                "format": rust.Format().set_background_color(colour).set_pattern("solid"),
            }
            for text, colour in sorted(spec.fills.items(), key=lambda item: -len(item[0]))
        ]
        return {spec.headers[spec.fill_column][0]: rules}

    rust.write_worksheets(
        [(spec.title, records(spec)) for spec in sheets],
        target,
        datetime_format=DATE,
        freeze_panes={"general": {"row": 1, "col": 0}},
        column_widths={spec.title: [width for _, width in spec.headers] for spec in sheets},
        column_formats={
            spec.title: {
                name: column_format(name, spec.number_formats.get(column))
                for column, (name, _) in enumerate(spec.headers)
            }
            for spec in sheets
        },
        header_format={spec.title: header for spec in sheets},
        row_heights={spec.title: {0: HEADER_HEIGHT} for spec in sheets},
        autofilter={spec.title: spec.filtered for spec in sheets},
        page_setup={spec.title: PAGE for spec in sheets},
        conditional_formats={spec.title: fill_rules(spec) for spec in sheets},
    )
