"""The provider-list dialog: assessed off the GUI thread, with progress, cancel and export."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook

from caresq_desk.excel import batch as excel_batch
from caresq_desk.gui.batch import BatchDialog
from caresq_desk.gui.main_window import MainWindow
from tests.excel.test_excel import ROW, filled_list
from tests.gui.conftest import FakePrompts, start_new
from tests.gui.test_main_window import fill_fysio


@pytest.fixture
def provider_list(tmp_path: Path) -> Path:
    rows = [
        ROW,
        {
            **ROW,
            "provider.name": "Praktijk Hoog",
            "provider.agb_code": "04000002",
            "behandelindex": 151,
        },
        {
            **ROW,
            "provider.name": "Praktijk Fout",
            "provider.agb_code": "04000003",
            "werkdagen_eerste_afspraak": "drie",
        },
    ]
    return filled_list(tmp_path, rows)


def run_list(qtbot, window: MainWindow, prompts: FakePrompts, path: Path) -> BatchDialog:
    """Choose ``path`` in the list dialog, as a user would, and wait until it is assessed."""
    prompts.excel_open_answer = path
    window.batch_action.trigger()
    dialog = window.batch_dialog
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    return dialog


def test_batch_assesses_every_row_and_exports(
    qtbot, window: MainWindow, prompts: FakePrompts, provider_list: Path, tmp_path: Path
) -> None:
    dialog = run_list(qtbot, window, prompts, provider_list)
    assert dialog.table.rowCount() == 3  # every row of the list, the refused one too
    assert dialog.table.item(1, 3).text() == "Geen overeenkomst, uitzondering mogelijk"
    assert dialog.table.item(2, 3).text().startswith("Niet beoordeeld: ")
    assert "drie" in dialog.table.item(2, 3).text()
    assert dialog.progress.value() == dialog.progress.maximum() == 2
    assert dialog.problems.count() == 1 and "rij 5" in dialog.problems.item(0).text()
    assert "2 van 3 rijen beoordeeld, 1 rij geweigerd, 0 waarschuwingen." in dialog.status.text()

    prompts.excel_save_answer = tmp_path / "samenvatting.xlsx"
    dialog.export_button.click()
    workbook = load_workbook(tmp_path / "samenvatting.xlsx")
    overview = workbook["Overzicht"]
    assert overview.max_row == 4
    assert overview["G4"].value == "Niet beoordeeld" and "drie" in overview["R4"].value
    assert "rij 5" in workbook["Meldingen"]["A2"].value


def test_a_row_opens_in_the_form(
    qtbot, window: MainWindow, prompts: FakePrompts, provider_list: Path
) -> None:
    dialog = run_list(qtbot, window, prompts, provider_list)
    dialog.table.selectRow(1)
    dialog.open_button.click()
    assert window.document is not None
    assert window.document.form.name.text() == "Praktijk Hoog"
    assert window.isWindowModified()
    # A row is no file yet: nothing to call changed outside the application (issue 20).
    assert "gewijzigd buiten" not in window.document.state.text()


def test_cancel_stops_between_rows(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled_list(tmp_path, [{**ROW, "provider.name": f"Praktijk {n}"} for n in range(20)])
    entered, gate = threading.Event(), threading.Event()
    real = excel_batch.evaluate

    def held(policy, assessment):
        entered.set()
        gate.wait(timeout=10)
        return real(policy, assessment)

    monkeypatch.setattr(excel_batch, "evaluate", held)
    prompts.excel_open_answer = path
    window.batch_action.trigger()
    dialog = window.batch_dialog
    dialog.choose_button.click()
    qtbot.waitUntil(entered.is_set, timeout=10_000)
    assert dialog.cancel_button.isEnabled()
    dialog.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert dialog.outcome.cancelled
    assert dialog.table.rowCount() == 1
    assert dialog.status.text().startswith("Geannuleerd")


def test_an_unsafe_file_shows_its_reason(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    bad = tmp_path / "tekst.xlsx"
    bad.write_text("geen werkmap")
    prompts.excel_open_answer = bad
    window.batch_action.trigger()
    window.batch_dialog.choose_button.click()
    qtbot.waitUntil(lambda: window.batch_dialog.outcome is not None, timeout=10_000)
    assert "geen Excel-werkmap" in prompts.errors[-1][1]


def test_template_for_the_chosen_care_type(
    window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    start = window.start
    start.policy.setCurrentIndex(start.policy.findData("paramedische-zorg-2026"))
    start.care_type.setCurrentIndex(start.care_type.findData("fysiotherapie"))
    prompts.excel_save_answer = tmp_path / "sjabloon.xlsx"
    window.template_action.trigger()
    assert load_workbook(tmp_path / "sjabloon.xlsx")["_kolommen"]["B1"].value == "fysiotherapie"


def test_the_open_assessment_exports_as_it_stands_in_the_form(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    assert not window.export_action.isEnabled()
    start_new(qtbot, window, "fysiotherapie")
    fill_fysio(qtbot, window, behandelindex=151)
    prompts.excel_save_answer = tmp_path / "praktijk.xlsx"
    window.export_action.trigger()
    overview = load_workbook(tmp_path / "praktijk.xlsx")["Overzicht"]
    assert overview.max_row == 2
    assert overview["A2"].value == "Fysiotherapie De Brug"
    assert overview["B2"].value == "04012345"
    assert overview["G2"].value == "Geen overeenkomst, uitzondering mogelijk"
    assert overview["O2"].value == "niet opgeslagen"
    assert "geëxporteerd" in prompts.infos[-1][1]


def test_chosen_files_export_and_unreadable_ones_are_named(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    fill_fysio(qtbot, window)
    good = tmp_path / "de-brug.json"
    prompts.save_answer = good
    window.save_action.trigger()
    broken = tmp_path / "kapot.json"
    broken.write_text("{ geen json", encoding="utf-8")
    prompts.open_many_answer = [good, broken]
    window.export_files_action.trigger()
    dialog = window.batch_dialog
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 0).text() == "de-brug.json"
    assert dialog.progress.value() == dialog.progress.maximum() == 2  # counted, not stuck at 0
    assert dialog.table.item(1, 3).text().startswith("Niet beoordeeld: ")
    assert dialog.problems.count() == 1
    assert dialog.problems.item(0).text().startswith("Fout: kapot.json: ")
    assert "1 van 2 bestanden beoordeeld, 1 bestand geweigerd" in dialog.status.text()
    prompts.excel_save_answer = tmp_path / "samenvatting.xlsx"
    dialog.export_button.click()
    overview = load_workbook(tmp_path / "samenvatting.xlsx")["Overzicht"]
    assert overview.max_row == 3 and overview["O2"].value == str(good)
    assert overview["G3"].value == "Niet beoordeeld" and overview["O3"].value == str(broken)


def test_an_unexpected_failure_in_the_worker_is_reported_not_hung(
    qtbot,
    window: MainWindow,
    prompts: FakePrompts,
    provider_list: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(policy, assessment):
        raise RuntimeError("kapot")

    monkeypatch.setattr(excel_batch, "evaluate", broken)
    dialog = run_list(qtbot, window, prompts, provider_list)
    assert "Er ging iets mis bij het beoordelen: kapot" in prompts.errors[-1][1]
    assert dialog.choose_button.isEnabled() and not dialog.export_button.isEnabled()
