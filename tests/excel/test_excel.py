"""Excel: template -> filled list -> import -> export, and every way an input file can be bad."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from caresq_desk.cli import main
from caresq_desk.core.policy.registry import Registry
from caresq_desk.excel.guard import OLE_MAGIC, UnsafeWorkbookError
from caresq_desk.excel.importer import read_provider_list
from caresq_desk.excel.template import write_template

REGISTRY = Registry.load()
PZ = REGISTRY.get("paramedische-zorg-2026")
ROW: dict[str, Any] = {
    "provider.name": "Fysiotherapie De Brug",
    "provider.agb_code": "04012345",
    "provider.location": "Utrecht",
    "assessment.date": datetime(2025, 9, 1),
    "beroep_verbonden": "ja",
    "vecozo_certificaat": "ja",
    "contract_afgelopen_3_jaar": "ja",
    "geen_aanbod_gewenst": "nee",
    "behandelindex": 120,
    "behandelindex_jaar": 2024,
    "behandelindex_versie": "Declaraties januari-december (april, volledig jaar)",
    "richtlijnen": "ja",
    "declareren_vecozo": "ja",
    "kwaliteitsregister": "ja",
    "verbijzonderde_zorg": "nee",
    "prem_extern": "ja",
    "telefonisch_bereikbaar": "ja",
    "werkdagen_eerste_afspraak": 3,
    "zn_digitalisering": "ja",
    "digitale_zorg_doelen": "Besparen van kosten; Verbeteren van de toegankelijkheid",
    "verbijzondering_invoer": "Als aantallen",
    "aantal_fysiotherapeuten": 10,
    "aantal_verbijzonderd": 3,
    "kngf_basisregister": "ja",
    "skf_keurmerk": "nee",
    "langdurige_ra": "nee",
    "parkinson_zorg": "nee",
    "claudicatio_zorg": "nee",
}


def filled_list(
    tmp_path: Path,
    rows: list[dict[str, Any]],
    policy: Any = PZ,
    care_type: str = "fysiotherapie",
    formats: dict[str, str] | None = None,
) -> Path:
    """The template, filled in by 'a purchaser': text cells stay text, as Excel stores them;
    ``formats`` gives columns a number format (a percentage column, say)."""
    template = tmp_path / "sjabloon.xlsx"
    write_template(template, policy, care_type)
    workbook = load_workbook(template)
    sheet = workbook["Beoordelingen"]
    keys = [cell.value for cell in workbook["_kolommen"][2]]
    for offset, row in enumerate(rows):
        for column, key in enumerate(keys, start=1):
            if key in row:
                cell = sheet.cell(row=3 + offset, column=column, value=row[key])
                if isinstance(row[key], str):
                    cell.data_type = "s"
                if key in (formats or {}):
                    cell.number_format = (formats or {})[key]
    path = tmp_path / "lijst.xlsx"
    workbook.save(path)
    return path


def fill_of(sheet: Any, cell: str) -> str:
    """The colour a cell shows: its own fill, or the first conditional format its text starts
    with (rules in priority order, as Excel applies them)."""
    own = sheet[cell].fill.fgColor.rgb
    if isinstance(own, str) and own not in ("00000000", "FFFFFFFF"):
        return own
    text = str(sheet[cell].value)
    for cell_range in sheet.conditional_formatting:
        if cell in cell_range.sqref:
            for rule in sorted(cell_range.rules, key=lambda rule: rule.priority):
                if rule.operator == "beginsWith" and text.startswith(rule.text):
                    return str(rule.dxf.fill.bgColor.rgb or rule.dxf.fill.fgColor.rgb)
    return ""


def test_round_trip_keeps_values_and_verdicts(tmp_path: Path, capsys, writer: str) -> None:
    rows = [
        ROW,
        {
            **ROW,
            "provider.name": "Praktijk Hoog",
            "provider.agb_code": "04099999",
            "behandelindex": 151,
        },
    ]
    path = filled_list(tmp_path, rows)
    imported = read_provider_list(path, REGISTRY)
    assert [r for r, _ in imported.assessments] == [3, 4] and imported.problems == []
    assert imported.assessments[0][1].answers["digitale_zorg_doelen"] == [
        "Besparen van kosten", "Verbeteren van de toegankelijkheid"
    ]  # fmt: skip
    short = tmp_path / "kort.xlsx"
    assert main(["batch", str(path), "-o", str(short)]) == 0
    # A list's summary has no sheet per criterion unless asked: the overview names what failed.
    assert "Criteria" not in load_workbook(short).sheetnames
    summary = tmp_path / "samenvatting.xlsx"
    assert main(["batch", str(path), "-o", str(summary), "--alle-criteria"]) == 0
    assert (
        "2 van 2 rijen beoordeeld, 0 rijen geweigerd, 0 waarschuwingen" in capsys.readouterr().out
    )
    workbook = load_workbook(summary)
    overview = workbook["Overzicht"]
    values = list(overview.iter_rows(min_row=2, values_only=True))
    assert [v[6] for v in values] == [
        "Komt in aanmerking",
        "Geen overeenkomst, uitzondering mogelijk",
    ]
    assert values[0][7] == "Fysiotherapie: Zorgovereenkomst B"
    assert values[0][1] == "04012345" and overview["B2"].data_type == "s"
    assert overview.freeze_panes == "A2"
    assert overview.auto_filter.ref == "A1:U3"
    # 32 characters wide; XlsxWriter stores Excel's own padding on top of that.
    assert 32 <= overview.column_dimensions["A"].width < 33
    assert overview["A1"].font.bold
    assert (
        isinstance(overview["N2"].value, datetime) and overview["N2"].number_format == "dd-mm-yyyy"
    )
    assert overview["F2"].value == 2026 and not isinstance(overview["F2"].value, str)
    assert fill_of(overview, "G2").endswith("C8E6C9")  # green: komt in aanmerking
    assert fill_of(overview, "G3").endswith("FFE0B2")  # orange: exception possible
    assert overview["P2"].value == PZ.meta.version and overview["Q2"].value == PZ.sha256[:16]
    criteria = list(workbook["Criteria"].iter_rows(min_row=2, values_only=True))
    assert any(row[3] == "PZ-FYS-INDEX" and row[7] == "niet voldaan" for row in criteria)
    assert any(row[4] == "Landelijke behandelindex niet hoger dan 150" for row in criteria)
    sheet = workbook["Overzicht"]
    assert sheet["I1"].value == "Contractniveau" and sheet["Q1"].value.startswith("Controlecode")
    assert sheet["A1"].alignment.wrap_text and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1" and sheet.sheet_properties.pageSetUpPr.fitToPage
    beleid = workbook["Beleid"]
    assert beleid["B2"].value == PZ.id and beleid["D2"].value == PZ.sha256
    assert beleid["A4"].value == "Geëxporteerd op" and isinstance(beleid["B4"].value, datetime)
    assert workbook["Criteria"].freeze_panes == "A2"


@pytest.mark.parametrize(
    "text", ["=cmd|' /C calc'!A0", "+31 6 123", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=2"]
)
def test_no_exported_cell_is_ever_a_formula(tmp_path: Path, text: str, writer: str) -> None:
    path = filled_list(tmp_path, [{**ROW, "provider.name": text, "provider.location": text}])
    summary = tmp_path / "samenvatting.xlsx"
    assert main(["batch", str(path), "-o", str(summary)]) == 0
    workbook = load_workbook(summary)  # formulas would show up as data_type 'f'
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    # Leading white space is trimmed on import; what remains still starts like a formula.
    assert workbook["Overzicht"]["A2"].value == text.strip()
    assert workbook["Overzicht"]["A2"].quotePrefix


def test_bad_rows_are_named_and_the_others_go_through(tmp_path: Path) -> None:
    rows = [
        ROW,
        {**ROW, "behandelindex_versie": "Declaraties 2023"},
        {**ROW, "werkdagen_eerste_afspraak": "drie"},
        {**ROW, "provider.agb_code": "04A12345"},
        {**ROW, "aantal_verbijzonderd": 12},
    ]
    imported = read_provider_list(filled_list(tmp_path, rows), REGISTRY)
    assert [r for r, _ in imported.assessments] == [3]
    messages = [str(p) for p in imported.problems]
    assert messages[0].startswith(
        "rij 4, kolom 'Publicatie van de behandelindex': onbekende waarde"
    )
    assert messages[1].startswith(
        "rij 5, kolom 'Werkdagen tot eerste afspraak': verwacht een getal, kreeg 'drie'"
    )
    assert messages[2].startswith("rij 6, kolom 'AGB-code'")
    assert messages[3].startswith("rij 7, kolom 'Aantal met erkende verbijzondering")


def test_agb_code_that_lost_its_leading_zero_is_repaired_with_a_warning(tmp_path: Path) -> None:
    imported = read_provider_list(
        filled_list(tmp_path, [{**ROW, "provider.agb_code": 4012345}]), REGISTRY
    )
    assert imported.assessments[0][1].provider.agb_code == "04012345"
    assert "voorloopnul" in str(imported.warnings[0])
    refused = read_provider_list(
        filled_list(tmp_path, [{**ROW, "provider.agb_code": 123456}]), REGISTRY
    )
    assert "6 cijfers" in str(refused.problems[0])


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def entity_bomb(tmp_path: Path) -> Path:
    path = filled_list(tmp_path, [ROW])
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')  # fmt: skip
    members["xl/workbook.xml"] = bomb + members["xl/workbook.xml"]
    return zip_with(tmp_path / "bom.xlsx", members)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: write(tmp / "tekst.xlsx", b"geen werkmap"), "geen Excel-werkmap"),
        (lambda tmp: write(tmp / "geheim.xlsx", OLE_MAGIC + bytes(512)), "versleuteld"),
        (
            lambda tmp: zip_with(
                tmp / "bom.xlsx", {"xl/workbook.xml": b"<a/>", "xl/x.xml": b"0" * 50_000_000}
            ),
            "zip-bom",
        ),
        (lambda tmp: zip_with(tmp / "leeg.xlsx", {"hallo.txt": b"hallo"}), "geen Excel-werkmap"),
        (entity_bomb, "niet veilig"),
        (lambda tmp: _plain_workbook(tmp), "geen importsjabloon"),
    ],
)
def test_unsafe_or_wrong_files_are_refused(tmp_path: Path, make, words: str) -> None:
    path = make(tmp_path)
    with pytest.raises(UnsafeWorkbookError) as caught:
        read_provider_list(path, REGISTRY)
    assert words in str(caught.value)


def _plain_workbook(tmp_path: Path) -> Path:
    workbook = Workbook()
    workbook.active["A1"] = "naam"
    path = tmp_path / "gewoon.xlsx"
    workbook.save(path)
    return path


def test_batch_on_an_unsafe_file_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "tekst.xlsx"
    path.write_text("geen werkmap")
    assert main(["batch", str(path), "-o", str(tmp_path / "uit.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "geen Excel-werkmap" in err
    assert not (tmp_path / "uit.xlsx").exists()


def test_export_of_assessment_files(tmp_path: Path, capsys) -> None:
    examples = tmp_path / "voorbeelden"
    assert main(["example", str(examples)]) == 0
    summary = tmp_path / "export.xlsx"
    assert main(["export", str(examples), "-o", str(summary)]) == 0
    overview = load_workbook(summary)["Overzicht"]
    assert overview.max_row == len(list(examples.glob("*.json"))) + 1
    policies = {
        row[1]
        for row in load_workbook(summary)["Beleid"].iter_rows(min_row=2, values_only=True)
        if row[1]
    }
    assert {"paramedische-zorg-2026", "hulpmiddelen-2026"} <= policies
    # Issue 23: files named as in the exported folder, unmet criteria with their titles.
    headers = [cell.value for cell in overview[1]]
    files = [
        row[headers.index("Bestand")] for row in overview.iter_rows(min_row=2, values_only=True)
    ]
    assert all(not Path(name).is_absolute() and name.endswith(".json") for name in files)
    assert "paramedische-zorg-2026-fysio-index-151.json" in files
    unmet = {
        row[headers.index("Bestand")]: row[headers.index("Niet voldane criteria")]
        for row in overview.iter_rows(min_row=2, values_only=True)
    }
    assert unmet["paramedische-zorg-2026-fysio-index-151.json"].startswith("PZ-FYS-INDEX ")
    assert "behandelindex" in unmet["paramedische-zorg-2026-fysio-index-151.json"].lower()


def test_template_has_validation_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    assert main(["template", "paramedische-zorg-2026", "fysiotherapie", "-o", str(path)]) == 0
    workbook = load_workbook(path)
    sheet = workbook["Beoordelingen"]
    assert sheet["B1"].value == "AGB-code" and "8 cijfers" in sheet["B2"].value
    assert len(sheet.data_validations.dataValidation) > 10
    assert workbook["_kolommen"].sheet_state == "hidden"
