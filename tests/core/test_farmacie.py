"""Golden cases for Farmaceutische zorg, DISV en dieetpreparaten 2026 (doc 002)."""

from __future__ import annotations

from datetime import date

import pytest

from caresq_desk.core.policy.loader import load_policy
from caresq_desk.core.rules.engine import evaluate
from tests.conftest import POLICIES, criterion, make_assessment
from tests.core.test_policy_files import ids_in_policy

FA_FILE = POLICIES / "2026" / "farmacie.toml"
FA = load_policy(FA_FILE)
PHARMACY = {
    "soort_aanbieder": "openbare_apotheek",
    "vecozo_certificaat": True,
    "doorlopend_contract": False,
    "groep_gemandateerd": False,
    "professionele_standaard": True,
    "knmp_kwaliteitsprofiel": True,
    "declareren_vecozo": True,
    "zn_digitalisering": True,
    "digitale_zorg_doelen": ["Besparen van kosten"],
    "levert_disv": False,
}
POLYCLINIC = {
    "soort_aanbieder": "poliklinische_apotheek",
    "beroepsnormen_ziekenhuisapothekers": True,
    "nvza_register": True,
    "binnen_reikwijdte_certificering": True,
    "gebruikt_certificering": True,
}
FA_IDS = ["FA-R1", "FA-R2", "FA-R3", "FA-R4", "FA-R5", "FA-R6", "FA-BASIS", "FA-AANV", "FA-DATA",
          "FA-DISV-R", "FA-SMR", "FA-SPOED", "FA-PREF", "FA-THEMA", "FA-ONDERZOEK",
          "FA-P-DOORLOPEND", "FA-P-ZONDER", "FA-P-MET", "FA-D"]  # fmt: skip


def assess(on: date = date(2025, 9, 1), **changes):
    answers = {k: v for k, v in {**PHARMACY, **changes}.items() if v is not None}
    return evaluate(FA, make_assessment(FA, "apotheek", answers, agb_code="02012345", on=on))


def test_every_fa_rule_is_encoded() -> None:
    assert set(FA_IDS) <= ids_in_policy(FA_FILE)


def test_a_pharmacy_meeting_every_condition_gets_the_basisovereenkomst() -> None:
    result = assess()
    assert result.verdict == "voldoet"
    assert result.contract == "Basisovereenkomst Farmaceutische zorg"
    assert result.route and result.route.catalogue_id == "FA-P-ZONDER"


@pytest.mark.parametrize(
    ("question", "criterion_id"),
    [
        ("professionele_standaard", "FA-R1"),
        ("knmp_kwaliteitsprofiel", "FA-R2"),
        ("declareren_vecozo", "FA-R4"),
        ("zn_digitalisering", "FA-R5"),
    ],
)
def test_each_basic_condition_blocks(question: str, criterion_id: str) -> None:
    result = assess(**{question: False})
    assert result.verdict == "voldoet_niet"
    assert criterion_id in [c.id for c in result.unmet("eis")]


def test_outpatient_conditions_apply_only_to_outpatient_pharmacies() -> None:
    assert criterion(assess(), "FA-R3").outcome == "niet_van_toepassing"
    assert "nvza_register" in assess().inapplicable
    assert assess(**POLYCLINIC).verdict == "voldoet"
    assert assess(**{**POLYCLINIC, "nvza_register": False}).verdict == "voldoet_niet"


def test_hospital_certification_is_needed_only_within_its_scope() -> None:
    outside_scope = {"binnen_reikwijdte_certificering": False, "gebruikt_certificering": None}
    outside = assess(**{**POLYCLINIC, **outside_scope})
    assert criterion(outside, "FA-R3").outcome == "voldaan"
    inside = assess(**{**POLYCLINIC, "gebruikt_certificering": False})
    assert criterion(inside, "FA-R3").outcome == "niet_voldaan"
    assert criterion(inside, "FA-R3").interpretation


@pytest.mark.parametrize(
    ("businesscase", "group", "fits", "met"),
    [
        (True, True, True, True),
        (False, True, True, False),
        (True, False, True, False),
        (True, True, False, False),
    ],
)
def test_additional_agreements_need_all_three(
    businesscase: bool, group: bool, fits: bool, met: bool
) -> None:
    result = assess(
        aanvullende_afspraken=True,
        businesscase=businesscase,
        groep_gemandateerd=group,
        voorstel_past_bij_beleid=fits,
    )
    assert criterion(result, "FA-AANV").outcome == ("voldaan" if met else "niet_voldaan")
    assert result.verdict == "voldoet"  # the basisovereenkomst does not depend on them


@pytest.mark.parametrize("certificate", ["ISO", "HKZ", "SEMH", "Vergelijkbaar certificaat"])
def test_disv_accepts_each_certificate(certificate: str) -> None:
    result = assess(levert_disv=True, disv_certificaat=certificate, klachtenregeling=True,
                    kwaliteitskader_hulpmiddelen=True)  # fmt: skip
    disv = criterion(result, "FA-DISV-R")
    assert disv.outcome == "voldaan"
    assert "Hulpmiddelen" in disv.reason and "niet onderhandelbaar" in disv.reason


def test_disv_without_certificate_excludes_only_disv() -> None:
    result = assess(levert_disv=True, disv_certificaat="geen", klachtenregeling=True,
                    kwaliteitskader_hulpmiddelen=True)  # fmt: skip
    assert criterion(result, "FA-DISV-R").outcome == "niet_voldaan"
    assert result.verdict == "voldoet" and result.excluded_parts


def test_purchaser_data_analysis_can_block() -> None:
    assert assess(data_analyse_bezwaar=True).verdict == "voldoet_niet"


def test_negotiation_route_and_signing_four_weeks_after_the_offer() -> None:
    result = assess(groep_gemandateerd=True, datum_aanbod="2025-10-15", on=date(2025, 10, 20))
    assert result.route and result.route.id == "onderhandeling"
    dates = {d.id: d for d in result.dates}
    assert dates["FA-P-MET"].date == date(2025, 11, 12)
    assert dates["ledenlijst"].past  # the member list was due on 1 July 2025


@pytest.mark.parametrize(("on", "past"), [(date(2025, 7, 1), False), (date(2025, 7, 2), True)])
def test_member_list_deadline_includes_1_july(on: date, past: bool) -> None:
    result = assess(groep_gemandateerd=True, on=on)
    assert {d.id: d for d in result.dates}["ledenlijst"].past is past


def test_after_7_november_the_route_is_the_application_form_with_start_date() -> None:
    result = assess(on=date(2026, 2, 10), aanvraagdatum="2026-02-10")
    assert result.route and result.route.catalogue_id == "G-LATE-APP"
    assert {d.id: d.date for d in result.dates}["G-NO-RETRO"] == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("kind", "words"),
    [("intramurale_apotheek", "Ziekenhuizen"), ("disv_leverancier", "Hulpmiddelen")],
)
def test_out_of_scope_providers_get_a_pointer_not_a_verdict(kind: str, words: str) -> None:
    result = evaluate(FA, make_assessment(FA, "apotheek", {"soort_aanbieder": kind}, agb_code=None))
    assert result.verdict == "buiten_beleid"
    assert words in result.route.text
    assert result.missing == () and result.unmet() == []


def test_running_multi_year_contract() -> None:
    assert assess(doorlopend_contract=True).verdict == "geen_procedure"
