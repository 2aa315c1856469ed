"""The code stays ruff clean (lint and format), so the check runs with every test run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def ruff() -> str:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent))
    assert found, "ruff is a dev dependency (pip install -e .[dev])"
    return found


def test_ruff_check() -> None:
    completed = subprocess.run(
        [ruff(), "check", "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout


def test_ruff_format() -> None:
    completed = subprocess.run(
        [ruff(), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout
