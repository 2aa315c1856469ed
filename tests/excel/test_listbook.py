"""The provider list reader (excel/listbook.py, issue 21): python-calamine reads the values, the
scan of the sheet's XML what calamine does not tell. A value is read as the user saw it, and as
openpyxl read it before: nothing the user typed turns into an empty cell on the way."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from caresq_desk.excel import importer
from caresq_desk.excel.guard import UnsafeWorkbookError
from caresq_desk.excel.importer import read_provider_list
from caresq_desk.excel.listbook import ListBook, as_read
from tests.excel.test_excel import REGISTRY, ROW, filled_list, zip_with
from tests.excel.test_lists import CI, NACHTZORG, column_of, edit, label, practices


def test_whole_numbers_are_ints_and_empty_cells_none() -> None:
    assert as_read(125.0) == 125 and isinstance(as_read(125.0), int)
    assert as_read(12.5) == 12.5 and as_read("") is None and as_read("  ") == "  "
    assert as_read(True) is True and isinstance(as_read(1e20), float)  # beyond exact ints


def test_an_error_value_is_named_not_read_as_empty(tmp_path: Path) -> None:
    def error(sheet: Any) -> None:
        cell = sheet.cell(row=4, column=column_of(sheet, label("behandelindex")))
        cell.value, cell.data_type = "#N/A", "e"

    imported = read_provider_list(edit(filled_list(tmp_path, practices(2)), error), REGISTRY)
    [refused] = imported.refused
    assert refused.row == 4 and "#N/A" in str(refused.problems[0])
    assert len(imported.assessments) == 1


@pytest.mark.parametrize("number_format", ["0%", "0.0%", "0.00%"])
def test_a_percentage_format_of_any_kind_is_read_as_a_percentage(
    tmp_path: Path, number_format: str
) -> None:
    row = {**NACHTZORG, "zvw_aandeel": 0.8}
    path = filled_list(
        tmp_path, [row], CI, "wijkverpleging_nachtzorg", {"zvw_aandeel": number_format}
    )
    imported = read_provider_list(path, REGISTRY)
    [(_, assessment)] = imported.assessments
    assert assessment.answers["zvw_aandeel"] == 80
    assert not any("bedoelt u" in warning.message for warning in imported.warnings)


def test_numbers_dates_and_texts_read_as_before(tmp_path: Path) -> None:
    imported = read_provider_list(filled_list(tmp_path, [ROW]), REGISTRY)
    [(_, assessment)] = imported.assessments
    assert type(assessment.answers["behandelindex"]) is int
    assert assessment.provider.agb_code == ROW["provider.agb_code"]  # text keeps its zero
    assert assessment.answers["beroep_verbonden"] is True


def test_a_merged_range_below_the_last_value_still_counts(tmp_path: Path) -> None:
    rows = [{**r, "provider.location": None} for r in practices(3)]

    def merge_down(sheet: Any) -> None:
        column = column_of(sheet, "Vestigingsplaats")
        sheet.cell(row=5, column=column, value="Utrecht")
        sheet.merge_cells(start_row=5, start_column=column, end_row=7, end_column=column)

    imported = read_provider_list(edit(filled_list(tmp_path, rows), merge_down), REGISTRY)
    # Rows 6 and 7 hold only the merged value, past the last row with a value of its own: each
    # is still read, as the user sees a value there.
    assert imported.rows_read == 5
    located = {number: a.provider.location for number, a in imported.assessments}
    assert located[6] == located[7] == "Utrecht"


def test_too_many_rows_are_refused_before_the_cells_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    path = filled_list(tmp_path, practices(20))

    rows = ListBook.rows

    def hidden_sheet_only(book: ListBook, name: str) -> list[list[Any]]:
        assert name == "_kolommen", "the list's cells were read"
        return rows(book, name)

    monkeypatch.setattr(ListBook, "rows", hidden_sheet_only)
    with pytest.raises(UnsafeWorkbookError, match="meer dan 3 rijen"):
        read_provider_list(path, REGISTRY)


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/styles.xml", "[Content_Types].xml"]
)
def test_a_doctype_in_any_part_is_refused_before_it_is_parsed(tmp_path: Path, part: str) -> None:
    path = filled_list(tmp_path, [ROW])
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members[part] = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        + members[part].split(b"?>", 1)[-1]
    )
    with pytest.raises(UnsafeWorkbookError, match="declareert XML-entiteiten"):
        read_provider_list(zip_with(tmp_path / "bom.xlsx", members), REGISTRY)


def test_a_damaged_part_is_one_clear_refusal(tmp_path: Path) -> None:
    path = filled_list(tmp_path, [ROW])
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"][:500]
    with pytest.raises(UnsafeWorkbookError, match="beschadigd"):
        read_provider_list(zip_with(tmp_path / "kapot.xlsx", members), REGISTRY)


def test_sheets_are_found_through_the_workbook_relations(tmp_path: Path) -> None:
    path = filled_list(tmp_path, [ROW])
    workbook = load_workbook(path)
    workbook.move_sheet("_kolommen", offset=-1)  # the hidden sheet first: other part names
    workbook.save(path)
    book = ListBook(path)
    try:
        assert {"Beoordelingen", "_kolommen"} <= set(book.sheet_names)
        assert book.rows("_kolommen")[0][:2] == ["paramedische-zorg-2026", "fysiotherapie"]
    finally:
        book.close()
    assert len(read_provider_list(path, REGISTRY).assessments) == 1
