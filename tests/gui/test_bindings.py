"""The Qt binding must not drain None's reference count: PySide6 6.12.0 did, and the window
aborted after a few hundred keystrokes (see pyproject.toml and gui/bindings.py)."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

from PySide6.QtWidgets import QApplication

from caresq_desk.gui.bindings import leaks_none_references
from caresq_desk.gui.main_window import MainWindow
from tests.gui.conftest import answer, start_new


def test_installed_binding_does_not_leak() -> None:
    assert not leaks_none_references()


def test_none_refcount_flat_over_1000_result_updates(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window, "fysiotherapie")
    document = window.document
    assert document is not None
    answer(qtbot, window, "behandelindex", 140)
    app = QApplication.instance()
    for _ in range(50):  # warm up caches, so what they free is not counted
        document.reevaluate()
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(1000):
        document.reevaluate()
        app.processEvents()  # the view repaints and asks the model for its data
    gc.collect()
    # A leaking binding loses several references per repainted update (thousands in all);
    # ordinary churn of caches and garbage moves the count by far less than 500.
    assert sys.getrefcount(None) > before - 500


SOAK = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtTest import QTest
    from caresq_desk.core.policy.registry import Registry
    from caresq_desk.gui.app import create_application
    from caresq_desk.gui.main_window import MainWindow
    from caresq_desk.gui.settings import Settings

    app = create_application([])
    window = MainWindow(Registry.load(), Settings())
    window.show()
    policy = next(p for p in window.registry if p.id == "paramedische-zorg-2026")
    window.new_assessment(policy.id, "fysiotherapie")
    form = window.document.form
    index = form.rows["behandelindex"].editor.edit
    typed = 0
    while typed < 2000:
        QTest.keyClicks(form.name, "Praktijk ")
        QTest.keyClicks(index, "151")
        index.clear()
        typed += 12
    app.processEvents()
    assert window.document.result is not None
    window.setWindowModified(False)
    window.close()
    print("typed", typed)
    """
)


def test_soak_typing_2000_characters_in_a_child_process(tmp_path) -> None:
    env = {**__import__("os").environ, "CARESQ_DESK_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", SOAK], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "typed 2004" in done.stdout
