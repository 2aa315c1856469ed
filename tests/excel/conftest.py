"""Shared by the Excel tests: a summary test runs with each writer (excel/writers.py)."""

from __future__ import annotations

import pytest

from caresq_desk.excel import writers


@pytest.fixture(params=["xlsxwriter", "rustpy-xlsxwriter"])
def writer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each summary test with both writers: the fast one also for a short summary."""
    if request.param == "rustpy-xlsxwriter":
        pytest.importorskip("rustpy_xlsxwriter")
        monkeypatch.setattr(writers, "FAST_FROM", 0)
    else:
        monkeypatch.setenv(writers.WRITER_SETTING, "xlsxwriter")
    return str(request.param)
