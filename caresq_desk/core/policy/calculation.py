"""Worked calculations from a policy file: a few named operations, never an expression language.

Each step shows its arguments and its result in Dutch ("Voorlopige index 2027: 90% × 3,2 + 10% ×
2,1 = 3,09%"), so a purchaser can redo the sum by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from caresq_desk.core.common.formatting import format_number
from caresq_desk.core.policy.spec import CalculationStep


def _show(value: float, unit: str) -> str:
    if unit == "€":
        return f"€ {format_number(value, 2)}"
    if unit == "%":
        return f"{format_number(value, 3)}%"
    return format_number(value, 3)


def run_calculation(
    steps: Sequence[CalculationStep],
    values: Mapping[str, Any],
    units: Mapping[str, str | None] | None = None,
) -> tuple[list[str], float]:
    """The lines of the worked calculation and the final value."""
    results: dict[str, tuple[float, str]] = {}
    lines: list[str] = []
    value = 0.0
    for step in steps:
        numbers: list[float] = []
        shown: list[str] = []
        for arg in step.args:
            if isinstance(arg, str) and arg in results:
                number, unit = results[arg]
            elif isinstance(arg, str):
                number, unit = float(values[arg]), (units or {}).get(arg) or ""
            else:
                number, unit = float(arg), ""
            numbers.append(number)
            shown.append(_show(number, unit))
        value, formula = _apply(step, numbers, shown)
        results[step.id] = (value, step.unit)
        lines.append(f"{step.label}: {formula} = {_show(value, step.unit)}")
    return lines, value


def _apply(step: CalculationStep, numbers: list[float], shown: list[str]) -> tuple[float, str]:
    if step.op == "gewogen_som":
        weights = step.weights or []
        value = sum(w * n for w, n in zip(weights, numbers, strict=True))
        parts = [f"{format_number(w * 100)}% × {s}" for w, s in zip(weights, shown, strict=True)]
        return value, " + ".join(parts)
    if step.op == "som":
        return sum(numbers), " + ".join(shown)
    if step.op == "verschil":
        return numbers[0] - numbers[1], f"{shown[0]} − {shown[1]}"
    if step.op == "product":
        value = 1.0
        for number in numbers:
            value *= number
        return value, " × ".join(shown)
    if step.op == "plus_procent":
        return numbers[0] * (1 + numbers[1] / 100), f"{shown[0]} × (1 + {shown[1]})"
    if step.op == "procent_van":
        return numbers[0] * numbers[1] / 100, f"{shown[1]} van {shown[0]}"
    raise AssertionError(step.op)
