"""The main window: start view, the open assessment (form + live result), files and menus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from caresq_desk.core.common import paths
from caresq_desk.gui import document_io, exports
from caresq_desk.gui.menus import add_entries, add_menu
from caresq_desk.gui.screen import fit_to_screen
from caresq_desk.gui.settings import Settings
from caresq_desk.gui.start_view import StartView
from caresq_desk.gui.workflow import Workflow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from caresq_desk.core.document.recovery import Autosave
    from caresq_desk.core.document.session import Session
    from caresq_desk.core.document.signing import Signer
    from caresq_desk.core.model.assessment import Actor, Assessment
    from caresq_desk.core.policy.loader import Policy
    from caresq_desk.core.policy.registry import Registry
    from caresq_desk.gui.document import Document
    from caresq_desk.gui.prompts import Prompts
    from caresq_desk.gui.werkmap_window import WerkmapWindow

# The window paints before pydantic, the policies and the form code are loaded: the modules that
# need them (the session, the document view, exports) are imported where first used.
# That keeps the time to the first painted window close to a bare PySide6 window's.

AUTOSAVE_MS = 5000


def _guidance() -> ModuleType:
    from caresq_desk.gui import guidance  # help texts and dialogs: loaded after the first paint

    return guidance


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
        self._prompts = prompts  # made at first use: the dialogs' module is not needed to paint
        self.document: Document | None = None
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
        self.start.role_changed.connect(lambda role: setattr(self.settings, "role", role))
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

    def _build_menus(self) -> None:
        keys = QKeySequence.StandardKey
        tr, excel, pdf = self.tr, exports.export_excel, exports.export_pdf
        menu, actions = add_menu(self.menuBar(), tr("&Bestand"), [
            (tr("&Nieuwe beoordeling…"), self.show_start, keys.New),
            (tr("&Openen…"), self.open_dialog, keys.Open),
            (tr("&Werkmap openen…"), lambda: self.open_werkmap(None), "Ctrl+Shift+O"),
            (tr("Op&slaan"), self.save, keys.Save),
            (tr("Opslaan &als…"), self.save_as, "Ctrl+Shift+S"),
            None,
            (tr("Af&drukken…"), lambda: exports.print_report(self), keys.Print),
            (tr("Exporteren als &PDF…"), lambda: pdf(self), None),
            (tr("Rapport voor de &zorgaanbieder (PDF)…"), lambda: pdf(self, "zorgaanbieder"), None),
            (tr("Deze beoordeling naar &Excel exporteren…"), lambda: excel(self), None),
            (tr("Beoordelingen naar Excel e&xporteren…"), lambda: self.open_batch(True), None),
            (tr("&Lijst beoordelen (Excel)…"), lambda: self.open_batch(), None),
            (tr("&Importsjabloon maken (Excel)…"), lambda: exports.save_template(self), None),
            None,
            (tr("Overnemen naar ander &beleid…"), lambda: document_io.carry_to_policy(self), None),
        ])  # fmt: skip
        (self.new_action, self.open_action, self.werkmap_action, self.save_action,
         self.save_as_action, self.print_action, self.pdf_action, self.provider_pdf_action,
         self.export_action, self.export_files_action, self.batch_action, self.template_action,
         self.carry_action) = actions  # fmt: skip
        self.recent_menu = menu.addMenu(self.tr("&Recente bestanden"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.close_action, self.quit_action = add_entries(
            menu,
            [None, (self.tr("Beoordeling slui&ten"), self.close_document, keys.Close),
             (self.tr("A&fsluiten"), self.close, keys.Quit)],
        )  # fmt: skip
        bar = self.menuBar()
        _, (self.check_action, self.drop_unrecognised_action) = add_menu(bar, tr("&Controle"), [
            (tr("&Controleer ontbrekende en ongeldige antwoorden"), self.check_answers, "F7"),
            (tr("&Niet-herkende antwoorden verwijderen…"), self.drop_unrecognised, None),
        ])  # fmt: skip
        self.workflow = Workflow(self, self, self.menuBar().addMenu(self.tr("Beo&ordeling")))
        _, (self.help_action, self.changes_action, self.about_action) = add_menu(bar, tr("&Help"), [
            (tr("Uitleg bij deze &vraag"), self._help, keys.HelpContents),
            (tr("&Wijzigingen in het beleid"), self._changes, None),
            (tr("&Over Caresq Desk"), self._about, None),
        ])  # fmt: skip
        self._update_actions()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_files():
            self.recent_menu.addAction(str(path), lambda p=path: self.open_path(p))

    def _update_actions(self) -> None:
        has_document = self.document is not None
        for action in (self.save_action, self.save_as_action, self.close_action, self.check_action,
                       self.export_action, self.print_action, self.pdf_action,
                       self.carry_action):  # fmt: skip
            action.setEnabled(has_document)
        self.provider_pdf_action.setEnabled(has_document and self.start.role != "zorgaanbieder")
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

    # -- the open session ------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self.document.session.path if self.document is not None else None

    @property
    def autosave(self) -> Autosave | None:
        return self.document.session.autosave if self.document is not None else None

    @autosave.setter
    def autosave(self, autosave: Autosave | None) -> None:
        if self.document is not None:
            self.document.session.autosave = autosave

    @property
    def dirty(self) -> bool:
        return self.document is not None and self.document.session.dirty

    @property
    def role(self) -> str:
        return self.start.role

    @property
    def history_dialog(self) -> QWidget | None:
        return self.workflow.history_dialog

    def setWindowModified(self, modified: bool) -> None:  # noqa: N802
        """The title's modified marker and the session's unsaved work are one fact."""
        if self.document is not None:
            self.document.session.dirty = modified
        super().setWindowModified(modified)

    def install(self, session: Session) -> None:
        """Show ``session`` in place of the open one, which is closed (its autosave removed,
        its lock released) before the new one takes its file's lock."""
        from caresq_desk.gui.document import Document

        self._remove_document()
        session.take_lock()
        # A new file is saved where the work is: the last folder used, else the last round.
        last = self.prompts.folder or self.settings.last_werkmap()
        self.prompts.folder = session.path.parent if session.path is not None else last
        document = Document(session, self.start.role)
        self.document = document
        self.stack.addWidget(document)
        self.stack.setCurrentWidget(document)
        document.reevaluate()
        document.form.changed.connect(lambda: self.setWindowModified(True))
        document.form.changed.connect(self.workflow.update)
        document.history_requested.connect(self.workflow.show_history)
        self._update_title()  # first: the modified marker needs the title's [*] placeholder
        self.setWindowModified(session.dirty)
        self._update_actions()
        document.form.name.setFocus()  # where typing starts, never a button above the form

    def _remove_document(self) -> None:
        if self.document is None:
            return
        self.document.session.close()
        self.stack.removeWidget(self.document)
        self.document.deleteLater()
        self.document = None

    def confirm_discard(self) -> bool:
        """True when the current document may be replaced or closed."""
        if self.document is None or not self.dirty:
            return True
        name = self.path.name if self.path else self.tr("Nieuwe beoordeling")
        answer = self.prompts.unsaved_changes(name)
        if answer == "opslaan":
            return self.save()
        return answer == "weggooien"

    def new_assessment(self, policy_id: str, care_type: str) -> None:
        from caresq_desk.core.document.session import Session

        if not self.confirm_discard():
            self.show_document()  # "Annuleren": back to the open work, not a blind start view
            return
        self.settings.set_last_choice(policy_id, care_type)
        self.start.prefer(policy_id, care_type)
        assert self.registry is not None
        self.install(Session(self.registry.get(policy_id), care_type))

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

    def open_path(self, path: Path, *, confirm: bool = True) -> bool:
        """Open a file; ``confirm=False`` when the user already chose to drop the open work."""
        return document_io.open_file(self, path, confirm=confirm)

    def open_assessment(self, assessment: Assessment) -> None:
        """An assessment from a list, opened as a new, unsaved document."""
        document_io.open_unsaved(self, assessment)

    def remember(self, path: Path) -> None:
        self.settings.add_recent(path)
        self.start.set_recent(self.settings.recent_files())

    def drop_unrecognised(self) -> None:
        if self.document is not None and _guidance().drop_unrecognised(self.prompts, self.document):
            self._update_actions()

    # -- saving ----------------------------------------------------------------------------------

    def save(self) -> bool:
        return self._save(self.path)

    def save_as(self) -> bool:
        return self._save(None)

    def save_with(self, change: Callable[[Assessment], Assessment]) -> bool:
        """Save with a workflow step (status, reopening, decision) applied."""
        return self._save(self.path, change)

    def _save(
        self, path: Path | None, change: Callable[[Assessment], Assessment] | None = None
    ) -> bool:
        """Save to ``path``; None (a file never saved, or Opslaan als) asks where first."""
        if self.document is None:
            return False
        if path is not None:
            return document_io.save_to(self, path, change=change)
        path = self.prompts.save_path(document_io.suggested_path(self))
        return path is not None and document_io.save_to(self, path, save_as=True, change=change)

    def save_failed(self, path: Path, error: OSError) -> None:
        document_io.save_failed(self.prompts, path, error)

    def after_save(self) -> None:
        self.setWindowModified(False)
        self._update_actions()
        self._update_title()

    def actor(self, ask: bool) -> Actor:
        return self.workflow.actor(ask)

    def signer(self) -> Signer | None:
        from caresq_desk.gui.signing_key import own_signer

        return own_signer(self.role, self.prompts)

    @property
    def prompts(self) -> Prompts:
        if self._prompts is None:
            from caresq_desk.gui.prompts import Prompts

            self._prompts = Prompts(self)
        return self._prompts

    def close_document(self) -> bool:
        if not self.confirm_discard():
            return False
        self._remove_document()
        self.setWindowModified(False)
        self.show_start()
        self._update_title()
        self._update_actions()
        return True

    # -- autosave and recovery -------------------------------------------------------------------

    def write_autosave(self) -> None:
        document_io.write_autosave(self)

    def check_for_recovery(self) -> bool:
        """Offer every autosave left behind (see ``document_io.recover``)."""
        return document_io.recover(self, self._spawn)

    def _spawn(self) -> MainWindow:
        """Another window on the same policies and settings, kept alive by this one."""
        other = MainWindow(self.registry, self.settings)
        other._prompts = self.prompts.for_window(other)
        self.spawned.append(other)
        other.show()
        return other

    # -- the rest -------------------------------------------------------------------------------

    def check_answers(self) -> None:
        if self.document is not None and self.document.result is not None:
            self.check_dialog = _guidance().check_dialog(self, self.document)

    def _about(self) -> None:
        self.prompts.info(self.tr("Over Caresq Desk"), _guidance().about(self.registry or ()))

    def _help(self) -> None:
        if self.document is not None:
            self.prompts.info(self.tr("Uitleg"), _guidance().question_help(self.document))

    def _changes(self) -> None:
        """The change list the policy document opens with, for the open or chosen policy."""
        if chosen := self.chosen_care_type():
            self.prompts.info(self.tr("Wijzigingen in het beleid"), _guidance().changes(chosen[0]))

    def open_batch(self, files: bool = False) -> None:
        """The provider-list dialog (or, with ``files``, assessment files)."""
        from caresq_desk.gui.batch import open_batch_dialog

        if self.registry is not None:
            self.batch_dialog = open_batch_dialog(
                self, self.registry, self.prompts, self.start.role, files, self.open_assessment
            )

    def open_werkmap(self, folder: Path | None = None) -> None:
        """The werkmap window on ``folder`` (None: the user chooses one); remembered."""
        from caresq_desk.gui.werkmap_window import WerkmapWindow, werkmap_folder

        folder = werkmap_folder(self.prompts, folder) if self.registry is not None else None
        if folder is None or self.registry is None:
            return
        if self.werkmap is None:
            self.werkmap = WerkmapWindow(
                self.registry,
                self.prompts,
                self.start.role,
                actor=lambda: self.workflow.actor(True),
                open_here=self._has_open,
            )
            self.werkmap.open_requested.connect(self._open_from_werkmap)
        self.werkmap.show_folder(folder, self.start.role)
        self.settings.set_last_werkmap(folder)
        self.start.set_last_werkmap(folder)

    def _has_open(self, path: Path) -> bool:
        """Whether this window or one it opened has ``path`` open."""
        return any(
            w.path is not None and w.path.resolve() == path.resolve() for w in [self, *self.spawned]
        )

    def _open_from_werkmap(self, path: Path) -> None:
        if self.open_path(path):
            self.raise_()
            self.activateWindow()

    def chosen_care_type(self) -> tuple[Policy, str | None] | None:
        """The open assessment's policy and care type, else the start view's choice."""
        if self.document is not None:
            return self.document.policy, self.document.rules.id
        if self.registry is None:
            return None
        policy = self.registry.get(self.start.policy.currentData())
        return policy, self.start.care_type.currentData()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(url.toLocalFile().endswith(".json") for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.toLocalFile().endswith(".json"):
                self.open_path(Path(url.toLocalFile()))
                break

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.confirm_discard():
            event.ignore()
            return
        if self.document is not None:
            self.document.session.close()
        self.timer.stop()
        if self.werkmap is not None:
            self.werkmap.close()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        event.accept()
