"""Dutch formatting of values, and the placeholder templates of policy texts.

Policy texts may contain placeholders such as ``{value}`` or ``{limit}``. They are filled by plain
substitution from a compiled template, never with ``str.format``, so a policy text cannot reach
attributes of the values it formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from caresq_desk.core.common import texts
from caresq_desk.core.common.pickling import rebuilt_by_init

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

# "{name}", or "{name|word|words}": the number with the singular or plural word ("1 praktijk",
# "2 praktijken"), so a policy text never needs "praktijk(en)".
PLACEHOLDER = re.compile(r"\{([a-z_]+)(?:\|([^|{}]+)\|([^|{}]+))?\}")


NUMBERS = (int, float, Fraction, Decimal)
COLLECTIONS = (list, tuple, set, frozenset)


def format_number(value: float | int | Fraction | Decimal, decimals: int = 2) -> str:
    """163 -> '163', 2.5 -> '2,5', 1234.5 -> '1.234,5' (Dutch separators)."""
    if type(value) is int:  # the common case, exact (also beyond a float's 2**53)
        return f"{value:,}".replace(",", ".") if abs(value) >= 10_000 else str(value)
    if isinstance(value, bool):
        return format_value(value)
    quantized = round(float(value), decimals)
    # Group thousands from five digits on, so that a year reads as 2024 and not 2.024.
    grouping = "," if abs(quantized) >= 10_000 else ""
    if quantized == int(quantized):
        return f"{int(quantized):{grouping}}".replace(",", ".")
    text = f"{quantized:{grouping}.{decimals}f}".rstrip("0")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_date(value: date) -> str:
    """date(2025, 10, 24) -> '24 oktober 2025'."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_count(number: int, singular: str, plural: str) -> str:
    """(1, 'fout', 'fouten') -> '1 fout'; (0, ...) -> '0 fouten'."""
    return f"{number} {singular if number == 1 else plural}"


def format_list(items: Iterable[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b en c'."""
    parts = [str(item) for item in items]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + texts.LIST_AND + parts[-1]


def format_alternatives(items: Iterable[str]) -> str:
    """['04', '05', '90'] -> '04, 05 of 90': one of them, not all."""
    parts = [str(item) for item in items]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + texts.LIST_OR + parts[-1]


def format_value(value: object, unit: str | None = None) -> str:
    """Any answer value as a Dutch reader expects it."""
    if value is None:
        return texts.NOT_ANSWERED
    if isinstance(value, bool):
        return texts.YES if value else texts.NO
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, NUMBERS):
        number = format_number(value)
        if unit == "%":
            return f"{number}%"
        return f"{number} {unit}" if unit else number
    if isinstance(value, COLLECTIONS):
        return format_list(format_value(item) for item in value)
    return str(value)


@rebuilt_by_init
@dataclass(frozen=True, slots=True)
class Template:
    """A policy text split into literal parts and placeholder names, compiled once at load."""

    parts: tuple[str, ...]
    names: tuple[str, ...]
    # Per placeholder: (singular, plural) words that follow its number, or None.
    words: tuple[tuple[str, str] | None, ...] = ()

    @classmethod
    def compile(cls, text: str) -> Template:
        parts: list[str] = []
        names: list[str] = []
        words: list[tuple[str, str] | None] = []
        position = 0
        for match in PLACEHOLDER.finditer(text):
            parts.append(text[position : match.start()])
            names.append(match.group(1))
            words.append((match.group(2), match.group(3)) if match.group(2) else None)
            position = match.end()
        parts.append(text[position:])
        return cls(tuple(parts), tuple(names), tuple(words))

    def render(self, values: Mapping[str, str]) -> str:
        if not self.names:
            return self.parts[0]
        out = [self.parts[0]]
        for name, forms, literal in zip(self.names, self.words, self.parts[1:], strict=True):
            value = values.get(name)
            if value is None:
                out.append("{" + name + "}")
            elif forms is None:
                out.append(value)
            else:
                out.append(f"{value} {forms[0] if value == '1' else forms[1]}")
            out.append(literal)
        return "".join(out)

    def __bool__(self) -> bool:
        return bool(self.names) or bool(self.parts[0])
