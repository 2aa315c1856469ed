"""argparse in Dutch: its usage lines and errors are English, and they reach the user.

argparse looks its texts up through the module's ``_`` and ``ngettext`` at the moment it needs
them, so replacing those two names translates every message it prints.
"""

from __future__ import annotations

import argparse
from typing import Final

DUTCH: Final = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "expected one argument": "verwacht één argument",
    "expected at least one argument": "verwacht ten minste één argument",
    "expected at most one argument": "verwacht hoogstens één argument",
    "ambiguous option: %(option)s could match %(matches)s": (
        "dubbelzinnige optie: %(option)s kan passen bij %(matches)s"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "not allowed with argument %s": "niet samen met argument %s",
    "ignored explicit argument %r": "genegeerd argument %r",
}


def _gettext(text: str) -> str:
    return DUTCH.get(text, text)


def _ngettext(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "verwacht %s argument" if count == 1 else "verwacht %s argumenten"
    return _gettext(singular if count == 1 else plural)


def use_dutch() -> None:
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
