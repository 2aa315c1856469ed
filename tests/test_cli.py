"""The command line: the right output for good input, one clear line and exit 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from caresq_desk.cli import main
from tests.conftest import POLICIES, ROOT

EXAMPLE = "paramedische-zorg-2026-fysio-contract-b.json"


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    target = tmp_path / "voorbeelden"
    assert main(["example", str(target)]) == 0
    return target


def test_example_writes_qualifying_and_failing_assessments(examples: Path, capsys) -> None:
    written = sorted(p.name for p in examples.glob("*.json"))
    assert EXAMPLE in written
    verdicts = {json.loads((examples / name).read_text())["result"]["verdict"] for name in written}
    assert {"voldoet", "voldoet_niet", "uitzondering_mogelijk", "onvolledig"} <= verdicts


def test_assess_prints_verdict_tier_and_explanations(examples: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["assess", str(examples / EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "UITKOMST: Komt in aanmerking" in out
    assert "Zorgovereenkomst: Fysiotherapie: Zorgovereenkomst B (looptijd 2026-2027)" in out
    assert "PZ-FYS-F1" in out and "§3.2" in out
    assert "Met één differentiatiefactor meer" in out


def test_assess_json(examples: Path, capsys) -> None:
    capsys.readouterr()
    assert (
        main(["assess", "--json", str(examples / "paramedische-zorg-2026-fysio-index-151.json")])
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "uitzondering_mogelijk"
    assert result["policy_id"] == "paramedische-zorg-2026"
    assert len(result["policy_sha256"]) == 64
    index = next(c for c in result["criteria"] if c["id"] == "PZ-FYS-INDEX")
    assert index["outcome"] == "niet_voldaan" and index["source"].startswith("§2.3")


def test_policies_lists_care_types(capsys) -> None:
    assert main(["policies", "--wijzigingen"]) == 0
    out = capsys.readouterr().out
    assert "paramedische-zorg-2026" in out
    assert "fysiotherapie: Fysiotherapie; contracten A, B, C, D" in out
    assert "van vijf naar vier" in out


def test_policy_check_passes_on_the_bundled_policies(capsys) -> None:
    assert main(["policy", "check"]) == 0
    assert "OK" in capsys.readouterr().out


def test_policy_check_fails_on_a_broken_policy(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "kapot.toml"
    text = (POLICIES / "2026" / "paramedische-zorg.toml").read_text(encoding="utf-8")
    broken.write_text(
        text.replace(
            'condition = { q = "prem_extern", eq = true }',
            'condition = { q = "prem_extrn", eq = true }',
        )
    )
    assert main(["policy", "check", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "kapot.toml" in err and "PZ-R5" in err and "onbekende vraag 'prem_extrn'" in err


def test_schema_is_json_schema_of_the_assessment(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    schema = json.loads(target.read_text())
    assert schema["title"] == "Assessment"
    assert {"policy", "care_type", "answers", "provider"} <= set(schema["properties"])


def test_default_runs_the_showcase_example_headless(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert main([]) == 0
    assert "UITKOMST: Komt in aanmerking" in capsys.readouterr().out


def assessment_file(tmp_path: Path, examples: Path, change) -> Path:
    data = json.loads((examples / EXAMPLE).read_text())
    change(data)
    path = tmp_path / "invoer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["answers"].update(behandelindex="veel"), "antwoord 'behandelindex'"),
        (lambda d: d["answers"].update(werkdagen_eerste_afspraak=2.5), "geheel getal"),
        (lambda d: d["provider"].update(agb_code="0412345"), "provider.agb_code"),
        (
            lambda d: d["policy"].update(id="bestaat-niet"),
            "beleid 'bestaat-niet' is niet beschikbaar",
        ),
        (lambda d: d.update(care_type="tandheelkunde"), "zorgsoort 'tandheelkunde' bestaat niet"),
        (lambda d: d.update(schema_version=7), "nieuwere versie"),
    ],
)
def test_bad_input_is_one_line_with_exit_code_2(
    tmp_path: Path, examples: Path, capsys, change, words: str
) -> None:
    path = assessment_file(tmp_path, examples, change)
    capsys.readouterr()
    assert main(["assess", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("caresq-desk: fout: ")
    assert words in lines[0]


@pytest.mark.parametrize("content", [None, "{kapot"])
def test_missing_or_invalid_file(tmp_path: Path, capsys, content: str | None) -> None:
    path = tmp_path / "x.json"
    if content is not None:
        path.write_text(content)
    assert main(["assess", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err


def test_module_entry_point_runs_without_traceback(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "caresq_desk", "assess", str(tmp_path / "weg.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert "bestand niet gevonden" in completed.stderr


def test_documented_schema_is_current(tmp_path: Path) -> None:
    """docs/beoordeling.schema.json is what `caresq-desk schema` prints (regenerate it if not)."""
    fresh = tmp_path / "schema.json"
    assert main(["schema", "-o", str(fresh)]) == 0
    assert (ROOT / "docs" / "beoordeling.schema.json").read_text() == fresh.read_text()


def test_every_option_and_argument_is_explained_in_dutch() -> None:
    """`--help` of every command names what each argument is for, with no English left."""
    import argparse

    from caresq_desk.cli import build_parser

    def parsers(parser: argparse.ArgumentParser):
        yield parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from parsers(sub)

    unexplained = []
    for parser in parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                unexplained.append(f"{parser.prog}: {action.dest}")
        text = parser.format_help()
        assert "show" not in text and "exit" not in text and "usage" not in text, parser.prog
    assert unexplained == []
