"""Render the start view and a filled fysiotherapie form offscreen into docs/screenshots/.

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

from caresq_desk.core.examples import load_examples
from caresq_desk.core.files import save_assessment
from caresq_desk.core.registry import Registry
from caresq_desk.gui.app import create_application
from caresq_desk.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "screenshots"
SIZE = (1400, 900)


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
    window.close()
    print(f"screenshots written to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
