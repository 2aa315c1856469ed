"""The static checks a policy passes before the engine may run it: unique ids, questions that
refer only to earlier questions, a tier for every factor count, and no question left unread.
Each raises the ``PolicyError`` that ``fail`` makes, naming the part and the problem."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from caresq_desk.core.policy.compiled import (
    CompiledCriterion,
    CompiledQuestion,
    CompiledRoute,
    PolicyError,
)
from caresq_desk.core.policy.spec import CareType, RetiredQuestion

Fail = Callable[[str, str], PolicyError]


def unique(fail: Fail, ids: list[str], what: str, scope: str = "") -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise fail(scope, f"dubbele {what}-id '{item}'")
        seen.add(item)


def question_refs(
    fail: Fail,
    questions: list[CompiledQuestion],
    by_id: Mapping[str, CompiledQuestion],
    scope: str,
) -> None:
    for question in questions:
        target = question.spec.max_question
        if target is not None and (target not in by_id or by_id[target].spec.type != "getal"):
            raise fail(
                f"vraag {question.id} ({scope})", f"max_question '{target}' is geen getalvraag"
            )
    # A question may only depend on questions asked before it: the form reads top-down,
    # and the engine can decide applicability in one pass without cycles.
    position = {q.id: index for index, q in enumerate(questions)}
    for question in questions:
        for target in question.applies.fields() if question.applies else ():
            if target in position and position[target] >= position[question.id]:
                raise fail(
                    f"vraag {question.id} ({scope})",
                    f"hangt af van vraag '{target}', die niet eerder gesteld wordt",
                )


def tiers(fail: Fail, care: CareType, criteria: list[CompiledCriterion], scope: str) -> None:
    factors = sum(1 for c in criteria if c.spec.kind == "factor")
    if care.tiers is None:
        if factors:
            raise fail(scope, f"{factors} differentiatiefactor(en) maar geen tiers-tabel")
        return
    if not factors:
        raise fail(scope, "een tiers-tabel zonder differentiatiefactoren")
    owner: dict[int, str] = {}
    for level in care.tiers.levels:
        for count in level.factors:
            if not 0 <= count <= factors:
                raise fail(
                    f"{scope}, tier {level.id}",
                    f"{count} factoren kan niet: er zijn er {factors}",
                )
            if count in owner:
                raise fail(
                    f"{scope}, tier {level.id}",
                    f"{count} factoren hoort al bij tier {owner[count]}",
                )
            owner[count] = level.id
    missing = [count for count in range(factors + 1) if count not in owner]
    if missing:
        raise fail(
            f"{scope}, tiers", f"geen tier voor {missing} factor(en); elk aantal 0-{factors}"
        )


def every_question_read(
    fail: Fail,
    questions: list[CompiledQuestion],
    criteria: list[CompiledCriterion],
    routes: list[CompiledRoute],
    scope: str,
) -> None:
    read: set[str] = set()
    for criterion in criteria:
        read.update(criterion.reads)
    for route in routes:
        read.update(route.reads)
    for question in questions:
        if question.applies is not None:
            read |= question.applies.fields()
        if question.spec.max_question:
            read.add(question.spec.max_question)
    unread = [q.id for q in questions if q.id not in read]
    if unread:
        raise fail(scope, f"vragen die door geen enkele regel gelezen worden: {unread}")


def migrations(
    fail: Fail,
    questions: list[CompiledQuestion],
    retired: list[RetiredQuestion],
    scope: str,
) -> tuple[dict[str, CompiledQuestion], dict[str, RetiredQuestion]]:
    """Where old answers go: an old id names no question of today (an id never changes its
    meaning), goes to one place only, and a mapped value is an option of today."""
    active = {q.id for q in questions}
    renamed: dict[str, CompiledQuestion] = {}
    for question in questions:
        where = f"vraag {question.id} ({scope})"
        for old in question.spec.renamed_from:
            if old in active:
                raise fail(
                    where, f"renamed_from '{old}' is nog een vraag; een id houdt één betekenis"
                )
            if old in renamed:
                raise fail(where, f"'{old}' is al hernoemd naar '{renamed[old].id}'")
            renamed[old] = question
        options = question.info.option_labels
        for old_value, new_value in question.spec.values_from.items():
            if new_value not in options:
                raise fail(where, f"values_from: '{old_value}' wordt '{new_value}', geen optie")
        if question.spec.values_from and not (
            question.spec.renamed_from or question.spec.split_from
        ):
            raise fail(where, "values_from zonder renamed_from: van welke vraag komen de waarden?")
    for question in questions:
        where = f"vraag {question.id} ({scope})"
        for old in question.spec.split_from:
            if old in active or old in renamed:
                raise fail(where, f"split_from '{old}' is nog een vraag of al hernoemd")
    gone: dict[str, RetiredQuestion] = {}
    for item in retired:
        split = any(item.id in q.spec.split_from for q in questions)
        if item.id in active or item.id in renamed or item.id in gone or split:
            raise fail(
                f"vervallen vraag {item.id} ({scope})",
                "is nog een vraag, al hernoemd of dubbel vervallen",
            )
        gone[item.id] = item
    return renamed, gone
