"""Pydantic's validation errors in Dutch: its own messages are English and never reach a user."""

from __future__ import annotations

from typing import Any

from caresq_desk.core.common.limits import quoted

EXPECTED_KINDS = {
    "int": "een geheel getal",
    "float": "een getal",
    "decimal": "een getal",
    "string": "tekst",
    "bool": "true of false",
    "date": "een datum (jjjj-mm-dd)",
    "datetime": "een datum en tijd",
    "dict": "een object",
    "model": "een object",
    "list": "een lijst",
    "literal": "een van de toegestane waarden",
    "enum": "een van de toegestane waarden",
}


def dutch_message(error: Any) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a Dutch phrase."""
    kind = error["type"]
    context = error.get("ctx", {})
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    if kind == "extra_forbidden":
        return "onbekend veld"
    if kind == "missing":
        return "verplicht veld ontbreekt"
    if kind == "string_too_long":
        return f"te lang (hoogstens {context.get('max_length')} tekens)"
    if kind == "too_long":
        return f"te veel (hoogstens {context.get('max_length')})"
    if kind in ("string_too_short", "too_short"):
        return "mag niet leeg zijn"
    if kind == "literal_error":
        allowed = context.get("expected", "")
        return f"ongeldige waarde {quoted(error.get('input'))}; toegestaan: {allowed}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next(iter(context.values()), "")
        word = "minstens" if kind.startswith("greater") else "hoogstens"
        return f"{quoted(error.get('input'))} moet {word} {limit} zijn"
    if kind == "string_pattern_mismatch":
        return f"ongeldige waarde {quoted(error.get('input'))}"
    expected = EXPECTED_KINDS.get(kind.split("_")[0])
    shown = quoted(error.get("input"))
    return f"verwacht {expected}, kreeg {shown}" if expected else f"ongeldige waarde {shown}"
