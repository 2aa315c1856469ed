"""The werkmap window (issue 11): list, sort, filter, open, follow the folder, flag policy
corrections, conflict copies and colleagues' locks, export a selection."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, Qt

from caresq_desk.core.document.files import save_assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.gui.main_window import MainWindow
from caresq_desk.gui.werkmap_model import ROW_ROLE, WerkmapModel
from caresq_desk.gui.werkmap_window import WerkmapWindow
from tests.conftest import POLICIES, colleague_opens, fysio, make_assessment
from tests.gui.conftest import FakePrompts

PROVIDERS = [("De Brug", 120, "Utrecht"), ("Amstelpraktijk", 145, "Amsterdam"),
             ("Zuiderzorg", 163, "Zwolle")]  # fmt: skip


@pytest.fixture
def round_folder(tmp_path: Path, registry: Registry) -> Path:
    policy = registry.get("paramedische-zorg-2026")
    folder = tmp_path / "ronde"
    (folder / "noord").mkdir(parents=True)
    for name, index, place in PROVIDERS:
        assessment = make_assessment(policy, "fysiotherapie", fysio(behandelindex=index))
        assessment.provider.name, assessment.provider.location = name, place
        target = folder / ("noord" if place == "Zwolle" else "") / f"{name}.json"
        save_assessment(target, assessment, evaluate(policy, assessment))
    (folder / "kapot.json").write_text("{ kapot", encoding="utf-8")
    return folder


def open_werkmap(qtbot, window: MainWindow, prompts: FakePrompts, folder: Path) -> WerkmapWindow:
    prompts.folder_answer = folder
    window.werkmap_action.trigger()
    werkmap = window.werkmap
    assert werkmap is not None
    qtbot.addWidget(werkmap)
    # The window is back before the folder is read: reading runs in a thread, with progress.
    assert werkmap.busy and werkmap.progress.isVisible()
    qtbot.waitUntil(lambda: not werkmap.busy and bool(werkmap.model.rows), timeout=10_000)
    return werkmap


def column(werkmap: WerkmapWindow, header: str) -> list[str]:
    number = WerkmapModel.HEADERS.index(header)
    proxy = werkmap.proxy
    return [proxy.index(r, number).data() for r in range(proxy.rowCount())]


def select(werkmap: WerkmapWindow, provider: str) -> None:
    names = column(werkmap, "Zorgaanbieder")
    werkmap.table.selectionModel().select(
        werkmap.proxy.index(names.index(provider), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_every_file_is_listed_and_an_unreadable_one_is_a_row_with_its_reason(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    assert werkmap.proxy.rowCount() == 4
    assert sorted(column(werkmap, "Zorgaanbieder")) == ["", "Amstelpraktijk", "De Brug",
                                                        "Zuiderzorg"]  # fmt: skip
    broken = column(werkmap, "Bestand").index("kapot.json")
    assert column(werkmap, "Uitkomst")[broken] == "Niet leesbaar"
    assert "beschadigd" in column(werkmap, "Let op")[broken]
    assert column(werkmap, "Status")[0:1] == ["Concept"] or "Concept" in column(werkmap, "Status")
    assert "noord/Zuiderzorg.json" in column(werkmap, "Bestand")
    assert "4 van 4 getoond" in werkmap.counts.text()
    assert "Komt in aanmerking:&nbsp;<b>2</b>" in werkmap.legend.text()
    assert "Niet leesbaar:&nbsp;<b>1</b>" in werkmap.legend.text()
    assert window.settings.last_werkmap() == round_folder


def test_every_column_sorts(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    for number, header in enumerate(WerkmapModel.HEADERS):
        werkmap.table.sortByColumn(number, Qt.SortOrder.AscendingOrder)
        up = column(werkmap, header)
        werkmap.table.sortByColumn(number, Qt.SortOrder.DescendingOrder)
        down = column(werkmap, header)
        assert up == sorted(up, key=str.casefold) or header in ("Laatst gewijzigd", "Let op")
        assert down == list(reversed(up)) or len(set(up)) < len(up)
    werkmap.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # plaats
    assert column(werkmap, "Plaats")[1:] == ["Amsterdam", "Utrecht", "Zwolle"]


def test_filters_by_text_verdict_status_care_type_and_changed(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    qtbot.keyClicks(werkmap.search, "zwol")
    assert column(werkmap, "Zorgaanbieder") == ["Zuiderzorg"]
    assert "1 van 4 getoond" in werkmap.counts.text()
    werkmap.search.clear()
    werkmap.verdict.setCurrentIndex(werkmap.verdict.findData("onleesbaar"))
    assert column(werkmap, "Bestand") == ["kapot.json"]
    werkmap.verdict.setCurrentIndex(werkmap.verdict.findData("uitzondering_mogelijk"))
    assert column(werkmap, "Zorgaanbieder") == ["Zuiderzorg"]
    werkmap.verdict.setCurrentIndex(0)
    werkmap.status.setCurrentIndex(werkmap.status.findData("vastgesteld"))
    assert werkmap.proxy.rowCount() == 0
    werkmap.status.setCurrentIndex(0)
    werkmap.care_type.setCurrentIndex(werkmap.care_type.findData("Fysiotherapie"))
    assert werkmap.proxy.rowCount() == 3
    werkmap.only_changed.setChecked(True)
    assert werkmap.proxy.rowCount() == 0


def test_double_click_opens_the_form_and_an_unreadable_row_says_why(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    select(werkmap, "De Brug")
    werkmap.open_action.trigger()
    assert window.path == round_folder / "De Brug.json"
    assert window.document is not None and window.document.form.name.text() == "De Brug"
    werkmap.table.selectionModel().clearSelection()
    broken = column(werkmap, "Bestand").index("kapot.json")
    index = werkmap.proxy.index(broken, 0)
    rect = werkmap.table.visualRect(index)
    # A real double click: press and release, then the double-click event on the same cell.
    qtbot.mouseClick(werkmap.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(werkmap.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert prompts.errors and "kapot.json" in prompts.errors[-1][1]
    assert window.path == round_folder / "De Brug.json"


def test_the_table_follows_the_folder_and_f5_refreshes(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path, registry: Registry
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    (round_folder / "kapot.json").unlink()
    qtbot.waitUntil(lambda: werkmap.model.rowCount() == 3, timeout=10_000)
    shutil.copy(round_folder / "De Brug.json", round_folder / "noord" / "Nieuw.json")
    qtbot.waitUntil(lambda: werkmap.model.rowCount() == 4, timeout=10_000)
    (round_folder / "zuid").mkdir()  # a new, still empty folder is followed as well
    qtbot.waitUntil(lambda: str(round_folder / "zuid") in werkmap.watcher.directories())
    shutil.copy(round_folder / "De Brug.json", round_folder / "zuid" / "Later.json")
    qtbot.waitUntil(lambda: werkmap.model.rowCount() == 5, timeout=10_000)
    colleague_opens(round_folder / "De Brug.json")
    qtbot.keyClick(werkmap.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "Geopend door" in " ".join(column(werkmap, "Let op")), timeout=10_000)
    assert "nu geopend door een collega" in werkmap.counts.text()


def test_a_policy_correction_flags_exactly_the_files_whose_result_changed(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "beleid"
    shutil.copytree(POLICIES, copy)
    path = copy / "2026" / "paramedische-zorg.toml"
    limit = '{ q = "behandelindex", le = '
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"{limit}150 }}", f"{limit}140 }}"),
        encoding="utf-8",
    )
    window.attach(Registry.load(copy))
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    werkmap.only_changed.setChecked(True)
    assert column(werkmap, "Zorgaanbieder") == ["Amstelpraktijk"]  # 145: under 150, over 140
    select(werkmap, "Amstelpraktijk")
    assert werkmap.changes_action.isEnabled()
    werkmap.changes_action.trigger()
    cells = werkmap.changes_dialog.cells()
    assert ["Uitkomst", "Komt in aanmerking", "Geen overeenkomst, uitzondering mogelijk"] in cells
    assert "versie" in werkmap.changes_dialog.intro.text()


def test_a_conflict_copy_is_marked_and_compared_with_its_original(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    data = json.loads((round_folder / "De Brug.json").read_text(encoding="utf-8"))
    data["answers"]["behandelindex"] = 131
    (round_folder / "De Brug (conflict 2026-11-30).json").write_text(json.dumps(data))
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    flags = column(werkmap, "Let op")
    assert sum("Conflictkopie" in text for text in flags) == 1
    names = column(werkmap, "Bestand")
    werkmap.table.selectRow(names.index("De Brug (conflict 2026-11-30).json"))
    werkmap.compare_action.trigger()
    cells = werkmap.compare_dialog.cells()
    assert len(cells) == 1 and cells[0][1:] == ["120", "131"]


def test_naar_excel_exports_the_round_as_shown_and_the_selection_only_when_asked(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path, tmp_path: Path
) -> None:
    """Issue 23: one row selected (just double-clicked) must not shrink the round's export."""
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    select(werkmap, "Zuiderzorg")
    prompts.excel_save_answer = tmp_path / "ronde.xlsx"
    werkmap.excel_action.trigger()
    assert prompts.asked[-1] == f"excel:{round_folder / 'ronde.xlsx'}"  # the round's name
    assert not werkmap.excel_action.isEnabled()  # written on its own thread; no second start
    qtbot.waitUntil(lambda: bool(prompts.infos), timeout=10_000)
    text = prompts.infos[-1][1]
    assert text.startswith("De 3 getoonde beoordelingen zijn geëxporteerd naar ")
    assert "Amstelpraktijk, De Brug en Zuiderzorg." in text and "kapot.json" in text
    overview = load_workbook(tmp_path / "ronde.xlsx")["Overzicht"]
    assert overview.max_row == 5  # the header, three assessments and the unreadable file
    assert werkmap.excel_action.isEnabled()

    prompts.excel_save_answer = tmp_path / "selectie.xlsx"
    werkmap.selection_excel_action.trigger()
    assert prompts.asked[-1] == f"excel:{round_folder / 'ronde - selectie.xlsx'}"
    qtbot.waitUntil(lambda: len(prompts.infos) == 2, timeout=10_000)
    assert prompts.infos[-1][1] == (
        f"De geselecteerde beoordeling is geëxporteerd naar {tmp_path / 'selectie.xlsx'}: "
        "Zuiderzorg."
    )
    overview = load_workbook(tmp_path / "selectie.xlsx")["Overzicht"]
    assert [overview.cell(r, 1).value for r in range(2, overview.max_row + 1)] == ["Zuiderzorg"]


def test_the_selection_only_export_is_offered_only_with_a_selection(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path, tmp_path: Path
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    werkmap.table.selectionModel().clearSelection()
    assert not werkmap.selection_excel_action.isEnabled()
    assert not werkmap.selection_pdf_action.isEnabled()
    werkmap.search.setText("Brug")  # the filter decides what "shown" is
    prompts.pdf_answer = tmp_path / "brug.pdf"
    werkmap.pdf_action.trigger()
    assert (tmp_path / "brug.pdf").read_bytes().startswith(b"%PDF")
    assert prompts.infos[-1][1] == (
        f"De getoonde beoordeling is als rapport opgeslagen in {tmp_path / 'brug.pdf'}: De Brug."
    )
    select(werkmap, "De Brug")
    assert werkmap.selection_pdf_action.isEnabled()


def test_a_pdf_of_the_round_names_the_unreadable_file(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path, tmp_path: Path
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    prompts.pdf_answer = tmp_path / "ronde.pdf"
    werkmap.pdf_action.trigger()
    assert (tmp_path / "ronde.pdf").read_bytes().startswith(b"%PDF")
    assert "De 3 getoonde beoordelingen" in prompts.infos[-1][1]
    assert "kapot.json" in prompts.infos[-1][1]  # named, not silently left out


def test_status_and_assessor_show_after_a_save_in_the_form(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    select(werkmap, "De Brug")
    werkmap.open_action.trigger()
    window.workflow.advance_action.trigger()  # ter controle, saved at once
    qtbot.waitUntil(lambda: "Ter controle" in column(werkmap, "Status"), timeout=10_000)
    row = next(r for r in werkmap.model.rows if r.provider == "De Brug")
    assert row.assessor == window.settings.assessor
    assert werkmap.proxy.index(0, 0).data(ROW_ROLE) is not None


def test_an_export_that_cannot_be_written_says_why(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path, tmp_path: Path
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    blocked = tmp_path / "selectie.xlsx"
    blocked.mkdir()  # a folder where the workbook should go
    prompts.excel_save_answer = blocked
    werkmap.excel_action.trigger()
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=10_000)
    title, text = prompts.errors[-1]
    assert title == "Opslaan mislukt" and "dit is een map" in text
    assert werkmap.excel_action.isEnabled()


def test_keyboard_ctrl_f_searches_and_enter_in_the_table_opens(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    werkmap.activateWindow()
    werkmap.table.setFocus()
    qtbot.keyClick(werkmap.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(werkmap.search.hasFocus)
    qtbot.keyClicks(werkmap.search, "Brug")
    werkmap.table.selectRow(0)
    werkmap.search.setFocus()
    qtbot.keyClick(werkmap.search, Qt.Key.Key_Return)  # Enter in the search field opens nothing
    assert window.document is None
    werkmap.table.setFocus()
    qtbot.keyClick(werkmap.table, Qt.Key.Key_Return)
    assert window.path == round_folder / "De Brug.json"


def test_choosing_another_folder_while_reading_shows_only_the_new_one(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path, tmp_path: Path
) -> None:
    other = tmp_path / "andere"
    other.mkdir()
    shutil.copy(round_folder / "De Brug.json", other / "Enige.json")
    prompts.folder_answer = round_folder
    window.werkmap_action.trigger()
    werkmap = window.werkmap
    assert werkmap is not None and werkmap.busy
    qtbot.addWidget(werkmap)
    werkmap.set_folder(other)  # before the first folder has been read
    shown: list[list[str]] = []
    werkmap.scanned.connect(lambda: shown.append(column(werkmap, "Bestand")))
    qtbot.waitUntil(lambda: not werkmap.busy and bool(shown), timeout=10_000)
    assert shown == [["Enige.json"]]


def test_many_refreshes_leave_no_threads_behind(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    """A werkmap stays open all day and refreshes on every save in the folder."""
    from PySide6.QtCore import QThread

    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    for _ in range(30):
        werkmap.refresh()
        qtbot.waitUntil(lambda: not werkmap.busy, timeout=10_000)
    qtbot.waitUntil(lambda: not werkmap.findChildren(QThread), timeout=5_000)
    assert werkmap.model.rowCount() == 4


def test_the_table_shows_policy_titles_whole_outcomes_and_no_band_under_the_chart(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    """Issue 23, item 6, at the laptop size purchasers have."""
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    werkmap.resize(1366, 768)
    werkmap.show()
    qtbot.waitExposed(werkmap)
    policy = column(werkmap, "Beleid en versie")
    assert all(text.startswith("Inkoopbeleid") for text in policy if text), policy
    assert not any("paramedische-zorg-2026" in text for text in policy)
    outcome = WerkmapModel.HEADERS.index("Uitkomst")
    metrics = werkmap.table.fontMetrics()
    widest = max(metrics.horizontalAdvance(t) for t in column(werkmap, "Uitkomst"))
    assert werkmap.table.columnWidth(outcome) >= widest + 6  # not cut
    flags = WerkmapModel.HEADERS.index("Let op")
    right_edge = werkmap.table.columnViewportPosition(flags) + werkmap.table.columnWidth(flags)
    assert right_edge <= werkmap.table.viewport().width()  # what to notice: on screen
    index = werkmap.proxy.index(0, WerkmapModel.HEADERS.index("Bestand"))
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()  # the whole text on hover
    # One care type: the chart takes the room it needs, the table the rest.
    assert werkmap.chart_area.height() <= werkmap.chart.sizeHint().height() + 4


def test_status_steps_for_a_selection_follow_the_assessment_s_rules(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    """Issue 23, item 4: ter controle, vaststellen (confirmed), heropenen (with a reason) from
    the werkmap, saved with the history; a file open elsewhere is left alone and named."""
    from caresq_desk.core.document.files import load_assessment

    window.settings.assessor = "I. Jansen"
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    steps = werkmap.status_steps
    werkmap.table.selectAll()
    assert steps.submit_action.isEnabled() and not steps.reopen_action.isEnabled()
    colleague_opens(round_folder / "Amstelpraktijk.json")
    steps.submit_action.trigger()
    text = prompts.infos[-1][1]
    assert text.startswith("2 beoordelingen ter controle aangeboden en opgeslagen: ")
    assert "Amstelpraktijk: geopend door jdevries" in text
    brug = load_assessment(round_folder / "De Brug.json")[0]
    assert brug.status == "ter_controle"
    assert brug.history[-1].event == "status" and brug.history[-1].by.name == "I. Jansen"
    assert load_assessment(round_folder / "Amstelpraktijk.json")[0].status == "concept"
    qtbot.waitUntil(lambda: "Ter controle" in column(werkmap, "Status"), timeout=10_000)

    select(werkmap, "De Brug")
    assert steps.establish_action.isEnabled() and not steps.submit_action.isEnabled()
    steps.establish_action.trigger()  # FakePrompts confirms
    assert load_assessment(round_folder / "De Brug.json")[0].status == "vastgesteld"
    qtbot.waitUntil(lambda: "Vastgesteld" in column(werkmap, "Status"), timeout=10_000)
    select(werkmap, "De Brug")
    prompts.text_answers = [""]  # no reason: nothing happens
    steps.reopen_action.trigger()
    assert load_assessment(round_folder / "De Brug.json")[0].status == "vastgesteld"
    prompts.text_answers = ["Index gecorrigeerd door Vektis"]
    steps.reopen_action.trigger()
    reopened = load_assessment(round_folder / "De Brug.json")[0]
    assert reopened.status == "concept" and reopened.history[-1].reason.startswith("Index")


def test_a_file_open_in_the_window_is_not_stepped_from_the_werkmap(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    window.settings.assessor = "I. Jansen"
    assert window.open_path(round_folder / "De Brug.json")
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    select(werkmap, "De Brug")
    werkmap.status_steps.submit_action.trigger()
    assert "staat open in het hoofdvenster" in prompts.infos[-1][1]


def test_the_provider_cannot_set_a_status_from_the_werkmap(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    window.start.provider.setChecked(True)
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    werkmap.table.selectAll()
    assert not any(action.isEnabled() for action in werkmap.status_steps.actions)


def test_files_to_reassess_have_their_own_count_flag_and_filter(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    """Issue 24: an answer the policy no longer asks is kept, and the file is flagged."""
    path = round_folder / "De Brug.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["answers"]["oude_vraag"] = True
    path.write_text(json.dumps(data), encoding="utf-8")
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    assert "1 te herbeoordelen" in werkmap.counts.text()
    flags = dict(zip(column(werkmap, "Zorgaanbieder"), column(werkmap, "Let op"), strict=True))
    # Typed into the file by hand, so its history no longer matches either.
    assert flags["De Brug"] == "Gewijzigd buiten de toepassing; Te herbeoordelen"
    assert "1 buiten de toepassing gewijzigd" in werkmap.counts.text()
    werkmap.only_reassess.setChecked(True)
    assert column(werkmap, "Zorgaanbieder") == ["De Brug"]
    index = werkmap.proxy.index(0, WerkmapModel.HEADERS.index("Let op"))
    assert "oude_vraag: niet meer gevraagd" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert json.loads(path.read_text(encoding="utf-8"))["answers"]["oude_vraag"] is True
    werkmap.only_reassess.setChecked(False)
    werkmap.only_history.setChecked(True)
    assert column(werkmap, "Zorgaanbieder") == ["De Brug"]
    assert "antwoorden in het bestand wijken af" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_a_status_step_leaves_no_lock_marker_behind(
    qtbot, window: MainWindow, prompts: FakePrompts, round_folder: Path
) -> None:
    from caresq_desk.core.document.sharing import lock_path

    window.settings.assessor = "I. Jansen"
    werkmap = open_werkmap(qtbot, window, prompts, round_folder)
    select(werkmap, "De Brug")
    werkmap.status_steps.submit_action.trigger()
    assert "ter controle aangeboden" in prompts.infos[-1][1]
    assert not lock_path(round_folder / "De Brug.json").exists()
