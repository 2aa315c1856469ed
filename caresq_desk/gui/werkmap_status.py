"""Status and decisions from the werkmap: the Beoordeling menu's steps for the selected rows,
with the same rules as in the assessment (only the purchaser; vaststellen is confirmed,
heropenen needs a reason, a decision a motivation), each file saved through its session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu

from caresq_desk.core.common.formatting import format_count, format_list
from caresq_desk.core.model.result import EXCEPTION_VERDICTS
from caresq_desk.core.rules.roles import ROLE_PROVIDER
from caresq_desk.core.werkmap.scan import WerkmapRow, shown_path

if TYPE_CHECKING:
    from caresq_desk.core.document.steps import StepReport
    from caresq_desk.core.model.assessment import Actor, Assessment
    from caresq_desk.core.policy.registry import Registry
    from caresq_desk.gui.prompts import Prompts


def tr(text: str) -> str:
    return QCoreApplication.translate("WerkmapStatus", text)


class StatusHost(Protocol):
    """The werkmap the steps are taken from."""

    registry: Registry
    prompts: Prompts
    role: str

    def selected_rows(self) -> list[WerkmapRow]: ...

    def actor(self) -> Actor: ...

    def open_here(self, path: Path) -> bool: ...

    def refresh(self) -> None: ...

    def to_front(self) -> None: ...


class StatusSteps(QObject):
    """The actions, their enabled state for the selection, and taking a step."""

    def __init__(self, host: StatusHost, parent: QObject) -> None:
        super().__init__(parent)
        self.host = host
        self.menu = QMenu(tr("Status"))
        self.submit_action = self._add(tr("Ter controle aanbieden"), self.submit)
        self.establish_action = self._add(tr("Vaststellen…"), self.establish)
        self.back_action = self._add(tr("Terug naar concept"), self.back)
        self.reopen_action = self._add(tr("Heropenen…"), self.reopen)
        self.menu.addSeparator()
        self.decide_action = self._add(tr("Besluit over uitzondering…"), self.decide)
        self.actions = [self.submit_action, self.establish_action, self.back_action,
                        self.reopen_action, self.decide_action]  # fmt: skip

    def _add(self, text: str, slot: Callable[[], None]) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(slot)
        return action

    def _rows(self, status: str | None = None) -> list[WerkmapRow]:
        rows = [row for row in self.host.selected_rows() if not row.problem]
        return [row for row in rows if status is None or row.status == status]

    def update(self) -> None:
        purchaser = self.host.role != ROLE_PROVIDER
        for action, status in ((self.submit_action, "concept"),
                               (self.establish_action, "ter_controle"),
                               (self.back_action, "ter_controle"),
                               (self.reopen_action, "vastgesteld")):  # fmt: skip
            action.setEnabled(purchaser and bool(self._rows(status)))
        rows = self._rows()
        self.decide_action.setEnabled(
            purchaser
            and len(rows) == 1
            and rows[0].verdict_code in EXCEPTION_VERDICTS  # open, or to change
            and rows[0].status != "vastgesteld"
        )
        self.menu.setEnabled(purchaser)

    # -- the steps ---------------------------------------------------------------------------

    def submit(self) -> None:
        from caresq_desk.core.document.steps import submit

        rows = self._rows("concept")
        if rows and self.host.prompts.confirm(
            tr("Ter controle aanbieden"),
            tr("%1 ter controle aanbieden? Elk bestand wordt opgeslagen, met de stap in de "
               "geschiedenis.").replace("%1", _which(rows)),
            tr("Ter controle aanbieden"),
        ):  # fmt: skip
            self._take(rows, submit, tr("ter controle aangeboden"))
        self.host.to_front()

    def establish(self) -> None:
        from caresq_desk.core.document.steps import establish

        rows = self._rows("ter_controle")
        if rows and self.host.prompts.confirm(
            tr("Vaststellen"),
            tr(
                "%1 vaststellen? Daarna is elke beoordeling alleen nog te lezen; wijzigen kan "
                "pas weer na Heropenen, met een reden die in de geschiedenis komt."
            ).replace("%1", _which(rows)),
            tr("Vaststellen"),
        ):
            self._take(rows, establish, tr("vastgesteld"))
        self.host.to_front()

    def back(self) -> None:
        from caresq_desk.core.document.history import back_to_concept

        rows = self._rows("ter_controle")
        if rows and self.host.prompts.confirm(
            tr("Terug naar concept"),
            tr("%1 terug naar concept? Elk bestand wordt opgeslagen.").replace("%1", _which(rows)),
            tr("Terug naar concept"),
        ):
            self._take(rows, back_to_concept, tr("terug naar concept"))
        self.host.to_front()

    def reopen(self) -> None:
        from caresq_desk.core.document.history import reopen

        rows = self._rows("vastgesteld")
        reason = self.host.prompts.ask_text(
            tr("Heropenen"),
            tr("Waarom wordt %1 heropend? De reden komt in de geschiedenis.").replace(
                "%1", _which(rows)
            ),
            "",
            multiline=True,
        )
        self.host.to_front()
        if reason:
            self._take(rows, lambda a, actor: reopen(a, reason, actor), tr("heropend"))

    def decide(self) -> None:
        from caresq_desk.core.document.history import decide

        rows = self._rows()
        if len(rows) != 1 or rows[0].verdict_code not in EXCEPTION_VERDICTS:
            return
        chosen = self.host.prompts.ask_decision(
            tr("Het beleid laat hier een besluit aan de inkoper: %1, %2.")
            .replace("%1", rows[0].provider or shown_path(Path(rows[0].path).name))
            .replace("%2", rows[0].verdict.lower()),
            None,
        )
        self.host.to_front()
        if chosen is not None:
            exception, motivation = chosen
            self._take(
                rows,
                lambda a, actor: decide(a, exception, motivation, actor),
                tr("besluit vastgelegd"),
            )

    def _take(
        self,
        rows: list[WerkmapRow],
        step: Callable[[Assessment, Actor], Assessment],
        done_words: str,
    ) -> None:
        from caresq_desk.core.document.steps import take_step

        if not rows:
            return
        from caresq_desk.gui.signing_key import own_signer

        actor = self.host.actor()
        signer = own_signer(actor.role, self.host.prompts)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            reports = [
                take_step(
                    Path(row.path),
                    self.host.registry,
                    lambda a: step(a, actor),
                    actor,
                    self.host.open_here(Path(row.path)),
                    signer,
                )
                for row in rows
            ]
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.host.refresh()
        self.host.prompts.info(tr("Status"), _summary(rows, reports, done_words))
        self.host.to_front()


def _name(row: WerkmapRow) -> str:
    return row.provider or shown_path(Path(row.path).name)


def _which(rows: list[WerkmapRow]) -> str:
    if len(rows) == 1:
        return tr("de beoordeling van %1").replace("%1", _name(rows[0]))
    return tr("%1 beoordelingen").replace("%1", str(len(rows)))


def _summary(rows: list[WerkmapRow], reports: list[StepReport], done_words: str) -> str:
    done = [_name(row) for row, report in zip(rows, reports, strict=True) if report.done]
    failed = [f"• {_name(row)}: {report.problem}"
              for row, report in zip(rows, reports, strict=True) if not report.done]  # fmt: skip
    lines = []
    if done:
        lines.append(
            tr("%1 %2 en opgeslagen: %3.")
            .replace("%1", format_count(len(done), tr("beoordeling"), tr("beoordelingen")))
            .replace("%2", done_words)
            .replace("%3", format_list(done))
        )
    if failed:
        lines.append(
            tr("Niet gelukt bij %1:").replace(
                "%1", format_count(len(failed), tr("beoordeling"), tr("beoordelingen"))
            )
        )
        lines += failed
    return "\n".join(lines)
