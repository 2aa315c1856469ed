"""What a self-check and a decision say (issue 27, parts 2, 3 and 5): "why not" and "by when"
in the summary, what happens next under a green verdict, and the provider's copy of a
purchaser's assessment (window and command line)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from caresq_desk.cli import main
from caresq_desk.core.document.files import save_assessment
from caresq_desk.core.document.history import record
from caresq_desk.core.model.assessment import Actor
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.report.text import in_short
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.gui.main_window import MainWindow
from tests.conftest import fysio, make_assessment
from tests.gui.conftest import FakePrompts, answer, start_new
from tests.gui.test_report import pdf_text as raw_pdf_text


def pdf_text(path: Path) -> str:
    return " ".join(raw_pdf_text(path).split())  # the PDF separates words with tabs


REGISTRY = Registry.load()
PZ = REGISTRY.get("paramedische-zorg-2026")
JAN = Actor(name="Jan de Vries", role="inkoper")


def test_a_red_verdict_says_why_and_a_green_one_by_when() -> None:
    answers = fysio(beroep_verbonden=False, behandelindex=170)
    failing = evaluate(PZ, make_assessment(PZ, "fysiotherapie", answers))
    assert in_short(failing)[0] == (
        "Waarom niet: Juiste Vektis-registratie (AGB-code en verbonden beroep); Landelijke "
        "behandelindex niet hoger dan 150."
    )
    passing = evaluate(PZ, make_assessment(PZ, "fysiotherapie", fysio(), on=date(2025, 9, 1)))
    assert in_short(passing) == [
        "Eerstvolgende uiterste datum: 24 oktober 2025 (Deadline vragenlijst fysiotherapie via "
        "VECOZO)."
    ]
    later = evaluate(PZ, make_assessment(PZ, "fysiotherapie", fysio(), on=date(2025, 10, 30)))
    assert "7 november 2025" in in_short(later)[0]  # the questionnaire's deadline has passed


def test_the_panel_starts_with_why_not_and_says_what_happens_next(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    start_new(qtbot, window, "fysiotherapie")
    answer(qtbot, window, "beroep_verbonden", False)
    panel = window.document.panel
    assert panel.summary.toPlainText().startswith("Waarom niet: Juiste Vektis-registratie")
    assert not panel.next_step.isVisible()
    window.document.session.dirty = False
    assert main(["example", str(tmp_path)]) == 0
    assert window.open_path(tmp_path / "paramedische-zorg-2026-fysio-contract-b.json")
    panel = window.document.panel
    assert panel.banner.text() == "Komt in aanmerking"
    assert panel.next_step.isVisible()
    assert panel.next_step.text() == f"Hierna: {window.document.result.route.label}"


def purchasers_file(folder: Path) -> Path:
    assessment = make_assessment(PZ, "fysiotherapie", fysio(oordeel_prestaties="bovengemiddeld"))
    assessment = record(None, assessment.model_copy(update={"notes": "intern: bellen"}), JAN)
    path = folder / "brug.json"
    save_assessment(path, assessment, evaluate(PZ, assessment))
    return path


def test_the_providers_copy_from_the_command_line(tmp_path: Path) -> None:
    path = purchasers_file(tmp_path)
    out = tmp_path / "voor-de-praktijk.pdf"
    assert main(["rapport", str(path), "-o", str(out), "--rol", "zorgaanbieder"]) == 0
    text = pdf_text(out)
    assert "beoordeling door de inkoper van Caresq" in text and "zelftoets" not in text
    assert "versie" in text  # the policy version stays
    for internal in ("Controlecode", "Status", "intern: bellen", "G-PRESTATIE"):
        assert internal not in text, internal


def test_the_providers_copy_from_the_window(
    qtbot, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    assert window.open_path(purchasers_file(tmp_path))
    assert window.provider_pdf_action.isEnabled()
    prompts.pdf_answer = out = tmp_path / "kopie.pdf"
    window.provider_pdf_action.trigger()
    assert any(q.endswith("brug voor de zorgaanbieder.pdf") for q in prompts.asked)
    text = pdf_text(out)
    assert "beoordeling door de inkoper van Caresq" in text
    assert "Controlecode" not in text and "intern: bellen" not in text
    assert "G-PRESTATIE" not in text  # what only the purchaser judges stays out
