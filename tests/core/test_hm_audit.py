"""Issue 24, part 5: what an independent audit of Hulpmiddelen 2026 found (doc 004), one golden
case per finding, each from the document's sentence."""

from __future__ import annotations

from tests.core.test_hulpmiddelen import DISV, NEW_PRODUCT, assess, cert


def test_a_category_without_a_certificate_rule_stays_when_another_falls_away() -> None:
    """§3: "Bij een aantal inhoudelijke standaardzorgovereenkomsten is de zorgaanbieder in het
    bezit van een in de branche geldend certificaat" (Stomazorg and Oogprothesen are not in the
    table)."""
    for chosen, missing in (
        (["Stomazorg", "Therapeutisch elastische kousen"], {"semh_tek": False}),
        (["Oogprothesen", "CPAP"], {"iso_certificaat": False}),
        (["CPAP", "Stomazorg"], {"iso_certificaat": False}),
    ):
        result = assess(categorieen=chosen, contract_2025=False, **missing)
        assert result.verdict != "voldoet_niet", chosen
        assert result.excluded_parts, chosen  # the certificate's category is excluded
        free = cert(result, "zonder certificaat")
        assert free.outcome == "voldaan" and any(name in free.reason for name in chosen)


def test_the_september_offer_date_only_for_new_september_categories() -> None:
    """§4: "Deze zorgovereenkomsten lopen door in 2026. U ontvangt voor 2026 geen nieuwe
    zorgovereenkomst voor deze hulpmiddelen." """
    mixed = assess(categorieen=["Orthesen", "Haarwerken"], haarwerken_certificering="anko",
                   semh_oim=True)  # fmt: skip
    assert "aanbod_september" not in {d.id for d in mixed.dates}
    new = assess(categorieen=["Orthesen", "CPAP"], iso_certificaat=True, semh_oim=True)
    assert "aanbod_september" in {d.id for d in new.dates}


def test_the_disv_remedy_names_what_is_unmet() -> None:
    """§3 DISV randvoorwaarden: seven conditions; a remedy names the one that fails."""
    result = assess("disv_speciaalzaak", **{**DISV, "landelijke_dekking": False})
    assert result.verdict == "voldoet_niet"
    unmet = [c for c in result.criteria if c.id == "HM-DISV" and c.outcome == "niet_voldaan"]
    assert [c.variant for c in unmet] == ["landelijke dekking"]
    assert unmet[0].remedy == "Zorg voor landelijke dekking."
    assert assess("disv_speciaalzaak", **DISV).verdict == "voldoet"


def test_the_partial_running_notice_needs_a_2025_contract() -> None:
    """§4 Doorlopende zorgovereenkomst: "Caresq heeft in 2025 meerjarige zorgovereenkomsten
    gesloten voor: ..." (a supplier without one has nothing running)."""
    without = assess(categorieen=["Orthesen", "CPAP"], contract_2025=False, iso_certificaat=True,
                     semh_oim=True)  # fmt: skip
    partial = [c for c in without.criteria if c.id == "HM-P-DOORLOPEND" and c.variant == "deels"]
    assert all(c.outcome == "niet_van_toepassing" for c in partial)
    with_contract = assess(categorieen=["Orthesen", "CPAP"], iso_certificaat=True, semh_oim=True)
    notice = next(c for c in with_contract.criteria
                  if c.id == "HM-P-DOORLOPEND" and c.variant == "deels")  # fmt: skip
    assert notice.outcome == "informatie"


def test_a_new_product_in_a_running_category_is_not_added() -> None:
    """§4 Nieuwe producten: "Gedurende de looptijd van de zorgovereenkomst worden geen
    producten aan de zorgovereenkomst toegevoegd." """
    answers = {**NEW_PRODUCT, "datum_productaanvraag": "2025-07-01"}
    running = assess("nieuw_product", **{**answers, "productcategorie": "Orthesen"})
    assert running.verdict == "voldoet_niet"
    rule = next(c for c in running.criteria if c.id == "HM-NP" and c.variant == "categorie")
    assert "loopt de zorgovereenkomst 2025-2026 door" in rule.reason
    assert "Andere lezing" in rule.interpretation
    assert assess("nieuw_product", **answers).verdict == "voldoet"  # CPAP: a new offer
