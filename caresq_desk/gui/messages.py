"""The window's Dutch messages about files: why one cannot be opened, what an autosave holds,
and why a save failed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from caresq_desk.core.common.oserrors import describe_os_error

if TYPE_CHECKING:
    from caresq_desk.core.document.recovery import Recovered
    from caresq_desk.core.document.session import OpenFailed
    from caresq_desk.core.policy.registry import Registry


def tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def open_failure(failed: OpenFailed) -> str:
    """A headline for the kind of problem, then the file's own detail."""
    name = failed.path.name
    if failed.problem == "onbekend_beleid":
        return f"{name}: {failed.detail}"
    if failed.problem == "onbekende_zorgsoort":
        return tr("%1: %2.").replace("%1", name).replace("%2", failed.detail)
    headline = {
        "niet_gevonden": tr("Het bestand bestaat niet (meer) of kan niet worden gelezen."),
        "geen_bestand": tr("Dit is geen gewoon bestand."),
        "te_groot": tr("Het bestand is te groot voor een beoordeling."),
        "beschadigd": tr("Het bestand is beschadigd: het is geen leesbare JSON."),
        "geen_beoordeling": tr("Dit is geen beoordelingsbestand van Caresq Desk."),
        "nieuwere_versie": tr(
            "Dit bestand is gemaakt met een nieuwere versie van Caresq Desk. "
            "Werk Caresq Desk bij om het te openen."
        ),
        "ongeldig": tr("Het bestand bevat een ongeldige waarde."),
    }[failed.problem]
    return f"{headline}\n\n{name}: {failed.detail}"


def recovered_item(item: Recovered, registry: Registry | None) -> tuple[str, bool]:
    """A line for the recovery question, and whether the item can be restored."""
    if item.assessment is None:
        return tr("Onleesbaar herstelbestand %1: %2").replace("%1", item.file.name).replace(
            "%2", item.problem
        ), False
    assessment = item.assessment
    care = assessment.care_type
    if registry is not None and assessment.policy.id in registry.policies:
        rules = registry.policies[assessment.policy.id].care_types.get(care)
        care = rules.spec.label if rules is not None else care
    line = f"{assessment.provider.name or tr('(naam niet ingevuld)')} — {care}" + (
        f" ({item.original_path.name})" if item.original_path else ""
    )
    if item.problem:
        return f"{line}: {tr('kan niet worden hersteld')}, {item.problem}", False
    return line, True


def save_failure(path: Path, error: OSError) -> str:
    """Saves are atomic, so a failed one never touched an earlier file."""
    return (
        tr(
            "%1 kon niet worden opgeslagen: %2.\n\nEen eerder opgeslagen versie is "
            "ongewijzigd; uw werk staat nog in het venster. Kies zo nodig Opslaan als."
        )
        .replace("%1", str(path))
        .replace("%2", describe_os_error(error))
    )


def autosave_failure(error: OSError | None) -> str:
    return tr("Automatisch opslaan mislukt: %1. Sla uw werk zelf op (Ctrl+S).").replace(
        "%1", describe_os_error(error) if error is not None else tr("onbekende fout")
    )


def autosave_retried() -> str:
    return tr(
        "Caresq Desk blijft het proberen en meldt het als het weer lukt. Na een storing kan dit "
        "werk niet worden hersteld zolang dit niet lukt."
    )
