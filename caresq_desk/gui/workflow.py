"""The Beoordeling menu: status (concept, ter controle, vastgesteld), reopening with a reason,
the decision on an exception and the history. Each step is saved at once with an event in the
file's history, under the assessor's name from the settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from caresq_desk.core.rules.roles import ROLE_PROVIDER

if TYPE_CHECKING:
    from caresq_desk.core.model.assessment import Actor, Assessment
    from caresq_desk.gui.document import Document
    from caresq_desk.gui.prompts import Prompts
    from caresq_desk.gui.settings import Settings


class WorkflowHost(Protocol):
    """What the Beoordeling menu needs of the window it sits in."""

    document: Document | None
    settings: Settings
    prompts: Prompts

    @property
    def role(self) -> str: ...

    def save_with(self, change: Callable[[Assessment], Assessment]) -> bool: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802


# The menu is built before the window first paints; the assessment and history code (pydantic)
# is imported where a step is taken, as in the main window.


class Workflow(QObject):
    def __init__(self, window: WorkflowHost, parent: QWidget, menu: QMenu) -> None:
        super().__init__(parent)
        self.window = window
        self.parent_ = parent
        self.names_asked: set[str] = set()  # the roles whose name was asked this session
        self.history_dialog: QWidget | None = None
        self.advance_action = self._add(menu, self.tr("Ter controle &aanbieden"), self.advance)
        self.back_action = self._add(menu, self.tr("Terug naar &concept"), self.back)
        self.reopen_action = self._add(menu, self.tr("&Heropenen…"), self.reopen)
        menu.addSeparator()
        self.decide_action = self._add(menu, self.tr("&Besluit over uitzondering…"), self.decide)
        menu.addSeparator()
        self.history_action = self._add(menu, self.tr("&Geschiedenis…"), self.show_history)
        self.history_action.setShortcut("Ctrl+H")
        self.name_action = self._add(menu, self.tr("Uw &naam…"), lambda: self.ask_name())
        self.key_action = self._add(menu, self.tr("&Ondertekensleutel…"), self.manage_key)

    def _add(self, menu, text: str, slot: Callable[[], object]) -> QAction:  # noqa: ANN001
        action = QAction(text, self.parent_)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _base(self) -> Assessment | None:
        document = self.window.document
        return document.session.base if document is not None else None

    def _status(self) -> str:
        """The status that counts (a status a provider's file only claims does not)."""
        document = self.window.document
        weighed = document.session.weighed if document is not None else None
        return weighed.counted.status if weighed is not None else "concept"

    def update(self) -> None:
        document = self.window.document
        status = self._status()
        purchaser = document is not None and document.role != ROLE_PROVIDER
        self.advance_action.setText(
            self.tr("&Vaststellen…")
            if status == "ter_controle"
            else self.tr("Ter controle &aanbieden")
        )
        self.advance_action.setEnabled(purchaser and status != "vastgesteld")
        self.back_action.setEnabled(purchaser and status == "ter_controle")
        self.reopen_action.setEnabled(purchaser and status == "vastgesteld")
        result = document.result if document is not None else None
        decidable = False
        if purchaser and status != "vastgesteld" and result is not None:
            from caresq_desk.core.model.result import EXCEPTION_VERDICTS  # already loaded

            decidable = result.verdict in EXCEPTION_VERDICTS  # open, or to change
        self.decide_action.setEnabled(decidable)
        self.history_action.setEnabled(document is not None)

    def actor(self, ask: bool = True) -> Actor:
        """Who acts now, by the name kept for the role: asked once when it was never set."""
        from caresq_desk.core.model.assessment import Actor

        settings = self.window.settings
        document = self.window.document
        role = document.role if document is not None else self.window.role
        if not settings.name_for(role) and ask and role not in self.names_asked:
            self.names_asked.add(role)
            self.ask_name(role)
        return Actor(name=settings.name_for(role), role=role)  # type: ignore[arg-type]

    def ask_name(self, role: str | None = None) -> None:
        document = self.window.document
        role = role or (document.role if document is not None else self.window.role)
        if role == ROLE_PROVIDER:
            title = self.tr("Naam van uw praktijk")
            text = self.tr(
                "Deze naam komt in de geschiedenis van elk bestand dat u in de rol zorgaanbieder "
                "opslaat, zodat de inkoper ziet van wie de zelftoets is."
            )
        else:
            title = self.tr("Uw naam als beoordelaar")
            text = self.tr(
                "Uw naam komt in de geschiedenis van elk bestand dat u opslaat, bij besluiten en "
                "bij statuswijzigingen, zodat het team ziet wie wat deed. U kunt hem later "
                "wijzigen via Beoordeling > Uw naam."
            )
        name = self.window.prompts.ask_text(title, text, self.window.settings.name_for(role))
        if name:
            self.window.settings.set_name_for(role, name)

    def manage_key(self) -> None:
        from caresq_desk.gui.signing_key import manage_key

        manage_key(self.window.prompts, self.window.settings.assessor)

    def _apply(self, change: Callable[[Assessment, Actor], Assessment], done: str) -> None:
        if self.window.save_with(lambda a: change(a, self.actor())):
            self.window.statusBar().showMessage(done, 10_000)

    def advance(self) -> None:
        from caresq_desk.core.document.history import advance

        if self._status() == "ter_controle":
            if not self.window.prompts.confirm(
                self.tr("Vaststellen"),
                self.tr(
                    "Na vaststellen is de beoordeling alleen nog te lezen; wijzigen kan pas weer "
                    "na Heropenen, met een reden die in de geschiedenis komt. Nu vaststellen en "
                    "opslaan?"
                ),
                self.tr("Vaststellen"),
            ):
                return
            self._apply(advance, self.tr("Vastgesteld en opgeslagen."))
            return
        if self.window.prompts.confirm(
            self.tr("Ter controle aanbieden"),
            self.tr(
                "De beoordeling gaat ter controle naar een collega en wordt nu opgeslagen, met "
                "deze stap in de geschiedenis. Ter controle aanbieden?"
            ),
            self.tr("Ter controle aanbieden"),
        ):
            self._apply(advance, self.tr("Ter controle aangeboden en opgeslagen."))

    def back(self) -> None:
        from caresq_desk.core.document.history import back_to_concept

        if self.window.prompts.confirm(
            self.tr("Terug naar concept"),
            self.tr("De beoordeling gaat terug naar concept en wordt nu opgeslagen. Doorgaan?"),
            self.tr("Terug naar concept"),
        ):
            self._apply(back_to_concept, self.tr("Terug naar concept en opgeslagen."))

    def reopen(self) -> None:
        from caresq_desk.core.document.history import reopen

        reason = self.window.prompts.ask_text(
            self.tr("Heropenen"),
            self.tr(
                "Waarom wordt deze vastgestelde beoordeling heropend? De reden komt in de "
                "geschiedenis."
            ),
            "",
            multiline=True,
        )
        if reason:
            self._apply(
                lambda a, actor: reopen(a, reason, actor), self.tr("Heropend en opgeslagen.")
            )

    def decide(self) -> None:
        from caresq_desk.core.document.history import decide

        base = self._base()
        document = self.window.document
        if document is None or document.result is None:
            return
        current = (
            (base.decision.exception, base.decision.motivation)
            if base is not None and base.decision is not None
            else None
        )
        why = [c for c in document.result.criteria if c.failed]
        explanation = self.tr(
            "Het beleid laat hier een besluit aan de inkoper: uitzondering mogelijk.%1"
        ).replace("%1", "".join(f"\n• {c.id} {c.title}: {c.reason}" for c in why))
        chosen = self.window.prompts.ask_decision(explanation, current)
        if chosen is not None:
            exception, motivation = chosen
            self._apply(
                lambda a, actor: decide(a, exception, motivation, actor),
                self.tr("Besluit vastgelegd en opgeslagen."),
            )

    def history_rows(self) -> list[list[str]]:
        from caresq_desk.core.document.history import describe_actor, describe_event
        from caresq_desk.core.model.answers import field_label, field_text

        base = self._base()
        document = self.window.document
        if base is None or document is None:
            return []
        rules = document.rules
        chain = document.session.weighed.chain if document.session.weighed else None
        first_bad = chain.first_bad if chain is not None and chain.changed else None
        rows = []
        for index, event in enumerate(base.history):
            field = event.field or ""
            label = field_label(rules, field) if field else ""
            text = describe_event(event, label, lambda value, f=field: field_text(rules, f, value))
            if index == first_bad:  # where the history stops matching: shown, never hidden
                text += " ⚠ " + self.tr("hier klopt de geschiedenis niet meer: %1").replace(
                    "%1", chain.problem if chain is not None else ""
                )
            rows.append(
                [
                    event.at.astimezone().strftime("%d-%m-%Y %H:%M"),
                    describe_actor(event.by) if event.by is not None else self.tr("onbekend"),
                    text,
                ]
            )
        if chain is not None and first_bad == len(base.history):
            rows.append(["", "", "⚠ " + chain.describe()])
        return rows

    def show_history(self) -> None:
        from caresq_desk.gui.dialogs import TableDialog

        if self.window.document is None:
            return
        dialog = TableDialog(
            self.parent_,
            self.tr("Geschiedenis"),
            self.tr(
                "Alles wat met dit bestand gebeurde, oudste eerst. De geschiedenis wordt alleen "
                "aangevuld, nooit gewijzigd."
            ),
            [self.tr("Wanneer"), self.tr("Wie"), self.tr("Wat")],
            self.history_rows(),
            self.tr("Nog geen geschiedenis: die begint bij de eerste keer opslaan."),
        )
        self.history_dialog = dialog
        dialog.show()
