"""The assessment as a document (issue 12): a PDF/A report from the window and the command
line, with the verdict, every applicable criterion and its source, the dates, and nothing of the
purchaser's in the provider role."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from caresq_desk.cli import main
from caresq_desk.core.document.files import save_assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.report.html import report_html
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.gui.main_window import MainWindow
from caresq_desk.gui.pdf import pdf_bytes
from tests.conftest import fysio, make_assessment
from tests.gui.conftest import FakePrompts, start_new

REGISTRY = Registry.load()
PZ = REGISTRY.get("paramedische-zorg-2026")


def pdf_text(path: Path) -> str:
    """The PDF's text; NFKC turns the font's ligatures ("ﬀ") back into letters."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return unicodedata.normalize("NFKC", text)


def flat(text: str) -> str:
    """One line, and an id wrapped at its hyphen in a narrow column joined again."""
    return " ".join(text.split()).replace("- ", "-")


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    answers = fysio(skf_keurmerk=True, oordeel_prestaties="bovengemiddeld")
    assessment = make_assessment(PZ, "fysiotherapie", answers).model_copy(
        update={"notes": "Gesprek met de praktijkhouder op 3 maart."}
    )
    path = tmp_path / "de-brug.json"
    save_assessment(path, assessment)
    return path


def test_report_has_the_verdict_every_criterion_sources_and_dates(
    saved: Path, tmp_path: Path
) -> None:
    out = tmp_path / "rapport.pdf"
    assert main(["rapport", str(saved), "-o", str(out)]) == 0
    text = flat(pdf_text(out))
    assessment = make_assessment(
        PZ, "fysiotherapie", fysio(skf_keurmerk=True, oordeel_prestaties="bovengemiddeld")
    )
    result = evaluate(PZ, assessment)
    assert "Komt in aanmerking" in text and "Zorgovereenkomst A" in text
    for criterion in result.criteria:
        if criterion.outcome != "niet_van_toepassing":
            assert criterion.id in text, criterion.id
    squashed = "".join(text.split())  # narrow columns wrap inside words
    assert "§3.2Differentiatiefactoren" in squashed and "§5Planning" in squashed
    assert "7 november 2025" in text and "uiterste datum" in text
    assert "Gesprek met de praktijkhouder" in text  # the purchaser's notes
    assert "pagina 1 van" in text and "Caresq Desk" in text


def test_pdf_is_pdf_a(saved: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.pdf"
    assert main(["rapport", str(saved), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-1.4") and b"pdfaid:part" in data


def test_provider_report_leaves_out_the_purchasers_answers_and_notes(
    saved: Path, tmp_path: Path
) -> None:
    out = tmp_path / "zelftoets.pdf"
    assert main(["rapport", str(saved), "-o", str(out), "--rol", "zorgaanbieder"]) == 0
    text = flat(pdf_text(out))
    assert "Oordeel prestaties" not in text and "G-PRESTATIE" not in text
    assert "Gesprek met de praktijkhouder" not in text
    # Not the provider's own file: the purchaser's assessment, sent to the provider (issue 27).
    assert "beoordeling door de inkoper van Caresq" in text and "zelftoets" not in text


def test_a_long_assessment_breaks_across_pages_without_losing_rows(tmp_path: Path) -> None:
    row = {"verbijzondering": "Manuele therapie", "vektis": True, "uren": 30}
    rows = [{"naam": f"Therapeut {n:02d}", **row} for n in range(40)]
    answers = fysio(verbijzondering_invoer="per_therapeut", aantal_fysiotherapeuten=None,
                    aantal_verbijzonderd=None, fysiotherapeuten=rows)  # fmt: skip
    assessment = make_assessment(PZ, "fysiotherapie", answers)
    html = report_html(assessment, evaluate(PZ, assessment), PZ, "inkoper")
    out = tmp_path / "lang.pdf"
    out.write_bytes(pdf_bytes([("Lang", html)]))
    reader = PdfReader(out)
    assert len(reader.pages) > 3
    text = flat(pdf_text(out))
    assert all(f"Therapeut {n:02d}" in text for n in range(40))


def test_the_criteria_table_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    """Issue 23: a criterion on page 3 still says which column is the outcome."""
    assessment = make_assessment(PZ, "fysiotherapie", fysio())
    html = report_html(assessment, evaluate(PZ, assessment), PZ, "inkoper")
    out = tmp_path / "rapport.pdf"
    out.write_bytes(pdf_bytes([("Rapport", html)]))
    pages = [flat(page.extract_text()) for page in PdfReader(out).pages]
    first = next(n for n, text in enumerate(pages) if "Toelichting" in text)
    last = next(n for n, text in enumerate(pages) if "Gegeven antwoorden" in text)
    assert last > first  # the table runs over more than one page
    for text in pages[first : last + 1]:
        if "PZ-" in text:  # a page with criteria on it
            assert "Criterium" in text and "Toelichting" in text and "Uitkomst" in text


def test_a_corrupt_file_among_several_is_named_and_the_others_are_written(
    saved: Path, tmp_path: Path, capsys
) -> None:
    broken = tmp_path / "kapot.json"
    broken.write_text("{ kapot", encoding="utf-8")
    folder = tmp_path / "rapporten"
    assert main(["rapport", str(saved), str(broken), "-o", f"{folder}/"]) == 0
    assert "kapot.json" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["de-brug.pdf"]


def test_window_prints_and_exports_the_open_assessment(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    window.print_action.trigger()
    [[(title, html)]] = prompts.printed
    assert title.startswith("Beoordeling") and "Onvolledig" in html
    prompts.pdf_answer = tmp_path / "uit.pdf"
    window.pdf_action.trigger()
    assert "Onvolledig" in flat(pdf_text(tmp_path / "uit.pdf"))


def test_texts_from_files_are_escaped() -> None:
    assessment = make_assessment(PZ, "fysiotherapie", fysio()).model_copy(
        update={"notes": "<script>alert(1)</script> & <b>vet</b>"}
    )
    html = report_html(assessment, evaluate(PZ, assessment), PZ, "inkoper")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_list_dialog_writes_a_report_of_the_chosen_rows(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    from tests.excel.test_excel import ROW, filled_list
    from tests.gui.test_batch import run_list

    rows = [ROW, {**ROW, "provider.name": "Praktijk Hoog", "provider.agb_code": "04000002",
                  "behandelindex": 151}]  # fmt: skip
    dialog = run_list(qtbot, window, prompts, filled_list(tmp_path, rows))
    dialog.table.selectRow(1)
    prompts.pdf_answer = tmp_path / "gekozen.pdf"
    dialog.report_button.click()
    text = flat(pdf_text(tmp_path / "gekozen.pdf"))
    assert "Praktijk Hoog" in text and "Fysiotherapie De Brug" not in text


def test_list_dialog_can_write_one_pdf_per_assessment(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    from tests.excel.test_excel import ROW, filled_list
    from tests.gui.test_batch import run_list

    rows = [ROW, {**ROW, "provider.name": "Praktijk/Hoog", "provider.agb_code": "04000002"}]
    dialog = run_list(qtbot, window, prompts, filled_list(tmp_path, rows))
    prompts.layout_answer = "per_stuk"
    prompts.folder_answer = tmp_path / "uit"
    prompts.folder_answer.mkdir()
    dialog.report_button.click()
    names = sorted(p.name for p in prompts.folder_answer.iterdir())
    assert names == ["Beoordeling Fysiotherapie De Brug-1.pdf", "Beoordeling Praktijk_Hoog-2.pdf"]
