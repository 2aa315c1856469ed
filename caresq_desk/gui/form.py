"""The assessment form, generated from a care type's questions in the policy file.

It knows question types, sections, conditions and audiences, never a particular care type: a new
policy file gives a new form without code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caresq_desk.core.common.limits import EARLIEST_DATE, LATEST_DATE, MAX_NAME
from caresq_desk.core.document.session import Session
from caresq_desk.core.model.answers import answer_text
from caresq_desk.core.model.assessment import (
    AGB_PATTERN,
    AnswerProblemError,
    Assessment,
    PolicyRef,
    Provider,
    unrecognised_answers,
)
from caresq_desk.core.model.result import Result
from caresq_desk.core.policy.loader import CompiledQuestion
from caresq_desk.core.rules.roles import ROLE_PROVIDER
from caresq_desk.gui.editors import DUTCH, AnswerEditor, DateField, guard_wheel, make_editor
from caresq_desk.gui.focus import show_focus

ERROR_STYLE = "color: palette(highlighted-text); background: #b3261e; padding: 2px 6px;"
FOREIGN_STYLE = "background: palette(alternate-base); border-left: 4px solid #8a4b00; padding: 4px;"
CLAIM_STYLE = "background: palette(alternate-base); border-left: 4px solid #1565c0; padding: 4px;"
MAX_NOTES = 20_000
# Keys of the fields outside the questions, for the set of what the user touched.
NAME, AGB, LOCATION, DATE, NOTES = (
    "provider.name",
    "provider.agb_code",
    "provider.location",
    "assessment_date",
    "notes",
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def name_controls(editor: QWidget, label: str) -> None:
    """Every control of a question's editor carries the question for a screen reader: a field
    or list is named after it; a button ("Ja", "Wissen") says what it belongs to."""
    editor.setAccessibleName(label)
    for control in editor.findChildren(QWidget):
        if control.focusPolicy() == Qt.FocusPolicy.NoFocus or control.accessibleName():
            continue
        if isinstance(control, QAbstractButton):
            control.setAccessibleDescription(label)
            if not control.text():
                control.setAccessibleName(label)
        else:
            control.setAccessibleName(label)


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
        self.foreign = QLabel()
        self.foreign.setWordWrap(True)
        self.foreign.setStyleSheet(FOREIGN_STYLE)
        self.foreign.hide()
        layout.addWidget(self.foreign)
        self.claim = QLabel()
        self.claim.setWordWrap(True)
        self.claim.setStyleSheet(CLAIM_STYLE)
        self.claim.hide()
        layout.addWidget(self.claim)
        self.editor.changed.connect(self.show_problem)
        name_controls(self.editor, question.spec.label)

    def show_problem(self) -> None:
        problem = self.editor.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))

    def show_claim(self, claimed: str | None, counted: bool = True) -> None:
        """What the provider answered in its self-check, when the answer now differs, or (not
        ``counted``) a purchaser's question the provider answered itself."""
        if claimed is None:
            self.claim.hide()
            return
        text = (
            self.tr("Opgave van de zorgaanbieder: %1")
            if counted
            else self.tr(
                "Opgave van de zorgaanbieder: %1. Telt niet mee: dit beoordeelt de inkoper. "
                "Vul het antwoord hier in (ook als u het overneemt) om het vast te leggen."
            )
        )
        self.claim.setText(text.replace("%1", claimed))
        self.claim.show()

    def show_foreign(self, message: str) -> None:
        """The file holds an answer this form cannot show; it is kept until the user answers."""
        if not message:
            self.foreign.hide()
            return
        self.foreign.setText(
            self.tr(
                "Niet herkend antwoord in het bestand: %1. Het blijft ongewijzigd bewaard tot u "
                "deze vraag zelf beantwoordt."
            ).replace("%1", message)
        )
        self.foreign.show()


class FormView(QScrollArea):
    changed = Signal()

    def __init__(self, session: Session, role: str) -> None:
        super().__init__()
        self.session = session
        self.policy = session.policy
        self.rules = session.rules
        self.role = role
        self.setWidgetResizable(True)
        show_focus(self)  # the form itself is a Tab stop (arrow keys scroll it)
        self.touched: set[str] = set()
        self.unrecognised: dict[str, AnswerProblemError] = {}
        self.claims: dict[str, Any] | None = None  # a provider's own answers, for a purchaser
        # Answers to purchaser questions only a provider gave: shown empty, never counted, kept
        # in the file until the purchaser answers (core/document/provenance.py).
        self.uncounted: dict[str, Any] = {}
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.setWidget(body)
        self.rows: dict[str, QuestionRow] = {}
        self.groups: dict[str, QGroupBox] = {}
        self._build_provider()
        for section in self.policy.sections:
            questions = [q for q in self.rules.questions if q.spec.section == section.id]
            if not questions:
                continue
            group = QGroupBox(section.label)
            group_layout = QVBoxLayout(group)
            for question in questions:
                row = QuestionRow(question)
                row.editor.changed.connect(lambda key=question.id: self._touch(key))
                group_layout.addWidget(row)
                self.rows[question.id] = row
            self.layout_.addWidget(group)
            self.groups[section.id] = group
        self.layout_.addStretch()
        self.apply_visibility(frozenset())
        QApplication.instance().focusChanged.connect(self._follow_focus)  # type: ignore[union-attr]

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Whatever gets focus (Tab, a new table row, F7) is scrolled into view."""
        if new is not None and self.widget().isAncestorOf(new):
            self.ensureWidgetVisible(new, 20, 40)

    def _build_provider(self) -> None:
        group = QGroupBox(self.tr("Zorgaanbieder en beoordeling"))
        form = QFormLayout(group)
        limit = self.tr("hoogstens %1 tekens").replace("%1", str(MAX_NAME))
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME)
        self.name.setToolTip(limit)
        self.agb = QLineEdit()
        self.agb.setMaxLength(12)
        self.agb.setPlaceholderText(self.tr("8 cijfers, bijvoorbeeld 04012345"))
        self.agb_error = QLabel()
        self.agb_error.setStyleSheet(ERROR_STYLE)
        self.agb_error.setWordWrap(True)
        self.agb_error.hide()
        self.location = QLineEdit()
        self.location.setMaxLength(MAX_NAME)
        self.location.setToolTip(limit)
        self.limit_note = QLabel()
        self.limit_note.setStyleSheet(ERROR_STYLE)
        self.limit_note.hide()
        self.date = DateField(QDate.currentDate())
        self.date.setLocale(DUTCH)
        self.date.setDisplayFormat("d MMMM yyyy")
        self.date.setCalendarPopup(True)
        self.date.setDateRange(_qdate(EARLIEST_DATE), _qdate(LATEST_DATE))
        guard_wheel(self.date)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Eigen aantekeningen bij deze beoordeling"))
        self.notes.setFixedHeight(72)
        self.notes.setTabChangesFocus(True)
        form.addRow(self.tr("Naam zorgaanbieder"), self.name)
        form.addRow(self.tr("AGB-code onderneming/vestiging"), self.agb)
        form.addRow("", self.agb_error)
        form.addRow(self.tr("Vestigingsplaats"), self.location)
        form.addRow("", self.limit_note)
        form.addRow(self.tr("Beoordelingsdatum"), self.date)
        form.addRow(self.tr("Notities"), self.notes)
        for key, edit in ((NAME, self.name), (AGB, self.agb), (LOCATION, self.location)):
            edit.textEdited.connect(lambda _text, key=key: self._touch(key))
        self.name.textEdited.connect(self._check_limits)
        self.location.textEdited.connect(self._check_limits)
        self.agb.textEdited.connect(self._check_agb)
        self.date.dateChanged.connect(lambda _date: self._touch(DATE))
        self.notes.textChanged.connect(self._notes_changed)
        self.layout_.addWidget(group)

    def _touch(self, key: str) -> None:
        self.touched.add(key)
        row = self.rows.get(key)
        if row is not None:
            row.show_foreign("")
            self._show_claim(key)
        self.changed.emit()

    def _check_limits(self) -> None:
        full = [e for e in (self.name, self.location) if len(e.text()) >= MAX_NAME]
        self.limit_note.setText(
            self.tr("Hoogstens %1 tekens; de rest wordt niet overgenomen.").replace(
                "%1", str(MAX_NAME)
            )
        )
        self.limit_note.setVisible(bool(full))

    def _notes_changed(self) -> None:
        text = self.notes.toPlainText()
        if len(text) > MAX_NOTES:  # refused at the field, never an error at save time
            self.notes.blockSignals(True)
            self.notes.setPlainText(text[:MAX_NOTES])
            self.notes.blockSignals(False)
            self.limit_note.setText(
                self.tr("Notities zijn beperkt tot %1 tekens.").replace(
                    "%1", f"{MAX_NOTES:,}".replace(",", ".")
                )
            )
            self.limit_note.show()
        self._touch(NOTES)

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

    def _kept(self, key: str) -> bool:
        """True when the saved value of ``key`` must be the one read from the file."""
        return self.base is not None and key not in self.touched

    def answers(self) -> dict[str, Any]:
        """The answers to save: those read from the file (recognised or not), with the user's
        changes on top."""
        out = dict(self.base.answers) if self.base is not None else {}
        for question_id, row in self.rows.items():
            if self._kept(question_id):
                continue
            value = row.editor.value()
            if value is None:
                out.pop(question_id, None)
            else:
                out[question_id] = value
        return out

    def assessment(self) -> Assessment:
        """The assessment as the form shows it; an AGB code still being typed counts as empty."""
        base = self.base
        code = self.agb.text().replace(" ", "")
        chosen = self.date.date()
        provider = Provider(
            name=self.name.text().strip(),
            agb_code=code if AGB_PATTERN.match(code) else None,
            location=self.location.text().strip(),
        )
        if base is not None:
            provider = Provider(
                name=base.provider.name if self._kept(NAME) else provider.name,
                agb_code=base.provider.agb_code if self._kept(AGB) else provider.agb_code,
                location=base.provider.location if self._kept(LOCATION) else provider.location,
            )
        day = date(chosen.year(), chosen.month(), chosen.day())
        untouched = not self.touched  # a file saved without edits keeps its policy version
        kept = (
            {
                "status": base.status,
                "made_by": base.made_by,
                "decision": base.decision,
                "history": base.history,
            }
            if base is not None
            else {}
        )
        return Assessment(
            **kept,
            policy=base.policy
            if base is not None and untouched
            else PolicyRef(id=self.policy.id, version=self.policy.meta.version),
            care_type=self.rules.id,
            assessment_date=base.assessment_date if base is not None and self._kept(DATE) else day,
            provider=provider,
            answers=self.answers(),
            notes=base.notes
            if base is not None and self._kept(NOTES)
            else self.notes.toPlainText(),
        )

    @property
    def base(self) -> Assessment | None:
        """The file as it was read: what the user does not touch is saved exactly as it was."""
        return self.session.base

    def show_base(self) -> None:
        """Show the session's assessment. Answers the form cannot show stay in the base
        untouched and are listed in ``unrecognised``."""
        assessment = self.base
        assert assessment is not None
        self.touched = set()
        self.unrecognised = unrecognised_answers(self.rules, assessment.answers)
        self.name.setText(assessment.provider.name)
        self.agb.setText(assessment.provider.agb_code or "")
        self.location.setText(assessment.provider.location)
        self.date.blockSignals(True)
        self.date.setDate(_qdate(assessment.assessment_date))
        self.date.blockSignals(False)
        self.notes.blockSignals(True)
        self.notes.setPlainText(assessment.notes)
        self.notes.blockSignals(False)
        for question_id, row in self.rows.items():
            problem = self.unrecognised.get(question_id)
            raw = assessment.answers.get(question_id)
            row.editor.set_value(None if problem or question_id in self.uncounted else raw)
            row.show_problem()
            row.show_foreign(problem.message if problem else "")
        self._check_agb()

    def rebase(self) -> None:
        """The file was saved: what is on disk now (the session's base) is what later saves
        compare with. The editors already show it, so nothing is reloaded."""
        self.touched = set()

    def set_read_only(self, read_only: bool) -> None:
        """A vastgesteld assessment: every field shown, none editable. Only the inputs are
        disabled, so the questions, help and the provider's claims stay readable; text fields
        stay selectable for copying."""
        for edit in (self.name, self.agb, self.location):
            edit.setReadOnly(read_only)
        self.notes.setReadOnly(read_only)
        self.date.setEnabled(not read_only)
        for row in self.rows.values():
            row.editor.setEnabled(not read_only)

    def show_claims(self, claims: dict[str, Any] | None) -> None:
        """A provider's self-check opened by a purchaser: under each question whose answer the
        purchaser changed, what the provider claimed."""
        self.claims = claims
        answers = self.answers()
        for question_id in self.rows:
            self._show_claim(question_id, answers)

    def confirmed(self) -> set[str]:
        """The provider's uncounted answers the purchaser has now answered."""
        return self.touched & self.uncounted.keys()

    def _show_claim(self, question_id: str, answers: dict[str, Any] | None = None) -> None:
        row = self.rows[question_id]
        if question_id in self.uncounted and question_id not in self.touched:
            row.show_claim(answer_text(row.question, self.uncounted[question_id]), counted=False)
            return
        claims = self.claims
        if claims is None or self.role == ROLE_PROVIDER:
            row.show_claim(None)
            return
        claimed = claims.get(question_id)
        now = (answers if answers is not None else self.answers()).get(question_id)
        row.show_claim(None if claimed == now else answer_text(row.question, claimed))

    def unrecognised_descriptions(self) -> list[str]:
        return [
            f"{problem.label}: {problem.message}"
            for key, problem in self.unrecognised.items()
            if key not in self.touched
        ]

    def drop_unrecognised(self) -> None:
        """The user decided: remove the answers this form cannot show."""
        if self.base is None or not self.unrecognised:
            return
        self.session.drop_answers(set(self.unrecognised))
        for key in self.unrecognised:
            row = self.rows.get(key)
            if row is not None:
                row.show_foreign("")
        self.unrecognised = {}
        self.touched.add("answers")
        self.changed.emit()

    # -- what is shown --------------------------------------------------------------------------

    def apply_visibility(self, inapplicable: frozenset[str]) -> None:
        """Hide questions that do not apply, and purchaser-only ones in the provider role. The
        field being typed in stays where it is on screen when questions above it come or go."""
        focused = QApplication.focusWidget()
        anchor = focused if focused is not None and self.widget().isAncestorOf(focused) else None
        before = anchor.mapTo(self.viewport(), QPoint(0, 0)).y() if anchor is not None else 0
        if self._set_visibility(inapplicable) and anchor is not None:
            self.widget().layout().activate()  # only when a row came or went
            moved = anchor.mapTo(self.viewport(), QPoint(0, 0)).y() - before
            if moved:
                bar = self.verticalScrollBar()
                bar.setValue(bar.value() + moved)

    def _set_visibility(self, inapplicable: frozenset[str]) -> bool:
        """Show and hide rows and sections; True when any row changed visibility."""
        changed = False
        for question_id, row in self.rows.items():
            hidden_for_role = self.role == ROLE_PROVIDER and question_id in self.rules.purchaser_ids
            visible = question_id not in inapplicable and not hidden_for_role
            if row.isHidden() == visible:
                row.setVisible(visible)
                changed = True
        for section_id, group in self.groups.items():
            visible = [r for r in self.rows.values() if r.question.spec.section == section_id
                       and not r.isHidden()]  # fmt: skip
            group.setVisible(bool(visible))
            required = [r for r in visible if r.question.spec.required]
            answered = sum(1 for r in required if r.editor.value() is not None)
            label = next(s.label for s in self.policy.sections if s.id == section_id)
            group.setTitle(f"{label} ({answered}/{len(required)})" if required else label)
        return changed

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
