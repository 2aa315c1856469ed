"""The provider-list dialog: assessed off the GUI thread, with progress, cancel and export."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook

from caresq_desk.gui import batch as batch_module
from caresq_desk.gui.main_window import MainWindow
from tests.excel.test_excel import ROW, filled_list
from tests.gui.conftest import FakePrompts


@pytest.fixture
def provider_list(tmp_path: Path) -> Path:
    rows = [
        ROW,
        {**ROW, "provider.name": "Praktijk Hoog", "behandelindex": 151},
        {**ROW, "provider.name": "Praktijk Fout", "werkdagen_eerste_afspraak": "drie"},
    ]
    return filled_list(tmp_path, rows)


def test_batch_assesses_every_row_and_exports(
    qtbot, window: MainWindow, prompts: FakePrompts, provider_list: Path, tmp_path: Path
) -> None:
    prompts.excel_open_answer = provider_list
    window.batch_action.trigger()
    dialog = window.batch_dialog
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(1, 3).text() == "Geen overeenkomst, uitzondering mogelijk"
    assert dialog.progress.value() == dialog.progress.maximum() == 2
    assert dialog.problems.count() == 1 and "rij 5" in dialog.problems.item(0).text()
    assert "2 rijen beoordeeld, 1 fouten" in dialog.status.text()

    prompts.excel_save_answer = tmp_path / "samenvatting.xlsx"
    dialog.export_button.click()
    overview = load_workbook(tmp_path / "samenvatting.xlsx")["Overzicht"]
    assert overview.max_row == 3


def test_a_row_opens_in_the_form(
    qtbot, window: MainWindow, prompts: FakePrompts, provider_list: Path
) -> None:
    prompts.excel_open_answer = provider_list
    window.batch_action.trigger()
    dialog = window.batch_dialog
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    dialog.table.selectRow(1)
    dialog.open_button.click()
    assert window.document is not None
    assert window.document.form.name.text() == "Praktijk Hoog"
    assert window.isWindowModified()


def test_cancel_stops_between_rows(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled_list(tmp_path, [{**ROW, "provider.name": f"Praktijk {n}"} for n in range(20)])
    entered, gate = threading.Event(), threading.Event()
    real = batch_module.evaluate

    def held(policy, assessment):
        entered.set()
        gate.wait(timeout=10)
        return real(policy, assessment)

    monkeypatch.setattr(batch_module, "evaluate", held)
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
