"""A criterion's texts are made when first read (issue 21): an evaluation decides every
criterion, and only the texts someone reads are explained, once. To every reader the result is
the same as if they had been made at once."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

from caresq_desk.core.model.result import CriterionTexts, DeferredTexts
from caresq_desk.core.rules import criteria, memo
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.rules.roles import ROLE_PURCHASER, for_role
from tests.conftest import criterion, fysio, make_assessment


@pytest.fixture
def explained(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the criteria explained, in order, with the memo off."""
    monkeypatch.setattr(memo, "MEMOIZE", False)
    calls: list[str] = []
    real = criteria._explain

    def counting(criterion: Any, *args: Any) -> CriterionTexts:
        calls.append(criterion.id)
        return real(criterion, *args)

    monkeypatch.setattr(criteria, "_explain", counting)
    return calls


def test_texts_are_made_when_first_read_and_then_kept(pz, explained: list[str]) -> None:
    result = evaluate(pz, make_assessment(pz, "fysiotherapie", fysio(behandelindex=163)))
    assert explained == []  # every criterion decided, none explained yet
    index = criterion(result, "PZ-FYS-INDEX")
    assert index.outcome == "niet_voldaan"
    assert "163" in index.reason
    assert explained == ["PZ-FYS-INDEX"]
    assert index.evidence and index.remedy and index.purchaser
    assert explained == ["PZ-FYS-INDEX"]  # made once, for every text of the criterion


def test_a_hint_does_not_make_its_criterion_explain_itself(pz, explained: list[str]) -> None:
    answers = fysio(aantal_fysiotherapeuten=10, aantal_verbijzonderd=2)
    result = evaluate(pz, make_assessment(pz, "fysiotherapie", answers))
    assert any("nog 1 fysiotherapeut" in hint for hint in result.hints)
    assert explained == []
    factor = criterion(result, "PZ-FYS-F1")
    assert factor.outcome == "niet_voldaan"
    assert factor.reason.startswith("2 van de 10 fysiotherapeuten (20%)")
    assert explained == ["PZ-FYS-F1"]


def test_the_purchaser_wording_waits_for_a_reader_too(pz, explained: list[str]) -> None:
    result = evaluate(pz, make_assessment(pz, "fysiotherapie", fysio(behandelindex=163)))
    worded = for_role(result, pz, ROLE_PURCHASER)
    assert explained == []
    index = criterion(worded, "PZ-FYS-INDEX")
    assert index.remedy.startswith("Meent de praktijk op zorginhoudelijke gronden")
    assert index.purchaser is None  # folded in: the purchaser reads it as the remedy
    assert criterion(result, "PZ-FYS-INDEX").remedy.startswith("Meent u")
    assert explained == ["PZ-FYS-INDEX"]  # both wordings from one explanation


def test_later_changes_to_the_answers_do_not_reach_the_texts(pz) -> None:
    """The texts say what was decided, whenever they are read."""
    rows = [{"verbijzondering": "Manuele therapie", "vektis": True, "uren": 30}]
    answers = fysio(
        behandelindex=163, verbijzondering_invoer="per_therapeut", fysiotherapeuten=rows
    )
    assessment = make_assessment(pz, "fysiotherapie", answers)
    expected = evaluate(pz, assessment).to_dict()
    later = evaluate(pz, assessment)
    rows[0]["uren"] = 2
    assessment.answers.clear()
    assert later.to_dict() == expected


def test_a_memo_keeps_only_what_a_criterion_reads(pz, monkeypatch) -> None:
    """A memoised result outlives its assessment: its texts to come hold the values the
    criterion reads, not the whole assessment."""
    monkeypatch.setattr(memo, "MEMOIZE", True)
    rules = pz.care_types["fysiotherapie"]
    for compiled in rules.criteria:
        compiled.memo.clear()
    result = evaluate(pz, make_assessment(pz, "fysiotherapie", fysio(behandelindex=171)))
    index = criterion(result, "PZ-FYS-INDEX")
    assert isinstance(index.texts, criteria.Explained)
    kept = index.texts._facts.values
    assert set(kept) <= set(next(c for c in rules.criteria if c.id == "PZ-FYS-INDEX").reads)
    assert "171" in index.reason


def test_a_copy_or_a_pickle_holds_the_texts_made(pz) -> None:
    result = evaluate(pz, make_assessment(pz, "fysiotherapie", fysio(behandelindex=163)))
    assert any(isinstance(c.texts, DeferredTexts) for c in result.criteria)
    for again in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert again == result
        assert all(type(c.texts) is CriterionTexts for c in again.criteria)
        assert again.to_dict() == result.to_dict()


def test_deferred_and_made_texts_compare_and_hash_alike(pz) -> None:
    result = evaluate(pz, make_assessment(pz, "fysiotherapie", fysio(behandelindex=163)))
    index = criterion(result, "PZ-FYS-INDEX")
    made = index.texts.made()
    assert index.texts == made and made == index.texts
    assert hash(index.texts) == hash(made)
    assert index == index._replace(texts=made)
    assert index != index.reworded("Anders")
