"""Provider lists as purchasers really make them: moved, inserted and deleted columns, a sorted
notes row, stale dimensions, merged cells, formulas, percentages, Dutch numbers, absurd values and
duplicates. Every input row is assessed or reported, in the import, the CLI and the summary."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from caresq_desk.cli import main
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.excel import importer
from caresq_desk.excel.export import build_workbook
from caresq_desk.excel.guard import UnsafeWorkbookError
from caresq_desk.excel.importer import read_provider_list
from caresq_desk.excel.template import LAST_ROW, write_template
from tests.core.test_zn_appendix import INDEXES, REQUEST
from tests.excel.test_excel import PZ, REGISTRY, ROW, filled_list

CI = REGISTRY.get("categorale-instellingen-2027")
NACHTZORG: dict[str, Any] = {
    "provider.name": "Thuiszorg De Nacht",
    "provider.agb_code": "75750001",
    "assessment.date": datetime(2026, 7, 1),
    **REQUEST,
    "datum_besproken": datetime(2026, 3, 15),
    "datum_businesscase": datetime(2026, 4, 28),
    "datum_volgverzoek": datetime(2026, 6, 30),
    "nieuwe_businesscase": "ja",
    **{k: ("ja" if v is True else v) for k, v in REQUEST.items() if isinstance(v, bool) and v},
    **INDEXES,
}


def practices(count: int) -> list[dict[str, Any]]:
    return [
        {**ROW, "provider.name": f"Praktijk {n}", "provider.agb_code": f"04{n:06d}",
         "behandelindex": 100 + n}
        for n in range(count)
    ]  # fmt: skip


def edit(path: Path, change) -> Path:
    """Open a list as a purchaser would, change it, save it."""
    workbook = load_workbook(path)
    change(workbook["Beoordelingen"])
    workbook.save(path)
    return path


def move_column(sheet, source: int, target: int) -> None:
    """Cut column ``source`` (1-based, header and data) and insert it before ``target``."""
    rows = [[(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
    for row in rows:
        row.insert(target - 1, row.pop(source - 1))
    put_rows(sheet, rows)


def put_rows(sheet, rows: list[list[tuple[Any, str]]]) -> None:
    """Write cells back with their formats, as Excel moves them together."""
    for r, row in enumerate(rows, start=1):
        for c, (value, number_format) in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value  # value=None in cell() would not clear it
            cell.number_format = number_format


def label(question_id: str) -> str:
    return PZ.care_types["fysiotherapie"].question_by_id[question_id].info.label


def column_of(sheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def verdicts(path: Path) -> dict[str, str]:
    imported = read_provider_list(path, REGISTRY)
    return {a.provider.name: evaluate(imported.policy, a).verdict for _, a in imported.assessments}


def accounted(path: Path, rows: int) -> importer.ImportResult:
    imported = read_provider_list(path, REGISTRY)
    assert imported.rows_read == rows, (imported.rows_read, rows)
    return imported


# -- rows that vanished ---------------------------------------------------------------------------


def test_deleted_notes_row_does_not_cost_the_first_provider(tmp_path: Path) -> None:
    path = edit(filled_list(tmp_path, practices(3)), lambda sheet: sheet.delete_rows(2))
    imported = accounted(path, 3)
    assert [number for number, _ in imported.assessments] == [2, 3, 4]


def test_notes_row_sorted_into_the_data_is_recognised(tmp_path: Path) -> None:
    def sort_notes_down(sheet) -> None:
        notes = [cell.value for cell in sheet[2]]
        first = [cell.value for cell in sheet[3]]
        for column, (a, b) in enumerate(zip(first, notes, strict=True), start=1):
            sheet.cell(row=2, column=column).value = a
            sheet.cell(row=3, column=column).value = b

    imported = accounted(edit(filled_list(tmp_path, practices(3)), sort_notes_down), 3)
    assert {a.provider.name for _, a in imported.assessments} == {
        "Praktijk 0",
        "Praktijk 1",
        "Praktijk 2",
    }


def test_stale_dimension_hides_no_rows(tmp_path: Path) -> None:
    path = filled_list(tmp_path, practices(50))
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', sheet
    )
    stale = tmp_path / "oud.xlsx"
    with zipfile.ZipFile(stale, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    assert len(accounted(stale, 50).assessments) == 50


def test_merged_cells_count_for_every_row_they_cover(tmp_path: Path) -> None:
    path = filled_list(tmp_path, [{**r, "provider.location": None} for r in practices(3)])

    def merge(sheet) -> None:
        column = column_of(sheet, "Vestigingsplaats")
        sheet.cell(row=3, column=column, value="Utrecht")
        sheet.merge_cells(start_row=3, start_column=column, end_row=5, end_column=column)

    imported = accounted(edit(path, merge), 3)
    assert [a.provider.location for _, a in imported.assessments] == ["Utrecht"] * 3
    assert any(
        "samengevoegde cellen" in w.message and "3 tot en met 5" in w.message
        for w in imported.warnings
    )


def test_formula_without_a_saved_result_is_named_not_read_as_empty(tmp_path: Path) -> None:
    def formula(sheet) -> None:
        sheet.cell(row=4, column=column_of(sheet, label("behandelindex")), value="=100+20")

    imported = accounted(edit(filled_list(tmp_path, practices(2)), formula), 2)
    [refused] = imported.refused
    assert refused.row == 4 and "formule zonder opgeslagen uitkomst" in refused.problems[0].message


def test_summary_has_every_input_row_with_reasons_and_warnings(tmp_path: Path, capsys) -> None:
    rows = practices(50)
    for n in (5, 17, 33):
        rows[n] = {**rows[n], "werkdagen_eerste_afspraak": "veel"}
    rows[40] = {**rows[40], "provider.agb_code": rows[41]["provider.agb_code"]}
    path = filled_list(tmp_path, rows)
    summary = tmp_path / "samenvatting.xlsx"
    assert main(["batch", str(path), "-o", str(summary)]) == 0
    out = capsys.readouterr()
    assert "47 van 50 rijen beoordeeld, 3 rijen geweigerd, 2 waarschuwingen" in out.out
    workbook = load_workbook(summary)
    overview = list(workbook["Overzicht"].iter_rows(min_row=2, values_only=True))
    assert len(overview) == 50
    refused = [row for row in overview if row[6] == "Niet beoordeeld"]
    assert [row[0] for row in refused] == ["Praktijk 5", "Praktijk 17", "Praktijk 33"]
    assert all("veel" in row[17] for row in refused)
    assert "staat ook in rij" in overview[40][17] and "staat ook in rij" in overview[41][17]
    notices = [row[0] for row in workbook["Meldingen"].iter_rows(min_row=2, values_only=True)]
    assert "lijst.xlsx, rij 8" in notices


def test_nothing_assessed_is_a_failure(tmp_path: Path, capsys) -> None:
    rows = [{**r, "werkdagen_eerste_afspraak": "veel"} for r in practices(2)]
    assert main(["batch", str(filled_list(tmp_path, rows)), "-o", str(tmp_path / "s.xlsx")]) == 1
    assert "0 van 2 rijen beoordeeld, 2 rijen geweigerd" in capsys.readouterr().out


def test_export_of_a_folder_goes_on_after_an_unreadable_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "map"
    assert main(["example", str(folder)]) == 0
    (folder / "000-kapot.json").write_text("{ kapot", encoding="utf-8")
    files = len(list(folder.glob("*.json")))
    summary = tmp_path / "s.xlsx"
    assert main(["export", str(folder), "-o", str(summary)]) == 0
    out = capsys.readouterr()
    assert (
        f"{files - 1} van {files} bestanden geëxporteerd" in out.out and "000-kapot.json" in out.err
    )
    overview = list(load_workbook(summary)["Overzicht"].iter_rows(min_row=2, values_only=True))
    assert len(overview) == files and overview[0][6] == "Niet beoordeeld"


def test_criteria_continue_on_a_new_sheet_at_the_row_limit(tmp_path: Path, writer: str) -> None:
    from io import BytesIO

    from caresq_desk.excel.export import ExportRow

    imported = read_provider_list(filled_list(tmp_path, practices(4)), REGISTRY)
    rows = [ExportRow(a, evaluate(imported.policy, a)) for _, a in imported.assessments]
    target = BytesIO()
    build_workbook(target, rows, sheet_rows=30)
    workbook = load_workbook(target)
    sheets = [name for name in workbook.sheetnames if name.startswith("Criteria")]
    assert len(sheets) > 1
    written = sum(workbook[name].max_row - 1 for name in sheets)
    expected = sum(
        1 for row in rows for c in row.result.criteria if c.outcome != "niet_van_toepassing"
    )
    assert written == expected and all(workbook[name].max_row <= 30 for name in sheets)


# -- answers on the wrong question ---------------------------------------------------------------


def test_swapped_columns_keep_their_answers(tmp_path: Path) -> None:
    path = filled_list(tmp_path, practices(5))
    before = verdicts(path)

    def swap(sheet) -> None:
        move_column(
            sheet,
            column_of(sheet, label("behandelindex")),
            column_of(sheet, label("werkdagen_eerste_afspraak")),
        )

    assert verdicts(edit(path, swap)) == before


def test_inserted_extra_and_deleted_columns_are_named(tmp_path: Path) -> None:
    path = filled_list(tmp_path, practices(2))

    def change(sheet) -> None:
        sheet.insert_cols(3)
        sheet.cell(row=1, column=3, value="Opmerking inkoper")
        sheet.cell(row=3, column=3, value="bellen")
        sheet.delete_cols(column_of(sheet, label("parkinson_zorg")))
        sheet.cell(row=3, column=sheet.max_column + 1, value="los")

    imported = accounted(edit(path, change), 2)
    messages = [str(w) for w in imported.warnings]
    assert any("Opmerking inkoper" in m and "hoort niet bij het sjabloon" in m for m in messages)
    assert any(label("parkinson_zorg") in m and "ontbreekt" in m for m in messages)
    assert any("geen kop van het sjabloon" in m for m in messages)
    assert len(imported.assessments) == 2  # nothing blamed on the wrong columns


def test_duplicated_column_is_refused(tmp_path: Path) -> None:
    def double(sheet) -> None:
        sheet.cell(row=1, column=sheet.max_column + 1, value=label("behandelindex"))

    with pytest.raises(UnsafeWorkbookError, match="behandelindex' staat er 2 keer in"):
        read_provider_list(edit(filled_list(tmp_path, practices(1)), double), REGISTRY)


@pytest.mark.parametrize("damage", ["delete_row", "blank_cell"])
def test_damaged_template_is_a_one_line_refusal(tmp_path: Path, damage: str, capsys) -> None:
    path = filled_list(tmp_path, practices(1))
    workbook = load_workbook(path)
    hidden = workbook["_kolommen"]
    if damage == "delete_row":
        hidden.delete_rows(2)
    else:
        hidden.cell(row=2, column=5).value = None
    workbook.save(path)
    assert main(["batch", str(path), "-o", str(tmp_path / "s.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "beschadigd" in err and "Importsjabloon maken" in err


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.permutations(list(range(1, 12))))
def test_permuted_columns_give_the_same_verdicts(tmp_path_factory, order: list[int]) -> None:
    folder = tmp_path_factory.mktemp("perm")
    rows = practices(4)
    rows[1] = {**rows[1], "behandelindex": 151}
    rows[2] = {**rows[2], "prem_extern": "nee"}
    path = filled_list(folder, rows)
    before = verdicts(path)

    def permute(sheet) -> None:
        values = [[(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
        put_rows(sheet, [[row[i - 1] for i in order] + row[len(order) :] for row in values])

    assert verdicts(edit(path, permute)) == before


# -- values that mean something else -------------------------------------------------------------


def nachtzorg_list(
    tmp_path: Path, rows: list[dict[str, Any]], percent_format: bool = False
) -> Path:
    formats = {"zvw_aandeel": "0%"} if percent_format else None
    return filled_list(tmp_path, rows, CI, "wijkverpleging_nachtzorg", formats)


def test_percentage_cells_and_dutch_numbers(tmp_path: Path) -> None:
    rows = [
        {**NACHTZORG, "zvw_aandeel": 0.8, "begroting": "250.000"},
        {**NACHTZORG, "provider.agb_code": "75750002", "zvw_aandeel": 0.8, "begroting": "1.200,50"},
    ]
    imported = read_provider_list(nachtzorg_list(tmp_path, rows, percent_format=True), REGISTRY)
    answers = [a.answers for _, a in imported.assessments]
    assert [a["zvw_aandeel"] for a in answers] == [80, 80]
    assert [a["begroting"] for a in answers] == [250_000, 1200.5]


def test_a_fraction_in_a_plain_percentage_cell_is_questioned(tmp_path: Path) -> None:
    imported = read_provider_list(
        nachtzorg_list(tmp_path, [{**NACHTZORG, "zvw_aandeel": 0.8}]), REGISTRY
    )
    assert any("bedoelt u 80" in w.message for w in imported.warnings)


def test_dutch_thousands_in_an_integer_field(tmp_path: Path) -> None:
    rows = [
        {**ROW, "aantal_fysiotherapeuten": "1.200", "aantal_verbijzonderd": 3},
        {**ROW, "provider.agb_code": "04000009", "werkdagen_eerste_afspraak": "1.5"},
    ]
    imported = read_provider_list(filled_list(tmp_path, rows), REGISTRY)
    first, second = (str(refused.problems[0]) for refused in imported.refused)
    assert "1200 is groter dan het maximum 500" in first  # read as 1200, not 1,2
    assert "komma voor decimalen" in second  # "1.5" is refused, not guessed


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        # A date before 1900 is a negative day number, which python-calamine reads as a time.
        ({"datum_volgverzoek": datetime(1899, 5, 1)}, "datum vóór 1900"),
        ({"datum_volgverzoek": datetime(2150, 5, 1)}, "valt buiten 2000"),
        ({"begroting": 1e308}, "te groot"),
        ({"begroting": "1e308"}, "getal"),
        ({"datum_besproken": time(0, 0)}, "kreeg een tijd"),
        ({"datum_besproken": 45000}, "geef de cel de opmaak Datum"),
    ],
)
def test_absurd_values_are_row_errors_and_the_list_goes_on(
    tmp_path: Path, changes: dict[str, Any], words: str, capsys
) -> None:
    rows = [{**NACHTZORG, **changes}, {**NACHTZORG, "provider.agb_code": "75750002"}]
    path = nachtzorg_list(tmp_path, rows)
    imported = read_provider_list(path, REGISTRY)
    assert [r.row for r in imported.refused] == [3] and len(imported.assessments) == 1
    assert words in str(imported.refused[0].problems[0])
    assert main(["batch", str(path), "-o", str(tmp_path / "s.xlsx")]) == 0


def test_duplicate_agb_codes_are_warned_on_both_rows(tmp_path: Path) -> None:
    imported = read_provider_list(filled_list(tmp_path, [ROW, ROW]), REGISTRY)
    assert {w.row for w in imported.warnings if "staat ook in rij" in w.message} == {3, 4}


def test_messages_say_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(UnsafeWorkbookError, match="dit is een map"):
        read_provider_list(tmp_path, REGISTRY)
    long = {**ROW, "behandelindex_versie": "x" * 40_000}
    imported = read_provider_list(filled_list(tmp_path, [long]), REGISTRY)
    assert len(str(imported.refused[0].problems[0])) < 500


# -- the template --------------------------------------------------------------------------------


def test_template_leaves_out_what_a_list_cannot_hold_and_covers_every_row(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    write_template(path, PZ, "fysiotherapie")
    workbook = load_workbook(path)
    choices = [c for col in workbook["_keuzes"].iter_cols(values_only=True) for c in col if c]
    assert "Per fysiotherapeut" not in choices and "Als aantallen" in choices
    sheet = workbook["Beoordelingen"]
    agb = sheet.cell(row=1, column=column_of(sheet, "AGB-code")).column_letter
    assert sheet.column_dimensions[agb].number_format == "@"
    ranges = [str(v.sqref) for v in sheet.data_validations.dataValidation]
    assert ranges and all(r.endswith(str(LAST_ROW)) for r in ranges)


def test_per_therapist_in_a_list_is_refused_with_the_reason(tmp_path: Path) -> None:
    row = {**ROW, "verbijzondering_invoer": "Per fysiotherapeut"}
    imported = read_provider_list(filled_list(tmp_path, [row]), REGISTRY)
    assert "kan niet in een lijst" in str(imported.refused[0].problems[0])


def test_more_rows_than_allowed_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    with pytest.raises(UnsafeWorkbookError, match="meer dan 3 rijen"):
        read_provider_list(filled_list(tmp_path, practices(6)), REGISTRY)
