"""Issue 25: what an independent line-by-line audit of Categorale instellingen 2027 found, one
golden case per finding, each from the document's own sentence (doc 000)."""

from __future__ import annotations

from datetime import date

from caresq_desk.core.rules.engine import evaluate
from tests.conftest import criterion, make_assessment
from tests.core.test_categorale_instellingen import CI, assess
from tests.core.test_zn_appendix import assess as assess_night_care
from tests.core.test_zn_appendix import tijd


def test_1_care_missing_the_minimum_norms_is_transferred_not_the_contract_refused() -> None:
    """§3.2.4: "Indien dit niet op een aanvaardbare termijn mogelijk is, dient de zorg
    overgedragen te worden aan een zorgaanbieder in de regio die wél aan de minimumnormen
    voldoet." """
    for answer in ("overgedragen", "voldoet_niet"):
        result = assess(minimumnormen=answer)
        norms = criterion(result, "CI-MSZ-MIN")
        assert norms.outcome == "niet_voldaan" and norms.effect == "onderdeel"
        assert result.verdict == "voldoet" and result.contract
        assert "buiten de overeenkomst" in norms.reason and "rest van de zorg" in norms.reason
        assert result.excluded_parts == (norms.title,)
    options = CI.care_types["categorale_instelling"].question_by_id["minimumnormen"]
    assert "overgedragen" in options.info.option_labels


def test_2_without_agreement_on_1_july_the_request_is_not_honoured() -> None:
    """§3.2.2: "Indien er op 1 juli geen overeenstemming is met de preferente verzekeraar, dan
    blijven de bestaande afspraken van kracht." """
    result = assess_night_care(overeenstemming_preferent=False)
    assert result.verdict == "voldoet_niet"
    reason = tijd(result, "overeenstemming").reason
    assert "bestaande afspraken blijven van kracht" in reason and "niet gehonoreerd" in reason


def test_3_the_1_july_rule_holds_for_every_follow_request() -> None:
    """§3.2.2, a paragraph of its own after the business-case timeline: "Volgverzoeken die op of
    na 1 juli worden ingediend, worden niet meer in behandeling genomen." """
    late = assess_night_care(nieuwe_businesscase=False, datum_volgverzoek="2026-07-01")
    rule = tijd(late, "volgverzoek")
    assert rule.outcome == "niet_voldaan" and late.verdict == "voldoet_niet"
    assert "ook zonder nieuwe of aangepaste businesscase" in rule.interpretation
    assert "Andere lezing" in rule.interpretation  # the catalogue's reading is shown


def test_4_only_a_high_efficiency_rating_counts_as_scoring_high() -> None:
    """§2.3: "bij voorkeur zoveel mogelijk ingekocht bij zorgaanbieders die hoog scoren op
    doelmatigheid" (no 'gemiddeld' in this document)."""
    assert criterion(assess(oordeel_doelmatigheid="hoog"), "G-PRESTATIE").outcome == "voldaan"
    middle = assess(oordeel_doelmatigheid="gemiddeld")
    assert criterion(middle, "G-PRESTATIE").outcome == "niet_voldaan"
    assert middle.verdict == "voldoet"  # a preference, not a condition


def test_5_the_expensive_medicines_remedy_fits_the_part_that_fails() -> None:
    """§2.2: "Ons uitgangspunt is dat er geen winst wordt gemaakt op dure geneesmiddelen" and
    "Indien u dit prijsniveau niet individueel kunt bereiken, kan dat mogelijk wel in een
    inkoopverband" """
    profit = assess(dure_geneesmiddelen=True, dgm_geen_winst=False, dgm_prijsniveau="niet")
    no_profit = criterion(profit, "CI-DGM", "geen winst")
    assert no_profit.outcome == "niet_voldaan" and "inkoopverband" not in no_profit.remedy
    price = criterion(profit, "CI-DGM", "prijsniveau")
    assert price.outcome == "niet_voldaan" and "inkoopverband" in price.remedy
    only_profit = assess(
        dure_geneesmiddelen=True, dgm_geen_winst=False, dgm_prijsniveau="individueel"
    )
    assert criterion(only_profit, "CI-DGM", "prijsniveau").outcome == "voldaan"
    assert [c.remedy for c in only_profit.criteria if c.id == "CI-DGM" and c.remedy] == [
        no_profit.remedy
    ]


def test_6_business_case_deadlines_only_for_a_new_business_case() -> None:
    """§3.2.2: "Het tijdsplan voor het aanleveren van een nieuwe of aangepaste businesscase is
    als volgt: - Voor 1 april ... - Voor 1 mei ..." """
    without = assess_night_care(nieuwe_businesscase=False)
    assert {d.id for d in without.dates} == {"volgverzoek"}
    with_case = assess_night_care(
        nieuwe_businesscase=True, datum_besproken="2026-03-01", datum_businesscase="2026-04-01"
    )
    assert {"bespreking_businesscase", "businesscase"} <= {d.id for d in with_case.dates}


def test_7_a_rehabilitation_centre_keeps_its_own_route_and_needs_its_certificates() -> None:
    """§2.4 Revalidatiecentra: "Met revalidatiecentra worden individuele inkoopgesprekken
    gevoerd" and "Hiervoor geldt dat de revalidatiecentra over de juiste Vektis registratie en
    VECOZO certificaten moeten beschikken" """
    centre = assess(soort_instelling="revalidatiecentrum", vecozo_certificaat=False)
    assert centre.route is not None and centre.route.id == "revalidatiecentrum"
    assert "uitnodiging_reva" in {d.id for d in centre.dates}
    assert criterion(centre, "G-VEKTIS").outcome == "niet_voldaan"
    assert centre.verdict == "voldoet_niet" and not centre.contract
    other = assess(vecozo_certificaat=False)  # not a centre: not approached via VECOZO
    assert other.route is not None and other.route.id == "vektis_registratie"
    assert other.verdict == "voldoet_niet" and not other.contract
    with_certificates = assess(soort_instelling="revalidatiecentrum")
    assert criterion(with_certificates, "G-VEKTIS").outcome == "voldaan"


def test_8_referring_to_review_channels_is_an_effort() -> None:
    """§3.2.4: "De zorgaanbieder spant zich in om zijn patiënten te verwijzen naar de kanalen
    van de patiëntenorganisaties" """
    rules = CI.care_types["categorale_instelling"]
    assert "spant zij zich in" in rules.question_by_id["kwaliteitsregistraties"].spec.label
    met = criterion(assess(kwaliteitsregistraties=True), "CI-MSZ-KWAL")
    assert "spant zich in om patiënten naar de reviewkanalen" in met.reason


def test_9_the_vecozo_offer_steps_only_where_an_offer_comes() -> None:
    """§2.4: "Wanneer ons contractaanbod voor u klaarstaat, ontvangt u een e-mail van VECOZO" """
    running = assess(doorlopend_msz=True)
    assert criterion(running, "G-VECOZO-STAPPEN").outcome == "niet_van_toepassing"
    no_certificates = assess(vecozo_certificaat=False)
    assert criterion(no_certificates, "G-VECOZO-STAPPEN").outcome == "niet_van_toepassing"
    assert criterion(assess(), "G-VECOZO-STAPPEN").outcome == "informatie"


def test_10_the_igj_basic_set_is_named_as_the_document_names_it() -> None:
    """§2.3: "de "Basis-set Medische Specialistische Zorg Kwaliteitsindicatoren" van de IGJ" """
    rules = CI.care_types["categorale_instelling"]
    label = rules.question_by_id["basisset_igj"].spec.label
    assert "Basis-set Medische Specialistische Zorg Kwaliteitsindicatoren" in label
    outside = evaluate(
        CI,
        make_assessment(CI, "categorale_instelling", {"soort_instelling": "ziekenhuis_zbc"},
                        agb_code=None, on=date(2026, 6, 1)),
    )  # fmt: skip
    shown = {c.id for c in outside.criteria if c.outcome != "niet_van_toepassing"}
    assert not {"G-INNOV", "G-DUURZAAM"} & shown  # not for a provider this policy does not cover
