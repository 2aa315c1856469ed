"""Date rules of the policies: start dates that are never retroactive, and deadlines."""

from __future__ import annotations

from datetime import date, timedelta


def first_of_next_month(day: date) -> date:
    """date(2026, 3, 14) -> date(2026, 4, 1); December rolls into January."""
    if day.month == 12:
        return date(day.year + 1, 1, 1)
    return date(day.year, day.month + 1, 1)


def start_date(from_day: date, rule: str, not_before: date | None, days: int = 0) -> date:
    """A date computed from an application, delivery or offer date."""
    if rule == "eerste_van_volgende_maand":
        computed = first_of_next_month(from_day)
    elif rule == "dagen_later":
        computed = from_day + timedelta(days=days)
    else:
        computed = from_day
    if not_before is not None and computed < not_before:
        return not_before
    return computed


def deadline_passed(deadline: date, inclusive: bool, today: date) -> bool:
    """'uiterlijk X' (inclusive) has passed after X; 'voor X' (exclusive) has passed on X."""
    return today > deadline if inclusive else today >= deadline
