"""The policy's dates that apply on the chosen route, with past deadlines marked. Memoised per
route, assessment date and the answers the dates' conditions read."""

from __future__ import annotations

from caresq_desk.core.common import texts
from caresq_desk.core.common.dates import deadline_passed
from caresq_desk.core.common.formatting import format_date
from caresq_desk.core.model.result import DateResult
from caresq_desk.core.policy.conditions import Context
from caresq_desk.core.policy.loader import CompiledRoute
from caresq_desk.core.rules import memo
from caresq_desk.core.rules.facts import Facts, hashable


def policy_dates(facts: Facts, route: CompiledRoute | None) -> list[DateResult]:
    rules = facts.rules
    read = tuple(facts.values.get(name) for name in rules.date_reads)
    key = (route.id if route else None, facts.today, hashable(read))
    found = rules.date_memo.get(key)
    if found is None:
        found = _compute(facts, route)
        if len(rules.date_memo) >= memo.MEMO_LIMIT:
            rules.date_memo.clear()
        rules.date_memo[key] = found
    return list(found)


def _compute(facts: Facts, route: CompiledRoute | None) -> tuple[DateResult, ...]:
    out = []
    today = facts.today
    ctx = Context(facts.values, route.id if route else None)
    for item, condition in zip(facts.rules.dates, facts.rules.date_conditions, strict=True):
        if item.routes is not None and (route is None or route.id not in item.routes):
            continue
        if condition is not None and condition.evaluate(ctx, None) is not True:
            continue
        past = (
            item.deadline
            and item.date is not None
            and deadline_passed(item.date, item.inclusive, today)
        )
        out.append(
            DateResult(
                id=item.id,
                catalogue_id=item.catalogue_id,
                label=item.label,
                date=item.date,
                display=item.display or (format_date(item.date) if item.date else ""),
                deadline=item.deadline,
                past=past,
                source=item.source,
                warning=texts.DEADLINE_PAST.format(today=format_date(today)) if past else "",
            )
        )
    return tuple(out)
