"""The history as a hash chain: each event carries the SHA-256 of the event before it (``prev``)
and of the answers, status and decision after it together with the event itself (``state``),
over a canonical JSON form (sorted keys, no whitespace, UTF-8). Replaying the chain must give
what the file says; an edit outside the application to an old event, or to the answers, shows
as the first event that no longer matches. It proves nothing against someone who rewrites the
whole chain: the werkmap index remembers each file's head for that, and a purchaser's signature
(``signing``) names who wrote it.

Files from before the chain (bestandsversie 2) read as they are; their first save appends a
"gemigreerd" event and seals the history from there (``history.record`` and ``seal``).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any, Final, Literal

from pydantic_core import to_jsonable_python

from caresq_desk.core.model.assessment import Assessment, HistoryEvent

INITIAL_STATUS: Final = "concept"


# One encoder for every call: building one per call was a third of a werkmap's chain checks.
# The C encoder, called directly where Python has it, is a third faster again; its output is
# the same (a test holds the two equal).
_ENCODER: Final = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=to_jsonable_python
)
_C_ENCODER: Final = (
    c_make_encoder(None, to_jsonable_python, encode_basestring, None, ":", ",", True, False, True)
    if c_make_encoder is not None
    else None
)


def _dumps(value: Any) -> str:
    if _C_ENCODER is None:
        return _ENCODER.encode(value)
    return "".join(_C_ENCODER(value, 0))


def canonical(value: Any) -> bytes:
    """The one byte form a value is hashed in: sorted keys, no whitespace, UTF-8."""
    return _dumps(to_jsonable_python(value)).encode("utf-8")


def digest(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# The event's fields in the canonical form, built by hand: the werkmap checks thousands of files
# and pydantic's dump was most of the time. A test holds this equal to the model's own dump.
EVENT_FIELDS: Final = ("answers", "at", "by", "event", "field", "new", "old", "prev", "reason")


def _moment(at: datetime) -> str:
    """As pydantic writes it. The events of one save share their moment, and isoformat with
    pydantic's time zone was a tenth of checking a chain: cached per moment and offset (equal
    moments in other offsets are written differently)."""
    return _moment_text(at, at.utcoffset())


@functools.lru_cache(maxsize=1024)
def _moment_text(at: datetime, offset: timedelta | None) -> str:
    text = at.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _scalar(value: Any) -> str:
    """A field's canonical JSON; the common scalars without the encoder (a werkmap checks
    thousands of events, and most fields are None, a name or a number)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return float.__repr__(value)
    return _dumps(to_jsonable_python(value))


@functools.lru_cache(maxsize=256)
def _actor(name: str, role: str) -> str:
    """Who made an event, canonical: the same few people made every event of a werkmap."""
    return _dumps({"name": name, "role": role})


def _own_json(event: HistoryEvent) -> str:
    """The event without its ``state``, canonical: built as text, in the keys' sorted order."""
    by, answers = event.by, event.answers
    return (
        f'{{"answers":{"null" if answers is None else _dumps(answers)},'
        f'"at":"{_moment(event.at)}",'
        f'"by":{"null" if by is None else _actor(by.name, by.role)},'
        f'"event":{_scalar(event.event)},"field":{_scalar(event.field)},'
        f'"new":{_scalar(event.new)},"old":{_scalar(event.old)},'
        f'"prev":{_scalar(event.prev)},"reason":{_scalar(event.reason)}}}'
    )


def _with_state(own: str, state: Any) -> str:
    """The whole event: "state" sorts last, so it closes the object."""
    return f'{own[:-1]},"state":{_scalar(state)}}}'


def event_hash(event: HistoryEvent) -> str:
    """The hash of one event as written (its own ``prev`` and ``state`` included)."""
    return _sha256(_with_state(_own_json(event), event.state))


class State:
    """What the history says the file holds after an event."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}
        self.status = INITIAL_STATUS
        self.decision: dict[str, Any] | None = None

    def apply(self, event: HistoryEvent) -> None:
        if event.answers is not None:
            self.answers = dict(event.answers)
        elif event.event == "antwoord" and event.field is not None:
            if event.new is None:
                self.answers.pop(event.field, None)
            else:
                self.answers[event.field] = event.new
        elif event.event in ("status", "heropend") and event.field == "status":
            self.status = str(event.new)
        elif event.event == "besluit":
            self.decision = {
                "exception": event.new,
                "motivation": event.reason,
                "by": to_jsonable_python(event.by),
                "at": to_jsonable_python(event.at),
            }

    def state_of(self, own: str) -> str:
        """The ``state`` of an event (``own``: its canonical form without it): what holds after
        it, and the event itself, so an edit to any field is caught at that very event."""
        return _sha256(
            f'{{"answers":{_dumps(self.answers)},"decision":{_dumps(self.decision)},'
            f'"event":{own},"status":{_dumps(self.status)}}}'
        )

    def differs_from(self, assessment: Assessment) -> str:
        """What of the file does not match this state, in Dutch ('' when all of it does)."""
        parts = []
        if _dumps(self.answers) != _dumps(assessment.answers):
            parts.append("de antwoorden")
        if self.status != assessment.status:
            parts.append("de status")
        decision = assessment.decision
        if (self.decision is not None or decision is not None) and canonical(
            self.decision
        ) != canonical(decision):
            parts.append("het besluit")
        return " en ".join(", ".join(parts).rsplit(", ", 1))


def is_sealed(event: HistoryEvent) -> bool:
    return event.prev is not None or event.state is not None


def seal(assessment: Assessment) -> Assessment:
    """The assessment with every event after the last sealed one sealed (all of them when none
    is): the step before each save. Never changes an event that is already sealed, so an edit
    outside the application stays visible."""
    events = list(assessment.history)
    if not events and (assessment.answers or assessment.status != INITIAL_STATUS):
        # Made without the application's history (an example, a file typed by hand).
        events = [
            HistoryEvent(
                at=datetime.now().astimezone().replace(microsecond=0),
                by=assessment.made_by,
                event="aangemaakt",
                answers=dict(assessment.answers),
            )
        ]
    sealed = [i for i, event in enumerate(events) if is_sealed(event)]
    start = sealed[-1] + 1 if sealed else 0
    if start == len(events):
        return assessment.model_copy(update={"history": events})
    state = State()
    previous: str | None = None
    for index, event in enumerate(events):
        state.apply(event)
        if index >= start:
            event = event.model_copy(update={"prev": previous})
            event = event.model_copy(update={"state": state.state_of(_own_json(event))})
            events[index] = event
        previous = event_hash(event)
    return assessment.model_copy(update={"history": events})


ChainKind = Literal["beveiligd", "ouder", "gewijzigd"]


@dataclass(frozen=True)
class ChainCheck:
    """The chain checked against the file. ``first_bad`` is the 0-based index of the first event
    that does not match (``len(history)``: the file's own answers, status or decision differ
    from the last event); ``hashes`` are the events' hashes, the last one the head."""

    kind: ChainKind
    first_bad: int | None = None
    problem: str = ""
    hashes: tuple[str, ...] = ()

    @property
    def head(self) -> str | None:
        return self.hashes[-1] if self.hashes else None

    @property
    def changed(self) -> bool:
        return self.kind == "gewijzigd"

    def describe(self) -> str:
        """One line for the window, the werkmap, Excel and the report ('' when all holds)."""
        if self.kind == "ouder":
            return "geschiedenis nog niet beveiligd (bestand van een eerdere versie)"
        if self.kind == "beveiligd":
            return ""
        return f"gewijzigd buiten de toepassing: {self.problem}"


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and not value.strip("0123456789abcdef")


def _event_name(index: int, event: HistoryEvent) -> str:
    return f"gebeurtenis {index + 1} ('{event.event}' van {event.at.date().isoformat()})"


def _links_hold(events: list[HistoryEvent]) -> tuple[tuple[str, ...], State] | None:
    """The events' hashes when every event is sealed, each links to the one before and the
    last one's state holds; None when anything does not (then ``check_chain`` looks at each).

    Enough to see any change to a sealed history: each event, its state included, is bound by
    the next one's link, and the last by its own state. The werkmap checks thousands of files,
    so the states in between are only recomputed to name the first event that fails."""
    hashes: list[str] = []
    previous = None
    own = ""
    for event in events:
        if event.prev != previous or not _is_hash(event.state):
            return None
        own = _own_json(event)
        previous = _sha256(_with_state(own, event.state))
        hashes.append(previous)
    if not events or events[0].prev is not None:
        return None
    state = State()
    for event in events:
        state.apply(event)
    return (tuple(hashes), state) if events[-1].state == state.state_of(own) else None


def check_chain(assessment: Assessment) -> ChainCheck:
    """Replay the history and compare every link and state with what it says."""
    events = assessment.history
    fast = _links_hold(events)
    if fast is not None and not fast[1].differs_from(assessment):
        return ChainCheck("beveiligd", hashes=fast[0])
    state = State()
    hashes: list[str] = []
    problem = ""
    first_bad: int | None = None
    chained = False
    for index, event in enumerate(events):
        state.apply(event)
        own = _own_json(event)
        hashes.append(_sha256(_with_state(own, event.state)))
        if not is_sealed(event):
            if chained and first_bad is None:
                first_bad, problem = index, f"{_event_name(index, event)} heeft geen controlegetal"
            continue
        chained = True
        if first_bad is not None:
            continue
        expected = hashes[index - 1] if index else None
        why = ""
        if not (event.prev is None or _is_hash(event.prev)):
            why = "het veld 'prev' is geen geldig controlegetal"
        elif not _is_hash(event.state):
            why = "het veld 'state' ontbreekt of is geen geldig controlegetal"
        elif event.prev != expected:
            why = "sluit niet aan op de gebeurtenis ervoor (die is gewijzigd of weggehaald)"
        elif event.state != state.state_of(own):
            why = "de gebeurtenis of wat erna gold is gewijzigd"
        if why:
            first_bad, problem = index, f"{_event_name(index, event)}: {why}"
    if first_bad is None:
        differs = state.differs_from(assessment)
        if differs and not events and assessment.read_version < 3:
            return ChainCheck("ouder")
        if differs:
            first_bad = len(events)
            problem = (
                f"{differs} in het bestand wijken af van de laatste gebeurtenis"
                if events
                else f"{differs} staan in het bestand zonder geschiedenis"
            )
        elif not chained and events and assessment.read_version < 3:
            return ChainCheck("ouder", hashes=tuple(hashes))
        elif not chained and events:
            first_bad, problem = 0, "de geschiedenis heeft geen controlegetallen"
    if first_bad is not None:
        return ChainCheck("gewijzigd", first_bad, problem, tuple(hashes))
    return ChainCheck("beveiligd", hashes=tuple(hashes))
