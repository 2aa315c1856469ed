"""One open assessment: its status line, the form and its live result side by side."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from caresq_desk.core.document.history import describe_actor, provider_claims
from caresq_desk.core.document.provenance import Weighed, assessed
from caresq_desk.core.document.session import Session
from caresq_desk.core.model.assessment import STATUS_LABELS
from caresq_desk.core.model.result import Result
from caresq_desk.core.rules.engine import evaluate
from caresq_desk.core.rules.roles import ROLE_PROVIDER, for_role
from caresq_desk.gui.form import FormView
from caresq_desk.gui.result_panel import ResultPanel

STATE_STYLE = "padding: 4px 8px; background: palette(alternate-base);"
WARN_STYLE = "padding: 4px 8px; background: #fff3cd; color: #664d03;"
FIXED_STYLE = "padding: 4px 8px; background: #e3f2fd; color: #0d3c61;"


class Document(QWidget):
    """Shows a session: the GUI half of one open assessment."""

    history_requested = Signal()

    def __init__(self, session: Session, role: str) -> None:
        super().__init__()
        self.session = session
        self.policy = session.policy
        self.role = role
        self.rules = session.rules
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        strip = QHBoxLayout()
        strip.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setAccessibleName(self.tr("Status van de beoordeling"))
        strip.addWidget(self.state, 1)
        self.history_button = QPushButton(self.tr("&Geschiedenis…"))
        self.history_button.clicked.connect(self.history_requested)
        strip.addWidget(self.history_button)
        layout.addLayout(strip)
        splitter = QSplitter()
        self.form = FormView(session, role)
        self.panel = ResultPanel(role)
        splitter.addWidget(self.form)
        splitter.addWidget(self.panel)
        splitter.setSizes([640, 560])
        layout.addWidget(splitter, 1)
        self.result: Result | None = None
        # What counts of the form as it stands (a provider's claims do not); None: a new file.
        self.weighed: Weighed | None = None
        self.panel.focus_requested.connect(self.focus_first)
        self.form.changed.connect(self.reevaluate)
        if session.base is not None:
            self.form.uncounted = self._uncounted()
            self.form.show_base()
        self.show_state()

    def _uncounted(self) -> dict[str, Any]:
        weighed = self.session.weighed
        return dict(weighed.claims.answers) if weighed is not None else {}

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def saved(self) -> None:
        """What was just written is the new starting point (status, history, decision)."""
        self.form.rebase()
        self.form.uncounted = self._uncounted()
        self.show_state()
        self.reevaluate()

    def show_state(self) -> None:
        """Status, who made the file, and whether it is a provider's self-check or fixed."""
        base = self.session.base
        weighed = self.session.weighed
        status = weighed.status_label if weighed is not None else STATUS_LABELS["concept"]
        parts = [self.tr("Status: %1").replace("%1", status)]
        if self.read_only:
            parts[0] += self.tr(", alleen lezen (Beoordeling > Heropenen… om te wijzigen)")
        claims = provider_claims(base) if base is not None else None
        if claims is not None and weighed is not None:  # what the file claims beyond that
            claims |= weighed.claims.answers
        maker = base.made_by if base is not None else None
        if claims is not None and self.role != ROLE_PROVIDER:
            name = maker.name if maker is not None and maker.name else self.tr("zorgaanbieder")
            parts.append(
                self.tr("zelftoets van %1: bij een gewijzigd antwoord staat wat die opgaf").replace(
                    "%1", name
                )
            )
        elif maker is not None:
            parts.append(self.tr("opgesteld door %1").replace("%1", describe_actor(maker)))
        if weighed is not None and self.role != ROLE_PROVIDER:
            claimed = weighed.claims.describe(self.rules)
            parts += [text for text in (claimed, weighed.chain.describe()) if text]
        self.state.setText(" · ".join(parts))
        warn = weighed is not None and (weighed.chain.changed or bool(weighed.claims))
        self.state.setStyleSheet(
            FIXED_STYLE if self.read_only else WARN_STYLE if warn else STATE_STYLE
        )
        self.form.set_read_only(self.read_only)
        self.form.show_claims(claims)

    def reevaluate(self) -> None:
        current = self.form.assessment()
        weighed = self.session.weighed
        if weighed is None:  # a new assessment: all of it is this user's
            self.weighed = None
            self.result = for_role(evaluate(self.policy, current), self.policy, self.role)
        else:  # what the purchaser answers now is theirs; the rest of a claim still is not
            self.weighed = weighed.with_edits(current, self.form.confirmed())
            self.result = assessed(self.policy, self.weighed, self.role)
        self.panel.show_result(self.result)  # a decision that counts is in the verdict
        self.form.apply_result(self.result)

    def result_for(self, role: str) -> Result:
        """The result as another role sees it (the provider's copy of an assessment)."""
        if self.weighed is None:
            return for_role(evaluate(self.policy, self.form.assessment()), self.policy, role)
        return assessed(self.policy, self.weighed, role)

    def focus_first(self, question_ids: list[str]) -> None:
        for question_id in question_ids:
            if self.form.focus_question(question_id):
                return
