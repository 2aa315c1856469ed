"""Golden cases for Ziekenvervoer 2025 (doc 001): the vervoersregisseur's conditions."""

from __future__ import annotations

import pytest

from caresq_desk.core.policy.loader import load_policy
from caresq_desk.core.rules.engine import evaluate
from tests.conftest import POLICIES, criterion, make_assessment
from tests.core.test_policy_files import ids_in_policy

ZV = load_policy(POLICIES / "2025" / "ziekenvervoer.toml")
ALL_MET = {
    "fte": 60,
    "jaarverslag_verplicht": False,
    "landelijk_netwerk": True,
    "keuze_buiten_netwerk": True,
    "convenant_kwaliteit": True,
    "regiefunctie": True,
    "managementrapportage": True,
    "klachtenrapportage": True,
    "overzicht_taxiondernemingen": True,
    "uren_machtiging": 24,
    "uren_beschikbaar": 24,
    "spoedritten_direct": True,
    "gddz_commitment": True,
    "csrd_informatie": True,
}
ZV_IDS = ["ZV-R1", "ZV-R2", "ZV-R3", "ZV-R4", "ZV-R5", "ZV-R6", "ZV-R7", "ZV-R8", "ZV-R9",
          "ZV-T-INFO", "ZV-GDDZ", "ZV-DIGI", "ZV-P", "ZV-D"]  # fmt: skip


def assess(**changes):
    answers = {**ALL_MET, **changes}
    return evaluate(ZV, make_assessment(ZV, "vervoersregisseur", answers, agb_code=None))


def test_every_zv_rule_is_encoded() -> None:
    assert set(ZV_IDS) <= ids_in_policy(POLICIES / "2025" / "ziekenvervoer.toml")


def test_no_purchase_procedure_in_2025_because_the_contract_was_extended() -> None:
    result = assess()
    assert result.verdict == "geen_procedure"
    assert result.route and result.route.catalogue_id == "ZV-P"
    assert "31 december 2026" in result.route.text
    assert result.unmet() == []


@pytest.mark.parametrize(
    ("question", "criterion_id"),
    [
        ("landelijk_netwerk", "ZV-R1"),
        ("keuze_buiten_netwerk", "ZV-R2"),
        ("convenant_kwaliteit", "ZV-R3"),
        ("regiefunctie", "ZV-R4"),
        ("managementrapportage", "ZV-R5"),
        ("klachtenrapportage", "ZV-R6"),
        ("overzicht_taxiondernemingen", "ZV-R7"),
        ("spoedritten_direct", "ZV-R9"),
    ],
)
def test_each_condition(question: str, criterion_id: str) -> None:
    result = assess(**{question: False})
    assert [c.id for c in result.unmet("eis")] == [criterion_id]
    assert criterion(result, criterion_id).remedy


@pytest.mark.parametrize(
    ("machtiging", "beschikbaar", "met"),
    [(24, 24, True), (25, 24, False), (24, 25, False), (23.5, 2, True), (24.5, 2, False)],
)
def test_24_hours_is_the_limit(machtiging: float, beschikbaar: float, met: bool) -> None:
    result = assess(uren_machtiging=machtiging, uren_beschikbaar=beschikbaar)
    assert criterion(result, "ZV-R8").outcome == ("voldaan" if met else "niet_voldaan")


@pytest.mark.parametrize(("fte", "plan_asked"), [(100, False), (101, True), (100.5, True)])
def test_mobility_plan_only_above_100_fte(fte: float, plan_asked: bool) -> None:
    result = assess(fte=fte)
    assert ("mobiliteitsplan" in result.inapplicable) is not plan_asked
    gddz = criterion(result, "ZV-GDDZ")
    assert gddz.outcome == ("onbeantwoord" if plan_asked else "voldaan")
    if plan_asked:
        assert "Mobiliteitsplan" in gddz.reason
        assert (
            criterion(assess(fte=fte, mobiliteitsplan=False), "ZV-GDDZ").outcome == "niet_voldaan"
        )


def test_annual_report_only_when_one_is_mandatory() -> None:
    result = assess(jaarverslag_verplicht=True, jaarverslag_duurzaamheid=False)
    assert criterion(result, "ZV-GDDZ").outcome == "niet_voldaan"
    assert criterion(result, "ZV-GDDZ").kind == "verwachting"


def test_publication_and_contract_end_dates() -> None:
    dates = {d.id: d for d in assess().dates}
    assert dates["publicatie"].display == "vanaf 12 november 2024"
    assert dates["einde_overeenkomst"].date.isoformat() == "2026-12-31"
