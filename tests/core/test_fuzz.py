"""A slice of the fuzzing harness (tests/fuzzing.py) in every test run: no file of any kind
gives a traceback, and every error message stays readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caresq_desk import cli
from caresq_desk.core.document.files import AssessmentFileError, parse_assessment
from tests import fuzzing


@pytest.mark.parametrize("seed", [11, 12])
def test_mutated_assessment_files_never_crash(seed: int) -> None:
    assert fuzzing.fuzz_assessments(300, seed) == []


@pytest.mark.parametrize("seed", [21, 22])
def test_mutated_policy_files_never_crash(seed: int) -> None:
    assert fuzzing.fuzz_policies(60, seed) == []


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_are_a_clean_error(data: bytes) -> None:
    try:
        parse_assessment(data, Path("x.json"))
    except AssessmentFileError as error:
        assert len(str(error)) < 700


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "te diep"),
        (b'{"format": 1, "format": 2}', "twee keer"),
        (b'{"a": ' + b"9" * 5000 + b"}", "te groot"),
        (b'{"a": NaN}', "te groot of geen getal"),
    ],
)
def test_hostile_json_is_named(content: bytes, words: str) -> None:
    with pytest.raises(AssessmentFileError, match=words):
        parse_assessment(content, Path("x.json"))


def test_policy_check_refuses_example_answers_of_the_wrong_type(tmp_path: Path, capsys) -> None:
    source = fuzzing.ROOT / "policies" / "2025"
    for file in source.iterdir():
        (tmp_path / file.name).write_bytes(file.read_bytes())
    examples = tmp_path / "ziekenvervoer.examples.toml"
    text = examples.read_text(encoding="utf-8")
    first_bool = text.index("= true")
    examples.write_text(text[:first_bool] + '= "ja"' + text[first_bool + 6 :], encoding="utf-8")
    assert cli.main(["policy", "check", str(tmp_path / "ziekenvervoer.toml")]) == 2
    assert "niet de tekst 'ja'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("min = 0, max = 80 }", "min = 90, max = 80 }", "groter dan max"),
        ("min = 0, max = 80 }", "min = 0, max = nan }", "nan"),
        ("min = 0, max = 80 }", "min = -inf, max = 80 }", "inf"),
    ],
)
def test_policy_limits_must_make_sense(tmp_path: Path, old: str, new: str, words: str) -> None:
    from caresq_desk.core.policy.loader import PolicyError, load_policy

    text = (fuzzing.ROOT / "policies" / "2026" / "paramedische-zorg.toml").read_text(
        encoding="utf-8"
    )
    assert old in text
    path = tmp_path / "paramedische-zorg.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError, match=words):
        load_policy(path)


def test_blank_titles_are_refused(tmp_path: Path) -> None:
    from caresq_desk.core.policy.loader import PolicyError, load_policy

    text = (fuzzing.ROOT / "policies" / "2025" / "ziekenvervoer.toml").read_text(encoding="utf-8")
    path = tmp_path / "ziekenvervoer.toml"
    index = text.index("\ntitle = ")
    end = text.index("\n", index + 1)
    path.write_text(text[:index] + '\ntitle = "   "' + text[end:], encoding="utf-8")
    with pytest.raises(PolicyError, match="leeg"):
        load_policy(path)
