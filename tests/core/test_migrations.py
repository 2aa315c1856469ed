"""Policy corrections keep every answer (issue 24): migrations are data in the policy file, the
loader checks them, and every path that reads a file places the answers the same way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from caresq_desk.cli import main
from caresq_desk.core.document.assessed import assess_file
from caresq_desk.core.document.examples import load_examples
from caresq_desk.core.document.files import assessment_json, load_assessment
from caresq_desk.core.document.session import Opened, Session, read_document
from caresq_desk.core.model.assessment import Actor
from caresq_desk.core.policy.loader import PolicyError, load_policy
from caresq_desk.core.policy.registry import Registry
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.werkmap.index import WerkmapIndex
from tests.conftest import POLICIES

REGISTRY = Registry.load()
FARMACIE = REGISTRY.get("farmacie-2026")
PZ = REGISTRY.get("paramedische-zorg-2026")
ME = Actor(name="I. Jansen", role="inkoper")


def example(policy, name: str):
    return next(e for e in load_examples(policy) if e.spec.name == name).assessment


def written(path: Path, assessment, renames: dict[str, str]) -> Path:
    """The assessment as an earlier version saved it: answers under their old ids."""
    policy = REGISTRY.get(assessment.policy.id)
    data = json.loads(assessment_json(assessment, evaluate(policy, assessment)))
    for new, old in renames.items():
        data["answers"][old] = data["answers"].pop(new)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- the entries for the renames the policies have had -------------------------------------------


def test_a_farmacie_file_with_the_old_id_is_assessed_exactly_like_the_new_one(
    tmp_path: Path, capsys
) -> None:
    """The steering check: `assess --json` and `werkmap --json` agree for both files."""
    pharmacy = example(FARMACIE, "openbare-apotheek")
    assert "groep_gemandateerd" in pharmacy.answers
    new = written(tmp_path / "nieuw" / "apotheek.json", pharmacy, {})
    old = written(
        tmp_path / "oud" / "apotheek.json",
        pharmacy,
        {"groep_gemandateerd": "groep_met_vertegenwoordiger"},
    )
    outputs = []
    for path in (new, old):
        capsys.readouterr()
        assert main(["assess", "--json", str(path)]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    rows = []
    for folder in (new.parent, old.parent):
        capsys.readouterr()
        assert main(["werkmap", "--json", str(folder)]) == 0
        [row] = json.loads(capsys.readouterr().out)
        rows.append(row)
    assert rows[0]["verdict"] == rows[1]["verdict"] and rows[1]["reassess"] == ""
    assert not rows[1]["changed"]


def test_the_text_report_says_what_was_moved(tmp_path: Path, capsys) -> None:
    pharmacy = example(FARMACIE, "openbare-apotheek")
    old = written(tmp_path / "apotheek.json", pharmacy,
                  {"groep_gemandateerd": "groep_met_vertegenwoordiger"})  # fmt: skip
    assert main(["assess", str(old)]) == 0
    out = capsys.readouterr().out
    assert "vraag groep_met_vertegenwoordiger heet nu groep_gemandateerd" in out


def test_the_voetzorg_register_answer_becomes_the_podotherapeut_s(tmp_path: Path) -> None:
    practice = example(PZ, "voetzorg-aanbod")
    value = practice.answers["podotherapeut_kwaliteitsregister"]
    old = written(tmp_path / "voetzorg.json", practice,
                  {"podotherapeut_kwaliteitsregister": "kwaliteitsregister"})  # fmt: skip
    done = assess_file(old, REGISTRY)
    assert done.assessment is not None and done.not_placed == ()
    assert done.assessment.answers["podotherapeut_kwaliteitsregister"] == value
    assert "kwaliteitsregister" not in done.assessment.answers
    fresh = evaluate(PZ, practice)
    assert done.result is not None and done.result.verdict == fresh.verdict


def test_opening_and_saving_writes_the_move_into_the_history(tmp_path: Path) -> None:
    pharmacy = example(FARMACIE, "openbare-apotheek")
    old = written(tmp_path / "apotheek.json", pharmacy,
                  {"groep_gemandateerd": "groep_met_vertegenwoordiger"})  # fmt: skip
    opened = read_document(old, REGISTRY)
    assert isinstance(opened, Opened)
    assert any("heet nu groep_gemandateerd" in note for note in opened.notes)
    session = Session.opened(opened)
    current = session.recorded(opened.assessment, ME)
    session.save(current, evaluate(FARMACIE, current), None, target=old,  # type: ignore[arg-type]
                 documents=tmp_path)  # fmt: skip
    saved = load_assessment(old)[0]
    assert "groep_met_vertegenwoordiger" not in saved.answers
    assert saved.answers["groep_gemandateerd"] is pharmacy.answers["groep_gemandateerd"]
    migrated = [e for e in saved.history if e.event == "gemigreerd"]
    assert any("heet nu groep_gemandateerd" in event.reason for event in migrated)
    assert [e.event for e in saved.history].count("hersteld") == 0  # the replay stays exact


# -- answers no migration places -----------------------------------------------------------------


@pytest.fixture
def retiring_policies(tmp_path: Path) -> Registry:
    """The policies with a question an earlier version asked the pharmacies, retired."""
    copy = tmp_path / "beleid"
    shutil.copytree(POLICIES, copy)
    path = copy / "2026" / "farmacie.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[retired]]\nid = "tevredenheidsonderzoek"\ncare_types = ["apotheek"]\n'
        'label = "Houdt u jaarlijks een tevredenheidsonderzoek?"\n'
        'reason = "vervallen in de correctie van december"\n',
        encoding="utf-8",
    )
    return Registry.load(copy)


def test_a_retired_answer_is_kept_shown_and_flags_the_file(
    tmp_path: Path, retiring_policies: Registry
) -> None:
    pharmacy = example(FARMACIE, "openbare-apotheek")
    path = written(tmp_path / "ronde" / "apotheek.json", pharmacy, {})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["answers"]["tevredenheidsonderzoek"] = True
    path.write_text(json.dumps(data), encoding="utf-8")
    done = assess_file(path, retiring_policies)
    assert [item.id for item in done.not_placed] == ["tevredenheidsonderzoek"]
    assert done.assessment is not None
    assert done.assessment.answers["tevredenheidsonderzoek"] is True  # kept, never dropped
    fresh = evaluate(FARMACIE, pharmacy)
    assert done.result is not None and done.result.verdict == fresh.verdict  # no silent change
    [row], _ = WerkmapIndex(tmp_path / "index.sqlite").scan(path.parent, retiring_policies)
    assert row.reassess.startswith("Houdt u jaarlijks een tevredenheidsonderzoek?: niet meer")
    assert "vervallen in de correctie van december" in row.reassess


def test_assess_places_what_it_can_and_names_the_rest(tmp_path: Path, capsys) -> None:
    pharmacy = example(FARMACIE, "openbare-apotheek")
    path = written(tmp_path / "apotheek.json", pharmacy, {})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["answers"]["oude_vraag"] = True
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["assess", str(path)]) == 0  # no longer refused
    out = capsys.readouterr().out
    assert "Te herbeoordelen: oude_vraag: niet meer gevraagd" in out
    capsys.readouterr()
    assert main(["assess", "--json", str(path)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["verdict"] and "oude_vraag" in captured.err


# -- what the loader refuses -----------------------------------------------------------------------


def _policy_with(tmp_path: Path, old: str, new: str) -> Path:
    source = POLICIES / "2026" / "farmacie.toml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "farmacie.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


RENAMED = 'renamed_from = ["groep_met_vertegenwoordiger"]'


@pytest.mark.parametrize(
    ("replacement", "words"),
    [
        ('renamed_from = ["vecozo_certificaat"]', "is nog een vraag"),
        ('renamed_from = ["groep_met_vertegenwoordiger", "groep_met_vertegenwoordiger"]',
         "al hernoemd"),
        (RENAMED + '\nvalues_from = { ja = "nee" }', "values_from hoort alleen bij een keuzevraag"),
    ],
)  # fmt: skip
def test_the_loader_refuses_a_migration_that_would_give_an_id_two_meanings(
    tmp_path: Path, replacement: str, words: str
) -> None:
    path = _policy_with(tmp_path, RENAMED, replacement)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert words in str(caught.value)


def test_the_loader_refuses_retiring_a_question_that_is_still_asked(tmp_path: Path) -> None:
    path = _policy_with(tmp_path, RENAMED, RENAMED)
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[retired]]\nid = "vecozo_certificaat"\ncare_types = ["apotheek"]\n'
        'label = "x"\nreason = "y"\n',
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert "vervallen vraag vecozo_certificaat" in str(caught.value)


def test_a_renamed_choice_maps_its_old_values(tmp_path: Path) -> None:
    """values_from: the old value 'apotheek' of a renamed choice is 'openbare_apotheek' now."""
    text = (POLICIES / "2026" / "farmacie.toml").read_text(encoding="utf-8")
    start = text.index('id = "soort_aanbieder"')
    end = text.index("\n\n", start)
    copy = tmp_path / "beleid" / "2026"
    shutil.copytree(POLICIES / "2026", copy)
    (copy / "farmacie.toml").write_text(
        text[:end] + '\nrenamed_from = ["soort"]\nvalues_from = { apotheek = "openbare_apotheek" }'
        + text[end:], encoding="utf-8",
    )  # fmt: skip
    registry = Registry.load(tmp_path / "beleid")
    pharmacy = example(FARMACIE, "openbare-apotheek")
    path = written(tmp_path / "apotheek.json", pharmacy, {"soort_aanbieder": "soort"})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["answers"]["soort"] = "apotheek"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = assess_file(path, registry)
    assert done.assessment is not None
    assert done.assessment.answers["soort_aanbieder"] == "openbare_apotheek"
    data["answers"]["soort"] = "iets_anders"  # not named, kept as it was: not an option
    path.write_text(json.dumps(data), encoding="utf-8")
    done = assess_file(path, registry)
    assert (
        done.assessment is not None and done.assessment.answers["soort_aanbieder"] == "iets_anders"
    )


def test_a_question_split_in_two_answers_both_from_the_old_answer(tmp_path: Path) -> None:
    """split_from: the old 'kwaliteit' answer answers each question it was split into."""
    copy = tmp_path / "beleid"
    shutil.copytree(POLICIES, copy)
    path = copy / "2026" / "farmacie.toml"
    text = path.read_text(encoding="utf-8")
    for new in ("professionele_standaard", "knmp_kwaliteitsprofiel"):
        text = text.replace(f'id = "{new}"\n', f'id = "{new}"\nsplit_from = ["kwaliteit"]\n', 1)
    path.write_text(text, encoding="utf-8")
    registry = Registry.load(copy)
    pharmacy = example(FARMACIE, "openbare-apotheek")
    file = written(tmp_path / "apotheek.json", pharmacy, {})
    data = json.loads(file.read_text(encoding="utf-8"))
    del data["answers"]["professionele_standaard"], data["answers"]["knmp_kwaliteitsprofiel"]
    data["answers"]["kwaliteit"] = True
    file.write_text(json.dumps(data), encoding="utf-8")
    done = assess_file(file, registry)
    assert done.assessment is not None and done.not_placed == ()
    answers = done.assessment.answers
    assert answers["professionele_standaard"] is True and answers["knmp_kwaliteitsprofiel"] is True
    assert "kwaliteit" not in answers
    assert done.result is not None
    assert done.result.verdict == evaluate(FARMACIE, pharmacy).verdict
