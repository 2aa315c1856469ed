"""Numbers as a Dutch user types them: "." groups thousands, "," is the decimal mark.

"250.000" is two hundred and fifty thousand, "12,5" is twelve and a half. What cannot be read
one way only ("1.5", "1,234.5", "12.50") is refused with the reason, never guessed.
"""

from __future__ import annotations

import re
from typing import Final

from caresq_desk.core.common.limits import MAX_NUMBER

_GROUPED: Final = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN: Final = re.compile(r"^\d+$")
_SPACES: Final = re.compile(r"[\s\u00a0\u202f]+")

AMBIGUOUS: Final = (
    "gebruik een komma voor decimalen (12,5) en een punt alleen voor duizendtallen (250.000)"
)


class NumberTextError(ValueError):
    """Text that is not one clear Dutch number; the message says why, in Dutch."""


def _integer_part(text: str) -> str:
    if _PLAIN.match(text):
        return text
    if _GROUPED.match(text):
        return text.replace(".", "")
    raise NumberTextError(AMBIGUOUS)


def parse_dutch_number(text: str, *, integer: bool = False) -> int | float:
    """The number in ``text``; raises NumberTextError with a Dutch reason."""
    cleaned = _SPACES.sub("", text).removeprefix("€").removesuffix("%")
    negative = cleaned.startswith("-")
    cleaned = cleaned.removeprefix("-").removeprefix("+")
    if not cleaned:
        raise NumberTextError("vul een getal in, bijvoorbeeld 12 of 12,5")
    if not re.fullmatch(r"[\d.,]+", cleaned):
        raise NumberTextError(
            f"'{text.strip()[:40]}' is geen getal; vul bijvoorbeeld 12 of 12,5 in"
        )
    if cleaned.count(",") > 1 or ("," in cleaned and "." in cleaned.split(",", 1)[1]):
        raise NumberTextError(AMBIGUOUS)
    whole, _, fraction = cleaned.partition(",")
    if not whole or ("," in cleaned and not fraction.isdigit()):
        raise NumberTextError(AMBIGUOUS)
    digits = _integer_part(whole)
    if len(digits.lstrip("0")) > len(str(MAX_NUMBER)):
        raise NumberTextError(
            f"het getal is te groot (meer dan {len(str(MAX_NUMBER)) - 1} cijfers)"
        )
    value: int | float = float(f"{digits}.{fraction}") if fraction else int(digits)
    if integer and isinstance(value, float):
        if not value.is_integer():
            raise NumberTextError("vul een geheel getal in, zonder decimalen")
        value = int(value)
    if abs(value) > MAX_NUMBER:
        raise NumberTextError(
            f"het getal is te groot (meer dan {len(str(MAX_NUMBER)) - 1} cijfers)"
        )
    return -value if negative else value


def has_group_separator(text: str) -> bool:
    """True when ``text`` used "." as a thousands separator (worth showing what was read)."""
    whole = _SPACES.sub("", text).partition(",")[0].lstrip("-+€")
    return bool(_GROUPED.match(whole))
