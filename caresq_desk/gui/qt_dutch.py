"""Dutch for the few texts of Qt's own dialogs that Qt's Dutch translation (qtbase_nl) lacks:
the file dialog's "Look in:" and "Files of type:", a few standard buttons, the calendar's
month arrows. Kept in code rather than a compiled .qm file, so it needs no Qt tools to build."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

MISSING_IN_QTBASE_NL = {
    ("QFileDialog", "&Look in:"): "&Zoeken in:",
    ("QFileDialog", "Files of &type:"): "Bestands&type:",
    ("QPlatformTheme", "Don't Save"): "Niet opslaan",
    ("QPlatformTheme", "Close without Saving"): "Sluiten zonder opslaan",
    ("QPlatformTheme", "Reset"): "Herstellen",
    ("QCalendarWidget", "Previous Month"): "Vorige maand",
    ("QCalendarWidget", "Next Month"): "Volgende maand",
    ("QPrintPreviewDialog", "Close"): "Sluiten",
}


class DutchSupplement(QTranslator):
    """Answers only for the texts above; Qt asks the other translators for the rest."""

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None is a null string to Qt: "not mine", so the next translator is asked.
        return MISSING_IN_QTBASE_NL.get((context, source_text))

    def isEmpty(self) -> bool:  # noqa: N802
        return False
