"""Every policy file in policies/ loads, traces each rule to the catalogue and the source, and its
bundled examples give the outcome they promise."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from caresq_desk.core.document.examples import load_examples
from caresq_desk.core.policy.loader import load_policy, policy_files
from caresq_desk.core.rules.engine import evaluate
from tests.conftest import POLICIES, ROOT

FILES = policy_files(POLICIES)
CATALOGUE = ROOT.parent / "shared" / "spec" / "rules-catalogue.md"

# The Paramedische zorg ids of the rules catalogue, and the common rules that doc 003 states.
PZ_IDS = [
    "PZ-R1",
    "PZ-R2",
    "PZ-R3",
    "PZ-R4",
    "PZ-R5",
    "PZ-R6",
    "PZ-R7",
    "PZ-R8",
    "PZ-RA",
    "PZ-FYS-INDEX",
    "PZ-FYS-INDEXJAAR",
    "PZ-FYS-F1",
    "PZ-FYS-F2",
    "PZ-FYS-F3",
    "PZ-FYS-TIER",
    "PZ-FYS-BEWIJS",
    "PZ-FYS-DUUR",
    "PZ-PREM-GEBRUIK",
    "PZ-OEF-F1",
    "PZ-OEF-F2",
    "PZ-OEF-TIER",
    "PZ-LOG-F1",
    "PZ-LOG-F2",
    "PZ-LOG-TIER",
    "PZ-VZ-1",
    "PZ-VZ-2",
    "PZ-VZ-3",
    "PZ-VZ-DUUR",
    "PZ-GLI-1",
    "PZ-GLI-2",
    "PZ-GLI-3",
    "PZ-GLI-4",
    "PZ-GLI-5",
    "PZ-GLI-6",
    "PZ-GLI-VOLG",
    "PZ-VP-1",
    "PZ-VP-2",
    "PZ-VP-3",
    "PZ-SEL-PARK",
    "PZ-SEL-CI",
    "PZ-AGB",
    "PZ-P-DOORLOPEND",
    "PZ-P-UITGESLOTEN",
    "PZ-D",
]
G_IDS_IN_003 = [
    "G-VECOZO",
    "G-ZN-DIGI",
    "G-DIGI-DOEL",
    "G-VEKTIS",
    "G-NO-RETRO",
    "G-LATE-APP",
    "G-FRAUD",
    "G-NONCONTRACT",
    "G-CONTACT",
    "G-UNIFORM",
    "G-VECOZO-STAPPEN",
    "G-INNOV",
    "G-TRANSFORM",
    "G-PASSEND",
    "G-PRESTATIE",
    "G-DUURZAAM",
    "G-PUBLISH",
]


def ids_in_policy(path: Path) -> set[str]:
    """Every catalogue id a policy file names, wherever it names it."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for criterion in raw.get("criteria", []):
        found.add(criterion["id"])
        if "common_id" in criterion:
            found.add(criterion["common_id"])
    for key in ("routes", "dates"):
        found.update(item["catalogue_id"] for item in raw.get(key, []))
    for care in raw.get("care_types", []):
        if "tiers" in care:
            found.add(care["tiers"]["id"])
    return found


def test_there_is_at_least_one_policy() -> None:
    assert FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_policy_loads(path: Path) -> None:
    load_policy(path)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_criterion_names_its_catalogue_id_and_source(path: Path) -> None:
    """Read straight from the TOML, independent of the schema, so a schema change cannot hide it."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    for kind in ("criteria", "routes", "dates"):
        for index, item in enumerate(raw.get(kind, [])):
            catalogue_id = item.get("id") if kind == "criteria" else item.get("catalogue_id")
            assert catalogue_id and re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", catalogue_id), (
                kind,
                index,
            )
            source = str(item.get("source", ""))
            # A numbered section, or the unnumbered introduction some documents open with.
            assert source.startswith(("§", "Inleiding")), (kind, index, catalogue_id)


def test_paramedische_zorg_encodes_every_pz_rule_of_the_catalogue() -> None:
    encoded = ids_in_policy(POLICIES / "2026" / "paramedische-zorg.toml")
    missing = sorted(set(PZ_IDS + G_IDS_IN_003) - encoded)
    assert missing == []


@pytest.mark.skipif(not CATALOGUE.exists(), reason="shared/spec is not beside this checkout")
def test_pz_id_list_matches_the_catalogue() -> None:
    in_catalogue = set(re.findall(r"^\| (PZ-[A-Z0-9-]+) \|", CATALOGUE.read_text(), re.MULTILINE))
    assert in_catalogue == set(PZ_IDS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bundled_examples_give_their_expected_outcome(path: Path) -> None:
    policy = load_policy(path)
    examples = load_examples(policy)
    assert examples, "every policy ships examples"
    outcomes: dict[str, list] = {}
    for example in examples:
        result = evaluate(policy, example.assessment)
        expect = example.spec.expect
        assert result.verdict == expect.verdict, example.spec.name
        if expect.tier is not None:
            assert result.tier and result.tier.level == expect.tier, example.spec.name
        if expect.route is not None:
            assert result.route and result.route.id == expect.route, example.spec.name
        assert result.invalid == (), example.spec.name
        outcomes.setdefault(example.spec.care_type, []).append(result)
    # Every care type that checks anything shows a provider that meets every condition and one
    # that does not.
    for care_type, rules in policy.care_types.items():
        if not any(c.condition is not None for c in rules.criteria):
            continue
        results = outcomes.get(care_type, [])
        assert any(r.verdict != "onvolledig" and not r.unmet() for r in results), care_type
        assert any(r.unmet() for r in results), care_type


def all_encoded_ids() -> set[str]:
    return set().union(*(ids_in_policy(path) for path in FILES))


def test_zn_appendix_and_common_rules_are_encoded() -> None:
    zn = {"ZN-GEB-XIS", "ZN-WV-NACHT-TIJD", "ZN-WV-NACHT-DOCS", "ZN-WV-NACHT-INDEX",
          "ZN-WV-OVERIG", "ZN-KZ", "ZN-GGZ"}  # fmt: skip
    assert zn | set(G_IDS_IN_003) <= all_encoded_ids()


@pytest.mark.skipif(not CATALOGUE.exists(), reason="shared/spec is not beside this checkout")
def test_every_catalogue_id_is_encoded_somewhere() -> None:
    """Each id of the rules catalogue names a criterion, route, date or tier table."""
    catalogue = set(re.findall(r"^\| ([A-Z]+-[A-Z0-9-]+) \|", CATALOGUE.read_text(), re.MULTILINE))
    assert catalogue, "the catalogue could not be read"
    assert sorted(catalogue - all_encoded_ids()) == []
