"""Benchmark: 100 PDF/A reports of generated fysiotherapie assessments, time per report.

In the same run the baseline: evaluating and building the same reports' HTML without rendering,
so what rendering costs is visible on a noisy machine.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_report.py [--reports 100]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.report.html import report_html
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.gui.pdf import ensure_gui_app, pdf_bytes
from tests.conftest import fysio, make_assessment


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100)
    count = parser.parse_args().reports
    policy = Registry.load().get("paramedische-zorg-2026")
    chance = random.Random(3)
    assessments = [
        make_assessment(
            policy,
            "fysiotherapie",
            fysio(
                behandelindex=chance.randint(60, 190),
                skf_keurmerk=chance.random() < 0.5,
                prem_extern=chance.random() < 0.9,
            ),
        )
        for _ in range(count)
    ]
    ensure_gui_app()
    pdf_bytes(
        [
            (
                "opwarmen",
                report_html(assessments[0], evaluate(policy, assessments[0]), policy, "inkoper"),
            )
        ]
    )
    start = time.perf_counter()
    for assessment in assessments:
        html = report_html(assessment, evaluate(policy, assessment), policy, "inkoper")
        pdf_bytes([("Beoordeling", html)])
    total = time.perf_counter() - start
    start = time.perf_counter()
    for assessment in assessments:
        report_html(assessment, evaluate(policy, assessment), policy, "inkoper")
    html_only = time.perf_counter() - start
    print(f"reports:                 {count}")
    print(f"PDF/A reports:           {total:.2f} s, {total / count * 1000:.0f} ms per report")
    print(
        f"baseline (HTML only):    {html_only:.2f} s, {html_only / count * 1000:.1f} ms per report"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
