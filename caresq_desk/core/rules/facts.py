"""What the engine knows of one assessment while it evaluates it: the checked answers (and the
provider's fields) as values, the questions that do not apply, and the assessment date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from caresq_desk.core.common import texts
from caresq_desk.core.policy.loader import CareTypeRules


@dataclass(slots=True)
class Facts:
    rules: CareTypeRules
    values: dict[str, Any]
    today: date
    inapplicable: set[str] = field(default_factory=set)

    def label(self, field: str) -> str:
        """The question's label (or the provider field's) for a text that names it."""
        question = self.rules.question_by_id.get(field)
        if question is not None:
            return question.info.label
        return texts.PROVIDER_FIELD_LABELS.get(field, field)

    def optional(self, field: str) -> bool:
        question = self.rules.question_by_id.get(field)
        return question is not None and not question.spec.required

    def only_inapplicable_missing(self, fields: set[str]) -> bool:
        """Every unanswered one of ``fields`` is a question that does not apply."""
        missing = [name for name in fields if self.values.get(name) is None]
        return bool(missing) and all(name in self.inapplicable for name in missing)


def freeze(value: Any) -> Any:
    """A hashable stand-in for a checked answer: a list of choices, or table rows (dicts whose
    keys are always all columns in column order, so their values alone identify them)."""
    if type(value) is list:
        return tuple(tuple(item.values()) if type(item) is dict else item for item in value)
    return value


def hashable(value: Any) -> Any:
    """A memo key part from answer values (lists and table rows are not hashable)."""
    if isinstance(value, list | tuple):
        return tuple(hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, hashable(item)) for key, item in value.items()))
    return value
