"""The assessment form, generated from a care type's questions in the policy file.

It knows question types, sections, conditions and audiences, never a particular care type: a new
policy file gives a new form without code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caresq_desk.core.assessment import AGB_PATTERN, Assessment, PolicyRef, Provider
from caresq_desk.core.policy_loader import CareTypeRules, CompiledQuestion, Policy
from caresq_desk.core.result import Result
from caresq_desk.gui.editors import AnswerEditor, make_editor
from caresq_desk.gui.roles import ROLE_PROVIDER

ERROR_STYLE = "color: palette(highlighted-text); background: #b3261e; padding: 2px 6px;"


class QuestionRow(QWidget):
    """Label, editor, the policy's help text and a line for what is wrong with the input."""

    def __init__(self, question: CompiledQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        required = "" if question.spec.required else self.tr(" (optioneel)")
        self.label = QLabel(f"<b>{question.spec.label}</b>{required}")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.label)
        self.editor: AnswerEditor = make_editor(question)
        self.label.setBuddy(self.editor)
        layout.addWidget(self.editor)
        if question.spec.help:
            self.help = QLabel(question.spec.help)
            self.help.setWordWrap(True)
            self.help.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(self.help)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        self.editor.changed.connect(self.show_problem)

    def show_problem(self) -> None:
        problem = self.editor.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))


class FormView(QScrollArea):
    changed = Signal()

    def __init__(self, policy: Policy, rules: CareTypeRules, role: str) -> None:
        super().__init__()
        self.policy = policy
        self.rules = rules
        self.role = role
        self.setWidgetResizable(True)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.setWidget(body)
        self._build_provider()
        self.rows: dict[str, QuestionRow] = {}
        self.groups: dict[str, QGroupBox] = {}
        for section in policy.sections:
            questions = [q for q in rules.questions if q.spec.section == section.id]
            if not questions:
                continue
            group = QGroupBox(section.label)
            group_layout = QVBoxLayout(group)
            for question in questions:
                row = QuestionRow(question)
                row.editor.changed.connect(self.changed)
                group_layout.addWidget(row)
                self.rows[question.id] = row
            self.layout_.addWidget(group)
            self.groups[section.id] = group
        self.layout_.addStretch()
        self.apply_visibility(frozenset())

    def _build_provider(self) -> None:
        group = QGroupBox(self.tr("Zorgaanbieder en beoordeling"))
        form = QFormLayout(group)
        self.name = QLineEdit()
        self.agb = QLineEdit()
        self.agb.setMaxLength(12)
        self.agb.setPlaceholderText(self.tr("8 cijfers, bijvoorbeeld 04012345"))
        self.agb_error = QLabel()
        self.agb_error.setStyleSheet(ERROR_STYLE)
        self.agb_error.setWordWrap(True)
        self.agb_error.hide()
        self.location = QLineEdit()
        self.date = QDateEdit(QDate.currentDate())
        self.date.setLocale(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
        self.date.setDisplayFormat("d MMMM yyyy")
        self.date.setCalendarPopup(True)
        form.addRow(self.tr("Naam zorgaanbieder"), self.name)
        form.addRow(self.tr("AGB-code onderneming/vestiging"), self.agb)
        form.addRow("", self.agb_error)
        form.addRow(self.tr("Vestigingsplaats"), self.location)
        form.addRow(self.tr("Beoordelingsdatum"), self.date)
        for edit in (self.name, self.agb, self.location):
            edit.textEdited.connect(lambda _text: self.changed.emit())
        self.agb.textEdited.connect(self._check_agb)
        self.date.dateChanged.connect(lambda _date: self.changed.emit())
        self.layout_.addWidget(group)

    # -- values ---------------------------------------------------------------------------------

    def agb_problem(self) -> str:
        code = self.agb.text().replace(" ", "")
        if not code or AGB_PATTERN.match(code):
            return ""
        digits = sum(ch.isdigit() for ch in code)
        if digits != len(code):
            return self.tr("De AGB-code bestaat uit precies 8 cijfers, zonder letters of tekens.")
        return self.tr("De AGB-code bestaat uit precies 8 cijfers; nu %n.", "", digits)

    def _check_agb(self) -> None:
        problem = self.agb_problem()
        self.agb_error.setText(problem)
        self.agb_error.setVisible(bool(problem))

    def answers(self) -> dict[str, Any]:
        out = {}
        for question_id, row in self.rows.items():
            value = row.editor.value()
            if value is not None:
                out[question_id] = value
        return out

    def assessment(self) -> Assessment:
        """The assessment as the form shows it; an AGB code still being typed counts as empty."""
        code = self.agb.text().replace(" ", "")
        chosen = self.date.date()
        return Assessment(
            policy=PolicyRef(id=self.policy.id, version=self.policy.meta.version),
            care_type=self.rules.id,
            assessment_date=date(chosen.year(), chosen.month(), chosen.day()),
            provider=Provider(
                name=self.name.text().strip(),
                agb_code=code if AGB_PATTERN.match(code) else None,
                location=self.location.text().strip(),
            ),
            answers=self.answers(),
        )

    def load(self, assessment: Assessment) -> None:
        self.name.setText(assessment.provider.name)
        self.agb.setText(assessment.provider.agb_code or "")
        self.location.setText(assessment.provider.location)
        day = assessment.assessment_date
        self.date.blockSignals(True)
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.date.blockSignals(False)
        for question_id, row in self.rows.items():
            row.editor.set_value(assessment.answers.get(question_id))
            row.show_problem()
        self._check_agb()

    # -- what is shown --------------------------------------------------------------------------

    def apply_visibility(self, inapplicable: frozenset[str]) -> None:
        """Hide questions that do not apply, and purchaser-only ones in the provider role."""
        for question_id, row in self.rows.items():
            hidden_for_role = self.role == ROLE_PROVIDER and row.question.spec.audience == "inkoper"
            row.setVisible(question_id not in inapplicable and not hidden_for_role)
        for section_id, group in self.groups.items():
            visible = [r for r in self.rows.values() if r.question.spec.section == section_id
                       and not r.isHidden()]  # fmt: skip
            group.setVisible(bool(visible))
            required = [r for r in visible if r.question.spec.required]
            answered = sum(1 for r in required if r.editor.value() is not None)
            label = next(s.label for s in self.policy.sections if s.id == section_id)
            group.setTitle(f"{label} ({answered}/{len(required)})" if required else label)

    def apply_result(self, result: Result) -> None:
        self.apply_visibility(result.inapplicable)

    def input_problems(self) -> list[tuple[str, str]]:
        """(question id, message) for every field whose input is not a valid answer."""
        problems = []
        if self.agb_problem():
            problems.append(("provider.agb_code", self.agb_problem()))
        for question_id, row in self.rows.items():
            if not row.isHidden() and row.editor.problem():
                problems.append((question_id, row.editor.problem()))
        return problems

    def focus_question(self, question_id: str) -> bool:
        if question_id == "provider.agb_code":
            self.ensureWidgetVisible(self.agb)
            self.agb.setFocus()
            return True
        row = self.rows.get(question_id)
        if row is None or row.isHidden():
            return False
        self.ensureWidgetVisible(row)
        row.editor.focus_editor()
        return True

    def help_text(self, question_id: str | None) -> str:
        row = self.rows.get(question_id or "")
        if row is None:
            return ""
        spec = row.question.spec
        return f"{spec.label}\n\n{spec.help}\n\n{self.tr('Bron')}: {spec.source}".strip()

    def question_with_focus(self) -> str | None:
        focused = self.focusWidget()
        for question_id, row in self.rows.items():
            if focused is not None and row.isAncestorOf(focused):
                return question_id
        return None
