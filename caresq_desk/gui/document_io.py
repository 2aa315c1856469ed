"""Opening, saving, autosave and recovery for a window: the core's session does the work, this
module asks the user what the session needs to know and tells what it reports.

The window is reached through ``DocumentHost`` only, so this module never imports it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication

from caresq_desk.core.common import paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from caresq_desk.core.document.session import Session
    from caresq_desk.core.document.signing import Signer
    from caresq_desk.core.model.assessment import Actor, Assessment
    from caresq_desk.core.policy.registry import Registry
    from caresq_desk.gui.document import Document
    from caresq_desk.gui.prompts import Prompts

# The session, history and file code (pydantic) load on the first open or save, not with the
# window: see the start-up note in main_window.


def tr(text: str) -> str:
    return QCoreApplication.translate("DocumentIO", text)


class DocumentHost(Protocol):
    """The window a document is opened in and saved from."""

    document: Document | None
    registry: Registry | None
    prompts: Prompts

    @property
    def path(self) -> Path | None: ...

    def install(self, session: Session) -> None:
        """Show ``session`` in place of the open one."""
        ...

    def confirm_discard(self) -> bool:
        """True when the open work may go (saved, or the user lets it go)."""
        ...

    def remember(self, path: Path) -> None:
        """A file opened or saved: it joins the recent files."""
        ...

    def actor(self, ask: bool) -> Actor: ...

    def signer(self) -> Signer | None:
        """The key saves are signed with (None: unsigned)."""
        ...

    def after_save(self) -> None:
        """The title, the modified marker and the menus follow a save."""
        ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802


def open_file(host: DocumentHost, path: Path, *, confirm: bool = True) -> bool:
    """Open ``path``; ``confirm=False`` when the user already chose to drop the open work."""
    from caresq_desk.core.document.session import OpenFailed, Session, read_document
    from caresq_desk.gui.messages import open_failure

    if host.registry is None:
        return False
    opened = read_document(path, host.registry)
    if isinstance(opened, OpenFailed):
        host.prompts.error(
            tr("Openen mislukt"),
            tr("%1\n\nHet bestand is niet gewijzigd.").replace("%1", open_failure(opened)),
        )
        return False
    if confirm and not host.confirm_discard():
        return False
    holder = opened.held_by if path != host.path else None
    if holder is not None and not host.prompts.open_locked(path.name, holder.describe()):
        return False
    host.install(Session.opened(opened))
    host.remember(path)
    if opened.notes:  # an older file version: worth knowing, not worth a dialog per file
        host.statusBar().showMessage(" ".join(opened.notes), 30_000)
    assert host.document is not None
    unrecognised = host.document.form.unrecognised_descriptions()
    if unrecognised:
        host.prompts.info(
            tr("Niet herkende antwoorden"),
            tr(
                "Dit bestand bevat antwoorden die dit formulier niet kan tonen:\n\n%1\n\n"
                "Ze blijven ongewijzigd in het bestand staan tot u de vraag zelf beantwoordt "
                "of ze verwijdert via Controle > Niet-herkende antwoorden verwijderen."
            ).replace("%1", "\n".join(f"• {line}" for line in unrecognised)),
        )
    return True


def open_unsaved(host: DocumentHost, assessment: Assessment) -> None:
    """An assessment that is not a file yet (a row of a list): new, unsaved work."""
    from caresq_desk.core.document.session import Session

    if host.registry is None or not host.confirm_discard():
        return
    session = Session(host.registry.get(assessment.policy.id), assessment.care_type, assessment)
    session.dirty = True
    host.install(session)


def carry_to_policy(host: DocumentHost) -> None:
    """The open assessment as a new, unsaved one under another policy or contract year."""
    from datetime import date

    from caresq_desk.core.document.carry import carry_over, carry_targets

    document = host.document
    if document is None or host.registry is None:
        return
    targets = carry_targets(host.registry, [(document.policy.id, document.rules.id)])
    options = [(p.id, f"{p.meta.title} (versie {p.meta.version})") for p in targets]
    if not options:
        host.prompts.info(
            tr("Overnemen"),
            tr("Er is geen ander beleid met de zorgsoort %1.").replace(
                "%1", document.rules.spec.label
            ),
        )
        return
    chosen = host.prompts.choose_option(
        tr("Overnemen naar ander beleid"),
        tr("Naar welk beleid of contractjaar neemt u deze beoordeling over?"),
        options,
    )
    if chosen is None:
        return
    carried = carry_over(
        document.form.assessment(),
        host.registry.get(chosen),
        host.actor(True),
        date.today(),
        host.path.name if host.path is not None else "",
    )
    source = host.path
    open_unsaved(host, carried.assessment)
    if host.document is None or host.document.session.base is not carried.assessment:
        return  # the user kept the open work
    text = carried.summary() + "."
    if source is not None:
        text += "\n\n" + tr("Het origineel %1 blijft ongewijzigd.").replace("%1", source.name)
    host.prompts.info(tr("Overgenomen"), text + "\n" + tr("Sla de nieuwe beoordeling op."))


def suggested_path(host: DocumentHost) -> Path:
    assert host.document is not None
    from caresq_desk.gui.prompts import start_folder

    document = host.document
    folder = start_folder(host.prompts.folder)  # the last folder used, else the documents
    return document.session.suggested_path(document.form.assessment(), folder)


def recorded(host: DocumentHost, ask: bool = True) -> Assessment:
    """The form's assessment with what changed since the file was read in its history."""
    assert host.document is not None
    form = host.document.form
    return host.document.session.recorded(form.assessment(), host.actor(ask), form.confirmed())


def save_to(
    host: DocumentHost,
    path: Path,
    *,
    save_as: bool = False,
    change: Callable[[Assessment], Assessment] | None = None,
) -> bool:
    """Save the open document through its session; what the session asks goes to the user,
    what it reports is shown."""
    from caresq_desk.core.document.session import ReloadRequested, Saved, SaveFailed, StepRefused

    document = host.document
    assert document is not None
    document.reevaluate()
    outcome = document.session.save(
        recorded(host),
        document.result,
        host.prompts,
        target=path,
        documents=paths.documents_dir(),
        save_as=save_as,
        change=change,
        signer=host.signer(),
    )
    if isinstance(outcome, StepRefused):
        host.prompts.error(tr("Niet mogelijk"), outcome.message)
    elif isinstance(outcome, SaveFailed):
        save_failed(host.prompts, outcome.path, outcome.error)
    elif isinstance(outcome, ReloadRequested):
        open_file(host, outcome.path, confirm=False)
    if not isinstance(outcome, Saved):
        return False
    host.prompts.folder = outcome.path.parent
    document.saved()
    host.after_save()
    host.remember(outcome.path)
    return True


def save_failed(prompts: Prompts, path: Path, error: OSError) -> None:
    from caresq_desk.gui.messages import save_failure

    prompts.error(tr("Opslaan mislukt"), save_failure(path, error))


def write_autosave(host: DocumentHost) -> None:
    """Write the open work to the recovery folder. A failure is told once (status bar and a
    dialog) and retried on every tick; the open document is unaffected."""
    from caresq_desk.gui import messages

    if host.document is None or not host.document.session.dirty:
        return
    session = host.document.session
    outcome = session.write_autosave(recorded(host, ask=False))
    if outcome == "failed":
        message = messages.autosave_failure(session.autosave_error)
        host.statusBar().showMessage(message)
        host.prompts.error(
            tr("Automatisch opslaan mislukt"), message + "\n\n" + messages.autosave_retried()
        )
    elif outcome == "recovered":
        host.statusBar().showMessage(tr("Automatisch opslaan werkt weer."), 10_000)


def recover(host: DocumentHost, spawn: Callable[[], DocumentHost]) -> bool:
    """Offer every autosave left behind; restore, keep or discard each as the user chooses.
    The first restored one opens in ``host`` (when it shows nothing), the others each in a
    window ``spawn`` makes."""
    if host.registry is None or not any(paths.recovery_dir().glob("*.json")):
        return False  # the usual start: nothing to offer, and nothing more to load for it
    from caresq_desk.core.document.recovery import find_recoverable
    from caresq_desk.core.document.session import Session
    from caresq_desk.gui.messages import recovered_item

    if host.registry is None:
        return False
    found = find_recoverable(host.registry)
    if not found:
        return False
    choices = host.prompts.recover([recovered_item(item, host.registry) for item in found])
    restored = False
    for item, choice in zip(found, choices, strict=True):
        if choice == "weggooien":
            item.file.unlink(missing_ok=True)
        elif choice == "herstellen" and item.assessment is not None and not item.problem:
            target = host if not restored and host.document is None else spawn()
            target.install(Session.restored(item, host.registry))
            write_autosave(target)  # first the new autosave, then the old one goes
            item.file.unlink(missing_ok=True)
            restored = True
    return restored
