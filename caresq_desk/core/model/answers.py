"""Answers as a reader sees them, and two versions of an assessment compared answer by answer
(a sync tool's conflict copy against its original)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from caresq_desk.core.common import texts
from caresq_desk.core.common.formatting import format_value
from caresq_desk.core.model.assessment import Assessment
from caresq_desk.core.policy.loader import CareTypeRules, CompiledQuestion

PROVIDER_LABELS = texts.RECORD_FIELD_LABELS


def answer_text(question: CompiledQuestion, value: Any) -> str:
    """An answer with the option labels and units its question uses."""
    if value is None:
        return format_value(None)
    labels = question.info.option_labels
    if question.kind == "tabel" and isinstance(value, list):
        rows = []
        for number, row in enumerate(value, start=1):
            cells = [
                f"{question.info.columns[key].label}: "
                f"{format_value(question.info.columns[key].option_labels.get(cell, cell))}"
                for key, cell in row.items()
                if key in question.info.columns and cell is not None
            ] if isinstance(row, dict) else [str(row)]  # fmt: skip
            rows.append(f"{question.info.row_label} {number}: " + "; ".join(cells))
        return "\n".join(rows)
    if isinstance(value, list):
        return format_value([labels.get(item, item) for item in value])
    if isinstance(value, str):
        return labels.get(value, value)
    return format_value(value, question.info.unit)


def field_label(rules: CareTypeRules, field: str) -> str:
    question = rules.question_by_id.get(field)
    return question.info.label if question is not None else PROVIDER_LABELS.get(field, field)


def field_text(rules: CareTypeRules, field: str, value: Any) -> str:
    question = rules.question_by_id.get(field)
    return answer_text(question, value) if question is not None else format_value(value)


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    left: str
    right: str


def _fields(assessment: Assessment) -> dict[str, Any]:
    provider = assessment.provider
    return {
        "provider.name": provider.name,
        "provider.agb_code": provider.agb_code,
        "provider.location": provider.location,
        "assessment_date": assessment.assessment_date,
        "notes": assessment.notes or None,
    } | assessment.answers


def compare_answers(rules: CareTypeRules, left: Assessment, right: Assessment) -> list[Difference]:
    """Every field whose value differs, in the form's order (unknown answers last)."""
    a, b = _fields(left), _fields(right)
    order = [*PROVIDER_LABELS, *(q.id for q in rules.questions)]
    order += sorted((a.keys() | b.keys()) - set(order))
    return [
        Difference(key, field_label(rules, key), field_text(rules, key, a.get(key)),
                   field_text(rules, key, b.get(key)))
        for key in order
        if a.get(key) != b.get(key)
    ]  # fmt: skip
