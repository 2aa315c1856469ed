"""Dutch numbers: '.' groups thousands, ',' is the decimal mark; anything ambiguous is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caresq_desk.core.common.numbers import NumberTextError, has_group_separator, parse_dutch_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("250.000", 250_000),
        ("1.200", 1200),
        ("1.234.567", 1_234_567),
        ("12,5", 12.5),
        ("1.234,56", 1234.56),
        ("151", 151),
        ("  -3 ", -3),
        ("€ 250.000", 250_000),
        ("80%", 80),
        ("0,8", 0.8),
        ("2024", 2024),
        ("12,0", 12.0),
    ],
)
def test_dutch_notation(text: str, value: float) -> None:
    assert parse_dutch_number(text) == value


@pytest.mark.parametrize(
    "text", ["1.5", "12.50", "1,234.5", "1,2,3", "1.2345", ",5", "5,", "12a", "", "1e5", "--1"]
)
def test_ambiguous_or_wrong_text_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(NumberTextError) as raised:
        parse_dutch_number(text)
    assert str(raised.value)


def test_integers() -> None:
    assert parse_dutch_number("1.200", integer=True) == 1200
    assert parse_dutch_number("12,0", integer=True) == 12
    with pytest.raises(NumberTextError, match="geheel getal"):
        parse_dutch_number("12,5", integer=True)


def test_absurd_sizes_are_refused() -> None:
    with pytest.raises(NumberTextError, match="te groot"):
        parse_dutch_number("9" * 400)


def test_group_separator_is_noticed() -> None:
    assert has_group_separator("250.000") and has_group_separator("1.234,5")
    assert not has_group_separator("250000") and not has_group_separator("12,5")


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_integers_round_trip(number: int) -> None:
    grouped = f"{number:,}".replace(",", ".")
    assert parse_dutch_number(grouped) == number


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_decimal_comma_round_trip(number) -> None:
    text = f"{number:.2f}".replace(".", ",")
    assert parse_dutch_number(text) == pytest.approx(float(number))
