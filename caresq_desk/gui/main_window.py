"""The main window: start view, the open assessment (form + live result), files and menus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
)

from caresq_desk._version import __version__
from caresq_desk.core import paths
from caresq_desk.gui.prompts import Prompts, fit_to_screen
from caresq_desk.gui.settings import Settings
from caresq_desk.gui.start_view import StartView

if TYPE_CHECKING:
    from caresq_desk.core.assessment import Assessment
    from caresq_desk.core.files import AssessmentFileError
    from caresq_desk.core.policy_loader import Policy
    from caresq_desk.core.registry import Registry
    from caresq_desk.core.sharing import FileStamp
    from caresq_desk.excel.export import ExportRow
    from caresq_desk.gui.document import Document
    from caresq_desk.gui.recovery import Autosave, Recovered
    from caresq_desk.gui.werkmap_window import WerkmapWindow

# The window paints before pydantic, the policies and the form code are loaded: the modules that
# need them are imported where first used (``_new_document``, ``_read``, ``_write``, autosave).
# That keeps the time to the first painted window close to a bare PySide6 window's.

AUTOSAVE_MS = 5000
APP_TITLE = "Caresq Desk"


class MainWindow(QMainWindow):
    def __init__(
        self,
        registry: Registry | None = None,
        settings: Settings | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        """Without a registry the window shows itself at once and ``attach`` adds the policies."""
        super().__init__()
        self.registry = registry
        self.settings = settings or Settings()
        self.prompts = prompts or Prompts(self)
        self.document: Document | None = None
        self.path: Path | None = None
        # What the open file was on disk when it was opened or last saved (None: not saved yet).
        self.stamp: FileStamp | None = None
        self.autosave: Autosave | None = None
        self.autosave_failing = False
        self.spawned: list[MainWindow] = []
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.start = StartView(self.settings.role)
        self.start.preferred = self.settings.last_choice()
        self.start.back_requested.connect(self.show_document)
        self.stack.addWidget(self.start)
        self.start.new_requested.connect(self.new_assessment)
        self.start.open_requested.connect(self.open_dialog)
        self.start.recent_requested.connect(self.open_path)
        self.start.role_changed.connect(self._role_changed)
        self.start.set_recent(self.settings.recent_files())
        self.start.werkmap_requested.connect(self.open_werkmap)
        self.start.set_last_werkmap(self.settings.last_werkmap())
        self.werkmap: WerkmapWindow | None = None
        self._build_menus()
        self.setAcceptDrops(True)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.write_autosave)
        self.timer.start()
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1280, 860)  # a 1366x768 or 1280x720 laptop fits too
        else:
            fit_to_screen(self, self.width(), self.height())
        self._update_title()
        if registry is not None:
            self.attach(registry)

    def attach(self, registry: Registry, problems: list[str] | None = None) -> None:
        """The policies are loaded: the start view offers them and names any that failed."""
        self.registry = registry
        self.start.set_registry(registry, problems or [])

    # -- menus ----------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Bestand"))
        self.new_action = self._action(
            self.tr("&Nieuwe beoordeling…"), self.show_start, QKeySequence.StandardKey.New
        )
        self.open_action = self._action(
            self.tr("&Openen…"), self.open_dialog, QKeySequence.StandardKey.Open
        )
        self.save_action = self._action(
            self.tr("Op&slaan"), self.save, QKeySequence.StandardKey.Save
        )
        self.save_as_action = self._action(self.tr("Opslaan &als…"), self.save_as, "Ctrl+Shift+S")
        self.print_action = self._action(
            self.tr("Af&drukken…"), self.print_report, QKeySequence.StandardKey.Print
        )
        self.pdf_action = self._action(self.tr("Exporteren als &PDF…"), self.export_pdf)
        self.close_action = self._action(
            self.tr("Beoordeling slui&ten"), self.close_document, QKeySequence.StandardKey.Close
        )
        self.quit_action = self._action(
            self.tr("A&fsluiten"), self.close, QKeySequence.StandardKey.Quit
        )
        self.werkmap_action = self._action(
            self.tr("&Werkmap openen…"), lambda: self.open_werkmap(None), "Ctrl+Shift+O"
        )
        for action in (
            self.new_action,
            self.open_action,
            self.werkmap_action,
            self.save_action,
            self.save_as_action,
        ):
            menu.addAction(action)
        self.batch_action = self._action(
            self.tr("&Lijst beoordelen (Excel)…"), lambda: self.open_batch(files=False)
        )
        self.template_action = self._action(
            self.tr("&Importsjabloon maken (Excel)…"), self.save_template
        )
        self.export_action = self._action(
            self.tr("Deze beoordeling naar &Excel exporteren…"), self.export_open
        )
        self.export_files_action = self._action(
            self.tr("Beoordelingen naar Excel e&xporteren…"), self.export_files
        )
        menu.addSeparator()
        menu.addAction(self.print_action)
        menu.addAction(self.pdf_action)
        for action in (
            self.export_action,
            self.export_files_action,
            self.batch_action,
            self.template_action,
        ):
            menu.addAction(action)
        self.recent_menu = menu.addMenu(self.tr("&Recente bestanden"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        menu.addSeparator()
        menu.addAction(self.close_action)
        menu.addAction(self.quit_action)
        check = self.menuBar().addMenu(self.tr("&Controle"))
        self.check_action = self._action(
            self.tr("&Controleer ontbrekende en ongeldige antwoorden"), self.check_answers, "F7"
        )
        check.addAction(self.check_action)
        self.drop_unrecognised_action = self._action(
            self.tr("&Niet-herkende antwoorden verwijderen…"), self.drop_unrecognised
        )
        check.addAction(self.drop_unrecognised_action)
        from caresq_desk.gui.workflow import Workflow

        self.workflow = Workflow(self)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_action = self._action(
            self.tr("Uitleg bij deze &vraag"),
            self.help_for_question,
            QKeySequence.StandardKey.HelpContents,
        )
        self.about_action = self._action(self.tr("&Over Caresq Desk"), self.about)
        self.changes_action = self._action(self.tr("&Wijzigingen in het beleid"), self.show_changes)
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.changes_action)
        help_menu.addAction(self.about_action)
        self._update_actions()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_files():
            self.recent_menu.addAction(str(path), lambda p=path: self.open_path(p))

    def _update_actions(self) -> None:
        has_document = self.document is not None
        for action in (
            self.save_action,
            self.save_as_action,
            self.close_action,
            self.check_action,
            self.export_action,
            self.print_action,
            self.pdf_action,
        ):
            action.setEnabled(has_document)
        self.drop_unrecognised_action.setEnabled(
            self.document is not None
            and bool(self.document.form.unrecognised)
            and not self.document.read_only
        )
        self.workflow.update()

    def _update_title(self) -> None:
        if self.document is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        name = self.path.name if self.path else self.tr("Nieuwe beoordeling")
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}")

    # -- documents ------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.isWindowModified()

    def _set_dirty(self, dirty: bool) -> None:
        self.setWindowModified(dirty)

    def _install(
        self,
        document: Document,
        path: Path | None,
        dirty: bool,
        stamp: FileStamp | None = None,
    ) -> None:
        if self.document is not None:
            self.stack.removeWidget(self.document)
            self.document.deleteLater()
        self._set_path(path, stamp)
        self.document = document
        self.stack.addWidget(document)
        self.stack.setCurrentWidget(document)
        document.reevaluate()
        document.form.changed.connect(lambda: self._set_dirty(True))
        document.form.changed.connect(self.workflow.update)
        document.history_requested.connect(self.workflow.show_history)
        from caresq_desk.gui.recovery import Autosave

        self.autosave = Autosave()
        self._update_title()  # first: the modified marker needs the title's [*] placeholder
        self._set_dirty(dirty)
        self._update_actions()

    def _set_path(self, path: Path | None, stamp: FileStamp | None) -> None:
        """The file the document is saved to; its lock marker follows it."""
        from caresq_desk.core.sharing import release_lock, write_lock

        if self.path is not None and self.path != path:
            release_lock(self.path)
        self.path = path
        self.stamp = stamp
        self.prompts.folder = path.parent if path is not None else None  # dialogs start there
        if path is not None:
            write_lock(path)

    def _confirm_discard(self) -> bool:
        """True when the current document may be replaced or closed."""
        if self.document is None or not self.dirty:
            return True
        name = self.path.name if self.path else self.tr("Nieuwe beoordeling")
        answer = self.prompts.unsaved_changes(name)
        if answer == "opslaan":
            return self.save()
        return answer == "weggooien"

    def _new_document(self, policy: Policy, care_type: str) -> Document:
        from caresq_desk.gui.document import Document

        return Document(policy, care_type, self.start.role)

    def new_assessment(self, policy_id: str, care_type: str) -> None:
        if not self._confirm_discard():
            self.show_document()  # "Annuleren": back to the open work, not a blind start view
            return
        self.settings.set_last_choice(policy_id, care_type)
        self.start.prefer(policy_id, care_type)
        self._drop_autosave()
        assert self.registry is not None
        self._install(self._new_document(self.registry.get(policy_id), care_type), None, False)

    def show_start(self) -> None:
        """The start view; with an assessment open it offers the way back to it."""
        self.start.set_back_available(self.document is not None)
        self.stack.setCurrentWidget(self.start)

    def show_document(self) -> None:
        if self.document is not None:
            self.stack.setCurrentWidget(self.document)

    def open_dialog(self) -> None:
        path = self.prompts.open_path(self.path.parent if self.path else paths.documents_dir())
        if path is not None:
            self.open_path(path)

    def _read(self, path: Path) -> tuple[Assessment, Policy, list[str], FileStamp] | None:
        """The file's assessment, policy, notes and stamp, or None after telling the user what
        is wrong."""
        if self.registry is None:
            return None
        loaded = self._load(path)
        if isinstance(loaded, str):
            self.prompts.error(
                self.tr("Openen mislukt"),
                self.tr("%1\n\nHet bestand is niet gewijzigd.").replace("%1", loaded),
            )
            return None
        return loaded

    def _load(self, path: Path) -> tuple[Assessment, Policy, list[str], FileStamp] | str:
        """The file's assessment, policy, migration notes and stamp, or what is wrong with it."""
        from caresq_desk.core.files import AssessmentFileError, open_assessment
        from caresq_desk.core.registry import UnknownPolicyError

        assert self.registry is not None
        try:
            assessment, notes, stamp = open_assessment(path)
            policy = self.registry.get(assessment.policy.id)
        except AssessmentFileError as error:
            return self._describe_file_error(error)
        except UnknownPolicyError as error:
            return f"{path.name}: {error}"
        if assessment.care_type not in policy.care_types:
            return (
                self.tr("%1: zorgsoort '%2' bestaat niet in dit beleid.")
                .replace("%1", path.name)
                .replace("%2", assessment.care_type)
            )
        return assessment, policy, notes, stamp

    def _describe_file_error(self, error: AssessmentFileError) -> str:
        headline = {
            "niet_gevonden": self.tr("Het bestand bestaat niet (meer)."),
            "te_groot": self.tr("Het bestand is te groot voor een beoordeling."),
            "beschadigd": self.tr("Het bestand is beschadigd: het is geen leesbare JSON."),
            "geen_beoordeling": self.tr("Dit is geen beoordelingsbestand van Caresq Desk."),
            "nieuwere_versie": self.tr(
                "Dit bestand is gemaakt met een nieuwere versie van Caresq Desk. "
                "Werk Caresq Desk bij om het te openen."
            ),
            "ongeldig": self.tr("Het bestand bevat een ongeldige waarde."),
        }[error.problem]
        return f"{headline}\n\n{error.path.name}: {error.detail}"

    def open_path(self, path: Path, *, confirm: bool = True) -> bool:
        """Open a file; ``confirm=False`` when the user already chose to drop the open work."""
        from caresq_desk.core.sharing import read_lock

        read = self._read(path)
        if read is None:
            return False
        assessment, policy, notes, stamp = read
        if confirm and not self._confirm_discard():
            return False
        holder = read_lock(path) if path != self.path else None
        if holder is not None and not self.prompts.open_locked(path.name, holder.describe()):
            return False
        self._drop_autosave()
        document = self._new_document(policy, assessment.care_type)
        document.load(assessment)
        self._install(document, path, False, stamp)
        self.settings.add_recent(path)
        self.start.set_recent(self.settings.recent_files())
        if notes:  # an older file version: worth knowing, not worth a dialog per file
            self.statusBar().showMessage(" ".join(notes), 30_000)
        unrecognised = document.form.unrecognised_descriptions()
        if unrecognised:
            self.prompts.info(
                self.tr("Niet herkende antwoorden"),
                self.tr(
                    "Dit bestand bevat antwoorden die dit formulier niet kan tonen:\n\n%1\n\n"
                    "Ze blijven ongewijzigd in het bestand staan tot u de vraag zelf beantwoordt "
                    "of ze verwijdert via Controle > Niet-herkende antwoorden verwijderen."
                ).replace("%1", "\n".join(f"• {line}" for line in unrecognised)),
            )
        return True

    def drop_unrecognised(self) -> None:
        if self.document is None or not self.document.form.unrecognised:
            return
        lines = "\n".join(f"• {line}" for line in self.document.form.unrecognised_descriptions())
        if self.prompts.confirm(
            self.tr("Niet-herkende antwoorden verwijderen"),
            self.tr(
                "Deze antwoorden worden bij de volgende keer opslaan verwijderd:\n\n%1"
            ).replace("%1", lines),
            self.tr("Verwijderen"),
        ):
            self.document.form.drop_unrecognised()
            self._update_actions()

    def save(self) -> bool:
        if self.document is None:
            return False
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        if self.document is None:
            return False
        path = self.prompts.save_path(self._suggested_path())
        return path is not None and self._write(path, save_as=True)

    def _suggested_path(self) -> Path:
        assert self.document is not None
        form = self.document.form
        return (
            self.path or paths.documents_dir() / f"{form.name.text().strip() or form.rules.id}.json"
        )

    def save_with(self, change: Callable[[Assessment], Assessment]) -> bool:
        """Save with a workflow step (status, reopening, decision) applied; a file never saved
        gets a name first."""
        if self.document is None:
            return False
        if self.path is None:
            path = self.prompts.save_path(self._suggested_path())
            return path is not None and self._write(path, save_as=True, change=change)
        return self._write(self.path, change=change)

    def _recorded(self, ask: bool = True) -> Assessment:
        """The form's assessment with what changed since the file was read in its history."""
        from caresq_desk.core.history import record

        assert self.document is not None
        form = self.document.form
        return record(form.base, form.assessment(), self.workflow.actor(ask))

    def _write(
        self,
        path: Path,
        *,
        save_as: bool = False,
        change: Callable[[Assessment], Assessment] | None = None,
    ) -> bool:
        """Save, unless the file changed on disk since it was opened (then the user decides) or
        is read-only (then the user confirms). Only "save as" may create a folder."""
        from caresq_desk.core.files import ReadOnlyFileError, save_assessment
        from caresq_desk.core.history import StatusError
        from caresq_desk.core.sharing import FileChangedError

        assert self.document is not None
        self.document.reevaluate()
        assessment = self._recorded()
        if change is not None:
            try:
                assessment = change(assessment)
            except StatusError as error:
                self.prompts.error(self.tr("Niet mogelijk"), str(error).capitalize() + ".")
                return False
        expected = self.stamp if path == self.path else None
        overwrite_read_only = False
        while True:
            try:
                stamp = save_assessment(
                    path,
                    assessment,
                    self.document.result,
                    expected=expected,
                    overwrite_read_only=overwrite_read_only,
                    create_folder=save_as,
                )
                break
            except FileChangedError as error:
                choice = self.prompts.file_changed(path.name, error.now is None)
                if choice == "overschrijven":
                    expected = None
                    continue
                if choice == "opslaan_als":
                    path = self.prompts.save_path(self._suggested_path())
                    if path is None:
                        return False
                    save_as, expected = True, None
                    continue
                if choice == "herladen":
                    self._drop_autosave()
                    self.open_path(path, confirm=False)
                return False
            except ReadOnlyFileError:
                if not self.prompts.confirm_read_only(path.name):
                    return False
                overwrite_read_only = True
            except OSError as error:
                self._save_failed(path, error)
                return False
        self._set_path(path, stamp)
        self.document.saved(assessment)
        self._set_dirty(False)
        self._drop_autosave()
        self._update_actions()
        self.settings.add_recent(path)
        self.start.set_recent(self.settings.recent_files())
        self._update_title()
        return True

    def _save_failed(self, path: Path, error: OSError) -> None:
        """Saves are atomic, so a failed one never touched an earlier file."""
        from caresq_desk.core.oserrors import describe_os_error

        self.prompts.error(
            self.tr("Opslaan mislukt"),
            self.tr(
                "%1 kon niet worden opgeslagen: %2.\n\nEen eerder opgeslagen versie is "
                "ongewijzigd; uw werk staat nog in het venster. Kies zo nodig Opslaan als."
            )
            .replace("%1", str(path))
            .replace("%2", describe_os_error(error)),
        )

    def close_document(self) -> bool:
        if not self._confirm_discard():
            return False
        self._drop_autosave()
        if self.document is not None:
            self.stack.removeWidget(self.document)
            self.document.deleteLater()
        self.document = None
        self._set_path(None, None)
        self._set_dirty(False)
        self.show_start()
        self._update_title()
        self._update_actions()
        return True

    # -- autosave -------------------------------------------------------------------------------

    def write_autosave(self) -> None:
        """Write the open work to the recovery folder. A failure is told once (status bar and
        a dialog) and retried on every tick; the open document is unaffected."""
        from caresq_desk.core.oserrors import describe_os_error

        if self.document is None or not self.dirty or self.autosave is None:
            return
        try:
            self.autosave.write(self._recorded(ask=False), self.path, self.stamp)
        except OSError as error:
            if not self.autosave_failing:
                self.autosave_failing = True
                message = self.tr(
                    "Automatisch opslaan mislukt: %1. Sla uw werk zelf op (Ctrl+S)."
                ).replace("%1", describe_os_error(error))
                self.statusBar().showMessage(message)
                self.prompts.error(
                    self.tr("Automatisch opslaan mislukt"),
                    message
                    + "\n\n"
                    + self.tr(
                        "Caresq Desk blijft het proberen en meldt het als het weer lukt. Na een "
                        "storing kan dit werk niet worden hersteld zolang dit niet lukt."
                    ),
                )
            return
        if self.autosave_failing:
            self.autosave_failing = False
            self.statusBar().showMessage(self.tr("Automatisch opslaan werkt weer."), 10_000)

    def _drop_autosave(self) -> None:
        if self.autosave is not None:
            self.autosave.discard()

    def check_for_recovery(self) -> bool:
        """Offer every autosave left behind; restore, keep or discard each as the user chooses.
        The first restored one opens here, the others each in a window of their own."""
        from caresq_desk.gui.recovery import find_recoverable

        if self.registry is None:
            return False
        found = find_recoverable(self.registry)
        if not found:
            return False
        choices = self.prompts.recover([self._describe_recovered(item) for item in found])
        restored = False
        for item, choice in zip(found, choices, strict=True):
            if choice == "weggooien":
                item.file.unlink(missing_ok=True)
            elif choice == "herstellen" and item.assessment is not None and not item.problem:
                target = self if not restored and self.document is None else self._spawn()
                target._restore(item)
                restored = True
        return restored

    def _describe_recovered(self, item: Recovered) -> tuple[str, bool]:
        """A line for the recovery question, and whether the item can be restored."""
        if item.assessment is None:
            return self.tr("Onleesbaar herstelbestand %1: %2").replace(
                "%1", item.file.name
            ).replace("%2", item.problem), False
        assessment = item.assessment
        care = assessment.care_type
        if self.registry is not None and assessment.policy.id in self.registry.policies:
            rules = self.registry.policies[assessment.policy.id].care_types.get(care)
            care = rules.spec.label if rules is not None else care
        line = f"{assessment.provider.name or self.tr('(naam niet ingevuld)')} — {care}" + (
            f" ({item.original_path.name})" if item.original_path else ""
        )
        if item.problem:
            return f"{line}: {self.tr('kan niet worden hersteld')}, {item.problem}", False
        return line, True

    def _restore(self, item: Recovered) -> None:
        assert self.registry is not None and item.assessment is not None
        policy = self.registry.get(item.assessment.policy.id)
        document = self._new_document(policy, item.assessment.care_type)
        document.load(item.assessment)
        self._install(document, item.original_path, True, item.original_stamp)
        self.write_autosave()  # first the new autosave, then the old one goes
        item.file.unlink(missing_ok=True)

    def _spawn(self) -> MainWindow:
        """Another window on the same policies and settings, kept alive by this one."""
        other = MainWindow(self.registry, self.settings)
        other.prompts = self.prompts.for_window(other)
        self.spawned.append(other)
        other.show()
        return other

    # -- the rest -------------------------------------------------------------------------------

    def check_answers(self) -> None:
        if self.document is None or self.document.result is None:
            return
        document = self.document
        items = [(m.question, m.label) for m in document.result.missing]
        items += [(q, m) for q, m in document.form.input_problems()]
        items += [(i.question, f"{i.label}: {i.message}") for i in document.result.invalid]
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Controle van de antwoorden"))
        layout = QVBoxLayout(dialog)
        listing = QListWidget()
        listing.setWordWrap(True)  # long questions wrap instead of running off the dialog
        if not items:
            listing.addItem(
                self.tr("Alle vereiste vragen zijn beantwoord en alle antwoorden zijn geldig.")
            )
        for question_id, text in items:
            entry = QListWidgetItem(text)
            entry.setData(256, question_id)
            listing.addItem(entry)
        listing.itemActivated.connect(lambda entry: document.focus_first([entry.data(256)]))
        layout.addWidget(listing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.close)
        layout.addWidget(buttons)
        fit_to_screen(dialog, 620, 360)
        self.check_dialog = dialog
        dialog.show()

    def help_for_question(self) -> None:
        """The policy's explanation of the question with the cursor, and what it decides."""
        if self.document is None:
            return
        question = self.document.form.question_with_focus()
        text = self.document.form.help_text(question)
        if text and self.document.result is not None:
            used = [
                f"• {c.id} {c.title} ({c.source})"
                for c in self.document.result.criteria
                if question in c.questions and c.outcome != "niet_van_toepassing"
            ]
            if used:
                text += "\n\n" + self.tr("Dit antwoord telt mee voor:") + "\n" + "\n".join(used)
        self.prompts.info(
            self.tr("Uitleg"),
            text
            or self.tr("Klik eerst in een vraag; F1 toont dan de uitleg en de bron in het beleid."),
        )

    def open_batch(self, files: bool = False) -> None:
        """The provider-list dialog (or, with ``files``, assessment files); it assesses off the
        GUI thread."""
        from caresq_desk.gui.batch import BatchDialog

        if self.registry is None:
            return
        self.batch_dialog = BatchDialog(
            self.registry, self.prompts, self, files=files, role=self.start.role
        )
        self.batch_dialog.open_requested.connect(self.open_assessment)
        self.batch_dialog.show()
        if files:
            self.batch_dialog.choose()

    def open_werkmap(self, folder: Path | None = None) -> None:
        """The werkmap window on ``folder`` (None: the user chooses one); remembered."""
        from caresq_desk.gui.werkmap_window import WerkmapWindow

        if self.registry is None:
            return
        if folder is None:
            folder = self.prompts.choose_folder(self.tr("Werkmap kiezen"))
            if folder is None:
                return
        if not folder.is_dir():
            self.prompts.error(
                self.tr("Werkmap openen"),
                self.tr("De map %1 bestaat niet (meer).").replace("%1", str(folder)),
            )
            return
        if self.werkmap is None:
            self.werkmap = WerkmapWindow(self.registry, self.prompts, self.start.role)
            self.werkmap.open_requested.connect(self._open_from_werkmap)
        self.werkmap.role = self.start.role
        self.werkmap.set_folder(folder)
        self.settings.set_last_werkmap(folder)
        self.start.set_last_werkmap(folder)
        self.werkmap.show()
        self.werkmap.raise_()
        self.werkmap.activateWindow()

    def _open_from_werkmap(self, path: Path) -> None:
        if self.open_path(path):
            self.raise_()
            self.activateWindow()

    def open_assessment(self, assessment: Assessment) -> None:
        """An assessment from a list, opened as a new, unsaved document."""
        if self.registry is None or not self._confirm_discard():
            return
        self._drop_autosave()
        document = self._new_document(self.registry.get(assessment.policy.id), assessment.care_type)
        document.load(assessment)
        self._install(document, None, True)

    def export_open(self) -> None:
        """The open assessment, as it stands in the form, to a summary workbook."""
        from caresq_desk.excel.export import ExportRow

        if self.document is None:
            return
        self.document.reevaluate()
        assert self.document.result is not None
        source = str(self.path) if self.path else self.tr("niet opgeslagen")
        row = ExportRow(self.document.form.assessment(), self.document.result, source)
        stem = self.path.stem if self.path else self.document.form.rules.id
        self._write_export([row], f"{stem}.xlsx")

    def _report(self) -> tuple[str, str]:
        """The open assessment as it stands in the form, as a report (title, html)."""
        from caresq_desk.core.report_document import report_html

        assert self.document is not None
        self.document.reevaluate()
        assert self.document.result is not None
        assessment = self.document.form.assessment()
        name = assessment.provider.name or (self.path.stem if self.path else self.tr("beoordeling"))
        html = report_html(
            assessment, self.document.result, self.document.policy, self.document.role
        )
        return self.tr("Beoordeling %1").replace("%1", name), html

    def print_report(self) -> None:
        if self.document is not None:
            self.prompts.print_preview([self._report()])

    def export_pdf(self) -> None:
        """The open assessment as a PDF/A report for the file."""
        from caresq_desk.gui.pdf import write_pdf

        if self.document is None:
            return
        stem = self.path.stem if self.path else self.document.rules.id
        path = self.prompts.save_pdf(f"{stem}.pdf")
        if path is None:
            return
        try:
            write_pdf(path, [self._report()])
        except OSError as error:
            self._save_failed(path, error)
            return
        self.statusBar().showMessage(
            self.tr("Rapport opgeslagen in %1.").replace("%1", str(path)), 10_000
        )

    def export_files(self) -> None:
        """Chosen assessment files, assessed off the GUI thread, to one summary."""
        self.open_batch(files=True)

    def _write_export(self, rows: list[ExportRow], suggested: str) -> None:
        from caresq_desk.excel.export import write_export

        path = self.prompts.save_excel(self.tr("Samenvatting opslaan"), suggested)
        if path is None:
            return
        try:
            write_export(path, rows)
        except OSError as error:
            self._save_failed(path, error)
            return
        self.prompts.info(
            self.tr("Samenvatting"),
            (
                self.tr("De beoordeling is geëxporteerd naar %1.")
                if len(rows) == 1
                else self.tr("%2 beoordelingen zijn geëxporteerd naar %1.")
            )
            .replace("%1", str(path))
            .replace("%2", str(len(rows))),
        )

    def save_template(self) -> None:
        """An import template for the open assessment's care type, else the one chosen in the
        start view."""
        from caresq_desk.excel.template import write_template

        if self.registry is None:
            return
        if self.document is not None:
            policy, care_type = self.document.policy, self.document.rules.id
        else:
            policy = self.registry.get(self.start.policy.currentData())
            care_type = self.start.care_type.currentData()
        path = self.prompts.save_excel(
            self.tr("Importsjabloon opslaan"), f"sjabloon-{care_type or 'zorgsoort'}.xlsx"
        )
        if path is None or care_type is None:
            return
        try:
            write_template(path, policy, care_type)
        except OSError as error:
            self.prompts.error(self.tr("Opslaan mislukt"), f"{path}: {error}")
            return
        self.prompts.info(
            self.tr("Importsjabloon"), self.tr("Opgeslagen in %1.").replace("%1", str(path))
        )

    def show_changes(self) -> None:
        """The change list the policy document opens with, for the open or chosen policy."""
        if self.registry is None:
            return
        if self.document is not None:
            policy = self.document.policy
        else:
            policy = self.registry.get(self.start.policy.currentData())
        lines = [f"{policy.meta.title} (versie {policy.meta.version})", ""]
        lines += [f"• {c.heading}, {c.section}: {c.text}" for c in policy.file.changes]
        self.prompts.info(self.tr("Wijzigingen in het beleid"), "\n".join(lines))

    def about(self) -> None:
        lines = [f"Caresq Desk {__version__}", "", self.tr("Beleidsstukken:")]
        lines += [f"• {p.meta.title}, versie {p.meta.version}" for p in self.registry or ()]
        self.prompts.info(self.tr("Over Caresq Desk"), "\n".join(lines))

    def _role_changed(self, role: str) -> None:
        self.settings.role = role

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(url.toLocalFile().endswith(".json") for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.toLocalFile().endswith(".json"):
                self.open_path(Path(url.toLocalFile()))
                break

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._confirm_discard():
            event.ignore()
            return
        self._drop_autosave()
        self._set_path(None, None)
        self.timer.stop()
        if self.werkmap is not None:
            self.werkmap.close()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        event.accept()
