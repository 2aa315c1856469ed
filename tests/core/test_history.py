"""Schema version 2: status, decision, who made the file and its append-only history."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caresq_desk.core.document.files import load_assessment, parse_assessment, save_assessment
from caresq_desk.core.document.history import (
    StatusError,
    active_decision,
    advance,
    back_to_concept,
    decide,
    provider_claims,
    record,
    reopen,
    replay,
)
from caresq_desk.core.model.assessment import SCHEMA_VERSION, Actor, Assessment, PolicyRef
from tests.conftest import V1_FILE as V1

JAN = Actor(name="Jan de Vries", role="inkoper")
PRAKTIJK = Actor(name="Praktijk De Brug", role="zorgaanbieder")
AT = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def new(answers: dict) -> Assessment:
    return Assessment(
        policy=PolicyRef(id="paramedische-zorg-2026"), care_type="fysiotherapie", answers=answers
    )


def test_a_version_1_file_is_migrated_with_its_history_starting_at_gemigreerd(
    tmp_path: Path,
) -> None:
    path = tmp_path / "oud.json"
    path.write_text(json.dumps(V1))
    assessment, notes = load_assessment(path)
    assert assessment.schema_version == SCHEMA_VERSION
    assert assessment.status == "concept" and assessment.decision is None
    assert [e.event for e in assessment.history] == ["gemigreerd"]
    assert replay(assessment.history) == V1["answers"]
    assert assessment.made_by is None  # not known for an old file, never guessed
    assert "bestandsversie 1" in notes[0]
    save_assessment(path, assessment)
    saved = json.loads(path.read_text())
    assert (
        saved["schema_version"] == SCHEMA_VERSION and saved["history"][0]["event"] == "gemigreerd"
    )
    again, notes = load_assessment(path)
    unsealed = [e.model_copy(update={"prev": None, "state": None}) for e in again.history]
    assert notes == [] and unsealed == assessment.history  # sealed on saving, nothing else


def test_a_new_file_records_who_made_it_and_every_answer() -> None:
    saved = record(None, new({"behandelindex": 140, "kwaliteitsregister": True}), JAN, AT)
    assert saved.made_by == JAN
    assert [(e.event, e.field, e.new) for e in saved.history] == [
        ("aangemaakt", None, None),
        ("antwoord", "behandelindex", 140),
        ("antwoord", "kwaliteitsregister", True),
    ]


def test_a_save_records_old_and_new_values_and_nothing_when_nothing_changed() -> None:
    first = record(None, new({"behandelindex": 140}), JAN, AT)
    changed = first.model_copy(update={"answers": {"behandelindex": 151}})
    second = record(first, changed, JAN, AT)
    last = second.history[-1]
    assert (last.field, last.old, last.new, last.by) == ("behandelindex", 140, 151, JAN)
    assert record(second, second, JAN, AT).history == second.history


def test_a_removed_answer_is_recorded_and_replayed_as_gone() -> None:
    first = record(None, new({"behandelindex": 140}), JAN, AT)
    second = record(first, first.model_copy(update={"answers": {}}), JAN, AT)
    assert (second.history[-1].old, second.history[-1].new) == (140, None)
    assert replay(second.history) == {}


def test_answers_changed_outside_the_application_are_recorded_as_read() -> None:
    first = record(None, new({"behandelindex": 140}), JAN, AT)
    edited = first.model_copy(update={"answers": {"behandelindex": 99}})  # by hand, no event
    second = record(edited, edited.model_copy(update={"answers": {"behandelindex": 100}}), JAN)
    assert [e.event for e in second.history][-2:] == ["hersteld", "antwoord"]
    assert replay(second.history) == {"behandelindex": 100}


answer_values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 500), st.sampled_from(["ja", "nee", "a", "b"])
)
answer_sets = st.dictionaries(st.sampled_from(["q1", "q2", "q3", "q4"]), answer_values)


@settings(max_examples=150, deadline=None)
@given(st.lists(answer_sets, min_size=1, max_size=8), st.booleans())
def test_replaying_the_history_gives_the_current_answers(steps: list[dict], migrated: bool) -> None:
    """Over any series of saves, replaying the history over an empty assessment gives exactly
    the answers in the file, and the history only ever grows at the end."""
    current = None
    if migrated:
        raw = V1 | {"answers": {k: v for k, v in steps[0].items() if v is not None}}
        current, _ = parse_assessment(json.dumps(raw).encode(), Path("oud.json"))
    for answers in steps:
        answers = {k: v for k, v in answers.items() if v is not None}
        before_history = list(current.history) if current is not None else []
        base = current or new({})
        current = record(current, base.model_copy(update={"answers": answers}), JAN, AT)
        assert current.history[: len(before_history)] == before_history
        assert replay(current.history) == current.answers


def test_status_goes_concept_ter_controle_vastgesteld_and_reopening_needs_a_reason() -> None:
    file = record(None, new({}), JAN, AT)
    checked = advance(file, JAN, AT)
    assert checked.status == "ter_controle"
    assert back_to_concept(checked, JAN, AT).status == "concept"
    fixed = advance(checked, JAN, AT)
    assert fixed.status == "vastgesteld"
    with pytest.raises(StatusError):
        advance(fixed, JAN, AT)
    with pytest.raises(StatusError, match="reden"):
        reopen(fixed, "  ", JAN, AT)
    with pytest.raises(StatusError, match="vastgesteld"):
        decide(fixed, "toegekend", "Goed gemotiveerd", JAN, AT)
    reopened = reopen(fixed, "Nieuwe behandelindex ontvangen", JAN, AT)
    assert reopened.status == "concept"
    assert reopened.history[-1].event == "heropend"
    assert reopened.history[-1].reason == "Nieuwe behandelindex ontvangen"


def test_a_decision_needs_a_motivation_and_only_counts_while_an_exception_is_possible() -> None:
    file = record(None, new({}), JAN, AT)
    with pytest.raises(StatusError, match="motivering"):
        decide(file, "toegekend", "", JAN, AT)
    decided = decide(file, "toegekend", "Regio zonder alternatief", JAN, AT)
    assert decided.decision is not None and decided.decision.by == JAN
    assert decided.history[-1].event == "besluit"
    # It counts while the policy leaves a decision (open or made); the engine puts it into the
    # verdict (tests/core/test_decision.py).
    assert active_decision(decided.decision, "uitzondering_mogelijk") == decided.decision
    assert active_decision(decided.decision, "uitzondering_toegekend") == decided.decision
    assert active_decision(decided.decision, "voldoet") is None


def test_what_the_provider_claimed_stays_visible_after_the_purchaser_changes_it() -> None:
    own = record(None, new({"behandelindex": 140, "kwaliteitsregister": True}), PRAKTIJK, AT)
    assert own.made_by == PRAKTIJK
    checked = record(own, own.model_copy(update={"answers": {"behandelindex": 163}}), JAN, AT)
    assert checked.made_by == PRAKTIJK  # the purchaser's save does not make it theirs
    assert provider_claims(checked) == {"behandelindex": 140, "kwaliteitsregister": True}
    assert provider_claims(record(None, new({}), JAN, AT)) is None


def test_a_save_that_would_be_too_large_to_open_again_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history only grows; a file past the reading limit would lock its owner out, so the
    save is refused with a reason and the earlier file stays."""
    import errno

    from caresq_desk.core.common.oserrors import describe_os_error
    from caresq_desk.core.document import files

    path = tmp_path / "groot.json"
    first = record(None, new({"behandelindex": 140}), JAN, AT)
    save_assessment(path, first)
    before = path.read_bytes()
    monkeypatch.setattr(files, "MAX_ASSESSMENT_BYTES", len(before) + 10)
    bigger = record(first, first.model_copy(update={"answers": {"behandelindex": 151}}), JAN, AT)
    with pytest.raises(OSError) as caught:
        save_assessment(path, bigger)
    assert caught.value.errno == errno.EFBIG
    assert describe_os_error(caught.value) == "het bestand zou te groot worden om nog te openen"
    assert path.read_bytes() == before


def test_each_event_reads_as_one_dutch_line() -> None:
    from caresq_desk.core.document.history import describe_event

    fixed = advance(advance(record(None, new({}), JAN, AT), JAN, AT), JAN, AT)
    reopened = reopen(fixed, "Nieuwe behandelindex ontvangen", JAN, AT)
    decided = decide(reopened, "afgewezen", "Er is een alternatief in de regio", JAN, AT)
    lines = [describe_event(event) for event in decided.history]
    assert lines == [
        "Beoordeling aangemaakt",
        "Status Concept → Ter controle",
        "Status Ter controle → Vastgesteld",
        "Heropend: status vastgesteld → concept; reden: Nieuwe behandelindex ontvangen",
        "Besluit uitzondering: afgewezen; motivering: Er is een alternatief in de regio",
    ]
    changed = record(decided, decided.model_copy(update={"answers": {"q": 5}}), JAN, AT)
    assert describe_event(changed.history[-1], "Vraag") == "Vraag: niet ingevuld → 5"
