"""The purchaser's personal signing key in the window: made once on request, used on every save
(core/document/signing.py), and its public half handed over for the team's list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

from caresq_desk.core.rules.roles import ROLE_PURCHASER

if TYPE_CHECKING:
    from caresq_desk.core.document.signing import Signer
    from caresq_desk.gui.prompts import Prompts


def tr(text: str) -> str:
    return QCoreApplication.translate("SigningKey", text)


def own_signer(role: str, prompts: Prompts) -> Signer | None:
    """The key a save is signed with: a purchaser's own, if made; a key that cannot be read is
    told (the file is saved unsigned all the same)."""
    from caresq_desk.core.document.signing import SigningKeyError, load_signer

    if role != ROLE_PURCHASER:
        return None
    try:
        return load_signer()
    except SigningKeyError as error:
        prompts.error(
            tr("Ondertekenen"),
            tr("%1. Het bestand wordt zonder handtekening opgeslagen.").replace(
                "%1", str(error)[0].upper() + str(error)[1:]
            ),
        )
        return None


def manage_key(prompts: Prompts, name: str) -> None:
    """Make the key (asked first), or show the line for team-sleutels and copy it."""
    from caresq_desk.core.document.signing import SigningKeyError, create_key, load_signer

    try:
        signer = load_signer()
    except SigningKeyError as error:
        prompts.error(tr("Ondertekensleutel"), str(error)[0].upper() + str(error)[1:] + ".")
        return
    if signer is None:
        if not prompts.confirm(
            tr("Ondertekensleutel"),
            tr(
                "Met een persoonlijke sleutel ondertekent Caresq Desk elke beoordeling die u "
                "opslaat. In de werkmap ziet het team dan per bestand of een teamlid het "
                "ondertekende, en of het daarna nog is gewijzigd. De sleutel blijft op deze "
                "computer, leesbaar voor uw account alleen. Nu een sleutel maken?"
            ),
            tr("Sleutel maken"),
        ):
            return
        try:
            signer = create_key()
        except SigningKeyError as error:
            prompts.error(tr("Ondertekensleutel"), str(error)[0].upper() + str(error)[1:] + ".")
            return
    line = signer.team_line(name or tr("naam niet ingesteld"))
    QGuiApplication.clipboard().setText(line)
    prompts.info(
        tr("Ondertekensleutel"),
        tr(
            "Uw opslagen worden ondertekend. Zet deze regel in het bestand team-sleutels "
            "(of team-sleutels.txt) in de werkmap van het team; hij staat al op het klembord:"
            "\n\n%1"
        ).replace("%1", line),
    )
