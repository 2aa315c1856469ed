"""Golden cases for the ZN appendix of doc 000: onplanbare nachtzorg and geboortezorg."""

from __future__ import annotations

from datetime import date

import pytest

from caresq_desk.core.policy.calculation import run_calculation
from caresq_desk.core.policy.loader import load_policy
from caresq_desk.core.rules.engine import evaluate
from tests.conftest import POLICIES, criterion, make_assessment

CI = load_policy(POLICIES / "2027" / "categorale-instellingen.toml")
REQUEST = {
    "nieuwe_businesscase": False,
    "datum_volgverzoek": "2026-06-30",
    "volgverzoek_getekend": True,
    "overeenstemming_preferent": True,
    "stuk_infrastructuur": True,
    "stuk_begroting": True,
    "stuk_aangesloten": True,
    "stuk_niet_aangesloten": True,
}
INDEXES = {
    "begroting": 1_200_000,
    "index_personeel_t_voorlopig": 3.5,
    "index_materieel_t_voorlopig": 2.0,
    "index_personeel_t1_definitief": 4.0,
    "index_materieel_t1_definitief": 2.5,
    "index_personeel_t1_voorlopig": 3.6,
    "index_materieel_t1_voorlopig": 2.5,
    "zvw_aandeel": 80,
}


def assess(care_type: str = "wijkverpleging_nachtzorg", **changes):
    answers = {k: v for k, v in {**REQUEST, **changes}.items() if v is not None}
    if care_type != "wijkverpleging_nachtzorg":
        answers = changes
    return evaluate(CI, make_assessment(CI, care_type, answers, agb_code=None, on=date(2026, 6, 1)))


def tijd(result, variant: str):
    return next(c for c in result.criteria if c.id == "ZN-WV-NACHT-TIJD" and c.variant == variant)


@pytest.mark.parametrize(
    ("day", "verdict"), [("2026-06-30", "voldoet"), ("2026-07-01", "voldoet_niet")]
)
def test_follow_request_on_or_after_1_july_is_not_handled(day: str, verdict: str) -> None:
    result = assess(datum_volgverzoek=day)
    assert result.verdict == verdict
    if verdict == "voldoet_niet":
        assert "niet meer in behandeling" in tijd(result, "volgverzoek").reason


def test_follow_request_must_be_signed_by_the_preferred_insurer() -> None:
    assert assess(volgverzoek_getekend=False).verdict == "voldoet_niet"


@pytest.mark.parametrize(
    ("day", "shown"), [("2026-06-30", "30 juni 2026"), (None, "niet ingevuld")]
)  # fmt: skip
def test_an_unsigned_follow_request_names_the_deadline_and_its_date(
    day: str | None, shown: str
) -> None:
    """Unsigned, with or without its date: the text names the deadline of the date part and
    the date given, never "{limit}" or "{value}"."""
    rule = tijd(assess(volgverzoek_getekend=False, datum_volgverzoek=day), "volgverzoek")
    assert rule.outcome == "niet_voldaan"
    assert "voor 1 juli 2026 worden ingediend" in rule.reason
    assert rule.reason.endswith(f"(datum van het volgverzoek: {shown}).")


@pytest.mark.parametrize(
    ("discussed", "delivered", "outcome"),
    [("2026-03-31", "2026-04-30", "voldaan"), ("2026-04-01", "2026-04-30", "niet_voldaan"),
     ("2026-03-31", "2026-05-01", "niet_voldaan")],
)  # fmt: skip
def test_business_case_timeline(discussed: str, delivered: str, outcome: str) -> None:
    result = assess(
        nieuwe_businesscase=True, datum_besproken=discussed, datum_businesscase=delivered
    )
    assert tijd(result, "businesscase").outcome == outcome


@pytest.mark.parametrize(
    "document",
    ["stuk_infrastructuur", "stuk_begroting", "stuk_aangesloten", "stuk_niet_aangesloten"],
)
def test_each_of_the_four_documents_is_required(document: str) -> None:
    result = assess(**{document: False})
    assert criterion(result, "ZN-WV-NACHT-DOCS").outcome == "niet_voldaan"
    assert result.verdict == "voldoet_niet"


def test_without_agreement_the_existing_agreements_stay() -> None:
    """§3.2.2: "Indien er op 1 juli geen overeenstemming is met de preferente verzekeraar, dan
    blijven de bestaande afspraken van kracht." (issue 25: the request is not honoured)"""
    result = assess(overeenstemming_preferent=False)
    agreement = tijd(result, "overeenstemming")
    assert agreement.outcome == "niet_voldaan" and result.verdict == "voldoet_niet"
    assert "bestaande afspraken blijven van kracht" in agreement.reason
    assert "niet gehonoreerd" in agreement.reason
    assert tijd(assess(overeenstemming_preferent=True), "overeenstemming").outcome == "voldaan"


def test_indexation_is_shown_as_a_worked_calculation() -> None:
    result = assess(**INDEXES)
    index = criterion(result, "ZN-WV-NACHT-INDEX")
    assert index.outcome == "informatie"
    assert "Voorlopige gewogen index 2027: 90% × 3,5% + 10% × 2% = 3,35%" in index.evidence
    assert "Toe te passen index 2027: 3,35% + 0,36% = 3,71%" in index.evidence
    assert index.evidence[-1] == "Vergoed (deel voor Zvw-cliënten): 80% van € 1.244.520 = € 995.616"


def test_calculation_value_matches_the_formula() -> None:
    steps = next(c for c in CI.care_types["wijkverpleging_nachtzorg"].criteria
                 if c.id == "ZN-WV-NACHT-INDEX").spec.calculation  # fmt: skip
    _, value = run_calculation(steps, INDEXES)
    weighted = lambda p, m: 0.9 * p + 0.1 * m  # noqa: E731
    index = weighted(3.5, 2.0) + (weighted(4.0, 2.5) - weighted(3.6, 2.5))
    assert value == pytest.approx(1_200_000 * (1 + index / 100) * 0.8)


def test_indexation_waits_for_its_numbers_without_blocking() -> None:
    result = assess()
    assert criterion(result, "ZN-WV-NACHT-INDEX").outcome == "onbeantwoord"
    assert result.verdict == "voldoet"


@pytest.mark.parametrize(
    ("answer", "outcome"), [("ja", "voldaan"), ("gaat", "voldaan"), ("nee", "niet_voldaan")]
)
def test_geboortezorg_xis_keurmerk_is_an_expectation(answer: str, outcome: str) -> None:
    result = assess("geboortezorg", xis_keurmerk=answer)
    assert criterion(result, "ZN-GEB-XIS").outcome == outcome
    assert result.verdict == "buiten_beleid"
