"""The core imports no Qt: every module outside gui/ can be used without PySide6."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def test_core_modules_do_not_load_pyside6() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import caresq_desk
        names = [m.name for m in pkgutil.walk_packages(caresq_desk.__path__, "caresq_desk.")
                 if ".gui" not in m.name and not m.name.endswith("__main__")]
        for name in names:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        print(len(names), loaded)
        sys.exit(1 if loaded else 0)
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    count = int(completed.stdout.split()[0])
    assert count >= 10  # the walk really found the core modules
