"""Golden cases for Categorale instellingen 2027 (doc 000)."""

from __future__ import annotations

from datetime import date

import pytest

from caresq_desk.core.policy.loader import load_policy
from caresq_desk.core.rules.engine import evaluate
from tests.conftest import POLICIES, criterion, make_assessment
from tests.core.test_policy_files import ids_in_policy

CI_FILE = POLICIES / "2027" / "categorale-instellingen.toml"
CI = load_policy(CI_FILE)
CI_IDS = ["CI-R1", "CI-R2", "CI-R3", "CI-R4", "CI-R5", "CI-R6", "CI-R7", "CI-R8", "CI-R9",
          "CI-R10", "CI-PREM", "CI-DGM", "CI-AANBOD", "CI-NETWERK", "CI-MSR", "CI-IMSR",
          "CI-TREEK", "CI-MSZ-SB", "CI-MSZ-KWAL", "CI-MSZ-CS", "CI-MSZ-MIN", "CI-P-DOORLOPEND",
          "CI-P-VECOZO", "CI-P-REVA", "CI-P-NIEUW", "CI-D"]  # fmt: skip
INSTITUTION = {
    "soort_instelling": "dialysecentrum",
    "vecozo_certificaat": True,
    "doorlopend_msz": False,
    "contract_2026": True,
    "eisen_beroepsgroep_igj_zin": True,
    "behandelprogrammas_wetenschap": True,
    "basisset_igj": True,
    "big_rgs": True,
    "kwaliteitsregister": True,
    "keurmerk": True,
    "declareren_vecozo": True,
    "zn_digitalisering": True,
    "digitale_zorg_doelen": ["Besparen van kosten"],
    "klanttevredenheid": True,
    "minimumnormen": "voldoet",
    "dure_geneesmiddelen": False,
}


def assess(on: date = date(2026, 6, 1), **changes):
    answers = {k: v for k, v in {**INSTITUTION, **changes}.items() if v is not None}
    return evaluate(CI, make_assessment(CI, "categorale_instelling", answers, agb_code=None, on=on))


def test_every_ci_rule_is_encoded() -> None:
    assert set(CI_IDS) <= ids_in_policy(CI_FILE)


def test_an_institution_meeting_everything_is_offered_a_contract_via_vecozo() -> None:
    result = assess()
    assert result.verdict == "voldoet"
    assert result.route and result.route.catalogue_id == "CI-P-VECOZO"
    assert {d.id: d.date for d in result.dates}["tekendatum"] == date(2026, 11, 11)


@pytest.mark.parametrize(
    "question",
    [
        "eisen_beroepsgroep_igj_zin",
        "behandelprogrammas_wetenschap",
        "basisset_igj",
        "big_rgs",
        "kwaliteitsregister",
        "keurmerk",
        "declareren_vecozo",
        "zn_digitalisering",
        "klanttevredenheid",
    ],
)
def test_each_condition_blocks(question: str) -> None:
    assert assess(**{question: False}).verdict == "voldoet_niet"


def test_efforts_are_worded_as_efforts() -> None:
    for criterion_id in ("CI-R8", "CI-R10", "CI-MSZ-SB"):
        compiled = next(
            c for c in CI.care_types["categorale_instelling"].criteria if c.id == criterion_id
        )
        assert compiled.spec.effort and "spant zich" in compiled.spec.met


@pytest.mark.parametrize(
    ("applied", "verdict"), [("2026-09-01", "voldoet"), ("2026-09-02", "voldoet_niet")]
)
def test_application_without_2026_contract_by_1_september_included(
    applied: str, verdict: str
) -> None:
    result = assess(contract_2026=False, aanvraagdatum=applied)
    assert result.route and result.route.id == "nieuwe_aanvraag"
    assert result.verdict == verdict
    assert "uiterlijk 1 september 2026" in criterion(result, "CI-P-NIEUW").evidence[0]


def test_rehabilitation_centres_talk_individually_and_see_both_price_list_moments() -> None:
    result = assess(
        soort_instelling="revalidatiecentrum", intensieve_msr=False, imsr_chronische_pijn=False
    )
    assert result.route and result.route.catalogue_id == "CI-P-REVA"
    shown = {d.id: d for d in result.dates}
    assert "§2.5" in shown["prijslijst_reva"].display and "§2.4" in shown["prijslijst_reva"].display
    assert "tekendatum" not in shown


def test_imsr_notice_only_for_rehabilitation_centres_offering_it() -> None:
    with_notice = assess(
        soort_instelling="revalidatiecentrum", intensieve_msr=False, imsr_chronische_pijn=True
    )
    assert criterion(with_notice, "CI-IMSR").outcome == "informatie"
    assert "machtigingsbeleid" in criterion(with_notice, "CI-IMSR").reason
    assert criterion(assess(), "CI-IMSR").outcome == "niet_van_toepassing"


def test_msr_inclusion_criteria_expected_for_intensive_msr() -> None:
    result = assess(
        soort_instelling="revalidatiecentrum",
        intensieve_msr=True,
        msr_inclusiecriteria=False,
        imsr_chronische_pijn=False,
    )
    assert criterion(result, "CI-MSR").outcome == "niet_voldaan"
    assert result.verdict == "voldoet"  # an expectation is advice, not a condition


@pytest.mark.parametrize(
    ("level", "outcome"),
    [("individueel", "voldaan"), ("inkoopverband", "voldaan"), ("niet", "niet_voldaan")],
)
def test_expensive_medicines_three_outcomes(level: str, outcome: str) -> None:
    result = assess(dure_geneesmiddelen=True, dgm_geen_winst=True, dgm_prijsniveau=level)
    dgm = criterion(result, "CI-DGM", "prijsniveau")
    assert dgm.outcome == outcome
    if outcome == "niet_voldaan":
        assert "geen dure geneesmiddelen bij u in te kopen" in dgm.reason


@pytest.mark.parametrize(
    ("norm", "verdict"),
    [("voldoet", "voldoet"), ("gemeld_met_plan", "voldoet"), ("voldoet_niet", "voldoet"),
     ("overgedragen", "voldoet")],
)  # fmt: skip
def test_minimum_norms(norm: str, verdict: str) -> None:
    """§3.2.4 (issue 25): care that misses the norm is transferred; the rest is assessed."""
    result = assess(minimumnormen=norm)
    assert result.verdict == verdict
    excluded = norm in ("voldoet_niet", "overgedragen")
    assert bool(result.excluded_parts) == excluded


@pytest.mark.parametrize(
    ("kind", "words"),
    [("ziekenhuis_zbc", "Ziekenhuizen"), ("geriatrische_revalidatie", "Verpleging en Verzorging")],
)
def test_out_of_scope_providers_get_a_pointer(kind: str, words: str) -> None:
    result = evaluate(
        CI, make_assessment(CI, "categorale_instelling", {"soort_instelling": kind}, agb_code=None)
    )
    assert result.verdict == "buiten_beleid" and words in result.route.text
    assert result.missing == ()


def test_running_msz_contract_only_gets_a_new_price_list() -> None:
    result = assess(doorlopend_msz=True)
    assert result.verdict == "geen_procedure"
    assert "prijslijst" in result.route.text
