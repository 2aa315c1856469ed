"""Benchmark: cold start to the first painted window, the app against a bare PySide6 window.

Each start is a fresh Python process (interpreter, imports, policy loading, window) that quits on
its window's first paint; the parent times the whole process. App and bare window alternate, so
a noisy machine affects both alike. Goals (issues 4 and 21): the first window at most 1.5 times
the bare window, usable (the policies loaded and offered) at most 2.0 times. The first form is
measured too: what the policies no longer load at start (pydantic, the form) is paid there.

The app is measured as installed: its bytecode compiled first, as pip, the bundle and
scripts/setup.sh do (with PYTHONDONTWRITEBYTECODE set, an editable install would otherwise
compile every module on every start).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUIT_ON_FIRST_PAINT = """
from PySide6.QtCore import QEvent, QObject

class QuitOnPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            app.quit()
        return False
"""

BARE = (
    "import sys\n"
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "app = QApplication(sys.argv)\n" + QUIT_ON_FIRST_PAINT + "window = QLabel('Caresq Desk')\n"
    "window.resize(1280, 860)\n"
    "probe = QuitOnPaint(); window.installEventFilter(probe)\n"
    "window.show()\n"
    "app.exec()\n"
)

APP = (
    "from caresq_desk.gui.app import start\n"
    "from PySide6.QtWidgets import QApplication\n"
    "app = QApplication.instance()\n"
    + QUIT_ON_FIRST_PAINT.replace("app.quit()", "QApplication.instance().quit()")
    + "window = start()\n"
    "probe = QuitOnPaint(); window.installEventFilter(probe)\n"
    "QApplication.exec()\n"
)

# Until the policies are loaded and the start view offers them (the window is usable).
APP_READY = (
    "from caresq_desk.gui.app import start\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication\n"
    "window = start()\n"
    "timer = QTimer(); timer.setInterval(1)\n"
    "timer.timeout.connect(lambda: window.registry and QApplication.instance().quit())\n"
    "timer.start()\n"
    "QApplication.exec()\n"
)


# The first form of the largest policy, opened as soon as the window is usable.
APP_FORM = APP_READY.replace(
    "window.registry and QApplication.instance().quit()",
    "window.registry and (window.new_assessment('paramedische-zorg-2026', 'fysiotherapie'), "
    "QApplication.instance().quit())",
)


def timed_start(source: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", source], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["CARESQ_DESK_HOME"] = tempfile.mkdtemp(prefix="caresq-startup-")
    package = Path(__file__).resolve().parents[1] / "caresq_desk"
    compileall.compile_dir(package, quiet=1)
    timed_start(BARE, env)  # warm the file cache once for both
    timed_start(APP, env)
    bare, app, ready, form = [], [], [], []
    for _ in range(args.runs):
        bare.append(timed_start(BARE, env))
        app.append(timed_start(APP, env))
        ready.append(timed_start(APP_READY, env))
        form.append(timed_start(APP_FORM, env))
    b, a, r = statistics.median(bare), statistics.median(app), statistics.median(ready)
    f = statistics.median(form)
    print(f"runs:                     {args.runs} each, alternating (median)")
    print(f"bare PySide6 window:      {b * 1000:.0f} ms (min {min(bare) * 1000:.0f})")
    print(f"caresq-desk main window:  {a * 1000:.0f} ms (min {min(app) * 1000:.0f})")
    print(f"ratio:                    {a / b:.2f}x (goal: at most 1.5x)")
    print(f"policies loaded, usable:  {r * 1000:.0f} ms ({r / b:.2f}x the bare window; goal 2.0x)")
    print(f"first form open (PZ):     {f * 1000:.0f} ms ({f / b:.2f}x the bare window)")


if __name__ == "__main__":
    main()
