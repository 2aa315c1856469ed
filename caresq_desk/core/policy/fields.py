"""What the condition language and the forms know of a question: its type, label, unit, option
labels (a list named in the file, or its own options) and table columns."""

from __future__ import annotations

from typing import Any

from caresq_desk.core.common.limits import MAX_NUMBER
from caresq_desk.core.policy.checks import Fail
from caresq_desk.core.policy.compiled import NONE_OPTION
from caresq_desk.core.policy.conditions import FieldInfo
from caresq_desk.core.policy.spec import PolicyFile, Question


def options(
    file: PolicyFile, fail: Fail, raw: Any, none_option: str | None, where: str
) -> dict[str, str]:
    if raw is None:
        if none_option is not None:
            raise fail(where, "none_option zonder opties")
        return {}
    if isinstance(raw, str):
        name = raw.removeprefix("@")
        if not raw.startswith("@") or name not in file.lists:
            raise fail(where, f"onbekende lijst '{raw}' voor de opties")
        values = file.lists[name]
        labels = {value: value for value in values}
        count = len(values)
    else:
        labels = {option.value: option.label for option in raw}
        count = len(raw)
    if none_option is not None:
        labels[NONE_OPTION] = none_option
        count += 1
    if len(labels) != count:
        raise fail(where, "dubbele optiewaarde")
    return labels


def field_info(file: PolicyFile, fail: Fail, question: Question) -> FieldInfo:
    where = f"vraag {question.id}"
    columns = {
        column.id: FieldInfo(
            id=column.id,
            type=column.type,
            label=column.short or column.label,
            unit=column.unit,
            option_labels=options(
                file, fail, column.options, column.none_option, f"{where}, kolom {column.id}"
            ),
        )
        for column in question.columns or ()
    }
    if len(columns) != len(question.columns or ()):
        raise fail(where, "dubbele kolom-id")
    unit = "%" if question.type == "percentage" else question.unit
    return FieldInfo(
        id=question.id,
        type=question.type,
        label=question.short or question.label,
        unit=unit,
        option_labels=options(file, fail, question.options, question.none_option, where),
        columns=columns,
        row_label=question.row_label,
        exclusive_option=(
            NONE_OPTION
            if question.none_option is not None
            and question.none_exclusive
            and question.type == "meerkeuze"
            else None
        ),
    )


def int_bounds(question: Question) -> tuple[float, float] | None:
    if question.type == "getal":
        low, high = question.min, question.max
    elif question.type == "percentage":
        low = 0 if question.min is None else question.min
        high = 100 if question.max is None else question.max
    else:
        return None
    return (-MAX_NUMBER if low is None else low, MAX_NUMBER if high is None else high)
