"""What the Controle and Help menus show about the open assessment and the policies: the check
of missing and invalid answers, the explanation of a question, the policy's change list, and
the About text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout

from caresq_desk._version import __version__
from caresq_desk.gui.focus import show_focus
from caresq_desk.gui.screen import fit_to_screen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from PySide6.QtWidgets import QWidget

    from caresq_desk.core.policy.loader import Policy
    from caresq_desk.gui.document import Document
    from caresq_desk.gui.prompts import Prompts

QUESTION_ROLE = 256  # Qt.ItemDataRole.UserRole: the question an entry of the check belongs to


def tr(text: str) -> str:
    return QCoreApplication.translate("Guidance", text)


def check_dialog(parent: QWidget, document: Document) -> QDialog:
    """Every missing and invalid answer; activating one goes to its question."""
    assert document.result is not None
    items = [(m.question, m.label) for m in document.result.missing]
    items += [(q, m) for q, m in document.form.input_problems()]
    items += [(i.question, f"{i.label}: {i.message}") for i in document.result.invalid]
    dialog = QDialog(parent)
    dialog.setWindowTitle(tr("Controle van de antwoorden"))
    layout = QVBoxLayout(dialog)
    listing = QListWidget()
    listing.setAccessibleName(tr("Ontbrekende en ongeldige antwoorden"))
    show_focus(listing)
    listing.setWordWrap(True)  # long questions wrap instead of running off the dialog
    if not items:
        listing.addItem(tr("Alle vereiste vragen zijn beantwoord en alle antwoorden zijn geldig."))
    for question_id, text in items:
        entry = QListWidgetItem(text)
        entry.setData(QUESTION_ROLE, question_id)
        listing.addItem(entry)
    listing.itemActivated.connect(lambda entry: document.focus_first([entry.data(QUESTION_ROLE)]))
    layout.addWidget(listing)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout.addWidget(buttons)
    fit_to_screen(dialog, 620, 360)
    dialog.show()
    return dialog


def drop_unrecognised(prompts: Prompts, document: Document) -> bool:
    """After the user confirms, the answers the form cannot show go at the next save."""
    if not document.form.unrecognised:
        return False
    lines = "\n".join(f"• {line}" for line in document.form.unrecognised_descriptions())
    if not prompts.confirm(
        tr("Niet-herkende antwoorden verwijderen"),
        tr("Deze antwoorden worden bij de volgende keer opslaan verwijderd:\n\n%1").replace(
            "%1", lines
        ),
        tr("Verwijderen"),
    ):
        return False
    document.form.drop_unrecognised()
    return True


def question_help(document: Document) -> str:
    """The policy's explanation of the question with the cursor, and what it decides."""
    question = document.form.question_with_focus()
    text = document.form.help_text(question)
    if text and document.result is not None:
        used = [
            f"• {c.id} {c.title} ({c.source})"
            for c in document.result.criteria
            if question in c.questions and c.outcome != "niet_van_toepassing"
        ]
        if used:
            text += "\n\n" + tr("Dit antwoord telt mee voor:") + "\n" + "\n".join(used)
    return text or tr("Klik eerst in een vraag; F1 toont dan de uitleg en de bron in het beleid.")


def changes(policy: Policy) -> str:
    """The change list the policy document opens with."""
    lines = [f"{policy.meta.title} (versie {policy.meta.version})", ""]
    lines += [f"• {c.heading}, {c.section}: {c.text}" for c in policy.file.changes]
    return "\n".join(lines)


def about(policies: Iterable[Policy]) -> str:
    lines = [f"Caresq Desk {__version__}", "", tr("Beleidsstukken:")]
    lines += [f"• {p.meta.title}, versie {p.meta.version}" for p in policies]
    return "\n".join(lines)
