"""One open assessment: the form and its live result side by side."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from caresq_desk.core.engine import evaluate
from caresq_desk.core.policy_loader import Policy
from caresq_desk.core.result import Result
from caresq_desk.core.roles import for_role
from caresq_desk.gui.form import FormView
from caresq_desk.gui.result_panel import ResultPanel


class Document(QWidget):
    def __init__(self, policy: Policy, care_type: str, role: str) -> None:
        super().__init__()
        self.policy = policy
        self.role = role
        self.rules = policy.care_types[care_type]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter()
        self.form = FormView(policy, self.rules, role)
        self.panel = ResultPanel(role)
        splitter.addWidget(self.form)
        splitter.addWidget(self.panel)
        splitter.setSizes([640, 560])
        layout.addWidget(splitter)
        self.result: Result | None = None
        self.panel.focus_requested.connect(self.focus_first)
        self.form.changed.connect(self.reevaluate)

    def reevaluate(self) -> None:
        self.result = for_role(
            evaluate(self.policy, self.form.assessment()), self.policy, self.role
        )
        self.panel.show_result(self.result)
        self.form.apply_result(self.result)

    def focus_first(self, question_ids: list[str]) -> None:
        for question_id in question_ids:
            if self.form.focus_question(question_id):
                return
