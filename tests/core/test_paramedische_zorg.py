"""Golden cases for Paramedische zorg 2026, straight from the policy text (doc 003)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import BASIC, Assess, criterion, fysio


def rows(*specs: tuple[str, bool, float]) -> list[dict]:
    return [{"verbijzondering": v, "vektis": k, "uren": u} for v, k, u in specs]


# -- PZ-FYS-INDEX: "hoger dan 150" ----------------------------------------------------------------


def test_index_exactly_150_qualifies(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(behandelindex=150))
    assert criterion(result, "PZ-FYS-INDEX").outcome == "voldaan"
    assert result.verdict == "voldoet"
    assert result.route and result.route.id == "vragenlijst_vecozo"


def test_index_151_means_no_contract_but_exception_possible(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(behandelindex=151))
    index = criterion(result, "PZ-FYS-INDEX")
    assert index.outcome == "niet_voldaan"
    assert result.verdict == "uitzondering_mogelijk"
    assert result.contract is None
    assert result.route and result.route.id == "uitzondering_index"
    assert "zorginkoop@caresq.nl" in index.remedy
    assert "zorginkoop@caresq.nl" in result.route.text


def test_index_explanation_names_value_limit_and_difference(assess: Assess) -> None:
    index = criterion(assess("fysiotherapie", fysio(behandelindex=163)), "PZ-FYS-INDEX")
    assert index.reason.startswith("De landelijke behandelindex 163 ligt 13 boven de grens van 150")
    assert index.evidence == ("Landelijke behandelindex: 163 (voorwaarde: ten hoogste 150)",)
    assert index.interpretation  # the reading used for the e-mail route is shown


def test_index_above_150_with_another_failing_eis_does_not_qualify(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(behandelindex=200, prem_extern=False))
    assert result.verdict == "voldoet_niet"


def test_index_year_other_than_2024_warns_without_blocking(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(behandelindex_jaar=2025))
    year = criterion(result, "PZ-FYS-INDEXJAAR")
    assert year.outcome == "niet_voldaan"
    assert year.kind == "datum"
    assert "2024" in year.reason
    assert result.verdict == "voldoet"


# -- PZ-FYS-F1: 30% with >= 24 hours, from rows or counts -----------------------------------------


def test_f1_three_of_ten_is_exactly_thirty_percent(assess: Assess) -> None:
    f1 = criterion(assess("fysiotherapie", fysio(aantal_verbijzonderd=3)), "PZ-FYS-F1")
    assert f1.outcome == "voldaan"
    assert "3 van de 10 fysiotherapeuten (30%)" in f1.reason


def test_f1_just_under_thirty_percent_fails_and_says_how_many_more(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(aantal_fysiotherapeuten=7, aantal_verbijzonderd=2))
    f1 = criterion(result, "PZ-FYS-F1")
    assert f1.outcome == "niet_voldaan"
    assert "28,57%" in f1.reason
    assert any("nog 1 fysiotherapeut met" in h for h in result.hints)


def test_f1_needs_two_more_when_one_of_ten(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(aantal_verbijzonderd=1))
    assert any(
        "nog 2 fysiotherapeuten met" in h and h.startswith("Voor 30% is nodig")
        for h in result.hints
    )


@pytest.mark.parametrize(
    ("hours", "outcome"), [(24, "voldaan"), (23, "niet_voldaan"), (23.5, "niet_voldaan")]
)
def test_f1_rows_count_only_therapists_with_24_hours(
    assess: Assess, hours: float, outcome: str
) -> None:
    therapists = rows(
        ("Manuele therapie", True, 32),
        ("Kinderfysiotherapie", True, 30),
        ("Sportfysiotherapie", True, hours),
        *[("geen", False, 36)] * 7,
    )
    answers = fysio(verbijzondering_invoer="per_therapeut", fysiotherapeuten=therapists)
    f1 = criterion(assess("fysiotherapie", answers), "PZ-FYS-F1")
    assert f1.outcome == outcome
    if outcome == "niet_voldaan":
        assert any("Fysiotherapeut 3 telt niet mee" in line for line in f1.evidence)


def test_f1_rows_need_the_vektis_registration_and_a_recognised_specialisation(
    assess: Assess,
) -> None:
    therapists = rows(
        ("Manuele therapie", True, 32),
        ("Kinderfysiotherapie", False, 32),  # not registered in Vektis
        ("geen", True, 32),
    )
    answers = fysio(verbijzondering_invoer="per_therapeut", fysiotherapeuten=therapists)
    f1 = criterion(assess("fysiotherapie", answers), "PZ-FYS-F1")
    assert f1.outcome == "voldaan"  # 1 of 3 = 33%
    assert "1 van de 3" in f1.reason


def test_f1_counts_above_total_are_reported_as_invalid(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(aantal_fysiotherapeuten=3, aantal_verbijzonderd=4))
    assert [i.question for i in result.invalid] == ["aantal_verbijzonderd"]
    assert criterion(result, "PZ-FYS-F1").outcome == "onbeantwoord"
    assert result.verdict == "onvolledig"


def test_answer_of_a_question_that_does_not_apply_is_ignored(assess: Assess) -> None:
    # Rows are filled in, but the practice chose to give counts: the rows must not count.
    answers = fysio(
        aantal_verbijzonderd=0,
        fysiotherapeuten=rows(("Manuele therapie", True, 40)),
    )
    assert criterion(assess("fysiotherapie", answers), "PZ-FYS-F1").outcome == "niet_voldaan"


# -- F2, F3 and the tiers -------------------------------------------------------------------------


def test_skf_keurmerk_alone_gives_two_factors_and_contract_b(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(skf_keurmerk=True))
    assert criterion(result, "PZ-FYS-F2").outcome == "voldaan"
    assert criterion(result, "PZ-FYS-F3").outcome == "voldaan"
    assert result.tier and result.tier.level == "B"
    assert "SKF" in criterion(result, "PZ-FYS-F2").interpretation


@pytest.mark.parametrize(
    ("changes", "tier"),
    [
        ({}, "D"),
        ({"kngf_basisregister": True}, "C"),
        ({"aantal_verbijzonderd": 3}, "C"),
        ({"kngf_basisregister": True, "aantal_verbijzonderd": 3}, "B"),
        ({"skf_keurmerk": True, "aantal_verbijzonderd": 3}, "A"),
        ({"skf_keurmerk": True, "kngf_basisregister": True, "aantal_verbijzonderd": 5}, "A"),
    ],
)
def test_fysio_tier_for_zero_to_three_factors(assess: Assess, changes: dict, tier: str) -> None:
    result = assess("fysiotherapie", fysio(**changes))
    assert result.verdict == "voldoet"
    assert result.tier and result.tier.level == tier
    assert result.contract == f"Fysiotherapie: Zorgovereenkomst {tier}"
    assert result.term == "2026-2027"


def test_tier_hint_names_the_next_contract_and_the_missing_factors(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(kngf_basisregister=True, aantal_verbijzonderd=3))
    assert any(
        h.startswith("Met één differentiatiefactor meer is Zorgovereenkomst A mogelijk")
        and "SKF" in h
        for h in result.hints
    )


def test_contract_a_has_no_tier_hint(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(skf_keurmerk=True, aantal_verbijzonderd=3))
    assert not any("differentiatiefactor" in h for h in result.hints)


@pytest.mark.parametrize(
    ("care_type", "factors", "tier"),
    [
        ("oefentherapie", {"prem_meetbureau_caresq": True, "top_audit": True}, "A"),
        ("oefentherapie", {"prem_meetbureau_caresq": False, "top_audit": True}, "B"),
        ("oefentherapie", {"prem_meetbureau_caresq": False, "top_audit": False}, "C"),
        ("logopedie", {"prem_meetbureau_caresq": True, "kwaliteitscyclus_logopedie": True}, "A"),
        ("logopedie", {"prem_meetbureau_caresq": True, "kwaliteitscyclus_logopedie": False}, "B"),
        ("logopedie", {"prem_meetbureau_caresq": False, "kwaliteitscyclus_logopedie": False}, "C"),
    ],
)
def test_oefentherapie_and_logopedie_tiers(
    assess: Assess, care_type: str, factors: dict, tier: str
) -> None:
    answers = {**BASIC, "beroep_verbonden": True, "doorlopend_contract": False,
               "parkinson_zorg": False, **factors}  # fmt: skip
    if care_type == "oefentherapie":
        answers |= {"langdurige_ra": False, "claudicatio_zorg": False}
    result = assess(care_type, answers)
    assert result.verdict == "voldoet"
    assert result.tier and result.tier.level == tier


# -- Basic conditions, effort wording, partial exclusions -----------------------------------------


@pytest.mark.parametrize("days, outcome", [(5, "voldaan"), (6, "niet_voldaan")])
def test_five_working_days_to_first_appointment(assess: Assess, days: int, outcome: str) -> None:
    result = assess("fysiotherapie", fysio(werkdagen_eerste_afspraak=days))
    assert criterion(result, "PZ-R6").outcome == outcome
    assert result.verdict == ("voldoet" if outcome == "voldaan" else "voldoet_niet")


@pytest.mark.parametrize(
    "question",
    ["richtlijnen", "declareren_vecozo", "kwaliteitsregister", "prem_extern", "zn_digitalisering"],
)
def test_each_basic_condition_blocks(assess: Assess, question: str) -> None:
    result = assess("fysiotherapie", fysio(**{question: False}))
    assert result.verdict == "voldoet_niet"
    assert any(c.remedy for c in result.unmet("eis"))


def test_digital_care_needs_at_least_one_goal(assess: Assess) -> None:
    assert assess("fysiotherapie", fysio(digitale_zorg_doelen=["geen"])).verdict == "voldoet_niet"


def test_specialised_care_needs_the_sub_register(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(verbijzonderde_zorg=True, deelregisters=False))
    assert criterion(result, "PZ-R4").outcome == "niet_voldaan"
    without = assess("fysiotherapie", fysio())
    assert criterion(without, "PZ-R4").outcome == "niet_van_toepassing"


def test_effort_obligations_stay_worded_as_efforts(assess: Assess, pz) -> None:
    efforts = [c for care in pz.care_types.values() for c in care.criteria if c.spec.effort]
    assert efforts, "the policy has effort obligations (G-ZN-DIGI)"
    for compiled in efforts:
        assert "spant zich in" in compiled.spec.met
        assert "voldoet" not in compiled.spec.met.lower()
    result = assess("fysiotherapie", fysio())
    assert criterion(result, "PZ-R7").effort


def test_ra_annotation_missing_excludes_only_that_care(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(langdurige_ra=True, ra_aantekening=False))
    assert criterion(result, "PZ-RA").outcome == "niet_voldaan"
    assert result.verdict == "voldoet"
    assert any("Reumatoïde Artritis" in part for part in result.excluded_parts)


def test_ra_also_applies_to_oefentherapie(pz) -> None:
    assert "PZ-RA" in {c.id for c in pz.care_types["oefentherapie"].criteria}


@pytest.mark.parametrize(
    ("care_type", "treats", "member", "criterion_id"),
    [
        ("fysiotherapie", "parkinson_zorg", "parkinsonnet", "PZ-SEL-PARK"),
        ("fysiotherapie", "claudicatio_zorg", "chronisch_zorgnet", "PZ-SEL-CI"),
    ],
)
def test_selective_purchase_networks(
    assess: Assess, care_type: str, treats: str, member: str, criterion_id: str
) -> None:
    out = assess(care_type, fysio(**{treats: True, member: False}))
    assert criterion(out, criterion_id).outcome == "niet_voldaan"
    assert out.excluded_parts and out.verdict == "voldoet"
    inside = assess(care_type, fysio(**{treats: True, member: True}))
    assert criterion(inside, criterion_id).outcome == "voldaan"


# -- AGB code (PZ-AGB) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("care_type", "code", "ok"),
    [
        ("fysiotherapie", "04123456", True),
        ("fysiotherapie", "90123456", True),
        ("fysiotherapie", "26123456", False),
        ("huidtherapie", "37123456", True),
        ("huidtherapie", "05123456", False),
        ("gli", "24123456", True),
        ("gli", "05123456", False),
        ("preventieve_voetzorg", "26123456", True),
        ("preventieve_voetzorg", "04123456", False),
    ],
)
def test_agb_zorgverlenersoort_per_contract(
    assess: Assess, care_type: str, code: str, ok: bool
) -> None:
    answers = fysio() if care_type == "fysiotherapie" else {**BASIC, "beroep_verbonden": True}
    agb = criterion(assess(care_type, answers, agb_code=code), "PZ-AGB")
    assert agb.outcome == ("voldaan" if ok else "niet_voldaan")
    assert any(code in line for line in agb.evidence)


def test_agb_needs_the_profession_connected(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(beroep_verbonden=False))
    assert criterion(result, "PZ-AGB").outcome == "niet_voldaan"
    assert result.route and result.route.catalogue_id == "G-VEKTIS"


def test_missing_agb_code_makes_the_assessment_incomplete(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(), agb_code=None)
    assert result.verdict == "onvolledig"
    assert result.missing[0].question == "provider.agb_code"


# -- Incomplete, purchaser-only -------------------------------------------------------------------


def test_unanswered_required_question_is_incomplete_never_a_no(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(prem_extern=None))
    assert result.verdict == "onvolledig"
    assert [m.question for m in result.missing] == ["prem_extern"]
    assert criterion(result, "PZ-R5").outcome == "onbeantwoord"


def test_unanswered_purchaser_questions_do_not_make_it_incomplete(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio())
    assert criterion(result, "G-PRESTATIE").outcome == "onbeantwoord"
    assert result.verdict == "voldoet"


def test_fraud_suspicion_blocks_an_application_via_the_form(assess: Assess) -> None:
    answers = fysio(vermoeden_fraude=True)
    late = assess("fysiotherapie", answers, on=date(2026, 2, 2))
    assert criterion(late, "G-FRAUD").outcome == "niet_voldaan"
    assert late.verdict == "voldoet_niet"
    # Not an application via the form: the fraud question does not apply (reading used).
    in_round = assess("fysiotherapie", answers)
    assert criterion(in_round, "G-FRAUD").outcome == "niet_van_toepassing"
    assert in_round.verdict == "voldoet"


# -- Routes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "route"),
    [
        ({}, "vragenlijst_vecozo"),
        ({"contract_afgelopen_3_jaar": False}, "niet_benaderd"),
        ({"geen_aanbod_gewenst": True}, "niet_benaderd"),
        ({"vecozo_certificaat": False}, "vektis_registratie"),
        ({"behandelindex": 151, "contract_afgelopen_3_jaar": False}, "uitzondering_index"),
    ],
)
def test_fysio_routes_and_exclusions(assess: Assess, changes: dict, route: str) -> None:
    result = assess("fysiotherapie", fysio(**changes))
    assert result.route and result.route.id == route


@pytest.mark.parametrize(
    "care_type", ["oefentherapie", "logopedie", "dietetiek", "ergotherapie", "huidtherapie", "gli"]
)
def test_running_multi_year_contracts_mean_no_procedure(assess: Assess, care_type: str) -> None:
    result = assess(care_type, {"doorlopend_contract": True, "beroep_verbonden": True})
    assert result.verdict == "geen_procedure"
    assert result.route and result.route.catalogue_id == "PZ-P-DOORLOPEND"
    assert result.missing == ()


def test_running_contract_unanswered_leaves_the_route_open(assess: Assess) -> None:
    result = assess("oefentherapie", {})
    assert result.route is None
    assert result.verdict == "onvolledig"
    assert any("Doorlopende zorgovereenkomst" in w for w in result.warnings)


def test_hospital_without_running_contract_gets_the_combined_offer(assess: Assess) -> None:
    result = assess("ziekenhuizen", {"doorlopend_contract": False}, agb_code=None)
    assert result.route and result.route.id == "ziekenhuis_aanbod"
    assert "inkoopbeleid ziekenhuizen" in result.route.text


def test_gli_follow_policy(assess: Assess) -> None:
    result = assess("gli", {"doorlopend_contract": False, "gli_volgbeleid": True})
    assert result.route and result.route.catalogue_id == "PZ-GLI-VOLG"


# -- Dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("applied", "start"),
    [
        ("2025-10-15", date(2026, 1, 1)),  # never before 1 January of the contract year
        ("2026-01-01", date(2026, 2, 1)),
        ("2026-03-14", date(2026, 4, 1)),
        ("2026-12-05", date(2027, 1, 1)),
    ],
)
def test_no_retroactive_start_date(assess: Assess, applied: str, start: date) -> None:
    answers = {
        **BASIC,
        "beroep_verbonden": True,
        "doorlopend_contract": False,
        "aanvraagdatum": applied,
    }
    result = assess("dietetiek", answers)
    assert result.route and result.route.id == "aanvraagformulier"
    dates = {d.id: d for d in result.dates}
    assert dates["G-NO-RETRO"].date == start


def test_start_date_defaults_to_the_assessment_date_and_says_so(assess: Assess) -> None:
    answers = {**BASIC, "beroep_verbonden": True, "doorlopend_contract": False}
    result = assess("dietetiek", answers, on=date(2026, 5, 20))
    rule = criterion(result, "G-NO-RETRO")
    assert "1 juni 2026" in rule.reason
    assert "beoordelingsdatum" in rule.reason


@pytest.mark.parametrize(("on", "past"), [(date(2025, 10, 23), False), (date(2025, 10, 24), True)])
def test_questionnaire_deadline_is_past_on_its_day(assess: Assess, on: date, past: bool) -> None:
    # §4 "voor de deadline": 24 October itself is too late (issue 9). Before 7 November the
    # route is still the questionnaire, which carries this deadline.
    result = assess("fysiotherapie", fysio(), on=on)
    deadline = {d.id: d for d in result.dates}["deadline_vragenlijst"]
    assert deadline.past is past
    assert any("Deadline vragenlijst" in w for w in result.warnings) is past


def test_after_the_signing_date_the_route_is_the_application_form(assess: Assess) -> None:
    result = assess("fysiotherapie", fysio(), on=date(2025, 11, 8))
    assert result.route and result.route.id == "na_tekendatum"
    assert any(d.id == "G-NO-RETRO" and d.date == date(2026, 1, 1) for d in result.dates)


def test_corrected_proof_changes_the_contract_from_next_month(assess: Assess) -> None:
    answers = fysio(kngf_basisregister=True, datum_gecorrigeerd_bewijs="2025-12-10")
    result = assess("fysiotherapie", answers)
    assert {d.id: d.date for d in result.dates}["PZ-FYS-BEWIJS"] == date(2026, 1, 1)


# -- Other contract types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        (
            {
                "zorgmodule_voetulcera": True,
                "podotherapeut_kwaliteitsregister": True,
                "pedicures_geregistreerd": True,
            },
            "voldoet",
        ),
        (
            {
                "zorgmodule_voetulcera": False,
                "podotherapeut_kwaliteitsregister": True,
                "pedicures_geregistreerd": True,
            },
            "voldoet_niet",
        ),
        (
            {
                "zorgmodule_voetulcera": True,
                "podotherapeut_kwaliteitsregister": False,
                "pedicures_geregistreerd": True,
            },
            "voldoet_niet",
        ),
        (
            {
                "zorgmodule_voetulcera": True,
                "podotherapeut_kwaliteitsregister": True,
                "pedicures_geregistreerd": False,
            },
            "voldoet_niet",
        ),
    ],
)
def test_preventieve_voetzorg(assess: Assess, answers: dict, verdict: str) -> None:
    base = {**BASIC, "beroep_verbonden": True, "vecozo_certificaat": True,
            "contract_afgelopen_3_jaar": True, "geen_aanbod_gewenst": False,
            "werken_pedicures": True}  # fmt: skip
    base.pop("kwaliteitsregister", None)  # asked per professional group for voetzorg
    result = assess("preventieve_voetzorg", base | answers, on=date(2025, 8, 1))
    assert result.verdict == verdict
    assert result.route and result.route.catalogue_id == "PZ-VZ-DUUR"


GLI_OK = {
    **BASIC,
    "beroep_verbonden": True,
    "doorlopend_contract": False,
    "gli_volgbeleid": False,
    "gli_interventies": ["SLIMMER"],
    "gli_uitvoerders": ["Fysiotherapeut", "Leefstijlcoach"],
    "gli_aantekening_leefstijlcoaching": True,
    "leefstijlcoach_kabiz": True,
    "gli_licentie": True,
    "gli_startinstructie": True,
}


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        ({}, None),
        ({"gli_interventies": ["geen"]}, "PZ-GLI-1"),
        ({"gli_uitvoerders": ["Leefstijlcoach", "geen"]}, "PZ-GLI-2"),
        ({"gli_aantekening_leefstijlcoaching": False}, "PZ-GLI-3"),
        ({"leefstijlcoach_kabiz": False}, "PZ-GLI-4"),
        ({"gli_licentie": False}, "PZ-GLI-5"),
        ({"gli_startinstructie": False}, "PZ-GLI-6"),
    ],
)
def test_gli_conditions(assess: Assess, changes: dict, failing: str | None) -> None:
    result = assess("gli", GLI_OK | changes)
    assert [c.id for c in result.unmet("eis")] == ([failing] if failing else [])


def test_gli_registers_apply_only_to_who_delivers_it(assess: Assess) -> None:
    result = assess("gli", GLI_OK | {"gli_uitvoerders": ["Diëtist"]})
    assert criterion(result, "PZ-GLI-4").outcome == "niet_van_toepassing"
    assert criterion(result, "PZ-GLI-3").outcome == "voldaan"


VP_OK = {
    **BASIC,
    "valpreventie_keten": True,
    "valpreventie_interventies": ["Otago individueel", "In Balans"],
    "valpreventie_uitvoerders": ["Oefentherapeut"],
}


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        ({}, None),
        ({"valpreventie_keten": False}, "PZ-VP-1"),
        # §3.1 names the programmes Caresq buys; offering another one as well is allowed.
        ({"valpreventie_interventies": ["Otago groep", "geen"]}, None),
        ({"valpreventie_interventies": ["geen"]}, "PZ-VP-2"),
        ({"valpreventie_uitvoerders": ["geen"]}, "PZ-VP-3"),
    ],
)
def test_valpreventie(assess: Assess, changes: dict, failing: str | None) -> None:
    result = assess("valpreventie", VP_OK | changes)
    assert [c.id for c in result.unmet("eis")] == ([failing] if failing else [])


# -- Traceability and determinism -----------------------------------------------------------------


def test_result_records_the_exact_policy(assess: Assess, pz) -> None:
    import hashlib

    result = assess("fysiotherapie", fysio())
    assert result.policy_id == "paramedische-zorg-2026"
    assert result.policy_version == pz.meta.version
    assert result.policy_sha256 == hashlib.sha256(pz.path.read_bytes()).hexdigest()


def test_same_assessment_gives_the_same_result(assess: Assess) -> None:
    first = assess("fysiotherapie", fysio(), on=date(2025, 9, 1))
    second = assess("fysiotherapie", fysio(), on=date(2025, 9, 1))
    assert first.to_dict() == second.to_dict()


def test_every_criterion_result_carries_source_and_kind(assess: Assess) -> None:
    for c in assess("fysiotherapie", fysio(behandelindex=151)).criteria:
        assert c.source and c.kind
        if c.outcome == "niet_voldaan" and c.kind == "eis":
            assert c.remedy


def test_an_empty_form_says_what_each_open_criterion_waits_for(assess: Assess) -> None:
    """On a new form no question is answered: a criterion that reads none it can ask yet says
    what it waits for, never "beantwoord eerst ." or a placeholder such as {date}."""
    result = assess("fysiotherapie", {})
    assert result.route is None  # the route waits for the behandelindex
    # G-FRAUD applies on one route only, which is not known yet.
    assert criterion(result, "G-FRAUD").reason == (
        "Nog niet te bepalen: dit hangt af van de route, en die ligt pas vast als de vragen die "
        "de route bepalen beantwoord zijn."
    )
    # The date rule's text quotes the date it computes: left out while the rule is open.
    no_retro = criterion(result, "G-NO-RETRO")
    assert no_retro.outcome == "onbeantwoord"
    assert "{" not in no_retro.reason and "route" in no_retro.reason
    # F1 counts rows or numbers; which of them applies, the way of entering them decides.
    assert criterion(result, "PZ-FYS-F1").reason == (
        "Nog niet te bepalen: het antwoord op Invoer fysiotherapeuten bepaalt of Aantal "
        "fysiotherapeuten, Aantal met erkende verbijzondering (≥ 24 uur) en Fysiotherapeuten "
        "van toepassing zijn."
    )
    # With the route known, a question it reads is named as before.
    answered = assess("fysiotherapie", {"contract_afgelopen_3_jaar": True, "behandelindex": 120})
    assert criterion(answered, "PZ-FYS-INDEXJAAR").reason.startswith(
        "Nog niet te bepalen: beantwoord eerst "
    )


def test_a_text_quotes_the_limit_of_a_part_still_open(assess: Assess) -> None:
    """PZ-R6 fails on the telephone while the working days are open: its text still names the
    limit of the open part ("binnen 5 werkdagen"), not "{limit}"."""
    answers = fysio(telefonisch_bereikbaar=False, werkdagen_eerste_afspraak=None)
    r6 = criterion(assess("fysiotherapie", answers), "PZ-R6")
    assert r6.outcome == "niet_voldaan"
    assert "binnen 5 werkdagen moet de verzekerde weten" in r6.reason
    assert r6.evidence[-1] == "Werkdagen tot eerste afspraak: niet ingevuld"
