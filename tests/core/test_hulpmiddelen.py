"""Golden cases for Hulpmiddelen 2026 (doc 004): per-category certificates and looptijden."""

from __future__ import annotations

from datetime import date

import pytest

from caresq_desk.core.policy.loader import load_policy
from caresq_desk.core.rules.engine import evaluate
from tests.conftest import POLICIES, make_assessment
from tests.core.test_policy_files import ids_in_policy

HM_FILE = POLICIES / "2026" / "hulpmiddelen.toml"
HM = load_policy(HM_FILE)
HM_IDS = ["HM-R1", "HM-R2", "HM-R3", "HM-R4", "HM-R5", "HM-R6", "HM-CERT", "HM-DISV",
          "HM-P-DOORLOPEND", "HM-P-NIEUW", "HM-P-ZONDER", "HM-P-MET", "HM-NP",
          "HM-NIEUW-AANVRAAG", "HM-BELEID", "HM-VISIE", "HM-D"]  # fmt: skip
SUPPLIER = {
    "vecozo_certificaat": True,
    "contract_2025": True,
    "protocollen_beroepsgroep": True,
    "landelijke_protocollen": True,
    "klachtenregeling": True,
    "declareren_vecozo": True,
    "zn_digitalisering": True,
    "digitale_zorg_doelen": ["Besparen van kosten"],
}


def assess(care_type: str = "hulpmiddelen", on: date = date(2025, 8, 20), **answers):
    base = SUPPLIER if care_type == "hulpmiddelen" else {}
    full = {k: v for k, v in {**base, **answers}.items() if v is not None}
    return evaluate(HM, make_assessment(HM, care_type, full, agb_code=None, on=on))


def cert(result, variant: str):
    return next(c for c in result.criteria if c.id == "HM-CERT" and c.variant == variant)


def test_every_hm_rule_is_encoded() -> None:
    assert set(HM_IDS) <= ids_in_policy(HM_FILE)


@pytest.mark.parametrize(
    ("category", "answers", "variant"),
    [
        ("CPAP", {"iso_certificaat": True}, "ISO"),
        ("Therapeutisch elastische kousen", {"semh_tek": True}, "therapeutisch elastische kousen"),
        ("Orthopedische schoenen", {"semh_osb": True}, "orthopedische schoenen"),
        ("Medische lenzen", {"anvc": True}, "medische lenzen"),
        ("Haarwerken", {"haarwerken_certificering": "semh_hwk"}, "haarwerken"),
        ("Haarwerken", {"haarwerken_certificering": "anko"}, "haarwerken"),
    ],
)
def test_each_certificate_alternative_for_new_categories(
    category: str, answers: dict, variant: str
) -> None:
    result = assess(categorieen=[category], **answers)
    assert cert(result, variant).outcome == "voldaan"
    assert result.verdict == "voldoet"
    assert result.route and result.route.catalogue_id == "HM-P-ZONDER"


@pytest.mark.parametrize(
    ("answers", "variant", "met"),
    [
        ({"audicien_certificering": "semh_aud"}, "audiologische hulpmiddelen", True),
        ({"audicien_certificering": "star"}, "audiologische hulpmiddelen", True),
        ({"audicien_certificering": "geen"}, "audiologische hulpmiddelen", False),
        ({"iso_certificaat": True, "wdtm_keurmerk": True}, "personenalarmering", True),
        ({"iso_certificaat": True, "wdtm_keurmerk": False}, "personenalarmering", False),
        (
            {
                "semh_oim": True,
                "prothesen_diplomas": ["Bemetel primair orthopedisch instrumentenmaker"],
            },
            "prothesen",
            True,
        ),
        ({"semh_oim": True, "prothesen_diplomas": ["geen"]}, "prothesen", False),
        (
            {
                "semh_oim": False,
                "prothesen_diplomas": ["SOM voortgezet orthopedisch instrumentenmaker"],
            },
            "prothesen",
            False,
        ),
        ({"semh_mmc": True}, "mammaprothesen", True),
        ({"nuvo_low_vision": False}, "low vision", False),
    ],
)
def test_certificates_of_running_categories(answers: dict, variant: str, met: bool) -> None:
    category = {
        "audiologische hulpmiddelen": "Audiologische hulpmiddelen",
        "personenalarmering": "Personenalarmering",
        "prothesen": "Prothesen",
        "mammaprothesen": "Mammaprothesen",
        "low vision": "Low vision",
    }[variant]
    result = assess(
        categorieen=[category, "CPAP"],
        iso_certificaat=True,
        **{k: v for k, v in answers.items() if k != "iso_certificaat"},
    )
    assert cert(result, variant).outcome == ("voldaan" if met else "niet_voldaan")


def test_each_category_is_assessed_on_its_own() -> None:
    result = assess(categorieen=["CPAP", "Medische lenzen"], iso_certificaat=True, anvc=False)
    assert result.verdict == "voldoet"
    assert result.excluded_parts == ("Medische lenzen",)


def test_no_category_left_means_no_contract() -> None:
    result = assess(categorieen=["CPAP", "Medische lenzen"], iso_certificaat=False, anvc=False)
    assert result.verdict == "voldoet_niet"


def test_kabiz_is_an_expectation_only() -> None:
    result = assess(
        categorieen=["Therapeutisch elastische kousen"], semh_tek=True, kabiz_register=False
    )
    assert (
        cert(result, "KABIZ").outcome == "niet_voldaan"
        and cert(result, "KABIZ").kind == "verwachting"
    )
    assert result.verdict == "voldoet"


def test_running_versus_new_categories() -> None:
    running = assess(categorieen=["Orthesen", "TENS"])
    assert running.verdict == "geen_procedure" and running.route.catalogue_id == "HM-P-DOORLOPEND"
    mixed = assess(categorieen=["Orthesen", "CPAP"], iso_certificaat=True, semh_oim=True)
    assert mixed.route.catalogue_id == "HM-P-ZONDER"
    partly = next(c for c in mixed.criteria if c.id == "HM-P-DOORLOPEND")
    assert partly.outcome == "informatie"


def test_selected_for_negotiation_by_the_purchaser() -> None:
    result = assess(categorieen=["CPAP"], iso_certificaat=True, geselecteerd_onderhandeling=True)
    assert result.route and result.route.catalogue_id == "HM-P-MET"
    assert {d.id: d.display for d in result.dates}[
        "selectie_onderhandeling"
    ] == "uiterlijk 1 september 2025"


def test_not_contracted_in_2025_applies_via_the_form_with_start_date() -> None:
    result = assess(
        categorieen=["CPAP"], iso_certificaat=True, contract_2025=False, aanvraagdatum="2025-10-10"
    )
    assert result.route and result.route.catalogue_id == "HM-NIEUW-AANVRAAG"
    assert {d.id: d.date for d in result.dates}["G-NO-RETRO"] == date(2026, 1, 1)


def test_policy_notices_for_continence_cpap_and_diabetes() -> None:
    assert (
        next(
            c
            for c in assess(categorieen=["CPAP"], iso_certificaat=True).criteria
            if c.id == "HM-BELEID"
        ).outcome
        == "informatie"
    )
    assert (
        next(
            c
            for c in assess(categorieen=["Haarwerken"], haarwerken_certificering="anko").criteria
            if c.id == "HM-BELEID"
        ).outcome
        == "niet_van_toepassing"
    )


DISV = {
    "is_apotheek": False,
    "vecozo_certificaat": True,
    "contract_2025": True,
    "disv_certificaat": "SEMH",
    "klachtenregeling": True,
    "declareren_vecozo": True,
    "kwaliteitskader_hulpmiddelen": True,
    "landelijke_dekking": True,
    "zn_digitalisering": True,
    "digitale_zorg_doelen": ["Besparen van kosten"],
}


def test_disv_for_medical_specialty_shops() -> None:
    answers = DISV
    assert assess("disv_speciaalzaak", **answers).verdict == "voldoet"
    assert (
        assess("disv_speciaalzaak", **{**answers, "landelijke_dekking": False}).verdict
        == "voldoet_niet"
    )
    pharmacy = assess("disv_speciaalzaak", is_apotheek=True)
    assert pharmacy.verdict == "buiten_beleid" and "Farmaceutische zorg" in pharmacy.route.text


NEW_PRODUCT = {
    "productcategorie": "CPAP",  # a category with a new contract offer for 2026
    "productomschrijving": True,
    "offerte": True,
    "hoeveelheid": True,
    "aip_prijs": "ja",
    "te_vervangen_product": "niet_van_toepassing",
    "doelgroep": True,
    "landelijk_leverbaar": "nee",
    "onderbouwing": True,
}


@pytest.mark.parametrize(
    ("day", "verdict"), [("2025-07-31", "voldoet"), ("2025-08-01", "voldoet_niet")]
)
def test_new_product_request_before_1_august(day: str, verdict: str) -> None:
    assert assess("nieuw_product", datum_productaanvraag=day, **NEW_PRODUCT).verdict == verdict


@pytest.mark.parametrize(
    "missing",
    ["productomschrijving", "offerte", "hoeveelheid", "doelgroep", "onderbouwing"],
)
def test_new_product_request_needs_every_item(missing: str) -> None:
    answers = {**NEW_PRODUCT, missing: False, "datum_productaanvraag": "2025-07-01"}
    result = assess("nieuw_product", **answers)
    assert result.verdict == "voldoet_niet"


def test_new_product_request_must_say_whether_national_delivery_is_possible() -> None:
    answers = {
        **NEW_PRODUCT,
        "landelijk_leverbaar": "niet_vermeld",
        "datum_productaanvraag": "2025-07-01",
    }
    assert assess("nieuw_product", **answers).verdict == "voldoet_niet"
