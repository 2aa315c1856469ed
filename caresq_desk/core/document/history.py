"""The history in an assessment file: append-only, one event per thing that happened.

Saving compares the file as it was read with what is saved now and appends an event for each
changed answer (old and new value), each changed provider field, and the status and decision
changes the user made. Replaying the history over an empty assessment gives the current answers
(``replay``); a file edited outside the application gets a "hersteld" snapshot so that stays true.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from caresq_desk.core.common import texts
from caresq_desk.core.common.formatting import format_value
from caresq_desk.core.common.limits import shorten
from caresq_desk.core.document.chain import is_sealed
from caresq_desk.core.model.assessment import (
    STATUS_LABELS,
    Actor,
    Assessment,
    Decision,
    HistoryEvent,
    Status,
)
from caresq_desk.core.model.result import EXCEPTION_VERDICTS
from caresq_desk.core.rules.roles import ROLE_PROVIDER

# The provider fields a history event names (the notes are recorded as changed, not copied:
# they may be long and are the purchaser's own).
PROVIDER_FIELDS = ("name", "agb_code", "location")
NEXT_STATUS: dict[str, Status] = {"concept": "ter_controle", "ter_controle": "vastgesteld"}


class StatusError(ValueError):
    """A status change the workflow does not allow, with the reason in Dutch."""


def now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def replay(events: list[HistoryEvent], until: int | None = None) -> dict[str, Any]:
    """The answers the history describes (after the first ``until`` events, or all)."""
    answers: dict[str, Any] = {}
    for event in events[:until]:
        if event.answers is not None:
            answers = dict(event.answers)
        elif event.event == "antwoord" and event.field is not None:
            if event.new is None:
                answers.pop(event.field, None)
            else:
                answers[event.field] = event.new
    return answers


def migrate_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2: status, decision and history did not exist; the history starts here."""
    answers = raw.get("answers")
    event = {
        "at": now().isoformat(),
        "event": "gemigreerd",
        "answers": dict(answers) if isinstance(answers, dict) else {},
    }
    return raw | {"status": "concept", "history": [event]}


def _event(actor: Actor, at: datetime, kind: str, **fields: Any) -> HistoryEvent:
    return HistoryEvent.model_validate({"at": at, "by": actor, "event": kind, **fields})


def record(
    before: Assessment | None,
    after: Assessment,
    actor: Actor,
    at: datetime | None = None,
    confirmed: Collection[str] = (),
) -> Assessment:
    """``after`` with events for what changed since ``before`` (None: a new file) appended.
    ``confirmed``: answers the actor took over unchanged (a purchaser confirming what a provider
    claimed), recorded as theirs."""
    at = at or now()
    events = list(before.history if before is not None else after.history)
    made_by = before.made_by if before is not None else after.made_by
    if before is None and not events:
        events.append(_event(actor, at, "aangemaakt", answers={}))
        made_by = actor
    if made_by is not None and not made_by.name and actor.name and made_by.role == actor.role:
        # Started before the name was set: the first save that knows it fills it in.
        made_by = made_by.model_copy(update={"name": actor.name})
    old_answers = replay(events)
    if before is not None and old_answers != before.answers:
        # Changed by hand or by another program since the history was written: note what the
        # answers were when the application read them, so the replay stays exact.
        events.append(_event(actor, at, "hersteld", answers=dict(before.answers)))
        old_answers = dict(before.answers)
    if before is not None and before.read_version == 2 and not any(map(is_sealed, events)):
        # A file from before the chain: its history is sealed from this save on (a version-1
        # file's history starts at this reading, with its own "gemigreerd").
        events.append(_event(actor, at, "gemigreerd", reason=texts.CHAIN_STARTED))
    for key in sorted(old_answers.keys() | after.answers.keys()):
        old, new = old_answers.get(key), after.answers.get(key)
        if old != new or type(old) is not type(new) or (key in confirmed and new is not None):
            events.append(_event(actor, at, "antwoord", field=key, old=old, new=new))
    if before is not None:
        for name in PROVIDER_FIELDS:
            old, new = getattr(before.provider, name), getattr(after.provider, name)
            if old != new:
                events.append(_event(actor, at, "gegevens", field=f"provider.{name}", old=old,
                                     new=new))  # fmt: skip
        if before.assessment_date != after.assessment_date:
            events.append(
                _event(actor, at, "gegevens", field="assessment_date",
                       old=before.assessment_date.isoformat(),
                       new=after.assessment_date.isoformat())
            )  # fmt: skip
        if before.notes != after.notes:
            events.append(_event(actor, at, "gegevens", field="notes"))
    if before is not None and len(events) == len(before.history):
        return after.model_copy(update={"history": before.history, "made_by": made_by})
    return after.model_copy(update={"history": events, "made_by": made_by})


def advance(assessment: Assessment, actor: Actor, at: datetime | None = None) -> Assessment:
    """concept -> ter controle -> vastgesteld."""
    target = NEXT_STATUS.get(assessment.status)
    if target is None:
        raise StatusError("deze beoordeling is al vastgesteld; heropen haar om te wijzigen")
    return _set_status(assessment, target, actor, at or now(), "status")


def back_to_concept(assessment: Assessment, actor: Actor, at: datetime | None = None) -> Assessment:
    if assessment.status != "ter_controle":
        raise StatusError("alleen een beoordeling die ter controle ligt gaat terug naar concept")
    return _set_status(assessment, "concept", actor, at or now(), "status")


def reopen(
    assessment: Assessment, reason: str, actor: Actor, at: datetime | None = None
) -> Assessment:
    """A vastgesteld assessment back to concept; the reason is required and kept."""
    if assessment.status != "vastgesteld":
        raise StatusError("alleen een vastgestelde beoordeling kan worden heropend")
    if not reason.strip():
        raise StatusError("geef een reden op voor het heropenen")
    return _set_status(assessment, "concept", actor, at or now(), "heropend", reason.strip())


def _set_status(
    assessment: Assessment, status: Status, actor: Actor, at: datetime, kind: str, reason: str = ""
) -> Assessment:
    event = _event(actor, at, kind, field="status", old=assessment.status, new=status,
                   reason=reason)  # fmt: skip
    return assessment.model_copy(update={"status": status, "history": [*assessment.history, event]})


def decide(
    assessment: Assessment,
    exception: str,
    motivation: str,
    actor: Actor,
    at: datetime | None = None,
) -> Assessment:
    """The purchaser's decision on a possible exception, with its motivation."""
    if assessment.status == "vastgesteld":
        raise StatusError(
            "deze beoordeling is vastgesteld; heropen haar om het besluit te wijzigen"
        )
    if not motivation.strip():
        raise StatusError("geef een motivering bij het besluit")
    at = at or now()
    decision = Decision(exception=exception, motivation=motivation.strip(), by=actor, at=at)  # type: ignore[arg-type]
    old = assessment.decision.exception if assessment.decision else None
    event = _event(actor, at, "besluit", field="decision", old=old, new=exception,
                   reason=decision.motivation)  # fmt: skip
    return assessment.model_copy(
        update={"decision": decision, "history": [*assessment.history, event]}
    )


def provider_claims(assessment: Assessment) -> dict[str, Any] | None:
    """The answers as the provider last saved them, for a file a provider made (its
    self-check); None when no provider ever saved it."""
    last = None
    for index, event in enumerate(assessment.history):
        if event.by is not None and event.by.role == ROLE_PROVIDER:
            last = index
    return None if last is None else replay(assessment.history, last + 1)


def describe_actor(actor: Actor | None) -> str:
    if actor is None:
        return texts.ACTOR_UNKNOWN
    return f"{actor.name or texts.ACTOR_NO_NAME} ({texts.ACTOR_ROLES[actor.role]})"


def last_actor(assessment: Assessment) -> Actor | None:
    """Who last saved the file through the application (None: nobody known)."""
    return next((e.by for e in reversed(assessment.history) if e.by is not None), None)


def is_self_check(assessment: Assessment) -> bool:
    return assessment.made_by is not None and assessment.made_by.role == ROLE_PROVIDER


def describe_event(
    event: HistoryEvent, label: str = "", show: Callable[[Any], str] = format_value
) -> str:
    """One line of the history as the window shows it (without who and when); ``label`` and
    ``show`` name the question and show its values as the form does."""
    if event.event in ("aangemaakt", "gemigreerd", "hersteld"):
        return event.reason or texts.HISTORY_EVENTS[event.event]
    if event.event in ("status", "heropend"):
        old = STATUS_LABELS.get(str(event.old), str(event.old))
        new = STATUS_LABELS.get(str(event.new), str(event.new))
        if not event.reason:
            return texts.HISTORY_EVENTS["status"].format(old=old, new=new)
        return texts.HISTORY_EVENTS["heropend"].format(
            old=old.lower(), new=new.lower(), reason=event.reason
        )
    if event.event == "besluit":
        return texts.HISTORY_EVENTS["besluit"].format(new=event.new, reason=event.reason)
    if event.field == "notes":
        return texts.HISTORY_EVENTS["notes"]
    old = texts.NOT_ANSWERED if event.old in (None, "") else show(event.old)
    new = texts.NOT_ANSWERED if event.new in (None, "") else show(event.new)
    if event.event == "antwoord" and event.old == event.new:
        return texts.HISTORY_EVENTS["confirmed"].format(
            field=label or event.field or "", new=shorten(new, 80)
        )
    return texts.HISTORY_EVENTS["change"].format(
        field=label or event.field or "", old=shorten(old, 80), new=shorten(new, 80)
    )


def active_decision(decision: Decision | None, verdict: str) -> Decision | None:
    """The decision, while the policy leaves one (made or still open): a decision on an
    exception that is no longer possible (the answers changed) stays in the file but no longer
    counts. The engine puts a decision that counts into the verdict itself."""
    return decision if verdict in EXCEPTION_VERDICTS else None
