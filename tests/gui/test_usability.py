"""A working day in the window (issue 10): the keyboard, the layout under the cursor, the way
back to an open assessment, the start view, role-aware results, screens and dialogs."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from caresq_desk.gui.main_window import MainWindow
from tests.conftest import fysio, make_assessment
from tests.gui.conftest import FakePrompts, answer, start_new


def test_every_question_is_reachable_by_tab_in_form_order(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "verbijzondering_invoer", "per_therapeut")
    answer(qtbot, window, "fysiotherapeuten", [{"uren": 30}] * 10)  # 40 cells: no trap
    form = window.document.form
    visible = [q for q, row in form.rows.items() if not row.isHidden()]
    form.name.setFocus()
    reached: list[str] = []
    for _ in range(400):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        question = form.question_with_focus()
        if question and (not reached or reached[-1] != question):
            reached.append(question)
        if question == visible[-1]:
            break
    assert reached == visible
    for _ in range(400):  # and back with Shift+Tab
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        if form.question_with_focus() == visible[0]:
            break
    assert form.question_with_focus() == visible[0]


def test_a_new_table_row_gets_the_focus(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "verbijzondering_invoer", "per_therapeut")
    editor = window.document.form.rows["fysiotherapeuten"].editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.table.cellWidget(0, 0).hasFocus())


def test_delete_clears_a_yes_no_answer_without_a_tab_stop(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "richtlijnen", True)
    editor = window.document.form.rows["richtlijnen"].editor
    assert editor.clear.focusPolicy() == Qt.FocusPolicy.NoFocus
    editor.yes.setFocus()
    qtbot.keyClick(editor.yes, Qt.Key.Key_Delete)
    assert editor.value() is None


def test_the_field_being_typed_in_stays_in_place(qtbot, window: MainWindow) -> None:
    pz = window.registry.get("paramedische-zorg-2026")
    answers = fysio(contract_afgelopen_3_jaar=False)  # route: the application form
    window.open_assessment(make_assessment(pz, "fysiotherapie", answers))
    form = window.document.form
    assert form.rows["aanvraagdatum"].isVisible()
    edit = form.rows["behandelindex"].editor.edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    before = edit.mapTo(form.viewport(), QPoint(0, 0)).y()
    qtbot.keyClicks(edit, "151")  # the exception route: the question above disappears
    assert not form.rows["aanvraagdatum"].isVisible()
    assert abs(edit.mapTo(form.viewport(), QPoint(0, 0)).y() - before) <= 2


def test_ctrl_n_keeps_a_way_back_to_the_open_assessment(
    qtbot, window: MainWindow, prompts: FakePrompts
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "behandelindex", 140)
    document = window.document
    window.new_action.trigger()
    assert window.stack.currentWidget() is window.start and window.start.back_button.isVisible()
    qtbot.mouseClick(window.start.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is document
    window.new_action.trigger()
    prompts.unsaved_answer = "annuleren"
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is document and window.document is document


def test_start_view_remembers_the_last_choice_and_speaks_to_the_role(
    qtbot, window: MainWindow, registry
) -> None:
    from caresq_desk.gui.settings import Settings

    start_new(qtbot, window, "logopedie")
    again = MainWindow(registry, Settings(), FakePrompts())
    qtbot.addWidget(again)
    assert again.start.policy.currentData() == "paramedische-zorg-2026"
    assert again.start.care_type.currentData() == "logopedie"
    again.start.provider.setChecked(True)
    assert "uw praktijk" in again.start.intro.text()
    again.start.purchaser.setChecked(True)
    assert "Beoordeel een zorgaanbieder" in again.start.intro.text()


def test_provider_role_leaves_out_what_only_the_purchaser_answers(
    qtbot, window: MainWindow
) -> None:
    window.start.provider.setChecked(True)
    start_new(qtbot, window, "fysiotherapie")
    ids = {c.id for c in window.document.result.criteria}
    assert not ids & {"G-FRAUD", "G-PRESTATIE"}
    shown = {
        window.document.panel.model.index(i, 0).data()
        for i in range(window.document.panel.model.rowCount())
    }
    assert not any(text.startswith("G-FRAUD") for text in shown)


def test_cli_and_excel_follow_the_role(tmp_path, capsys) -> None:
    import json

    from openpyxl import load_workbook

    from caresq_desk.cli import main
    from caresq_desk.core.document.files import save_assessment
    from caresq_desk.core.policy.registry import Registry

    pz = Registry.load().get("paramedische-zorg-2026")
    path = tmp_path / "praktijk.json"
    save_assessment(
        path, make_assessment(pz, "fysiotherapie", fysio(oordeel_prestaties="bovengemiddeld"))
    )
    for role, present in (("inkoper", True), ("zorgaanbieder", False)):
        assert main(["assess", str(path), "--json", "--rol", role]) == 0
        ids = {c["id"] for c in json.loads(capsys.readouterr().out)["criteria"]}
        assert ("G-PRESTATIE" in ids) is present
        out = tmp_path / f"{role}.xlsx"
        assert main(["export", str(path), "-o", str(out), "--rol", role]) == 0
        capsys.readouterr()
        criteria = {
            r[3] for r in load_workbook(out)["Criteria"].iter_rows(min_row=2, values_only=True)
        }
        assert ("G-PRESTATIE" in criteria) is present


def test_the_window_fits_the_screen(qtbot, window: MainWindow) -> None:
    area = window.screen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()


def test_check_dialog_can_be_closed(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    start_new(qtbot, window, "oefentherapie")
    window.check_action.trigger()
    buttons = window.check_dialog.findChild(QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Close).click()
    assert not window.check_dialog.isVisible()


def test_f1_says_what_the_answer_decides(qtbot, window: MainWindow, prompts: FakePrompts) -> None:
    start_new(qtbot, window, "fysiotherapie")
    window.document.form.rows["behandelindex"].editor.edit.setFocus()
    window.help_action.trigger()
    assert "Dit antwoord telt mee voor:" in prompts.infos[-1][1]
    assert "PZ-FYS-INDEX" in prompts.infos[-1][1]


def test_template_follows_the_open_assessment(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path
) -> None:
    from openpyxl import load_workbook

    start_new(qtbot, window, "logopedie")
    window.start.care_type.setCurrentIndex(0)  # the start view points elsewhere
    prompts.excel_save_answer = tmp_path / "sjabloon.xlsx"
    window.template_action.trigger()
    assert load_workbook(tmp_path / "sjabloon.xlsx")["_kolommen"]["B1"].value == "logopedie"


def test_dialogs_start_in_the_documents_folder_not_the_working_folder(tmp_path) -> None:
    from caresq_desk.core.common import paths
    from caresq_desk.gui.prompts import in_folder, start_folder

    assert start_folder(None) == paths.documents_dir() and paths.documents_dir().is_dir()
    assert in_folder("samenvatting.xlsx", tmp_path) == tmp_path / "samenvatting.xlsx"
    assert in_folder("samenvatting.xlsx", None).parent == paths.documents_dir()


def test_long_texts_scroll_in_a_dialog_that_fits(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser

    from caresq_desk.gui.prompts import Prompts

    shown = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    Prompts(None).info("Wijzigingen in het beleid", "\n".join(f"regel {n}" for n in range(80)))
    [dialog] = shown
    assert dialog.findChild(QTextBrowser) is not None and dialog.findChild(QDialogButtonBox)
    area = dialog.screen().availableGeometry()
    assert dialog.height() <= area.height()


def test_qt_file_dialogs_speak_dutch(qtbot) -> None:
    from PySide6.QtCore import QCoreApplication

    from caresq_desk.gui.app import create_application

    create_application([])
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Zoeken in:"


def test_a_double_clicked_assessment_opens_in_the_window(
    qtbot, window: MainWindow, tmp_path
) -> None:
    from caresq_desk.core.document.files import save_assessment
    from caresq_desk.gui.app import load_policies

    pz = window.registry.get("paramedische-zorg-2026")
    path = tmp_path / "dubbelklik.json"
    save_assessment(path, make_assessment(pz, "fysiotherapie", fysio()))
    load_policies(window, None, open_file=path)
    assert window.path == path and window.document is not None


ENGLISH = re.compile(
    r"\b(the|and|of the|File|Edit|Save|Open|Cancel|Close|Yes|Error|Warning|Look in|"
    r"Files of type|Tier|Id|Data|Please|Select|Settings)\b"
)


def _texts(widget) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit

    found = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            found.append(re.sub(r"<[^>]+>", " ", child.text()))
        elif isinstance(child, QAbstractButton):
            found.append(child.text().replace("&", ""))
        elif isinstance(child, QGroupBox):
            found.append(child.title())
        elif isinstance(child, QComboBox):
            found += [child.itemText(i) for i in range(child.count())]
        elif isinstance(child, QLineEdit):
            found.append(child.placeholderText())
        found.append(child.toolTip())
    return [text for text in found if text]


def test_no_english_reaches_the_user(qtbot, window: MainWindow, prompts: FakePrompts) -> None:
    texts = _texts(window)
    texts += [a.text().replace("&", "") for a in window.findChildren(QAction)]
    for care_type in ("fysiotherapie", "oefentherapie", "preventieve_voetzorg"):
        start_new(qtbot, window, care_type)
        texts += _texts(window.document)
        window.check_action.trigger()
        texts += _texts(window.check_dialog)
        window.check_dialog.close()
        prompts.unsaved_answer = "weggooien"
    english = sorted({t for t in texts if ENGLISH.search(t)})
    assert english == []


def test_start_view_offers_the_last_choice_within_the_session(qtbot, window: MainWindow) -> None:
    window.new_assessment("paramedische-zorg-2026", "logopedie")
    window.show_start()
    assert window.start.policy.currentData() == "paramedische-zorg-2026"
    assert window.start.care_type.currentData() == "logopedie"
