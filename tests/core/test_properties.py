"""Properties over many generated inputs: tiers are monotonic and nothing crashes the engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caresq_desk.core.common.formatting import PLACEHOLDER
from caresq_desk.core.document.files import AssessmentFileError, parse_assessment
from caresq_desk.core.model.result import Result, Verdict
from caresq_desk.core.policy.loader import Policy, load_policy, policy_files
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.rules.roles import ROLES, for_role
from tests.conftest import POLICIES, PZ_FILE, fysio, make_assessment

POLICY = load_policy(PZ_FILE)
ALL_POLICIES = {path.stem: load_policy(path) for path in policy_files(POLICIES)}
CARE_TYPES = sorted(
    (name, care) for name, policy in ALL_POLICIES.items() for care in policy.care_types
)
BROAD = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TIER_ORDER = {"A": 0, "B": 1, "C": 2, "D": 3}


@st.composite
def practices(draw: st.DrawFn) -> dict:
    total = draw(st.integers(1, 40))
    return fysio(
        aantal_fysiotherapeuten=total,
        aantal_verbijzonderd=draw(st.integers(0, total)),
        kngf_basisregister=draw(st.booleans()),
        skf_keurmerk=draw(st.booleans()),
    )


def tier_of(answers: dict) -> int:
    result = evaluate(POLICY, make_assessment(POLICY, "fysiotherapie", answers))
    assert result.tier is not None
    return TIER_ORDER[result.tier.level]


@SETTINGS
@given(practices(), st.sampled_from(["f1", "kngf", "skf"]))
def test_taking_a_factor_away_never_raises_the_tier(answers: dict, factor: str) -> None:
    weaker = dict(answers)
    if factor == "f1":
        weaker["aantal_verbijzonderd"] = 0
    elif factor == "kngf":
        weaker["kngf_basisregister"] = False
    else:
        weaker["skf_keurmerk"] = False
    assert tier_of(weaker) >= tier_of(answers)


@SETTINGS
@given(practices(), st.integers(0, 1000))
def test_index_boundary_decides_the_verdict(answers: dict, index: int) -> None:
    result = evaluate(
        POLICY, make_assessment(POLICY, "fysiotherapie", answers | {"behandelindex": index})
    )
    assert result.verdict == ("voldoet" if index <= 150 else "uitzondering_mogelijk")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(
        ["2026-03-14", "geen", "Manuele therapie", "per_therapeut", "aantallen", "jan_dec"]
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def texts_in(value: object) -> list[str]:
    """Every string in a result's JSON form, but for the invalid answers (which quote them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() if key != "invalid" for text in texts_in(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in texts_in(item)]
    return []


@st.composite
def any_answers(draw: st.DrawFn, care_type: str, policy=POLICY) -> dict:
    question_ids = [q.id for q in policy.care_types[care_type].questions] + ["onbekend"]
    keys = draw(st.lists(st.sampled_from(question_ids), max_size=len(question_ids), unique=True))
    return {key: draw(json_values) for key in keys}


@pytest.mark.parametrize(("policy_name", "care_type"), CARE_TYPES)
def test_no_answers_crash_the_engine(policy_name: str, care_type: str) -> None:
    policy = ALL_POLICIES[policy_name]

    @BROAD
    @given(any_answers(care_type, policy), st.dates(date(2024, 1, 1), date(2028, 12, 31)))
    def check(answers: dict, on: date) -> None:
        result = evaluate(policy, make_assessment(policy, care_type, answers, on=on))
        assert result.verdict in get_args(Verdict)
        assert len(result.criteria) == len(policy.care_types[care_type].criteria)
        # Making every text decides each condition again, with its trace: same outcome.
        assert len(result.to_dict()["criteria"]) == len(result.criteria)
        assert_texts_read_as_sentences(result, policy)

    check()


def assert_texts_read_as_sentences(result: Result, policy: Policy) -> None:
    """Every text reads as a sentence, in either role's words: no placeholder left, no empty
    list of questions to answer first."""
    for role in ROLES:
        for text in texts_in(for_role(result, policy, role).to_dict()):
            assert not PLACEHOLDER.search(text), (role, text)  # a placeholder left unfilled
            assert "eerst ." not in text, (role, text)


@SETTINGS
@given(st.binary(max_size=300) | json_values.map(lambda v: __import__("json").dumps(v).encode()))
def test_no_file_content_crashes_the_reader(content: bytes) -> None:
    try:
        parse_assessment(content, Path("x.json"))
    except AssessmentFileError as error:
        assert error.problem in {"beschadigd", "geen_beoordeling", "nieuwere_versie", "ongeldig"}


def _scalar_strategy(kind: str, info, spec) -> st.SearchStrategy:
    if kind == "ja_nee":
        return st.booleans()
    if kind in ("getal", "percentage"):
        low = spec.min if spec.min is not None else 0
        high = spec.max if spec.max is not None else (100 if kind == "percentage" else 300)
        return st.integers(int(low), int(high))
    if kind == "datum":
        return st.dates(date(2025, 1, 1), date(2027, 12, 31)).map(date.isoformat)
    if kind == "keuze":
        return st.sampled_from(sorted(info.option_labels))
    if kind == "meerkeuze":
        return st.lists(st.sampled_from(sorted(info.option_labels)), unique=True, max_size=3)
    return st.text(max_size=10)


@st.composite
def valid_answers(draw: st.DrawFn, care_type: str, policy=POLICY) -> dict:
    """Answers that fit their questions, each question present or not."""
    answers = {}
    for question in policy.care_types[care_type].questions:
        if not draw(st.booleans()):
            continue
        if question.kind == "tabel":
            columns = {
                c.id: _scalar_strategy(c.type, question.info.columns[c.id], c) | st.none()
                for c in question.spec.columns or ()
            }
            answers[question.id] = draw(st.lists(st.fixed_dictionaries(columns), max_size=5))
        else:
            answers[question.id] = draw(
                _scalar_strategy(question.kind, question.info, question.spec)
            )
    return answers


@pytest.mark.parametrize(("policy_name", "care_type"), CARE_TYPES)
def test_every_text_of_fitting_answers_reads_as_a_sentence(
    policy_name: str, care_type: str
) -> None:
    """Fitting answers reach every condition's parts, failed, met and open together: a text
    that quotes a part still open (PZ-R6's "binnen {limit}") was found this way."""
    policy = ALL_POLICIES[policy_name]

    @BROAD
    @given(valid_answers(care_type, policy), st.dates(date(2024, 1, 1), date(2028, 12, 31)))
    def check(answers: dict, on: date) -> None:
        result = evaluate(policy, make_assessment(policy, care_type, answers, on=on))
        assert_texts_read_as_sentences(result, policy)

    check()


@pytest.mark.parametrize(("policy_name", "care_type"), CARE_TYPES)
def test_memoised_results_equal_fresh_evaluation(
    policy_name: str, care_type: str, monkeypatch
) -> None:
    """The engine's memo must never change a result: compare with the memo switched off."""
    from caresq_desk.core.rules import memo

    policy = ALL_POLICIES[policy_name]

    @BROAD
    @given(
        valid_answers(care_type, policy) | any_answers(care_type, policy),
        st.dates(date(2024, 1, 1), date(2027, 12, 31)),
    )
    def check(answers: dict, on: date) -> None:
        assessment = make_assessment(policy, care_type, answers, on=on)
        monkeypatch.setattr(memo, "MEMOIZE", True)
        memoised = evaluate(policy, assessment)
        monkeypatch.setattr(memo, "MEMOIZE", False)
        assert evaluate(policy, assessment).to_dict() == memoised.to_dict()

    check()
