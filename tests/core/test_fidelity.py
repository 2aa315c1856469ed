"""Policy fidelity (issue 9): each case is built from the document sentence that decides it,
with the boundary both ways where there is one."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caresq_desk.core.rules.engine import evaluate
from tests.conftest import criterion, fysio, make_assessment
from tests.core import test_hulpmiddelen as hm
from tests.core import test_ziekenvervoer as zv
from tests.core.test_properties import ALL_POLICIES, BROAD, CARE_TYPES, valid_answers

PZ = ALL_POLICIES["paramedische-zorg"]


def pz(care_type: str = "fysiotherapie", on: date = date(2025, 9, 1), **answers):
    return evaluate(PZ, make_assessment(PZ, care_type, fysio(**answers), on=on))


# -- 1. "geen procedure" never hides an unmet eis -------------------------------------------------


@pytest.mark.parametrize(("hours", "verdict"), [(24, "geen_procedure"), (25, "voldoet_niet")])
def test_regisseur_processing_authorisations_within_24_hours(hours: int, verdict: str) -> None:
    """Doc 001 §3: "De vervoersregisseur verwerkt de aangeboden machtigingen binnen 24 uur"."""
    result = zv.assess(uren_machtiging=hours)
    assert result.verdict == verdict
    assert result.route is not None and result.route.verdict == "geen_procedure"
    if verdict == "voldoet_niet":
        assert result.headline == "Komt niet in aanmerking (geen inkoopprocedure dit jaar)"
        assert any(w.startswith("Lezing: een eis waaraan niet") for w in result.warnings)
        assert result.to_dict()["procedure_label"] == "Geen inkoopprocedure dit jaar"
    else:
        assert result.headline == "Geen inkoopprocedure dit jaar"


def test_running_categories_with_a_failed_certificate_do_not_qualify() -> None:
    result = hm.assess(categorieen=["Prothesen"], semh_oim=False, prothesen_diplomas=[])
    assert result.route is not None and result.route.id == "doorlopend"
    assert result.verdict == "voldoet_niet"


@pytest.mark.parametrize(("policy_name", "care_type"), CARE_TYPES)
def test_an_unmet_blocking_eis_always_means_voldoet_niet(policy_name: str, care_type: str) -> None:
    policy = ALL_POLICIES[policy_name]

    @BROAD
    @given(valid_answers(care_type, policy), st.dates(date(2024, 6, 1), date(2027, 12, 31)))
    def check(answers: dict, on: date) -> None:
        result = evaluate(policy, make_assessment(policy, care_type, answers, on=on))
        blocking = [
            c for c in result.criteria if c.outcome == "niet_voldaan" and c.effect == "blokkeert"
        ]
        if blocking and not (result.route and result.route.verdict == "buiten_beleid"):
            assert result.verdict == "voldoet_niet", [c.id for c in blocking]

    check()


# -- 2. hulpmiddelen: the running-contract route needs a running contract ----------------------


@pytest.mark.parametrize(
    ("contracted", "route"), [(True, "doorlopend"), (False, "aanvraagformulier")]
)
def test_running_route_needs_the_2025_contract(contracted: bool, route: str) -> None:
    """Doc 004 §4 "Doorlopende zorgovereenkomst": "Caresq heeft in 2025 meerjarige
    zorgovereenkomsten gesloten"; without one: "Geen aanbod ontvangen"."""
    result = hm.assess(categorieen=["Prothesen"], contract_2025=contracted)
    assert result.route is not None and result.route.id == route


# -- 3. tiers and factors ------------------------------------------------------------------------


def test_tier_is_never_the_contract_of_a_practice_that_does_not_qualify() -> None:
    """§3.2: the tiers are the opslag of a practice with a contract; at index 151 §2.3 says
    "bieden wij geen zorgovereenkomst aan"."""
    high = pz(behandelindex=151, skf_keurmerk=True, kngf_basisregister=True)
    assert high.verdict == "uitzondering_mogelijk" and high.contract is None
    assert high.tier is not None and "dat geeft" in high.tier.explanation
    assert not any("meer is Zorgovereenkomst" in hint for hint in high.hints)
    no_prem = pz(prem_extern=False, skf_keurmerk=True)
    assert no_prem.verdict == "voldoet_niet" and no_prem.contract is None
    assert "zodra aan de eisen is voldaan" in no_prem.tier.explanation
    fine = pz(skf_keurmerk=True)
    assert fine.verdict == "voldoet" and fine.contract and "zou" not in fine.tier.explanation


def test_a_factor_not_reached_is_no_failure() -> None:
    result = pz()
    f3 = criterion(result, "PZ-FYS-F3")
    assert f3.outcome == "niet_voldaan" and f3.outcome_label == "niet behaald"
    assert f3 not in result.unmet() and not f3.failed


def test_valpreventie_needs_one_bought_programme_and_names_the_others() -> None:
    """§3.1: "Van de valpreventieve beweeginterventies worden Otago individueel, Otago groep en
    In Balans door ons ingekocht"."""
    answers = {"valpreventie_keten": True, "valpreventie_uitvoerders": ["Oefentherapeut"]}
    both = pz("valpreventie", valpreventie_interventies=["Otago groep", "geen"], **answers)
    vp2 = criterion(both, "PZ-VP-2")
    assert vp2.outcome == "voldaan"
    assert (
        "Otago groep" in vp2.reason and "Telt hier niet mee: Een andere interventie" in vp2.reason
    )
    only_other = pz("valpreventie", valpreventie_interventies=["geen"], **answers)
    assert criterion(only_other, "PZ-VP-2").outcome == "niet_voldaan"


def test_gli_met_text_names_only_the_recognised_choice() -> None:
    answers = {"gli_interventies": ["CooL", "geen"]}
    result = pz("gli", **answers)
    reason = criterion(result, "PZ-GLI-1").reason
    assert "erkende GLI-interventie: CooL." in reason and "Telt hier niet mee" in reason


def test_none_of_these_excludes_the_other_choices() -> None:
    from caresq_desk.core.model.assessment import check_answers

    rules = PZ.care_types["fysiotherapie"]
    _, problems = check_answers(rules, {"digitale_zorg_doelen": ["Besparen van kosten", "geen"]})
    assert "kan niet samen met andere keuzes" in str(problems[0])
    _, fine = check_answers(PZ.care_types["gli"], {"gli_interventies": ["CooL", "geen"]})
    assert fine == []  # "Een andere interventie" may be chosen beside a listed one


# -- a practice that already holds the 2026-2027 contract -----------------------------------------


@pytest.mark.parametrize("care_type", ["fysiotherapie", "preventieve_voetzorg"])
def test_a_contracted_practice_is_not_routed_as_a_late_application(care_type: str) -> None:
    """§4: "Caresq biedt voor fysiotherapie en preventieve voetzorg een tweejarige
    zorgovereenkomst 2026-2027"; §3.2: a corrected proof counts from the next month."""
    december = date(2025, 12, 10)
    late = pz(care_type, on=december)
    assert late.route is not None and late.route.id == "na_tekendatum"
    contracted = pz(care_type, on=december, overeenkomst_2026_2027=True)
    assert contracted.route is not None and contracted.route.id == "gecontracteerd"


def test_contracted_fysio_practice_gets_the_date_of_its_corrected_proof() -> None:
    result = pz(
        on=date(2025, 12, 10), overeenkomst_2026_2027=True, skf_keurmerk=True,
        datum_gecorrigeerd_bewijs="2025-12-10",
    )  # fmt: skip
    bewijs = criterion(result, "PZ-FYS-BEWIJS")
    assert "1 januari 2026" in bewijs.reason
    assert "Als na controle door Caresq blijkt dat u recht heeft" in bewijs.reason
    assert result.verdict == "voldoet" and result.contract


# -- the questionnaire deadline: "voor de deadline" --------------------------------------------


@pytest.mark.parametrize(
    ("on", "applies"), [(date(2025, 10, 23), False), (date(2025, 10, 24), True)]
)
def test_questionnaire_deadline_excludes_the_day_itself(on: date, applies: bool) -> None:
    """§4: "Heeft u de vragenlijst voor de deadline ingevuld en bevestigd?"; deadline 24
    oktober 2025 (§5): on the 24th it is too late."""
    result = pz(on=on, vragenlijst_ingediend=False)
    check = next(c for c in result.criteria if c.id == "PZ-FYS-DUUR" and c.variant == "vragenlijst")
    assert (check.outcome != "niet_van_toepassing") is applies
    deadline = next(d for d in result.dates if d.id == "deadline_vragenlijst")
    assert deadline.past is applies


def test_after_the_deadline_without_questionnaire_no_contract() -> None:
    after = date(2025, 10, 30)
    assert pz(on=after, vragenlijst_ingediend=False).verdict == "voldoet_niet"
    assert pz(on=after, vragenlijst_ingediend=True).verdict == "voldoet"


# -- texts name the answer that is wrong ----------------------------------------------------------


def test_zv_r8_quotes_the_value_that_fails() -> None:
    """Doc 001 §3: processing within 24 hours and transport available within 24 hours."""
    reason = criterion(zv.assess(uren_machtiging=12, uren_beschikbaar=30), "ZV-R8").reason
    assert "Beschikbaarheid van het toegekende vervoer: 30 uur" in reason and "12 uur" not in reason


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"behandelindex_versie": "jan_jun"}, "Publicatie van de behandelindex"),
        ({"behandelindex_jaar": 2023}, "Jaar van de behandelindex: 2023"),
    ],
)
def test_index_year_text_says_which_of_the_two_is_wrong(changes: dict, named: str) -> None:
    reason = criterion(pz(**changes), "PZ-FYS-INDEXJAAR").reason
    assert f"anders ingevuld: {named}" in reason


# -- farmacie ----------------------------------------------------------------------------------


def test_running_pharmacy_contract_still_assesses_disv_with_its_dates() -> None:
    """Doc 002 §4: "Verbruiksartikelen (DISV) en dieetpreparaten maken geen deel uit van de
    zorgovereenkomst Farmaceutische zorg"; they have their own offer and signing date."""
    from tests.core import test_farmacie as fa

    disv = {"levert_disv": True, "disv_certificaat": "geen", "klachtenregeling": True,
            "kwaliteitskader_hulpmiddelen": True}  # fmt: skip
    result = fa.assess(doorlopend_contract=True, **disv)
    assert result.route is not None and result.route.id == "doorlopend"
    assert criterion(result, "FA-DISV-R").outcome == "niet_voldaan"
    assert result.excluded_parts  # the DISV part is named as not covered
    assert {d.id for d in result.dates} >= {"aanbod_disv", "tekendatum_disv"}
    assert "DISV" in result.route.text
    without = fa.assess(doorlopend_contract=True, levert_disv=False)
    assert not {d.id for d in without.dates} & {"aanbod_disv", "tekendatum_disv"}


def test_one_question_for_the_mandated_representative() -> None:
    from tests.core import test_farmacie as fa

    rules = fa.FA.care_types["apotheek"]
    assert "groep_met_vertegenwoordiger" not in rules.question_by_id
    result = fa.assess(groep_gemandateerd=False, aanvullende_afspraken=True, businesscase=True,
                       voorstel_past_bij_beleid=True)  # fmt: skip
    assert criterion(result, "FA-AANV").outcome == "niet_voldaan"
    assert result.route is not None and result.route.id != "onderhandeling"


# -- hulpmiddelen: only the dates of the chosen categories -------------------------------------


@pytest.mark.parametrize(
    ("categories", "shown", "hidden"),
    [
        (["Haarwerken"], {"aanbod_augustus"}, {"aanbod_september", "aanbod_september_2"}),
        (["CGM"], {"aanbod_september_2"}, {"aanbod_augustus", "aanbod_september"}),
        (["Stomazorg"], {"aanbod_september"}, {"aanbod_augustus", "aanbod_september_2"}),
    ],
)
def test_hulpmiddelen_dates_follow_the_chosen_categories(
    categories: list[str], shown: set[str], hidden: set[str]
) -> None:
    result = hm.assess(categorieen=categories, contract_2025=True)
    ids = {d.id for d in result.dates}
    assert shown <= ids and not hidden & ids


# -- preventieve voetzorg: registers per professional group ------------------------------------


def test_voetzorg_asks_registers_per_professional_group() -> None:
    """§3.1: the podotherapeut in the Kwaliteitsregister Paramedici; the pedicure in the
    Kwaliteitsregister voor Pedicures, the KMV or the RPV."""
    base = {"beroep_verbonden": True, "zorgmodule_voetulcera": True,
            "podotherapeut_kwaliteitsregister": True}  # fmt: skip
    rules = PZ.care_types["preventieve_voetzorg"]
    assert "kwaliteitsregister" not in rules.question_by_id
    no_pedicures = pz("preventieve_voetzorg", werken_pedicures=False, **base)
    assert criterion(no_pedicures, "PZ-VZ-3").outcome == "niet_van_toepassing"
    unregistered = pz("preventieve_voetzorg", werken_pedicures=True,
                      pedicures_geregistreerd=False, **base)  # fmt: skip
    assert criterion(unregistered, "PZ-VZ-3").outcome == "niet_voldaan"
    assert not [c for c in no_pedicures.criteria if c.id == "PZ-R3"]


@pytest.mark.parametrize(
    ("index", "outcome"), [(None, "onbeantwoord"), (150, "voldaan"), (151, "niet_voldaan")]
)
def test_year_two_depends_on_the_2025_index(index: int | None, outcome: str) -> None:
    """§2.3: "Voor de zorgovereenkomst van het contractjaar 2027, geldt de landelijke
    behandelindex over 2025."; it never blocks the 2026 contract."""
    result = pz(skf_keurmerk=True, behandelindex_2025=index)
    year_two = criterion(result, "PZ-FYS-INDEX", "contractjaar 2027")
    assert year_two.outcome == outcome
    assert "contractjaar 2027" in year_two.reason
    assert result.verdict == "voldoet"


# -- texts say what the documents say, no more and no less -------------------------------------


def _all_criteria():
    for policy in ALL_POLICIES.values():
        for care in policy.care_types.values():
            for item in care.criteria:
                yield policy, care.id, item


def test_no_text_adds_a_way_of_recording_or_a_talk_the_documents_do_not_mention() -> None:
    for _policy, _care, item in _all_criteria():
        remedy = item.spec.remedy.lower()
        assert "leg vast hoe" not in remedy, item.id
        if item.id in ("G-FRAUD", "FA-DATA"):
            assert remedy == "", item.id  # the documents name no talk and no chance to clear up


def test_preference_policy_is_a_joint_effort_not_an_absolute_obligation() -> None:
    """Doc 002 §2.3: "In samenwerking met apotheken maakt Caresq afspraken ... de gezamenlijke
    inspanning van apotheker en zorgverzekeraar"."""
    item = next(i for _, care, i in _all_criteria() if i.id == "FA-PREF")
    assert "afspraken" in item.spec.remedy and "voorkeursvariant" not in item.spec.remedy


def test_ziekenvervoer_texts() -> None:
    result = zv.assess()
    assert result.route is not None and "blijven gelden" not in result.route.text
    contact = (
        criterion(result, "ZV-CONTACT")
        if any(c.id == "ZV-CONTACT" for c in result.criteria)
        else None
    )
    texts = " ".join(c.reason for c in result.criteria)
    assert "Aanvragen zorgovereenkomst: www.caresq.nl" in texts or (
        contact and "www.caresq.nl" in contact.reason
    )
    average = criterion(zv.assess(oordeel_doelmatigheid="gemiddeld"), "G-PRESTATIE")
    assert average.outcome == "niet_voldaan"  # doc 001 prefers "bovengemiddeld" only


def test_missing_texts_are_there() -> None:
    fysio = pz(skf_keurmerk=True)
    assert "opslag op het basistarief" in fysio.tier.explanation
    prem = next(i for _, care, i in _all_criteria() if i.id == "PZ-PREM-GEBRUIK")
    assert "transparant en toetsbaar" in prem.spec.not_met
    passend = [i for p, _, i in _all_criteria() if i.id == "G-PASSEND" and p.id == "farmacie-2026"]
    assert passend and all("schakelt met andere zorgaanbieders" in i.spec.not_met for i in passend)


def test_readings_are_stated_with_the_other_reading() -> None:
    for _, _, item in _all_criteria():
        if item.id in ("PZ-RA", "PZ-SEL-CI"):
            assert "Andere lezing" in item.spec.interpretation, item.id


def test_alternatives_read_with_of() -> None:
    fail = criterion(pz(beroep_verbonden=False), "PZ-AGB").reason
    assert " of 90" in fail and " en 90" not in fail


def test_verdict_and_procedure_reach_the_json_and_the_excel(tmp_path, capsys) -> None:
    import json

    from openpyxl import load_workbook

    from caresq_desk.cli import main
    from caresq_desk.core.document.files import save_assessment

    policy = ALL_POLICIES["ziekenvervoer"]
    answers = {**zv.ALL_MET, "uren_machtiging": 30}
    path = tmp_path / "regisseur.json"
    save_assessment(path, make_assessment(policy, "vervoersregisseur", answers, agb_code=None))
    assert main(["assess", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "voldoet_niet"
    assert data["procedure_label"] == "Geen inkoopprocedure dit jaar"
    assert data["route"]["verdict"] == "geen_procedure"
    assert main(["export", str(path), "-o", str(tmp_path / "s.xlsx")]) == 0
    row = next(
        load_workbook(tmp_path / "s.xlsx")["Overzicht"].iter_rows(min_row=2, values_only=True)
    )
    assert row[6] == "Komt niet in aanmerking (geen inkoopprocedure dit jaar)"
