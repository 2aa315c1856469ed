"""Conditions: the small, declarative rule language of the policy files.

A condition is a tree of TOML tables such as ``{ q = "behandelindex", le = 150 }`` or
``{ all = [ ... ] }``. The loader parses it once into the node classes below; the engine then
evaluates the nodes with three-valued logic: True (met), False (not met) and None (cannot be
decided because an answer is missing). Nothing in a policy file is ever executed as code.

Every leaf writes what it read and what it compared with into a ``Trace``, so each outcome can be
explained ("behandelindex: 163 (voorwaarde: ten hoogste 150)").
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, Final

from caresq_desk.core.common import texts
from caresq_desk.core.common.formatting import format_alternatives, format_number, format_value
from caresq_desk.core.common.pickling import TRANSIENT, rebuilt_by_init

State = bool | None
ROW_MEMO_LIMIT = 10_000

COMPARE_OPS = ("eq", "ne", "lt", "le", "gt", "ge")
ORDER_OPS = ("lt", "le", "gt", "ge")
SET_OPS = ("in", "not_in", "prefix_in", "contains", "subset_of", "intersects")
LEAF_OPS = (*COMPARE_OPS, *SET_OPS, "answered")

# Which operators make sense for which kind of value.
OPS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "ja_nee": ("eq", "ne", "answered"),
    "getal": (*COMPARE_OPS, "answered"),
    "percentage": (*COMPARE_OPS, "answered"),
    "datum": (*COMPARE_OPS, "answered"),
    "keuze": ("eq", "ne", "in", "not_in", "answered"),
    "meerkeuze": ("contains", "subset_of", "intersects", "answered"),
    "tekst": ("eq", "ne", "in", "not_in", "prefix_in", "answered"),
    "tabel": ("answered",),
}


class ConditionError(ValueError):
    """A condition in a policy file that cannot be understood; the message says why."""


@rebuilt_by_init
@dataclass(frozen=True, slots=True)
class FieldInfo:
    """What the condition parser needs to know about a field it may read."""

    id: str
    type: str
    label: str
    unit: str | None = None
    option_labels: Mapping[str, str] = field(default_factory=dict)
    columns: Mapping[str, FieldInfo] = field(default_factory=dict)
    row_label: str = "Rij"
    # The value of a "none of these" option that cannot be chosen together with others.
    exclusive_option: str | None = None


class Context:
    """The values one evaluation reads: answers, provider fields, the date and the route."""

    __slots__ = ("answers", "route", "row")

    def __init__(self, answers: Mapping[str, Any], route: str | None = None) -> None:
        self.answers = answers
        self.route = route
        self.row: Mapping[str, Any] | None = None


class Trace:
    """Collects evidence lines and the first value of each placeholder fact.

    ``terse`` traces (used per table row) record only what was read, not the whole rule, so a
    row's explanation does not repeat a long list for every row. ``facts_only`` traces skip
    the evidence lines that take formatting: a hint quotes facts, never evidence.
    """

    __slots__ = ("evidence", "facts", "facts_only", "terse")

    def __init__(self, terse: bool = False, facts_only: bool = False) -> None:
        self.evidence: list[tuple[State, str]] = []
        self.facts: dict[str, str] = {}
        self.terse = terse
        self.facts_only = facts_only

    def fact(self, name: str, value: str) -> None:
        self.facts.setdefault(name, value)


class Node:
    """A parsed condition. ``evaluate`` with a Trace explains itself; with None it only decides
    (the fast path for applicability and routes, where no explanation is shown)."""

    def evaluate(self, ctx: Context, trace: Trace | None) -> State:
        raise NotImplementedError

    def fields(self) -> set[str]:
        return set()

    def routes(self) -> set[str]:
        return set()


@rebuilt_by_init
@dataclass(frozen=True, slots=True, eq=False)
class AllOf(Node):
    items: tuple[Node, ...]

    def evaluate(self, ctx: Context, trace: Trace | None) -> State:
        # Every item is evaluated, not short-circuited, so the explanation is complete.
        if trace is None:
            states = [item.evaluate(ctx, None) for item in self.items]
        else:
            states = _evaluate_with_facts(self.items, ctx, trace, FAILED_FIRST)
        if False in states:
            return False
        return None if None in states else True

    def fields(self) -> set[str]:
        return set().union(*(item.fields() for item in self.items))

    def routes(self) -> set[str]:
        return set().union(*(item.routes() for item in self.items))


# The order in which the items of a condition give the facts a text quotes (the first value of
# each fact counts): what decided it first, an open item last, which only quotes its limit, so a
# text names the limit of a part still open whatever else the provider failed on.
FAILED_FIRST: Final = {False: 0, True: 1, None: 2}  # all: what fails is why
MET_FIRST: Final = {True: 0, False: 1, None: 2}  # any: what is met is why


def _evaluate_with_facts(
    items: tuple[Node, ...], ctx: Context, trace: Trace, order: Mapping[State, int]
) -> list[State]:
    """Evaluate every item; the facts a text quotes come first from the item that decides, so
    "ingevuld: 30 uur" quotes the answer that is wrong, not the first one read."""
    outer = trace.facts
    states: list[State] = []
    collected: list[dict[str, str]] = []
    for item in items:
        trace.facts = {}
        states.append(item.evaluate(ctx, trace))
        collected.append(trace.facts)
    trace.facts = outer
    for index in sorted(range(len(items)), key=lambda index: order[states[index]]):
        for name, value in collected[index].items():
            trace.fact(name, value)
    return states


@rebuilt_by_init
@dataclass(frozen=True, slots=True, eq=False)
class AnyOf(Node):
    items: tuple[Node, ...]

    def evaluate(self, ctx: Context, trace: Trace | None) -> State:
        if trace is None:
            states = [item.evaluate(ctx, None) for item in self.items]
        else:
            states = _evaluate_with_facts(self.items, ctx, trace, MET_FIRST)
        if True in states:
            return True
        return None if None in states else False

    def fields(self) -> set[str]:
        return set().union(*(item.fields() for item in self.items))

    def routes(self) -> set[str]:
        return set().union(*(item.routes() for item in self.items))


@rebuilt_by_init
@dataclass(frozen=True, slots=True, eq=False)
class Not(Node):
    item: Node

    def evaluate(self, ctx: Context, trace: Trace | None) -> State:
        state = self.item.evaluate(ctx, trace)
        return None if state is None else not state

    def fields(self) -> set[str]:
        return self.item.fields()

    def routes(self) -> set[str]:
        return self.item.routes()


@rebuilt_by_init
@dataclass(frozen=True, slots=True, eq=False)
class RouteIs(Node):
    route_ids: frozenset[str]

    def evaluate(self, ctx: Context, trace: Trace | None) -> State:
        return None if ctx.route is None else ctx.route in self.route_ids

    def routes(self) -> set[str]:
        return set(self.route_ids)


def _prefix_in(value: Any, prefixes: tuple[str, ...]) -> bool:
    return str(value).startswith(prefixes)


def _subset_of(value: Any, allowed: frozenset[Any]) -> bool:
    return bool(value) and allowed.issuperset(value)


def _intersects(value: Any, wanted: frozenset[Any]) -> bool:
    return not wanted.isdisjoint(value)


# Named functions, not lambdas: a compiled policy is pickled into the start-up cache
# (core/policy/cache.py), and pickle finds a function by its name.
def _in(value: Any, operand: Any) -> bool:
    return value in operand


def _not_in(value: Any, operand: Any) -> bool:
    return value not in operand


def _contains(value: Any, operand: Any) -> bool:
    return operand in value


# Each operator as a function of (answer, operand), chosen once when the condition is parsed.
COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": _in,
    "not_in": _not_in,
    "prefix_in": _prefix_in,
    "contains": _contains,
    "subset_of": _subset_of,
    "intersects": _intersects,
}


@rebuilt_by_init
@dataclass(frozen=True, slots=True, eq=False)
class Compare(Node):
    field_id: str
    in_row: bool
    op: str
    operand: Any
    info: FieldInfo
    operand_text: str
    test: Callable[[Any, Any], bool] = field(init=False)

    def __post_init__(self) -> None:
        if self.op != "answered":
            object.__setattr__(self, "test", COMPARATORS[self.op])

    def evaluate(self, ctx: Context, trace: Trace | None) -> State:
        if self.in_row:
            value = None if ctx.row is None else ctx.row.get(self.field_id)
        else:
            value = ctx.answers.get(self.field_id)
        if trace is None and value is not None and self.op != "answered":
            return bool(self.test(value, self.operand))  # the fast path: decide only
        label = self.info.label
        if self.op == "answered":
            state = (value is not None) == self.operand
            if trace is not None:
                trace.evidence.append((state, f"{label}: {self._show(value)}"))
            return state
        if value is None:
            if trace is not None:
                if self.info.type != "ja_nee":
                    # The limit is known without an answer; the answer is quoted as missing.
                    trace.fact("limit", self.operand_text)
                    trace.fact("value", texts.NOT_ANSWERED)
                trace.evidence.append((None, f"{label}: {texts.NOT_ANSWERED}"))
            return None
        state = bool(self.test(value, self.operand))
        if trace is None:
            return state
        shown = self._show(value)
        trace.fact("field", label)
        if not isinstance(value, bool):
            # A yes/no answer says nothing worth quoting in a text; numbers and lists do.
            trace.fact("value", shown)
            trace.fact("limit", self.operand_text)
        if isinstance(value, list) and self.op in ("intersects", "subset_of"):
            # What counts and what does not, so a text can name both ("telt niet mee: ...").
            inside = [item for item in value if item in self.operand]
            outside = [item for item in value if item not in self.operand]
            trace.fact("matching", self._show(inside) if inside else texts.NONE_WORD)
            others = texts.OTHERS_NOTE.format(items=self._show(outside)) if outside else ""
            trace.fact("others", others)
        if self.op in ORDER_OPS and not isinstance(value, date):
            trace.fact("diff", format_number(abs(value - self.operand)))
        if trace.facts_only:
            return state
        if trace.terse and self.op in SET_OPS:
            trace.evidence.append((state, f"{label}: {shown}"))
            return state
        prefix = texts.REQUIRED_PREFIX if isinstance(value, bool) else texts.CONDITION_PREFIX
        phrases = texts.DATE_OPERATOR_PHRASES if isinstance(value, date) else texts.OPERATOR_PHRASES
        phrase = "" if isinstance(value, bool) else phrases[self.op] + " "
        trace.evidence.append((state, f"{label}: {shown} ({prefix}: {phrase}{self.operand_text})"))
        return state

    def _show(self, value: Any) -> str:
        labels = self.info.option_labels
        if labels and isinstance(value, str):
            return labels.get(value, value)
        if labels and isinstance(value, list):
            return format_value([labels.get(item, item) for item in value])
        return format_value(value, self.info.unit)

    def fields(self) -> set[str]:
        return set() if self.in_row else {self.field_id}


@rebuilt_by_init
@dataclass(frozen=True, slots=True, eq=False)
class Share(Node):
    """The share of table rows (or of a counted total) that meets a row condition."""

    rows: FieldInfo | None
    where: Node | None
    count: FieldInfo | None
    total: FieldInfo | None
    unit: str
    op: str
    limit: Fraction
    # Row values -> (counts?, why not). Rows repeat across practices, and so do their
    # explanations; "why not" is made when an explanation first needs it ('' until then).
    row_memo: dict[tuple[Any, ...], tuple[State, str]] = field(
        default_factory=dict, repr=False, metadata=TRANSIENT
    )
    # The limit as a text reads it, made once.
    limit_text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "limit_text", format_value(self.limit, "%"))

    def _from_rows(self, ctx: Context, trace: Trace | None) -> tuple[int, int] | None:
        assert self.rows is not None and self.where is not None
        rows = ctx.answers.get(self.rows.id)
        if rows is None:
            return None
        counted = 0
        undecided = False
        row_ctx = Context(ctx.answers, ctx.route)
        memo = self.row_memo
        explain = trace is not None and not trace.facts_only
        for number, row in enumerate(rows, start=1):
            key = tuple(row.values())
            found = memo.get(key)
            if found is None:
                row_ctx.row = row
                found = (self.where.evaluate(row_ctx, None), "")
                if len(memo) >= ROW_MEMO_LIMIT:
                    memo.clear()
                memo[key] = found
            state, why = found
            if state:
                counted += 1
            elif state is None:
                undecided = True
            elif explain:
                if not why:
                    row_ctx.row = row
                    why = self._why_not(row_ctx)
                    memo[key] = (state, why)
                line = texts.ROW_NOT_COUNTED.format(row=self.rows.row_label, n=number, why=why)
                trace.evidence.append((False, line))  # type: ignore[union-attr]
        if undecided:
            return None
        return counted, len(rows)

    def _why_not(self, row_ctx: Context) -> str:
        """What a row that does not count fails on, from a terse trace of its condition."""
        assert self.where is not None
        row_trace = Trace(terse=True)
        self.where.evaluate(row_ctx, row_trace)
        return "; ".join(text for ok, text in row_trace.evidence if ok is False)

    def _from_counts(self, ctx: Context) -> tuple[int, int] | None:
        assert self.count is not None and self.total is not None
        counted = ctx.answers.get(self.count.id)
        total = ctx.answers.get(self.total.id)
        if counted is None or total is None:
            return None
        return int(counted), int(total)

    def evaluate(self, ctx: Context, trace: Trace | None) -> State:
        use_rows = self.rows is not None and ctx.answers.get(self.rows.id) is not None
        numbers = self._from_rows(ctx, trace) if use_rows else None
        if not use_rows and self.count is not None:
            numbers = self._from_counts(ctx)
        if numbers is None or numbers[1] <= 0:
            if trace is not None:
                trace.evidence.append((None, f"{self.unit}: {texts.NOT_ANSWERED}"))
            return None
        counted, total = numbers
        # counted / total against limit / 100, in whole numbers: exact, and without Fraction.
        numerator, denominator = self.limit.numerator, self.limit.denominator
        state = bool(COMPARATORS[self.op](counted * 100 * denominator, numerator * total))
        if trace is None:
            return state
        short = numerator * total - 100 * denominator * counted  # x 1 / (100 * denominator)
        needed = max(0, -(-short // (100 * denominator)))
        share_text = format_value(counted * 100 / total, "%")
        limit_text = self.limit_text
        for name, value in (
            ("value", share_text),
            ("share", share_text),
            ("limit", limit_text),
            ("count", str(counted)),
            ("total", str(total)),
            ("needed", str(needed)),
        ):
            trace.fact(name, value)
        if trace.facts_only:
            return state
        source = texts.SHARE_SOURCE_ROWS if use_rows else texts.SHARE_SOURCE_COUNTS
        line = texts.SHARE_EVIDENCE.format(
            count=counted,
            total=total,
            unit=self.unit,
            share=share_text,
            phrase=texts.OPERATOR_PHRASES[self.op],
            limit=limit_text,
        )
        trace.evidence.insert(0, (state, f"{line} ({source})"))
        return state

    def fields(self) -> set[str]:
        found = {info.id for info in (self.rows, self.count, self.total) if info is not None}
        return found


Resolver = Callable[[str], FieldInfo | None]


class ConditionParser:
    """Turns raw TOML tables into nodes, checking every reference against the policy."""

    def __init__(
        self,
        resolve_field: Resolver,
        lists: Mapping[str, list[str]],
        named: Mapping[str, Any],
        route_ids: set[str],
    ) -> None:
        self._resolve_field = resolve_field
        self._lists = lists
        self._named = named
        self._route_ids = route_ids
        self._expanding: list[str] = []

    def parse(self, raw: Any, row: FieldInfo | None = None) -> Node:
        if not isinstance(raw, dict) or not raw:
            raise ConditionError(f"een voorwaarde moet een tabel zijn, niet {raw!r}")
        heads = [key for key in ("all", "any", "not", "ref", "route", "share", "q") if key in raw]
        if len(heads) != 1:
            raise ConditionError(
                "een voorwaarde heeft precies één van all, any, not, ref, route, share of q; "
                f"gevonden: {sorted(raw)}"
            )
        head = heads[0]
        if head in ("all", "any"):
            self._only(raw, {head})
            items = raw[head]
            if not isinstance(items, list) or not items:
                raise ConditionError(f"'{head}' verwacht een niet-lege lijst voorwaarden")
            nodes = tuple(self.parse(item, row) for item in items)
            return AllOf(nodes) if head == "all" else AnyOf(nodes)
        if head == "not":
            self._only(raw, {"not"})
            return Not(self.parse(raw["not"], row))
        if head == "ref":
            self._only(raw, {"ref"})
            return self._ref(raw["ref"], row)
        if head == "route":
            self._only(raw, {"route"})
            return self._route(raw["route"])
        if head == "share":
            return self._share(raw)
        return self._leaf(raw, row)

    @staticmethod
    def _only(raw: dict[str, Any], allowed: set[str]) -> None:
        extra = set(raw) - allowed
        if extra:
            raise ConditionError(f"onbekende sleutel(s) in voorwaarde: {', '.join(sorted(extra))}")

    def _ref(self, name: Any, row: FieldInfo | None) -> Node:
        if name not in self._named:
            raise ConditionError(f"onbekende benoemde voorwaarde '{name}'")
        if name in self._expanding:
            chain = " -> ".join([*self._expanding, name])
            raise ConditionError(f"benoemde voorwaarden verwijzen in een kring: {chain}")
        self._expanding.append(name)
        try:
            return self.parse(self._named[name], row)
        finally:
            self._expanding.pop()

    def _route(self, value: Any) -> Node:
        ids = [value] if isinstance(value, str) else value
        if not isinstance(ids, list) or not ids:
            raise ConditionError("'route' verwacht een route-id of een lijst route-id's")
        unknown = [route for route in ids if route not in self._route_ids]
        if unknown:
            raise ConditionError(f"onbekende route(s): {', '.join(map(str, unknown))}")
        return RouteIs(frozenset(ids))

    def _single_op(self, raw: dict[str, Any], allowed: tuple[str, ...], head: str) -> str:
        ops = [key for key in raw if key != head]
        if len(ops) != 1 or ops[0] not in allowed:
            raise ConditionError(
                f"'{head}' verwacht precies één vergelijking uit {', '.join(allowed)}; "
                f"gevonden: {', '.join(ops) or 'geen'}"
            )
        return ops[0]

    def _operand_list(self, value: Any) -> tuple[Any, ...]:
        if isinstance(value, str) and value.startswith("@"):
            name = value[1:]
            if name not in self._lists:
                raise ConditionError(f"onbekende lijst '{value}'")
            return tuple(self._lists[name])
        if not isinstance(value, list) or not value:
            raise ConditionError(f"verwacht een niet-lege lijst of @lijstnaam, niet {value!r}")
        return tuple(value)

    def _leaf(self, raw: dict[str, Any], row: FieldInfo | None) -> Node:
        field_id = raw["q"]
        in_row = row is not None and field_id in row.columns
        info = row.columns[field_id] if in_row and row else self._resolve_field(field_id)
        if info is None:
            raise ConditionError(f"onbekende vraag '{field_id}'")
        op = self._single_op(raw, LEAF_OPS, "q")
        if op not in OPS_BY_TYPE[info.type]:
            raise ConditionError(
                f"vergelijking '{op}' past niet bij vraag '{field_id}' van type {info.type}"
            )
        operand = raw[op]
        if op == "answered":
            if not isinstance(operand, bool):
                raise ConditionError("'answered' verwacht true of false")
            return Compare(field_id, in_row, op, operand, info, "")
        if op in SET_OPS and op != "contains":
            items = self._operand_list(operand)
            self._check_options(info, items)
            shown = [info.option_labels.get(item, item) for item in items]
            operand_set: Any = frozenset(items) if op != "prefix_in" else tuple(map(str, items))
            # "one of 04, 05 of 90"; only subset_of lists a whole set ("alleen uit a, b en c").
            text = format_value(shown) if op == "subset_of" else format_alternatives(shown)
            return Compare(field_id, in_row, op, operand_set, info, text)
        self._check_scalar(info, op, operand)
        if isinstance(operand, str):
            self._check_options(info, (operand,))
        shown = info.option_labels.get(operand, operand) if isinstance(operand, str) else operand
        return Compare(field_id, in_row, op, operand, info, format_value(shown, info.unit))

    @staticmethod
    def _check_scalar(info: FieldInfo, op: str, operand: Any) -> None:
        expected: tuple[type, ...] = {
            "ja_nee": (bool,),
            "getal": (int, float),
            "percentage": (int, float),
            "datum": (date,),
        }.get(info.type, (str,))
        if op == "contains":
            expected = (str,)
        if isinstance(operand, bool) and bool not in expected:
            expected = ()
        if not isinstance(operand, expected):
            raise ConditionError(
                f"vergelijking met vraag '{info.id}' ({info.type}) verwacht een andere waarde "
                f"dan {operand!r}"
            )

    @staticmethod
    def _check_options(info: FieldInfo, items: tuple[Any, ...]) -> None:
        if not info.option_labels:
            return
        unknown = [item for item in items if item not in info.option_labels]
        if unknown:
            raise ConditionError(
                f"vraag '{info.id}' kent de optie(s) {', '.join(map(repr, unknown))} niet"
            )

    def _share(self, raw: dict[str, Any]) -> Node:
        spec = raw["share"]
        if not isinstance(spec, dict):
            raise ConditionError("'share' verwacht een tabel")
        self._only(spec, {"rows", "where", "count", "total", "unit"})
        op = self._single_op(raw, ORDER_OPS, "share")
        limit = raw[op]
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            raise ConditionError("de grens van een aandeel is een percentage (getal)")
        rows = where = count = total = None
        if "rows" in spec:
            rows = self._resolve_field(spec["rows"])
            if rows is None or rows.type != "tabel":
                raise ConditionError(f"'rows' moet een vraag van type tabel zijn: {spec['rows']!r}")
            if "where" not in spec:
                raise ConditionError("'share' met 'rows' heeft ook 'where' nodig")
            where = self.parse(spec["where"], rows)
        if ("count" in spec) != ("total" in spec):
            raise ConditionError("'share' heeft 'count' en 'total' samen nodig")
        if "count" in spec:
            count = self._resolve_field(spec["count"])
            total = self._resolve_field(spec["total"])
            for name, info in (("count", count), ("total", total)):
                if info is None or info.type != "getal":
                    raise ConditionError(f"'{name}' moet een vraag van type getal zijn")
        if rows is None and count is None:
            raise ConditionError("'share' heeft 'rows' en/of 'count' met 'total' nodig")
        unit = spec.get("unit", "")
        return Share(rows, where, count, total, str(unit), op, Fraction(str(limit)))
