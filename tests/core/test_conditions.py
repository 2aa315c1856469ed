"""The condition language on its own: three-valued logic, comparisons and shares."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caresq_desk.core.common.formatting import format_value
from caresq_desk.core.policy.conditions import (
    ConditionError,
    ConditionParser,
    Context,
    FieldInfo,
    Trace,
)

FIELDS = {
    "n": FieldInfo("n", "getal", "Aantal"),
    "b": FieldInfo("b", "ja_nee", "Vraag"),
    "b0": FieldInfo("b0", "ja_nee", "Eerste"),
    "b1": FieldInfo("b1", "ja_nee", "Tweede"),
    "d": FieldInfo("d", "datum", "Datum"),
    "code": FieldInfo("code", "tekst", "Code"),
    "m": FieldInfo("m", "meerkeuze", "Keuzes", option_labels={"x": "X", "y": "Y", "z": "Z"}),
    "total": FieldInfo("total", "getal", "Totaal"),
    "count": FieldInfo("count", "getal", "Aantal goed"),
    "rows": FieldInfo(
        "rows", "tabel", "Rijen", row_label="Rij", columns={"h": FieldInfo("h", "getal", "uren")}
    ),
}


def parse(raw: dict[str, Any]):
    parser = ConditionParser(
        FIELDS.get, {"lijst": ["04", "05"]}, {"groot": {"q": "n", "gt": 10}}, {"r1"}
    )
    return parser.parse(raw)


def run(
    raw: dict[str, Any], answers: dict[str, Any], route: str | None = None
) -> tuple[Any, Trace]:
    trace = Trace()
    return parse(raw).evaluate(Context(answers, route), trace), trace


@pytest.mark.parametrize(
    ("raw", "answers", "expected"),
    [
        ({"q": "n", "le": 150}, {"n": 150}, True),
        ({"q": "n", "le": 150}, {"n": 151}, False),
        ({"q": "n", "le": 150}, {}, None),
        ({"q": "n", "answered": True}, {}, False),
        ({"q": "d", "gt": date(2025, 11, 7)}, {"d": date(2025, 11, 7)}, False),
        ({"q": "d", "gt": date(2025, 11, 7)}, {"d": date(2025, 11, 8)}, True),
        ({"q": "code", "prefix_in": "@lijst"}, {"code": "05123456"}, True),
        ({"q": "code", "prefix_in": "@lijst"}, {"code": "50123456"}, False),
        ({"q": "m", "subset_of": ["x", "y"]}, {"m": ["x"]}, True),
        ({"q": "m", "subset_of": ["x", "y"]}, {"m": ["x", "z"]}, False),
        ({"q": "m", "intersects": ["y", "z"]}, {"m": ["x", "z"]}, True),
        ({"q": "m", "contains": "y"}, {"m": ["x"]}, False),
        ({"ref": "groot"}, {"n": 11}, True),
        ({"route": "r1"}, {}, None),
    ],
)
def test_leaf_comparisons(raw: dict, answers: dict, expected: Any) -> None:
    assert run(raw, answers)[0] is expected


@pytest.mark.parametrize(
    ("left", "right", "all_", "any_"),
    [
        (True, True, True, True),
        (True, False, False, True),
        (False, None, False, None),
        (True, None, None, True),
        (None, None, None, None),
    ],
)
def test_three_valued_logic(left: Any, right: Any, all_: Any, any_: Any) -> None:
    # None stands for an unanswered question.
    answers = {key: value for key, value in (("b0", left), ("b1", right)) if value is not None}
    items = [{"q": "b0", "eq": True}, {"q": "b1", "eq": True}]
    assert run({"all": items}, answers)[0] is all_
    assert run({"any": items}, answers)[0] is any_
    assert run({"not": {"all": items}}, answers)[0] is (None if all_ is None else not all_)


@pytest.mark.parametrize(
    ("count", "total", "met", "needed"),
    [
        (3, 10, True, "0"),
        (2, 7, False, "1"),
        (0, 10, False, "3"),
        (1, 3, True, "0"),
        (29, 100, False, "1"),
    ],
)
def test_share_from_counts(count: int, total: int, met: bool, needed: str) -> None:
    state, trace = run(
        {"share": {"count": "count", "total": "total", "unit": "personen"}, "ge": 30},
        {"count": count, "total": total},
    )
    assert state is met
    assert trace.facts["needed"] == needed


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 60),
    st.integers(1, 60),
    st.sampled_from(["lt", "le", "gt", "ge"]),
    st.integers(0, 10_000).map(lambda hundredths: hundredths / 100),
)
def test_a_share_is_compared_exactly_in_whole_numbers(
    count: int, total: int, op: str, limit: float
) -> None:
    """The share is decided without Fraction, by cross-multiplying: the same as the exact
    fraction, at every boundary (30 of 100 against 30%, 1 of 3 against 33.33%)."""
    count = min(count, total)
    raw = {"share": {"count": "count", "total": "total", "unit": "personen"}, op: limit}
    answers = {"count": count, "total": total}
    share, exact_limit = Fraction(count * 100, total), Fraction(str(limit))
    expected = {"lt": share < exact_limit, "le": share <= exact_limit,
                "gt": share > exact_limit, "ge": share >= exact_limit}[op]  # fmt: skip
    assert parse(raw).evaluate(Context(answers), None) is expected
    state, trace = run(raw, answers)
    assert state is expected
    needed = max(0, math.ceil(exact_limit * total / 100 - count))
    assert trace.facts["needed"] == str(needed)
    assert trace.facts["share"] == format_value(share, "%")
    assert trace.facts["limit"] == format_value(exact_limit, "%")


def test_share_from_rows_explains_each_row_that_does_not_count() -> None:
    raw = {"share": {"rows": "rows", "where": {"q": "h", "ge": 24}, "unit": "rijen"}, "ge": 50}
    state, trace = run(raw, {"rows": [{"h": 30}, {"h": 10}, {"h": None}, {"h": 24}]})
    assert state is None  # row 3 has no hours yet: the share cannot be decided
    state, trace = run(raw, {"rows": [{"h": 30}, {"h": 10}, {"h": 24}]})
    assert state is True
    texts = [text for _, text in trace.evidence]
    assert texts[0].startswith("2 van 3 rijen voldoen (66,67%)")
    assert "Rij 2 telt niet mee: uren: 10 (voorwaarde: ten minste 24)" in texts


def test_a_row_decided_before_is_explained_when_asked() -> None:
    """Deciding remembers each row's outcome without its explanation; a trace later still
    names what the row fails on."""
    node = parse(
        {"share": {"rows": "rows", "where": {"q": "h", "ge": 24}, "unit": "rijen"}, "ge": 50}
    )
    answers = {"rows": [{"h": 30}, {"h": 10}]}
    assert node.evaluate(Context(answers), None) is True
    assert node.row_memo[(10,)] == (False, "")  # decided, not explained
    trace = Trace()
    assert node.evaluate(Context(answers), trace) is True
    assert (False, "Rij 2 telt niet mee: uren: 10 (voorwaarde: ten minste 24)") in trace.evidence
    assert node.row_memo[(10,)] == (False, "uren: 10 (voorwaarde: ten minste 24)")


def test_compare_records_value_limit_and_difference() -> None:
    _, trace = run({"q": "n", "le": 150}, {"n": 163})
    assert trace.facts == {"field": "Aantal", "value": "163", "limit": "150", "diff": "13"}


def test_a_failed_all_quotes_the_part_that_failed() -> None:
    _, trace = run(
        {"all": [{"q": "n", "le": 150}, {"q": "total", "le": 10}]}, {"n": 100, "total": 12}
    )
    assert trace.facts["field"] == "Totaal" and trace.facts["value"] == "12"


def test_a_part_still_open_quotes_its_limit_after_the_part_that_decides() -> None:
    """All: a yes/no that fails quotes no number, so the limit comes from the open part; its
    value is quoted as missing. Any: the part met comes first, an open part last."""
    state, trace = run({"all": [{"q": "b", "eq": True}, {"q": "n", "le": 5}]}, {"b": False})
    assert state is False
    assert trace.facts == {"field": "Vraag", "limit": "5", "value": "niet ingevuld"}
    state, trace = run({"any": [{"q": "n", "le": 5}, {"q": "total", "le": 10}]}, {"total": 8})
    assert state is True and trace.facts["value"] == "8" and trace.facts["limit"] == "10"
    # Only the facts move: the evidence keeps the order of the condition.
    assert [line.split(":")[0] for _, line in trace.evidence] == ["Aantal", "Totaal"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"q": "x", "eq": 1}, "onbekende vraag 'x'"),
        ({"q": "n"}, "precies één vergelijking"),
        ({"q": "b", "ge": 1}, "past niet bij"),
        ({"all": []}, "niet-lege lijst"),
        ({"ref": "nergens"}, "onbekende benoemde voorwaarde"),
        ({"route": "r9"}, "onbekende route"),
        ({"q": "n", "eq": 1, "all": []}, "precies één van"),
        ({"share": {"count": "count"}, "ge": 30}, "'count' en 'total' samen"),
        ({"q": "m", "contains": "q"}, "kent de optie(s) 'q' niet"),
        ({"q": "code", "in": "@geen"}, "onbekende lijst"),
    ],
)
def test_parse_errors_say_what_is_wrong(raw: dict, message: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(raw)
    assert message in str(caught.value)


def test_a_plural_placeholder_gives_the_number_with_the_right_word() -> None:
    from caresq_desk.core.common.formatting import Template

    template = Template.compile("Nog {needed|fysiotherapeut|fysiotherapeuten} nodig ({limit}).")
    assert template.names == ("needed", "limit")
    assert template.render({"needed": "1", "limit": "30%"}) == "Nog 1 fysiotherapeut nodig (30%)."
    assert template.render({"needed": "2", "limit": "30%"}) == "Nog 2 fysiotherapeuten nodig (30%)."
    assert template.render({"needed": "0", "limit": "30%"}) == "Nog 0 fysiotherapeuten nodig (30%)."
    assert template.render({}) == "Nog {needed} nodig ({limit})."
