"""Which writer writes a summary (excel/writers.py): rustpy-xlsxwriter for a long one when it is
installed and not turned off, XlsxWriter otherwise; both give the same cells."""

from __future__ import annotations

import sys
from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from caresq_desk.excel import writers
from caresq_desk.excel.summary import SummarySheet


def sheets() -> list[SummarySheet]:
    rows = [
        (["=1+1", "04000001", True, 3, 2.5, date(2026, 1, 2), None], None),
        (["Praktijk", None, False, None, None, None, "x" * 40_000], None),
    ]
    headers = [(name, 12) for name in ("Naam", "AGB", "Ja", "Getal", "Komma", "Datum", "Lang")]
    stamp = [(["Geëxporteerd op", datetime(2026, 12, 6, 9, 30)], None)]
    return [
        SummarySheet("Overzicht", headers, rows, {1: "@", 5: "dd-mm-yyyy"}),
        SummarySheet("Beleid", [("Wat", 20), ("Wanneer", 20)], stamp, {1: "dd-mm-yyyy hh:mm"},
                     filtered=False),
    ]  # fmt: skip


@pytest.mark.parametrize("rows", [0, writers.FAST_FROM - 1])
def test_a_short_summary_is_written_by_xlsxwriter(rows: int) -> None:
    assert writers.write_sheets(BytesIO(), sheets(), rows) == "xlsxwriter"


def test_a_long_summary_uses_the_fast_writer_unless_it_is_turned_off_or_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("rustpy_xlsxwriter")
    assert writers.write_sheets(BytesIO(), sheets(), writers.FAST_FROM) == "rustpy-xlsxwriter"
    monkeypatch.setenv(writers.WRITER_SETTING, "xlsxwriter")
    assert writers.write_sheets(BytesIO(), sheets(), writers.FAST_FROM) == "xlsxwriter"
    monkeypatch.delenv(writers.WRITER_SETTING)
    monkeypatch.setitem(sys.modules, "rustpy_xlsxwriter", None)  # as if not installed
    assert writers.write_sheets(BytesIO(), sheets(), writers.FAST_FROM) == "xlsxwriter"


def _cells(rows: int) -> list[list[object]]:
    target = BytesIO()
    writers.write_sheets(target, sheets(), rows)
    workbook = load_workbook(target)
    return [[cell.value for cell in row] for sheet in workbook for row in sheet.iter_rows()]


def test_both_writers_write_the_same_values(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rustpy_xlsxwriter")
    fast = _cells(writers.FAST_FROM)
    monkeypatch.setenv(writers.WRITER_SETTING, "xlsxwriter")
    assert fast == _cells(writers.FAST_FROM)
    assert fast[1][:3] == ["=1+1", "04000001", "ja"]  # text stays text, a boolean reads ja/nee
    assert len(str(fast[2][6])) == 32_000  # a text within Excel's limit
    assert fast[-1][1] == datetime(2026, 12, 6, 9, 30)
