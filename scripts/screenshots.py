"""Render the start view, a filled fysiotherapie form and an assessed provider list offscreen
into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py

Uses a temporary home folder, so the user's own settings and recent files never show up.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CARESQ_DESK_HOME"] = tempfile.mkdtemp(prefix="caresq-screenshots-")

from caresq_desk.core.document.examples import load_examples
from caresq_desk.core.document.files import save_assessment
from caresq_desk.core.policy.registry import Registry
from caresq_desk.gui.app import create_application
from caresq_desk.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)  # a common purchaser laptop


def provider_list() -> Path:
    """Generated practices (the batch benchmark's generator) with one bad row."""
    from openpyxl import load_workbook

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_batch import make_list

    path = Path(os.environ["CARESQ_DESK_HOME"]) / "lijst.xlsx"
    make_list(path, 8, seed=11)
    workbook = load_workbook(path)
    sheet = workbook["Beoordelingen"]
    keys = [cell.value for cell in workbook["_kolommen"][2]]
    sheet.cell(row=6, column=keys.index("werkdagen_eerste_afspraak") + 1, value="drie")
    sheet.cell(row=8, column=keys.index("provider.agb_code") + 1, value=4000005)
    workbook.save(path)
    return path


def report_page(policy, example) -> None:  # noqa: ANN001
    """Page 1 of the example's PDF report as a PNG (needs pdftoppm from poppler-utils)."""
    import shutil
    import subprocess

    from caresq_desk.core.report.html import report_html
    from caresq_desk.core.rules.engine import evaluate
    from caresq_desk.core.rules.roles import for_role
    from caresq_desk.gui.pdf import write_pdf

    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: no report screenshot (apt-get install poppler-utils)")
        return
    pdf = Path(os.environ["CARESQ_DESK_HOME"]) / "rapport.pdf"
    result = for_role(evaluate(policy, example.assessment), policy, "inkoper")  # as `rapport` does
    html = report_html(example.assessment, result, policy, "inkoper")
    write_pdf(pdf, [(f"Beoordeling {example.assessment.provider.name}", html)])
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(TARGET / "rapport")], check=True)  # fmt: skip


def werkmap_round(registry: Registry) -> Path:
    """A round as a purchaser meets it: the shipped examples, some checked or fixed by a
    colleague, one a policy correction changes, a conflict copy and a file a colleague has open."""
    import json
    import shutil

    from caresq_desk.cli import main as cli
    from caresq_desk.core.document.files import load_assessment
    from caresq_desk.core.document.history import advance, record
    from caresq_desk.core.document.sharing import lock_path
    from caresq_desk.core.model.assessment import Actor
    from caresq_desk.core.rules.engine import evaluate

    home = Path(os.environ["CARESQ_DESK_HOME"])
    folder = home / "Inkoop 2026"
    cli(["example", str(folder)])
    jan, ineke = Actor(name="Jan de Vries"), Actor(name="Ineke Bakker")
    files = sorted(folder.glob("*.json"))
    for number, path in enumerate(files):
        assessment, _ = load_assessment(path)
        assessment = record(None, assessment, jan if number % 2 else ineke)
        for _ in range(number % 3):
            assessment = advance(assessment, jan)
        policy = registry.get(assessment.policy.id)
        save_assessment(path, assessment, evaluate(policy, assessment))
    # Saved before a correction of the index limit (140 then, 150 now): its outcome changed.
    corrected = home / "beleid"
    shutil.copytree(ROOT / "policies", corrected)
    toml = corrected / "2026" / "paramedische-zorg.toml"
    limit = '{ q = "behandelindex", le = '
    text = toml.read_text(encoding="utf-8").replace(f"{limit}150 }}", f"{limit}140 }}")
    toml.write_text(text.replace('version = "2026-2"', 'version = "2026-1"', 1))
    before = Registry.load(corrected).get("paramedische-zorg-2026")
    changed = folder / "paramedische-zorg-2026-fysio-contract-a.json"
    assessment, _ = load_assessment(changed)
    save_assessment(changed, assessment, evaluate(before, assessment))
    source = folder / "paramedische-zorg-2026-fysio-contract-b.json"
    shutil.copy(source, source.with_name(f"{source.stem} (conflict 2026-11-30).json"))
    marker = {"user": "jdevries", "host": "laptop-jan", "pid": 4242, "since": "2026-11-30T09:15"}
    lock_path(folder / "farmacie-2026-openbare-apotheek.json").write_text(json.dumps(marker))
    return folder


def main() -> int:
    app = create_application(sys.argv)
    registry = Registry.load()
    window = MainWindow(registry)
    window.resize(*SIZE)
    window.show()
    app.processEvents()
    TARGET.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(TARGET / "startscherm.png"))

    policy = registry.get("paramedische-zorg-2026")
    example = next(e for e in load_examples(policy) if e.spec.showcase)
    path = Path(os.environ["CARESQ_DESK_HOME"]) / "Fysiotherapie De Brug.json"
    save_assessment(path, example.assessment)
    window.open_path(path)
    app.processEvents()
    window.grab().save(str(TARGET / "fysiotherapie.png"))

    document = window.document
    assert document is not None
    document.form.rows["behandelindex"].editor.set_value(163)
    document.reevaluate()
    document.panel.only_unmet.setChecked(True)
    app.processEvents()
    window.grab().save(str(TARGET / "fysiotherapie-index-163.png"))
    window.setWindowModified(False)

    window.open_batch()
    dialog = window.batch_dialog
    dialog.resize(1100, 560)
    dialog.start(provider_list())
    while dialog.outcome is None:
        app.processEvents()
    app.processEvents()
    dialog.grab().save(str(TARGET / "lijst.png"))
    dialog.close()
    window.open_werkmap(werkmap_round(registry))
    werkmap = window.werkmap
    assert werkmap is not None
    werkmap.resize(*SIZE)
    while werkmap.busy:
        app.processEvents()
    app.processEvents()
    werkmap.grab().save(str(TARGET / "werkmap.png"))
    werkmap.only_changed.setChecked(True)
    werkmap.table.selectRow(0)
    werkmap.show_changes()
    app.processEvents()
    werkmap.changes_dialog.grab().save(str(TARGET / "werkmap-gewijzigd.png"))
    window.close()
    report_page(policy, example)
    print(f"screenshots written to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
