"""Plausibility limits on what a user, a file or a list can give as an answer.

A number or date outside these is refused with the limit named, so no later step (formatting,
date arithmetic, Excel) meets a value it cannot handle.
"""

from __future__ import annotations

from datetime import date
from typing import Final

# Twelve digits: more than any budget, count or index in a policy, far from float trouble.
MAX_NUMBER: Final = 10**12
EARLIEST_DATE: Final = date(2000, 1, 1)
LATEST_DATE: Final = date(2099, 12, 31)
MAX_NAME: Final = 300


def date_problem(day: date) -> str:
    """Why a date is not plausible ('' when it is)."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return ""
    return (
        f"de datum {day.day}-{day.month}-{day.year} valt buiten {EARLIEST_DATE.year} tot en met "
        f"{LATEST_DATE.year}; controleer het jaartal"
    )


# Error texts quote the user's values; a value of megabytes must not become a message of megabytes.
MAX_DETAIL: Final = 400


def shorten(text: str, limit: int = MAX_DETAIL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object) -> str:
    """A user's value as it appears in an error message, cut to a readable length."""
    return shorten(repr(value), 60)
