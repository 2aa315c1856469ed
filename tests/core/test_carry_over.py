"""Carrying an assessment to the next contract year (issue 24, part 3): every answer whose
question exists there, directly or by migration, goes along; the rest is listed; the new file
starts its history with where it came from and the original is never touched."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from caresq_desk.cli import main
from caresq_desk.core.document.carry import CarryError, carry_file, carry_over
from caresq_desk.core.document.files import load_assessment, save_assessment
from caresq_desk.core.model.assessment import Actor
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from tests.conftest import POLICIES, fysio, make_assessment

ME = Actor(name="I. Jansen", role="inkoper")


def next_year(folder: Path) -> Path:
    """The policies plus a 2027 paramedische zorg in which 'richtlijnen' is renamed and an old
    question of 2025 ('tevredenheid_gemeten') is retired."""
    shutil.copytree(POLICIES, folder)
    source = folder / "2026" / "paramedische-zorg.toml"
    text = source.read_text(encoding="utf-8")
    text = text.replace('id = "paramedische-zorg-2026"', 'id = "paramedische-zorg-2027"', 1)
    text = text.replace("contract_year = 2026", "contract_year = 2027", 1)
    text = text.replace('id = "richtlijnen"\n', 'id = "richtlijnen_beroepsgroep"\n'
                        'renamed_from = ["richtlijnen"]\n', 1)  # fmt: skip
    text = text.replace('q = "richtlijnen"', 'q = "richtlijnen_beroepsgroep"')
    text += (
        '\n[[retired]]\nid = "tevredenheid_gemeten"\ncare_types = ["fysiotherapie"]\n'
        'label = "Meet de praktijk de tevredenheid van patiënten?"\n'
        'reason = "in 2027 onderdeel van de PREM"\n'
    )
    (folder / "2027").mkdir(exist_ok=True)
    (folder / "2027" / "paramedische-zorg.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return Registry.load(next_year(tmp_path / "beleid"))


def practice(registry: Registry):
    """A 2026 file that still holds an answer of an older version (kept, never dropped)."""
    policy = registry.get("paramedische-zorg-2026")
    return make_assessment(policy, "fysiotherapie", {**fysio(), "tevredenheid_gemeten": True})


def test_answers_go_along_by_id_or_migration_and_the_rest_is_listed(registry: Registry) -> None:
    source = practice(registry)
    target = registry.get("paramedische-zorg-2027")
    carried = carry_over(source, target, ME, date(2026, 12, 1), "De Brug.json")
    answers = carried.assessment.answers
    assert answers["richtlijnen_beroepsgroep"] is source.answers["richtlijnen"]
    assert "richtlijnen" not in answers and "tevredenheid_gemeten" not in answers
    assert [item.id for item in carried.left] == ["tevredenheid_gemeten"]
    assert carried.assessment.policy.id == "paramedische-zorg-2027"
    assert carried.assessment.assessment_date == date(2026, 12, 1)
    [event] = carried.assessment.history
    assert event.event == "aangemaakt" and event.by == ME
    assert event.reason.startswith("overgenomen uit De Brug.json (paramedische-zorg-2026")
    assert "niet overgenomen: Meet de praktijk de tevredenheid" in event.reason
    assert evaluate(target, carried.assessment).verdict  # a complete assessment of 2027


def test_a_care_type_the_target_does_not_have_is_refused(registry: Registry) -> None:
    with pytest.raises(CarryError) as caught:
        carry_over(practice(registry), registry.get("farmacie-2026"), ME, date(2026, 12, 1))
    assert "zorgsoort 'fysiotherapie' bestaat niet" in str(caught.value)


def test_the_file_goes_beside_the_original_which_stays_as_it_was(
    registry: Registry, tmp_path: Path
) -> None:
    source = tmp_path / "ronde" / "De Brug.json"
    save_assessment(source, practice(registry), create_folder=True)
    before = source.read_bytes()
    target = registry.get("paramedische-zorg-2027")
    done = carry_file(source, registry, target, ME, date(2026, 12, 1))
    assert done.written == source.with_name("De Brug (paramedische-zorg-2027).json")
    assert load_assessment(done.written)[0].policy.id == "paramedische-zorg-2027"
    assert source.read_bytes() == before
    again = carry_file(source, registry, target, ME, date(2026, 12, 1))
    assert again.written is None and "bestaat al" in again.problem


def test_the_command_line_carries_a_file(registry: Registry, tmp_path: Path, capsys) -> None:
    source = tmp_path / "De Brug.json"
    save_assessment(source, practice(registry))
    policies = str(tmp_path / "beleid")
    args = [
        "--beleid-map",
        policies,
        "overnemen",
        str(source),
        "--beleid",
        "paramedische-zorg-2027",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "De Brug (paramedische-zorg-2027).json:" in out and "antwoorden overgenomen" in out
    assert main(args) == 2  # never over an existing file
    assert "bestaat al" in capsys.readouterr().err
