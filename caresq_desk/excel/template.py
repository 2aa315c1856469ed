"""An import template per care type: one column per question, the allowed values as data
validation, and a notes row that says what each column expects.

Column ids live in a hidden sheet, so the import does not depend on the (Dutch) headers.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from caresq_desk.core.common.atomic import atomic_write_bytes
from caresq_desk.core.policy.loader import CompiledQuestion, Policy

DATA_SHEET = "Beoordelingen"
COLUMNS_SHEET = "_kolommen"
CHOICES_SHEET = "_keuzes"
FIRST_DATA_ROW = 3
# The most rows a list may have; the template's formats and drop-downs cover exactly these.
MAX_ROWS = 100_000
LAST_ROW = FIRST_DATA_ROW + MAX_ROWS - 1
PROVIDER_COLUMNS = [
    ("provider.name", "Naam zorgaanbieder", "Tekst."),
    ("provider.agb_code", "AGB-code", "8 cijfers, als tekst (een voorloopnul blijft staan)."),
    ("provider.location", "Vestigingsplaats", "Tekst."),
    ("assessment.date", "Beoordelingsdatum", "Datum (dd-mm-jjjj); leeg: vandaag."),
]
NOTES = {
    "ja_nee": "ja of nee",
    "getal": "Getal",
    "percentage": "Percentage (0-100)",
    "datum": "Datum (dd-mm-jjjj)",
    "keuze": "Kies uit de lijst",
    "meerkeuze": "Een of meer uit de lijst, gescheiden door ;",
    "tekst": "Tekst",
}


def template_questions(policy: Policy, care_type: str) -> list[CompiledQuestion]:
    """The questions a flat list can hold (per-row tables are entered as counts instead)."""
    return [q for q in policy.care_types[care_type].questions if q.kind != "tabel"]


def list_only_options(policy: Policy, care_type: str) -> dict[str, str]:
    """Options that only open a table question, which a flat list cannot hold ("Per
    fysiotherapeut"), with the reason a list refuses them: option value -> message."""
    rules = policy.care_types[care_type]
    refused: dict[str, str] = {}
    for question in rules.questions:
        condition = question.spec.applies_when
        if question.kind != "tabel" or not isinstance(condition, dict):
            continue
        if set(condition) == {"q", "eq"} and condition["q"] in rules.question_by_id:
            chooser = rules.question_by_id[condition["q"]]
            label = chooser.info.option_labels.get(str(condition["eq"]), str(condition["eq"]))
            refused[str(condition["eq"])] = (
                f"'{label}' kan niet in een lijst: dan volgt de tabel '{question.info.label}'. "
                "Kies een andere invoer (bijvoorbeeld de aantallen)"
            )
    return refused


def column_notes(policy: Policy, care_type: str) -> dict[str, str]:
    """The notes row: what each column expects, by column id."""
    notes = {key: note for key, _label, note in PROVIDER_COLUMNS}
    for question in template_questions(policy, care_type):
        note = NOTES[question.kind]
        if question.spec.unit:
            note += f" in {question.spec.unit}"
        if not question.spec.required:
            note += " (optioneel)"
        if question.spec.audience == "inkoper":
            note += " (alleen inkoper)"
        notes[question.id] = note
    return notes


def build_template(policy: Policy, care_type: str) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    columns = workbook.create_sheet(COLUMNS_SHEET)
    choices = workbook.create_sheet(CHOICES_SHEET)
    columns.sheet_state = "hidden"
    choices.sheet_state = "hidden"
    columns["A1"], columns["B1"] = policy.id, care_type
    notes_by_id = column_notes(policy, care_type)
    refused = list_only_options(policy, care_type)
    entries = [(key, label, notes_by_id[key], None) for key, label, _ in PROVIDER_COLUMNS]
    for question in template_questions(policy, care_type):
        entries.append((question.id, question.info.label, notes_by_id[question.id], question))
    for index, (key, label, note, question) in enumerate(entries, start=1):
        letter = get_column_letter(index)
        columns.cell(row=2, column=index, value=key)
        header = sheet.cell(row=1, column=index, value=label)
        header.font = Font(bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="top")
        notes = sheet.cell(row=2, column=index, value=note)
        notes.font = Font(italic=True, color="666666")
        notes.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = 24
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_ROW}"
        if key == "provider.agb_code":
            # The whole column is text, so a typed AGB code keeps its leading zero in every row.
            sheet.column_dimensions[letter].number_format = "@"
        if question is None:
            continue
        options = _options(question, refused)
        if options:
            for row, option in enumerate(options, start=1):
                choices.cell(row=row, column=index, value=option)
            source = f"{CHOICES_SHEET}!${letter}$1:${letter}${len(options)}"
            validation = DataValidation(
                type="list",
                formula1=f"={source}",
                allow_blank=True,
                showErrorMessage=question.kind != "meerkeuze",
                error=f"Kies een waarde uit de lijst voor '{question.info.label}'.",
                errorTitle="Ongeldige waarde",
            )
            sheet.add_data_validation(validation)
            validation.add(cells)
    sheet.row_dimensions[1].height = 60
    sheet.row_dimensions[2].height = 45
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=3)
    return workbook


def _options(question: CompiledQuestion, refused: dict[str, str]) -> list[str]:
    if question.kind == "ja_nee":
        return ["ja", "nee"]
    if question.kind in ("keuze", "meerkeuze"):
        return [
            label for value, label in question.info.option_labels.items() if value not in refused
        ]
    return []


def write_template(path: Path, policy: Policy, care_type: str) -> None:
    buffer = BytesIO()
    build_template(policy, care_type).save(buffer)
    atomic_write_bytes(path, buffer.getvalue(), create_folder=True)
